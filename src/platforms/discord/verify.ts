// Checks that an HTTP interaction really comes from Discord: an Ed25519 signature over
// timestamp + body with the application's public key, and a timestamp close to now (replays).
import { createPublicKey, type KeyObject, verify } from "node:crypto";

/** DER prefix of an SPKI Ed25519 public key; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
const HEX_KEY = /^[0-9a-f]{64}$/i;
const HEX_SIGNATURE = /^[0-9a-f]{128}$/i;
const UNIX_SECONDS = /^\d{1,12}$/;

export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export interface SignedRequest {
  readonly signature: string | undefined;
  readonly timestamp: string | undefined;
  readonly body: Buffer;
}

export type SignatureCheck = (request: SignedRequest, now: number) => boolean;

/** The KeyObject for the hex public key shown on the application's page. */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!HEX_KEY.test(hex.trim())) {
    throw new Error(
      "DISCORD_PUBLIC_KEY must be the 64 hex characters shown on the application page",
    );
  }
  const der = Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex.trim(), "hex")]);
  return createPublicKey({ key: der, format: "der", type: "spki" });
}

/**
 * Why the signature headers alone already fail (absent, malformed, stale or future timestamp),
 * checked before the body is read; undefined when only the signature itself is left to check.
 */
export function signatureHeaderProblem(
  signature: string | undefined,
  timestamp: string | undefined,
  now: number,
  maxSkewMs = MAX_CLOCK_SKEW_MS,
): string | undefined {
  if (signature === undefined || timestamp === undefined) return "no signature headers";
  if (!HEX_SIGNATURE.test(signature) || !UNIX_SECONDS.test(timestamp)) {
    return "malformed signature headers";
  }
  if (Math.abs(now - Number(timestamp) * 1000) > maxSkewMs) {
    return "timestamp outside the 5-minute window";
  }
  return undefined;
}

export function createSignatureCheck(
  publicKeyHex: string,
  maxSkewMs = MAX_CLOCK_SKEW_MS,
): SignatureCheck {
  const key = publicKeyFromHex(publicKeyHex);
  return ({ signature, timestamp, body }, now) => {
    if (signatureHeaderProblem(signature, timestamp, now, maxSkewMs) !== undefined) return false;
    if (signature === undefined || timestamp === undefined) return false;
    const signed = Buffer.concat([Buffer.from(timestamp, "utf8"), body]);
    return verify(null, signed, key, Buffer.from(signature, "hex"));
  };
}

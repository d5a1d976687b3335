// Slack request signing (v0): the HMAC-SHA256 signature over `v0:{timestamp}:{body}` and the
// timestamp window. Bolt only refuses timestamps that are too old; this refuses both directions,
// so a request signed "in the future" cannot be replayed for longer than the window.
import { createHmac, timingSafeEqual } from "node:crypto";

/** Slack's documented replay window. */
export const MAX_SKEW_SECONDS = 5 * 60;

export type SignatureCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: "missing" | "malformed" | "stale" | "future" | "mismatch";
    };

export interface SignedRequest {
  readonly signingSecret: string;
  /** The `x-slack-request-timestamp` header (epoch seconds). */
  readonly timestamp: string | undefined;
  /** The `x-slack-signature` header (`v0=` + hex). */
  readonly signature: string | undefined;
  /** The exact bytes of the body. */
  readonly body: Buffer | string;
  /** Epoch ms: the clock is injected so tests can sign at any time. */
  readonly now: number;
  readonly maxSkewSeconds?: number;
}

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`, as Slack signs requests. */
export function signSlackRequest(
  signingSecret: string,
  timestamp: string | number,
  body: Buffer | string,
): string {
  const hmac = createHmac("sha256", signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(body);
  return `v0=${hmac.digest("hex")}`;
}

export function verifySlackSignature(request: SignedRequest): SignatureCheck {
  const { timestamp, signature } = request;
  if (timestamp === undefined || signature === undefined || timestamp === "" || signature === "") {
    return { ok: false, reason: "missing" };
  }
  if (!/^\d{1,12}$/.test(timestamp) || !/^v0=[0-9a-f]{64}$/.test(signature)) {
    return { ok: false, reason: "malformed" };
  }
  const skew = Number(timestamp) - Math.floor(request.now / 1000);
  const max = request.maxSkewSeconds ?? MAX_SKEW_SECONDS;
  if (skew < -max) return { ok: false, reason: "stale" };
  if (skew > max) return { ok: false, reason: "future" };
  const expected = Buffer.from(signSlackRequest(request.signingSecret, timestamp, request.body));
  const given = Buffer.from(signature);
  // Both are `v0=` + 64 hex digits here, so the lengths match and the comparison is constant-time.
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: "mismatch" };
  }
  return { ok: true };
}

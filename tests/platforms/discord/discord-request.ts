// Interactions as Discord sends them over HTTP: a /sitrep admin subcommand from a guild member,
// signed with the application's Ed25519 key.
import { type KeyObject, sign } from "node:crypto";

/** The JSON body of `/sitrep <subcommand>` from an admin (permissions 32) in guild 777. */
export function sitrepAdminInteraction(
  id: string,
  subcommand: string,
  applicationId: string,
): string {
  return JSON.stringify({
    id,
    application_id: applicationId,
    type: 2,
    token: "interaction-token",
    version: 1,
    guild_id: "777",
    channel_id: "888",
    member: {
      user: { id: "555", username: "alice", discriminator: "0", global_name: null, avatar: null },
      roles: [],
      permissions: "32",
      joined_at: "2024-01-01T00:00:00.000Z",
      deaf: false,
      mute: false,
      flags: 0,
    },
    data: {
      id: "6001",
      name: "sitrep",
      type: 1,
      options: [{ name: subcommand, type: 1, options: [] }],
    },
  });
}

/** POSTs the body to the interactions endpoint on the port, signed with the key at `now` (ms). */
export function postSignedInteraction(
  port: number,
  body: string | Buffer,
  key: KeyObject,
  now: number,
): Promise<Response> {
  const ts = String(Math.floor(now / 1000));
  const signature = sign(null, Buffer.concat([Buffer.from(ts), Buffer.from(body)]), key);
  return fetch(`http://127.0.0.1:${port}/discord/interactions`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-signature-ed25519": signature.toString("hex"),
      "x-signature-timestamp": ts,
    },
    body,
  });
}

import { describe, expect, it } from "vitest";
import { signSlackRequest, verifySlackSignature } from "../../../src/platforms/slack/verify.ts";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const NOW = Date.parse("2024-11-30T12:00:00Z");
const TS = String(Math.floor(NOW / 1000));
const BODY = "token=x&team_id=T1&command=%2Ftoll&text=Saraqib";

function check(changes: Partial<Parameters<typeof verifySlackSignature>[0]> = {}) {
  return verifySlackSignature({
    signingSecret: SECRET,
    timestamp: TS,
    signature: signSlackRequest(SECRET, TS, BODY),
    body: BODY,
    now: NOW,
    ...changes,
  });
}

describe("signSlackRequest", () => {
  it("matches the example in Slack's documentation", () => {
    // https://api.slack.com/authentication/verifying-requests-from-slack
    const body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    expect(signSlackRequest(SECRET, "1531420618", body)).toBe(
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
    );
  });
});

describe("verifySlackSignature", () => {
  it("accepts a request signed with the secret at the current time", () => {
    expect(check()).toEqual({ ok: true });
  });

  it("accepts a Buffer body with the same bytes", () => {
    expect(check({ body: Buffer.from(BODY) })).toEqual({ ok: true });
  });

  it("refuses a signature made with another secret", () => {
    expect(check({ signature: signSlackRequest("other", TS, BODY) })).toEqual({
      ok: false,
      reason: "mismatch",
    });
  });

  it("refuses a body changed after signing", () => {
    expect(check({ body: `${BODY}&share=1` })).toMatchObject({ ok: false, reason: "mismatch" });
  });

  it("refuses missing headers", () => {
    expect(check({ signature: undefined })).toMatchObject({ reason: "missing" });
    expect(check({ timestamp: undefined })).toMatchObject({ reason: "missing" });
  });

  it("refuses headers that are not in Slack's format", () => {
    expect(check({ signature: "v1=abc" })).toMatchObject({ reason: "malformed" });
    expect(check({ timestamp: "soon" })).toMatchObject({ reason: "malformed" });
  });

  it("accepts timestamps up to 5 minutes off either way", () => {
    for (const skew of [-300, 300]) {
      const ts = String(Number(TS) + skew);
      expect(check({ timestamp: ts, signature: signSlackRequest(SECRET, ts, BODY) })).toEqual({
        ok: true,
      });
    }
  });

  it("refuses a correctly signed request more than 5 minutes old", () => {
    const ts = String(Number(TS) - 301);
    expect(check({ timestamp: ts, signature: signSlackRequest(SECRET, ts, BODY) })).toEqual({
      ok: false,
      reason: "stale",
    });
  });

  it("refuses a correctly signed request dated more than 5 minutes ahead", () => {
    const ts = String(Number(TS) + 301);
    expect(check({ timestamp: ts, signature: signSlackRequest(SECRET, ts, BODY) })).toEqual({
      ok: false,
      reason: "future",
    });
  });
});

// The Slack install flow as a browser walks it against the bot on loopback: GET /slack/install
// (the page with the Add to Slack link, and the state cookie), then GET /slack/oauth_redirect with
// a code, the state and the cookie sent back, the fake Slack answering oauth.v2.access.
import type { FakeSlack } from "./fake-slack.ts";

/** What Slack's oauth.v2.access answers for a bot install in `team` with `token`. */
export function botAccess(team: string, token: string): Record<string, unknown> {
  return {
    ok: true,
    app_id: "A1",
    authed_user: { id: "U-INSTALLER" },
    scope: "commands,chat:write,chat:write.public,users:read",
    token_type: "bot",
    access_token: token,
    bot_user_id: `UBOT-${team}`,
    team: { id: team, name: `Desk ${team}` },
    enterprise: null,
    is_enterprise_install: false,
  };
}

export interface WalkedInstall {
  /** The Add to Slack link of the install page. */
  readonly link: URL;
  /** The state cookie's value. */
  readonly state: string | undefined;
  /** The redirect's answer. */
  readonly status: number;
  readonly page: string;
}

export async function walkInstall(
  base: string,
  fake: FakeSlack,
  access: Record<string, unknown>,
  code = "install-code",
): Promise<WalkedInstall> {
  const page = await fetch(`${base}/slack/install`);
  const cookie = page.headers.get("set-cookie") ?? "";
  const state = /slack-app-oauth-state=([^;]+)/.exec(cookie)?.[1];
  const html = await page.text();
  const href = /href="(https:\/\/slack\.com\/[^"]+)"/.exec(html)?.[1] ?? "https://invalid/";
  const link = new URL(href.replaceAll("&amp;", "&"));
  fake.script("oauth.v2.access", { body: access });
  const back = await fetch(
    `${base}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state ?? "")}`,
    { headers: { cookie: `slack-app-oauth-state=${state ?? ""}` } },
  );
  return { link, state, status: back.status, page: await back.text() };
}

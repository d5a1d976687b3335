// Slack in many workspaces over Socket Mode: the install flow is served on PORT by the bot's own
// server (no public events URL needed), a slash-command envelope from the installed workspace is
// answered, one from a workspace with no installation is told so, and a post to the installed
// workspace's channel goes out with its own token.
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import type { Answer } from "../../../src/answer/model.ts";
import { type SlackRuntime, startSlack } from "../../../src/platforms/slack/start.ts";
import {
  createMemoryInstallationRepo,
  type InstallationRepo,
} from "../../../src/state/installations.ts";
import { chatStore, testCore } from "../../fixtures/briefs.ts";
import { type FakeSlack, startFakeSlack } from "./fake-slack.ts";
import { botAccess, walkInstall } from "./oauth-flow.ts";

const TOKEN_A = "xoxb-socket-team-a";

describe("Slack in many workspaces over Socket Mode", () => {
  let fake: FakeSlack;
  let wss: WebSocketServer;
  let socket: WebSocket;
  let slack: SlackRuntime;
  let installations: InstallationRepo;
  let envelopes = 0;

  beforeAll(async () => {
    fake = await startFakeSlack();
    wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await once(wss, "listening");
    fake.socketUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`;
    const connected = new Promise<void>((resolve) => {
      wss.on("connection", (ws) => {
        socket = ws;
        ws.send(JSON.stringify({ type: "hello", num_connections: 1 }));
        resolve();
      });
    });
    installations = createMemoryInstallationRepo();
    const store = chatStore();
    slack = await startSlack({
      oauth: { clientId: "1111.2222", clientSecret: "secret", stateSecret: "state-secret" },
      installations,
      appToken: "xapp-test",
      apiUrl: fake.apiUrl,
      allowedTeams: [],
      adminUsers: [],
      port: 0,
      host: "127.0.0.1",
      getStore: () => store,
      core: testCore(store),
      now: () => Date.parse("2024-11-30T12:00:00Z"),
      logger: pino({ level: "silent" }),
    });
    await connected;
  });

  afterAll(async () => {
    await slack?.stop();
    for (const client of wss?.clients ?? []) client.terminate();
    await new Promise((resolve) => wss?.close(resolve));
    await fake?.close();
  });

  /** A /sources envelope from `team`; resolves with what reached its response_url. */
  async function askSources(team: string): Promise<string> {
    const responseUrl = fake.responseUrl();
    socket.send(
      JSON.stringify({
        envelope_id: `env-${++envelopes}`,
        type: "slash_commands",
        accepts_response_payload: true,
        payload: {
          team_id: team,
          channel_id: `C-${team}`,
          user_id: "U1",
          command: "/sources",
          text: "",
          api_app_id: "A1",
          response_url: responseUrl,
          trigger_id: `trigger-${envelopes}`,
        },
      }),
    );
    return JSON.stringify(await fake.responseTo(responseUrl));
  }

  it("serves the install flow on its own port and stores the installation", async () => {
    expect(slack.port).toBeGreaterThan(0);
    const walked = await walkInstall(
      `http://127.0.0.1:${slack.port}`,
      fake,
      botAccess("T-A", TOKEN_A),
    );
    expect(walked.status).toBe(200);
    expect(await installations.fetch({ teamId: "T-A" })).toMatchObject({
      bot: { token: TOKEN_A },
    });
  });

  it("answers the installed workspace and tells another it is not installed", async () => {
    expect(await askSources("T-A")).toContain("Sources");
    expect(await askSources("T-B")).toContain("sitrep is not installed in this workspace");
  });

  it("posts to the installed workspace's channel with its token", async () => {
    const answer: Answer = { kind: "answer", title: "Daily summary", sections: [] };
    await slack.transport.postMessage("C-T-A", answer, { workspace: "T-A" });
    const post = fake.calls.find((c) => c.method === "chat.postMessage")!;
    expect([post.body.channel, post.token]).toEqual(["C-T-A", TOKEN_A]);
  });
});

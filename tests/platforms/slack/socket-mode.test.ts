import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { type SlackRuntime, startSlack } from "../../../src/platforms/slack/start.ts";
import { chatStore, testCore } from "../../fixtures/briefs.ts";
import { type FakeSlack, startFakeSlack } from "./fake-slack.ts";

// Slack's Socket Mode end on loopback: apps.connections.open (in the fake Web API) hands out this
// server's URL; it says hello, sends envelopes and collects the acknowledgements.
describe("the Slack app over Socket Mode", () => {
  let fake: FakeSlack;
  let wss: WebSocketServer;
  let socket: WebSocket;
  let slack: SlackRuntime;
  const acks: Record<string, unknown>[] = [];

  beforeAll(async () => {
    fake = await startFakeSlack();
    wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await once(wss, "listening");
    fake.socketUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`;
    wss.on("connection", (ws) => {
      socket = ws;
      ws.on("message", (data) => acks.push(JSON.parse(String(data))));
      ws.send(JSON.stringify({ type: "hello", num_connections: 1 }));
    });
    const store = chatStore();
    slack = await startSlack({
      botToken: "xoxb-test",
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
      extraRoutes: [
        {
          method: "GET",
          path: "/extra",
          handler: (_req, res) => {
            res.writeHead(200, { "content-type": "text/plain" });
            res.end("extra");
          },
        },
      ],
    });
  });

  afterAll(async () => {
    await slack?.stop();
    for (const client of wss?.clients ?? []) client.terminate();
    await new Promise((resolve) => wss?.close(resolve));
    await fake?.close();
  });

  it("acknowledges a slash command envelope and answers on the response_url", async () => {
    const responseUrl = fake.responseUrl();
    socket.send(
      JSON.stringify({
        envelope_id: "env-1",
        type: "slash_commands",
        accepts_response_payload: true,
        payload: {
          team_id: "T1",
          channel_id: "C1",
          user_id: "U1",
          command: "/sources",
          text: "share",
          api_app_id: "A1",
          response_url: responseUrl,
          trigger_id: "1.2.3",
        },
      }),
    );
    const response = await fake.responseTo(responseUrl);
    expect(response.response_type).toBe("in_channel");
    expect((response.blocks as { type: string }[]).some((b) => b.type === "header")).toBe(true);
    // The acknowledgement travels over the socket, the answer over HTTP: wait for the former too.
    while (!acks.some((a) => a.envelope_id === "env-1")) await once(socket, "message");
  });

  it("serves the extra routes on a port of their own", async () => {
    expect(slack.port).toBeGreaterThan(0);
    const response = await fetch(`http://127.0.0.1:${slack.port}/extra`);
    expect(await response.text()).toBe("extra");
  });
});

// Starts the Slack side of the bot as a Bolt app: over HTTP (signed requests to /slack/events,
// plus our routes on the same port) or, with an app token, over Socket Mode (our routes then get
// a plain server of their own). Returns the transport the scheduler posts through.
import type { Server } from "node:http";
import { App, webApi } from "@slack/bolt";
import type { Config } from "../../config.ts";
import type { RequestCore } from "../../core/request.ts";
import type { Logger } from "../../log.ts";
import type { ReplayGuard } from "../../schedule/replays.ts";
import type { Store } from "../../store/types.ts";
import { type HttpRoute, healthRoute, type RunningServer, startHttpServer } from "../http.ts";
import type { Transport } from "../transport.ts";
import { toBoltLogger } from "./bolt-logger.ts";
import { registerClaimHandlers, type SlackClaimsOptions } from "./claims.ts";
import { createSlackReceiver } from "./receiver.ts";
import { registerSlashCommands, type SlashCommandOptions } from "./slash-commands.ts";
import { createSlackTransport } from "./transport.ts";

export interface SlackSettings {
  readonly botToken: string;
  /** Required over HTTP; unused over Socket Mode. */
  readonly signingSecret?: string;
  /** `xapp-…`: run over Socket Mode instead of HTTP. */
  readonly appToken?: string;
  /** Web API base URL (with its trailing `/api/`), for proxies and tests. */
  readonly apiUrl?: string;
  readonly allowedTeams: readonly string[];
  readonly adminUsers: readonly string[];
  /** 0 picks a free port; SlackRuntime.port says which. */
  readonly port: number;
  readonly host?: string;
}

export interface SlackOptions extends SlackSettings {
  /** The request core every way in shares. */
  readonly core: RequestCore;
  /** Epoch ms, for checking request signatures. */
  readonly now: () => number;
  readonly logger: Logger;
  /** Refuses replayed requests (HTTP mode). */
  readonly replays?: ReplayGuard;
  /** Served on the same port (Discord interactions, health). GET /healthz is added if missing. */
  readonly extraRoutes?: readonly HttpRoute[];
  /** The store the claim forms offer names from (live reload swaps it). */
  readonly getStore: () => Store;
  /** Claims from chat: the "Add to brief" shortcut, /report and the review buttons. */
  readonly claims?: SlackClaimsOptions;
  /** PUBLIC_URL: private answers' pictures served from this server (add its route too). */
  readonly pictureLinks?: SlashCommandOptions["pictureLinks"];
}

export interface SlackRuntime {
  /** The bound port; undefined over Socket Mode when there are no routes to serve. */
  readonly port: number | undefined;
  readonly transport: Transport;
  stop(): Promise<void>;
}

/** The Slack settings from the environment, or undefined when Slack is not configured. */
export function readSlackSettings(config: Config): SlackSettings | undefined {
  if (config.SLACK_BOT_TOKEN === undefined) return undefined;
  if (config.SLACK_APP_TOKEN === undefined && config.SLACK_SIGNING_SECRET === undefined) {
    throw new Error(
      "SLACK_BOT_TOKEN is set: set SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode) too",
    );
  }
  return {
    botToken: config.SLACK_BOT_TOKEN,
    signingSecret: config.SLACK_SIGNING_SECRET,
    appToken: config.SLACK_APP_TOKEN,
    apiUrl: config.SLACK_API_URL,
    allowedTeams: config.SLACK_ALLOWED_TEAMS,
    adminUsers: config.SLACK_ADMIN_USERS,
    port: config.PORT,
  };
}

function clientOptions(apiUrl: string | undefined): webApi.WebClientOptions {
  return {
    ...(apiUrl === undefined ? {} : { slackApiUrl: apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/` }),
    // A 429 becomes an error the caller handles instead of a request parked for minutes.
    rejectRateLimitedCalls: true,
    // Answers to people: a couple of quick retries on network failures.
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
    timeout: 10_000,
  };
}

/**
 * The client scheduled posts and alerts go through: no retries of its own (a retried post that
 * Slack had taken is a second post) and no timeout shorter than the delivery machinery's, which
 * decides when an answer is late and then checks the channel before any retry.
 */
export function postingClient(botToken: string, apiUrl: string | undefined): webApi.WebClient {
  return new webApi.WebClient(botToken, {
    ...clientOptions(apiUrl),
    retryConfig: { retries: 0 },
    timeout: 120_000,
  });
}

function withHealthRoute(routes: readonly HttpRoute[]): HttpRoute[] {
  const hasHealth = routes.some((r) => r.method === "GET" && r.path === healthRoute.path);
  return hasHealth ? [...routes] : [...routes, healthRoute];
}

export async function startSlack(options: SlackOptions): Promise<SlackRuntime> {
  const logger = options.logger.child({ platform: "slack" });
  const boltLogger = toBoltLogger(logger);
  const host = options.host ?? "0.0.0.0";
  const socketMode = options.appToken !== undefined;

  let app: App;
  if (socketMode) {
    app = new App({
      token: options.botToken,
      appToken: options.appToken,
      socketMode: true,
      logger: boltLogger,
      clientOptions: clientOptions(options.apiUrl),
    });
  } else {
    if (options.signingSecret === undefined) {
      throw new Error(
        "Slack over HTTP needs SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)",
      );
    }
    app = new App({
      token: options.botToken,
      receiver: createSlackReceiver({
        signingSecret: options.signingSecret,
        now: options.now,
        logger,
        boltLogger,
        routes: withHealthRoute(options.extraRoutes ?? []),
        ...(options.replays === undefined ? {} : { replays: options.replays }),
      }),
      logger: boltLogger,
      clientOptions: clientOptions(options.apiUrl),
    });
  }

  app.error(async (err) => {
    logger.error({ err }, "Bolt could not handle a Slack request");
  });
  registerSlashCommands(app, {
    core: options.core,
    logger,
    allowedTeams: options.allowedTeams,
    adminUsers: options.adminUsers,
    client: app.client,
    ...(options.pictureLinks === undefined ? {} : { pictureLinks: options.pictureLinks }),
  });
  if (options.claims !== undefined) {
    registerClaimHandlers(app, {
      ...options.claims,
      core: options.core,
      getStore: options.getStore,
      now: options.now,
      logger,
      allowedTeams: options.allowedTeams,
      adminUsers: options.adminUsers,
      client: app.client,
    });
  }
  const transport = createSlackTransport(postingClient(options.botToken, options.apiUrl));

  if (socketMode) {
    await app.start();
    let server: RunningServer | undefined;
    const routes = options.extraRoutes ?? [];
    if (routes.length > 0) {
      try {
        server = await startHttpServer(withHealthRoute(routes), options.port, host);
      } catch (error) {
        await app.stop();
        throw error;
      }
    }
    logger.info({ mode: "socket", port: server?.port }, "Slack app started");
    return {
      port: server?.port,
      transport,
      async stop() {
        await server?.close();
        await app.stop();
      },
    };
  }

  const server = (await app.start({ port: options.port, host })) as Server;
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  logger.info({ mode: "http", port }, "Slack app started");
  return {
    port,
    transport,
    async stop() {
      // Idle keep-alive connections would otherwise hold close() open.
      server.closeIdleConnections();
      await app.stop();
    },
  };
}

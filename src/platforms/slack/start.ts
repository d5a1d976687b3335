// Starts the Slack side of the bot as a Bolt app: over HTTP (signed requests to /slack/events,
// plus our routes on the same port) or, with an app token, over Socket Mode (our routes then get
// a plain server of their own). One bot token (SLACK_BOT_TOKEN), or the OAuth install flow and
// each workspace's own token from the state store. Returns the transport the scheduler posts
// through.
import type { Server } from "node:http";
import { App, type AppOptions } from "@slack/bolt";
import type { Config } from "../../config.ts";
import type { RequestCore } from "../../core/request.ts";
import type { Logger } from "../../log.ts";
import type { ReplayGuard } from "../../schedule/replays.ts";
import type { InstallationRepo } from "../../state/installations.ts";
import type { Store } from "../../store/types.ts";
import { type HttpRoute, healthRoute, type RunningServer, startHttpServer } from "../http.ts";
import type { Transport } from "../transport.ts";
import { toBoltLogger } from "./bolt-logger.ts";
import { registerClaimHandlers, type SlackClaimsOptions } from "./claims.ts";
import { clientOptions, type SlackClients, singleTokenClients } from "./clients.ts";
import { createSlackOAuth, type SlackOAuth, type SlackOAuthSettings } from "./oauth.ts";
import { createSlackReceiver } from "./receiver.ts";
import { registerSlashCommands, type SlashCommandOptions } from "./slash-commands.ts";
import { createSlackTransport } from "./transport.ts";

export { postingClient } from "./clients.ts";

export interface SlackSettings {
  /** SLACK_BOT_TOKEN: one workspace, one token. Exactly one of this and `oauth`. */
  readonly botToken?: string;
  /** The OAuth install flow: each workspace's token comes from its installation. */
  readonly oauth?: SlackOAuthSettings;
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
  /** Where the install flow keeps each workspace's installation (required with `oauth`). */
  readonly installations?: InstallationRepo;
}

export interface SlackRuntime {
  /** The bound port; undefined over Socket Mode when there are no routes to serve. */
  readonly port: number | undefined;
  readonly transport: Transport;
  stop(): Promise<void>;
}

/** The Slack settings from the environment, or undefined when Slack is not configured. */
export function readSlackSettings(config: Config): SlackSettings | undefined {
  const oauth = readOAuthSettings(config);
  if (config.SLACK_BOT_TOKEN === undefined && oauth === undefined) return undefined;
  if (config.SLACK_BOT_TOKEN !== undefined && oauth !== undefined) {
    throw new Error(
      "set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (many), not both",
    );
  }
  if (config.SLACK_APP_TOKEN === undefined && config.SLACK_SIGNING_SECRET === undefined) {
    throw new Error(
      "Slack is configured: set SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode) too",
    );
  }
  return {
    ...(config.SLACK_BOT_TOKEN === undefined ? {} : { botToken: config.SLACK_BOT_TOKEN }),
    ...(oauth === undefined ? {} : { oauth }),
    signingSecret: config.SLACK_SIGNING_SECRET,
    appToken: config.SLACK_APP_TOKEN,
    apiUrl: config.SLACK_API_URL,
    allowedTeams: config.SLACK_ALLOWED_TEAMS,
    adminUsers: config.SLACK_ADMIN_USERS,
    port: config.PORT,
  };
}

/** All three OAuth settings, or undefined (config.ts refuses one or two of them). */
function readOAuthSettings(config: Config): SlackOAuthSettings | undefined {
  const { SLACK_CLIENT_ID: clientId, SLACK_CLIENT_SECRET: clientSecret } = config;
  const stateSecret = config.SLACK_STATE_SECRET;
  if (clientId === undefined || clientSecret === undefined || stateSecret === undefined) {
    return undefined;
  }
  return {
    clientId,
    clientSecret,
    stateSecret,
    ...(config.PUBLIC_URL === undefined ? {} : { publicUrl: config.PUBLIC_URL }),
  };
}

/** The install flow (with `oauth`), and the clients that act in each workspace. */
function slackAuth(
  options: SlackOptions,
  logger: Logger,
  oauthLogger: ReturnType<typeof toBoltLogger>,
): { oauth?: SlackOAuth; clients: SlackClients; token?: string } {
  if (options.oauth !== undefined) {
    if (options.installations === undefined) {
      throw new Error("the Slack install flow needs a state store for the installations");
    }
    const oauth = createSlackOAuth({
      settings: options.oauth,
      installations: options.installations,
      ...(options.apiUrl === undefined ? {} : { apiUrl: options.apiUrl }),
      now: options.now,
      logger,
      oauthLogger,
    });
    return { oauth, clients: oauth.clients };
  }
  if (options.botToken === undefined) {
    throw new Error("Slack needs SLACK_BOT_TOKEN, or the three SLACK_CLIENT_… settings");
  }
  const token = options.botToken;
  return { clients: singleTokenClients(token, options.apiUrl), token };
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
  const { oauth, clients, token } = slackAuth(options, logger, boltLogger);
  // The install flow's pages are our routes, served like the others in either mode.
  const routes = [...(options.extraRoutes ?? []), ...(oauth?.routes ?? [])];
  // One token, or Bolt asks the installations for the token of each request's workspace.
  const auth: Pick<AppOptions, "token" | "authorize"> =
    oauth === undefined ? { token } : { authorize: oauth.authorize };

  let app: App;
  if (socketMode) {
    app = new App({
      ...auth,
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
      ...auth,
      receiver: createSlackReceiver({
        signingSecret: options.signingSecret,
        now: options.now,
        logger,
        boltLogger,
        routes: withHealthRoute(routes),
        ...(options.replays === undefined ? {} : { replays: options.replays }),
      }),
      logger: boltLogger,
      clientOptions: clientOptions(options.apiUrl),
    });
  }

  app.error(async (err) => {
    logger.error({ err }, "Bolt could not handle a Slack request");
  });
  oauth?.registerUninstall(app);
  registerSlashCommands(app, {
    core: options.core,
    logger,
    allowedTeams: options.allowedTeams,
    adminUsers: options.adminUsers,
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
      clients,
    });
  }
  const transport = createSlackTransport((workspace) => clients.posting(workspace));

  if (socketMode) {
    await app.start();
    let server: RunningServer | undefined;
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

// The running bot, assembled: loads and watches the briefs, starts Slack and/or Discord as
// configured (console mode when neither is), runs the daily-summary scheduler and the alerts, and
// stops in reverse start order. `npm start` (main.ts) loads this only once the settings are good.
import { readdirSync } from "node:fs";
import { commands } from "../commands/index.ts";
import { claimActions } from "./claims/actions.ts";
import { createClaimDesk } from "./claims/desk.ts";
import type { Config } from "./config.ts";
import { createRequestCore } from "./core/request.ts";
import { buildStatusAnswer } from "./core/status.ts";
import type { Logger } from "./log.ts";
import { countStateErrors, createMetrics, type Metrics } from "./metrics.ts";
import { describeStore, runConsole } from "./platforms/console.ts";
import { createConsoleTransport } from "./platforms/console-transport.ts";
import {
  createDiscordRest,
  createDiscordTransport,
  discordInteractionsRoute,
  startDiscordGateway,
} from "./platforms/discord/index.ts";
import {
  type HttpRoute,
  healthRoute,
  metricsRoute,
  type RunningServer,
  readinessRoute,
  startHttpServer,
} from "./platforms/http.ts";
import { createPictureLinks } from "./platforms/picture-links.ts";
import { readSlackSettings, startSlack } from "./platforms/slack/index.ts";
import type { PlatformName, Transport } from "./platforms/transport.ts";
import { type Alerter, createAlerter } from "./schedule/alerts.ts";
import { createDeliverer } from "./schedule/deliver.ts";
import { createScheduler, createSubscriptionService, type Scheduler } from "./schedule/index.ts";
import { newInstanceId } from "./schedule/scheduler.ts";
import { createWatchService } from "./schedule/watch-chat.ts";
import { openState } from "./state/open.ts";
import type { StateStore } from "./state/types.ts";
import { type LiveStore, openLiveStore } from "./store/live.ts";
import { formatProblem } from "./store/load.ts";
import { snapshotCacheFor } from "./store/snapshot.ts";
import type { Store } from "./store/types.ts";
import { type AnswerPool, startAnswerPool } from "./workers/answer-pool.ts";

export interface AppOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
  /** Watch the briefs folder for edits (default true). */
  readonly watch?: boolean;
  /** Transports that replace the configured ones (embedding, tests). */
  readonly transports?: Partial<Record<PlatformName, Transport>>;
}

export interface App {
  readonly live: LiveStore;
  /** What GET /metrics shows; undefined when METRICS=off. */
  readonly metrics?: Metrics;
  /** Worker threads answering chat questions, when there are any (see answerThreads). */
  readonly answers?: AnswerPool;
  readonly scheduler: Scheduler;
  /** "console" when no chat platform is configured. */
  readonly mode: readonly PlatformName[];
  /** Console mode: resolves at EOF of the input. Chat modes: never. */
  readonly done: Promise<void>;
  /** The HTTP port in use, when one is served. */
  readonly port?: number;
  /** Stops taking questions, lets answers and posts in flight finish, closes the database. */
  stop(): Promise<void>;
}

type Stopper = () => Promise<void> | void;

/** Runs the stoppers in order, logging (not throwing) what fails, so every one gets its turn. */
async function runStoppers(stoppers: readonly Stopper[], logger: Logger): Promise<void> {
  for (const stop of stoppers) {
    try {
      await stop();
    } catch (error) {
      logger.error({ err: error }, "error while stopping");
    }
  }
}

export async function startApp(options: AppOptions): Promise<App> {
  const stoppers: Stopper[] = [];
  try {
    return await assembleApp(options, stoppers);
  } catch (error) {
    // Whatever started before the failure (watcher, database, servers) must not keep us alive.
    await runStoppers(stoppers, options.logger);
    throw error;
  }
}

/**
 * ANSWER_THREADS, or by default one thread when a chat platform is configured: there an answer
 * that takes a second would otherwise hold up every other request's ack (Slack allows 3 s). The
 * price is a second copy of the briefs in memory; the console answers one person, in line.
 */
export function answerThreads(config: Config): number {
  if (config.ANSWER_THREADS !== undefined) return config.ANSWER_THREADS;
  const chat =
    config.SLACK_BOT_TOKEN !== undefined ||
    config.DISCORD_TOKEN !== undefined ||
    (config.DISCORD_PUBLIC_KEY !== undefined && config.DISCORD_APPLICATION_ID !== undefined);
  return chat ? 1 : 0;
}

/** The answer pool when there are answer threads, ready (its workers loaded the briefs). */
async function startAnswers(
  config: Config,
  logger: Logger,
  stoppers: Stopper[],
): Promise<AnswerPool | undefined> {
  const threads = answerThreads(config);
  if (threads === 0) return undefined;
  // Started once the main thread's store is in, so the workers load from the snapshot cache it
  // just wrote rather than parsing the briefs again.
  const pool = startAnswerPool({
    root: config.BRIEFS_DIR,
    cacheDir: config.SITREP_CACHE_DIR ?? "",
    logLevel: logger.level,
    threads,
  });
  stoppers.unshift(() => pool.close());
  await pool.ready();
  logger.info({ threads }, "answer threads ready");
  return pool;
}

async function assembleApp(options: AppOptions, stoppers: Stopper[]): Promise<App> {
  const { config, logger } = options;
  const now = options.now ?? Date.now;
  const output = (options.output ?? process.stdout) as NodeJS.WritableStream &
    import("node:stream").Writable;

  const metrics = config.METRICS ? createMetrics() : undefined;
  const cache = snapshotCacheFor(config.SITREP_CACHE_DIR);
  // Every new version of a brief taken into service is compared for watches, once the alerter
  // exists (the first load is history: it never alerts).
  let alerter: Alerter | undefined;
  const live = await openLiveStore({
    root: config.BRIEFS_DIR,
    logger,
    ...(cache === undefined ? {} : { cache }),
    parseThreads: config.PARSE_THREADS,
    now,
    ...(options.watch === false ? { watch: false as const } : {}),
    onSwap: (previous, next) => alerter?.onSwap(previous, next),
    ...(metrics === undefined ? {} : { metrics }),
    // With answer threads, questions about past days are theirs to warm for, not this thread's.
    warm: answerThreads(config) === 0,
  });
  stoppers.unshift(() => live.close());
  const initial = live.status();
  if (initial.problems.length > 0) {
    logger.error({ problems: initial.problems.map(formatProblem) }, "some briefs do not load");
  }
  const getStore = () => live.current();
  const answers = await startAnswers(config, logger, stoppers);

  const opened = await openState(config);
  stoppers.unshift(() => opened.close());
  // Every state call is counted on /metrics when it fails.
  const state: StateStore = {
    ...opened,
    subscriptions: countStateErrors("subscriptions", opened.subscriptions, metrics),
    deliveries: countStateErrors("ledger", opened.deliveries, metrics),
    threads: countStateErrors("threads", opened.threads, metrics),
    watches: countStateErrors("watches", opened.watches, metrics),
    claims: countStateErrors("claims", opened.claims, metrics),
    replays: countStateErrors("replays", opened.replays, metrics),
    installations: countStateErrors("installations", opened.installations, metrics),
    pictures: countStateErrors("pictures", opened.pictures, metrics),
  };
  const desk = createClaimDesk({
    submitted: state.claims,
    getStore,
    reload: () => live.reload(),
    now,
    logger,
    gitCommit: config.BRIEFS_GIT_COMMIT,
  });
  const replays = state.replays;
  const transports: Partial<Record<PlatformName, Transport>> = {};
  // Read when asked: the transports are filled in below as the platforms start.
  const cannotPost = (platform: PlatformName): string | undefined => {
    if ({ ...transports, ...options.transports }[platform] !== undefined) return undefined;
    return platform === "discord"
      ? "this bot has no Discord bot token (DISCORD_TOKEN), so it cannot post to Discord channels"
      : `this bot has no ${platform} connection to post with`;
  };
  // The one way in for every platform: the registry, the store, the services the stateful
  // commands manage the bot with, and the answer threads when there are some.
  const core = createRequestCore({
    commands,
    // Buttons and modals: the claim forms and the review buttons.
    actions: [claimActions],
    getStore,
    now,
    logger,
    services: {
      subscriptions: createSubscriptionService({
        state,
        now,
        catchUpHours: config.CATCH_UP_HOURS,
        cannotPost,
      }),
      watches: createWatchService({ watches: state.watches, getStore, now, cannotPost }),
      liveStatus: () => live.status(),
      claims: desk,
      // An admin's reload: `accept` takes a version held back because it drops claims.
      reload: async (accept, origin) => {
        logger.warn({ user: origin.user, accept }, "reload asked for by an admin");
        if (accept) await live.accept();
        else await live.reload();
        await answers?.reload(accept);
        return buildStatusAnswer(live.status(), origin, now());
      },
    },
    ...(answers === undefined ? {} : { offload: (request) => answers.answer(request, now()) }),
    ...(metrics === undefined ? {} : { metrics }),
  });

  const mode: PlatformName[] = [];
  const routes: HttpRoute[] = [
    healthRoute,
    readinessRoute(() => readinessProblems(config.BRIEFS_DIR, live.current(), state, metrics)),
  ];
  if (metrics !== undefined) routes.push(metricsRoute(metrics));
  let port: number | undefined;

  // The interactions endpoint's settings select HTTP mode; a token with them only lets it post
  // (over REST), so it never opens a gateway connection and scales like any web handler.
  const discordHttp =
    config.DISCORD_PUBLIC_KEY !== undefined && config.DISCORD_APPLICATION_ID !== undefined;
  const discordOptions = {
    apiUrl: config.DISCORD_API_URL,
    allowedGuilds: config.DISCORD_ALLOWED_GUILDS,
    core,
    getStore,
    now,
    logger,
    claims: {
      desk,
      reviewChannel: config.DISCORD_REVIEW_CHANNEL,
      editorUsers: config.DISCORD_EDITOR_USERS,
      editorRoles: config.DISCORD_EDITOR_ROLES,
    },
    replays,
  };
  if (discordHttp) {
    routes.push(
      discordInteractionsRoute({
        ...discordOptions,
        publicKey: config.DISCORD_PUBLIC_KEY!,
        applicationId: config.DISCORD_APPLICATION_ID!,
      }),
    );
    mode.push("discord");
    if (config.DISCORD_TOKEN === undefined) {
      logger.warn(
        {},
        "Discord HTTP interactions mode has no bot token: scheduled posts to Discord are off",
      );
    } else {
      const rest = createDiscordRest(
        config.DISCORD_TOKEN,
        config.DISCORD_API_URL === undefined ? {} : { apiUrl: config.DISCORD_API_URL },
      );
      transports.discord = createDiscordTransport(rest);
    }
  }

  const slackSettings = readSlackSettings(config);
  const pictureLinks =
    config.PUBLIC_URL === undefined
      ? undefined
      : createPictureLinks(config.PUBLIC_URL, state.pictures, now);
  if (pictureLinks !== undefined) routes.push(pictureLinks.route);
  if (slackSettings !== undefined) {
    const slack = await startSlack({
      ...(pictureLinks === undefined ? {} : { pictureLinks }),
      ...slackSettings,
      core,
      getStore,
      now,
      logger,
      replays,
      extraRoutes: routes,
      // The install flow keeps each workspace's installation in the state store.
      ...(slackSettings.oauth === undefined ? {} : { installations: state.installations }),
      claims: {
        desk,
        reviewChannel: config.SLACK_REVIEW_CHANNEL,
        editorUsers: config.SLACK_EDITOR_USERS,
      },
    });
    stoppers.unshift(() => slack.stop());
    transports.slack = slack.transport;
    mode.push("slack");
    port = slack.port;
  } else if (discordHttp) {
    const server: RunningServer = await startHttpServer(routes, config.PORT);
    stoppers.unshift(() => server.close());
    port = server.port;
  }

  if (config.DISCORD_TOKEN !== undefined && !discordHttp) {
    const discord = await startDiscordGateway({ ...discordOptions, token: config.DISCORD_TOKEN });
    stoppers.unshift(() => discord.stop());
    transports.discord = createDiscordTransport(discord.client);
    mode.push("discord");
  }

  let done: Promise<void> = new Promise<void>(() => {});
  if (mode.length === 0) {
    mode.push("console");
    transports.console = createConsoleTransport(output);
  }

  // One delivery machinery for daily posts and alerts alike.
  const allTransports = { ...transports, ...options.transports };
  const deliverer = createDeliverer({
    ledger: state.deliveries,
    transports: allTransports,
    now,
    logger,
    owner: newInstanceId(),
    threads: state.threads,
    ...(metrics === undefined ? {} : { metrics }),
  });
  stoppers.unshift(() => deliverer.stop());
  const scheduler = createScheduler({
    state,
    transports: allTransports,
    getStore,
    now,
    logger,
    catchUpHours: config.CATCH_UP_HOURS,
    deliverer,
    // Each post is /sitrep asked of the same core the platforms use.
    core,
    // Set below, once the alerter exists; the scheduler's first tick may come before.
    sendAlerts: async () => (alerter === undefined ? [] : alerter.send()),
  });
  await scheduler.start();
  // Stoppers run last started, first stopped: the scheduler lets a post being sent finish and be
  // recorded, then the platforms finish their answers, then the database closes.
  stoppers.unshift(() => scheduler.stop());
  alerter = createAlerter({
    state,
    deliverer,
    now,
    logger,
    catchUpHours: config.CATCH_UP_HOURS,
    platforms: Object.keys(allTransports) as PlatformName[],
  });
  // The briefs went into service before the alerter existed: compared now with the baseline in
  // the state store, so a change made while the bot was down is alerted once. Alerts recorded by
  // an instance that stopped before handing them over go out now too.
  const started = alerter;
  started.start(live.current());
  stoppers.unshift(() => started.idle());

  if (mode[0] === "console") {
    done = runConsole({
      input: (options.input ?? process.stdin) as import("node:stream").Readable,
      output,
      core,
      getStore,
      prompt: options.input === undefined && process.stdin.isTTY === true,
    });
  } else {
    logger.info({ mode, port, briefs: describeStore(getStore()) }, "sitrep is running");
  }

  let stopping: Promise<void> | undefined;
  return {
    live,
    ...(metrics === undefined ? {} : { metrics }),
    ...(answers === undefined ? {} : { answers }),
    scheduler,
    mode,
    done,
    ...(port === undefined ? {} : { port }),
    stop() {
      stopping ??= runStoppers(stoppers, logger);
      return stopping;
    },
  };
}

/** Why the bot is not ready: a brief folder with no version in service, the state store down. */
async function readinessProblems(
  root: string,
  store: Store,
  state: StateStore,
  metrics: Metrics | undefined,
): Promise<string[]> {
  const problems: string[] = [];
  let folders: string[] = [];
  try {
    folders = readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith("."))
      .map((e) => e.name);
  } catch (error) {
    problems.push(`the briefs folder cannot be read: ${(error as Error).message}`);
  }
  for (const id of folders) {
    if (!store.briefs.has(id)) problems.push(`brief ${id} is not in service`);
  }
  if (store.briefs.size === 0) problems.push("no brief is in service");
  try {
    await state.ping();
  } catch (error) {
    metrics?.countStateError("readiness");
    problems.push(`the state store is not reachable: ${(error as Error).message}`);
  }
  return problems;
}

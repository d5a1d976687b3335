// Which Web API client acts in a workspace: the one bot token (SLACK_BOT_TOKEN), or, with the
// OAuth install flow, the bot token of that workspace's installation, read from the state store
// at each use so a reinstall or an uninstall takes effect at once on every instance.
import { webApi } from "@slack/bolt";
import type { InstallationJson, InstallationRepo } from "../../state/installations.ts";

/** The workspace has no installation (never installed, uninstalled, tokens revoked). */
export class NotInstalled extends Error {
  constructor(readonly team: string | undefined) {
    super(
      team === undefined || team === ""
        ? "no Slack workspace given, and without SLACK_BOT_TOKEN each workspace needs its own install"
        : `sitrep is not installed in the Slack workspace ${team}`,
    );
    this.name = "NotInstalled";
  }
}

export interface SlackClients {
  /** Answers, claim forms and look-ups in the workspace (quick retries on network failures). */
  answering(team: string | undefined): Promise<webApi.WebClient>;
  /** Scheduled posts and alerts: no retries of its own (a retried post is a second post). */
  posting(team: string | undefined): Promise<webApi.WebClient>;
}

export function clientOptions(apiUrl: string | undefined): webApi.WebClientOptions {
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

/** SLACK_BOT_TOKEN: the same two clients whatever the workspace. */
export function singleTokenClients(botToken: string, apiUrl: string | undefined): SlackClients {
  const answering = new webApi.WebClient(botToken, clientOptions(apiUrl));
  const posting = postingClient(botToken, apiUrl);
  return { answering: async () => answering, posting: async () => posting };
}

/** The bot token an installation carries, if any. */
export function botTokenOf(installation: InstallationJson | undefined): string | undefined {
  const bot = installation?.bot as { token?: unknown } | undefined;
  return typeof bot?.token === "string" && bot.token !== "" ? bot.token : undefined;
}

/** Each workspace's installation token, clients kept per workspace until its token changes. */
export function installedClients(repo: InstallationRepo, apiUrl: string | undefined): SlackClients {
  const made = new Map<string, { token: string; client: webApi.WebClient }>();

  async function clientFor(team: string | undefined, posting: boolean) {
    if (team === undefined || team === "") throw new NotInstalled(team);
    const token = botTokenOf(await repo.fetch({ teamId: team }));
    if (token === undefined) throw new NotInstalled(team);
    const key = `${posting ? "post" : "answer"}:${team}`;
    const known = made.get(key);
    if (known?.token === token) return known.client;
    const client = posting
      ? postingClient(token, apiUrl)
      : new webApi.WebClient(token, clientOptions(apiUrl));
    made.set(key, { token, client });
    return client;
  }

  return {
    answering: (team) => clientFor(team, false),
    posting: (team) => clientFor(team, true),
  };
}

// The REST client settings shared by every Discord mode: where the API is (DISCORD_API_URL for a
// proxy or a test double) and which rate limits throw instead of waiting. A channel post that
// would wait long throws, so the scheduler can retry later instead of blocking on it; interaction
// replies keep @discordjs/rest's own queueing.
import { type RateLimitData, REST, type RESTOptions } from "discord.js";

/** Channel posts that would wait longer than this on a rate limit throw RateLimitError. */
export const MAX_RATE_LIMIT_WAIT_MS = 2_000;

export interface DiscordRestSettings {
  /** The API base, as in REST's `api` option (`https://discord.com/api`). */
  readonly apiUrl?: string;
  readonly maxRateLimitWaitMs?: number;
}

function isChannelRoute(data: RateLimitData): boolean {
  return data.route.startsWith("/channels/");
}

export function discordRestOptions(settings: DiscordRestSettings = {}): Partial<RESTOptions> {
  const maxWait = settings.maxRateLimitWaitMs ?? MAX_RATE_LIMIT_WAIT_MS;
  return {
    ...(settings.apiUrl === undefined ? {} : { api: settings.apiUrl }),
    // No hidden retries: a retried post could be a second post. The delivery machinery retries,
    // after checking.
    retries: 0,
    rejectOnRateLimit: (data) =>
      isChannelRoute(data) && Math.max(data.retryAfter, data.timeToReset) > maxWait,
  };
}

export function createDiscordRest(
  token: string | undefined,
  settings: DiscordRestSettings = {},
): REST {
  const rest = new REST(discordRestOptions(settings));
  return token === undefined ? rest : rest.setToken(token);
}

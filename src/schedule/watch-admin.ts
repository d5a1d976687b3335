// Adding, listing and removing watches, as `/watch`, `/unwatch` and `sitrep watch` do: the name
// resolved in the brief, the trigger and threshold checked, the mention read as the platform
// writes it. Chat and CLI call the same functions, so they accept and refuse the same things.

import { chooseBrief } from "../core/brief-choice.ts";
import type { WatchRepo } from "../state/types.ts";
import type { Store } from "../store/types.ts";
import { describeWatch } from "../watch/alert-answer.ts";
import {
  defaultTrigger,
  type MentionKind,
  parseMention,
  resolveTarget,
  type Watch,
  type WatchPlatform,
  type WatchRequest,
} from "../watch/watch.ts";

export interface WatchChannel {
  readonly platform: WatchPlatform;
  readonly workspace: string;
  readonly channel: string;
}

export type WatchAdded =
  | { readonly ok: true; readonly watch: Watch; readonly created: boolean; readonly text: string }
  | { readonly ok: false; readonly error: string };

const MENTION_HELP: Record<WatchPlatform, string> = {
  slack: "a user group (@group, or its id S…) or a user (@name, or U…)",
  discord: "a role (@role, or its id with mention-kind role) or a user",
  console: "nothing: the console has nobody to mention",
};

export async function addWatchFor(
  watches: WatchRepo,
  store: Store,
  request: WatchRequest & { readonly mentionKind?: MentionKind },
  where: WatchChannel & { readonly createdBy: string },
  now: number,
): Promise<WatchAdded> {
  const choice = chooseBrief(store, request.brief);
  if (!choice.ok) return { ok: false, error: choice.error };
  const brief = choice.brief;
  const found = resolveTarget(brief, request.query, request.targetKind);
  if (!found.ok) return found;
  const on = request.on ?? (request.min !== undefined ? "toll" : defaultTrigger(found.target.kind));
  if (request.min !== undefined && on !== "toll") {
    return { ok: false, error: "min only applies to on:toll." };
  }
  let mention: Watch["mention"];
  if (request.mention !== undefined) {
    mention = parseMention(where.platform, request.mention, request.mentionKind);
    if (mention === undefined) {
      return {
        ok: false,
        error: `"${request.mention}" is not something an alert can mention here; give ${MENTION_HELP[where.platform]}.`,
      };
    }
  }
  const { watch, created } = await watches.add(
    {
      platform: where.platform,
      workspace: where.workspace,
      channel: where.channel,
      brief: brief.id,
      target: found.target,
      on,
      ...(request.min === undefined ? {} : { min: request.min }),
      ...(mention === undefined ? {} : { mention }),
      ...(request.pictures === true ? { pictures: true } : {}),
      createdBy: where.createdBy,
    },
    now,
  );
  return { ok: true, watch, created, text: describeWatchLine(store, watch) };
}

/** "3: Saraqib (place, on control), mentioning group S0123 (brief syria)". */
export function describeWatchLine(store: Store, watch: Watch): string {
  const brief = store.briefs.get(watch.brief);
  const mention =
    watch.mention === undefined ? "" : `, mentioning ${watch.mention.kind} ${watch.mention.id}`;
  const map = watch.pictures === true ? ", with the control map" : "";
  return `${watch.id}: ${describeWatch(brief, watch)}${mention}${map} (brief ${watch.brief})`;
}

export function listChannelWatches(
  watches: WatchRepo,
  where: Partial<WatchChannel>,
): Promise<Watch[]> {
  return watches.list({
    ...(where.platform === undefined ? {} : { platform: where.platform }),
    ...(where.workspace === undefined ? {} : { workspace: where.workspace }),
    ...(where.channel === undefined ? {} : { channel: where.channel }),
  });
}

export type WatchRemoved =
  | { readonly ok: true; readonly watch: Watch }
  | { readonly ok: false; readonly error: string };

/** Removes watch `id`; with `where`, only one of that channel's (chat admins see no other). */
export async function removeWatchFor(
  watches: WatchRepo,
  id: number,
  where?: WatchChannel,
): Promise<WatchRemoved> {
  const watch = await watches.get(id);
  const elsewhere =
    watch !== undefined &&
    where !== undefined &&
    (watch.platform !== where.platform ||
      watch.workspace !== where.workspace ||
      watch.channel !== where.channel);
  if (watch === undefined || elsewhere) {
    return {
      ok: false,
      error: `There is no watch ${id}${where === undefined ? "" : " in this channel"}.`,
    };
  }
  await watches.remove(id);
  return { ok: true, watch };
}

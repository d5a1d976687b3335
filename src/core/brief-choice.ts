// Which brief a request is about: the one named (`brief:ID`), or the only one loaded. The core
// chooses it for every command; the CLI and the scheduler use the same rule.
import type { Brief, Store } from "../store/types.ts";

export type BriefChoice = { ok: true; brief: Brief } | { ok: false; error: string };

export function chooseBrief(store: Store, requested: string | undefined): BriefChoice {
  const ids = [...store.briefs.keys()];
  if (ids.length === 0) return { ok: false, error: "No brief is loaded yet." };
  if (requested === undefined) {
    if (ids.length === 1) return { ok: true, brief: store.briefs.get(ids[0]!)! };
    return {
      ok: false,
      error: `Several briefs are loaded; say which with brief:ID (${ids.join(", ")}).`,
    };
  }
  const brief = store.briefs.get(requested.trim().toLowerCase());
  if (brief === undefined) {
    return { ok: false, error: `There is no brief "${requested}". Loaded: ${ids.join(", ")}.` };
  }
  return { ok: true, brief };
}

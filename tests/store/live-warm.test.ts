import { describe, expect, it } from "vitest";
import { silentLogger } from "../../src/log.ts";
import { openLiveStore } from "../../src/store/live.ts";
import type { LoadResult } from "../../src/store/load.ts";
import { registerWarmer } from "../../src/store/prepare.ts";
import type { Brief } from "../../src/store/types.ts";
import { buildBrief, storeOf } from "../fixtures/brief-builder.ts";

/** Every brief a warmer was run for, by its title (each version of a brief has its own). */
const warmed: string[] = [];
registerWarmer((brief: Brief) => [() => warmed.push(brief.meta.title)]);

function brief(id: string, title: string): Brief {
  return buildBrief({ id, meta: { title } });
}

/** A live store that loads the given results in turn, with no watcher. */
function openWith(results: LoadResult[], warm?: boolean) {
  let last = results[0]!;
  return openLiveStore({
    root: "/briefs",
    logger: silentLogger,
    watch: false,
    load: async () => {
      last = results.shift() ?? last;
      return last;
    },
    ...(warm === undefined ? {} : { warm }),
  });
}

describe("a live store warming the briefs it serves", () => {
  it("warms each brief once it is served, and a new version when one is taken in", async () => {
    warmed.length = 0;
    const a = brief("a", "A");
    const b = brief("b", "B");
    const live = await openWith([
      { ok: true, store: storeOf(a, b) },
      { ok: true, store: storeOf(a, brief("b", "B, second version")) },
    ]);
    await live.reload();
    // close waits for warming still under way, so everything started is done by then.
    await live.close();
    expect(warmed.sort()).toEqual(["A", "B", "B, second version"]);
  });

  it("warms nothing where another thread answers the questions", async () => {
    warmed.length = 0;
    const live = await openWith([{ ok: true, store: storeOf(brief("a", "A")) }], false);
    await live.close();
    expect(warmed).toEqual([]);
  });
});

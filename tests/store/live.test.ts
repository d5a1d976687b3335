import { afterEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../src/log.ts";
import { openLiveStore, type Watch } from "../../src/store/live.ts";
import type { LoadResult } from "../../src/store/load.ts";
import type { Brief } from "../../src/store/types.ts";
import { buildBrief, storeOf } from "../fixtures/brief-builder.ts";

function brief(id: string, title: string): Brief {
  return buildBrief({ id, meta: { title } });
}

/** A watcher the test drives by hand, and a loader whose next results the test sets. */
function harness(first: LoadResult) {
  let emit: (path: string) => void = () => {};
  const watch: Watch = (_root, onChange) => {
    emit = onChange;
    return { ready: Promise.resolve(), close: async () => {} };
  };
  const queued: LoadResult[] = [first];
  let last = first;
  let loads = 0;
  const load = async () => {
    loads++;
    last = queued.shift() ?? last;
    return last;
  };
  return {
    watch,
    load,
    emit: (path: string) => emit(path),
    next: (result: LoadResult) => queued.push(result),
    loads: () => loads,
  };
}

/** A live store over the harness's watcher and loader. */
function openHarnessed(h: ReturnType<typeof harness>, debounceMs?: number) {
  return openLiveStore({
    root: "/briefs",
    logger: silentLogger,
    watch: h.watch,
    load: h.load,
    ...(debounceMs === undefined ? {} : { debounceMs }),
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe("openLiveStore", () => {
  it("serves the store it loaded at start", async () => {
    const h = harness({ ok: true, store: storeOf(brief("a", "A")) });
    const live = await openHarnessed(h);
    expect([...live.current().briefs.keys()]).toEqual(["a"]);
    expect(live.status().reloads).toBe(1);
    await live.close();
  });

  it("reloads once for a burst of fifty changes", async () => {
    vi.useFakeTimers();
    const h = harness({ ok: true, store: storeOf(brief("a", "A")) });
    const live = await openHarnessed(h, 300);
    h.next({ ok: true, store: storeOf(brief("a", "A, edited")) });
    for (let i = 0; i < 50; i++) {
      h.emit(`/briefs/a/claims/${i}.yaml`);
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(300);
    expect(h.loads()).toBe(2);
    expect(live.current().briefs.get("a")?.meta.title).toBe("A, edited");
    await live.close();
  });

  it("swaps the whole store at once, leaving a store taken earlier untouched", async () => {
    const h = harness({ ok: true, store: storeOf(brief("a", "old")) });
    const live = await openHarnessed(h);
    const before = live.current();
    h.next({ ok: true, store: storeOf(brief("a", "new"), brief("b", "B")) });
    await live.reload();
    expect(before.briefs.get("a")?.meta.title).toBe("old");
    expect([...before.briefs.keys()]).toEqual(["a"]);
    expect(live.current().briefs.get("a")?.meta.title).toBe("new");
    await live.close();
  });

  it("keeps the last good version of a brief whose change does not validate, and reports why", async () => {
    const good = brief("a", "good");
    const h = harness({ ok: true, store: storeOf(good, brief("b", "B")) });
    const live = await openHarnessed(h);
    const problem = {
      file: "/briefs/a/claims/x.yaml",
      line: 3,
      column: 5,
      message: "unknown source `sohrr`",
    };
    h.next({
      ok: false,
      problems: [problem],
      partial: { briefs: new Map([["b", brief("b", "B, edited")]]), present: new Set(["a", "b"]) },
    });
    await live.reload();
    expect(live.current().briefs.get("a")).toBe(good);
    expect(live.current().briefs.get("b")?.meta.title).toBe("B, edited");
    expect(live.status().problems).toEqual([problem]);
    await live.close();
  });

  it("stops serving a brief whose folder was deleted, and says it was removed", async () => {
    const h = harness({ ok: true, store: storeOf(brief("a", "A"), brief("b", "B")) });
    const live = await openHarnessed(h);
    h.next({ ok: true, store: storeOf(brief("b", "B")) });
    await live.reload();
    expect([...live.current().briefs.keys()]).toEqual(["b"]);
    expect(live.status().removed).toEqual(["a"]);
    await live.close();
  });

  it("runs one more reload when files change during a reload", async () => {
    const h = harness({ ok: true, store: storeOf(brief("a", "1")) });
    const live = await openHarnessed(h);
    h.next({ ok: true, store: storeOf(brief("a", "2")) });
    h.next({ ok: true, store: storeOf(brief("a", "3")) });
    const first = live.reload();
    const second = live.reload();
    await Promise.all([first, second]);
    expect(h.loads()).toBe(3);
    expect(live.current().briefs.get("a")?.meta.title).toBe("3");
    await live.close();
  });
});

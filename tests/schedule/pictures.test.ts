// Daily posts with pictures:on carry the region's control map on days some source reported
// control claims, and not on other days or for other subscriptions.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import sitrep from "../../commands/sitrep.ts";
import type { ControlMapSpec } from "../../src/answer/pictures/types.ts";
import { checkArgs } from "../../src/core/check.ts";
import { parseCommandText } from "../../src/core/parse.ts";
import { silentLogger } from "../../src/log.ts";
import { createScheduler, type Scheduler } from "../../src/schedule/scheduler.ts";
import { openStateDb, type StateDb } from "../../src/state/sqlite/db.ts";
import { createSqliteState } from "../../src/state/sqlite/index.ts";
import { upsertSubscription } from "../../src/state/sqlite/subscriptions.ts";
import { pictureBrief } from "../answer/pictures/picture-brief.ts";
import { FakeTransport, sitrepCore, tempDbPath } from "./helpers.ts";

const brief = pictureBrief();
const store = { briefs: new Map([[brief.id, brief]]), root: "/fixtures", loadedAt: 0 };

let temp: ReturnType<typeof tempDbPath>;
let db: StateDb;
let scheduler: Scheduler;

function subscribe(channel: string, pictures: boolean): void {
  upsertSubscription(
    db,
    {
      platform: "slack",
      workspace: "T1",
      channel,
      brief: brief.id,
      time: "00:30",
      timezone: "Asia/Damascus",
      postWhenEmpty: true,
      pictures,
      createdBy: "U1",
    },
    Date.parse("2024-11-27T00:00:00Z"),
  );
}

beforeEach(() => {
  temp = tempDbPath();
  vi.useFakeTimers({ now: Date.parse("2024-11-27T00:00:00Z") });
  db = openStateDb(temp.path);
});

afterEach(async () => {
  await scheduler?.stop();
  db.close();
  vi.useRealTimers();
  temp.cleanup();
});

describe("daily posts with pictures:on", () => {
  it("carry the region's map on a day control was reported, and only then", async () => {
    subscribe("CMAP", true);
    subscribe("CTEXT", false);
    const slack = new FakeTransport();
    scheduler = createScheduler({
      state: createSqliteState(db),
      transports: { slack },
      getStore: () => store,
      now: () => Date.now(),
      logger: silentLogger,
      catchUpHours: 6,
      core: sitrepCore({ getStore: () => store, now: () => Date.now() }),
    });
    // 29 Nov, 00:30 in Damascus: the day before held the control claims of 29 Nov 00:00.
    vi.setSystemTime(Date.parse("2024-11-28T21:30:00Z"));
    await scheduler.runDue();
    const [withMap] = slack.postsTo("CMAP");
    expect(withMap!.answer.pictures).toHaveLength(1);
    const spec = withMap!.answer.pictures![0]!.spec as ControlMapSpec;
    expect(spec.title).toBe("Who controls North");
    expect(spec.places.find((p) => p.id === "saraqib")?.verdict.kind).toBe("disputed");
    expect(slack.postsTo("CTEXT")[0]!.answer.pictures).toBeUndefined();
    // 30 Nov, 00:30: only tolls were reported the day before: no map.
    vi.setSystemTime(Date.parse("2024-11-29T21:30:00Z"));
    await scheduler.runDue();
    expect(slack.postsTo("CMAP")[1]!.answer.pictures).toBeUndefined();
  });

  it("/sitrep subscribe reads pictures:on and pictures:off", () => {
    const subscribe = sitrep.definition.subcommands.find((s) => s.name === "subscribe")!;
    const read = (text: string) => {
      const parsed = parseCommandText(sitrep.definition, `subscribe ${text}`);
      if (!parsed.ok) throw new Error(parsed.error);
      return checkArgs(subscribe.options, parsed.values);
    };
    expect(read("07:30 pictures:on")).toMatchObject({ args: { time: "07:30", pictures: true } });
    expect(read("pictures:off")).toMatchObject({ args: { pictures: false } });
    expect(read("pictures:maybe")).toEqual({ ok: false, error: '"pictures" takes on or off' });
  });
});

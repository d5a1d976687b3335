import { describe, expect, it } from "vitest";
import {
  prepareBrief,
  prepareBriefInSlices,
  registerPreparer,
  registerWarmer,
  warmBrief,
  warmBriefInSlices,
} from "../../src/store/prepare.ts";
import type { Brief } from "../../src/store/types.ts";
import { ask, offensiveBrief, storeOf } from "../fixtures/briefs.ts";

const prepared: string[] = [];
registerPreparer((brief: Brief) => [() => prepared.push(brief.id)]);
const warmed: string[] = [];
registerWarmer((brief: Brief) => [1, 2, 3].map((step) => () => warmed.push(`${brief.id} ${step}`)));

describe("preparing a brief before it is served", () => {
  it("lets other work run between slices, so a reload holds up no ack for long", async () => {
    const brief = offensiveBrief();
    const order: string[] = [];
    setImmediate(() => order.push("another request"));
    let pauses = 0;
    await prepareBriefInSlices(brief, 0, async () => {
      pauses += 1;
      await new Promise<void>((resolve) => setImmediate(resolve));
    });
    order.push("prepared");
    expect(order).toEqual(["another request", "prepared"]);
    // A slice of 0 ms pauses after every step: at least once per place of the brief.
    expect(pauses).toBeGreaterThanOrEqual(brief.claimsByPlace.size);
  });

  it("does not pause while a slice has time left", async () => {
    let pauses = 0;
    await prepareBriefInSlices(offensiveBrief(), 60_000, async () => {
      pauses += 1;
    });
    expect(pauses).toBe(0);
  });

  it("runs every step, the registered ones included, whether sliced or not", async () => {
    prepared.length = 0;
    const sliced = offensiveBrief();
    const whole = offensiveBrief();
    await prepareBriefInSlices(sliced, 0);
    prepareBrief(whole);
    expect(prepared).toEqual([sliced.id, whole.id]);
    for (const question of ["/who-controls Saraqib", "/toll", "/sitrep"]) {
      const a = await ask(storeOf(sliced), question);
      const b = await ask(storeOf(whole), question);
      expect(a.text).toBe(b.text);
    }
  });
});

describe("warming a brief after it is served", () => {
  it("runs every warmer's steps, in slices, with other work let in between", async () => {
    warmed.length = 0;
    const order: string[] = [];
    setImmediate(() => order.push("another request"));
    const finished = await warmBriefInSlices(offensiveBrief(), () => true, 0);
    order.push("warmed");
    expect(finished).toBe(true);
    expect(warmed).toEqual(["offensive 1", "offensive 2", "offensive 3"]);
    expect(order).toEqual(["another request", "warmed"]);
  });

  it("stops as soon as the brief is no longer served, and says it did not finish", async () => {
    warmed.length = 0;
    let served = true;
    const finished = await warmBriefInSlices(
      offensiveBrief(),
      () => served,
      0,
      async () => {
        // A newer version taken into service while the event loop had its turn.
        if (warmed.length >= 2) served = false;
      },
    );
    expect(finished).toBe(false);
    expect(warmed).toEqual(["offensive 1", "offensive 2"]);
  });

  it("never changes an answer: a warmed brief answers every past day as a cold one does", async () => {
    // Neither is prepared: every control change the warm one gives comes from warming.
    const warm = offensiveBrief();
    const cold = offensiveBrief();
    warmBrief(warm);
    let changes = 0;
    for (const question of [
      "/sitrep 2024-11-27 at:2024-11-27",
      "/sitrep 2024-11-28 at:2024-11-28",
      "/sitrep 2024-11-29 at:2024-11-29",
      "/sitrep 3d",
      "/sitrep Aleppo 3d",
    ]) {
      const a = await ask(storeOf(warm), question);
      const b = await ask(storeOf(cold), question);
      expect(a.text).toBe(b.text);
      if (a.text.includes("Control changes")) changes++;
    }
    expect(changes).toBeGreaterThan(0);
  });
});

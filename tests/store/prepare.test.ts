import { describe, expect, it } from "vitest";
import { prepareBrief, prepareBriefInSlices, registerPreparer } from "../../src/store/prepare.ts";
import type { Brief } from "../../src/store/types.ts";
import { ask, offensiveBrief, storeOf } from "../fixtures/briefs.ts";

const prepared: string[] = [];
registerPreparer((brief: Brief) => [() => prepared.push(brief.id)]);

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

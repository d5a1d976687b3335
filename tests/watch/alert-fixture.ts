// Two versions of the picture brief for alert tests (the later one adds control claims on
// Saraqib and Western Aleppo and a toll), a watch builder, and the alert a watch gets for them.
import { expect } from "vitest";
import { diffBriefs } from "../../src/watch/diff.ts";
import { alertAnswer, raiseAlerts } from "../../src/watch/raise.ts";
import type { Watch } from "../../src/watch/watch.ts";
import { AT, pictureBrief } from "../answer/pictures/picture-brief.ts";

// Before: nobody had reported on Saraqib or Western Aleppo, nor SOHR's third toll.
const before = pictureBrief(
  (c) =>
    !(c.type === "control" && (c.place === "saraqib" || c.place === "west-aleppo")) &&
    !(c.type === "toll" && c.count === 255),
);
export const after = pictureBrief();
const diff = diffBriefs(before, after, AT);

let nextId = 1;
export function watch(fields: Partial<Watch> & Pick<Watch, "target">): Watch {
  return {
    id: nextId++,
    platform: "slack",
    workspace: "T1",
    channel: "C1",
    brief: after.id,
    on: "control",
    pictures: true,
    createdAt: 0,
    createdBy: "U1",
    ...fields,
  };
}

export function alertOf(w: Watch) {
  const [alert] = raiseAlerts([diff], [w], AT);
  expect(alert).toBeDefined();
  return alertAnswer(alert!, alert!.changes, AT);
}

import { describe, expect, it } from "vitest";
import { renderText } from "../../src/answer/render-text.ts";
import { buildStatusAnswer } from "../../src/core/status.ts";
import type { LiveStatus } from "../../src/store/live.ts";
import { buildBrief } from "../fixtures/brief-builder.ts";

const brief = buildBrief({
  id: "syria",
  meta: { title: "North-west Syria", timezone: "Asia/Damascus", stale_after_hours: 48 },
});

const status: LiveStatus = {
  store: {
    root: "/briefs",
    loadedAt: Date.parse("2024-11-30T08:00:00Z"),
    briefs: new Map([["syria", brief]]),
  },
  problems: [
    {
      file: "/briefs/syria/claims/2024-11-30.yaml",
      line: 12,
      column: 11,
      message: "unknown source `sohrr`",
    },
  ],
  checkedAt: Date.parse("2024-11-30T09:00:00Z"),
  reloads: 2,
  removed: ["old-brief"],
  held: [],
};

const NOW = Date.parse("2024-11-30T09:05:00Z");

describe("buildStatusAnswer", () => {
  it("shows admins each brief in service and every problem with its file, line and column", () => {
    const text = renderText(buildStatusAnswer(status, { isAdmin: true }, NOW));
    expect(text).toContain("syria (North-west Syria): 0 claims, 0 sources, 0 places");
    expect(text).toContain("/briefs/syria/claims/2024-11-30.yaml:12:11: unknown source `sohrr`");
    expect(text).toContain("Removed while running: old-brief.");
    expect(text).toContain("Briefs last read 2024-11-30 09:00 UTC (5 minutes ago)");
  });

  it("refuses other users without naming any file", () => {
    const text = renderText(buildStatusAnswer(status, { isAdmin: false }, NOW));
    expect(text).toContain("Only admins");
    expect(text).not.toContain("/briefs");
    expect(text).not.toContain(".yaml");
  });
});

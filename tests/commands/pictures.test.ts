// `chart` on /toll and `map` on /who-controls: the answer carries the picture as data, and the
// text answer is the same as without it.
import { describe, expect, it } from "vitest";
import toll from "../../commands/toll.ts";
import whoControls from "../../commands/who-controls.ts";
import type { ControlMapSpec, TollChartSpec } from "../../src/answer/pictures/types.ts";
import { renderText } from "../../src/answer/render-text.ts";
import type { CommandContext } from "../../src/core/types.ts";
import { AT, pictureBrief } from "../answer/pictures/picture-brief.ts";

function context(): CommandContext {
  const brief = pictureBrief();
  const store = { briefs: new Map([[brief.id, brief]]), root: "/fixtures", loadedAt: AT };
  return { store, brief, at: AT, now: AT } as unknown as CommandContext;
}

describe("pictures in answers", () => {
  it("/toll North killed chart: the toll answer with a chart of one line per source", () => {
    const ctx = context();
    const answer = toll.handle({ place: "North chart", metric: "killed" } as never, ctx);
    const plain = toll.handle({ place: "North", metric: "killed" } as never, ctx);
    expect(renderText(answer)).toBe(renderText(plain));
    expect(answer.pictures).toHaveLength(1);
    const spec = answer.pictures![0]!.spec as TollChartSpec;
    expect(spec.title).toBe("Killed in North");
    expect(spec.series.map((s) => s.source)).toEqual(["OCHA", "SOHR", "SANA"]);
    expect(answer.pictures![0]!.name).toBe("toll-north-killed.png");
  });

  it("/toll chart: the region, and the first metric with figures", () => {
    const answer = toll.handle({ place: "chart" } as never, context());
    const spec = answer.pictures![0]!.spec as TollChartSpec;
    expect(spec.title).toBe("Killed in North");
  });

  it("/toll without chart carries no picture", () => {
    expect(toll.handle({ place: "North" } as never, context()).pictures).toBeUndefined();
  });

  it("/who-controls Saraqib map and /who-controls map (the region)", () => {
    const ctx = context();
    const saraqib = whoControls.handle({ place: "Saraqib map" } as never, ctx);
    expect(renderText(saraqib)).toBe(
      renderText(whoControls.handle({ place: "Saraqib" } as never, ctx)),
    );
    const spec = saraqib.pictures![0]!.spec as ControlMapSpec;
    expect(spec.places.map((p) => [p.id, p.verdict.kind])).toEqual([["saraqib", "disputed"]]);
    const region = whoControls.handle({ place: "map" } as never, ctx);
    expect((region.pictures![0]!.spec as ControlMapSpec).title).toBe("Who controls North");
    expect(region.title).toContain("North");
  });

  it("takes chart and map as yes/no options too, as Discord sends them", () => {
    const ctx = context();
    const chart = toll.handle({ place: "North", metric: "killed", chart: true } as never, ctx);
    expect((chart.pictures![0]!.spec as TollChartSpec).title).toBe("Killed in North");
    const map = whoControls.handle({ place: "Saraqib", map: true } as never, ctx);
    expect((map.pictures![0]!.spec as ControlMapSpec).places.map((p) => p.id)).toEqual(["saraqib"]);
    expect(toll.handle({ place: "North", chart: false } as never, ctx).pictures).toBeUndefined();
  });
});

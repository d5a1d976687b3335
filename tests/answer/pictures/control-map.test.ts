import { describe, expect, it } from "vitest";
import { drawControlMap, STALE_TINT } from "../../../src/answer/pictures/control-map.ts";
import { controlMapPicture } from "../../../src/answer/pictures/control-map-spec.ts";
import { drawPicture, renderPicture } from "../../../src/answer/pictures/index.ts";
import { colourAt, tint, UNKNOWN } from "../../../src/answer/pictures/palette.ts";
import { PNG_SCALE } from "../../../src/answer/pictures/rasterise.ts";
import type { ControlMapSpec } from "../../../src/answer/pictures/types.ts";
import { CLOCK, decodePng, pictureBrief, pixelAt } from "./picture-brief.ts";

function regionMap() {
  const brief = pictureBrief();
  return controlMapPicture(brief, brief.places.get("north")!, CLOCK);
}

function close(a: string, b: string): boolean {
  const rgb = (h: string) => [1, 3, 5].map((i) => Number.parseInt(h.slice(i, i + 2), 16));
  const [x, y] = [rgb(a), rgb(b)];
  return x.every((v, i) => Math.abs(v - y[i]!) <= 6);
}

describe("control map", () => {
  it("reads each place's verdict: sides holding it, sides fighting in it, stale", () => {
    const spec = regionMap().spec as ControlMapSpec;
    const byId = new Map(spec.places.map((p) => [p.id, p.verdict]));
    expect(spec.parties.map((p) => p.key)).toEqual(["opposition", "government"]);
    expect(spec.parties[0]!.label).toBe("Opposition: HTS, Allied factions");
    expect(byId.get("saraqib")).toMatchObject({
      kind: "disputed",
      parties: ["opposition", "government"],
    });
    expect(byId.get("aleppo")).toMatchObject({
      kind: "held",
      parties: ["government"],
      present: ["opposition"],
    });
    expect(byId.get("idlib")).toMatchObject({ kind: "held", parties: ["opposition"], stale: true });
    expect(byId.get("maarat")).toMatchObject({
      kind: "contested",
      parties: [],
      present: ["opposition"],
    });
    expect(byId.get("hama")).toMatchObject({ kind: "unknown", parties: [] });
  });

  it("lists the places without coordinates under the map instead of dropping them", () => {
    const picture = regionMap();
    const spec = picture.spec as ControlMapSpec;
    expect(spec.unplaced).toEqual([
      { name: "North", status: "no claims" },
      { name: "Western Aleppo", status: "held in part by HTS" },
      { name: "Atareb", status: "no claims" },
    ]);
    const svg = drawPicture(spec).svg;
    expect(svg).toContain("Not on the map (no coordinates in the brief)");
    expect(svg).toContain("Western Aleppo: held in part by HTS");
    expect(picture.alt).toContain("3 places without coordinates listed under it");
  });

  it("rings a place with fighting, fades a stale one, greys an unknown one, labels them all", () => {
    const svg = drawPicture(regionMap().spec).svg;
    const marker = (id: string) => svg.match(new RegExp(`<g data-place="${id}"[^]*?</g>`))![0];
    expect(marker("aleppo")).toMatch(
      /<circle [^>]*fill="none" stroke="#0072B2" stroke-width="2.4"/,
    );
    expect(marker("idlib")).toContain('data-stale="true"');
    expect(marker("idlib")).toContain(`fill="${tint(colourAt(0), STALE_TINT)}"`);
    expect(marker("hama")).toContain(`fill="${UNKNOWN}"`);
    for (const name of ["Saraqib", "Aleppo", "Idlib", "معرة النعمان", "Hama"]) {
      expect(svg).toContain(`>${name}</text>`);
    }
  });

  it("draws a disputed place split between both claimed sides, read back from the pixels", async () => {
    const picture = regionMap();
    const drawn = drawControlMap(picture.spec as ControlMapSpec);
    const image = decodePng((await renderPicture(picture)).png);
    expect([image.width, image.height]).toEqual([
      Math.round(drawn.width * PNG_SCALE),
      Math.round(drawn.height * PNG_SCALE),
    ]);
    const { x, y, r } = drawn.anchors.get("saraqib")!;
    // The first side (opposition) on the left half, the second (government) on the right.
    const left = pixelAt(image, (x - r / 2) * PNG_SCALE, y * PNG_SCALE);
    const right = pixelAt(image, (x + r / 2) * PNG_SCALE, y * PNG_SCALE);
    expect(close(left, colourAt(0))).toBe(true);
    expect(close(right, colourAt(1))).toBe(true);
    // A place held by one side is that side's colour on both halves.
    const aleppo = drawn.anchors.get("aleppo")!;
    expect(
      close(
        pixelAt(image, (aleppo.x - aleppo.r / 2) * PNG_SCALE, aleppo.y * PNG_SCALE),
        colourAt(1),
      ),
    ).toBe(true);
    expect(
      close(
        pixelAt(image, (aleppo.x + aleppo.r / 2) * PNG_SCALE, aleppo.y * PNG_SCALE),
        colourAt(1),
      ),
    ).toBe(true);
  });

  it("draws the country outlines of Natural Earth around the places", () => {
    const svg = drawPicture(regionMap().spec).svg;
    expect(svg).toContain(">SYRIA</text>");
    expect(svg).toContain("Natural Earth.");
  });

  it("matches its SVG snapshot", async () => {
    await expect(drawPicture(regionMap().spec).svg).toMatchFileSnapshot(
      "__snapshots__/control-map.svg",
    );
  });

  it("still answers when no place has coordinates", () => {
    const brief = pictureBrief();
    const picture = controlMapPicture(brief, brief.places.get("west-aleppo")!, CLOCK);
    const svg = drawPicture(picture.spec).svg;
    expect(svg).toContain("No place here has coordinates in the brief");
    expect(svg).toContain("Western Aleppo: held in part by HTS");
  });
});

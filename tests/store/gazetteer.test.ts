// Places with an OCHA P-code answer to the names the bundled OpenSyria gazetteer gives that code,
// English and Arabic, besides their own.
import { describe, expect, it } from "vitest";
import { gazetteerNames } from "../../src/store/gazetteer.ts";
import { findPlace } from "../../src/store/query-place.ts";
import { buildBrief, place } from "../fixtures/brief-builder.ts";

const brief = buildBrief({
  places: [
    place("hama-governorate", { name: "Hama Governorate", kind: "governorate", pcode: "SY05" }),
    place("idlib-governorate", { name: "Idlib Governorate", kind: "governorate", pcode: "SY07" }),
    place("saraqib", { in: "idlib-governorate" }),
  ],
});

describe("the OpenSyria gazetteer", () => {
  it("gives the English and Arabic names of a P-code", () => {
    expect(gazetteerNames("SY05")).toEqual(
      expect.arrayContaining(["Hama", "حماة", "Hamah", "Hama Governorate", "محافظة حماة"]),
    );
    expect(gazetteerNames("SY99")).toEqual([]);
  });

  it("lets a place with a pcode answer to the gazetteer's names for it, Arabic included", () => {
    for (const name of ["حماة", "Hamah", "محافظة حماة", "hama"]) {
      const found = findPlace(brief, name);
      expect(found.found && found.item.id).toBe("hama-governorate");
    }
    const idlib = findPlace(brief, "إدلب");
    expect(idlib.found && idlib.item.id).toBe("idlib-governorate");
  });

  it("leaves places without a pcode to their own names", () => {
    expect(findPlace(brief, "سراقب").found).toBe(false);
  });
});

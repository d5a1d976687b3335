import { describe, expect, it } from "vitest";
import { normalizeName, skeletonOf, stripArticle } from "../../src/store/normalize.ts";

describe("normalizeName", () => {
  it("ignores case and diacritics", () => {
    expect(normalizeName("Sarāqib")).toBe("saraqib");
    expect(normalizeName("SARAQIB")).toBe("saraqib");
    expect(normalizeName("Ḩalab")).toBe("halab");
  });

  it("drops apostrophes and the marks for ʿayn and hamza without splitting the word", () => {
    expect(normalizeName("Hay'at Tahrir al-Sham")).toBe("hayat tahrir al sham");
    expect(normalizeName("Hayʼat")).toBe("hayat");
    expect(normalizeName("Hay’at")).toBe("hayat");
    expect(normalizeName("Maʿarrat al-Nuʿman")).toBe("maarrat al numan");
  });

  it("treats hyphens, punctuation and repeated spaces as one space and trims", () => {
    expect(normalizeName("al-Bab")).toBe(normalizeName("al Bab"));
    expect(normalizeName("  Bab   al-Hawa (crossing). ")).toBe("bab al hawa crossing");
  });

  it("keeps digits", () => {
    expect(normalizeName("Route M5")).toBe("route m5");
  });

  it("strips Arabic tashkeel and tatweel", () => {
    expect(normalizeName("حَلَب")).toBe("حلب");
    expect(normalizeName("حـــلب")).toBe("حلب");
  });

  it("unifies the alef forms, taa marbuta and alef maqsura", () => {
    expect(normalizeName("إدلب")).toBe("ادلب");
    expect(normalizeName("أدلب")).toBe("ادلب");
    expect(normalizeName("آدلب")).toBe("ادلب");
    expect(normalizeName("الرقة")).toBe("الرقه");
    expect(normalizeName("مصطفى")).toBe("مصطفي");
  });

  it("turns an empty or punctuation-only text into an empty key", () => {
    expect(normalizeName("")).toBe("");
    expect(normalizeName(" -'. ")).toBe("");
  });
});

describe("stripArticle", () => {
  it("drops a leading transliterated article, sun-letter forms included", () => {
    expect(stripArticle("al bab")).toBe("bab");
    expect(stripArticle("el bab")).toBe("bab");
    expect(stripArticle("as suwayda")).toBe("suwayda");
    expect(stripArticle("ar raqqa")).toBe("raqqa");
  });

  it("drops the Arabic article joined to its word", () => {
    expect(stripArticle(normalizeName("الباب"))).toBe("باب");
  });

  it("leaves an article that is the whole name, and articles after the first word", () => {
    expect(stripArticle("al")).toBe("al");
    expect(stripArticle("bab al hawa")).toBe("bab al hawa");
    expect(stripArticle("aleppo")).toBe("aleppo");
  });
});

describe("skeletonOf", () => {
  it("folds q/k, e/i, ou/u and doubled letters so transliterations meet", () => {
    expect(skeletonOf("saraqeb")).toBe(skeletonOf("sarakib"));
    expect(skeletonOf("idleb")).toBe(skeletonOf("idlib"));
    expect(skeletonOf("aleppo")).toBe(skeletonOf("alepo"));
    expect(skeletonOf("hourani")).toBe(skeletonOf("hurani"));
  });

  it("drops spaces so a name run together still meets its spaced form", () => {
    expect(skeletonOf("al bab")).toBe(skeletonOf("albab"));
  });
});

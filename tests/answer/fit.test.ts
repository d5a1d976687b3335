import { describe, expect, it } from "vitest";
import {
  discordMarkup,
  escapeSlackMrkdwn,
  plainMarkup,
  slackMarkup,
} from "../../src/answer/escape.ts";
import {
  attributionSpans,
  cutEscaped,
  FACTS_EACH_KEPT,
  FACTS_KEPT,
  type FactLayout,
  fitList,
  fitPlain,
  fitSection,
  formatFact,
  formatRich,
  isEmpty,
  moreFactsText,
  moreNotesText,
  moreSectionsText,
  packLines,
  shareFacts,
} from "../../src/answer/fit.ts";
import type { Fact, Rich } from "../../src/answer/model.ts";

const LAYOUT: FactLayout = { bullet: "• ", attributionLead: " — ", detailLead: "\n  " };

describe("cutEscaped", () => {
  it("never cuts inside an entity", () => {
    expect(cutEscaped("a&b", escapeSlackMrkdwn, 5)).toBe("a");
    expect(cutEscaped("a&b", escapeSlackMrkdwn, 6)).toBe("a&amp;");
  });

  it("never cuts inside a surrogate pair or an emoji sequence", () => {
    expect(cutEscaped("😀😀", (t) => t, 3)).toBe("😀");
    const family = "👨‍👩‍👧‍👦";
    expect(cutEscaped(`a${family}`, (t) => t, family.length)).toBe("a");
    expect(cutEscaped("🇸🇾🇸🇾", (t) => t, 6)).toBe("🇸🇾");
  });

  it("keeps the whole text when it fits", () => {
    expect(cutEscaped("abc", (t) => t, 3)).toBe("abc");
    expect(cutEscaped("abc", (t) => t, 0)).toBe("");
  });
});

describe("formatRich", () => {
  it("styles spans after escaping them, with the marks inside surrounding spaces", () => {
    expect(formatRich([{ text: "a*b ", style: "bold" }, { text: "c" }], slackMarkup)).toBe(
      "*a∗b* c",
    );
    expect(formatRich([{ text: " a*b", style: "bold" }], discordMarkup)).toBe(" **a\\*b**");
  });

  it("gives unstyled spans the default style and merges neighbours of one style", () => {
    expect(
      formatRich(
        [{ text: "Disputed", style: "bold" }, { text: ": both" }],
        slackMarkup,
        100,
        "bold",
      ),
    ).toBe("*Disputed: both*");
  });

  it("cuts with an ellipsis after closing the open style", () => {
    const out = formatRich([{ text: "abcdefghij", style: "bold" }], discordMarkup, 9);
    expect(out).toBe("**abcd**…");
    expect(out.length).toBe(9);
  });

  it("returns nothing rather than break the limit when not even the ellipsis fits", () => {
    expect(formatRich("abc", plainMarkup, 0)).toBe("");
  });
});

describe("formatFact", () => {
  const fact: Fact = {
    text: "HTS entered Saraqib",
    attribution: [
      { source: "SOHR", grade: "B", credibility: 2, via: "AFP", when: "29 Nov", age: "2 days ago" },
      { source: "SANA", grade: "E", when: "28 Nov", age: "3 days ago", stale: true },
    ],
    detail: "five neighbourhoods",
  };

  it("shows the text, every attribution with grade, outlet and age, and the detail", () => {
    expect(formatFact(fact, plainMarkup, LAYOUT)).toBe(
      "• HTS entered Saraqib — SOHR (B2), via AFP, 29 Nov, 2 days ago; SANA (E), 28 Nov, 3 days ago [stale]\n  five neighbourhoods",
    );
  });

  it("keeps an over-long fact within its cap and still names who says so", () => {
    const long: Fact = { ...fact, text: "x".repeat(5000), detail: "y".repeat(5000) };
    const out = formatFact(long, plainMarkup, LAYOUT, 400);
    expect(out.length).toBeLessThanOrEqual(400);
    expect(out).toContain("SOHR (B2)");
    expect(out).toMatch(/x…/);
    expect(out).toMatch(/y…$/);
  });

  it("cuts nothing of a fact that fits whole, however long who says so is beside the text", () => {
    const whole = formatFact(fact, plainMarkup, LAYOUT);
    expect(formatFact(fact, plainMarkup, LAYOUT, whole.length)).toBe(whole);
    expect(formatFact(fact, plainMarkup, LAYOUT, whole.length - 1)).toMatch(/…/);
  });

  it("styles who says so in italics and stale in bold", () => {
    expect(attributionSpans(fact.attribution!)).toEqual([
      { text: "SOHR (B2), via AFP, 29 Nov, 2 days ago", style: "italic" },
      { text: "; " },
      { text: "SANA (E), 28 Nov, 3 days ago", style: "italic" },
      { text: " [stale]", style: "bold" },
    ]);
  });
});

describe("the counting lines", () => {
  it("read as plain English with grouped digits", () => {
    expect(moreFactsText(1234)).toBe("… and 1,234 more");
    expect(moreNotesText(1)).toBe("… and 1 more note");
    expect(moreSectionsText(12, 3)).toBe("… and 12 more in 3 more sections");
    expect(moreSectionsText(0, 1)).toBe("… and 1 more section");
  });
});

describe("packLines", () => {
  it("fills chunks with whole lines in order and opens new ones as needed", () => {
    const packed = packLines("H", ["aaa", "bbb", "ccc"], String, {
      chunkMax: 7,
      chunks: 2,
      chars: 100,
    });
    expect(packed.chunks).toEqual(["H\naaa", "bbb\nccc"]);
    expect(packed.shown).toBe(3);
  });

  it("stops at the first line that does not fit rather than skip it", () => {
    const packed = packLines(undefined, ["aaa", "bbbbbbbb", "c"], String, {
      chunkMax: 7,
      chunks: 5,
      chars: 100,
    });
    expect(packed.chunks).toEqual(["aaa"]);
    expect(packed.shown).toBe(1);
  });

  it("words only the items it reaches, never those after the first that does not fit", () => {
    const worded: string[] = [];
    const packed = packLines(
      undefined,
      ["aaa", "bbbbbbbb", "c"],
      (item) => {
        worded.push(item);
        return item;
      },
      { chunkMax: 7, chunks: 5, chars: 100 },
    );
    expect(packed.shown).toBe(1);
    expect(worded).toEqual(["aaa", "bbbbbbbb"]);
  });

  it("counts the cost of every further chunk against the characters left", () => {
    const packed = packLines(undefined, ["aaa", "bbb"], String, {
      chunkMax: 3,
      chunks: 5,
      chars: 6,
      chunkCost: 1,
    });
    expect(packed.chunks).toEqual(["aaa"]);
  });
});

describe("fitSection", () => {
  const facts: Fact[] = Array.from({ length: 10 }, (_, i) => ({ text: `fact ${i}` }));
  const base = {
    renderFact: (fact: Fact, max: number) => formatFact(fact, plainMarkup, LAYOUT, max),
    renderMore: moreFactsText,
  };

  it("counts the facts it leaves out together with those the command left out", () => {
    const fit = fitSection({
      ...base,
      head: "Title",
      facts,
      more: 5,
      room: { chunkMax: 1000, chunks: 1, chars: 40 },
    });
    expect(fit?.chunks).toEqual(["Title\n• fact 0\n• fact 1\n… and 13 more"]);
    expect(fit?.hidden).toBe(13);
    expect(fit?.used).toBe(fit?.chunks[0]?.length);
  });

  it("gives up on a section that cannot show even its first fact", () => {
    const fit = fitSection({
      ...base,
      head: "Title",
      facts,
      more: 0,
      room: { chunkMax: 1000, chunks: 1, chars: 25 },
    });
    expect(fit).toBeUndefined();
  });
});

describe("fitList", () => {
  it("keeps room for the line counting the items left out", () => {
    const items = ["one", "two", "three", "four"];
    const shown = fitList(items, (item, max) => formatRich(item, plainMarkup, max), moreNotesText, {
      itemMax: 10,
      items: 3,
      chars: 1000,
    });
    expect(shown).toEqual(["one", "two", "… and 2 more notes"]);
  });

  it("counts the items left out before the list, even when every item given fits", () => {
    const shown = fitList(["a", "b"], (item) => String(item), moreNotesText, {
      itemMax: 10,
      items: 10,
      chars: 1000,
      more: 3,
    });
    expect(shown).toEqual(["a", "b", "… and 3 more notes"]);
  });

  it("shows every item when all fit", () => {
    const shown = fitList(["a", "b"], (item) => String(item), moreNotesText, {
      itemMax: 10,
      items: 2,
      chars: 2,
    });
    expect(shown).toEqual(["a", "b"]);
  });

  it("counts the items past the room without rendering them, to the same list", () => {
    const rendered: Rich[] = [];
    const render = (item: Rich, max: number) => {
      rendered.push(item);
      return formatRich(item, plainMarkup, max);
    };
    // Empty notes (nothing to show) are never lines, nor counted.
    const items = Array.from({ length: 2000 }, (_, i) => (i % 7 === 3 ? "" : `note ${i}`));
    for (const room of [
      { itemMax: 20, items: 10, chars: 1000 },
      { itemMax: 20, items: Number.POSITIVE_INFINITY, chars: 300, itemCost: 1 },
      { itemMax: 20, items: 3000, chars: 100_000 },
    ]) {
      const all = fitList(
        items,
        (item, max) => formatRich(item, plainMarkup, max),
        moreNotesText,
        room,
      );
      rendered.length = 0;
      const counted = fitList(items, render, moreNotesText, {
        ...room,
        shows: (item) => !isEmpty(item),
      });
      expect(counted).toEqual(all);
      if (all.length < 100) expect(rendered.length).toBeLessThan(100);
    }
  });
});

describe("fitPlain", () => {
  it("leaves text that fits alone", () => {
    expect(fitPlain("Aleppo", 6)).toBe("Aleppo");
  });

  it("cuts between whole characters, never inside a surrogate pair or an emoji", () => {
    const text = `${"a".repeat(98)}😀😀`; // the emoji are two UTF-16 units each
    const cut = fitPlain(text, 100);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut).toBe(`${"a".repeat(98)}…`);
    expect(fitPlain("🇸🇾🇸🇾", 5)).toBe("🇸🇾…");
  });
});

describe("shareFacts", () => {
  it("keeps every fact when all of them fit", () => {
    expect(shareFacts([14, 2, 1, 4, 8])).toEqual([14, 2, 1, 4, 8]);
  });

  it("gives busy sections equal shares of FACTS_KEPT", () => {
    expect(shareFacts(Array(8).fill(500))).toEqual(Array(8).fill(FACTS_KEPT / 8));
  });

  it("gives what a small section leaves to the others, the remainder to the earlier ones", () => {
    expect(shareFacts([300, 3, 300])).toEqual([39, 3, 38]);
  });

  it("never gives one section more than FACTS_EACH_KEPT", () => {
    expect(shareFacts([500])).toEqual([FACTS_EACH_KEPT]);
    expect(shareFacts([500, 1])).toEqual([FACTS_EACH_KEPT, 1]);
  });
});

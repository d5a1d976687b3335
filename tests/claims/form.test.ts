import { describe, expect, it } from "vitest";
import {
  checkClaimForm,
  defaultReported,
  firstLink,
  firstSentence,
  isMoreThanOneSentence,
  readCount,
  readReported,
} from "../../src/claims/form.ts";
import { chatBrief } from "../fixtures/briefs.ts";

const brief = chatBrief();
/** 30 Nov 2024, 14:05 in Damascus (UTC+3). */
const NOW = Date.parse("2024-11-30T11:05:00Z");

describe("a claim form checked against the brief", () => {
  it("turns names and aliases into ids and fills reported with now in the brief's zone", () => {
    const result = checkClaimForm(
      { type: "control", source: "OSDH", place: "Saraqeb", actor: "HTS", status: "controls" },
      brief,
      NOW,
    );
    expect(result).toEqual({
      ok: true,
      claim: expect.objectContaining({ extent: "full" }),
      draft: {
        type: "control",
        source: "sohr",
        reported: "2024-11-30T14:05:00+03:00",
        place: "saraqib",
        actor: "hts",
        status: "controls",
      },
    });
  });

  it("puts the zod schema's problems on the fields that caused them", () => {
    const result = checkClaimForm(
      { type: "toll", source: "sohr", metric: "dead", place: "idlib", credibility: "9" },
      brief,
      NOW,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual({
      metric: "choose one of killed, injured, displaced, detained, missing",
      count: "is required for this claim type",
      credibility: "choose one of 1, 2, 3, 4, 5, 6",
    });
  });

  it("refuses names the brief does not hold, a second sentence, a bad link and a bad time", () => {
    const result = checkClaimForm(
      {
        type: "statement",
        source: "Reuters",
        summary: "The army said it repelled the attack.",
        place: "Atlantis",
        quote: "We repelled them. They fled.",
        url: "javascript:alert(1)",
        reported: "yesterday",
      },
      brief,
      NOW,
    );
    expect(!result.ok && Object.keys(result.errors).sort()).toEqual([
      "place",
      "quote",
      "reported",
      "source",
      "url",
    ]);
  });

  it("refuses an unknown claim type and a range whose low is above its high", () => {
    expect(checkClaimForm({ type: "rumour" }, brief, NOW)).toEqual({
      ok: false,
      errors: { type: "choose one of toll, control, statement, event" },
    });
    const range = checkClaimForm(
      { type: "toll", source: "sohr", metric: "killed", count: "300-200", place: "idlib" },
      brief,
      NOW,
    );
    expect(!range.ok && range.errors).toEqual({ count: "low must not be above high" });
  });

  it("keeps a statement's place and actor as what it is about", () => {
    const result = checkClaimForm(
      { type: "statement", source: "sana", summary: "Said.", actor: "saa", place: "idlib" },
      brief,
      NOW,
    );
    expect(result.ok && result.draft.about).toEqual(["saa", "idlib"]);
  });
});

describe("prefilling and reading form text", () => {
  it("quotes one sentence at most and finds the message's first link", () => {
    const message =
      "HTS entered Saraqib at dawn.  The army denies it. <https://example.org/a|source>";
    expect(firstSentence(message)).toBe("HTS entered Saraqib at dawn.");
    expect(isMoreThanOneSentence(firstSentence(message))).toBe(false);
    expect(firstLink(message)).toBe("https://example.org/a");
    expect(firstLink("see https://example.org/x).")).toBe("https://example.org/x");
    expect(firstLink("no link")).toBeUndefined();
  });

  it("reads times in the brief's zone, dates as dates, and counts with ranges", () => {
    expect(defaultReported(NOW, "Asia/Damascus")).toBe("2024-11-30 14:05");
    expect(readReported("2024-11-30 14:05", "Asia/Damascus")).toBe("2024-11-30T14:05:00+03:00");
    expect(readReported("2024-11-30", "Asia/Damascus")).toBe("2024-11-30");
    expect(readReported("2024-11-30T12:00:00Z", "Asia/Damascus")).toBe("2024-11-30T12:00:00Z");
    expect(readReported("2024-02-30", "Asia/Damascus")).toBeUndefined();
    expect(readCount("1,200")).toBe(1200);
    expect(readCount("100 - 200")).toEqual({ low: 100, high: 200 });
    expect(readCount("many")).toBeUndefined();
  });
});

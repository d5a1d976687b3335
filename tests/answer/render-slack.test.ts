import { describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/model.ts";
import { blocksTextLength, renderSlack } from "../../src/answer/render-slack.ts";
import { WHO_CONTROLS_ANSWER } from "./hostile-answers.ts";

function mrkdwn(text: string) {
  return { type: "mrkdwn", text, verbatim: true };
}

describe("renderSlack", () => {
  it("renders a disputed place as header, bold verdict, sections and context", () => {
    expect(renderSlack(WHO_CONTROLS_ANSWER).blocks).toEqual([
      { type: "header", text: { type: "plain_text", text: "Who controls Saraqib" } },
      {
        type: "section",
        text: mrkdwn("*Disputed: SOHR says HTS entered; the army says it holds it*"),
      },
      { type: "divider" },
      {
        type: "section",
        text: mrkdwn(
          [
            "*Saraqib*",
            "• HTS entered Saraqib — _SOHR (B2), via AFP, 29 Nov 2024, 2 days ago_",
            "        ↳ “five neighbourhoods in the west and south-west”",
            "• The army holds Saraqib — _SANA (E), 28 Nov 2024, 3 days ago_ *[stale]*",
          ].join("\n"),
        ),
      },
      { type: "divider" },
      {
        type: "section",
        text: mrkdwn(
          [
            "*Places inside it*",
            "• HTS controls the eastern district — _SOHR (B), 29 Nov 2024, 2 days ago_",
            "_… and 2 more_",
          ].join("\n"),
        ),
      },
      { type: "context", elements: [mrkdwn("SANA's newest claim is older than 48 hours.")] },
      { type: "context", elements: [mrkdwn("syria-northwest-2024 · as of 1 Dec 2024, 12:00")] },
    ]);
  });

  it("sends the plain rendering, escaped, as the notification fallback", () => {
    const { text } = renderSlack({
      kind: "answer",
      title: "Who controls <!channel>",
      sections: [{ title: "A", facts: [{ text: "x & *y*" }] }],
    });
    expect(text).toBe("Who controls &lt;!channel&gt;\n\nA\n  • x &amp; ∗y∗");
  });

  it("cuts a long answer's fallback at 4,000 characters inside the line it ends in", () => {
    const facts = Array.from({ length: 200 }, (_, i) => ({
      text: `fact ${i} & more ${"x".repeat(40)}`,
    }));
    const { text } = renderSlack({ kind: "answer", title: "Long", sections: [{ facts }] });
    expect(text.length).toBeLessThanOrEqual(4_000);
    expect(text.length).toBeGreaterThan(3_990);
    expect(text.endsWith("…")).toBe(true);
    const lines = text.split("\n");
    // Every line but the last is whole and escaped.
    expect(lines.slice(3, -1).every((l) => /^ {2}• fact \d+ &amp; more x{40}$/.test(l))).toBe(true);
  });

  it("cuts a long title to the header's 150 characters with an ellipsis", () => {
    const { blocks } = renderSlack({ kind: "answer", title: "a".repeat(1000), sections: [] });
    expect(blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: `${"a".repeat(149)}…` },
    });
  });

  it("shows at most ten notes and counts the rest", () => {
    const notes = Array.from({ length: 14 }, (_, i) => `note ${i}`);
    const { blocks } = renderSlack({ kind: "answer", title: "T", sections: [], notes });
    const context = blocks.at(-1);
    expect(context?.type === "context" && context.elements.map((e) => e.text)).toEqual([
      ...notes.slice(0, 9),
      "_… and 5 more notes_",
    ]);
  });

  it("counts the sections it has no room for, and keeps the footer last", () => {
    const answer: Answer = {
      kind: "answer",
      title: "Many",
      sections: Array.from({ length: 80 }, (_, i) => ({
        title: `S${i}`,
        facts: [{ text: "x".repeat(500) }, { text: "y" }],
      })),
      footer: "the footer",
    };
    const { blocks } = renderSlack(answer);
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(blocksTextLength(blocks)).toBeLessThanOrEqual(12_000);
    const shown = blocks.filter((b) => b.type === "divider").length;
    expect(blocks.at(-2)).toEqual({
      type: "context",
      elements: [mrkdwn(`_… and ${(80 - shown) * 2} more in ${80 - shown} more sections_`)],
    });
    expect(blocks.at(-1)).toEqual({ type: "context", elements: [mrkdwn("the footer")] });
  });

  it("splits a long section over several section blocks without losing a fact", () => {
    const facts = Array.from({ length: 40 }, (_, i) => ({ text: `fact ${i} ${"z".repeat(150)}` }));
    const { blocks } = renderSlack({ kind: "answer", title: "T", sections: [{ facts }] });
    const sections = blocks.filter((b) => b.type === "section");
    expect(sections.length).toBe(3);
    const text = sections.map((b) => (b.type === "section" ? b.text.text : "")).join("\n");
    for (const fact of facts) expect(text).toContain(`• ${fact.text}`);
  });
});

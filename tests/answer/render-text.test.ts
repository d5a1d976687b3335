import { describe, expect, it } from "vitest";
import { renderText, takeTextLines } from "../../src/answer/render-text.ts";
import { errorAnswer } from "../../src/answer/simple.ts";
import { TOLL_ANSWER, WHO_CONTROLS_ANSWER } from "./hostile-answers.ts";

describe("renderText", () => {
  it("renders a disputed place readably, with who says so on every line", () => {
    expect(renderText(WHO_CONTROLS_ANSWER)).toBe(
      [
        "Who controls Saraqib",
        "Disputed: SOHR says HTS entered; the army says it holds it",
        "",
        "Saraqib",
        "  • HTS entered Saraqib — SOHR (B2), via AFP, 29 Nov 2024, 2 days ago",
        "      “five neighbourhoods in the west and south-west”",
        "  • The army holds Saraqib — SANA (E), 28 Nov 2024, 3 days ago [stale]",
        "",
        "Places inside it",
        "  • HTS controls the eastern district — SOHR (B), 29 Nov 2024, 2 days ago",
        "  … and 2 more",
        "",
        "Note: SANA's newest claim is older than 48 hours.",
        "",
        "syria-northwest-2024 · as of 1 Dec 2024, 12:00",
      ].join("\n"),
    );
  });

  it("renders a toll without markup, styles dropped", () => {
    expect(renderText(TOLL_ANSWER)).toBe(
      [
        "Toll in Aleppo governorate",
        "Killed: SOHR and the UN count differently (different periods)",
        "",
        "Killed",
        "  • more than 255 people — SOHR (B), via Reuters, 30 Nov 2024, 14:30, 1 day ago",
        "      including 24 civilians",
        "  • at least 100 civilians — UN OCHA (A), 29 Nov 2024, 2 days ago",
        "",
        "Displaced",
        "  • about 48,500 people — UN OCHA (A), 30 Nov 2024, 1 day ago",
        "",
        "syria-northwest-2024 · as of 1 Dec 2024, 12:00",
      ].join("\n"),
    );
  });

  it("renders an error as its title and the note with the id", () => {
    expect(renderText(errorAnswer("0a1b2c3d"))).toBe(
      [
        "Something went wrong",
        "",
        "Note: I could not answer that. Error id 0a1b2c3d: the details are in the bot's log.",
      ].join("\n"),
    );
  });

  it("keeps brief text on its own line and out of the terminal's control", () => {
    const out = renderText({
      kind: "answer",
      title: "T\n\u001b[2Jcleared",
      sections: [{ facts: [{ text: "a\nb" }] }],
    });
    expect(out).toBe("T [2Jcleared\n\n  • a b");
  });
});

describe("takeTextLines", () => {
  it("gives the lines renderText joins, in order", () => {
    const lines: string[] = [];
    takeTextLines(WHO_CONTROLS_ANSWER, (line) => lines.push(line) > 0);
    expect(lines.join("\n")).toBe(renderText(WHO_CONTROLS_ANSWER));
  });

  it("words no line after the one it is told to stop at", () => {
    const lines: string[] = [];
    takeTextLines(WHO_CONTROLS_ANSWER, (line) => lines.push(line) < 4);
    expect(lines).toEqual([
      "Who controls Saraqib",
      "Disputed: SOHR says HTS entered; the army says it holds it",
      "",
      "Saraqib",
    ]);
  });
});

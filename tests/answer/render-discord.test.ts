import { describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/model.ts";
import {
  colourOf,
  DISCORD_COLOURS,
  embedsTextLength,
  renderDiscord,
} from "../../src/answer/render-discord.ts";
import { errorAnswer, usageAnswer } from "../../src/answer/simple.ts";
import { TOLL_ANSWER, WHO_CONTROLS_ANSWER } from "./hostile-answers.ts";

describe("renderDiscord", () => {
  it("renders a disputed place as one amber embed with a field per section", () => {
    expect(renderDiscord(WHO_CONTROLS_ANSWER)).toEqual({
      embeds: [
        {
          title: "Who controls Saraqib",
          description: [
            "**Disputed: SOHR says HTS entered; the army says it holds it**",
            "",
            "> SANA's newest claim is older than 48 hours.",
          ].join("\n"),
          color: DISCORD_COLOURS.disputed,
          fields: [
            {
              name: "Saraqib",
              value: [
                "• HTS entered Saraqib — *SOHR \\(B2\\), via AFP, 29 Nov 2024, 2 days ago*",
                "\u2003\u2003↳ “five neighbourhoods in the west and south\\-west”",
                "• The army holds Saraqib — *SANA \\(E\\), 28 Nov 2024, 3 days ago* **\\[stale\\]**",
              ].join("\n"),
            },
            {
              name: "Places inside it",
              value: [
                "• HTS controls the eastern district — *SOHR \\(B\\), 29 Nov 2024, 2 days ago*",
                "*… and 2 more*",
              ].join("\n"),
            },
          ],
          footer: { text: "syria-northwest-2024 · as of 1 Dec 2024, 12:00" },
        },
      ],
      allowed_mentions: { parse: [] },
    });
  });

  it("colours by kind, and amber only where the verdict says disputed", () => {
    expect(colourOf(TOLL_ANSWER)).toBe(DISCORD_COLOURS.answer);
    expect(colourOf(WHO_CONTROLS_ANSWER)).toBe(DISCORD_COLOURS.disputed);
    expect(colourOf(errorAnswer("x"))).toBe(DISCORD_COLOURS.error);
    expect(colourOf(usageAnswer("x"))).toBe(DISCORD_COLOURS.usage);
  });

  it("leaves the footer's markdown as typed, since Discord shows footers as plain text", () => {
    const { embeds } = renderDiscord({
      kind: "answer",
      title: "T",
      sections: [],
      footer: "brief_x · **as of** @here",
    });
    expect(embeds[0]?.footer).toEqual({ text: "brief_x · **as of** @\u200bhere" });
  });

  it("spreads many sections over embeds of 25 fields, the footer on the last", () => {
    const answer: Answer = {
      kind: "answer",
      title: "T",
      sections: Array.from({ length: 60 }, (_, i) => ({ title: `S${i}`, facts: [{ text: "x" }] })),
      footer: "end",
    };
    const { embeds } = renderDiscord(answer);
    expect(embeds.map((e) => e.fields?.length)).toEqual([25, 25, 10]);
    expect(embeds.map((e) => e.title)).toEqual(["T", undefined, undefined]);
    expect(embeds.map((e) => e.footer?.text)).toEqual([undefined, undefined, "end"]);
  });

  it("continues a long section in fields without a name and counts what is left", () => {
    const facts = Array.from({ length: 100 }, (_, i) => ({ text: `fact ${i} ${"z".repeat(80)}` }));
    const { embeds } = renderDiscord({
      kind: "answer",
      title: "T",
      sections: [{ title: "S", facts }],
    });
    const fields = embeds.flatMap((e) => e.fields ?? []);
    expect(fields[0]?.name).toBe("S");
    expect(fields.slice(1).every((f) => f.name === "\u200b")).toBe(true);
    expect(fields.every((f) => f.value.length <= 1024)).toBe(true);
    expect(embedsTextLength(embeds)).toBeLessThanOrEqual(6000);
    const shown = fields.reduce((n, f) => n + (f.value.match(/^• fact/gm)?.length ?? 0), 0);
    expect(fields.at(-1)?.value.endsWith(`*… and ${100 - shown} more*`)).toBe(true);
  });
});

// Bidirectional overrides and control characters in untrusted text (a brief's, or what a user
// typed) never reach an answer, on any renderer; a name with a NUL in it still finds its place;
// and every CLI subcommand answers --help.
import { describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/model.ts";
import { escapeXml } from "../../src/answer/pictures/svg.ts";
import { renderDiscord } from "../../src/answer/render-discord.ts";
import { renderSlack } from "../../src/answer/render-slack.ts";
import { renderText } from "../../src/answer/render-text.ts";
import { runCli } from "../../src/cli/main.ts";
import { ask, chatStore } from "../fixtures/briefs.ts";

const HOSTILE = "Sara\u202eqib\u0000 \u2066held\u2069\u200f by \u001b[31mHTS\u0007";
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const answer: Answer = {
  kind: "answer",
  title: HOSTILE,
  verdict: [{ text: HOSTILE, style: "bold" }],
  sections: [{ title: HOSTILE, facts: [{ text: HOSTILE, detail: HOSTILE }] }],
  notes: [HOSTILE],
  footer: HOSTILE,
};

describe("untrusted text in every renderer", () => {
  it.each([
    ["text", () => renderText(answer)],
    ["Slack", () => JSON.stringify(renderSlack(answer))],
    ["Discord", () => JSON.stringify(renderDiscord(answer))],
    ["SVG", () => escapeXml(HOSTILE)],
  ])("%s: no bidi override, isolate or control character survives", (_name, render) => {
    const out = render();
    // JSON escapes controls as \\u00XX: look at the decoded text too.
    expect(out).not.toMatch(FORBIDDEN);
    expect(out).not.toMatch(/\\u00[01][0-9a-f]|\\u202e|\\u206[6-9]/i);
    expect(out).toContain("Saraqib");
  });
});

describe("names with invisible characters", () => {
  it("finds Saraqib when the name has a NUL or a right-to-left override in it", async () => {
    for (const name of ["Sara\u0000qib", "\u202eSaraqib", "Sara\u200bqib"]) {
      const { text } = await ask(chatStore(), "who-controls", { place: name });
      expect(text).toMatch(/^Who controls Saraqib/);
      expect(text).not.toMatch(/No place called/);
    }
  });
});

describe("sitrep <subcommand> --help", () => {
  it.each(["subscribe", "validate", "ask"])(
    "%s --help prints its usage and exits 0",
    async (name) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli([name, "--help"], {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        env: {},
        now: () => 0,
        cwd: process.cwd(),
      });
      expect(code).toBe(0);
      expect(out.join("\n")).toMatch(new RegExp(`^Usage: sitrep ${name} `));
      expect(err).toEqual([]);
    },
  );
});

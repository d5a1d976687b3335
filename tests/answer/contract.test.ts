// The one contract every renderer keeps, over hostile and ordinary answers: nothing is lost
// silently, the platform's limits hold (checked against the platforms' own specs, not against our
// constants), and nothing injected through brief text survives as a mention, link or markup.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { normalizeText } from "../../src/answer/escape.ts";
import { type Answer, type Fact, plain } from "../../src/answer/model.ts";
import { type DiscordMessage, renderDiscord } from "../../src/answer/render-discord.ts";
import { renderSlack, type SlackBlock, type SlackMessage } from "../../src/answer/render-slack.ts";
import { renderText } from "../../src/answer/render-text.ts";
import { HOSTILE_ANSWERS, type NamedAnswer, ORDINARY_ANSWERS } from "./hostile-answers.ts";

// The platforms' own specs, copied into the repository (specs/*/SOURCE.md says from where).
const SPECS = fileURLToPath(new URL("../../specs", import.meta.url));

// Slack: the limits its Python SDK enforces, read from the TSV, and the ones only its docs give.
const slackTsv = new Map<string, number>(
  readFileSync(`${SPECS}/slack/block-kit-limits.tsv`, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((row) => row.split("\t"))
    .map(([cls, attribute, value]): [string, number] => [`${cls}.${attribute}`, Number(value)]),
);
function slackLimit(key: string): number {
  const value = slackTsv.get(key);
  if (value === undefined || Number.isNaN(value)) throw new Error(`no ${key} in the TSV`);
  return value;
}
const SLACK = {
  headerText: slackLimit("HeaderBlock.text_max_length"),
  sectionText: slackLimit("SectionBlock.text_max_length"),
  contextElements: slackLimit("ContextBlock.elements_max_length"),
  blockId: slackLimit("Block.block_id_max_length"),
  // From SOURCE.md (Slack's docs): not in the SDK.
  blocks: 50,
  blocksText: 13_000,
  fallbackText: 40_000,
};

// Discord: its OpenAPI schemas, plus the 6000-character rule its docs state.
const discordSchema = JSON.parse(
  readFileSync(`${SPECS}/discord/message_embed_schemas.subset.json`, "utf8"),
) as object;
// ajv is CommonJS: under NodeNext its class is the default export's `default`.
const ajv = new Ajv2020.default({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema(discordSchema, "discord");
function discordValidator(def: string) {
  const validate = ajv.getSchema(`discord#/$defs/${def}`);
  if (validate === undefined) throw new Error(`no ${def} in the Discord schema`);
  return validate;
}
const validateEmbed = discordValidator("RichEmbed");
const validateMessage = discordValidator("MessageCreateRequest");
const validateCallback = discordValidator("CreateMessageInteractionCallbackRequest");
const DISCORD_TOTAL = 6000;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// A zero-width joiner must join two characters: one before an ellipsis or an end was cut.
const CUT_CLUSTER = /\u200d(?!\p{Extended_Pictographic})/u;
const MORE = /… and ([\d,]+) more(?! sections?\b| notes?\b)/g;

function slackTexts(message: SlackMessage): { mrkdwn: string[]; plain: string[] } {
  const mrkdwn: string[] = [];
  const plainTexts: string[] = [];
  for (const block of message.blocks) {
    if (block.type === "header") plainTexts.push(block.text.text);
    else if (block.type === "section") mrkdwn.push(block.text.text);
    else if (block.type === "context") mrkdwn.push(...block.elements.map((e) => e.text));
  }
  return { mrkdwn, plain: plainTexts };
}

function discordTexts(message: DiscordMessage): { markdown: string[]; plain: string[] } {
  const markdown: string[] = [];
  const plainTexts: string[] = [];
  for (const embed of message.embeds) {
    if (embed.title !== undefined) markdown.push(embed.title);
    if (embed.description !== undefined) markdown.push(embed.description);
    for (const field of embed.fields ?? []) markdown.push(field.name, field.value);
    if (embed.footer !== undefined) plainTexts.push(embed.footer.text);
  }
  return { markdown, plain: plainTexts };
}

/** What a reader sees: a rough reading of each platform's markup, enough to find fact texts. */
const LOOKALIKES: Record<string, string> = { "∗": "*", ˍ: "_", "∼": "~", ˋ: "`" };
function seenOnSlack(mrkdwn: string): string {
  return mrkdwn
    .replace(/[*_`]/g, "")
    .replace(/[∗ˍ∼ˋ]/g, (c) => LOOKALIKES[c] ?? c)
    .replaceAll("\u200b", "")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}
function seenOnDiscord(markdown: string): string {
  return markdown
    .replace(/(?<!\\)(\*\*|\*|`)/g, "")
    .replace(/\\(.)/g, "$1")
    .replaceAll("ˋ", "`")
    .replaceAll("\u200b", "");
}

interface Rendered {
  /** Everything a reader sees, as plain text. */
  readonly seen: string;
}

interface RendererUnderTest {
  readonly name: string;
  render(answer: Answer): Rendered;
}

const RENDERERS: readonly RendererUnderTest[] = [
  {
    name: "text",
    render(answer) {
      const text = renderText(answer);
      // No markup to escape on a terminal; what matters is that brief text cannot drive it.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      expect(text).not.toMatch(LONE_SURROGATE);
      return { seen: text };
    },
  },
  {
    name: "slack",
    render(answer) {
      const message = renderSlack(answer);
      checkSlackLimits(message.blocks, message.text);
      const { mrkdwn, plain: plainTexts } = slackTexts(message);
      for (const text of [...mrkdwn, message.text]) checkSlackMrkdwn(text);
      for (const text of [...mrkdwn, ...plainTexts, message.text]) {
        expect(text).not.toMatch(LONE_SURROGATE);
        expect(text).not.toMatch(CUT_CLUSTER);
      }
      return { seen: [...plainTexts, ...mrkdwn.map(seenOnSlack)].join("\n") };
    },
  },
  {
    name: "discord",
    render(answer) {
      const message = renderDiscord(answer);
      checkDiscordLimits(message);
      const { markdown, plain: plainTexts } = discordTexts(message);
      for (const text of markdown) checkDiscordMarkdown(text);
      for (const text of [...markdown, ...plainTexts]) {
        expect(text).not.toMatch(/@(everyone|here)/);
        expect(text).not.toMatch(LONE_SURROGATE);
        expect(text).not.toMatch(CUT_CLUSTER);
      }
      return { seen: [...markdown.map(seenOnDiscord), ...plainTexts].join("\n") };
    },
  },
];

function checkSlackLimits(blocks: readonly SlackBlock[], fallback: string): void {
  expect(blocks.length).toBeLessThanOrEqual(SLACK.blocks);
  let total = 0;
  for (const block of blocks) {
    expect((block as { block_id?: string }).block_id?.length ?? 0).toBeLessThanOrEqual(
      SLACK.blockId,
    );
    if (block.type === "header") {
      expect(block.text.type).toBe("plain_text");
      expect(block.text.text.length).toBeGreaterThanOrEqual(1);
      expect(block.text.text.length).toBeLessThanOrEqual(SLACK.headerText);
      total += block.text.text.length;
    } else if (block.type === "section") {
      expect(block.text.text.length).toBeGreaterThanOrEqual(1);
      expect(block.text.text.length).toBeLessThanOrEqual(SLACK.sectionText);
      total += block.text.text.length;
    } else if (block.type === "context") {
      expect(block.elements.length).toBeGreaterThanOrEqual(1);
      expect(block.elements.length).toBeLessThanOrEqual(SLACK.contextElements);
      for (const element of block.elements) {
        expect(element.text.length).toBeGreaterThanOrEqual(1);
        expect(element.text.length).toBeLessThanOrEqual(SLACK.sectionText);
        total += element.text.length;
      }
    }
  }
  expect(total).toBeLessThanOrEqual(SLACK.blocksText);
  expect(fallback.length).toBeGreaterThanOrEqual(1);
  expect(fallback.length).toBeLessThanOrEqual(SLACK.fallbackText);
}

function checkSlackMrkdwn(mrkdwn: string): void {
  // Code spans show as typed (backticks inside brief text become look-alikes, so every pair is
  // ours), but entities still count in them: only the formatting checks leave them out.
  const text = mrkdwn;
  const outside = mrkdwn.replace(/`[^`]*`/g, "");
  // Nothing of ours needs `<`, so any is a mention, link or command that got through.
  expect(text).not.toContain("<");
  expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
  expect(text).not.toMatch(/^&gt;/m);
  expect(text).not.toMatch(/@(everyone|here|channel)/);
  // Slack has no spoilers, headings or masked links: only these would format.
  for (const raw of ["**bold**", "`code`", "~~strike~~", "_italic_"]) {
    expect(outside).not.toContain(raw);
  }
}

function checkDiscordLimits(message: DiscordMessage): void {
  expect(message.allowed_mentions).toEqual({ parse: [] });
  expect(message.embeds.length).toBeGreaterThanOrEqual(1);
  for (const embed of message.embeds) {
    expect(validateEmbed(embed), JSON.stringify(validateEmbed.errors)).toBe(true);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeGreaterThanOrEqual(1);
      expect(field.value.length).toBeGreaterThanOrEqual(1);
    }
    const shown = [embed.title, embed.description, embed.fields?.length, embed.footer];
    expect(shown.some((part) => part !== undefined && part !== "")).toBe(true);
  }
  expect(validateMessage(message), JSON.stringify(validateMessage.errors)).toBe(true);
  const callback = { type: 4, data: message };
  expect(validateCallback(callback), JSON.stringify(validateCallback.errors)).toBe(true);
  let total = 0;
  for (const embed of message.embeds) {
    total += (embed.title ?? "").length + (embed.description ?? "").length;
    total += (embed.footer?.text ?? "").length;
    for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  }
  expect(total).toBeLessThanOrEqual(DISCORD_TOTAL);
}

function checkDiscordMarkdown(text: string): void {
  // Code spans show as typed (backticks inside brief text become look-alikes, so every pair is
  // ours); everywhere else every backslash must escape a markup character.
  const outside = text.replace(/`[^`]*`/g, "");
  expect(outside).not.toMatch(/(?<!\\)(\\\\)*\\(?![\\*_~`|>#\-[\]()<])/);
  expect(outside).not.toMatch(/(?<!\\)</);
  expect(outside).not.toContain("](http");
  expect(outside).not.toMatch(/^(#|-#|\d+\.)/m);
  expect(outside).not.toMatch(/^>(?! )/m);
  for (const raw of ["**bold**", "`code`", "~~strike~~", "_italic_", "||spoiler||"]) {
    expect(outside).not.toContain(raw);
  }
}

/** A fact's key: its marker in hostile answers, its whole text in ordinary ones. */
function keyOf(fact: Fact): string {
  const text = normalizeText(plain(fact.text));
  return /^F\d+n\d+x/.exec(text)?.[0] ?? text;
}

function checkNothingLost(answer: Answer, seen: string): void {
  const markers = new Set(seen.match(/F\d+n\d+x/g));
  let expected = 0;
  let shown = 0;
  for (const section of answer.sections) {
    expected += section.facts.length + (section.more ?? 0);
    for (const fact of section.facts) {
      const key = keyOf(fact);
      if (markers.has(key) || seen.includes(key)) shown += 1;
    }
  }
  let counted = 0;
  for (const match of seen.matchAll(MORE)) counted += Number(match[1]!.replaceAll(",", ""));
  expect(shown + counted).toBe(expected);
}

describe.each(RENDERERS)("the $name renderer", (renderer) => {
  describe.each<NamedAnswer>([...HOSTILE_ANSWERS, ...ORDINARY_ANSWERS])(
    "given $name",
    ({ answer }) => {
      it("keeps its platform's limits and lets no injection through", () => {
        renderer.render(answer);
      });

      it("shows every fact or counts it in an '… and N more'", () => {
        checkNothingLost(answer, renderer.render(answer).seen);
      });
    },
  );

  it("counts the notes a command left out in its '… and N more notes'", () => {
    const notes = Array.from(
      { length: 40 },
      (_, i) => `Killed, place ${i}: figures range from 1 to 9.`,
    );
    const answer: Answer = {
      kind: "answer",
      title: "Toll",
      sections: [],
      notes,
      moreNotes: 58_000,
      footer: "Brief · as of now",
    };
    const { seen } = renderer.render(answer);
    const shown = notes.filter((note) => seen.includes(note)).length;
    const counted = Number(/… and ([\d,]+) more notes/.exec(seen)?.[1]?.replaceAll(",", ""));
    expect(shown + counted).toBe(notes.length + 58_000);
  });

  describe.each<NamedAnswer>(ORDINARY_ANSWERS)("given the ordinary answer $name", ({ answer }) => {
    it("shows the title, every fact whole, every note and the footer", () => {
      const { seen } = renderer.render(answer);
      expect(seen).toContain(answer.title);
      for (const section of answer.sections) {
        if (section.title !== undefined) expect(seen).toContain(section.title);
        for (const fact of section.facts) expect(seen).toContain(plain(fact.text));
      }
      for (const note of answer.notes ?? []) expect(seen).toContain(plain(note));
      if (answer.footer !== undefined) expect(seen).toContain(answer.footer);
      expect(seen.replace(MORE, "")).not.toContain("…");
    });
  });
});

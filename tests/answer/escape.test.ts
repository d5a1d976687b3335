import { describe, expect, it } from "vitest";
import {
  escapeDiscordMarkdown,
  escapeDiscordPlain,
  escapeSlackMrkdwn,
  guardSlackLineStart,
  normalizeText,
} from "../../src/answer/escape.ts";

const ZWSP = "\u200b";

describe("normalizeText", () => {
  it("puts every line break on one line as a space", () => {
    expect(normalizeText("a\r\nb\nc\rd\u2028e\u0085f\tg")).toBe("a b c d e f g");
  });

  it("drops terminal escapes and other control characters", () => {
    expect(normalizeText("\u001b[31mred\u001b[0m\u0000\u009b\u0007")).toBe("[31mred[0m");
  });

  it("replaces lone surrogates and keeps pairs", () => {
    expect(normalizeText("\ud83d x \ude00 😀")).toBe("\ufffd x \ufffd 😀");
  });
});

describe("escapeSlackMrkdwn", () => {
  it("turns &, < and > into entities so mentions and links show as typed", () => {
    expect(escapeSlackMrkdwn("<!channel> <@U123> <http://x|y> a&b")).toBe(
      `&lt;!channel&gt; &lt;@${ZWSP}U123&gt; &lt;http://x|y&gt; a&amp;b`,
    );
  });

  it("swaps formatting characters for look-alikes Slack does not parse", () => {
    expect(escapeSlackMrkdwn("*b* _i_ ~s~ `c`")).toBe("∗b∗ ˍiˍ ∼s∼ ˋcˋ");
  });

  it("puts a zero-width space after @ so a bare @channel cannot ping", () => {
    expect(escapeSlackMrkdwn("@channel @here")).toBe(`@${ZWSP}channel @${ZWSP}here`);
  });

  it("leaves * _ ~ alone inside code, where Slack does not read them, but not entities", () => {
    expect(escapeSlackMrkdwn("a*b_c <x> `d`", "code")).toBe("a*b_c &lt;x&gt; ˋdˋ");
  });

  it("escapes a string exactly as it escapes its characters one by one", () => {
    const text = "&<>*_~`@ plain é 😀";
    expect([...text].map((c) => escapeSlackMrkdwn(c)).join("")).toBe(escapeSlackMrkdwn(text));
  });
});

describe("guardSlackLineStart", () => {
  it("keeps an escaped > at the start of a line from becoming a quote", () => {
    expect(guardSlackLineStart("&gt; quote")).toBe(`${ZWSP}&gt; quote`);
    expect(guardSlackLineStart("a &gt; b")).toBe("a &gt; b");
  });
});

describe("escapeDiscordMarkdown", () => {
  it("backslash-escapes every character that can start markup", () => {
    expect(escapeDiscordMarkdown("\\*_~`|>#-[]()<")).toBe(
      "\\\\\\*\\_\\~ˋ\\|\\>\\#\\-\\[\\]\\(\\)\\<",
    );
  });

  it("shows masked links, headings and mentions as typed", () => {
    expect(escapeDiscordMarkdown("[x](http://evil) # h <@123> <@&1> <#2>")).toBe(
      `\\[x\\]\\(http://evil\\) \\# h \\<@${ZWSP}123\\> \\<@${ZWSP}&1\\> \\<\\#2\\>`,
    );
  });

  it("defuses @everyone and @here with a zero-width space", () => {
    expect(escapeDiscordMarkdown("@everyone @here")).toBe(`@${ZWSP}everyone @${ZWSP}here`);
  });

  it("leaves code spans as typed but for backticks and @", () => {
    expect(escapeDiscordMarkdown("a*b [x](y) `c` @here", "code")).toBe(
      `a*b [x](y) ˋcˋ @${ZWSP}here`,
    );
  });

  it("escapes a string exactly as it escapes its characters one by one", () => {
    const text = "\\*_~`|>#-[]()<@ plain é 😀";
    expect([...text].map((c) => escapeDiscordMarkdown(c)).join("")).toBe(
      escapeDiscordMarkdown(text),
    );
  });
});

describe("escapeDiscordPlain", () => {
  it("only defuses mentions, since footers show markdown as typed", () => {
    expect(escapeDiscordPlain("**x** @everyone")).toBe(`**x** @${ZWSP}everyone`);
  });
});

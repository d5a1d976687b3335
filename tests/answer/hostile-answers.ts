// Test data for the renderer contract: hostile answers (every field at its longest, astral
// characters at every cut point, mention and markdown injection in every field) and ordinary
// answers. Every fact's text starts with a marker `F<section>n<fact>x` that no escaping changes,
// so a test can tell which facts a rendering shows.
import type { Answer, Attribution, Fact, Section } from "../../src/answer/model.ts";
import { errorAnswer, usageAnswer } from "../../src/answer/simple.ts";

export interface NamedAnswer {
  readonly name: string;
  readonly answer: Answer;
}

/** Everything a brief could try to ping, link or format with, on Slack and on Discord. */
export const INJECTIONS = [
  "@everyone",
  "@here",
  "@channel",
  "<!channel>",
  "<!here>",
  "<!everyone>",
  "<@U123>",
  "<@123456789012345678>",
  "<@&1>",
  "<#123>",
  "<#C123|general>",
  "<http://evil|click>",
  "[x](http://evil)",
  "**bold**",
  "`code`",
  "```block```",
  "~~strike~~",
  "_italic_",
  "||spoiler||",
  "&lt;!channel&gt;",
  "\\",
  "\n> quote",
  "\n# heading",
  "\n-# subtext",
  "\n1. list",
] as const;

export const HOSTILE = INJECTIONS.join(" ");

/** Astral characters and grapheme clusters of several code units, to land on every cut point. */
const ASTRAL = ["😀", "👨‍👩‍👧‍👦", "🇸🇾", "𝔸", "e\u0301", "🏳️‍🌈"] as const;

function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** Text of `length` code units made of `unit`, without cutting a cluster at the end. */
function clusters(unit: string, length: number): string {
  return unit.repeat(Math.max(1, Math.floor(length / unit.length)));
}

function marker(section: number, fact: number): string {
  return `F${section}n${fact}x`;
}

const HOSTILE_ATTRIBUTION: Attribution = {
  source: `SOHR ${HOSTILE}`,
  grade: "B",
  credibility: 2,
  via: `AFP ${HOSTILE}`,
  when: `29 Nov 2024 ${HOSTILE}`,
  age: `2 days ago ${HOSTILE}`,
  stale: true,
};

const PLAIN_ATTRIBUTION: Attribution = {
  source: "SOHR",
  grade: "B",
  via: "AFP",
  when: "29 Nov 2024",
  age: "2 days ago",
};

function injectedFact(section: number, fact: number): Fact {
  return {
    text: [
      { text: `${marker(section, fact)} ${HOSTILE} ` },
      { text: HOSTILE, style: "bold" },
      { text: ` ${HOSTILE} `, style: "italic" },
      { text: HOSTILE, style: "code" },
    ],
    attribution: [HOSTILE_ATTRIBUTION, PLAIN_ATTRIBUTION],
    detail: [{ text: `"${HOSTILE}"` }, { text: HOSTILE, style: "bold" }],
  };
}

function longFact(section: number, fact: number, body: string): Fact {
  return {
    text: `${marker(section, fact)} ${body}`,
    attribution: [PLAIN_ATTRIBUTION],
    detail: body,
  };
}

function shortFact(section: number, fact: number): Fact {
  return {
    text: `${marker(section, fact)} HTS entered the town`,
    attribution: [PLAIN_ATTRIBUTION],
  };
}

function sections(count: number, facts: (section: number) => Fact[]): Section[] {
  return Array.from({ length: count }, (_, s) => ({ title: `Section ${s}`, facts: facts(s) }));
}

const FACT_BODIES = [
  repeatTo("a", 5000),
  clusters(ASTRAL[0], 5000),
  clusters(ASTRAL[1], 5000),
  clusters(ASTRAL[2], 5000),
  clusters(ASTRAL[3], 5000),
  clusters(ASTRAL[4], 5000),
  clusters(ASTRAL[5], 5000),
  repeatTo("&<>", 5000),
  repeatTo("\\*_~`|>#-[]()<@", 5000),
  repeatTo(`${HOSTILE} `, 5000),
  repeatTo(`a${ASTRAL[0]}`, 5000),
] as const;

export const HOSTILE_ANSWERS: readonly NamedAnswer[] = [
  {
    name: "injection in every field",
    answer: {
      kind: "answer",
      title: HOSTILE,
      verdict: [{ text: `Disputed: ${HOSTILE} ` }, { text: HOSTILE, style: "code" }],
      sections: [
        ...sections(3, (s) => [injectedFact(s, 0), injectedFact(s, 1)]).map((section) => ({
          ...section,
          title: `${section.title} ${HOSTILE}`,
        })),
        { facts: [injectedFact(3, 0)], more: 4 },
      ],
      notes: [HOSTILE, [{ text: HOSTILE, style: "bold" }], `> ${HOSTILE}`],
      footer: HOSTILE,
    },
  },
  {
    name: "a 1,000-character title and a 10,000-character verdict of astral characters",
    answer: {
      kind: "answer",
      title: `T${clusters(ASTRAL[1], 999)}`,
      verdict: [
        { text: clusters(ASTRAL[0], 5000) },
        { text: clusters(ASTRAL[5], 5000), style: "bold" },
      ],
      sections: [{ title: clusters(ASTRAL[2], 1000), facts: [shortFact(0, 0)] }],
      footer: clusters(ASTRAL[3], 5000),
    },
  },
  {
    name: "facts of 5,000 characters of every kind",
    answer: {
      kind: "answer",
      title: "Long facts",
      sections: [
        { title: "Long", facts: FACT_BODIES.map((body, i) => longFact(0, i, body)) },
        { title: "Escape-heavy", facts: [longFact(1, 0, repeatTo("<", 5000))] },
      ],
    },
  },
  {
    name: "a fact with 40 attributions",
    answer: {
      kind: "answer",
      title: "Many sources",
      sections: [
        {
          facts: [
            {
              text: `${marker(0, 0)} the town changed hands`,
              attribution: Array.from({ length: 40 }, () => HOSTILE_ATTRIBUTION),
              detail: repeatTo("detail ", 3000),
            },
          ],
        },
      ],
    },
  },
  {
    name: "500 facts in one section",
    answer: {
      kind: "answer",
      title: "Many facts",
      sections: [
        { title: "All", facts: Array.from({ length: 500 }, (_, i) => shortFact(0, i)), more: 7 },
      ],
    },
  },
  {
    name: "500 long facts in one section",
    answer: {
      kind: "answer",
      title: "Many long facts",
      sections: [
        {
          title: "All",
          facts: Array.from({ length: 500 }, (_, i) =>
            longFact(0, i, FACT_BODIES[i % FACT_BODIES.length]!),
          ),
        },
      ],
    },
  },
  {
    name: "60 sections",
    answer: {
      kind: "answer",
      title: "Many sections",
      sections: sections(60, (s) => Array.from({ length: 10 }, (_, i) => shortFact(s, i))).map(
        (section, s) => (s % 7 === 0 ? { ...section, more: s } : section),
      ),
      notes: ["A note."],
      footer: "syria-northwest-2024 · as of 1 Dec 2024",
    },
  },
  {
    name: "60 sections of one short fact",
    answer: {
      kind: "answer",
      title: "Many small sections",
      sections: sections(60, (s) => [{ text: marker(s, 0) }]),
    },
  },
  {
    name: "30 notes of 10,000 characters",
    answer: {
      kind: "answer",
      title: "Long notes",
      verdict: "Disputed",
      sections: [{ title: "One", facts: [shortFact(0, 0), shortFact(0, 1)] }],
      notes: Array.from({ length: 30 }, (_, i) => FACT_BODIES[i % FACT_BODIES.length]!.repeat(2)),
      footer: repeatTo(`${HOSTILE} `, 10_000),
    },
  },
  {
    name: "40 short notes",
    answer: {
      kind: "answer",
      title: "Many notes",
      sections: [{ facts: [shortFact(0, 0)] }],
      notes: Array.from({ length: 40 }, (_, i) => `Note ${i}: ${HOSTILE}`.slice(0, 40)),
    },
  },
  {
    name: "everything at its longest at once",
    answer: {
      kind: "answer",
      title: repeatTo(`${HOSTILE}${ASTRAL[1]}`, 1000),
      verdict: repeatTo(`${HOSTILE}${ASTRAL[0]}`, 10_000),
      sections: sections(60, (s) =>
        Array.from({ length: 50 }, (_, i) =>
          i % 10 === 0 ? longFact(s, i, FACT_BODIES[s % FACT_BODIES.length]!) : injectedFact(s, i),
        ),
      ).map((section) => ({
        ...section,
        title: repeatTo(`${HOSTILE}${ASTRAL[2]}`, 1000),
        more: 3,
      })),
      notes: Array.from({ length: 30 }, () => repeatTo(`${HOSTILE}${ASTRAL[5]}`, 10_000)),
      footer: repeatTo(`${HOSTILE}${ASTRAL[3]}`, 10_000),
    },
  },
  {
    name: "control characters and lone surrogates",
    answer: {
      kind: "answer",
      title: "\u001b[31mred\u001b[0m \ud800 title\u0000",
      verdict: "a\r\nb\u0085c\u2028d\u009be",
      sections: [
        {
          title: "\u0007bell",
          facts: [
            { text: `${marker(0, 0)} \ud83d lone high`, detail: "lone low \ude00" },
            { text: `${marker(0, 1)} tab\there`, attribution: [PLAIN_ATTRIBUTION] },
          ],
        },
      ],
      notes: ["\u001b]0;title\u0007"],
      footer: "\u0000",
    },
  },
  {
    name: "blanks everywhere",
    answer: {
      kind: "answer",
      title: "   ",
      verdict: [],
      sections: [
        { facts: [] },
        { title: "", facts: [] },
        { title: "Only a heading", facts: [] },
        { facts: [], more: 12 },
        { facts: [{ text: `${marker(4, 0)}`, detail: "" }] },
      ],
      notes: ["", []],
      footer: "",
    },
  },
];

export const WHO_CONTROLS_ANSWER: Answer = {
  kind: "answer",
  title: "Who controls Saraqib",
  verdict: [
    { text: "Disputed", style: "bold" },
    { text: ": SOHR says HTS entered; the army says it holds it" },
  ],
  control: {
    place: "saraqib",
    kind: "disputed",
    stale: false,
    parties: [
      {
        party: "government",
        name: "Syrian army",
        standing: "holds",
        extent: "full",
        sources: ["Syrian army"],
      },
      { party: "opposition", name: "HTS", standing: "present", extent: "full", sources: ["SOHR"] },
    ],
    evidence: [
      { source: "SOHR", date: "29 Nov", at: 0 },
      {
        source: "Syrian army",
        date: "29 Nov",
        at: 0,
        party: "government",
        mark: "speaking for the government",
      },
    ],
  },
  sections: [
    {
      title: "Saraqib",
      facts: [
        {
          text: "HTS entered Saraqib",
          attribution: [
            {
              source: "SOHR",
              grade: "B",
              credibility: 2,
              via: "AFP",
              when: "29 Nov 2024",
              age: "2 days ago",
            },
          ],
          detail: "“five neighbourhoods in the west and south-west”",
        },
        {
          text: "The army holds Saraqib",
          attribution: [
            { source: "SANA", grade: "E", when: "28 Nov 2024", age: "3 days ago", stale: true },
          ],
        },
      ],
    },
    {
      title: "Places inside it",
      facts: [
        {
          text: "HTS controls the eastern district",
          attribution: [{ source: "SOHR", grade: "B", when: "29 Nov 2024", age: "2 days ago" }],
        },
      ],
      more: 2,
    },
  ],
  notes: ["SANA's newest claim is older than 48 hours."],
  footer: "syria-northwest-2024 · as of 1 Dec 2024, 12:00",
};

export const TOLL_ANSWER: Answer = {
  kind: "answer",
  title: "Toll in Aleppo governorate",
  verdict: "Killed: SOHR and the UN count differently (different periods)",
  sections: [
    {
      title: "Killed",
      facts: [
        {
          text: [{ text: "more than 255", style: "bold" }, { text: " people" }],
          attribution: [
            {
              source: "SOHR",
              grade: "B",
              via: "Reuters",
              when: "30 Nov 2024, 14:30",
              age: "1 day ago",
            },
          ],
          detail: "including 24 civilians",
        },
        {
          text: [{ text: "at least 100", style: "bold" }, { text: " civilians" }],
          attribution: [{ source: "UN OCHA", grade: "A", when: "29 Nov 2024", age: "2 days ago" }],
        },
      ],
    },
    {
      title: "Displaced",
      facts: [
        {
          text: [{ text: "about 48,500", style: "bold" }, { text: " people" }],
          attribution: [{ source: "UN OCHA", grade: "A", when: "30 Nov 2024", age: "1 day ago" }],
        },
      ],
    },
  ],
  footer: "syria-northwest-2024 · as of 1 Dec 2024, 12:00",
};

export const ORDINARY_ANSWERS: readonly NamedAnswer[] = [
  { name: "who controls a disputed town", answer: WHO_CONTROLS_ANSWER },
  { name: "a toll with two sections", answer: TOLL_ANSWER },
  {
    name: "a place that is not found",
    answer: {
      kind: "not-found",
      title: "No place called Sarakib",
      sections: [{ title: "Did you mean", facts: [{ text: "Saraqib" }, { text: "Sarmin" }] }],
    },
  },
  { name: "a usage hint", answer: usageAnswer("Say which place: /who-controls <place>") },
  { name: "an error", answer: errorAnswer("0a1b2c3d") },
];

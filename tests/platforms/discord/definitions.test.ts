import { ApplicationCommandOptionType } from "discord.js";
import { describe, expect, it } from "vitest";
import { commands } from "../../../commands/index.ts";
import { discordCommandBodies } from "../../../src/platforms/discord/definitions.ts";

const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

type Option = {
  name: string;
  description: string;
  type: number;
  options?: Option[];
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; value: string }[];
};

/** Every rule Discord applies to a chat-input command body that our definitions could break. */
function ruleBreaks(body: { name: string; description: string; options?: Option[] }): string[] {
  const breaks: string[] = [];
  const checkName = (name: string, where: string) => {
    if (!NAME.test(name) || name !== name.toLowerCase()) breaks.push(`${where}: bad name ${name}`);
  };
  const checkDescription = (text: string, where: string) => {
    if (text.length < 1 || text.length > 100) breaks.push(`${where}: description length`);
  };
  checkName(body.name, body.name);
  checkDescription(body.description, body.name);
  const options = body.options ?? [];
  if (options.length > 25) breaks.push(`${body.name}: more than 25 options`);
  if (new Set(options.map((o) => o.name)).size !== options.length) {
    breaks.push(`${body.name}: duplicate option names`);
  }
  let seenOptional = false;
  let characters = body.name.length + body.description.length;
  for (const option of options) {
    const where = `${body.name}.${option.name}`;
    checkName(option.name, where);
    checkDescription(option.description, where);
    if (option.required) {
      if (seenOptional) breaks.push(`${where}: required after optional`);
    } else seenOptional = true;
    if ((option.choices?.length ?? 0) > 25) breaks.push(`${where}: more than 25 choices`);
    if (option.autocomplete && option.choices !== undefined) {
      breaks.push(`${where}: autocomplete with choices`);
    }
    characters += option.name.length + option.description.length;
    for (const choice of option.choices ?? []) {
      if (choice.name.length < 1 || choice.name.length > 100) breaks.push(`${where}: choice name`);
      characters += choice.name.length + String(choice.value).length;
    }
  }
  if (characters > 4000) breaks.push(`${body.name}: over 4000 characters`);
  // A subcommand is an option whose own options follow the same rules.
  for (const sub of options.filter((o) => o.type === ApplicationCommandOptionType.Subcommand)) {
    breaks.push(...ruleBreaks(sub).map((b) => `${body.name} ${b}`));
  }
  return breaks;
}

describe("discordCommandBodies", () => {
  const bodies = discordCommandBodies(commands) as unknown as {
    name: string;
    description: string;
    options?: Option[];
  }[];

  it("registers every command of the registry, in its order", () => {
    expect(bodies.map((b) => b.name)).toEqual(commands.map((c) => c.definition.name));
  });

  it("keeps every command within Discord's naming, length, count and ordering rules", () => {
    expect(bodies.flatMap(ruleBreaks)).toEqual([]);
  });

  it("offers autocomplete on place and source options and fixed choices on choice options", () => {
    const toll = bodies.find((b) => b.name === "toll")!;
    const place = toll.options!.find((o) => o.name === "place")!;
    const metric = toll.options!.find((o) => o.name === "metric")!;
    expect(place).toMatchObject({ type: ApplicationCommandOptionType.String, autocomplete: true });
    expect(metric.choices!.map((c) => c.value)).toContain("killed");
    const sources = bodies.find((b) => b.name === "sources")!;
    expect(sources.options!.find((o) => o.name === "name")).toMatchObject({ autocomplete: true });
  });

  it("puts the required place of /who-controls first", () => {
    const whoControls = bodies.find((b) => b.name === "who-controls")!;
    expect(whoControls.options![0]).toMatchObject({ name: "place", required: true });
  });

  it("gives /who-controls a history boolean", () => {
    const whoControls = bodies.find((b) => b.name === "who-controls")!;
    expect(whoControls.options!.find((o) => o.name === "history")).toMatchObject({
      type: ApplicationCommandOptionType.Boolean,
      required: false,
    });
  });

  it("gives /toll a chart boolean and /who-controls a map boolean", () => {
    const toll = bodies.find((b) => b.name === "toll")!;
    const whoControls = bodies.find((b) => b.name === "who-controls")!;
    for (const [body, name] of [
      [toll, "chart"],
      [whoControls, "map"],
    ] as const) {
      expect(body.options!.find((o) => o.name === name)).toMatchObject({
        type: ApplicationCommandOptionType.Boolean,
        required: false,
      });
    }
  });

  it("gives every command and subcommand an optional share boolean", () => {
    const leaves = bodies.flatMap((body) => {
      const subs = body.options!.filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
      return subs.length > 0 ? subs : [body];
    });
    for (const leaf of leaves) {
      expect(leaf.options!.find((o) => o.name === "share")).toMatchObject({
        type: ApplicationCommandOptionType.Boolean,
      });
    }
  });

  it("registers /sitrep's subcommands from its definition, the summary itself first", () => {
    const sitrep = bodies.find((b) => b.name === "sitrep")!;
    const definition = commands.find((c) => c.definition.name === "sitrep")!.definition;
    expect(sitrep.options!.map((o) => [o.name, o.type])).toEqual(
      ["summary", ...definition.subcommands!.map((s) => s.name)].map((name) => [
        name,
        ApplicationCommandOptionType.Subcommand,
      ]),
    );
    const subscribe = sitrep.options!.find((o) => o.name === "subscribe")!;
    expect(subscribe.options!.map((o) => [o.name, o.type])).toEqual([
      ["time", ApplicationCommandOptionType.String],
      ["timezone", ApplicationCommandOptionType.String],
      ["empty", ApplicationCommandOptionType.Boolean],
      ["pictures", ApplicationCommandOptionType.Boolean],
      ["brief", ApplicationCommandOptionType.String],
      ["share", ApplicationCommandOptionType.Boolean],
    ]);
    expect(subscribe.options!.find((o) => o.name === "timezone")).toMatchObject({
      autocomplete: true,
    });
  });
});

// Picks a renderer by name, for the CLI (`--format`): text, the exact Slack or Discord payload,
// or the neutral model as JSON.
import type { Answer } from "./model.ts";
import { renderDiscord } from "./render-discord.ts";
import { renderSlack } from "./render-slack.ts";
import { renderText } from "./render-text.ts";

export const OUTPUT_FORMATS = ["text", "slack", "discord", "json"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function isOutputFormat(value: unknown): value is OutputFormat {
  return OUTPUT_FORMATS.includes(value as OutputFormat);
}

export function renderAnswer(answer: Answer, format: OutputFormat): string {
  switch (format) {
    case "text":
      return renderText(answer);
    case "slack":
      return JSON.stringify(renderSlack(answer), null, 2);
    case "discord":
      return JSON.stringify(renderDiscord(answer), null, 2);
    case "json":
      return JSON.stringify(answer, null, 2);
  }
}

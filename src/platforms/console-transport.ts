// Console mode's "channel": a Transport that prints each scheduled post as plain text to a stream.
import { renderText } from "../answer/render-text.ts";
import type { Transport } from "./transport.ts";

export interface TextSink {
  write(text: string): unknown;
}

export function createConsoleTransport(output: TextSink): Transport {
  return {
    platform: "console",
    async postMessage(channel, answer, options) {
      const what = answer.title.startsWith("Alert:") ? "alert" : "daily summary";
      const thread = options?.thread === undefined ? "" : `, thread ${options.thread}`;
      const mention =
        options?.mention === undefined
          ? ""
          : `, mentioning ${options.mention.kind} ${options.mention.id}`;
      output.write(`\n[${what} to #${channel}${thread}${mention}]\n${renderText(answer)}\n`);
      return "";
    },
  };
}

// Console mode's "channel": a Transport that prints each scheduled post as plain text to a stream.
import { renderText } from "../answer/render-text.ts";
import type { Transport } from "../platforms/transport.ts";

export interface TextSink {
  write(text: string): unknown;
}

export function createConsoleTransport(output: TextSink): Transport {
  return {
    platform: "console",
    async postMessage(channel, answer) {
      output.write(`\n[daily summary to #${channel}]\n${renderText(answer)}\n`);
      return "";
    },
  };
}

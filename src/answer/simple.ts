// Answers that are not about the brief: usage hints, refusals and failures. A failure shows an
// error id and nothing else; the details go to the log under that id.
import { randomBytes } from "node:crypto";
import type { Answer } from "./model.ts";

export function usageAnswer(message: string): Answer {
  return { kind: "usage", title: "Not quite", sections: [], notes: [message] };
}

export function refusalAnswer(message: string): Answer {
  return { kind: "usage", title: "Not allowed", sections: [], notes: [message] };
}

/** A short id a person can quote to whoever reads the logs. */
export function newErrorId(): string {
  return randomBytes(4).toString("hex");
}

export function errorAnswer(errorId: string): Answer {
  return {
    kind: "error",
    title: "Something went wrong",
    sections: [],
    notes: [`I could not answer that. Error id ${errorId}: the details are in the bot's log.`],
  };
}

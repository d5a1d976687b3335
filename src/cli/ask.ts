// `sitrep ask "/who-controls Saraqeb" [--format text|slack|discord|json] [--at T] [--briefs DIR]
// [--brief ID]`: one answer, printed as it would be sent. Exit 0 for any answer ("no such place"
// included), 1 when the briefs do not load, 2 for an unknown command or bad options.
import { parseArgs } from "node:util";
import { isOutputFormat, OUTPUT_FORMATS, renderAnswer } from "../answer/render.ts";
import { dispatchCommand, splitCommandLine } from "../core/dispatch.ts";
import { loadStoreForCli } from "./load-briefs.ts";
import { type Subcommand, UsageError } from "./subcommand.ts";

export default {
  usage: `"/COMMAND [args]" [--format ${OUTPUT_FORMATS.join("|")}] [--at T] [--briefs DIR] [--brief ID]`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: "string", default: "text" },
        at: { type: "string" },
        briefs: { type: "string" },
        brief: { type: "string" },
      },
    });
    const line = positionals.join(" ");
    const split = splitCommandLine(line.startsWith("/") ? line : `/${line}`);
    if (line.trim() === "" || split === undefined) throw new UsageError("say which command to ask");
    if (!isOutputFormat(values.format)) {
      throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(", ")}`);
    }
    const store = await loadStoreForCli(values.briefs, io);
    if (store === undefined) return 1;
    const result = dispatchCommand(
      split.name,
      split.text,
      { store, now: io.now() },
      {
        at: values.at,
        brief: values.brief,
      },
    );
    if (result.kind === "admin") {
      throw new UsageError(`/sitrep ${result.subcommand} changes the bot's state; use it in chat`);
    }
    if (result.kind === "usage") {
      io.err(renderAnswer(result.answer, "text"));
      return 2;
    }
    if (result.failure !== undefined) {
      io.err(
        `error ${result.failure.id}: ${String((result.failure.cause as Error)?.stack ?? result.failure.cause)}`,
      );
    }
    io.out(renderAnswer(result.answer, values.format));
    return 0;
  },
} satisfies Subcommand;

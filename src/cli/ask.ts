// `sitrep ask "/who-controls Saraqeb" [--format text|slack|discord|json|png|svg] [--out FILE]
// [--at T] [--briefs DIR] [--brief ID]`: one answer, printed as it would be sent; with png or svg,
// the answer's picture (`/toll Aleppo killed chart`, `/who-controls Aleppo map`) written to FILE
// (by default its own name in the current folder). Exit 0 for any answer ("no such place"
// included), 1 when the briefs do not load, 2 for an unknown command, bad options, or a picture
// format for an answer without a picture.
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { commands } from "../../commands/index.ts";
import type { Answer } from "../answer/model.ts";
import {
  isOutputFormat,
  OUTPUT_FORMATS,
  type OutputFormat,
  renderAnswer,
} from "../answer/render.ts";
import { splitCommandLine } from "../core/parse.ts";
import { createRequestCore } from "../core/request.ts";
import { silentLogger } from "../log.ts";
import { CONSOLE_ORIGIN } from "../platforms/console.ts";
import { loadStoreForCli } from "./load-briefs.ts";
import { type Subcommand, UsageError } from "./subcommand.ts";

const PICTURE_FORMATS = ["png", "svg"] as const;

export default {
  usage: `"/COMMAND [args]" [--format ${[...OUTPUT_FORMATS, ...PICTURE_FORMATS].join("|")}] [--out FILE] [--at T] [--briefs DIR] [--brief ID]`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: "string", default: "text" },
        out: { type: "string" },
        at: { type: "string" },
        briefs: { type: "string" },
        brief: { type: "string" },
      },
    });
    const line = positionals.join(" ");
    const split = splitCommandLine(line.startsWith("/") ? line : `/${line}`);
    if (line.trim() === "" || split === undefined) throw new UsageError("say which command to ask");
    const picture = PICTURE_FORMATS.find((f) => f === values.format);
    if (!isOutputFormat(values.format) && picture === undefined) {
      throw new UsageError(
        `--format must be one of ${[...OUTPUT_FORMATS, ...PICTURE_FORMATS].join(", ")}`,
      );
    }
    const store = await loadStoreForCli(values.briefs, io);
    if (store === undefined) return 1;
    // The same core as chat, asking from the console: the failure (if any) is printed, not logged.
    const core = createRequestCore({
      commands,
      getStore: () => store,
      now: io.now,
      logger: silentLogger,
    });
    const reply = await core.handle({
      origin: CONSOLE_ORIGIN,
      command: split.name,
      text: split.text,
      options: { at: values.at, brief: values.brief },
    });
    if (reply.outcome === "usage") {
      io.err(renderAnswer(reply.answer, "text"));
      return 2;
    }
    if (reply.failure !== undefined) {
      const cause = reply.failure.cause as Error | undefined;
      io.err(`error ${reply.failure.id}: ${String(cause?.stack ?? cause)}`);
    }
    if (picture !== undefined) return writePicture(reply.answer, picture, values.out, io);
    io.out(renderAnswer(reply.answer, values.format as OutputFormat));
    return 0;
  },
} satisfies Subcommand;

/** Writes the answer's picture; the pictures module (and resvg) loads only for this. */
async function writePicture(
  answer: Answer,
  format: (typeof PICTURE_FORMATS)[number],
  out: string | undefined,
  io: Parameters<Subcommand["run"]>[1],
): Promise<number> {
  const first = answer.pictures?.[0];
  if (first === undefined) {
    io.err(
      "This answer has no picture: add “chart” to /toll or “map” to /who-controls (/toll Aleppo killed chart).",
    );
    return 2;
  }
  const { drawPicture, renderPicture } = await import("../answer/pictures/index.ts");
  const file = resolve(io.cwd, out ?? first.name.replace(/\.png$/, `.${format}`));
  if (format === "svg") {
    await writeFile(file, drawPicture(first.spec).svg);
    io.out(`Wrote ${file}: ${first.alt}`);
  } else {
    const png = await renderPicture(first);
    await writeFile(file, png.png);
    io.out(`Wrote ${file} (${png.width}×${png.height}): ${first.alt}`);
  }
  return 0;
}

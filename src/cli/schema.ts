// `sitrep schema [--file KIND] [--write]`: prints the JSON Schema of the brief files, or writes
// schema/<kind>.schema.json for editors.
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { FILE_KINDS, type FileKind } from "../store/files.ts";
import {
  briefJsonSchema,
  fileJsonSchema,
  jsonSchemaFileName,
  renderJsonSchema,
} from "../store/json-schema.ts";
import { type Subcommand, UsageError } from "./subcommand.ts";

export const SCHEMA_DIR = "schema";

function isFileKind(value: string): value is FileKind {
  return (FILE_KINDS as readonly string[]).includes(value);
}

export default {
  usage: `[--file ${FILE_KINDS.join("|")}] [--write]`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: [...argv],
      options: { file: { type: "string" }, write: { type: "boolean", default: false } },
    });
    const file = values.file;
    if (file !== undefined && !isFileKind(file)) {
      throw new UsageError(`--file must be one of ${FILE_KINDS.join(", ")}`);
    }
    if (!values.write) {
      io.out(
        renderJsonSchema(file === undefined ? briefJsonSchema() : fileJsonSchema(file)).trimEnd(),
      );
      return 0;
    }
    const dir = resolve(io.cwd, SCHEMA_DIR);
    await mkdir(dir, { recursive: true });
    for (const kind of file === undefined ? FILE_KINDS : [file]) {
      const name = jsonSchemaFileName(kind);
      await writeFile(join(dir, name), renderJsonSchema(fileJsonSchema(kind)));
      io.out(`wrote ${SCHEMA_DIR}/${name}`);
    }
    return 0;
  },
} satisfies Subcommand;

// JSON Schema of the brief files, generated from the zod schemas (never written by hand) for
// `sitrep schema` and the schema/*.json files that editors (yaml-language-server) use. Draft-07,
// because that is the draft yaml-language-server (the VS Code YAML extension) validates with.
import { z } from "zod";
import { FILE_KINDS, FILE_SCHEMAS, type FileKind } from "./files.ts";

const ABOUT: Record<FileKind, { title: string; description: string }> = {
  brief: {
    title: "sitrep brief.yaml",
    description: "What the situation is: title, time zone, default region.",
  },
  sources: {
    title: "sitrep sources.yaml",
    description: "The sources that make claims, and how far to trust them (Admiralty grades).",
  },
  actors: { title: "sitrep actors.yaml", description: "The parties to the situation." },
  places: {
    title: "sitrep places.yaml",
    description: "The gazetteer: places with their names, aliases and nesting (`in`).",
  },
  claims: {
    title: "sitrep claims file (claims/*.yaml)",
    description:
      "Claims: tolls, control, statements and events, each by a source at a time. An empty file is no claims.",
  },
};

type JsonSchema = Record<string, unknown>;

const cache = new Map<FileKind, JsonSchema>();

/** The JSON Schema of one kind of file, for editing (defaults are optional). */
export function fileJsonSchema(kind: FileKind): JsonSchema {
  let schema = cache.get(kind);
  if (schema === undefined) {
    const { title, description } = ABOUT[kind];
    schema = z.toJSONSchema(FILE_SCHEMAS[kind], { io: "input", target: "draft-7" }) as JsonSchema;
    // Title and description first, so the files read well.
    const { $schema, ...rest } = schema;
    schema = { $schema, title, description, ...rest };
    cache.set(kind, schema);
  }
  return schema;
}

/** One document with the schema of every kind of file under `definitions` (draft-07's `$defs`). */
export function briefJsonSchema(): JsonSchema {
  const defs: Record<string, JsonSchema> = {};
  let draft: unknown;
  for (const kind of FILE_KINDS) {
    const { $schema, ...rest } = fileJsonSchema(kind);
    draft = $schema;
    defs[kind] = rest;
  }
  return {
    $schema: draft,
    title: "sitrep brief files",
    description:
      "The files of a brief (briefs/<id>/): brief.yaml, sources.yaml, actors.yaml, places.yaml and claims/*.yaml (claims/*.jsonl for claims written by programs). Each kind of file is under definitions.",
    definitions: defs,
  };
}

/** `claims.schema.json`: the name under schema/. */
export function jsonSchemaFileName(kind: FileKind): string {
  return `${kind}.schema.json`;
}

export function renderJsonSchema(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.ts";
import type { CliIo } from "../../src/cli/subcommand.ts";
import { FILE_KINDS, type FileKind } from "../../src/store/files.ts";
import {
  fileJsonSchema,
  jsonSchemaFileName,
  renderJsonSchema,
} from "../../src/store/json-schema.ts";
import { VALID_FILES } from "../fixtures/briefs.ts";

const SHIPPED = new URL("../../schema/", import.meta.url);

function capture(cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: {},
    now: () => 0,
    cwd,
  };
  return { io, out, err };
}

function validator(kind: FileKind) {
  return new Ajv({ strict: true }).compile(fileJsonSchema(kind));
}

function parse(text: string): unknown {
  return yaml.load(text, { schema: yaml.CORE_SCHEMA }) ?? null;
}

describe("the shipped schema/*.schema.json files", () => {
  it.each(FILE_KINDS)("match what the zod schemas generate (%s)", (kind) => {
    const shipped = readFileSync(new URL(jsonSchemaFileName(kind), SHIPPED), "utf8");
    expect(shipped, "run `npm run sitrep -- schema --write`").toBe(
      renderJsonSchema(fileJsonSchema(kind)),
    );
  });
});

describe("the generated JSON Schema", () => {
  it("accepts every file of a valid brief", () => {
    const kindOf = (name: string): FileKind =>
      name.startsWith("claims/") ? "claims" : (name.replace(".yaml", "") as FileKind);
    for (const [name, text] of Object.entries(VALID_FILES)) {
      const validate = validator(kindOf(name));
      expect(validate(parse(text)), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it("accepts an empty claims file", () => {
    expect(validator("claims")(parse("# none yet\n"))).toBe(true);
  });

  it("keeps the shape of times that zod checks with refinements", () => {
    const validate = validator("claims");
    const claim = (reported: string) => [{ type: "event", source: "afp", reported, summary: "x" }];
    expect(validate(claim("2024-11-29"))).toBe(true);
    expect(validate(claim("2024-11-29T14:30:00+02:00"))).toBe(true);
    expect(validate(claim("29/11/2024"))).toBe(false);
    expect(validate(claim("2024-11-29T14:30:00"))).toBe(false);
  });

  it("refuses unknown fields and leaves defaulted fields optional", () => {
    const validate = validator("sources");
    expect(validate([{ id: "sohr", name: "SOHR", kind: "monitor" }])).toBe(true);
    expect(validate([{ id: "sohr", name: "SOHR", kind: "monitor", colour: "red" }])).toBe(false);
  });
});

describe("sitrep schema", () => {
  it("prints one document with the schema of each kind of file under definitions", async () => {
    const { io, out } = capture();
    expect(await runCli(["schema"], io)).toBe(0);
    const document = JSON.parse(out.join("\n"));
    expect(Object.keys(document.definitions)).toEqual([...FILE_KINDS]);
    expect(document.definitions.claims.title).toBe("sitrep claims file (claims/*.yaml)");
  });

  it("prints the schema of one kind of file", async () => {
    const { io, out } = capture();
    expect(await runCli(["schema", "--file", "places"], io)).toBe(0);
    expect(JSON.parse(out.join("\n"))).toEqual(fileJsonSchema("places"));
  });

  it("writes every schema file under schema/ with --write", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "sitrep-schema-"));
    const { io, out } = capture(cwd);
    expect(await runCli(["schema", "--write"], io)).toBe(0);
    expect(out).toEqual(FILE_KINDS.map((kind) => `wrote schema/${kind}.schema.json`));
    const written = readFileSync(join(cwd, "schema", "claims.schema.json"), "utf8");
    expect(written).toBe(renderJsonSchema(fileJsonSchema("claims")));
  });

  it("refuses an unknown file kind or flag with exit 2", async () => {
    const { io, err } = capture();
    expect(await runCli(["schema", "--file", "claim"], io)).toBe(2);
    expect(err[0]).toContain("--file must be one of brief, sources, actors, places, claims");
    expect(await runCli(["schema", "--pretty"], capture().io)).toBe(2);
  });
});

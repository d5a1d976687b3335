// Writes a brief (synthetic or not) to a folder as the YAML files of the brief format, with the
// yaml-language-server line editors use. js-yaml writes fast enough for a million claims.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { dump } from "js-yaml";
import type { SyntheticBrief } from "./synthetic-brief.ts";

function yamlFile(kind: string, depth: number, data: unknown): string {
  const schema = `${"../".repeat(depth)}schema/${kind}.schema.json`;
  return `# yaml-language-server: $schema=${schema}\n${dump(data, { lineWidth: -1, noRefs: true })}`;
}

export async function writeBrief(dir: string, brief: SyntheticBrief): Promise<void> {
  await mkdir(join(dir, "claims"), { recursive: true });
  await Promise.all([
    writeFile(join(dir, "brief.yaml"), yamlFile("brief", 2, brief.meta)),
    writeFile(join(dir, "sources.yaml"), yamlFile("sources", 2, brief.sources)),
    writeFile(join(dir, "actors.yaml"), yamlFile("actors", 2, brief.actors)),
    writeFile(join(dir, "places.yaml"), yamlFile("places", 2, brief.places)),
  ]);
  for (const [name, claims] of brief.claimFiles) {
    await writeFile(join(dir, "claims", name), yamlFile("claims", 3, claims));
  }
}

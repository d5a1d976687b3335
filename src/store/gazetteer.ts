// The bundled OpenSyria gazetteer (gazetteer/opensyria, CC BY 4.0; see its SOURCE.md): the names
// and aliases, English and Arabic, it gives each OCHA P-code. A place with a `pcode` answers to
// them too. Read from disk on first use only, so briefs without P-codes never pay for it.
import { existsSync, readFileSync } from "node:fs";

interface GazetteerEntry {
  readonly name?: { readonly en?: string; readonly ar?: string };
  readonly aliases?: readonly { readonly value?: string }[];
  readonly externalIds?: { readonly ochaPcode?: string };
}

const FILES = ["governorates.json", "districts.json", "subdistricts.json"] as const;

// From src/store (tsx) or from dist/ and dist/chunks (the compiled build): the folder at the root
// of the repository either way.
const CANDIDATES = ["../../gazetteer/opensyria/", "../gazetteer/opensyria/"];

function gazetteerDir(): URL | undefined {
  for (const candidate of CANDIDATES) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(new URL(FILES[0], url))) return url;
  }
  return undefined;
}

let byPcode: ReadonlyMap<string, readonly string[]> | undefined;

function load(): ReadonlyMap<string, readonly string[]> {
  const names = new Map<string, string[]>();
  const dir = gazetteerDir();
  if (dir === undefined) return names;
  for (const file of FILES) {
    const entries = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as GazetteerEntry[];
    for (const entry of entries) {
      const pcode = entry.externalIds?.ochaPcode;
      if (pcode === undefined) continue;
      const list = names.get(pcode) ?? [];
      for (const text of [
        entry.name?.en,
        entry.name?.ar,
        ...(entry.aliases ?? []).map((a) => a.value),
      ]) {
        if (text !== undefined && text.trim() !== "" && !list.includes(text)) list.push(text);
      }
      names.set(pcode, list);
    }
  }
  return names;
}

/** The gazetteer's names and aliases for an OCHA P-code (none for a code it does not hold). */
export function gazetteerNames(pcode: string): readonly string[] {
  byPcode ??= load();
  return byPcode.get(pcode.trim().toUpperCase()) ?? [];
}

// The bundled gazetteer (OpenSyria: governorates, districts, sub-districts with OCHA P-codes,
// aliases and centroids), the last resort for a dataset's place before a new place is made up.
// Read from the repository's gazetteer/opensyria/ folder; a missing folder is an empty gazetteer.
// (src/store/gazetteer.ts reads the same files for the commands: only the names per P-code. An
// import also needs each unit's parent and centroid, to add it to a brief in its place.)
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildNameIndex, type NameIndex, resolveName } from "../store/names.ts";
import type { PlaceKind } from "../store/schema.ts";

/** The repository's gazetteer/opensyria/, found upwards from this module (src/ or dist/). */
function defaultDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 4; up++) {
    const candidate = join(dir, "gazetteer", "opensyria");
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return join(dir, "gazetteer", "opensyria");
}

export interface GazetteerUnit {
  /** The OCHA P-code, e.g. SY0200; it stands as the unit's id in the name index. */
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly kind: PlaceKind;
  /** 1 governorate, 2 district, 3 sub-district. */
  readonly level: number;
  readonly parent?: string;
  readonly lat?: number;
  readonly lon?: number;
}

export interface Gazetteer {
  byPcode(pcode: string): GazetteerUnit | undefined;
  /** Units named `name` (name or alias), best first. */
  byName(name: string): readonly GazetteerUnit[];
}

interface RawUnit {
  id?: string;
  governorateId?: string;
  districtId?: string;
  name?: { en?: string; ar?: string };
  aliases?: { value?: string }[];
  centroid?: { latitude?: number; longitude?: number };
  externalIds?: { ochaPcode?: string };
}

const FILES = [
  { file: "governorates.json", level: 1, kind: "governorate" },
  { file: "districts.json", level: 2, kind: "district" },
  // Sub-districts (nahiya) have no kind of their own in the brief format: districts nest them.
  { file: "subdistricts.json", level: 3, kind: "district" },
] as const;

export async function loadGazetteer(dir = defaultDir()): Promise<Gazetteer> {
  const raw: { unit: RawUnit; level: number; kind: PlaceKind }[] = [];
  for (const { file, level, kind } of FILES) {
    const text = await readFile(join(dir, file), "utf8").catch(() => undefined);
    if (text === undefined) continue;
    for (const unit of JSON.parse(text) as RawUnit[]) raw.push({ unit, level, kind });
  }
  const pcodeOf = new Map<string, string>();
  for (const { unit } of raw) {
    const pcode = unit.externalIds?.ochaPcode;
    if (unit.id !== undefined && pcode !== undefined) pcodeOf.set(unit.id, pcode);
  }
  const units: GazetteerUnit[] = [];
  for (const { unit, level, kind } of raw) {
    const pcode = unit.externalIds?.ochaPcode;
    const name = unit.name?.en;
    if (pcode === undefined || name === undefined) continue;
    const parentId = level === 3 ? unit.districtId : level === 2 ? unit.governorateId : undefined;
    const parent = parentId === undefined ? undefined : pcodeOf.get(parentId);
    const aliases = [unit.name?.ar, ...(unit.aliases ?? []).map((a) => a.value)].filter(
      (a): a is string => typeof a === "string" && a.trim() !== "",
    );
    units.push({
      id: pcode,
      name,
      aliases,
      kind,
      level,
      ...(parent === undefined ? {} : { parent }),
      ...(unit.centroid?.latitude === undefined ? {} : { lat: unit.centroid.latitude }),
      ...(unit.centroid?.longitude === undefined ? {} : { lon: unit.centroid.longitude }),
    });
  }
  return gazetteerOf(units);
}

export function gazetteerOf(units: readonly GazetteerUnit[]): Gazetteer {
  const byPcode = new Map(units.map((u) => [u.id.toUpperCase(), u]));
  let index: NameIndex<GazetteerUnit> | undefined;
  return {
    byPcode: (pcode) => byPcode.get(pcode.trim().toUpperCase()),
    byName(name) {
      // Higher levels first: "Idlib" is the governorate before the district of the same name.
      index ??= buildNameIndex(units, (u) => -u.level);
      return resolveName(index, name).matches.map((m) => m.item);
    },
  };
}

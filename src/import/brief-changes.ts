// What an import adds to a brief besides claims: the places, actors and sources its rows name.
// Each is first looked up in the brief with the same name lookup the commands use
// (src/store/names.ts), so "Saraqeb" in a dataset finds the brief's Saraqib; places are also
// matched by P-code and then in the bundled gazetteer. Only what is found nowhere is created.
import { actorNames, normalizeName, placeNames, resolveName, sourceNames } from "../store/names.ts";
import type { Actor, Place, PlaceKind, Source } from "../store/schema.ts";
import type { Brief } from "../store/types.ts";
import { slugOf } from "./fields.ts";
import type { Gazetteer, GazetteerUnit } from "./gazetteer.ts";

export type PlaceMeans = "id" | "pcode" | "name" | "gazetteer" | "created";

export interface AdminUnit {
  readonly name?: string;
  readonly pcode?: string;
}

/** A place as a dataset row gives it. */
export interface PlaceQuery {
  /** A place id of the brief (sitrep's own export carries it). */
  readonly id?: string;
  readonly pcode?: string;
  readonly name?: string;
  /** The kind of a place made up for this row. */
  readonly kind?: PlaceKind;
  readonly lat?: number;
  readonly lon?: number;
  /** Admin units from the top (admin1) down. */
  readonly admins?: readonly AdminUnit[];
}

/**
 * The ways a dataset may spell an actor the brief knows: as given, without ACLED's period
 * ("Military Forces of Syria (2000-2024)"), and each side of ACLED's "HTS: Hayat Tahrir al-Sham".
 */
function actorSpellings(name: string): string[] {
  const bare = name.replace(/\s*\([^)]*\d{4}[^)]*\)\s*$/, "").trim();
  const parts = bare.includes(": ") ? bare.split(": ").map((part) => part.trim()) : [];
  return [...new Set([name, bare, ...parts])].filter((s) => s !== "");
}

const ADMIN_KINDS: readonly PlaceKind[] = ["governorate", "district", "district"];
const AREA_KINDS: ReadonlySet<PlaceKind> = new Set([
  "country",
  "region",
  "governorate",
  "district",
]);

export class BriefChanges {
  readonly newPlaces: Place[] = [];
  readonly newActors: Actor[] = [];
  readonly newSources: Source[] = [];
  /** Fields to set on sources already in the brief (an importer's access stamp). */
  readonly sourceUpdates = new Map<string, Partial<Source>>();
  actorsMatched = 0;

  private readonly taken = new Set<string>();
  private readonly newActorIds = new Set<string>();
  private readonly newSourceIds = new Set<string>();
  private readonly places = new Map<string, Place>();
  private readonly byPcode = new Map<string, string>();
  private readonly createdPlaces = new Map<string, string[]>();
  private readonly placeCache = new Map<string, string | undefined>();
  /** How each place the import touched was found (the first way), or that it was made. */
  private readonly placeMeans = new Map<string, PlaceMeans>();
  private readonly actorCache = new Map<string, string>();
  private readonly sourceCache = new Map<string, string>();
  private readonly country: string | undefined;

  constructor(
    private readonly brief: Brief,
    private readonly gazetteer: Gazetteer,
  ) {
    for (const map of [brief.sources, brief.actors, brief.places, brief.claimsById]) {
      for (const id of map.keys()) this.taken.add(id);
    }
    for (const place of brief.places.values()) this.remember(place);
    const countries = [...brief.places.values()].filter((p) => p.kind === "country");
    this.country = (countries.find((p) => p.pcode?.toUpperCase() === "SY") ?? countries[0])?.id;
  }

  get changed(): boolean {
    return (
      this.newPlaces.length + this.newActors.length + this.newSources.length > 0 ||
      this.sourceUpdates.size > 0
    );
  }

  /** Distinct places the rows named (and admin units above new ones), by how each was found. */
  get placeCounts(): Record<PlaceMeans, number> {
    const counts: Record<PlaceMeans, number> = {
      id: 0,
      pcode: 0,
      name: 0,
      gazetteer: 0,
      created: 0,
    };
    for (const means of this.placeMeans.values()) counts[means]++;
    return counts;
  }

  private note(id: string, means: PlaceMeans): string {
    if (!this.placeMeans.has(id)) this.placeMeans.set(id, means);
    return id;
  }

  hasPlace(id: string): boolean {
    return this.places.has(id);
  }

  hasActor(id: string): boolean {
    return this.brief.actors.has(id) || this.newActorIds.has(id);
  }

  hasSource(id: string): boolean {
    return this.brief.sources.has(id) || this.newSourceIds.has(id);
  }

  /** The place a row names, found or created; undefined when the row names none. */
  place(query: PlaceQuery): string | undefined {
    let key = `${query.id ?? ""}\u0001${query.pcode ?? ""}\u0001${query.name ?? ""}`;
    for (const admin of query.admins ?? [])
      key += `\u0001${admin.name ?? ""}\u0002${admin.pcode ?? ""}`;
    if (this.placeCache.has(key)) return this.placeCache.get(key);
    const found = this.findPlace(query);
    if (found !== undefined) this.note(found.id, found.means);
    this.placeCache.set(key, found?.id);
    return found?.id;
  }

  private findPlace(query: PlaceQuery): { id: string; means: PlaceMeans } | undefined {
    const admins = query.admins ?? [];
    if (query.id !== undefined && this.places.has(query.id)) return { id: query.id, means: "id" };
    const pcode = query.pcode?.trim().toUpperCase();
    const byCode = pcode === undefined ? undefined : this.byPcode.get(pcode);
    if (byCode !== undefined) return { id: byCode, means: "pcode" };
    const name = query.name?.trim() || undefined;
    if (name !== undefined) {
      const byName = this.placeByName(name, admins, query.kind);
      if (byName !== undefined) return { id: byName, means: "name" };
    }
    if (name !== undefined || pcode !== undefined) {
      const unit =
        (pcode === undefined ? undefined : this.gazetteer.byPcode(pcode)) ??
        (name === undefined ? undefined : this.bestUnit(this.gazetteer.byName(name), admins));
      if (unit !== undefined) {
        const id = this.addUnit(unit);
        return { id, means: this.placeMeans.get(id) ?? "gazetteer" };
      }
    }
    if (name === undefined) {
      // No place of its own: the deepest admin unit the row gives.
      const last = admins.length - 1;
      if (last < 0) return undefined;
      const id = this.place({
        ...admins[last],
        kind: ADMIN_KINDS[last],
        admins: admins.slice(0, last),
      });
      return id === undefined ? undefined : { id, means: "name" };
    }
    return { id: this.createPlace(name, query, admins), means: "created" };
  }

  /**
   * The brief's (or this import's) place of that name: of the kind asked for (an admin unit is a
   * governorate or district, not the city of the same name), inside the row's admin units, first.
   */
  private placeByName(
    name: string,
    admins: readonly AdminUnit[],
    kind: PlaceKind | undefined,
  ): string | undefined {
    let candidates = resolveName(placeNames(this.brief), name).matches.map((m) => m.item.id);
    for (const id of this.createdPlaces.get(normalizeName(name)) ?? []) candidates.push(id);
    if (kind !== undefined && ADMIN_KINDS.includes(kind)) {
      // An admin unit is never the settlement that shares its name.
      candidates = candidates.filter((id) => AREA_KINDS.has(this.places.get(id)?.kind ?? "site"));
    }
    if (candidates.length <= 1) return candidates[0];
    let best = candidates[0];
    let bestScore = -1;
    for (const id of candidates) {
      const kindScore = kind !== undefined && this.places.get(id)?.kind === kind ? 100 : 0;
      const score = kindScore + this.adminScore(id, admins);
      if (score > bestScore) [best, bestScore] = [id, score];
    }
    return best;
  }

  /** How many of the admin units are among the place's ancestors (by name or P-code). */
  private adminScore(id: string, admins: readonly AdminUnit[]): number {
    const seen = new Set<string>();
    for (let at = this.places.get(id)?.in; at !== undefined && !seen.has(at); ) {
      seen.add(at);
      const place = this.places.get(at);
      if (place === undefined) break;
      seen.add(normalizeName(place.name));
      for (const alias of place.aliases ?? []) seen.add(normalizeName(alias));
      if (place.pcode !== undefined) seen.add(place.pcode.toUpperCase());
      at = place.in;
    }
    let score = 0;
    for (const admin of admins) {
      if (admin.pcode !== undefined && seen.has(admin.pcode.toUpperCase())) score++;
      else if (admin.name !== undefined && seen.has(normalizeName(admin.name))) score++;
    }
    return score;
  }

  private bestUnit(
    units: readonly GazetteerUnit[],
    admins: readonly AdminUnit[],
  ): GazetteerUnit | undefined {
    if (units.length <= 1 || admins.length === 0) return units[0];
    const parentNames = new Set(admins.map((a) => normalizeName(a.name ?? "")));
    const parentCodes = new Set(admins.map((a) => a.pcode?.toUpperCase()));
    return (
      units.find((unit) => {
        const parent = unit.parent === undefined ? undefined : this.gazetteer.byPcode(unit.parent);
        return (
          parent !== undefined &&
          (parentCodes.has(parent.id) || parentNames.has(normalizeName(parent.name)))
        );
      }) ?? units[0]
    );
  }

  /**
   * Adds a gazetteer unit (and the units above it not yet in the brief) as places, with its
   * P-code but not its aliases: the commands' lookup gives a P-coded place the gazetteer's names.
   */
  private addUnit(unit: GazetteerUnit): string {
    const existing = this.byPcode.get(unit.id.toUpperCase());
    if (existing !== undefined) return this.note(existing, "pcode");
    const parentUnit = unit.parent === undefined ? undefined : this.gazetteer.byPcode(unit.parent);
    const parent = parentUnit === undefined ? this.country : this.addUnit(parentUnit);
    return this.addPlace("gazetteer", {
      id: this.allocate(slugOf(unit.name), parent),
      name: unit.name,
      kind: unit.kind,
      ...(parent === undefined ? {} : { in: parent }),
      pcode: unit.id,
      ...(unit.lat === undefined ? {} : { lat: unit.lat }),
      ...(unit.lon === undefined ? {} : { lon: unit.lon }),
    });
  }

  private createPlace(name: string, query: PlaceQuery, admins: readonly AdminUnit[]): string {
    let parent: string | undefined;
    for (let level = admins.length - 1; level >= 0 && parent === undefined; level--) {
      const admin = admins[level]!;
      if (admin.name === undefined && admin.pcode === undefined) continue;
      parent = this.place({ ...admin, kind: ADMIN_KINDS[level], admins: admins.slice(0, level) });
    }
    parent ??= this.country;
    return this.addPlace("created", {
      id: this.allocate(slugOf(name), parent),
      name,
      kind: query.kind ?? "town",
      ...(parent === undefined ? {} : { in: parent }),
      ...(query.pcode === undefined ? {} : { pcode: query.pcode.trim() }),
      ...(query.lat === undefined ? {} : { lat: query.lat }),
      ...(query.lon === undefined ? {} : { lon: query.lon }),
    });
  }

  private addPlace(means: PlaceMeans, place: Place): string {
    this.newPlaces.push(place);
    this.note(place.id, means);
    this.remember(place);
    const key = normalizeName(place.name);
    this.createdPlaces.set(key, [...(this.createdPlaces.get(key) ?? []), place.id]);
    return place.id;
  }

  private remember(place: Place): void {
    this.places.set(place.id, place);
    if (place.pcode !== undefined) this.byPcode.set(place.pcode.toUpperCase(), place.id);
  }

  /** The actor of that name, id or alias, created when the brief has none. */
  actor(name: string): string {
    // By the name as written first: normalising every row's names costs more than the lookup.
    const known = this.actorCache.get(name);
    if (known !== undefined) return known;
    const key = normalizeName(name);
    const cached = this.actorCache.get(key);
    if (cached !== undefined) {
      this.actorCache.set(name, cached);
      return cached;
    }
    let id = this.brief.actors.has(name) ? name : undefined;
    for (const spelling of actorSpellings(name)) {
      id ??= resolveName(actorNames(this.brief), spelling).matches[0]?.item.id;
    }
    if (id === undefined) {
      id = this.allocate(slugOf(name));
      this.newActors.push({ id, name: name.trim() });
      this.newActorIds.add(id);
    } else this.actorsMatched++;
    this.actorCache.set(key, id);
    this.actorCache.set(name, id);
    return id;
  }

  /** The source of that id, name or alias; `create` makes it when the brief has none. */
  source(text: string, create: (id: string) => Source): string {
    const key = normalizeName(text);
    const cached = this.sourceCache.get(key);
    if (cached !== undefined) return cached;
    const found = this.brief.sources.has(text)
      ? text
      : resolveName(sourceNames(this.brief), text).matches[0]?.item.id;
    let id = found;
    if (id === undefined) {
      id = this.allocate(slugOf(text));
      this.newSources.push(create(id));
      this.newSourceIds.add(id);
    }
    this.sourceCache.set(key, id);
    return id;
  }

  /**
   * Stamps a dataset's attribution and access date on a source's note: an earlier stamp (matched
   * by `earlier`) is replaced, the team's own note is kept, and a source this import creates
   * already carries it.
   */
  stampSource(id: string, stamp: string, earlier: RegExp): void {
    if (this.newSourceIds.has(id)) return;
    const note = this.brief.sources.get(id)?.note;
    let next: string;
    if (note === undefined) next = stamp;
    else if (earlier.test(note)) next = note.replace(earlier, stamp);
    else next = `${note} ${stamp}`;
    if (next !== note) this.sourceUpdates.set(id, { note: next });
  }

  /** A free id from a slug: `base`, else `base-parent`, else `base-2`, `base-3`, ... */
  allocate(base: string, parent?: string): string {
    const stem = base === "" ? "unnamed" : base;
    const candidates = [stem, ...(parent === undefined ? [] : [`${stem}-${parent}`])];
    let id = candidates.find((c) => !this.taken.has(c));
    for (let n = 2; id === undefined; n++) if (!this.taken.has(`${stem}-${n}`)) id = `${stem}-${n}`;
    this.taken.add(id);
    return id;
  }
}

// The checks that span a brief's files: ids unique across sources, actors, places and claims;
// every reference names an existing id of the right kind; no cycles in `in`; `supersedes` names
// an earlier claim by the same source; periods and withdrawals run forwards in time.
// Works on the parsed YAML as it is, so items that fail their schema still count: a source with a
// bad `kind` still defines its id, and its claims do not all turn into "unknown source".
import type { PathSegment, PendingProblem } from "./problems.ts";
import { isIsoDate, isIsoDateTime, isTimeZone, Slug } from "./schema.ts";
import { closestMatch } from "./suggest.ts";
import { toInstant } from "./time.ts";

export type IdKind = "source" | "actor" | "place" | "claim";

export interface RawList {
  readonly file: string;
  readonly items: readonly unknown[];
}

export interface RawBrief {
  /** brief.yaml as parsed, when it could be. */
  readonly meta?: { readonly file: string; readonly data: unknown };
  readonly sources?: RawList;
  readonly actors?: RawList;
  readonly places?: RawList;
  readonly claimFiles: readonly RawList[];
  /** Kinds whose files could not all be read: "unknown id" is not reported for them. */
  readonly incomplete: ReadonlySet<IdKind>;
}

type Item = Record<string, unknown>;

interface Definition {
  readonly kind: IdKind;
  readonly file: string;
  readonly index: number;
  readonly item: Item;
}

const ARTICLE: Record<IdKind, string> = {
  source: "a source",
  actor: "an actor",
  place: "a place",
  claim: "a claim",
};

export function checkReferences(brief: RawBrief): PendingProblem[] {
  return new ReferenceChecker(brief).run();
}

class ReferenceChecker {
  private readonly problems: PendingProblem[] = [];
  private readonly ids = new Map<string, Definition>();
  private readonly suggestions = new Map<string, string[]>();
  private readonly zone: string;

  constructor(private readonly brief: RawBrief) {
    const zone = asItem(brief.meta?.data)?.timezone;
    this.zone = typeof zone === "string" && isTimeZone(zone) ? zone : "UTC";
  }

  run(): PendingProblem[] {
    const { sources, actors, places, claimFiles } = this.brief;
    this.define("source", sources);
    this.define("actor", actors);
    this.define("place", places);
    for (const list of claimFiles) this.define("claim", list);

    const meta = this.brief.meta;
    const metaItem = asItem(meta?.data);
    if (meta !== undefined && metaItem !== undefined) {
      this.ref(metaItem.region, PLACE, { file: meta.file, index: -1 }, "region");
    }
    this.eachItem(sources, (item, at) => this.ref(item.party, ACTOR, at, "party"));
    this.eachItem(actors, (item, at) => this.refs(item.backed_by, ACTOR, at, "backed_by"));
    this.eachItem(places, (item, at) => this.ref(item.in, PLACE, at, "in"));
    this.checkCycles();
    for (const list of claimFiles) this.eachItem(list, (item, at) => this.checkClaim(item, at));
    return this.problems;
  }

  private define(kind: IdKind, list: RawList | undefined): void {
    this.eachItem(list, (item, at) => {
      const id = item.id;
      if (typeof id !== "string") return;
      const first = this.ids.get(id);
      if (first === undefined) {
        this.ids.set(id, { kind, file: at.file, index: at.index, item });
        return;
      }
      this.problems.push({
        ...where(at, "id"),
        at: "value",
        message: (related) =>
          `duplicate id \`${id}\`: already used by ${ARTICLE[first.kind]} at ${related}`,
        related: { file: first.file, path: [first.index, "id"], at: "value" },
      });
    });
  }

  private eachItem(list: RawList | undefined, visit: (item: Item, at: Loc) => void): void {
    if (list === undefined) return;
    const { file, items } = list;
    for (let index = 0; index < items.length; index++) {
      const item = asItem(items[index]);
      if (item !== undefined) visit(item, { file, index });
    }
  }

  private checkClaim(item: Item, at: Loc): void {
    this.ref(item.source, SOURCE, at, "source");
    if (item.via !== undefined) this.ref(item.via, SOURCE, at, "via");
    switch (item.type) {
      case "toll":
        this.ref(item.place, PLACE, at, "place");
        if (item.actor !== undefined) this.ref(item.actor, ACTOR, at, "actor");
        if (Array.isArray(item.breakdown)) {
          item.breakdown.forEach((part, i) => {
            this.ref(asItem(part)?.actor, ACTOR, at, "breakdown", i, "actor");
          });
        }
        if (item.since !== undefined && item.until !== undefined) {
          this.checkOrder(item.since, item.until, where(at, "since"), (since, until) => {
            return `\`since\` (${since}) is after \`until\` (${until}): the period runs backwards`;
          });
        }
        break;
      case "control":
        this.ref(item.place, PLACE, at, "place");
        this.ref(item.actor, ACTOR, at, "actor");
        break;
      case "statement":
        this.refs(item.about, ACTOR_OR_PLACE, at, "about");
        break;
      case "event":
        if (item.place !== undefined) this.ref(item.place, PLACE, at, "place");
        this.refs(item.actors, ACTOR, at, "actors");
        break;
    }
    const withdrawn = asItem(item.withdrawn);
    if (withdrawn !== undefined) {
      const target = where(at, "withdrawn", "reported");
      this.checkOrder(item.reported, withdrawn.reported, target, (r, w) => {
        return `\`withdrawn.reported\` (${w}) is before the claim was \`reported\` (${r})`;
      });
    }
    if (item.supersedes !== undefined) this.checkSupersedes(item, at);
  }

  private checkSupersedes(item: Item, at: Loc): void {
    const target = item.supersedes;
    if (!this.ref(target, CLAIM, at, "supersedes") || typeof target !== "string") return;
    const there = where(at, "supersedes");
    const old = this.ids.get(target)!.item;
    if (old === item) {
      this.report(there, `claim \`${target}\` cannot supersede itself`);
      return;
    }
    // Only between known sources: a misspelt source is reported once, where it is.
    if (this.isSource(old.source) && this.isSource(item.source)) {
      if (old.source !== item.source) {
        this.report(
          there,
          `\`supersedes\` names claim \`${target}\` by \`${old.source}\`; a claim can only correct an earlier one by the same source (\`${item.source}\`)`,
        );
        return;
      }
    }
    const before = this.instant(old.reported);
    const after = this.instant(item.reported);
    if (before !== undefined && after !== undefined && before > after) {
      this.report(
        there,
        `\`supersedes\` names claim \`${target}\`, reported later (${String(old.reported)}) than this one (${String(item.reported)})`,
      );
    }
  }

  /** Reports when `later` is before `earlier` (both valid times). */
  private checkOrder(
    earlier: unknown,
    later: unknown,
    target: Where,
    message: (earlier: string, later: string) => string,
  ): void {
    const a = this.instant(earlier);
    const b = this.instant(later);
    if (a !== undefined && b !== undefined && a > b) {
      this.report(target, message(String(earlier), String(later)));
    }
  }

  private instant(value: unknown): number | undefined {
    if (typeof value !== "string" || !(isIsoDate(value) || isIsoDateTime(value))) return undefined;
    return toInstant(value, this.zone).at;
  }

  private refs(values: unknown, kinds: readonly IdKind[], at: Loc, field: string): void {
    if (!Array.isArray(values)) return;
    for (let i = 0; i < values.length; i++) this.ref(values[i], kinds, at, field, i);
  }

  /**
   * True when `value` names an id of one of `kinds`; reports it otherwise. The path comes as
   * loose segments so that the common case (the id exists) allocates nothing.
   */
  private ref(
    value: unknown,
    kinds: readonly IdKind[],
    at: Loc,
    field: string,
    sub?: PathSegment,
    leaf?: string,
  ): boolean {
    if (typeof value !== "string") return false;
    const found = this.ids.get(value);
    if (found !== undefined && kinds.includes(found.kind)) return true;
    const target = where(at, field, sub, leaf);
    const name = leaf ?? field;
    if (found !== undefined) {
      this.report(
        target,
        `\`${name}\` must name ${kinds.map((k) => ARTICLE[k]).join(" or ")}, but \`${value}\` is ${ARTICLE[found.kind]}`,
      );
      return false;
    }
    // A malformed id is already reported by the schema; an unreadable file may define it.
    if (!Slug.safeParse(value).success || kinds.some((k) => this.brief.incomplete.has(k))) {
      return false;
    }
    const match = closestMatch(value, this.idsOf(kinds));
    const hint = match === undefined ? "" : ` (did you mean \`${match}\`?)`;
    this.report(target, `unknown ${kinds.join(" or ")} \`${value}\`${hint}`);
    return false;
  }

  private isSource(value: unknown): value is string {
    return typeof value === "string" && this.ids.get(value)?.kind === "source";
  }

  /** The ids of some kinds, for suggestions; cached, a broken file may ask thousands of times. */
  private idsOf(kinds: readonly IdKind[]): readonly string[] {
    const key = kinds.join();
    let ids = this.suggestions.get(key);
    if (ids === undefined) {
      ids = [];
      for (const [id, definition] of this.ids) if (kinds.includes(definition.kind)) ids.push(id);
      this.suggestions.set(key, ids);
    }
    return ids;
  }

  /** Each cycle once, at the `in` of its first place in file order. */
  private checkCycles(): void {
    const places = this.brief.places;
    if (places === undefined) return;
    const parent = new Map<string, string>();
    const indexOf = new Map<string, number>();
    this.eachItem(places, (item, { index }) => {
      if (typeof item.id !== "string" || indexOf.has(item.id)) return;
      indexOf.set(item.id, index);
      if (typeof item.in === "string") parent.set(item.id, item.in);
    });
    const done = new Set<string>();
    for (const start of indexOf.keys()) {
      const trail: string[] = [];
      const onTrail = new Set<string>();
      let current: string | undefined = start;
      while (current !== undefined && !done.has(current) && !onTrail.has(current)) {
        trail.push(current);
        onTrail.add(current);
        current = parent.get(current);
      }
      if (current !== undefined && onTrail.has(current)) {
        const cycle = trail.slice(trail.indexOf(current));
        const first = cycle.reduce((a, b) => (indexOf.get(a)! <= indexOf.get(b)! ? a : b));
        const from = cycle.indexOf(first);
        const ordered = [...cycle.slice(from), ...cycle.slice(0, from), first];
        this.report(
          { file: places.file, path: [indexOf.get(first)!, "in"] },
          cycle.length === 1
            ? `place \`${first}\` is \`in\` itself`
            : `\`in\` makes a cycle: ${ordered.join(" → ")} (a place cannot be inside itself)`,
        );
      }
      for (const id of trail) done.add(id);
    }
  }

  private report(target: Where, message: string): void {
    this.problems.push({ ...target, at: "value", message });
  }
}

interface Where {
  readonly file: string;
  readonly path: readonly PathSegment[];
}

/** An item in a file; index -1 is the file itself (brief.yaml). */
interface Loc {
  readonly file: string;
  readonly index: number;
}

const SOURCE: readonly IdKind[] = ["source"];
const ACTOR: readonly IdKind[] = ["actor"];
const PLACE: readonly IdKind[] = ["place"];
const CLAIM: readonly IdKind[] = ["claim"];
const ACTOR_OR_PLACE: readonly IdKind[] = ["actor", "place"];

function where(at: Loc, ...path: (PathSegment | undefined)[]): Where {
  const inside = path.filter((s): s is PathSegment => s !== undefined);
  return { file: at.file, path: at.index < 0 ? inside : [at.index, ...inside] };
}

function asItem(value: unknown): Item | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Item)
    : undefined;
}

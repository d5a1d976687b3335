// Synthetic but realistic briefs of any size, for benchmarks and load tests: hundreds of sources,
// thousands of nested places with transliterated aliases, a mix of claim types over months,
// corrections and disputes. The same seed always gives the same brief.
import type { Actor, Claim, Place, Source } from "../store/schema.ts";
import { CONTROL_STATUSES, METRICS, QUALIFIERS, SOURCE_KINDS, WHO } from "../store/schema.ts";

export interface SyntheticOptions {
  readonly claims: number;
  readonly seed?: number;
  /** Sources; default scales from 50 to 500 with the claim count. */
  readonly sources?: number;
  /** Places; default scales from 200 to 5,000 with the claim count. */
  readonly places?: number;
  /** Days the claims are spread over. */
  readonly days?: number;
  /** First day (YYYY-MM-DD). */
  readonly start?: string;
}

export interface SyntheticBrief {
  readonly meta: {
    title: string;
    timezone: string;
    summary: string;
    region: string;
    started: string;
    stale_after_hours: number;
  };
  readonly sources: Source[];
  readonly actors: Actor[];
  readonly places: Place[];
  /** Claims files by name (`2024-11-29.yaml`), each a list of claims, in date order. */
  readonly claimFiles: Map<string, Claim[]>;
}

/** mulberry32: small, fast, and the same sequence on every machine. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  "al",
  "ba",
  "sar",
  "aq",
  "ib",
  "ha",
  "lab",
  "kha",
  "ra",
  "ta",
  "jis",
  "ma",
  "ar",
  "da",
  "ni",
  "zaw",
  "iya",
  "tal",
  "kaf",
  "rum",
  "qas",
  "bu",
  "sha",
  "hur",
  "din",
  "mar",
  "ya",
  "zin",
  "jab",
  "ul",
];
const PREFIXES = ["", "", "", "al-", "Tell ", "Kafr ", "Deir ", "Ain ", "Jisr ", "Khan "];
const SOURCE_WORDS = [
  "Observatory",
  "Network",
  "Monitor",
  "News",
  "Agency",
  "Office",
  "Centre",
  "Press",
  "Media",
  "Council",
  "Committee",
  "Watch",
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Transliteration variants the way place names really vary: e/i, q/k, doubled letters, dropped article. */
function variantsOf(name: string): string[] {
  const variants = new Set<string>([
    name.replace(/i/g, "e"),
    name.replace(/q/g, "k"),
    name.replace(/([aeiou])([bdklmnrst])/, "$1$2$2"),
    name.replace(/^al-/i, ""),
  ]);
  variants.delete(name);
  return [...variants].slice(0, 3);
}

function addDays(start: string, days: number): string {
  const date = new Date(`${start}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function generateSyntheticBrief(options: SyntheticOptions): SyntheticBrief {
  const random = createRandom(options.seed ?? 1);
  const n = options.claims;
  const sourceCount = options.sources ?? Math.min(500, Math.max(50, Math.round(n / 200)));
  const placeCount = options.places ?? Math.min(5000, Math.max(200, Math.round(n / 20)));
  const days = options.days ?? Math.min(365, Math.max(30, Math.round(n / 2000)));
  const start = options.start ?? "2024-06-01";
  const usedIds = new Set<string>();

  function uniqueId(base: string): string {
    const slug =
      base
        .toLowerCase()
        .normalize("NFKD")
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "") || "x";
    let id = slug;
    for (let i = 2; usedIds.has(id); i++) id = `${slug}-${i}`;
    usedIds.add(id);
    return id;
  }

  function placeName(): string {
    const syllables = 2 + Math.floor(random() * 2);
    let word = "";
    for (let i = 0; i < syllables; i++) word += pick(random, SYLLABLES);
    return `${pick(random, PREFIXES)}${capitalize(word)}`;
  }

  const actors: Actor[] = [
    {
      id: uniqueId("government-forces"),
      name: "Government forces",
      short: "Army",
      aliases: ["regime forces", "the army"],
      side: "government",
    },
    {
      id: uniqueId("opposition-coalition"),
      name: "Opposition coalition",
      short: "Coalition",
      aliases: ["rebels", "the coalition"],
      side: "opposition",
    },
    {
      id: uniqueId("northern-army"),
      name: "Northern Army",
      short: "NA",
      aliases: ["northern groups"],
      side: "opposition",
    },
    {
      id: uniqueId("allied-air-force"),
      name: "Allied air force",
      aliases: ["the air force"],
      side: "government",
    },
    {
      id: uniqueId("local-militias"),
      name: "Local militias",
      aliases: ["auxiliaries"],
      side: "government",
    },
  ];
  const actorIds = actors.map((a) => a.id);

  const sources: Source[] = [];
  for (let i = 0; i < sourceCount; i++) {
    const kind = pick(random, SOURCE_KINDS);
    const name = `${capitalize(pick(random, SYLLABLES))}${pick(random, SYLLABLES)} ${pick(random, SOURCE_WORDS)}`;
    const abbreviation = name
      .split(/\s+/)
      .map((w) => w.charAt(0).toUpperCase())
      .join("");
    const source: Source = {
      id: uniqueId(name),
      name,
      aliases: [`${abbreviation}${i}`],
      kind,
      based_in: pick(random, ["Syria", "Turkey", "United Kingdom", "Lebanon", "France"]),
      reliability: pick(random, ["A", "B", "B", "C", "C", "C", "D", "E", "F"] as const),
      ...(kind === "state-media" || kind === "armed-group"
        ? { party: pick(random, actorIds) }
        : {}),
    };
    sources.push(source);
  }

  // Nesting: a country, governorates, districts, then towns, villages and neighbourhoods.
  const places: Place[] = [];
  const country: Place = { id: uniqueId("country"), name: "Country", kind: "country" };
  places.push(country);
  const governorates: Place[] = [];
  const governorateCount = Math.max(4, Math.round(placeCount / 400));
  for (let i = 0; i < governorateCount; i++) {
    const name = placeName();
    governorates.push({
      id: uniqueId(`${name} governorate`),
      name,
      aliases: [`${name} Governorate`, ...variantsOf(name)],
      kind: "governorate",
      in: country.id,
      pcode: `SY${String(i + 1).padStart(2, "0")}`,
    });
  }
  places.push(...governorates);
  const districts: Place[] = [];
  for (let i = 0; i < governorateCount * 4; i++) {
    const name = placeName();
    const parent = governorates[i % governorates.length]!;
    districts.push({
      id: uniqueId(`${name} district`),
      name,
      aliases: variantsOf(name),
      kind: "district",
      in: parent.id,
      pcode: `${parent.pcode}${String(i + 1).padStart(2, "0")}`,
    });
  }
  places.push(...districts);
  const settlements: Place[] = [];
  while (places.length < placeCount) {
    const name = placeName();
    const roll = random();
    const parent =
      roll < 0.15 && settlements.length > 10
        ? pick(random, settlements.slice(0, 50))
        : pick(random, districts);
    const kind =
      parent.kind === "district"
        ? pick(random, ["city", "town", "town", "village", "village", "village"] as const)
        : "neighbourhood";
    const place: Place = {
      id: uniqueId(name),
      name,
      aliases: variantsOf(name),
      kind,
      in: parent.id,
      lat: Math.round((32 + random() * 5) * 1e5) / 1e5,
      lon: Math.round((35.7 + random() * 6) * 1e5) / 1e5,
    };
    if (kind !== "neighbourhood") settlements.push(place);
    places.push(place);
  }
  // A few places whose names repeat (ambiguous lookups are part of the workload).
  for (let i = 0; i < Math.min(20, settlements.length); i += 5) {
    const twin = settlements[i]!;
    places.push({ id: uniqueId(`${twin.name} camp`), name: twin.name, kind: "site", in: twin.in! });
  }

  // Claims: a skewed choice of places (a few hot spots get most of the reporting).
  const hot = settlements.slice(0, Math.max(10, Math.round(settlements.length / 50)));
  const claimFiles = new Map<string, Claim[]>();
  const dayFiles: Claim[][] = [];
  for (let d = 0; d < days; d++) {
    const list: Claim[] = [];
    dayFiles.push(list);
    claimFiles.set(`${addDays(start, d)}.yaml`, list);
  }
  const lastTollBySource = new Map<string, { id: string; count: number; day: number }>();
  for (let i = 0; i < n; i++) {
    // Days never go back (so a correction can point at an earlier claim), and reporting grows
    // over time: more claims late in the period.
    const d = Math.min(days - 1, Math.floor(Math.sqrt((i + random()) / n) * days));
    const date = addDays(start, d);
    const source = pick(random, sources);
    const place = random() < 0.6 ? pick(random, hot) : pick(random, places);
    const hour = String(Math.floor(random() * 24)).padStart(2, "0");
    const minute = String(Math.floor(random() * 60)).padStart(2, "0");
    const reported = random() < 0.5 ? date : `${date}T${hour}:${minute}:00+03:00`;
    const roll = random();
    let claim: Claim;
    if (roll < 0.35) {
      const key = `${source.id}|${place.id}`;
      const previous = lastTollBySource.get(key);
      const base = previous
        ? previous.count + Math.floor(random() * 40)
        : 1 + Math.floor(random() * 300);
      const id = random() < 0.05 ? uniqueId(`t${i}`) : undefined;
      claim = {
        type: "toll",
        source: source.id,
        reported,
        metric: pick(random, METRICS),
        count: random() < 0.1 ? { low: base, high: base + Math.floor(random() * 100) } : base,
        qualifier: pick(random, QUALIFIERS),
        who: pick(random, WHO),
        place: place.id,
        since: start,
        ...(id ? { id } : {}),
        ...(previous && previous.day < d && random() < 0.5 ? { supersedes: previous.id } : {}),
        ...(random() < 0.1
          ? {
              breakdown: [
                {
                  count: Math.floor(base / 2),
                  who: "children" as const,
                  qualifier: "about" as const,
                },
              ],
            }
          : {}),
      };
      if (id) lastTollBySource.set(key, { id, count: base, day: d });
    } else if (roll < 0.65) {
      claim = {
        type: "control",
        source: source.id,
        reported,
        place: place.id,
        actor: pick(random, actorIds),
        status: pick(random, CONTROL_STATUSES),
        extent: random() < 0.3 ? "partial" : "full",
        ...(random() < 0.2
          ? {
              detail: `${1 + Math.floor(random() * 9)} neighbourhoods in the ${pick(random, ["north", "south", "east", "west"])}`,
            }
          : {}),
      };
    } else if (roll < 0.8) {
      claim = {
        type: "statement",
        source: source.id,
        reported,
        summary: `${source.name} says ${pick(random, ["the front is holding", "reinforcements arrived", "civilians are fleeing", "talks have stalled", "the road is cut"])} near ${place.name}.`,
        about: [place.id, pick(random, actorIds)],
      };
    } else {
      claim = {
        type: "event",
        source: source.id,
        reported,
        summary: `${pick(random, ["Shelling", "Air strike", "Clashes", "A car bomb", "Drone strike"])} reported in ${place.name}.`,
        place: place.id,
        actors: [pick(random, actorIds)],
        ...(random() < 0.3 ? { credibility: 1 + Math.floor(random() * 6) } : {}),
        ...(random() < 0.01
          ? { withdrawn: { reported: addDays(date, 1), note: "retracted by the source" } }
          : {}),
      };
    }
    dayFiles[d]!.push(claim);
  }
  for (const [name, list] of claimFiles) if (list.length === 0) claimFiles.delete(name);

  return {
    meta: {
      title: `Synthetic brief of ${n} claims`,
      timezone: "Asia/Damascus",
      summary: "Generated for benchmarks: not real events.",
      region: country.id,
      started: start,
      stale_after_hours: 48,
    },
    sources,
    actors,
    places,
    claimFiles,
  };
}

// A control map's data from the brief: the place and every place inside it, each with its
// verdict for the map, the parties in the order the brief lists their actors, and the places
// that have no coordinates (listed under the map).
import { placeTree } from "../../store/queries.ts";
import type { Place, PlaceKind } from "../../store/schema.ts";
import type { Brief } from "../../store/types.ts";
import { partyOf } from "../../store/verdict.ts";
import type { Clock } from "../describe.ts";
import { actorLabelOf, joinAnd, plural } from "../format.ts";
import { mapVerdictOf } from "./map-verdict.ts";
import { asOfText } from "./toll-chart-spec.ts";
import type { ControlMapSpec, MapParty, MapPlace, MarkerShape, Picture } from "./types.ts";

const RANK: Record<PlaceKind, number> = {
  country: 0,
  region: 1,
  governorate: 2,
  district: 3,
  city: 4,
  town: 5,
  village: 6,
  neighbourhood: 7,
  site: 8,
};

function shapeOf(kind: PlaceKind): MarkerShape {
  if (RANK[kind] <= RANK.district) return "area";
  return RANK[kind] <= RANK.village ? "settlement" : "site";
}

/** "Opposition: HTS, HTS-allied factions", naming only the actors this brief has on that side. */
function partiesOf(
  brief: Brief,
  used: ReadonlySet<string>,
  named: ReadonlySet<string>,
): MapParty[] {
  const members = new Map<string, string[]>();
  for (const [id] of brief.actors) {
    const party = partyOf(brief, id);
    if (!used.has(party) || !named.has(id)) continue;
    const list = members.get(party) ?? [];
    list.push(actorLabelOf(brief, id));
    members.set(party, list);
  }
  return [...members].map(([key, names]) => {
    const side = key.startsWith("actor:") ? undefined : key;
    const label =
      side === undefined
        ? joinAnd(names)
        : `${side.charAt(0).toUpperCase()}${side.slice(1).replace(/-/g, " ")}: ${names.slice(0, 4).join(", ")}${names.length > 4 ? ", …" : ""}`;
    return { key, label };
  });
}

export function controlMapPicture(brief: Brief, place: Place, clock: Clock): Picture {
  const places: MapPlace[] = [];
  const unplaced: { name: string; status: string }[] = [];
  const used = new Set<string>();
  const named = new Set<string>();
  for (const id of placeTree(brief, place.id)) {
    const p = brief.places.get(id);
    if (p === undefined) continue;
    const verdict = mapVerdictOf(brief, id, clock.at);
    for (const party of [...verdict.parties, ...verdict.present]) if (party !== "") used.add(party);
    for (const actor of verdict.actors) named.add(actor);
    if (p.lat === undefined || p.lon === undefined) {
      unplaced.push({ name: p.name, status: verdict.text });
      continue;
    }
    places.push({
      id,
      name: p.name,
      lat: p.lat,
      lon: p.lon,
      shape: shapeOf(p.kind),
      rank: RANK[p.kind],
      focus: id === place.id,
      verdict,
    });
  }
  const parties = partiesOf(brief, used, named);
  // Every split marker lists its sides in the legend's order (a grey "nobody" half last), so a
  // side is always on the same half.
  const order = new Map(parties.map((p, i) => [p.key, i]));
  const rank = (key: string) => order.get(key) ?? parties.length;
  const ordered = places.map((p) => ({
    ...p,
    verdict: { ...p.verdict, parties: [...p.verdict.parties].sort((a, b) => rank(a) - rank(b)) },
  }));
  const spec: ControlMapSpec = {
    kind: "control-map",
    title: `Who controls ${place.name}`,
    asOf: asOfText(brief, clock),
    parties,
    places: ordered,
    unplaced,
    footer: `${brief.meta.title} (brief ${brief.id}) · sitrep`,
  };
  const inside = places.length + unplaced.length - 1;
  const insideText = inside > 0 ? ` and ${plural(inside, "place")} inside it` : "";
  const unplacedText =
    unplaced.length > 0
      ? `; ${plural(unplaced.length, "place")} without coordinates listed under it`
      : "";
  return {
    name: `map-${place.id}.png`,
    alt: `Map of who controls ${place.name}${insideText}, ${spec.asOf}${unplacedText}.`,
    spec,
  };
}

// Country outlines from Natural Earth (the `world-atlas` package, public domain), read once and
// kept. Every country is cut into its polygons and every border and coastline into short pieces,
// each with a bounding box, so a map projects only what falls in its view (France's overseas
// islands are not projected for a map of Syria).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { geoArea } from "d3-geo";
import type { LineString, MultiLineString, Polygon, Position } from "geojson";
import { feature, mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";

/** West, south, east, north in degrees. */
export type Box = readonly [number, number, number, number];

export interface Piece<G> {
  readonly geometry: G;
  readonly box: Box;
}

export interface Country {
  readonly name: string;
  readonly polygons: readonly Piece<Polygon>[];
}

export interface World {
  readonly countries: readonly Country[];
  readonly borders: readonly Piece<LineString>[];
  readonly coasts: readonly Piece<LineString>[];
}

const resolve = createRequire(import.meta.url).resolve;
/** Points per piece of a border or coastline. */
const PIECE = 64;
const worlds = new Map<Resolution, World>();

/** Natural Earth's scales: 1:10m for a province, 1:50m for a country or more (5 times lighter). */
export type Resolution = "10m" | "50m";

function boxOf(points: readonly Position[]): Box {
  let [w, s, e, n] = [180, 90, -180, -90];
  for (const [x, y] of points) {
    if (x! < w) w = x!;
    if (x! > e) e = x!;
    if (y! < s) s = y!;
    if (y! > n) n = y!;
  }
  // A shape across the antimeridian looks more than half the world wide: give it every longitude.
  return e - w > 180 ? [-180, s, 180, n] : [w, s, e, n];
}

/** d3 reads rings by their winding on the sphere: one wound the wrong way covers the globe. */
function rewound(polygon: Polygon): Polygon {
  if (geoArea(polygon) <= 2 * Math.PI) return polygon;
  return { type: "Polygon", coordinates: polygon.coordinates.map((ring) => [...ring].reverse()) };
}

function pieces(ml: MultiLineString): Piece<LineString>[] {
  const out: Piece<LineString>[] = [];
  for (const line of ml.coordinates) {
    for (let i = 0; i < line.length - 1; i += PIECE) {
      const coordinates = line.slice(i, i + PIECE + 1);
      out.push({ geometry: { type: "LineString", coordinates }, box: boxOf(coordinates) });
    }
  }
  return out;
}

/** The world at one scale, loaded on first use (1:10m is 3.6 MB of TopoJSON, 1:50m 0.7 MB). */
export function loadWorld(resolution: Resolution = "10m"): World {
  const loaded = worlds.get(resolution);
  if (loaded !== undefined) return loaded;
  const topology = JSON.parse(
    readFileSync(resolve(`world-atlas/countries-${resolution}.json`), "utf8"),
  ) as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const object = topology.objects.countries;
  const countries: Country[] = [];
  for (const f of feature(topology, object).features) {
    const g = f.geometry;
    const list =
      g?.type === "Polygon" ? [g.coordinates] : g?.type === "MultiPolygon" ? g.coordinates : [];
    countries.push({
      name: f.properties?.name ?? "",
      polygons: list.map((coordinates) => ({
        geometry: rewound({ type: "Polygon", coordinates }),
        box: boxOf(coordinates[0] ?? []),
      })),
    });
  }
  const world = {
    countries,
    borders: pieces(mesh(topology, object, (a, b) => a !== b)),
    coasts: pieces(mesh(topology, object, (a, b) => a === b)),
  };
  worlds.set(resolution, world);
  return world;
}

export function boxesMeet(a: Box, b: Box): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

export function boxHas(box: Box, lon: number, lat: number): boolean {
  return lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3];
}

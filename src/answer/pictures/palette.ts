// Colours. Lines and parties take the Okabe–Ito colours (told apart by people with the common
// colour-vision deficiencies) in a fixed order, so the same brief always gets the same colours.
export const SERIES_COLOURS = [
  "#0072B2",
  "#D55E00",
  "#009E73",
  "#CC79A7",
  "#E69F00",
  "#56B4E9",
  "#7F4F24",
  "#332288",
] as const;

export function colourAt(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length]!;
}

export const INK = "#1f2328";
export const MUTED = "#57606a";
export const FAINT = "#8c959f";
export const GRID = "#e4e7eb";
export const UNKNOWN = "#a8adb3";
export const SEA = "#dde8f0";
export const LAND = "#f3f1ec";
export const HOME_LAND = "#fcfbf8";
export const BORDER = "#a3a7ab";

const tints = new Map<string, string>();

/** `hex` mixed with white: `amount` 0 is the colour, 1 is white. */
export function tint(hex: string, amount: number): string {
  const key = `${hex}|${amount}`;
  let mixed = tints.get(key);
  if (mixed === undefined) {
    mixed = mixWithWhite(hex, amount);
    tints.set(key, mixed);
  }
  return mixed;
}

function mixWithWhite(hex: string, amount: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round(c + (255 - c) * amount);
  const r = mix((value >> 16) & 255);
  const g = mix((value >> 8) & 255);
  const b = mix(value & 255);
  return `#${((r << 16) | (g << 8) | b).toString(16).padStart(6, "0")}`;
}

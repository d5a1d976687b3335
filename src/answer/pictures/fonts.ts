// The fonts every picture is drawn with, from an npm package (Noto Sans and Noto Sans Arabic, SIL
// Open Font License), so a picture is the same on every machine: no system font is ever read.
// Text is laid out before rasterising (legends, labels that must not overlap), so this module
// also estimates how wide a string is, from advance widths measured once from the same files.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { BOLD_WIDTHS, DEFAULT_WIDTH, REGULAR_WIDTHS } from "./font-widths.ts";

export const FONT_FAMILY = "Noto Sans, Noto Sans Arabic";

const resolve = createRequire(import.meta.url).resolve;

function packageDir(name: string): string {
  return dirname(resolve(`${name}/package.json`));
}

let files: readonly string[] | undefined;

/** The TTF files handed to the rasteriser: Latin and Arabic, regular and bold. */
export function fontFiles(): readonly string[] {
  if (files === undefined) {
    const latin = packageDir("@expo-google-fonts/noto-sans");
    const arabic = packageDir("@expo-google-fonts/noto-sans-arabic");
    files = [
      join(latin, "400Regular", "NotoSans_400Regular.ttf"),
      join(latin, "700Bold", "NotoSans_700Bold.ttf"),
      join(arabic, "400Regular", "NotoSansArabic_400Regular.ttf"),
      join(arabic, "700Bold", "NotoSansArabic_700Bold.ttf"),
    ];
  }
  return files;
}

/** About how wide `text` is at `size` px: close enough to keep labels and legends apart. */
export function textWidth(text: string, size: number, bold = false): number {
  const widths = bold ? BOLD_WIDTHS : REGULAR_WIDTHS;
  let em = 0;
  for (const ch of text) em += widths[ch] ?? DEFAULT_WIDTH;
  return em * size;
}

/** `text` cut (with an ellipsis) to fit `max` px. */
export function fitText(text: string, size: number, max: number, bold = false): string {
  if (textWidth(text, size, bold) <= max) return text;
  const chars = [...text];
  while (chars.length > 1 && textWidth(`${chars.join("")}…`, size, bold) > max) chars.pop();
  return `${chars.join("").trimEnd()}…`;
}

/** `text` broken into lines of at most `max` px, at spaces. */
export function wrapText(text: string, size: number, max: number, bold = false): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (word === "") continue;
    const next = line === "" ? word : `${line} ${word}`;
    if (line !== "" && textWidth(next, size, bold) > max) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line !== "") lines.push(line);
  return lines;
}

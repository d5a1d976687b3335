// The fonts every picture is drawn with, from an npm package (Noto Sans and Noto Sans Arabic, SIL
// Open Font License), so a picture is the same on every machine: no system font is ever read.
// Text is laid out before rasterising (legends, labels that must not overlap), so this module
// also estimates how wide a string is, from advance widths measured once from the same files.
//
// resvg reads a font file again for every glyph it draws, so the full Noto Sans (630 KB, every
// European script) costs more than the rest of a chart. The first picture therefore cuts the
// fonts down to the scripts sitrep draws (Latin with its accents, punctuation, Arabic) with
// HarfBuzz's subsetter, once per machine, into a folder under the system's temporary folder;
// the same inputs give the same files, so the picture stays the same everywhere.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
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

/** Unicode ranges kept: Latin (with Latin-1 and Extended-A/B), punctuation, arrows, Arabic. */
const LATIN: readonly [number, number][] = [
  [0x20, 0x7e],
  [0xa0, 0x24f],
  [0x2000, 0x206f],
  [0x20ac, 0x20ac],
  [0x2190, 0x21ff],
  [0x2212, 0x2212],
];
const ARABIC: readonly [number, number][] = [
  [0x20, 0x40],
  [0x600, 0x6ff],
  [0x750, 0x77f],
  [0xfb50, 0xfdff],
  [0xfe70, 0xfeff],
];

function charsOf(ranges: readonly [number, number][]): string {
  let chars = "";
  for (const [from, to] of ranges)
    for (let c = from; c <= to; c++) chars += String.fromCodePoint(c);
  return chars;
}

async function subsetFonts(): Promise<readonly string[]> {
  const sources = fontFiles();
  const { default: subset } = await import("subset-font");
  const { version } = JSON.parse(readFileSync(resolve("subset-font/package.json"), "utf8")) as {
    version: string;
  };
  const key = createHash("sha256")
    .update(JSON.stringify([LATIN, ARABIC, version, ...sources.map((f) => readFileSync(f).length)]))
    .digest("hex")
    .slice(0, 12);
  const dir = join(tmpdir(), `sitrep-fonts-${key}`);
  mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  for (const source of sources) {
    const target = join(dir, basename(source));
    if (!existsSync(target)) {
      const ranges = source.includes("Arabic") ? ARABIC : LATIN;
      const data = await subset(readFileSync(source), charsOf(ranges), {
        targetFormat: "truetype",
      });
      // Written beside and renamed, so a picture drawn meanwhile never reads half a file.
      const partial = `${target}.${process.pid}`;
      writeFileSync(partial, data);
      renameSync(partial, target);
    }
    out.push(target);
  }
  return out;
}

let prepared: Promise<readonly string[]> | undefined;

/** The font files to draw with: the cut-down ones, or the full ones if cutting failed. */
export function preparedFontFiles(): Promise<readonly string[]> {
  prepared ??= subsetFonts().catch(() => fontFiles());
  return prepared;
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

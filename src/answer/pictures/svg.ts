// A few helpers for writing SVG as text: escaping, numbers with a fixed precision (so snapshots
// are stable and files small), and text elements in the bundled fonts.
import { normalizeText } from "../escape.ts";
import { FONT_FAMILY } from "./fonts.ts";

/** Untrusted text for SVG: made safe as every answer's text is, then XML-escaped. */
export function escapeXml(text: string): string {
  return normalizeText(text).replace(/[&<>"']/g, (ch) =>
    ch === "&"
      ? "&amp;"
      : ch === "<"
        ? "&lt;"
        : ch === ">"
          ? "&gt;"
          : ch === '"'
            ? "&quot;"
            : "&#39;",
  );
}

/** A coordinate to one decimal: enough at 2x, and stable across machines. */
export function n(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

export interface TextStyle {
  readonly size: number;
  readonly bold?: boolean;
  readonly fill?: string;
  readonly anchor?: "start" | "middle" | "end";
  readonly opacity?: number;
  /** Letter spacing in px. */
  readonly spacing?: number;
  /** A white outline under the letters, to keep labels legible over the map. */
  readonly halo?: boolean;
}

/** A run of text in a line with its own weight or colour. */
export interface Run {
  readonly text: string;
  readonly bold?: boolean;
  readonly fill?: string;
}

function runs(content: string | readonly Run[]): string {
  if (typeof content === "string") return escapeXml(content);
  return content
    .map((r) => {
      const attrs = `${r.bold ? ` font-weight="700"` : ""}${r.fill ? ` fill="${r.fill}"` : ""}`;
      return attrs === "" ? escapeXml(r.text) : `<tspan${attrs}>${escapeXml(r.text)}</tspan>`;
    })
    .join("");
}

export function text(
  x: number,
  y: number,
  content: string | readonly Run[],
  style: TextStyle,
): string {
  const attrs = [
    `x="${n(x)}"`,
    `y="${n(y)}"`,
    `font-size="${style.size}"`,
    style.bold ? `font-weight="700"` : "",
    `fill="${style.fill ?? "#1f2328"}"`,
    style.anchor && style.anchor !== "start" ? `text-anchor="${style.anchor}"` : "",
    style.opacity !== undefined && style.opacity < 1 ? `opacity="${style.opacity}"` : "",
    style.spacing ? `letter-spacing="${style.spacing}"` : "",
    style.halo
      ? `stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"`
      : "",
    typeof content === "string" ? "" : `xml:space="preserve"`,
  ].filter((a) => a !== "");
  return `<text ${attrs.join(" ")}>${runs(content)}</text>`;
}

/** The document around the drawn elements: white background, fonts named once. */
export function svgDocument(
  width: number,
  height: number,
  title: string,
  body: readonly string[],
): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...body,
    "</svg>",
  ].join("\n");
}

// subset-font ships no types: the one call fonts.ts makes.
declare module "subset-font" {
  export default function subsetFont(
    font: Buffer,
    text: string,
    options?: { readonly targetFormat?: "truetype" | "woff" | "woff2" | "sfnt" },
  ): Promise<Buffer>;
}

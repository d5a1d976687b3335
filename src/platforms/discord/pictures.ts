// An answer's picture as the file Discord takes with a message (multipart, next to the JSON
// body), under the name the embed's `attachment://` image points at. The drawing code and resvg
// load only when an answer has a picture.
import type { RawFile } from "discord.js";
import type { Picture } from "../../answer/pictures/types.ts";

export async function discordFiles(pictures: readonly Picture[] | undefined): Promise<RawFile[]> {
  const picture = pictures?.[0];
  if (picture === undefined) return [];
  const { renderPicture } = await import("../../answer/pictures/index.ts");
  const rendered = await renderPicture(picture);
  return [{ name: picture.name, data: rendered.png, contentType: "image/png" }];
}

/** The body without its picture: what is sent when the picture could not be drawn. */
export function withoutPicture<M extends { readonly embeds: readonly object[] }>(body: M): M {
  const { attachments: _dropped, ...rest } = body as M & { attachments?: unknown };
  return {
    ...rest,
    embeds: body.embeds.map((e) => {
      const { image: _image, ...kept } = e as { image?: unknown };
      return kept;
    }),
  } as unknown as M;
}

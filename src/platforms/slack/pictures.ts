// An answer's picture uploaded to a Slack channel with files.uploadV2, after the answer itself:
// only where the answer is posted for the channel (`share`, daily posts, alerts). The drawing
// code and resvg load only when an answer has a picture.
import type { webApi } from "@slack/bolt";
import type { Answer } from "../../answer/model.ts";

export async function uploadPictures(
  client: webApi.WebClient,
  channel: string,
  answer: Answer,
  thread?: string,
): Promise<void> {
  const picture = answer.pictures?.[0];
  if (picture === undefined) return;
  const { renderPicture } = await import("../../answer/pictures/index.ts");
  const rendered = await renderPicture(picture);
  const file = {
    file: rendered.png,
    filename: picture.name,
    title: picture.alt.split(",")[0] ?? picture.name,
    alt_text: picture.alt.slice(0, 1000),
  };
  await client.filesUploadV2(
    thread === undefined
      ? { channel_id: channel, ...file }
      : { channel_id: channel, thread_ts: thread, ...file },
  );
}

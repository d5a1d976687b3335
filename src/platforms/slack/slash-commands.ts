// The slash commands on Slack: acknowledge at once, hand the command and its text to the request
// core (which answers, refuses or explains), then send the answer to the response_url: ephemeral
// unless the core says it is for the channel. Nothing a handler throws reaches the channel. With
// the answer pool, a worker thread renders and posts the answer itself (`Reply.delivered`), so
// this thread only acknowledges and hands the command over.
import type { App, webApi } from "@slack/bolt";
import type { Answer } from "../../answer/model.ts";
import type { SlackPictureMode } from "../../answer/render-slack.ts";
import { refusalAnswer } from "../../answer/simple.ts";
import type { Reply, RequestCore } from "../../core/request.ts";
import type { Logger } from "../../log.ts";
import type { PictureLinks } from "../picture-links.ts";
import { uploadPictures } from "./pictures.ts";
import { slackResponse } from "./respond.ts";

export interface SlashCommandOptions {
  /** The request core every way in shares (its registry says which commands to listen to). */
  readonly core: RequestCore;
  readonly logger: Logger;
  /** Team ids allowed to ask; empty allows every workspace the app is installed in. */
  readonly allowedTeams: readonly string[];
  /** User ids that may use the admin subcommands, besides workspace admins and owners. */
  readonly adminUsers: readonly string[];
  /** PUBLIC_URL is set: a private answer's picture is shown from the bot's own server. */
  readonly pictureLinks?: PictureLinks;
}

/** What answering one command needs: the client Bolt authorized for the asker's workspace. */
export interface AnswerOptions extends SlashCommandOptions {
  readonly client: webApi.WebClient;
}

export interface SlashRequest {
  /** With the slash, as Slack sends it: `/who-controls`. */
  readonly command: string;
  readonly text: string;
  readonly team: string;
  readonly channel: string;
  readonly user: string;
  /** Where the answer goes; the answer pool posts there itself when it can. */
  readonly responseUrl?: string;
}

/** In SLACK_ADMIN_USERS, or an admin or owner of the workspace; a failed lookup means no. */
export async function isSlackAdmin(
  user: string,
  options: Pick<AnswerOptions, "adminUsers" | "client" | "logger">,
): Promise<boolean> {
  if (options.adminUsers.includes(user)) return true;
  try {
    const info = await options.client.users.info({ user });
    return info.user?.is_admin === true || info.user?.is_owner === true;
  } catch (err) {
    options.logger.warn({ err, user }, "users.info failed; treating the user as not an admin");
    return false;
  }
}

/** What to answer a slash command with: the core's reply, or a refusal. Never throws. */
export async function answerSlashCommand(
  request: SlashRequest,
  options: AnswerOptions,
): Promise<Reply> {
  const { logger } = options;
  if (options.allowedTeams.length > 0 && !options.allowedTeams.includes(request.team)) {
    logger.warn({ team: request.team, command: request.command }, "refused a disallowed workspace");
    return {
      answer: refusalAnswer("This bot is not enabled for this workspace."),
      visibility: "private",
      outcome: "refused",
    };
  }
  return options.core.handle({
    origin: {
      platform: "slack",
      workspace: request.team,
      channel: request.channel,
      user: request.user,
      isAdmin: () => isSlackAdmin(request.user, options),
    },
    command: request.command,
    text: request.text,
    ...(request.responseUrl === undefined
      ? {}
      : {
          respondTo: {
            platform: "slack",
            url: request.responseUrl,
            linksPictures: options.pictureLinks !== undefined,
          },
        }),
  });
}

/** A private answer's picture: a link on the bot's own server, when there is one. */
async function linkedPicture(
  answer: Answer,
  options: SlashCommandOptions,
): Promise<SlackPictureMode> {
  const picture = answer.pictures?.[0];
  if (picture === undefined || options.pictureLinks === undefined) return { kind: "unavailable" };
  // Which step failed goes in the log: drawing is the code's trouble, keeping the link the state
  // store's.
  let step = "could not draw the picture";
  try {
    const { renderPicture } = await import("../../answer/pictures/index.ts");
    const rendered = await renderPicture(picture);
    step = "could not keep the picture's link in the state store";
    return { kind: "url", url: await options.pictureLinks.publish(rendered.png) };
  } catch (err) {
    options.logger.error({ err }, step);
    return { kind: "unavailable" };
  }
}

/**
 * Registers one listener for every command in commands/index.ts: Bolt runs each listener's
 * middleware for every request, so one listener rather than a dozen is less work before each ack.
 */
export function registerSlashCommands(app: App, options: SlashCommandOptions): void {
  const names = options.core.commands.map(({ definition }) => definition.name);
  if (names.length === 0) return;
  const escaped = names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const anyCommand = new RegExp(`^/(?:${escaped.join("|")})$`);
  app.command(anyCommand, async ({ command, ack, respond, client }) => {
    // Slack allows 3 seconds for the acknowledgement; the answer follows on the response_url.
    await ack();
    const reply = await answerSlashCommand(
      {
        command: command.command,
        text: command.text ?? "",
        team: command.team_id,
        channel: command.channel_id,
        user: command.user_id,
        responseUrl: command.response_url,
      },
      // Bolt's client for this request carries the token of the asker's workspace.
      { ...options, client },
    );
    // Rendered and posted by the answer pool's worker thread.
    if (reply.delivered === true) return;
    const share = reply.visibility === "channel";
    // A shared answer's picture is uploaded to the channel after it; a private one is shown
    // from the bot's own server when PUBLIC_URL is set, else it says why it has none (Slack
    // cannot attach a file to an ephemeral message).
    const mode = share ? ({ kind: "upload" } as const) : await linkedPicture(reply.answer, options);
    const response = slackResponse(reply, mode, options.logger, { command: command.command });
    try {
      await respond(response);
    } catch (err) {
      options.logger.error({ err, command: command.command }, "could not send the answer");
      return;
    }
    if (response.response_type === "in_channel" && reply.answer.pictures !== undefined) {
      await uploadPictures(client, command.channel_id, reply.answer).catch((err: unknown) =>
        options.logger.error({ err, command: command.command }, "could not upload the picture"),
      );
    }
  });
}

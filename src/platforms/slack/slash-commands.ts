// The four slash commands on Slack: acknowledge at once, work out the answer (a brief query, an
// admin subcommand of /sitrep, a usage line or a refusal), then send it to the response_url:
// ephemeral unless the user typed `share`. Nothing a handler throws reaches the channel.
import type { App, webApi } from "@slack/bolt";
import { commands } from "../../../commands/index.ts";
import type { Answer } from "../../answer/model.ts";
import { renderSlack, type SlackPictureMode } from "../../answer/render-slack.ts";
import { errorAnswer, newErrorId, refusalAnswer, usageAnswer } from "../../answer/simple.ts";
import type { AdminHandler, ChatOrigin } from "../../core/admin.ts";
import { type Dispatched, dispatchCommand } from "../../core/dispatch.ts";
import type { Logger } from "../../log.ts";
import type { Store } from "../../store/types.ts";
import type { PictureLinks } from "../picture-links.ts";
import { uploadPictures } from "./pictures.ts";

export interface SlashCommandOptions {
  readonly getStore: () => Store;
  readonly now: () => number;
  readonly logger: Logger;
  readonly admin?: AdminHandler;
  /** Team ids allowed to ask; empty allows every workspace the app is installed in. */
  readonly allowedTeams: readonly string[];
  /** User ids that may use the admin subcommands, besides workspace admins and owners. */
  readonly adminUsers: readonly string[];
  readonly client: webApi.WebClient;
  /** PUBLIC_URL is set: a private answer's picture is shown from the bot's own server. */
  readonly pictureLinks?: PictureLinks;
  /** Works out answers off the event loop (the answer pool); default: dispatchCommand here. */
  readonly dispatch?: (name: string, text: string, now: number) => Promise<Dispatched>;
}

export interface SlashRequest {
  /** With the slash, as Slack sends it: `/who-controls`. */
  readonly command: string;
  readonly text: string;
  readonly team: string;
  readonly channel: string;
  readonly user: string;
}

export interface SlashReply {
  readonly answer: Answer;
  readonly share: boolean;
}

/** In SLACK_ADMIN_USERS, or an admin or owner of the workspace; a failed lookup means no. */
export async function isSlackAdmin(
  user: string,
  options: Pick<SlashCommandOptions, "adminUsers" | "client" | "logger">,
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

function failed(logger: Logger, cause: unknown, message: string): SlashReply {
  const errorId = newErrorId();
  logger.error({ errorId, err: cause }, message);
  return { answer: errorAnswer(errorId), share: false };
}

/** What to answer a slash command with. Never throws. */
export async function answerSlashCommand(
  request: SlashRequest,
  options: SlashCommandOptions,
): Promise<SlashReply> {
  const { logger } = options;
  if (options.allowedTeams.length > 0 && !options.allowedTeams.includes(request.team)) {
    logger.warn({ team: request.team, command: request.command }, "refused a disallowed workspace");
    return {
      answer: refusalAnswer("This bot is not enabled for this workspace."),
      share: false,
    };
  }
  try {
    const dispatched =
      options.dispatch === undefined
        ? dispatchCommand(request.command, request.text, {
            store: options.getStore(),
            now: options.now(),
          })
        : await options.dispatch(request.command, request.text, options.now());
    if (dispatched.kind === "usage") return { answer: dispatched.answer, share: false };
    if (dispatched.kind === "answer") {
      if (dispatched.failure !== undefined) {
        logger.error(
          {
            errorId: dispatched.failure.id,
            err: dispatched.failure.cause,
            command: request.command,
          },
          "handler failed",
        );
      }
      return { answer: dispatched.answer, share: dispatched.share };
    }
    if (options.admin === undefined) {
      return { answer: usageAnswer("Scheduling is not enabled on this bot."), share: false };
    }
    const origin: ChatOrigin = {
      platform: "slack",
      workspace: request.team,
      channel: request.channel,
      user: request.user,
      isAdmin: await isSlackAdmin(request.user, options),
    };
    const answer = await options.admin.handle(dispatched.subcommand, dispatched.rest, origin);
    return { answer, share: false };
  } catch (cause) {
    return failed(logger, cause, "slash command failed");
  }
}

/** A private answer's picture: a link on the bot's own server, when there is one. */
async function linkedPicture(
  answer: Answer,
  options: SlashCommandOptions,
): Promise<SlackPictureMode> {
  const picture = answer.pictures?.[0];
  if (picture === undefined || options.pictureLinks === undefined) return { kind: "unavailable" };
  try {
    const { renderPicture } = await import("../../answer/pictures/index.ts");
    const rendered = await renderPicture(picture);
    return { kind: "url", url: options.pictureLinks.publish(rendered.png) };
  } catch (err) {
    options.logger.error({ err }, "could not draw the picture");
    return { kind: "unavailable" };
  }
}

/** Registers a listener for every command in commands/index.ts. */
export function registerSlashCommands(app: App, options: SlashCommandOptions): void {
  for (const { definition } of commands) {
    app.command(`/${definition.name}`, async ({ command, ack, respond, client }) => {
      // Slack allows 3 seconds for the acknowledgement; the answer follows on the response_url.
      await ack();
      const reply = await answerSlashCommand(
        {
          command: command.command,
          text: command.text ?? "",
          team: command.team_id,
          channel: command.channel_id,
          user: command.user_id,
        },
        options,
      );
      let rendered: ReturnType<typeof renderSlack>;
      let share = reply.share;
      const mode = share
        ? ({ kind: "upload" } as const)
        : await linkedPicture(reply.answer, options);
      try {
        // A shared answer's picture is uploaded to the channel after it; a private one is shown
        // from the bot's own server when PUBLIC_URL is set, else it says why it has none (Slack
        // cannot attach a file to an ephemeral message).
        rendered = renderSlack(reply.answer, mode);
      } catch (cause) {
        rendered = renderSlack(failed(options.logger, cause, "rendering failed").answer);
        share = false;
      }
      try {
        await respond({
          text: rendered.text,
          blocks: rendered.blocks,
          response_type: share ? "in_channel" : "ephemeral",
        });
      } catch (err) {
        options.logger.error({ err, command: command.command }, "could not send the answer");
        return;
      }
      if (share && reply.answer.pictures !== undefined) {
        await uploadPictures(client, command.channel_id, reply.answer).catch((err: unknown) =>
          options.logger.error({ err, command: command.command }, "could not upload the picture"),
        );
      }
    });
  }
}

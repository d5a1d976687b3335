// The Slack app manifest for sitrep: the slash commands of the registry (usage hints derived from
// their definitions), the bot scopes the bot uses, and HTTP request URLs or Socket Mode; for many
// workspaces also the install flow's redirect URL and the uninstall events. Pasted into "Create
// an app".
import { fitPlain } from "../../answer/fit.ts";
import { SLACK_MANIFEST_LIMITS as LIMITS } from "../../answer/limits.ts";
import type { Command } from "../../core/types.ts";
import { usageHint } from "../../core/usage.ts";
import { ADD_TO_BRIEF_SHORTCUT, REPORT_COMMAND } from "./claims.ts";
import { REDIRECT_PATH, SLACK_EVENTS_PATH } from "./receiver.ts";

/**
 * commands: the slash commands; chat:write: answers and scheduled posts; chat:write.public:
 * scheduled posts to public channels the bot was not invited to; users:read: users.info for the
 * workspace admin check.
 */
// The history scopes let a post whose outcome is unknown be found by its delivery id before any retry.
// files:write uploads pictures (charts and maps) to the channel after a shared answer or a post.
export const BOT_SCOPES = [
  "commands",
  "chat:write",
  "chat:write.public",
  "users:read",
  "channels:history",
  "groups:history",
  "files:write",
] as const;

/** /report opens the claim form; it is no question for the store, so it is not in commands/. */
const REPORT = {
  command: REPORT_COMMAND,
  description: "Add a claim to the brief (an editor approves it)",
  usage_hint: "[brief id]",
};

export type ManifestTarget = { readonly url: string } | { readonly socket: true };

export interface ManifestOptions {
  /** The registry (commands/index.ts): one slash command each. */
  readonly commands: readonly Command[];
  readonly target: ManifestTarget;
  readonly name?: string;
  /**
   * Many workspaces (the OAuth install flow): the redirect URL (with a URL target) and the
   * app_uninstalled and tokens_revoked events, which remove a workspace's installation.
   */
  readonly oauth?: boolean;
}

/** The events that tell the bot a workspace's installation is gone. */
export const UNINSTALL_EVENTS = ["app_uninstalled", "tokens_revoked"] as const;

function oauthSettings(url: string | undefined) {
  return {
    event_subscriptions: {
      ...(url === undefined ? {} : { request_url: `${url}${SLACK_EVENTS_PATH}` }),
      bot_events: [...UNINSTALL_EVENTS],
    },
  };
}

export function buildSlackManifest(options: ManifestOptions): Record<string, unknown> {
  const url = "url" in options.target ? options.target.url.replace(/\/+$/, "") : undefined;
  const name = fitPlain(options.name ?? "sitrep", LIMITS.appName);
  return {
    display_information: {
      name,
      description: fitPlain(
        "Tolls, control and sources for a situation: every figure shown with who claims it and when.",
        LIMITS.appDescription,
      ),
    },
    features: {
      bot_user: { display_name: name, always_online: true },
      slash_commands: options.commands
        .map(({ definition }) => ({
          command: fitPlain(`/${definition.name}`, LIMITS.command),
          ...(url === undefined ? {} : { url: `${url}${SLACK_EVENTS_PATH}` }),
          description: fitPlain(definition.description, LIMITS.commandDescription),
          usage_hint: fitPlain(usageHint(definition), LIMITS.usageHint),
          // /watch reads a mention as the id Slack sends only when it escapes the command's text
          // (`<!subteam^S…|@desk>`); other commands read names as typed.
          should_escape: definition.admin !== undefined,
        }))
        .concat({
          ...REPORT,
          ...(url === undefined ? {} : { url: `${url}${SLACK_EVENTS_PATH}` }),
          should_escape: false,
        }),
      shortcuts: [
        {
          name: "Add to brief",
          type: "message",
          callback_id: ADD_TO_BRIEF_SHORTCUT,
          description: "Add what this message reports to the brief, for an editor to approve",
        },
      ],
    },
    oauth_config: {
      ...(options.oauth === true && url !== undefined
        ? { redirect_urls: [`${url}${REDIRECT_PATH}`] }
        : {}),
      scopes: { bot: [...BOT_SCOPES] },
    },
    settings: {
      // Modals, buttons and the name lists of the claim form's selects.
      interactivity: {
        is_enabled: true,
        ...(url === undefined
          ? {}
          : {
              request_url: `${url}${SLACK_EVENTS_PATH}`,
              message_menu_options_url: `${url}${SLACK_EVENTS_PATH}`,
            }),
      },
      ...(options.oauth === true ? oauthSettings(url) : {}),
      org_deploy_enabled: false,
      socket_mode_enabled: url === undefined,
      token_rotation_enabled: false,
    },
  };
}

// Slack in many workspaces: the OAuth install flow (GET /slack/install, GET /slack/oauth_redirect,
// @slack/oauth's InstallProvider with its signed state cookie) storing each workspace's
// installation in the state store; Bolt's authorize() reading it back for every request; a
// polite answer (not a crash) to a request from a workspace with no installation; and the
// uninstall events removing it. The routes are ours, so they are served the same way over HTTP
// (Bolt's receiver) and over Socket Mode (our plain server).
import type { App, Authorize } from "@slack/bolt";
import {
  type CallbackOptions,
  defaultCallbackFailure,
  defaultCallbackSuccess,
  InstallProvider,
  type Logger as OAuthLogger,
} from "@slack/oauth";
import { renderSlack } from "../../answer/render-slack.ts";
import { refusalAnswer } from "../../answer/simple.ts";
import type { Logger } from "../../log.ts";
import type { InstallationRepo } from "../../state/installations.ts";
import type { HttpRoute } from "../http.ts";
import { clientOptions, installedClients, NotInstalled, type SlackClients } from "./clients.ts";
import { createInstallationStore } from "./installation-store.ts";
import { BOT_SCOPES } from "./manifest.ts";
import { INSTALL_PATH, REDIRECT_PATH } from "./receiver.ts";

/** SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET: all three turn the flow on. */
export interface SlackOAuthSettings {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Signs the state parameter and its cookie (CSRF protection of the install flow). */
  readonly stateSecret: string;
  /** PUBLIC_URL: the redirect URL is then sent explicitly (`<PUBLIC_URL>/slack/oauth_redirect`). */
  readonly publicUrl?: string;
}

export interface SlackOAuthOptions {
  readonly settings: SlackOAuthSettings;
  readonly installations: InstallationRepo;
  readonly apiUrl?: string;
  readonly now: () => number;
  readonly logger: Logger;
  /** @slack/oauth's own messages go here (Bolt's adapter of our logger). */
  readonly oauthLogger: OAuthLogger;
}

export interface SlackOAuth {
  /** GET /slack/install and GET /slack/oauth_redirect. */
  readonly routes: readonly HttpRoute[];
  /** Bolt's authorize: the request's workspace installation, or a clear refusal. */
  readonly authorize: Authorize<boolean>;
  readonly clients: SlackClients;
  /** app_uninstalled and tokens_revoked remove the workspace's installation. */
  registerUninstall(app: App): void;
}

/** The redirect URL Slack sends the installer back to, when the bot knows its public address. */
export function redirectUrl(publicUrl: string | undefined): string | undefined {
  return publicUrl === undefined ? undefined : `${publicUrl.replace(/\/+$/, "")}${REDIRECT_PATH}`;
}

/** Tells the asker, on the request's response_url, that the app is not installed here. */
async function tellNotInstalled(body: unknown, installUrl: string | undefined, logger: Logger) {
  const url = (body as { response_url?: unknown } | undefined)?.response_url;
  if (typeof url !== "string" || !url.startsWith("http")) return;
  const how =
    installUrl === undefined
      ? "Ask whoever runs sitrep to install it here."
      : `A workspace admin can install it at ${installUrl}.`;
  const { text, blocks } = renderSlack(
    refusalAnswer(`sitrep is not installed in this workspace. ${how}`),
  );
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ response_type: "ephemeral", text, blocks }),
    });
    if (!res.ok) logger.warn({ status: res.status }, "could not say the app is not installed");
  } catch (err) {
    logger.warn({ err }, "could not say the app is not installed");
  }
}

export function createSlackOAuth(options: SlackOAuthOptions): SlackOAuth {
  const { settings, installations, logger } = options;
  const redirectUri = redirectUrl(settings.publicUrl);
  const installUrl =
    settings.publicUrl === undefined
      ? undefined
      : `${settings.publicUrl.replace(/\/+$/, "")}${INSTALL_PATH}`;
  const provider = new InstallProvider({
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    stateSecret: settings.stateSecret,
    installationStore: createInstallationStore(installations, options.now),
    logger: options.oauthLogger,
    clientOptions: clientOptions(options.apiUrl),
  });
  const installOptions = {
    scopes: [...BOT_SCOPES],
    ...(redirectUri === undefined ? {} : { redirectUri }),
  };
  // Who installed where is logged; the installation itself (its tokens) never is.
  const callbacks: CallbackOptions = {
    success(installation, installUrlOptions, req, res) {
      logger.info(
        {
          team: installation.team?.id,
          enterprise: installation.enterprise?.id,
          installer: installation.user?.id,
        },
        "sitrep was installed in a Slack workspace",
      );
      defaultCallbackSuccess(installation as never, installUrlOptions, req, res);
    },
    failure(error, installUrlOptions, req, res) {
      logger.warn({ code: error.code, reason: error.message }, "a Slack install did not complete");
      defaultCallbackFailure(error, installUrlOptions, req, res);
    },
  };

  const routes: HttpRoute[] = [
    {
      method: "GET",
      path: INSTALL_PATH,
      handler: (req, res) => provider.handleInstallPath(req, res, {}, installOptions),
    },
    {
      method: "GET",
      path: REDIRECT_PATH,
      handler: (req, res) => provider.handleCallback(req, res, callbacks),
    },
  ];

  const authorize: Authorize<boolean> = async (source, body) => {
    try {
      return await provider.authorize(source);
    } catch (error) {
      const cause = (error as { original?: unknown }).original;
      if (!(cause instanceof NotInstalled)) throw error;
      logger.warn(
        { team: source.teamId, enterprise: source.enterpriseId },
        "a Slack request from a workspace sitrep is not installed in: told the asker, ran nothing",
      );
      // Not awaited: the request must be acknowledged within Slack's 3 seconds regardless.
      void tellNotInstalled(body, installUrl, logger);
      throw error;
    }
  };

  function registerUninstall(app: App): void {
    const remove = async (
      reason: string,
      context: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean },
    ) => {
      const key = {
        teamId: context.teamId,
        enterpriseId: context.enterpriseId,
        isEnterpriseInstall: context.isEnterpriseInstall === true,
      };
      const removed = await installations.delete(key);
      logger.info(
        { team: key.teamId, enterprise: key.enterpriseId, removed },
        `${reason}: the installation is removed`,
      );
    };
    app.event("app_uninstalled", async ({ context }) => remove("sitrep was uninstalled", context));
    app.event("tokens_revoked", async ({ event, context }) => {
      // Only the bot's token matters: sitrep asks for no user scopes.
      if ((event.tokens.bot ?? []).length > 0) await remove("the bot token was revoked", context);
    });
  }

  return {
    routes,
    authorize,
    clients: installedClients(installations, options.apiUrl),
    registerUninstall,
  };
}

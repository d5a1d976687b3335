// @slack/oauth's InstallationStore over the state store's installations repository: the install
// flow stores each workspace's installation there, and authorize() reads it back for every
// request. A workspace with no installation is a NotInstalled error (the caller says so).
import type { Installation, InstallationQuery, InstallationStore } from "@slack/oauth";
import type {
  InstallationJson,
  InstallationKey,
  InstallationRepo,
} from "../../state/installations.ts";
import { NotInstalled } from "./clients.ts";

function keyOfInstallation(installation: Installation<"v1" | "v2", boolean>): InstallationKey {
  return {
    teamId: installation.team?.id,
    enterpriseId: installation.enterprise?.id,
    isEnterpriseInstall: installation.isEnterpriseInstall === true,
  };
}

function keyOfQuery(query: InstallationQuery<boolean>): InstallationKey {
  return {
    teamId: query.teamId,
    enterpriseId: query.enterpriseId,
    isEnterpriseInstall: query.isEnterpriseInstall,
  };
}

export function createInstallationStore(
  repo: InstallationRepo,
  now: () => number,
): InstallationStore {
  return {
    async storeInstallation(installation) {
      // Stored whole, as @slack/oauth built it: authorize() reads back exactly this shape.
      const json = JSON.parse(JSON.stringify(installation)) as InstallationJson;
      await repo.store(keyOfInstallation(installation), json, now());
    },
    async fetchInstallation(query) {
      const found = await repo.fetch(keyOfQuery(query));
      if (found === undefined) throw new NotInstalled(query.teamId ?? query.enterpriseId);
      return found as unknown as Installation<"v1" | "v2", boolean>;
    },
    async deleteInstallation(query) {
      await repo.delete(keyOfQuery(query));
    },
  };
}

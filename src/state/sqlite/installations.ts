// The installations repository on the SQLite state database (table slack_installations,
// migration 9): one row per workspace or organisation, the installation as JSON.

import {
  type InstallationJson,
  type InstallationListRow,
  type InstallationRepo,
  installationKey,
  installedWorkspaceFromRow,
} from "../installations.ts";
import type { StateDb } from "./db.ts";

export function createSqliteInstallationRepo(db: StateDb): InstallationRepo {
  const upsert = db.prepare(
    `INSERT INTO slack_installations
       (key, enterprise_id, team_id, is_enterprise_install, installation, installed_at, updated_at)
     VALUES (@key, @enterpriseId, @teamId, @isEnterpriseInstall, @installation, @now, @now)
     ON CONFLICT (key) DO UPDATE SET enterprise_id = excluded.enterprise_id,
       team_id = excluded.team_id, is_enterprise_install = excluded.is_enterprise_install,
       installation = excluded.installation, updated_at = excluded.updated_at`,
  );
  const select = db.prepare<[string], { installation: string }>(
    "SELECT installation FROM slack_installations WHERE key = ?",
  );
  const remove = db.prepare("DELETE FROM slack_installations WHERE key = ?");
  const all = db.prepare<[], InstallationListRow>(
    `SELECT enterprise_id, team_id, is_enterprise_install, installed_at, updated_at
     FROM slack_installations ORDER BY key`,
  );
  return {
    async store(key, installation, now) {
      const id = installationKey(key);
      if (id === undefined) throw new Error("an installation needs a team or an enterprise id");
      upsert.run({
        key: id,
        enterpriseId: key.enterpriseId || null,
        teamId: key.teamId || null,
        isEnterpriseInstall: key.isEnterpriseInstall === true ? 1 : 0,
        installation: JSON.stringify(installation),
        now,
      });
    },
    async fetch(key) {
      const id = installationKey(key);
      const row = id === undefined ? undefined : select.get(id);
      return row === undefined ? undefined : (JSON.parse(row.installation) as InstallationJson);
    },
    async delete(key) {
      const id = installationKey(key);
      return id !== undefined && remove.run(id).changes > 0;
    },
    async list() {
      return all.all().map(installedWorkspaceFromRow);
    },
  };
}

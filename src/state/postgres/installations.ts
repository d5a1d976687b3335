// The installations repository on the PostgreSQL state database (table slack_installations,
// migration 2): one row per workspace or organisation, the installation as JSON. Several
// instances share it, so an install done through one is used by all at once.
import {
  type InstallationJson,
  type InstallationListRow,
  type InstallationRepo,
  installationKey,
  installedWorkspaceFromRow,
} from "../installations.ts";
import { all, one, type Queryable, run } from "./pool.ts";

export function createPostgresInstallationRepo(db: Queryable): InstallationRepo {
  return {
    async store(key, installation, now) {
      const id = installationKey(key);
      if (id === undefined) throw new Error("an installation needs a team or an enterprise id");
      await run(
        db,
        `INSERT INTO slack_installations
           (key, enterprise_id, team_id, is_enterprise_install, installation, installed_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (key) DO UPDATE SET enterprise_id = excluded.enterprise_id,
           team_id = excluded.team_id, is_enterprise_install = excluded.is_enterprise_install,
           installation = excluded.installation, updated_at = excluded.updated_at`,
        [
          id,
          key.enterpriseId || null,
          key.teamId || null,
          key.isEnterpriseInstall === true ? 1 : 0,
          JSON.stringify(installation),
          now,
        ],
      );
    },
    async fetch(key) {
      const id = installationKey(key);
      if (id === undefined) return undefined;
      const row = await one<{ installation: string }>(
        db,
        "SELECT installation FROM slack_installations WHERE key = $1",
        [id],
      );
      return row === undefined ? undefined : (JSON.parse(row.installation) as InstallationJson);
    },
    async delete(key) {
      const id = installationKey(key);
      if (id === undefined) return false;
      return (await run(db, "DELETE FROM slack_installations WHERE key = $1", [id])) > 0;
    },
    async list() {
      const rows = await all<InstallationListRow>(
        db,
        `SELECT enterprise_id, team_id, is_enterprise_install, installed_at, updated_at
         FROM slack_installations ORDER BY key`,
      );
      return rows.map(installedWorkspaceFromRow);
    },
  };
}

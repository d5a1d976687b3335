// The installations repository: what an app install left behind (for Slack, @slack/oauth's
// Installation, tokens included), kept as JSON under the workspace or organisation it is for.
// Platform-neutral on purpose: the Slack adapter (platforms/slack/installation-store.ts) turns
// it into @slack/oauth's InstallationStore. The JSON holds secrets: nothing here logs it.

/** Who an installation is for, as @slack/oauth's queries and installations name it. */
export interface InstallationKey {
  readonly enterpriseId?: string | undefined;
  readonly teamId?: string | undefined;
  /** An organisation-wide install: found by its enterprise, whichever workspace asks. */
  readonly isEnterpriseInstall?: boolean | undefined;
}

/** An installation as stored: a JSON object (with the tokens in it). */
export type InstallationJson = Record<string, unknown>;

/** One stored installation, without its contents (no tokens): for listings. */
export interface InstalledWorkspace {
  readonly enterpriseId?: string;
  readonly teamId?: string;
  readonly isEnterpriseInstall: boolean;
  readonly installedAt: number;
  readonly updatedAt: number;
}

/** Async so the same contract can be met by a database server; SQLite answers at once. */
export interface InstallationRepo {
  /** Stores the installation, replacing the one for the same key (a reinstall). */
  store(key: InstallationKey, installation: InstallationJson, now: number): Promise<void>;
  /** The installation for the key, or undefined when the app is not installed there. */
  fetch(key: InstallationKey): Promise<InstallationJson | undefined>;
  /** Removes the installation (uninstalled, tokens revoked); true when there was one. */
  delete(key: InstallationKey): Promise<boolean>;
  list(): Promise<InstalledWorkspace[]>;
}

/**
 * The one row an installation is kept under: the enterprise for an organisation-wide install,
 * else the workspace (team ids are unique across organisations). Undefined when the key names
 * neither, which finds nothing and stores nothing.
 */
export function installationKey(key: InstallationKey): string | undefined {
  if (key.isEnterpriseInstall === true) {
    return key.enterpriseId ? `enterprise:${key.enterpriseId}` : undefined;
  }
  return key.teamId ? `team:${key.teamId}` : undefined;
}

/** The same contract in memory, for tests and a bot with no state store. */
export function createMemoryInstallationRepo(): InstallationRepo {
  const rows = new Map<string, { json: string; info: InstalledWorkspace }>();
  return {
    async store(key, installation, now) {
      const id = installationKey(key);
      if (id === undefined) throw new Error("an installation needs a team or an enterprise id");
      const installedAt = rows.get(id)?.info.installedAt ?? now;
      rows.set(id, {
        json: JSON.stringify(installation),
        info: {
          ...(key.enterpriseId ? { enterpriseId: key.enterpriseId } : {}),
          ...(key.teamId ? { teamId: key.teamId } : {}),
          isEnterpriseInstall: key.isEnterpriseInstall === true,
          installedAt,
          updatedAt: now,
        },
      });
    },
    async fetch(key) {
      const id = installationKey(key);
      const row = id === undefined ? undefined : rows.get(id);
      return row === undefined ? undefined : (JSON.parse(row.json) as InstallationJson);
    },
    async delete(key) {
      const id = installationKey(key);
      return id !== undefined && rows.delete(id);
    },
    async list() {
      return [...rows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, r]) => r.info);
    },
  };
}

/** A row of the slack_installations table, as both state databases return it for a listing. */
export interface InstallationListRow {
  enterprise_id: string | null;
  team_id: string | null;
  is_enterprise_install: number;
  installed_at: number;
  updated_at: number;
}

/** The listing's view of one row: the same on SQLite and PostgreSQL. */
export function installedWorkspaceFromRow(row: InstallationListRow): InstalledWorkspace {
  return {
    ...(row.enterprise_id === null ? {} : { enterpriseId: row.enterprise_id }),
    ...(row.team_id === null ? {} : { teamId: row.team_id }),
    isEnterpriseInstall: row.is_enterprise_install === 1,
    installedAt: row.installed_at,
    updatedAt: row.updated_at,
  };
}

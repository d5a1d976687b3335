// The installations repository's contract, run against every implementation: store, fetch and
// delete by workspace or organisation, a reinstall replacing the old tokens, and nothing found
// for a key that names no one.
import { afterEach, describe, expect, it } from "vitest";
import {
  createMemoryInstallationRepo,
  type InstallationRepo,
  installationKey,
} from "../../src/state/installations.ts";
import { openStateDb } from "../../src/state/sqlite/db.ts";
import { createSqliteInstallationRepo } from "../../src/state/sqlite/installations.ts";
import { tempDbPath } from "../schedule/helpers.ts";

const teamA = { teamId: "T-A", isEnterpriseInstall: false };
const installA = { team: { id: "T-A" }, bot: { token: "xoxb-a-1" }, isEnterpriseInstall: false };

interface Opened {
  readonly repo: InstallationRepo;
  close(): void;
}

const implementations: [string, () => Opened][] = [
  ["memory", () => ({ repo: createMemoryInstallationRepo(), close: () => {} })],
  [
    "sqlite",
    () => {
      const db = openStateDb(":memory:");
      return { repo: createSqliteInstallationRepo(db), close: () => db.close() };
    },
  ],
];

describe.each(implementations)("the installations repository (%s)", (_name, open) => {
  let opened: Opened;
  afterEach(() => opened?.close());

  it("stores an installation and finds it by its workspace, as JSON", async () => {
    opened = open();
    await opened.repo.store(teamA, installA, 1000);
    expect(await opened.repo.fetch({ teamId: "T-A", enterpriseId: undefined })).toEqual(installA);
    expect(await opened.repo.fetch({ teamId: "T-B" })).toBeUndefined();
    expect(await opened.repo.list()).toEqual([
      { teamId: "T-A", isEnterpriseInstall: false, installedAt: 1000, updatedAt: 1000 },
    ]);
  });

  it("replaces the installation on a reinstall, keeping when it was first installed", async () => {
    opened = open();
    await opened.repo.store(teamA, installA, 1000);
    const again = { ...installA, bot: { token: "xoxb-a-2" } };
    await opened.repo.store(teamA, again, 2000);
    expect(await opened.repo.fetch(teamA)).toEqual(again);
    expect(await opened.repo.list()).toEqual([
      { teamId: "T-A", isEnterpriseInstall: false, installedAt: 1000, updatedAt: 2000 },
    ]);
  });

  it("finds an organisation-wide install by its enterprise from any of its workspaces", async () => {
    opened = open();
    const org = { enterpriseId: "E1", isEnterpriseInstall: true };
    await opened.repo.store(org, { enterprise: { id: "E1" }, bot: { token: "xoxb-e" } }, 1000);
    const asked = { enterpriseId: "E1", teamId: "T-X", isEnterpriseInstall: true };
    expect(await opened.repo.fetch(asked)).toEqual({
      enterprise: { id: "E1" },
      bot: { token: "xoxb-e" },
    });
    // A workspace install of one of its teams is a different row.
    expect(await opened.repo.fetch({ enterpriseId: "E1", teamId: "T-X" })).toBeUndefined();
  });

  it("deletes an installation, and says whether there was one", async () => {
    opened = open();
    await opened.repo.store(teamA, installA, 1000);
    expect(await opened.repo.delete(teamA)).toBe(true);
    expect(await opened.repo.delete(teamA)).toBe(false);
    expect(await opened.repo.fetch(teamA)).toBeUndefined();
    expect(await opened.repo.list()).toEqual([]);
  });

  it("finds nothing and stores nothing under a key that names no one", async () => {
    opened = open();
    expect(await opened.repo.fetch({})).toBeUndefined();
    expect(await opened.repo.delete({ isEnterpriseInstall: true, teamId: "T-A" })).toBe(false);
    await expect(opened.repo.store({}, installA, 1)).rejects.toThrow(/team or an enterprise/);
  });
});

describe("installationKey", () => {
  it("keys a workspace install by its team and an organisation install by its enterprise", () => {
    expect(installationKey({ teamId: "T1", enterpriseId: "E1" })).toBe("team:T1");
    expect(installationKey({ teamId: "T1", enterpriseId: "E1", isEnterpriseInstall: true })).toBe(
      "enterprise:E1",
    );
    expect(installationKey({ enterpriseId: "E1" })).toBeUndefined();
  });
});

describe("the SQLite installations repository", () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it("keeps installations across a reopen of the state database", async () => {
    const temp = tempDbPath();
    cleanup = temp.cleanup;
    const first = openStateDb(temp.path);
    await createSqliteInstallationRepo(first).store(teamA, installA, 1000);
    first.close();
    const second = openStateDb(temp.path);
    expect(await createSqliteInstallationRepo(second).fetch(teamA)).toEqual(installA);
    second.close();
  });
});

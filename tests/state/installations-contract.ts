// The installations repository's part of the state contract: store, fetch and delete by
// workspace or organisation, a reinstall replacing the old tokens, nothing found for a key that
// names no one, and an install through one instance seen by another on the same database. The
// caller gives a fresh repository per test (and a second one on the same database, where there is
// one): the state contract (contract.ts) for SQLite and PostgreSQL, installations.test.ts for the
// in-memory one.
import { expect, it } from "vitest";
import type { InstallationRepo } from "../../src/state/installations.ts";

const teamA = { teamId: "T-A", isEnterpriseInstall: false };
const installA = { team: { id: "T-A" }, bot: { token: "xoxb-a-1" }, isEnterpriseInstall: false };

export function describeInstallationContract(
  repo: () => InstallationRepo,
  twin?: () => Promise<InstallationRepo>,
): void {
  it("stores an installation and finds it by its workspace, as JSON", async () => {
    await repo().store(teamA, installA, 1000);
    expect(await repo().fetch({ teamId: "T-A", enterpriseId: undefined })).toEqual(installA);
    expect(await repo().fetch({ teamId: "T-B" })).toBeUndefined();
    expect(await repo().list()).toEqual([
      { teamId: "T-A", isEnterpriseInstall: false, installedAt: 1000, updatedAt: 1000 },
    ]);
  });

  it("replaces the installation on a reinstall, keeping when it was first installed", async () => {
    await repo().store(teamA, installA, 1000);
    const again = { ...installA, bot: { token: "xoxb-a-2" } };
    await repo().store(teamA, again, 2000);
    expect(await repo().fetch(teamA)).toEqual(again);
    expect(await repo().list()).toEqual([
      { teamId: "T-A", isEnterpriseInstall: false, installedAt: 1000, updatedAt: 2000 },
    ]);
  });

  it("finds an organisation-wide install by its enterprise from any of its workspaces", async () => {
    const org = { enterpriseId: "E1", isEnterpriseInstall: true };
    const installed = { enterprise: { id: "E1" }, bot: { token: "xoxb-e" } };
    await repo().store(org, installed, 1000);
    const asked = { enterpriseId: "E1", teamId: "T-X", isEnterpriseInstall: true };
    expect(await repo().fetch(asked)).toEqual(installed);
    // A workspace install of one of its teams is a different row.
    expect(await repo().fetch({ enterpriseId: "E1", teamId: "T-X" })).toBeUndefined();
    expect(await repo().list()).toEqual([
      { enterpriseId: "E1", isEnterpriseInstall: true, installedAt: 1000, updatedAt: 1000 },
    ]);
  });

  it("deletes an installation, and says whether there was one", async () => {
    await repo().store(teamA, installA, 1000);
    expect(await repo().delete(teamA)).toBe(true);
    expect(await repo().delete(teamA)).toBe(false);
    expect(await repo().fetch(teamA)).toBeUndefined();
    expect(await repo().list()).toEqual([]);
  });

  it("finds nothing and stores nothing under a key that names no one", async () => {
    expect(await repo().fetch({})).toBeUndefined();
    expect(await repo().delete({ isEnterpriseInstall: true, teamId: "T-A" })).toBe(false);
    await expect(repo().store({}, installA, 1)).rejects.toThrow(/team or an enterprise/);
  });

  if (twin !== undefined) {
    it("an install stored by one instance is fetched, and its removal seen, by another", async () => {
      const other = await twin();
      await repo().store(teamA, installA, 1000);
      expect(await other.fetch(teamA)).toEqual(installA);
      expect(await other.delete(teamA)).toBe(true);
      expect(await repo().fetch(teamA)).toBeUndefined();
    });
  }
}

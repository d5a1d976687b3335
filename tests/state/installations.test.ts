// The installations repository: the in-memory one held to the same contract as the stores'
// (which contract.ts runs on SQLite and PostgreSQL), the key rule, and SQLite keeping them across
// a reopen of the state file.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createMemoryInstallationRepo,
  type InstallationRepo,
  installationKey,
} from "../../src/state/installations.ts";
import { openStateDb } from "../../src/state/sqlite/db.ts";
import { createSqliteInstallationRepo } from "../../src/state/sqlite/installations.ts";
import { tempDbPath } from "../schedule/helpers.ts";
import { describeInstallationContract } from "./installations-contract.ts";

describe("the in-memory installations repository", () => {
  let repo: InstallationRepo;
  beforeEach(() => {
    repo = createMemoryInstallationRepo();
  });
  describeInstallationContract(() => repo);
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
    const install = { team: { id: "T-A" }, bot: { token: "xoxb-a" } };
    const first = openStateDb(temp.path);
    await createSqliteInstallationRepo(first).store({ teamId: "T-A" }, install, 1000);
    first.close();
    const second = openStateDb(temp.path);
    expect(await createSqliteInstallationRepo(second).fetch({ teamId: "T-A" })).toEqual(install);
    second.close();
  });
});

import { describe, expect, it } from "vitest";
import { subcommands } from "../../../src/cli/subcommands.ts";

describe("the sitrep CLI", () => {
  it("lists discord-register among its subcommands", () => {
    expect(subcommands.map((s) => s.name)).toContain("discord-register");
  });
});

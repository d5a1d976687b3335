import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // One real PostgreSQL server for the run; its URL is inject("postgresUrl").
    globalSetup: ["tests/state/postgres-server.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});

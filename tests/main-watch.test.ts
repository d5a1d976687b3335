// Watches in the whole app as `npm start` runs it in console mode: /watch typed on standard input,
// a brief file edited, a reload, and the alert printed on standard output through the console
// transport (the same delivery ledger as daily posts).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { type Config, readConfig } from "../src/config.ts";
import { silentLogger } from "../src/log.ts";
import { type App, startApp } from "../src/main.ts";
import { writeValidBrief } from "./fixtures/briefs.ts";

const NOW = Date.parse("2024-12-01T12:00:00Z");
const apps: App[] = [];

afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
});

/** Resolves once `output` has printed text matching `pattern`; returns all it printed. */
function printed(output: PassThrough, pattern: RegExp): Promise<string> {
  let text = "";
  return new Promise((resolve) => {
    const check = (chunk: Buffer) => {
      text += chunk.toString("utf8");
      if (pattern.test(text)) {
        output.off("data", check);
        resolve(text);
      }
    };
    output.on("data", check);
  });
}

/** The app in console mode on `config`, typing into `input` and printing to `output`. */
async function startConsoleApp(config: Config) {
  const input = new PassThrough();
  const output = new PassThrough();
  const app = await startApp({
    config,
    logger: silentLogger,
    now: () => NOW,
    input,
    output,
    watch: false,
  });
  apps.push(app);
  return { app, input, output };
}

const SARAQIB_HTS =
  "- type: control\n  source: afp\n  reported: 2024-12-01T09:00:00Z\n  place: saraqib\n  actor: hts\n  status: controls\n";

describe("watches in console mode", () => {
  it("prints an alert when an edit changes what a channel watches", async () => {
    const brief = writeValidBrief();
    const dir = mkdtempSync(join(tmpdir(), "sitrep-app-"));
    const config = readConfig({ BRIEFS_DIR: brief.root, STATE_DB: join(dir, "state.db") });
    const { app, input, output } = await startConsoleApp(config);

    const added = printed(output, /Watch added/);
    input.write("/watch Saraqib\n");
    expect(await added).toContain("This channel now watches 1: Saraqib (place, on control)");

    const alert = printed(output, /\[alert to #console\]/);
    writeFileSync(brief.file("claims/2024-12-01.yaml"), SARAQIB_HTS);
    await app.live.reload();
    const text = await alert;
    expect(text).toContain("Alert: Saraqib");
    expect(text).toContain("Saraqib: unknown → held by HTS (per Agence France-Presse, 1 Dec)");
    input.end();
    await app.done;
  });

  it("prints, on starting again, an alert on what changed while the bot was down", async () => {
    const brief = writeValidBrief();
    const dir = mkdtempSync(join(tmpdir(), "sitrep-app-"));
    const config = readConfig({ BRIEFS_DIR: brief.root, STATE_DB: join(dir, "state.db") });
    const first = await startConsoleApp(config);
    const added = printed(first.output, /Watch added/);
    first.input.write("/watch Saraqib\n");
    await added;
    // A reload with the watch in place: the state store keeps what the brief said.
    await first.app.live.reload();
    first.input.end();
    await first.app.done;
    await first.app.stop();

    writeFileSync(brief.file("claims/2024-12-01.yaml"), SARAQIB_HTS);
    const again = await startConsoleApp(config);
    const alert = await printed(again.output, /\[alert to #console\]/);
    expect(alert).toContain("Saraqib: unknown → held by HTS (per Agence France-Presse, 1 Dec)");
    again.input.end();
    await again.app.done;
  });
});

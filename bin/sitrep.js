#!/usr/bin/env node
// The `sitrep` command line, compiled: `npx sitrep ask "/sources"`. `npm ci` builds dist/ (the
// prepare script); after editing the sources, `npm run build` (or `npm run sitrep`) rebuilds it.
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write("sitrep: not built yet; run `npm ci` or `npm run build` first\n");
  process.exit(1);
}
const { main } = await import(cli.href);
await main(process.argv.slice(2));

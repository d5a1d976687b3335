// Compiles the bot and the CLI to JavaScript in dist/ (run by `npm ci` through `prepare`, and
// before `npm start` and `npm run sitrep` so they never run stale code). esbuild bundles our
// modules and the small pure-JavaScript libraries every answer needs, so a CLI call reads a few
// files instead of hundreds; everything else (Slack, Discord, SQLite, native modules) stays an
// ordinary import from node_modules and is loaded only by the code paths that use it. Dynamic
// imports become their own chunks: `sitrep ask` never loads what `npm start` needs.
import { renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "dist");

/** Bundled in: pure JavaScript, loaded by every CLI call, many files each when left apart. */
const BUNDLED = new Set(["zod", "js-yaml", "yaml", "luxon", "fastest-levenshtein"]);

function packageOf(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Every bare import is external unless listed above (node: built-ins included). */
const externals = {
  name: "externals",
  setup(context) {
    context.onResolve({ filter: /^[^./]/ }, (args) =>
      BUNDLED.has(packageOf(args.path)) ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * zod re-exports its 60-odd message locales from its main module, so bundling zod bundles them
 * all, though only English (its default, set up by zod itself) is ever used here: a third of
 * every CLI call's code. This keeps `z.locales.en` and drops the rest.
 */
const englishOnly = {
  name: "zod-english-only",
  setup(context) {
    context.onResolve({ filter: /locales\/index\.js$/ }, (args) =>
      args.importer.includes("/node_modules/zod/")
        ? { path: join(dirname(args.importer), args.path), namespace: "zod-locales" }
        : undefined,
    );
    context.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), "en.js"))};`,
      resolveDir: dirname(args.path),
    }));
  },
};

// Built beside dist/ and swapped in, so a CLI call running meanwhile never sees half a build.
const next = `${OUT}.${process.pid}`;
await build({
  absWorkingDir: ROOT,
  entryPoints: {
    main: "src/main.ts",
    "cli/main": "src/cli/main.ts",
    // The answer pool's worker threads load this file by name (src/workers/answer-pool.ts).
    "workers/answer-worker": "src/workers/answer-worker.ts",
    // The loader's parse workers, found beside the bundle (src/store/parse-pool.ts).
    "workers/parse-worker": "src/store/parse-worker.ts",
  },
  outdir: next,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: "linked",
  chunkNames: "chunks/[name]-[hash]",
  plugins: [englishOnly, externals],
  // Bundled CommonJS (yaml) calls require(); ES modules have none, so give them one.
  banner: {
    js: "import { createRequire as __sitrepCreateRequire } from 'node:module'; const require = __sitrepCreateRequire(import.meta.url);",
  },
  logLevel: "warning",
});
rmSync(OUT, { recursive: true, force: true });
renameSync(next, OUT);

// How long a CLI call takes from the start of its process to its answer, against plain
// `node -e ''` in the same run (the floor: Node's own start). Runs are interleaved so that other
// work on the machine weighs on both alike. Each child also reports the CPU time it used (user +
// system), which the machine's load inflates far less than the wall time. The CLI runs compiled
// (bin/sitrep.js on dist/, built first) on the bundled brief, as `npx sitrep` does.
import { execFileSync, spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { median } from "./stats.ts";

const PROJECT = fileURLToPath(new URL("..", import.meta.url));
const RUNS = 15;
/** Prints the process's CPU time on exit, to stderr: the same for both commands, so fair. */
const CPU_PROBE =
  'data:text/javascript,process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write("\\ncpu-us "+(u.user+u.system)+"\\n")})';

export interface StartFigures {
  readonly label: string;
  readonly command: string;
  readonly runs: number;
  readonly wallMs: number;
  readonly minWallMs: number;
  readonly cpuMs: number;
}

export interface CliStartFigures {
  readonly node: StartFigures;
  readonly cli: StartFigures;
  /** 1-minute load average when the runs ended. */
  readonly loadAverage: number;
}

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
}

function runOnce(args: readonly string[]): Sample {
  const started = performance.now();
  const child = spawnSync(process.execPath, ["--import", CPU_PROBE, ...args], {
    cwd: PROJECT,
    encoding: "utf8",
    env: { ...process.env, BRIEFS_DIR: "briefs" },
  });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`${args.join(" ")} failed: ${child.stderr}`);
  const cpu = /cpu-us (\d+)/.exec(child.stderr);
  return { wallMs, cpuMs: cpu === null ? Number.NaN : Number(cpu[1]) / 1000 };
}

function figures(label: string, command: string, samples: readonly Sample[]): StartFigures {
  return {
    label,
    command,
    runs: samples.length,
    wallMs: median(samples.map((s) => s.wallMs)),
    minWallMs: Math.min(...samples.map((s) => s.wallMs)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
  };
}

export function measureCliStart(): CliStartFigures {
  execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: PROJECT, stdio: "inherit" });
  const cliArgs = ["bin/sitrep.js", "ask", "/sources"];
  const node: Sample[] = [];
  const cli: Sample[] = [];
  runOnce(cliArgs); // warm the file cache once; not counted
  for (let i = 0; i < RUNS; i++) {
    node.push(runOnce(["-e", ""]));
    cli.push(runOnce(cliArgs));
  }
  return {
    node: figures("node", "node -e ''", node),
    cli: figures("sitrep ask", 'sitrep ask "/sources"', cli),
    loadAverage: Math.round(loadavg()[0]! * 100) / 100,
  };
}

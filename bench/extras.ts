// Measurements other parts of the project add to `npm run bench`, each as rows of the summary
// table at the top of docs/benchmarks.md (what, claims, figure, goal, verdict). To add one, write
// a module exporting an ExtraBench and list it in EXTRA_BENCHES: it runs once per brief size
// (return [] for sizes it does not measure), after the built-in stages, and a failure is reported
// under "Stages that did not run" without stopping the others. Run heavy work in a child process
// (see spawn.ts) so its memory and JIT state do not leak into the next measurement.
import type { GlanceRow } from "./report.ts";

export interface ExtraContext {
  /** Claims in the synthetic brief of this size. */
  readonly claims: number;
  /** The briefs root holding that brief (one folder, `bench-<claims>`). */
  readonly root: string;
  readonly seed: number;
}

export interface ExtraBench {
  /** Shown in progress lines and error reports. */
  readonly name: string;
  run(context: ExtraContext): Promise<readonly GlanceRow[]>;
}

export const EXTRA_BENCHES: readonly ExtraBench[] = [];

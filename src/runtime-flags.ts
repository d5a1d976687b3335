// V8 settings for the bot's process, imported first by its entry (and by the benchmarks' child
// processes, so they measure what runs). Flags are process-wide: the answer and parse threads
// started later have them too.
import { setFlagsFromString } from "node:v8";

// No allocation-site pretenuring. V8 learns that verdicts and pictures made while a brief is
// prepared are kept (they are, as of now) and from then on allocates every verdict and picture of
// those sites straight in the old generation, where those of a question about the past die: a
// brief warmed after a reload left 1 GB of such garbage at a million claims, and every young
// collection after it was slower (p99 of the commands 3.3 → 5 ms) until a full collection, which
// a quiet bot may not run for hours. Without it none is left, the p99 stays at 3.3 ms, and the
// loads are no slower (the warm load at 100,000 claims measured 2.3× JSON.parse against 2.65×).
setFlagsFromString("--no-allocation-site-pretenuring");

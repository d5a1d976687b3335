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

// The old generation may grow to twice what the last full collection kept before the next one
// starts, instead of up to four times as V8 judges it can afford. A first start at a million
// claims keeps about 250 MB but makes much more garbage on the way (each file's text, parse tree
// and snapshot): its peak was 695 MB alone and 796 to 841 MB run after other work in a benchmark
// run, and is 601 MB after the same work with this, the commands' p99 and the warm load where
// they were. Growing by half (50) brought it to 524 MB but made the warm load at 100,000 claims
// 25% slower.
setFlagsFromString("--heap-growing-percent=100");

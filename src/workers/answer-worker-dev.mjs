// The answer worker when the bot runs from TypeScript sources (tsx, vitest): a worker thread does
// not inherit the parent's module hooks, so it registers tsx before importing the real worker.
// The compiled bot (dist/) runs dist/workers/answer-worker.js directly.
import { register } from "tsx/esm/api";

register();
const { default: answer } = await import("./answer-worker.ts");
export default answer;

// The parse worker when the loader runs from TypeScript sources (tsx, vitest): a worker thread
// does not inherit the parent's module hooks, so it registers tsx before importing the real
// worker. The compiled code (dist/) runs dist/workers/parse-worker.js directly.
import { register } from "tsx/esm/api";

register();
const { default: parse } = await import("./parse-worker.ts");
export default parse;

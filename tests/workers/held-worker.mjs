// An answer worker for tests whose answers wait until the test releases them: before answering, it
// blocks its thread (Atomics.wait) as a long answer would, then answers with the real worker. The
// gate is an Int32Array over workerData.gate: [0] becomes 1 to release, [1] counts answers held.
import { workerData } from "node:worker_threads";
import answer from "../../src/workers/answer-worker-dev.mjs";

const gate = new Int32Array(workerData.gate);

export default function heldAnswer(task) {
  if (task.kind === "ask") {
    Atomics.add(gate, 1, 1);
    Atomics.notify(gate, 1);
    Atomics.wait(gate, 0, 0);
  }
  return answer(task);
}

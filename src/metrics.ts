// The bot's Prometheus metrics (prom-client), one registry per running app so two apps in one
// process (tests) count apart. The request core, the delivery machinery, the live store and the
// state store are handed a `Metrics` and count into it; only the HTTP route (platforms/http.ts)
// renders it. Labels are closed sets (platform, command, outcome, trigger, kind, status, operation), so
// a chat user can never grow the number of series.
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

export interface Metrics {
  /**
   * One request answered (whatever its outcome), and how long the answer took. `command` must be
   * a registered command's name (the core says "unknown" for any other), so users add no series.
   * `trigger` tells a person asking in chat from a daily post or an alert (default "chat").
   */
  countRequest(
    platform: string,
    command: string,
    outcome: string,
    seconds: number,
    trigger?: string,
  ): void;
  /** One attempt of a daily post or an alert recorded with this status. */
  countDelivery(kind: string, platform: string, status: string): void;
  /** One reload of the briefs that ended with `problems` problems (0: clean). */
  countReload(problems: number): void;
  /** One operation on the state store that threw. */
  countStateError(operation: string): void;
  /** The text exposition format, and its content type. */
  render(): Promise<{ readonly contentType: string; readonly body: string }>;
}

/** Answer latencies in seconds: an ack is due within 3 s on Slack and Discord. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event loop lag, GC): default true. */
  readonly processMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const requests = new Counter({
    name: "sitrep_requests_total",
    help: "Requests answered, by platform, command, outcome (answer, usage, refused, error) and trigger (chat, scheduler, alert)",
    labelNames: ["platform", "command", "outcome", "trigger"] as const,
    registers,
  });
  const latency = new Histogram({
    name: "sitrep_answer_seconds",
    help: "Time from a request reaching the core to its answer, by platform and trigger",
    labelNames: ["platform", "trigger"] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const deliveries = new Counter({
    name: "sitrep_deliveries_total",
    help: "Delivery attempts of daily posts and alerts, by kind, platform and recorded status (sent, failed, uncertain, no_access, missed)",
    labelNames: ["kind", "platform", "status"] as const,
    registers,
  });
  const reloads = new Counter({
    name: "sitrep_brief_reloads_total",
    help: "Reloads of the briefs, by result (ok, or problems: the last good version stayed)",
    labelNames: ["result"] as const,
    registers,
  });
  const problems = new Counter({
    name: "sitrep_brief_problems_total",
    help: "Problems found in the briefs, summed over reloads",
    registers,
  });
  const stateErrors = new Counter({
    name: "sitrep_state_errors_total",
    help: "Operations on the state store that failed, by operation",
    labelNames: ["operation"] as const,
    registers,
  });
  // Zero series up front, so a dashboard sees 0 rather than nothing before the first event.
  reloads.inc({ result: "ok" }, 0);
  reloads.inc({ result: "problems" }, 0);
  return {
    countRequest(platform, command, outcome, seconds, trigger = "chat") {
      requests.inc({ platform, command, outcome, trigger });
      latency.observe({ platform, trigger }, seconds);
    },
    countDelivery(kind, platform, status) {
      deliveries.inc({ kind, platform, status });
    },
    countReload(found) {
      reloads.inc({ result: found === 0 ? "ok" : "problems" });
      if (found > 0) problems.inc(found);
    },
    countStateError(operation) {
      stateErrors.inc({ operation });
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

/**
 * The same object with every method counting what it throws (or rejects with) as a state store
 * error named `area.method`, then passing the error on unchanged.
 */
export function countStateErrors<T extends object>(
  area: string,
  target: T,
  metrics: Metrics | undefined,
): T {
  if (metrics === undefined) return target;
  return new Proxy(target, {
    get(object, key, receiver) {
      const value = Reflect.get(object, key, receiver) as unknown;
      if (typeof value !== "function") return value;
      const operation = `${area}.${String(key)}`;
      return (...args: unknown[]) => {
        try {
          const result = (value as (...a: unknown[]) => unknown).apply(object, args);
          if (result instanceof Promise) {
            return result.catch((error: unknown) => {
              metrics.countStateError(operation);
              throw error;
            });
          }
          return result;
        } catch (error) {
          metrics.countStateError(operation);
          throw error;
        }
      };
    },
  });
}

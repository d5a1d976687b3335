// The one logger (pino, JSON lines to stderr so console-mode answers on stdout stay clean).
// Log calls put the context object first: log.info({ brief }, "loaded").
import { type Logger, pino } from "pino";

export type { Logger };

export function createLogger(level = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({ level, base: { app: "sitrep" } }, pino.destination(2));
}

/** A logger that writes nothing, for tests. */
export const silentLogger: Logger = pino({ level: "silent" });

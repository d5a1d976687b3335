// Bolt (and its WebClient) log through @slack/logger's interface; this sends those lines to our
// pino logger so every log line is JSON with the same fields. pino's level decides what is kept.
import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../../log.ts";

const BOLT_LEVELS: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
};

function joinMessage(parts: readonly unknown[]): string {
  return parts
    .map((part) =>
      part instanceof Error ? part.message : typeof part === "string" ? part : String(part),
    )
    .join(" ");
}

export function toBoltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: "bolt" });
  return {
    debug: (...msg: unknown[]) => log.debug(joinMessage(msg)),
    info: (...msg: unknown[]) => log.info(joinMessage(msg)),
    warn: (...msg: unknown[]) => log.warn(joinMessage(msg)),
    error: (...msg: unknown[]) => log.error(joinMessage(msg)),
    // Bolt sets its default level on start-up; pino's configured level stays in charge.
    setLevel: () => {},
    getLevel: () => BOLT_LEVELS[log.level] ?? LogLevel.INFO,
    setName: () => {},
  };
}

// The machine a run happened on, for the results page: figures mean little without it.
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly node: string;
  readonly platform: string;
  /** 1-minute load average when the run started: other work on the machine skews tails. */
  readonly loadAverage: number;
}

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: Math.round(loadavg()[0]! * 100) / 100,
  };
}

/**
 * This process's peak resident memory, MB. On Linux, `process.resourceUsage().maxRSS` of a
 * child process starts at its parent's size when it was forked (the kernel keeps the larger of
 * the old and the new image's peak across exec), so a benchmark child reported at least the
 * runner's size at the moment it was spawned. /proc/self/status's VmHWM is the peak of this
 * process's own memory; elsewhere maxRSS is the best there is.
 */
export function readPeakRssMb(): number {
  try {
    const status = readFileSync("/proc/self/status", "utf8");
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
    if (kb !== undefined) return Number(kb) / 1024;
  } catch {
    // Not Linux: no /proc.
  }
  return process.resourceUsage().maxRSS / 1024;
}

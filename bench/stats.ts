// Summaries of latency samples: median and 99th percentile by nearest rank, in milliseconds.

export interface Summary {
  readonly count: number;
  readonly median: number;
  readonly p99: number;
  readonly max: number;
}

/** The value at quantile q (0..1) by nearest rank over sorted samples. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    median: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!,
  };
}

export function median(samples: readonly number[]): number {
  return summarize(samples).median;
}

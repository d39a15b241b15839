/** Runs `fn` `runs` times after `warmup` runs and returns the timings in milliseconds, sorted. */
export function timeRuns(fn: () => void, runs: number, warmup = 2): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

export function percentile(sorted: ReadonlyArray<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const median = (sorted: ReadonlyArray<number>) => percentile(sorted, 50);

export function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** One figure per line, as JSON, so tools and people can both read the output. */
export function report(figure: Record<string, unknown>): void {
  console.log(JSON.stringify(figure));
}

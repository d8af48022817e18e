/** One line of the benchmark table; every figure that has a baseline measures it in the same run. */
export interface BenchResult {
  /** Short id, e.g. `parse.acled-csv`, `matching.indexed-vs-brute`. */
  name: string;
  /** What was measured, in words. */
  what: string;
  value: number;
  unit: string;
  /** The baseline measured in the same run, when the figure is a comparison. */
  baseline?: { what: string; value: number; unit: string };
  /** value / baseline.value (or as the benchmark defines it, said in `what`). */
  ratio?: number;
  /** The target set for this figure, in words, and whether it was met. */
  target?: { text: string; met: boolean };
  /** Anything else worth keeping: sizes, p50/p99, counts. */
  extra?: Record<string, number | string>;
}

/** A benchmark module exports one of these as `run`. */
export type Benchmark = () => Promise<BenchResult[]>;

import type { Stats } from './measure.ts';

/** One line of a benchmark's results table. */
export interface Figure {
  what: string;
  unit: string;
  stats: Stats;
  /** The target as text, such as "at most 1.3x", when this figure has one. */
  target?: string;
  /** Whether the median meets the target; undefined for recorded-only figures. */
  met?: boolean;
}

export interface BenchContext {
  /** Smaller data and fewer rounds, so CI can check that every benchmark still runs. */
  quick: boolean;
  /** A scratch folder removed after the run. */
  tmpDir: string;
  log(message: string): void;
}

export interface Benchmark {
  name: string;
  /** What is measured and against which baseline, printed above the figures. */
  description: string;
  run(context: BenchContext): Promise<{ figures: Figure[]; notes?: string[] }>;
}

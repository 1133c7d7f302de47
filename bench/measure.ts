// Timing helpers for the benchmarks. Absolute times drift on shared machines, so every
// benchmark reports a ratio against a baseline measured in the same run, interleaved with it.

import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

// `npm run bench` starts Node without --expose-gc, so the flag is set at run time and the
// gc function is taken from a fresh context, where V8 installs it once the flag is on.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Runs a full garbage collection, so that one task's garbage is not collected inside the next one's timing. */
export function collectGarbage(): void {
  gc();
}

export interface Stats {
  min: number;
  median: number;
  max: number;
  samples: number[];
}

export function summarize(samples: number[]): Stats {
  if (samples.length === 0) throw new Error('summarize needs at least one sample');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]!, samples };
}

/** Returns the milliseconds `task` took, after a full garbage collection. */
export async function timeOnce(task: () => unknown): Promise<number> {
  collectGarbage();
  const started = performance.now();
  await task();
  return performance.now() - started;
}

/**
 * Times `candidate` and `baseline` alternately `rounds` times, after one untimed warm-up of
 * each, and returns both timings and the per-round ratio candidate / baseline.
 */
export async function compare(
  rounds: number,
  candidate: () => unknown,
  baseline: () => unknown,
): Promise<{ candidate: Stats; baseline: Stats; ratio: Stats }> {
  await candidate();
  await baseline();
  const candidateTimes: number[] = [];
  const baselineTimes: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const baselineMs = await timeOnce(baseline);
    const candidateMs = await timeOnce(candidate);
    baselineTimes.push(baselineMs);
    candidateTimes.push(candidateMs);
    ratios.push(candidateMs / baselineMs);
  }
  return { candidate: summarize(candidateTimes), baseline: summarize(baselineTimes), ratio: summarize(ratios) };
}

/** Times `task` `rounds` times after one untimed warm-up. */
export async function repeat(rounds: number, task: () => unknown): Promise<Stats> {
  await task();
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) times.push(await timeOnce(task));
  return summarize(times);
}

// Runs every benchmark and writes BENCHMARKS.md: `npm run bench [-- --quick] [-- --only NAME]`.
// With --quick the data is small and the results file is not rewritten: CI uses it to check
// that the benchmarks still run.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchContext, Figure } from './types.ts';

/** Benchmark names and their modules, in run order. */
const BENCHMARK_MODULES: Record<string, string> = {
  parse: './parse.ts',
  cache: './cache.ts',
  sync: './sync.ts',
  report: './report.ts',
  memory: './memory.ts',
  interface: './interface.ts',
};

function formatNumber(value: number): string {
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function figureRow(figure: Figure): string {
  const { min, median, max } = figure.stats;
  const verdict = figure.met === undefined ? '' : figure.met ? 'met' : '**missed**';
  return `| ${figure.what} | ${formatNumber(min)} | ${formatNumber(median)} | ${formatNumber(max)} | ${figure.unit} | ${figure.target ?? ''} | ${verdict} |`;
}

/** Imports the benchmarks to run: all of them, or only the one named. */
async function loadBenchmarks(only: string | undefined): Promise<Benchmark[]> {
  const names = only === undefined ? Object.keys(BENCHMARK_MODULES) : [only];
  const benchmarks: Benchmark[] = [];
  for (const name of names) {
    const modulePath = BENCHMARK_MODULES[name];
    if (modulePath === undefined) throw new Error(`No benchmark is named "${name}". Choose one of: ${Object.keys(BENCHMARK_MODULES).join(', ')}.`);
    const module = (await import(modulePath)) as { benchmark: Benchmark };
    benchmarks.push(module.benchmark);
  }
  return benchmarks;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } } });
  const quick = values.quick ?? false;
  const benchmarks = await loadBenchmarks(values.only);
  const started = new Date();
  const sections: string[] = [];
  let missed = 0;
  const failed: string[] = [];

  for (const benchmark of benchmarks) {
    const tmpDir = await mkdtemp(path.join(os.tmpdir(), `bench-${benchmark.name}-`));
    const context: BenchContext = { quick, tmpDir, log: (message) => process.stderr.write(`[${benchmark.name}] ${message}\n`) };
    process.stderr.write(`Running ${benchmark.name}...\n`);
    const benchmarkStarted = performance.now();
    const loadBefore = os.loadavg()[0]!;
    try {
      const result = await benchmark.run(context);
      // Other processes on the machine show in every figure, so each section records the load.
      const load = `Load average (1 minute) before and after: ${loadBefore.toFixed(1)} and ${os.loadavg()[0]!.toFixed(1)}, on ${os.cpus().length} cores.`;
      process.stderr.write(`${benchmark.name} took ${((performance.now() - benchmarkStarted) / 1000).toFixed(0)} s\n`);
      for (const figure of result.figures) {
        if (figure.met === false) missed++;
        process.stdout.write(`${benchmark.name}: ${figureRow(figure)}\n`);
      }
      sections.push(
        [
          `## ${benchmark.name}`,
          '',
          benchmark.description,
          '',
          '| figure | min | median | max | unit | target | result |',
          '|---|---|---|---|---|---|---|',
          ...result.figures.map(figureRow),
          '',
          load,
          ...(result.notes?.length ? ['', ...result.notes] : []),
        ].join('\n'),
      );
    } catch (error) {
      // One broken benchmark must not hide the others' figures, but the run must fail.
      failed.push(benchmark.name);
      process.stderr.write(`${benchmark.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      sections.push(`## ${benchmark.name}\n\n${benchmark.description}\n\nThe benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await rm(tmpDir, { recursive: true, force: true });
    }
  }

  const cpus = os.cpus();
  const header = [
    '# Benchmarks',
    '',
    'Written by `npm run bench`. Speed targets are ratios against a baseline measured in the same run,',
    'because absolute times drift on shared machines; min, median and max are over repeated runs.',
    '',
    `- Date: ${started.toISOString()}`,
    `- Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`,
    `- Node: ${process.version}`,
    `- Mode: ${quick ? 'quick (small data)' : 'full'}`,
  ].join('\n');

  if (!quick && values.only === undefined && failed.length === 0) {
    const target = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'BENCHMARKS.md');
    await writeFile(target, `${header}\n\n${sections.join('\n\n')}\n`);
    process.stderr.write(`Wrote ${target}\n`);
  }
  process.stderr.write(`${benchmarks.length} benchmarks ran, ${missed} targets missed.\n`);
  if (failed.length > 0) {
    process.stderr.write(`These benchmarks failed: ${failed.join(', ')}. See their errors above.\n`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();

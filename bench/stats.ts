/** Timing, statistics and machine facts shared by the benchmark's suites. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root: out/bench/*.js is two levels below it. */
export const ROOT = resolve(__dirname, '..', '..');

export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values.length };
}

export interface Repetitions {
  /** Untimed runs first, so that the JIT and the caches are warm. */
  readonly warmup: number;
  readonly minRuns: number;
  readonly maxRuns: number;
  /** Stop after this much wall time once `minRuns` are done. */
  readonly budgetMs: number;
}

/**
 * Times several functions on the same input in alternating order (so drift and garbage collection
 * fall on all of them alike), each run timed on its own; returns the times of each, in ms.
 */
export function timeInterleaved(fns: readonly (() => unknown)[], reps: Repetitions): number[][] {
  for (let i = 0; i < reps.warmup; i++) for (const fn of fns) fn();
  const times = fns.map((): number[] => []);
  const started = performance.now();
  for (let run = 0; run < reps.maxRuns; run++) {
    if (run >= reps.minRuns && performance.now() - started > reps.budgetMs) break;
    const order = run % 2 ? [...fns.keys()].reverse() : [...fns.keys()];
    for (const i of order) {
      const t0 = performance.now();
      fns[i]!();
      times[i]!.push(performance.now() - t0);
    }
  }
  return times;
}

/** Peak and current resident memory of a process, in MB, from /proc/<pid>/status (Linux only). */
export function memoryOf(pid: number | undefined): { peakMB: number; rssMB: number } | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number | undefined => {
      const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
      return match ? Number(match[1]) : undefined;
    };
    const peak = kb('VmHWM');
    const rss = kb('VmRSS');
    return peak === undefined || rss === undefined ? undefined : { peakMB: peak / 1024, rssMB: rss / 1024 };
  } catch {
    return undefined;
  }
}

export interface Machine {
  readonly cores: number;
  readonly cpu: string;
  readonly platform: string;
  readonly memoryGB: number;
  readonly node: string;
  readonly yaml: string;
  readonly yamlLanguageServer: string;
  readonly bplan: string;
  readonly gitSha: string;
  /** Whether the working tree had changes not committed, bench/results/ aside (the numbers are then of more than `gitSha`). */
  readonly gitDirty: boolean;
}

function packageVersion(dir: string): string {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'not installed';
  }
}

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

export function machine(): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
  } catch {
    // Not Linux: os.cpus() has the model too.
  }
  let memoryGB = 0;
  if (existsSync('/proc/meminfo')) memoryGB = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 1024 / 1024;
  return {
    cores: cpus().length,
    cpu,
    platform: `${process.platform} ${process.arch}`,
    memoryGB: Math.round(memoryGB),
    node: process.version,
    yaml: packageVersion(join(ROOT, 'node_modules', 'yaml')),
    yamlLanguageServer: packageVersion(join(ROOT, 'node_modules', 'yaml-language-server')),
    bplan: packageVersion(ROOT),
    gitSha: git(['rev-parse', '--short', 'HEAD']) ?? 'nogit',
    // The benchmark's own earlier results do not change what is measured.
    gitDirty: (git(['status', '--porcelain', '--untracked-files=no', '--', '.', ':(exclude)bench/results']) ?? '') !== '',
  };
}

/** Milliseconds for a table: 3 significant digits below 100, whole numbers above. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return value >= 100 ? `${Math.round(value).toLocaleString('en-US')} ms` : `${value.toPrecision(value < 1 ? 2 : 3)} ms`;
}

export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '—';
}

export function int(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Sleeps for `ms` milliseconds. */
export function sleep(delay: number): Promise<void> {
  return new Promise((done) => setTimeout(done, delay));
}

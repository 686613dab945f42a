/**
 * The CLI as a process: cold start on one small plan against `node -e ""`, and one run over 1,000
 * small plans (the samples and generated 10-workload plans), with the automatic worker threads and
 * with one thread.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePlan } from './generate';
import { ROOT, spread } from './stats';
import type { Spread } from './stats';

// What `bplan` runs: the launcher, which loads dist/cli.js with its code cache.
const CLI = join(ROOT, 'bin', 'bplan.js');
const SMALL_PLAN = join(ROOT, 'samples', 'mabs-v3-modern-storage.bplan.yaml');
const MANY_DIR = join(ROOT, 'bench', 'results', 'tmp', 'cli-plans');

export interface CliResults {
  readonly coldStart: {
    readonly plan: string;
    /** `node bin/bplan.js lint <plan>` (what `bplan` runs), ms. */
    readonly cli: Spread;
    /** `node -e ""`, ms. */
    readonly node: Spread;
    readonly ratio: number;
    /** What bin/bplan.js did with dist/cli.js.cache: a rejected or missing cache makes the start slower. */
    readonly codeCache: 'used' | 'rejected' | 'none';
  };
  readonly many: {
    readonly files: number;
    readonly cores: number;
    /** `node bin/bplan.js lint <dir>` with the automatic worker threads, ms. */
    readonly workers: Spread;
    readonly filesPerSecond: number;
    /** The same with BPLAN_WORKERS=0 (one thread, one run), ms. */
    readonly oneThread: Spread;
    readonly oneThreadFilesPerSecond: number;
  };
}

export interface CliSuiteOptions {
  readonly coldRuns: number;
  readonly manyRuns: number;
  readonly files: number;
  readonly cores: number;
  readonly log: (line: string) => void;
}

function timeProcess(args: readonly string[], env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const elapsed = performance.now() - t0;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${run.status ?? run.signal}: ${String(run.stderr).trim().slice(0, 500) || String(run.stdout).trim().slice(-500)}`);
  return elapsed;
}

/** The environment of the CLI runs: the worker count left to the CLI unless `workers` is given. */
function envWith(workers?: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.BPLAN_WORKERS;
  delete env.NODE_TEST_CONTEXT;
  if (workers !== undefined) env.BPLAN_WORKERS = String(workers);
  return env;
}

/** Writes `count` small plans: the samples and generated 10-workload plans, alternately. */
function writeManyPlans(count: number): void {
  rmSync(MANY_DIR, { recursive: true, force: true });
  mkdirSync(MANY_DIR, { recursive: true });
  const samplesDir = join(ROOT, 'samples');
  const samples = readdirSync(samplesDir)
    .filter((f) => /\.bplan\.ya?ml$/.test(f))
    .sort()
    .map((f) => readFileSync(join(samplesDir, f), 'utf8'));
  const generated = generatePlan(10);
  for (let i = 0; i < count; i++) {
    const text = i % 2 ? generated : samples[(i >> 1) % samples.length]!;
    writeFileSync(join(MANY_DIR, `plan-${String(i).padStart(4, '0')}.bplan.yaml`), text);
  }
}

export function runCliSuite(options: CliSuiteOptions): CliResults {
  const env = envWith();
  const cliArgs = [CLI, 'lint', SMALL_PLAN];
  const nodeArgs = ['-e', ''];
  // Warm the file system cache for both.
  for (let i = 0; i < 2; i++) {
    timeProcess(cliArgs, env);
    timeProcess(nodeArgs, env);
  }
  const cliTimes: number[] = [];
  const nodeTimes: number[] = [];
  for (let i = 0; i < options.coldRuns; i++) {
    if (i % 2) {
      nodeTimes.push(timeProcess(nodeArgs, env));
      cliTimes.push(timeProcess(cliArgs, env));
    } else {
      cliTimes.push(timeProcess(cliArgs, env));
      nodeTimes.push(timeProcess(nodeArgs, env));
    }
  }
  const probe = spawnSync(process.execPath, [...cliArgs], { cwd: ROOT, env: { ...env, BPLAN_DEBUG_CODE_CACHE: '1' }, encoding: 'utf8' });
  const codeCache = /code cache used/.test(probe.stderr) ? 'used' : /code cache rejected/.test(probe.stderr) ? 'rejected' : 'none';
  const cli = spread(cliTimes);
  const node = spread(nodeTimes);
  options.log(`cli   cold start: bplan lint ${cli.median.toFixed(0)} ms, node -e "" ${node.median.toFixed(0)} ms (${(cli.median / node.median).toFixed(2)}×; code cache ${codeCache})`);

  writeManyPlans(options.files);
  const dirArgs = [CLI, 'lint', MANY_DIR];
  const workers = spread(Array.from({ length: options.manyRuns }, () => timeProcess(dirArgs, env)));
  // For comparison only: how much the worker threads add.
  const oneThread = spread([timeProcess(dirArgs, envWith(0))]);
  const perSecond = (s: Spread): number => options.files / (s.median / 1000);
  options.log(`cli   ${options.files} plans: ${perSecond(workers).toFixed(0)} files/s with workers (${options.cores} cores), ${perSecond(oneThread).toFixed(0)} files/s on one thread`);
  rmSync(MANY_DIR, { recursive: true, force: true });
  return {
    coldStart: { plan: 'samples/mabs-v3-modern-storage.bplan.yaml', cli, node, ratio: cli.median / node.median, codeCache },
    many: { files: options.files, cores: options.cores, workers, filesPerSecond: perSecond(workers), oneThread, oneThreadFilesPerSecond: perSecond(oneThread) },
  };
}

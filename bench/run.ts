/**
 * `npm run bench`: issue 8's benchmark. Runs the suites, writes bench/results/latest.{md,json} and a
 * dated copy, prints a summary, and exits 1 when the per-workload time of lintText grows more than
 * 2× from the smallest to the largest plan or the server's diagnostics differ from a fresh lint
 * (missed targets are reported, not failures).
 *
 *   node out/bench/run.js [--quick] [--only lint,lsp,yls,cli,memory] [--out DIR]
 *
 * --quick: fewer repetitions, no 10,000-workload plan. A run with --quick or --only writes to
 * bench/results/tmp/ (not the results the README quotes) unless --out says otherwise.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { runCliSuite } from './cli-suite';
import { runLintSuite } from './lint-suite';
import { BPLAN_DEFAULT_LINT_DELAY_MS, runServer, YLS_DEBOUNCE_MS } from './lsp-suite';
import type { ServerKind, ServerRun } from './lsp-suite';
import { failuresOf, markdown, SUITES, targetsOf } from './report';
import type { BenchResults, MemoryResult, Suite } from './report';
import { machine, ROOT } from './stats';
import type { Repetitions } from './stats';

interface Options {
  readonly quick: boolean;
  readonly only: readonly Suite[];
  readonly out: string | undefined;
}

const USAGE = 'usage: node out/bench/run.js [--quick] [--only lint|lsp|yls|cli|memory[,…]] [--out DIR]';

function parseArgs(argv: readonly string[]): Options {
  let quick = false;
  let only: Suite[] = [...SUITES];
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (!v) throw new Error(`${name} needs a value`);
      return v;
    };
    if (name === '--quick') quick = true;
    else if (name === '--only') {
      const names = value().split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = names.filter((n) => !(SUITES as readonly string[]).includes(n));
      if (unknown.length || !names.length) throw new Error(`unknown suite ${unknown.join(', ') || '(none)'}; suites: ${SUITES.join(', ')}`);
      only = SUITES.filter((s) => names.includes(s));
    } else if (name === '--out') out = resolve(value());
    else throw new Error(`unknown option ${arg}`);
  }
  return { quick, only, out };
}

function lintRepetitions(quick: boolean): (workloads: number) => Repetitions {
  if (quick) return () => ({ warmup: 1, minRuns: 3, maxRuns: 10, budgetMs: 2_000 });
  return (workloads) =>
    workloads >= 10_000
      ? { warmup: 1, minRuns: 5, maxRuns: 9, budgetMs: 20_000 }
      : { warmup: 3, minRuns: 10, maxRuns: workloads >= 1_000 ? 30 : 50, budgetMs: 8_000 };
}

/** Edits per server and plan size: [warm-up, measured]. */
function editCounts(server: ServerKind, workloads: number, quick: boolean): [number, number] {
  if (quick) return server === 'bplan' ? [1, 5] : [1, 3];
  if (server === 'bplan') return workloads >= 10_000 ? [1, 8] : [3, 20];
  return workloads >= 10_000 ? [1, 6] : [2, 10];
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const has = (s: Suite): boolean => options.only.includes(s);
  const bundles = [...(has('lsp') || has('memory') ? ['dist/server.js'] : []), ...(has('cli') ? ['dist/cli.js'] : [])];
  for (const built of bundles) {
    if (!existsSync(join(ROOT, built))) {
      process.stderr.write(`bench: ${built} is missing; run \`npm run build\` first (npm run bench does)\n`);
      return 2;
    }
  }
  const started = new Date();
  const t0 = performance.now();
  const loadAtStart = loadavg();
  const suiteSeconds: Partial<Record<Suite, number>> = {};
  /** Runs a suite when it was asked for, timing it. */
  const suite = async <T>(name: Suite, run: () => T | Promise<T>): Promise<T | undefined> => {
    if (!has(name)) return undefined;
    const s0 = performance.now();
    try {
      return await run();
    } finally {
      suiteSeconds[name] = (performance.now() - s0) / 1000;
    }
  };
  const sizes = options.quick ? [100, 1000] : [100, 1000, 10000];
  const serverSizes = options.quick ? [1000] : [1000, 10000];
  const m = machine();
  log(`bench: ${m.cores} cores (${m.cpu}), Node ${m.node}${options.quick ? ', quick' : ''}; suites ${options.only.join(', ')}`);

  const lint = await suite('lint', () => runLintSuite({ sizes, repetitions: lintRepetitions(options.quick), log }));

  const serverRuns = async (server: ServerKind, plans: readonly number[], counts: (workloads: number) => [number, number]): Promise<ServerRun[]> => {
    const runs: ServerRun[] = [];
    for (const workloads of plans) {
      const [warmupEdits, edits] = counts(workloads);
      runs.push(await runServer({ server, workloads, warmupEdits, edits, log }));
    }
    return runs;
  };
  const lspRuns = await suite('lsp', () => serverRuns('bplan', serverSizes, (w) => editCounts('bplan', w, options.quick)));
  const ylsRuns = await suite('yls', () => serverRuns('yaml-language-server', serverSizes, (w) => editCounts('yaml-language-server', w, options.quick)));
  const memory = await suite('memory', async (): Promise<MemoryResult[]> => {
    // The servers' sessions above; without the lsp suite, a short session of bplan's on the largest plan.
    const bplanRuns = lspRuns ?? (await serverRuns('bplan', [serverSizes[serverSizes.length - 1]!], () => [0, 3]));
    return [...bplanRuns, ...(ylsRuns ?? [])].map((run) => ({ server: run.server, workloads: run.workloads, peakRssMB: run.peakRssMB, rssMB: run.rssMB }));
  });
  const cli = await suite('cli', () => runCliSuite({ coldRuns: options.quick ? 5 : 15, manyRuns: options.quick ? 1 : 3, files: 1000, cores: m.cores, log }));

  const partial: Omit<BenchResults, 'targets' | 'failures'> = {
    schemaVersion: 1,
    date: started.toISOString(),
    durationSeconds: (performance.now() - t0) / 1000,
    machine: m,
    loadAverage: { start: loadAtStart, end: loadavg() },
    suiteSeconds,
    options: { quick: options.quick, only: options.only },
    ...(lint ? { lint } : {}),
    ...(lspRuns ? { lsp: { lintDelayMs: 0 as const, defaultLintDelayMs: BPLAN_DEFAULT_LINT_DELAY_MS, runs: lspRuns } } : {}),
    ...(ylsRuns
      ? {
          yls: {
            debounceMs: YLS_DEBOUNCE_MS,
            debounceSource: 'validationDelayMs = 200 in node_modules/yaml-language-server/out/server/src/yamlSettings.js, the setTimeout in ValidationHandler.validate',
            runs: ylsRuns,
          },
        }
      : {}),
    ...(memory ? { memory } : {}),
    ...(cli ? { cli } : {}),
  };
  const results: BenchResults = { ...partial, targets: targetsOf(partial), failures: failuresOf(partial) };

  const complete = !options.quick && options.only.length === SUITES.length;
  const outDir = options.out ?? join(ROOT, 'bench', 'results', ...(complete ? [] : ['tmp']));
  mkdirSync(outDir, { recursive: true });
  const md = markdown(results);
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const written: string[] = [];
  const write = (name: string, content: string): void => {
    writeFileSync(join(outDir, name), content);
    written.push(relative(process.cwd(), join(outDir, name)) || name);
  };
  write('latest.md', md);
  write('latest.json', json);
  if (complete) {
    const dated = `${started.toISOString().slice(0, 10)}-${m.gitSha}`;
    write(`${dated}.md`, md);
    write(`${dated}.json`, json);
  }

  const lines = results.targets.map(
    (t) =>
      `  ${t.met ? 'met   ' : 'MISSED'}  ${t.measure}: ${t.measured} (target ${t.target})` +
      (t.atAnchorSpeed ? `; at the anchors' speed ${t.atAnchorSpeed.value}: ${t.atAnchorSpeed.met ? 'met' : 'missed'}` : ''),
  );
  process.stdout.write(
    [
      `bplan benchmark: ${m.cores} cores, Node ${m.node}, ${Math.round(results.durationSeconds)} s`,
      ...lines,
      ...results.failures.map((f) => `  FAIL    ${f}`),
      `${results.targets.filter((t) => t.met).length} of ${results.targets.length} targets met; ${results.failures.length ? `${results.failures.length} failure(s)` : 'no failures'}`,
      `written: ${written.join(', ')}`,
      '',
    ].join('\n'),
  );
  return results.failures.length ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`bench: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);

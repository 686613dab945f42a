/**
 * Linting in worker threads (server/src/cli/lint-plans.ts, dist/lint-worker.js): the CLI's output is
 * byte for byte what linting in one thread gives, in input order; enough plans go to workers and a few
 * do not; and a worker bundle that is missing, throws, exits or answers nonsense costs no result and
 * never hangs the run. Those failures are staged with a copy of dist/cli.js beside a stand-in
 * lint-worker.js, so the shipped code has no test hooks.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { lintForReport, WORKER_MIN_FILES, workerCount } from '../server/src/cli/lint-plans';
import type { PlanInput } from '../server/src/cli/inputs';
import type { LintReply, LintRequest } from '../server/src/cli/lint-worker';
import { assertNoStackTrace, makeTmp, parseJsonReport, readFixture, ROOT, SAMPLES } from './support/cli';

const DIST_CLI = join(ROOT, 'dist', 'cli.js');
const DIST_WORKER = join(ROOT, 'dist', 'lint-worker.js');
const SECRET = 'Worker-Secret-Passphrase-';

const tmp = makeTmp('bplan-workers-test-');
after(() => tmp.cleanup());

/**
 * Plan `i` of a generated set: the samples with a value changed (clean), the CLI fixtures with
 * their mistakes (errors, duplicate names, unknown references), literal passphrases, broken YAML
 * and empty files, so every kind of finding, code frame and masked secret goes through the workers.
 */
function generatedPlan(i: number): { name: string; text: string } {
  const samples = ['azure-vm-backup', 'dpm-2012-r2-onprem', 'mabs-v3-modern-storage', 'mars-file-server'];
  const n = String(i).padStart(3, '0');
  switch (i % 7) {
    case 0:
    case 1:
    case 2: {
      const sample = samples[i % samples.length]!;
      const text = readFileSync(join(SAMPLES, `${sample}.bplan.yaml`), 'utf8').replace(/^name: .*$/m, `name: plan-${n}`).replace(/sizeGB: (\d+)/, (_, gb) => `sizeGB: ${Number(gb) + i}`);
      return { name: `p${n}-${sample}.bplan.yaml`, text };
    }
    case 3:
      return { name: `p${n}-errors.bplan.yaml`, text: readFixture('errors.bplan.yaml').replace('1bad_vault', `${i}bad_vault`) };
    case 4:
      return { name: `p${n}-secret.bplan.yaml`, text: readFixture('secret.bplan.yaml').replace('S3cr3t-Unique-Value-123', `${SECRET}${n}`) };
    case 5:
      return { name: `p${n}-many.bplan.yaml`, text: readFixture('many-findings.bplan.yaml') + (i % 2 ? '\nvault: [unclosed\n' : '') };
    default:
      return { name: `p${n}-${i % 2 ? 'empty' : 'syntax'}.bplan.yaml`, text: i % 2 ? '' : readFixture('yaml-syntax.bplan.yaml') };
  }
}

/** Writes `count` generated plans into a new folder under the temporary one; returns its name. */
function writePlans(folder: string, count: number): string {
  mkdirSync(join(tmp.dir, folder));
  for (let i = 0; i < count; i++) {
    const { name, text } = generatedPlan(i);
    writeFileSync(join(tmp.dir, folder, name), text);
  }
  return folder;
}

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** `node <cli> lint ...args` in the temporary folder, with BPLAN_WORKERS as given (undefined: unset). */
function lint(cli: string, args: readonly string[], workers: string | undefined): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, BPLAN_WORKERS: workers };
  if (workers === undefined) delete env.BPLAN_WORKERS;
  for (const name of ['NODE_TEST_CONTEXT', 'FORCE_COLOR', 'NO_COLOR']) delete env[name];
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [cli, 'lint', ...args], { cwd: tmp.dir, env, encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  assert.equal(result.signal, null, `lint ${args.join(' ')} was killed by ${result.signal} (a hang?)`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms };
}

/** A copy of dist/cli.js in its own folder, beside `worker` as its lint-worker.js (none: no worker bundle). */
function cliWith(folder: string, worker?: string): string {
  const dir = join(tmp.dir, folder);
  mkdirSync(dir);
  copyFileSync(DIST_CLI, join(dir, 'cli.js'));
  if (worker !== undefined) writeFileSync(join(dir, 'lint-worker.js'), worker);
  return join(dir, 'cli.js');
}

before(() => {
  assert.ok(existsSync(DIST_CLI) && existsSync(DIST_WORKER), 'run `node scripts/build.mjs` first: dist/cli.js and dist/lint-worker.js are missing');
});

describe('300 plans linted in worker threads', () => {
  const COUNT = 300;
  let folder: string;
  const runs: Record<string, Run> = {};
  before(() => {
    folder = writePlans('many', COUNT);
    // 300 plans are below the threshold, so the number of workers is set: 2, and 3 (more than the cores here).
    for (const format of ['json', 'stylish']) {
      for (const workers of ['0', '2', '3']) runs[`${format} ${workers}`] = lint(DIST_CLI, ['--format', format, folder], workers);
    }
  });

  for (const format of ['json', 'stylish'] as const) {
    it(`give the --format ${format} output of linting them in one thread, byte for byte`, (t) => {
      const single = runs[`${format} 0`]!;
      const others = { 2: runs[`${format} 2`]!, 3: runs[`${format} 3`]! };
      t.diagnostic(
        `${COUNT} plans, --format ${format}, ${availableParallelism()} cores: BPLAN_WORKERS=0 ${Math.round(single.ms)} ms, ` +
          Object.entries(others).map(([w, r]) => `BPLAN_WORKERS=${w} ${Math.round(r.ms)} ms`).join(', '),
      );
      assert.equal(single.status, 1);
      assert.equal(single.stderr, '');
      for (const [workers, run] of Object.entries(others)) {
        assert.equal(run.status, single.status, `BPLAN_WORKERS=${workers}`);
        assert.equal(run.stderr, single.stderr, `BPLAN_WORKERS=${workers}`);
        assert.ok(run.stdout === single.stdout, `BPLAN_WORKERS=${workers}: the ${format} output differs from linting in one thread`);
      }
      // The code frames of the literal passphrases went through the workers' secret spans.
      assert.ok(!single.stdout.includes(SECRET), 'a passphrase was printed');
      // The quoted 28-character passphrase: 30 asterisks.
      if (format === 'stylish') assert.match(single.stdout, /^ {2}8 \| {5}passphrase: \*{30}$/m);
    });
  }

  it('reports the plans in input order, each with its own findings', () => {
    const report = parseJsonReport(runs['json 3']!.stdout);
    assert.deepEqual(
      report.files.map((f) => f.file),
      Array.from({ length: COUNT }, (_, i) => `${folder}/${generatedPlan(i).name}`),
    );
    // Plan 3's vault name is 3bad_vault, plan 10's 10bad_vault…: each finding sits with its own plan.
    for (const [i, file] of report.files.entries()) {
      if (i % 7 !== 3) continue;
      assert.ok(
        file.findings.some((f) => f.ruleId === 'vault-name' && f.message.includes(`${i}bad_vault`)),
        `${file.file}: ${file.findings.map((f) => f.message).join('; ')}`,
      );
    }
    assert.ok(report.summary.errors > 100, `${report.summary.errors} errors`);
  });
});

describe('when workers are used', () => {
  // A stand-in worker that marks what it lints, to see which plans went to a worker.
  const MARKING = `
    const { parentPort } = require('node:worker_threads');
    parentPort.on('message', ({ items }) => parentPort.postMessage({
      results: items.map(() => ({ findings: [{ ruleId: 'yaml-syntax', severity: 'info', message: 'linted in a worker', span: { start: 0, end: 0 }, path: '' }], secretSpans: [] })),
    }));`;
  let cli: string;
  before(() => {
    cli = cliWith('marking', MARKING);
    writePlans('few', WORKER_MIN_FILES - 1);
    writePlans('enough', WORKER_MIN_FILES);
  });
  const marked = (run: Run) => parseJsonReport(run.stdout).files.filter((f) => f.findings.some((x) => x.message === 'linted in a worker')).length;

  it(`lints ${WORKER_MIN_FILES} plans or more in workers when there are 2 cores or more, fewer in this process`, () => {
    assert.equal(marked(lint(cli, ['--format', 'json', 'enough'], undefined)), availableParallelism() > 1 ? WORKER_MIN_FILES : 0);
    assert.equal(marked(lint(cli, ['--format', 'json', 'few'], undefined)), 0);
  });

  it('follows BPLAN_WORKERS: 0 never, N always (from 2 plans)', () => {
    assert.equal(marked(lint(cli, ['--format', 'json', 'enough'], '0')), 0);
    assert.equal(marked(lint(cli, ['--format', 'json', 'few'], '2')), WORKER_MIN_FILES - 1);
    assert.equal(marked(lint(cli, ['--format', 'json', 'few/p003-errors.bplan.yaml', 'few/p004-secret.bplan.yaml'], '1')), 2);
    assert.equal(marked(lint(cli, ['--format', 'json', 'few/p003-errors.bplan.yaml'], '4')), 0);
  });

  it('decides from the number of plans and their size', () => {
    const plans = (count: number, size: number): PlanInput[] => Array.from({ length: count }, (_, i) => ({ target: `${i}`, shown: `${i}`, text: 'x'.repeat(size), config: {} }));
    const cores = availableParallelism();
    const many = (n: number) => (Math.min(cores, n) > 1 ? Math.min(cores, n) : 0);
    assert.equal(workerCount(plans(WORKER_MIN_FILES - 1, 100), undefined), 0);
    assert.equal(workerCount(plans(WORKER_MIN_FILES, 100), undefined), many(2));
    assert.equal(workerCount(plans(WORKER_MIN_FILES * 4, 100), undefined), many(8));
    // A few large plans are as much work as many small ones.
    assert.equal(workerCount(plans(4, 512 * 1024), undefined), many(4));
    assert.equal(workerCount(plans(4, 1024), undefined), 0);
    assert.equal(workerCount(plans(1, 8 * 1024 * 1024), undefined), 0);
    assert.equal(workerCount(plans(10, 100), '0'), 0);
    assert.equal(workerCount(plans(10, 100), '3'), 3);
    assert.equal(workerCount(plans(2, 100), '16'), 2);
    assert.equal(workerCount(plans(10, 100), 'many'), 0);
  });
});

describe('the worker bundle dist/lint-worker.js', () => {
  it('answers a chunk with what linting in this process gives, in order, without the estimates', async () => {
    const texts = [generatedPlan(0).text, generatedPlan(3).text, generatedPlan(4).text, generatedPlan(6).text, ''];
    const config = { rules: { 'vault-redundancy': 'off' as const } };
    const worker = new Worker(DIST_WORKER);
    try {
      const reply = await new Promise<LintReply>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({ items: texts.map((text) => ({ text, config })) } satisfies LintRequest);
      });
      assert.deepEqual(reply.results, texts.map((text) => lintForReport(text, config)));
      assert.ok(reply.results[1]!.findings.some((f) => f.ruleId === 'vault-name'));
      assert.ok(reply.results[2]!.secretSpans.length > 0);
      assert.ok(reply.results.every((r) => !('estimates' in r)));
    } finally {
      await worker.terminate();
    }
  });
});

describe('a worker that fails', () => {
  // Four chunks of at most 32 plans: each of 2 workers gets at least two.
  const COUNT = 100;
  let reference: Run;
  before(() => {
    writePlans('some', COUNT);
    reference = lint(DIST_CLI, ['--format', 'json', 'some'], '0');
    assert.equal(reference.status, 1);
    assert.equal(parseJsonReport(reference.stdout).files.length, COUNT);
  });

  /** The run gives the reference output: every plan linted, in order, with nothing said about the worker. */
  function assertComplete(run: Run): void {
    assertNoStackTrace(run.stderr);
    assert.equal(run.stderr, '');
    assert.equal(run.status, reference.status);
    assert.ok(run.stdout === reference.stdout, 'the output differs from linting in one thread');
  }

  const REAL = JSON.stringify(DIST_WORKER);
  // Each stand-in first notes that it failed in a file (`failed`), so the test knows the failure happened.
  const cases: [string, string | undefined][] = [
    ['is missing (a copy of cli.js alone)', undefined],
    ['throws as it loads', `failed(); throw new Error('the worker cannot start');`],
    ['exits on its first chunk', `parentPort.on('message', () => { failed(); process.exit(3); });`],
    [
      'throws on its second chunk, having answered the first',
      `let n = 0;
       parentPort.on('message', () => { if (++n === 2) { failed(); throw new Error('a worker bug'); } });
       require(${REAL});`,
    ],
    ['answers with too few results', `parentPort.on('message', () => { failed(); parentPort.postMessage({ results: [] }); });`],
    ['answers with something else', `parentPort.on('message', ({ items }) => { failed(); parentPort.postMessage({ results: items.map(() => 42) }); });`],
    [
      // Worker threads share the process id; the first to load claims a file and fails, the other works.
      'is one of two, and exits on its first chunk: the other finishes the work',
      `let claimed = false;
       try { require('node:fs').openSync(__dirname + '/claim', 'wx'); claimed = true; } catch {}
       if (claimed) parentPort.on('message', () => { failed(); process.exit(5); });
       else require(${REAL});`,
    ],
  ];
  for (const [i, [what, worker]] of cases.entries()) {
    it(`${what}: loses no plan and does not hang`, () => {
      const cli = cliWith(
        `failing-${i}`,
        worker && `const { parentPort } = require('node:worker_threads');\nconst failed = () => require('node:fs').appendFileSync(__dirname + '/failed', 'x');\n${worker}`,
      );
      assertComplete(lint(cli, ['--format', 'json', 'some'], '2'));
      assert.equal(existsSync(join(cli, '..', 'failed')), worker !== undefined, 'the stand-in worker did not fail');
    });
  }
});

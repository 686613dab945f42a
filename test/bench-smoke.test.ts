/**
 * The benchmark's own checks: the generated plans are clean, deterministic plans of the documented
 * size, and `out/bench/run.js --quick --only lint` runs as a process and writes its JSON and
 * Markdown (to a temporary folder, never over bench/results).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { ANCHOR_LINES, generatePlan } from '../bench/generate';
import type { BenchResults } from '../bench/report';
import { lintText } from '../server/src/core';
import { makeTmp, ROOT } from './support/cli';

const lineCount = (text: string): number => text.split('\n').length - 1;
const count = (text: string, line: RegExp): number => text.match(line)?.length ?? 0;

describe('bench/generate.ts', () => {
  it('makes the same text for the same number of workloads', () => {
    assert.equal(generatePlan(100), generatePlan(100));
    assert.notEqual(generatePlan(100), generatePlan(101));
  });

  for (const size of [10, 100, 1000]) {
    it(`makes a ${size}-workload plan that lints with no finding at all`, () => {
      const text = generatePlan(size);
      const data = parseDocument(text).toJS() as { servers: { name: string }[]; workloads: { server: string }[]; policies: unknown[] };
      assert.equal(data.workloads.length, size);
      assert.equal(data.servers.length, Math.ceil(size / 25));
      assert.equal(data.policies.length, 3 * data.servers.length);
      assert.deepEqual(
        lintText(text).findings.map((f) => `${f.severity} ${f.ruleId} ${f.path}: ${f.message}`),
        [],
      );
    });
  }

  it('mixes workload types and DPM / Azure Backup Server versions', () => {
    const text = generatePlan(100);
    const types = new Set([...text.matchAll(/^ {4}type: (\S+)$/gm)].map((m) => m[1]));
    assert.deepEqual([...types].sort(), ['bare-metal', 'files', 'hyperv-vm', 'sql-server', 'system-state', 'vmware-vm']);
    assert.deepEqual([...new Set([...text.matchAll(/^ {4}version: (\S+)$/gm)].map((m) => m[1]))].sort(), ['"2019"', '"2022"', 'v4']);
  });

  for (const [size, anchor] of Object.entries(ANCHOR_LINES)) {
    it(`makes ${size} workloads in ${anchor} lines ±5 % (issue 8's anchor table)`, () => {
      const lines = lineCount(generatePlan(Number(size)));
      assert.ok(Math.abs(lines - anchor) <= anchor * 0.05, `${lines} lines, anchor ${anchor}`);
    });
  }

  it('keeps the 10,000-workload plan within one vault: fewer than 1,800 data sources reach it, fewer than 45 MABS servers', () => {
    // Counted rather than linted (a lint of 86,000 lines is the benchmark's job): the vault takes
    // 2,000 data sources and 50 MABS servers, and approaching-limit warns from 90 % of each.
    const text = generatePlan(10_000);
    assert.equal(count(text, /^ {4}type: sql-server$/gm), 1250);
    assert.equal(count(text, /^ {4}online: /gm), 400);
    assert.equal(count(text, /^ {4}product: mabs$/gm), 40);
  });
});

describe('out/bench/run.js', () => {
  const tmp = makeTmp('bplan-bench-');
  after(tmp.cleanup);
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_TEST_CONTEXT;

  it('--quick --only lint writes latest.json and latest.md with the measures, machine and targets', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'out', 'bench', 'run.js'), '--quick', '--only', 'lint', '--out', tmp.dir], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(run.signal, null, run.stderr);
    const results = JSON.parse(readFileSync(join(tmp.dir, 'latest.json'), 'utf8')) as BenchResults;
    // Exit 1 only for a failure the JSON names (the scaling check); missed targets are not failures.
    assert.equal(run.status, results.failures.length ? 1 : 0, run.stderr);
    assert.deepEqual(readdirSync(tmp.dir).sort(), ['latest.json', 'latest.md'], 'a partial run writes no dated copy');

    assert.equal(results.schemaVersion, 1);
    assert.equal(results.machine.cores, cpus().length);
    assert.equal(results.machine.node, process.version);
    assert.match(results.machine.yaml, /^\d+\.\d+\.\d+$/);
    assert.match(results.machine.yamlLanguageServer, /^\d+\.\d+\.\d+$/);
    assert.deepEqual(results.options, { quick: true, only: ['lint'] });
    assert.equal(results.loadAverage.start.length, 3);
    assert.deepEqual(Object.keys(results.suiteSeconds), ['lint']);
    assert.ok(results.suiteSeconds.lint! > 0 && results.suiteSeconds.lint! <= results.durationSeconds);
    assert.equal(results.lsp, undefined);
    assert.equal(results.cli, undefined);

    const lint = results.lint!;
    const generated = lint.plans.filter((p) => p.generated);
    assert.deepEqual(
      generated.map((p) => [p.plan, p.workloads, p.lines]),
      [
        ['generated 100', 100, lineCount(generatePlan(100))],
        ['generated 1000', 1000, lineCount(generatePlan(1000))],
      ],
    );
    assert.equal(lint.plans.filter((p) => p.plan.startsWith('samples/')).length, readdirSync(join(ROOT, 'samples')).filter((f) => f.endsWith('.bplan.yaml')).length);
    for (const p of lint.plans) {
      assert.ok(p.parse.median > 0 && p.lint.median > 0 && p.lint.runs >= 3, `${p.plan}: ${JSON.stringify(p)}`);
      assert.ok(Math.abs(p.ratio - p.lint.median / p.parse.median) < 1e-9, `${p.plan}: ratio`);
      assert.deepEqual(p.findings, { error: 0, warning: 0, info: 0 }, `${p.plan}: findings`);
    }
    const [small, large] = generated;
    assert.deepEqual([lint.scaling.fromWorkloads, lint.scaling.toWorkloads, lint.scaling.limit], [100, 1000, 2]);
    assert.ok(Math.abs(lint.scaling.ratio - large!.lintPerWorkloadUs / small!.lintPerWorkloadUs) < 1e-9);
    assert.equal(lint.scaling.pass, lint.scaling.ratio <= 2);
    assert.deepEqual(
      results.targets.map((t) => t.id),
      ['lint-ratio-100', 'lint-ratio-1000', 'lint-scaling'],
    );
    const ratio100 = results.targets[0]!;
    assert.equal(ratio100.met, small!.ratio <= 1.5);
    assert.ok(Math.abs(ratio100.ratio - small!.ratio / 1.5) < 1e-9);
    assert.match(ratio100.against, /^parseDocument [\d.]+ ms$/);

    const md = readFileSync(join(tmp.dir, 'latest.md'), 'utf8');
    assert.match(md, new RegExp(`^${results.machine.cores} cores \\(`, 'm'));
    assert.match(md, /^\| generated 1000 \| 1,000 \| [\d,]+ \| [\d.,]+ ms \| [\d.,]+ ms \| [\d.]+× \|/m);
    assert.match(md, /^\| lintText per workload, 1,000 \/ 100 workloads \| ≤ 2× \(fails the run\) \|/m);
    assert.match(run.stdout, /targets met; (no failures|\d+ failure)/);
  });

  it('rejects an unknown suite with exit code 2 and the usage', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'out', 'bench', 'run.js'), '--only', 'speed', '--out', tmp.dir], { cwd: ROOT, env, encoding: 'utf8', timeout: 10_000 });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /unknown suite speed; suites: lint, lsp, yls, cli, memory/);
    assert.match(run.stderr, /^usage: node out\/bench\/run\.js/m);
  });
});

/**
 * The model's objects of one kind share one hidden class in V8. Built as `{ ...entity, … }` every
 * workload got a class of its own (992 for 1,000 workloads), and every rule reading the model ran
 * about ten times slower on it — a cost no functional test sees. A child node with
 * `--allow-natives-syntax` asks V8 itself (`%HaveSameMap`), after a full analysis and after edits
 * that take the incremental path.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './support/cli';

const CHILD = `
const { analyzeText } = require(${JSON.stringify(join(ROOT, 'out/server/src/core/lint.js'))});
const { generatePlan } = require(${JSON.stringify(join(ROOT, 'out/bench/generate.js'))});
const classes = (items) => {
  const seen = [];
  for (const item of items) if (!seen.some((s) => %HaveSameMap(s, item))) seen.push(item);
  return seen.length;
};
const report = (plan) => ({
  workloads: plan.workloads.length,
  workloadClasses: classes(plan.workloads),
  serverClasses: classes(plan.servers),
  policyClasses: classes(plan.policies),
  locatedClasses: classes(plan.workloads.flatMap((w) => [w.name, w.type, w.host, w.sizeGB, w.server, w.policy])),
});
let text = generatePlan(300);
let analysis = analyzeText(text);
const full = report(analysis.plan);
// Edits inside items: digits of sizeGB and of a server's scratch, which re-parse only those items.
const offsets = [...text.matchAll(/(?:sizeGB|freeGB): (\\d)/g)].filter((_, i) => i % 23 === 0).map((m) => m.index + m[0].length - 1);
const reparsed = new Set();
for (const at of offsets) {
  text = text.slice(0, at) + String((Number(text[at]) % 9) + 1) + text.slice(at + 1);
  analysis = analyzeText(text, {}, analysis);
  reparsed.add(analysis.structure.reparsed);
}
process.stdout.write(JSON.stringify({ full, edited: report(analysis.plan), edits: offsets.length, reparsed: [...reparsed] }));
`;

describe('the plan model in V8', () => {
  it('gives every workload, server, policy and located value one hidden class per kind, after a full analysis and after edits', () => {
    const run = spawnSync(process.execPath, ['--allow-natives-syntax', '-e', CHILD], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout) as {
      full: Record<string, number>;
      edited: Record<string, number>;
      edits: number;
      reparsed: string[];
    };
    assert.ok(result.edits >= 10, `only ${result.edits} edits`);
    assert.deepEqual(result.reparsed, ['items'], 'the edits took the incremental path');
    for (const [when, shapes] of Object.entries({ full: result.full, edited: result.edited })) {
      assert.equal(shapes.workloads, 300);
      assert.deepEqual(
        { workloads: shapes.workloadClasses, servers: shapes.serverClasses, policies: shapes.policyClasses, located: shapes.locatedClasses },
        { workloads: 1, servers: 1, policies: 1, located: 1 },
        `${when}: hidden classes per kind`,
      );
    }
  });
});

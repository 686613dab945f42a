/**
 * The bundles validate plans with the schema compiled ahead of time (ajv standalone code, made by
 * scripts/build.mjs); the unbundled core compiles it at first use. Both must report the same: every
 * golden fixture, sample and CLI fixture linted by the built CLI gives exactly the findings
 * (rule, message, offset, length) the core gives in this process.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { lintText } from '../server/src/core';
import { bplan, makeTmp, parseJsonReport, ROOT } from './support/cli';

function plansUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) plansUnder(full, out);
    else if (/\.bplan\.ya?ml$/.test(name)) out.push(full);
  }
  return out;
}

describe('schema compiled ahead of time (the bundles) and at first use (the core) agree', () => {
  const tmp = makeTmp('bplan-precompiled-');
  after(() => tmp.cleanup());
  // Samples broken in the ways the schema reports: wrong types, values out of range and out of enums, unknown and missing keys.
  const breakages: [string, (text: string) => string][] = [
    ['types', (t) => t.replace(/: (\d+)$/gm, ': "many"').replace(/: (true|false)$/gm, ': 3')],
    ['ranges', (t) => t.replace(/: (\d+)$/gm, ': -$1')],
    ['enums', (t) => t.replace(/(product|type|os|redundancy|region): (\S+)$/gm, '$1: $2x')],
    ['keys', (t) => t.replace(/^(\s+)name: /gm, '$1nmae: ').replace(/^(\s+- )name: /gm, '$1nmae: ')],
  ];
  const broken = plansUnder(join(ROOT, 'samples')).flatMap((sample) =>
    breakages.map(([what, breakIt]) => {
      const file = join(tmp.dir, `${what}-${sample.split('/').pop()}`);
      writeFileSync(file, breakIt(readFileSync(sample, 'utf8')));
      return file;
    }),
  );
  const plans = [...plansUnder(join(ROOT, 'test', 'fixtures')), ...plansUnder(join(ROOT, 'samples')), ...plansUnder(join(ROOT, 'test', 'cli-fixtures')), ...broken];

  it('the bundle holds the precompiled validators (so this comparison is between the two)', () => {
    const bundle = readFileSync(join(ROOT, 'dist', 'cli.js'), 'utf8');
    assert.match(bundle, /export const precompiled = compiled\.exports|var precompiled = compiled\.exports/);
  });

  it(`the same schema findings for every plan (${plans.length} plans)`, { timeout: 120_000 }, () => {
    assert.ok(plans.length > 100, `only ${plans.length} plans found`);
    const run = bplan(['lint', '--format', 'json', '--fail-on', 'never', ...plans], { cwd: ROOT, timeoutMs: 120_000 });
    assert.equal(run.status, 0, run.stderr);
    const report = parseJsonReport(run.stdout);
    assert.equal(report.files.length, plans.length);
    let schemaFindings = 0;
    for (const file of report.files) {
      const text = readFileSync(file.file.startsWith('/') ? file.file : join(ROOT, file.file), 'utf8').replace(/^\uFEFF/, '');
      const expected = lintText(text).findings.map((f) => `${f.ruleId} ${f.span.start}+${f.span.end - f.span.start} ${f.message}`);
      const actual = file.findings.map((f) => `${f.ruleId} ${f.offset}+${f.length} ${f.message}`);
      assert.deepEqual(actual, expected, file.file);
      schemaFindings += actual.filter((f) => f.startsWith('schema ')).length;
    }
    // Many schema findings were compared, not none.
    assert.ok(schemaFindings > 100, `only ${schemaFindings} schema findings compared`);
  });
});

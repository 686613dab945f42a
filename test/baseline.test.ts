/**
 * Baselines as a real process: `bplan lint --write-baseline FILE`, `--baseline FILE` and
 * `--prune-baseline`. The file's shape (versioned, sorted, keyed by plan, rule and plan location,
 * never by line, with counts), reporting only new findings after edits, count-aware matching, fixed
 * entries in every report, pruning, atomic writes, invalid baselines as usage errors, and secrets.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { assertOneLineMessage, bplan, fixture, makeTmp, parseJsonReport, parseSarif, ROOT } from './support/cli';
import type { JsonFinding, SarifLog, SarifResult } from './support/cli';

const tmp = makeTmp('bplan-baseline-');
after(() => tmp.cleanup());

/** Known findings: vault-name, unknown-reference twice at one location (two workloads "dup"), duplicate-name. */
const V1 = `bplan: 1
name: baseline
vault:
  name: 1bad_vault
  region: westeurope
  encryption: { passphrase: { env: P } }
servers:
  - { name: mars01, product: mars, version: "2.0.9262.0" }
workloads:
  - { name: dup, type: files, host: h1, os: windows-server-2019, server: ghost, policy: daily }
  - { name: dup, type: files, host: h2, os: windows-server-2019, server: ghost, policy: daily }
policies:
  - name: daily
    online: { times: ["01:00", "05:00"], retention: { daily: 30 } }
`;

/** V1 with five comment lines on top, the vault name fixed and one more workload naming a missing server. */
const V2 = V1.replace('name: baseline\n', 'name: baseline\n# one\n# two\n# three\n# four\n# five\n')
  .replace('1bad_vault', 'rsv-fixed')
  .replace('policies:', '  - { name: extra, type: files, host: h3, os: windows-server-2019, server: ghost2, policy: daily }\npolicies:');

const UNKNOWN = 'workload "dup" names server "ghost", which is not defined in the plan; defined servers: mars01';

interface BaselineFile {
  version: number;
  files: Record<string, Record<string, Record<string, { count: number; message: string }>>>;
}

/** A folder with the plan at plans/a.bplan.yaml. */
function project(name: string, text = V1): string {
  const dir = join(tmp.dir, name);
  mkdirSync(join(dir, 'plans'), { recursive: true });
  writeFileSync(join(dir, 'plans', 'a.bplan.yaml'), text);
  return dir;
}

const readBaselineFile = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as BaselineFile;
const json = (args: string[], cwd: string) => {
  const r = bplan(['lint', '-f', 'json', ...args], { cwd });
  return { ...r, report: parseJsonReport(r.stdout) as ReturnType<typeof parseJsonReport> & { baseline?: Record<string, unknown> } };
};

/** Recursively sorted keys: what the plans, rules and locations of a stable, diff-friendly file must already be. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

describe('--write-baseline', () => {
  test('records every finding by plan, rule and location, with counts and messages, versioned and sorted, and exits 0', () => {
    const dir = project('write');
    const before = json(['plans'], dir).report.files[0]!.findings;
    assert.equal(before.length, 4);
    const r = bplan(['lint', '--write-baseline', 'bplan-baseline.json', 'plans'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '✔ no new problems in 1 file (4 in the baseline)\n');
    assert.equal(r.stderr, 'bplan: wrote 4 findings in 1 plan to the baseline bplan-baseline.json\n');

    const text = readFileSync(join(dir, 'bplan-baseline.json'), 'utf8');
    const baseline = JSON.parse(text) as BaselineFile;
    assert.deepEqual(baseline, {
      version: 1,
      files: {
        'plans/a.bplan.yaml': {
          'duplicate-name': { 'workloads[1].name': { count: 1, message: before[2]!.message } },
          'unknown-reference': { 'workloads[dup].server': { count: 2, message: UNKNOWN } },
          'vault-name': { 'vault.name': { count: 1, message: before[0]!.message } },
        },
      },
    });
    assert.equal(text, JSON.stringify({ version: 1, files: sortKeys(baseline.files) }, null, 2) + '\n', '"version" first, then plans, rules and locations sorted; two-space indent, final newline');
    assert.doesNotMatch(text, /"line"|"column"|"offset"/, 'nothing depends on lines');
    assert.deepEqual(readdirSync(dir).sort(), ['bplan-baseline.json', 'plans'], 'no temporary file is left behind');

    // Writing again from the same plans gives the same bytes.
    assert.equal(bplan(['lint', '--write-baseline', 'bplan-baseline.json', 'plans'], { cwd: dir }).status, 0);
    assert.equal(readFileSync(join(dir, 'bplan-baseline.json'), 'utf8'), text);
  });

  test('the JSON report says the baseline was written and everything matched it', () => {
    const dir = project('write-json');
    const { report, status } = json(['--write-baseline', 'b.json', 'plans'], dir);
    assert.equal(status, 0);
    assert.deepEqual(report.summary, { files: 1, errors: 0, warnings: 0, infos: 0 });
    assert.deepEqual(report.baseline, { file: 'b.json', matched: 4, fixed: [], written: true, pruned: false });
  });

  test('plan paths are relative to the baseline folder, so it works from any working directory', () => {
    const dir = project('relative');
    mkdirSync(join(dir, 'ci'));
    assert.equal(bplan(['lint', '--write-baseline', 'ci/baseline.json', 'plans/a.bplan.yaml'], { cwd: dir }).status, 0);
    assert.deepEqual(Object.keys(readBaselineFile(join(dir, 'ci', 'baseline.json')).files), ['../plans/a.bplan.yaml']);
    const r = bplan(['lint', '--baseline', '../ci/baseline.json', 'a.bplan.yaml'], { cwd: join(dir, 'plans') });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '✔ no new problems in 1 file (4 in the baseline)\n');
  });

  test('never overwrites a file that is not a baseline (a mistyped name): exit 2, the file untouched', () => {
    const dir = project('not-a-baseline');
    const pkg = join(dir, 'package.json');
    writeFileSync(pkg, '{ "name": "mine" }\n');
    const r = bplan(['lint', '--write-baseline', 'package.json', 'plans'], { cwd: dir });
    assert.equal(r.status, 2);
    assertOneLineMessage(r.stderr, /^bplan: package\.json exists and is not a bplan baseline \("version" should be 1\); remove it or choose another file$/);
    assert.equal(readFileSync(pkg, 'utf8'), '{ "name": "mine" }\n');
  });

  test('a folder that does not exist: exit 2, one line', () => {
    const dir = project('no-folder');
    const r = bplan(['lint', '--write-baseline', 'missing/b.json', 'plans'], { cwd: dir });
    assert.equal(r.status, 2);
    assertOneLineMessage(r.stderr, /^bplan: cannot write the baseline missing\/b\.json: ENOENT$/);
  });

  test('keeps the entries of plans not linted in this run while they exist, and drops those of plans gone', () => {
    const dir = project('update');
    writeFileSync(join(dir, 'plans', 'b.bplan.yaml'), V1);
    writeFileSync(join(dir, 'plans', 'c.bplan.yaml'), V1);
    assert.equal(bplan(['lint', '--write-baseline', 'b.json', 'plans'], { cwd: dir }).status, 0);
    rmSync(join(dir, 'plans', 'c.bplan.yaml'));
    writeFileSync(join(dir, 'plans', 'a.bplan.yaml'), V1.replace('1bad_vault', 'rsv-fixed'));
    const r = bplan(['lint', '--write-baseline', 'b.json', 'plans/a.bplan.yaml'], { cwd: dir });
    assert.equal(r.stderr, 'bplan: wrote 7 findings in 2 plans to the baseline b.json\n');
    const files = readBaselineFile(join(dir, 'b.json')).files;
    assert.deepEqual(Object.keys(files), ['plans/a.bplan.yaml', 'plans/b.bplan.yaml']);
    assert.equal(files['plans/a.bplan.yaml']!['vault-name'], undefined, 'today\'s findings for the plan linted');
    assert.deepEqual(Object.keys(files['plans/b.bplan.yaml']!), ['duplicate-name', 'unknown-reference', 'vault-name']);
  });

  test('a literal passphrase never reaches the baseline', () => {
    const dir = project('secret');
    copyFileSync(fixture('secret.bplan.yaml'), join(dir, 'plans', 'secret.bplan.yaml'));
    const r = bplan(['lint', '--write-baseline', 'b.json', 'plans/secret.bplan.yaml'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    const text = readFileSync(join(dir, 'b.json'), 'utf8');
    assert.match(text, /"passphrase-literal"/);
    assert.ok(!text.includes('S3cr3t'), text);
  });
});

describe('--baseline', () => {
  /** A project with a baseline of V1, then the plan edited to V2. */
  function edited(name: string): string {
    const dir = project(name);
    assert.equal(bplan(['lint', '--write-baseline', 'bplan-baseline.json', 'plans'], { cwd: dir }).status, 0);
    writeFileSync(join(dir, 'plans', 'a.bplan.yaml'), V2);
    return dir;
  }

  const FIXED_LINE = /^ {2}plans\/a\.bplan\.yaml {2}vault-name {2}vault\.name {2}vault name "1bad_vault" must start with a letter/;

  test('after lines are inserted above, one finding fixed and one added: exactly the new one is reported, the fixed one listed', () => {
    const dir = edited('edited');
    const all = json(['plans'], dir).report.files[0]!.findings;
    const added = all.find((f) => f.location === 'workloads[extra].server')!;
    assert.ok(added);
    assert.ok(all.every((f) => f.line > 6), 'every finding moved down');

    const { report, status, stderr } = json(['--baseline', 'bplan-baseline.json', 'plans'], dir);
    assert.equal(status, 1, 'the new finding is an error');
    assert.deepEqual(report.files[0]!.findings, [added]);
    assert.deepEqual(report.summary, { files: 1, errors: 1, warnings: 0, infos: 0 });
    const fixedMessage = readBaselineFile(join(dir, 'bplan-baseline.json')).files['plans/a.bplan.yaml']!['vault-name']!['vault.name']!.message;
    assert.deepEqual(report.baseline, {
      file: 'bplan-baseline.json',
      matched: 3,
      fixed: [{ file: 'plans/a.bplan.yaml', ruleId: 'vault-name', location: 'vault.name', count: 1, message: fixedMessage }],
      written: false,
      pruned: false,
    });
    const lines = stderr.split('\n');
    assert.equal(lines[0], 'bplan: 1 finding of the baseline bplan-baseline.json was not found again (fixed); --prune-baseline removes it:');
    assert.match(lines[1]!, FIXED_LINE);
    assert.deepEqual(lines.slice(2), ['']);

    const stylish = bplan(['lint', '--baseline', 'bplan-baseline.json', 'plans'], { cwd: dir });
    assert.equal(stylish.status, 1);
    assert.match(stylish.stdout, /^plans\/a\.bplan\.yaml:17:\d+ {2}error {2}workload "extra" names server "ghost2"/);
    assert.match(stylish.stdout, /\n✖ 1 new problem \(1 error, 0 warnings, 0 info\) in 1 file \(3 in the baseline\)\n$/);
    assert.equal(stylish.stderr, stderr, 'the fixed entries go to stderr whatever the format');
  });

  test('SARIF: only the new finding, marked new, with the fingerprint it has without a baseline; the fixed entry in the run properties', () => {
    const dir = edited('edited-sarif');
    const full = parseSarif(bplan(['lint', '-f', 'sarif', 'plans'], { cwd: dir }).stdout).runs[0]!;
    const r = bplan(['lint', '-f', 'sarif', '--baseline', 'bplan-baseline.json', 'plans'], { cwd: dir });
    const run = parseSarif(r.stdout).runs[0]! as SarifLog['runs'][number] & { properties?: { baseline?: { fixed: { ruleId: string }[]; matched: number } } };
    assert.equal(run.results.length, 1);
    const result = run.results[0]! as SarifResult & { baselineState?: string };
    assert.equal(result.baselineState, 'new');
    const same = full.results.find((x) => x.message.text === result.message.text)!;
    assert.deepEqual(result.partialFingerprints, same.partialFingerprints);
    assert.equal(run.properties?.baseline?.matched, 3);
    assert.deepEqual(run.properties?.baseline?.fixed.map((e) => e.ruleId), ['vault-name']);
    multitoolClean(r.stdout, 'baseline.sarif');
  });

  test('GitHub: annotations and summary hold the new finding; the summary lists the fixed entry', () => {
    const dir = edited('edited-github');
    const summaryFile = join(dir, 'summary.md');
    const r = bplan(['lint', '-f', 'github', '--baseline', 'bplan-baseline.json', 'plans'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: summaryFile } });
    assert.equal(r.status, 1);
    assert.deepEqual(
      r.stdout.split('\n').filter(Boolean).map((l) => /title=([a-z-]+)::/.exec(l)?.[1]),
      ['unknown-reference'],
    );
    const summary = readFileSync(summaryFile, 'utf8');
    assert.ok(summary.includes('✖ 1 problem (1 error, 0 warnings, 0 info) in 1 file.'), summary);
    assert.ok(summary.includes('3 findings matched the baseline `bplan-baseline.json` and are not listed.'), summary);
    assert.ok(summary.includes('### Fixed since the baseline'), summary);
    assert.ok(summary.includes('1 finding of the baseline was not found again; `--prune-baseline` removes it:'), summary);
    assert.match(summary, /\n\| plans\/a\.bplan\.yaml \| vault-name \| vault\.name \| 1 \| vault name "1bad\\_vault" must start/);
  });

  test('--prune-baseline removes exactly the fixed entry, adds nothing new, and keeps the file mode', () => {
    const dir = edited('prune');
    const path = join(dir, 'bplan-baseline.json');
    chmodSync(path, 0o640);
    const before = readBaselineFile(path);
    const r = bplan(['lint', '--baseline', 'bplan-baseline.json', '--prune-baseline', 'plans'], { cwd: dir });
    assert.equal(r.status, 1, 'the new finding still fails the run');
    assert.match(r.stderr, /^bplan: 1 finding of the baseline bplan-baseline\.json was not found again and was removed from it:\n/);
    const afterPrune = readBaselineFile(path);
    const expected = structuredClone(before);
    delete expected.files['plans/a.bplan.yaml']!['vault-name'];
    assert.deepEqual(afterPrune, expected);
    assert.equal(readFileSync(path, 'utf8'), JSON.stringify({ version: 1, files: sortKeys(afterPrune.files) }, null, 2) + '\n');
    assert.equal(statSync(path).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir).sort(), ['bplan-baseline.json', 'plans']);

    const again = json(['--baseline', 'bplan-baseline.json', '--prune-baseline', 'plans'], dir);
    assert.equal(again.stderr, '', 'nothing more to prune');
    assert.deepEqual((again.report.baseline as { fixed: unknown[] }).fixed, []);
    assert.deepEqual(again.report.files[0]!.findings.map((f: JsonFinding) => f.location), ['workloads[extra].server']);
    assert.deepEqual(readBaselineFile(path), expected, 'an unchanged baseline is not rewritten with new findings');
  });

  test('counts: of two identical findings one is fixed → one reported fixed; pruning lowers the count; a third one is new', () => {
    const dir = project('counts');
    const path = join(dir, 'b.json');
    assert.equal(bplan(['lint', '--write-baseline', 'b.json', 'plans'], { cwd: dir }).status, 0);
    const plan = join(dir, 'plans', 'a.bplan.yaml');
    writeFileSync(plan, V1.replace('host: h2, os: windows-server-2019, server: ghost', 'host: h2, os: windows-server-2019, server: mars01'));
    const one = json(['--baseline', 'b.json', '--prune-baseline', 'plans'], dir);
    assert.equal(one.status, 0, one.stderr);
    assert.deepEqual(one.report.files[0]!.findings, []);
    assert.deepEqual(one.report.baseline, {
      file: 'b.json',
      matched: 3,
      fixed: [{ file: 'plans/a.bplan.yaml', ruleId: 'unknown-reference', location: 'workloads[dup].server', count: 1, message: UNKNOWN }],
      written: false,
      pruned: true,
    });
    assert.deepEqual(readBaselineFile(path).files['plans/a.bplan.yaml']!['unknown-reference'], { 'workloads[dup].server': { count: 1, message: UNKNOWN } });

    // Back to two, then three identical findings against a count of 1: the later occurrences are new.
    const three = V1.replace('policies:', '  - { name: dup, type: files, host: h4, os: windows-server-2019, server: ghost, policy: daily }\npolicies:');
    writeFileSync(plan, three);
    const r = json(['--baseline', 'b.json', 'plans'], dir);
    assert.equal(r.status, 1);
    const fresh = r.report.files[0]!.findings;
    assert.deepEqual(
      fresh.map((f) => [f.ruleId, f.location, f.line]),
      [
        ['unknown-reference', 'workloads[dup].server', 11],
        ['duplicate-name', 'workloads[2].name', 12],
        ['unknown-reference', 'workloads[dup].server', 12],
      ],
    );
    // The fingerprints of what is left are those of the same findings without a baseline.
    const withBaseline = parseSarif(bplan(['lint', '-f', 'sarif', '--baseline', 'b.json', 'plans'], { cwd: dir }).stdout).runs[0]!.results;
    const without = parseSarif(bplan(['lint', '-f', 'sarif', 'plans'], { cwd: dir }).stdout).runs[0]!.results;
    const lineOf = (x: SarifResult) => x.locations[0]!.physicalLocation.region.startLine;
    for (const res of withBaseline) {
      const twin = without.find((w) => w.ruleId === res.ruleId && lineOf(w) === lineOf(res))!;
      assert.deepEqual(res.partialFingerprints, twin.partialFingerprints, `${res.ruleId} at line ${lineOf(res)}`);
    }
  });

  test('entries of plans not linted in this run are left alone, unless the plan is gone', () => {
    const dir = project('subset');
    writeFileSync(join(dir, 'plans', 'b.bplan.yaml'), V1);
    assert.equal(bplan(['lint', '--write-baseline', 'b.json', 'plans'], { cwd: dir }).status, 0);
    const subset = json(['--baseline', 'b.json', 'plans/a.bplan.yaml'], dir);
    assert.equal(subset.status, 0);
    assert.deepEqual((subset.report.baseline as { fixed: unknown[] }).fixed, []);
    rmSync(join(dir, 'plans', 'b.bplan.yaml'));
    const gone = json(['--baseline', 'b.json', 'plans/a.bplan.yaml'], dir);
    assert.deepEqual(
      (gone.report.baseline as { fixed: { file: string; count: number }[] }).fixed.map((e) => [e.file, e.count]),
      [
        ['plans/b.bplan.yaml', 1],
        ['plans/b.bplan.yaml', 2],
        ['plans/b.bplan.yaml', 1],
      ],
    );
    assert.match(gone.stderr, /^bplan: 4 findings of the baseline b\.json were not found again \(fixed\); --prune-baseline removes them:\n/);
    assert.match(gone.stderr, /\n {2}plans\/b\.bplan\.yaml {2}unknown-reference {2}workloads\[dup\]\.server {2}\(×2\) {2}workload "dup"/);
  });

  const invalid: [string, string | undefined, RegExp][] = [
    ['missing', undefined, /^bplan: the baseline b\.json does not exist; create it with --write-baseline b\.json$/],
    ['not JSON', '{ "version": 1, ', /^bplan: the baseline b\.json is not valid: it is not JSON; write it again with --write-baseline b\.json$/],
    ['an array', '[]', /is not valid: it is not a JSON object;/],
    ['no version', '{ "files": {} }', /is not valid: "version" should be 1;/],
    ['a newer version', '{ "version": 2, "files": {} }', /is not valid: it has version 2, written by a newer bplan; this one reads version 1;/],
    ['files not an object', '{ "version": 1, "files": [] }', /is not valid: "files" should be an object;/],
    ['rules not an object', '{ "version": 1, "files": { "a": 1 } }', /is not valid: files\["a"\] should be an object of rule ids;/],
    ['a count of 0', '{ "version": 1, "files": { "a": { "r": { "x": { "count": 0 } } } } }', /is not valid: files\["a"\]\["r"\]\["x"\]\.count should be a whole number, 1 or more;/],
    ['a count as a string', '{ "version": 1, "files": { "a": { "r": { "x": { "count": "1" } } } } }', /\.count should be a whole number, 1 or more;/],
    ['a message that is no string', '{ "version": 1, "files": { "a": { "r": { "x": { "count": 1, "message": 3 } } } } }', /\.message should be a string;/],
  ];
  for (const [what, text, message] of invalid) {
    test(`a baseline that is ${what}: usage error, exit 2, one line, nothing reported`, () => {
      const dir = project(`invalid-${what.replace(/\W+/g, '-')}`);
      if (text !== undefined) writeFileSync(join(dir, 'b.json'), text);
      const r = bplan(['lint', '--baseline', 'b.json', 'plans'], { cwd: dir });
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assertOneLineMessage(r.stderr, message);
      if (text !== undefined) assert.equal(readFileSync(join(dir, 'b.json'), 'utf8'), text, 'an invalid baseline is left as it was');
    });
  }

  test('a byte-order mark and extra keys in entries are accepted', () => {
    const dir = project('bom');
    writeFileSync(join(dir, 'b.json'), '\uFEFF{ "version": 1, "files": { "plans/a.bplan.yaml": { "vault-name": { "vault.name": { "count": 1, "message": "m", "note": "x" } } } } }');
    const r = json(['--baseline', 'b.json', 'plans'], dir);
    assert.equal(r.status, 1);
    assert.equal(r.report.files[0]!.findings.length, 3);
    assert.equal((r.report.baseline as { matched: number }).matched, 1);
  });
});

// ---- the Multitool, for SARIF with baselineState and run properties --------------------------------

const MULTITOOL = join(ROOT, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');

/** Runs Microsoft's SARIF Multitool with GitHub's rules, where it can run: no errors, no warnings. */
function multitoolClean(sarif: string, name: string): void {
  if (process.platform !== 'linux' || process.arch !== 'x64' || !existsSync(MULTITOOL)) return;
  try {
    accessSync(MULTITOOL, constants.X_OK);
  } catch {
    chmodSync(MULTITOOL, 0o755);
  }
  const file = join(tmp.dir, name);
  writeFileSync(file, sarif);
  const result = spawnSync(MULTITOOL, ['validate', '--rule-kind', 'Gh;Sarif', file, '--output', join(tmp.dir, `${name}.validation.sarif`)], {
    cwd: tmp.dir,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
  });
  if (result.error) throw result.error;
  const lines = `${result.stdout}\n${result.stderr}`.split('\n');
  assert.match(result.stdout, /Analysis completed successfully/, result.stdout);
  assert.deepEqual(lines.filter((l) => l.includes(': error ') || l.includes(': warning ')), []);
}

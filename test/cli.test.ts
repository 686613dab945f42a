/**
 * The `bplan` CLI as a real process (node bin/bplan.js): exit codes, the stylish and JSON reports
 * with exact positions, operands (files, directories, globs, stdin), usage errors, colour, help,
 * secrets and BOM/CRLF input. Plans used here live in test/cli-fixtures/; anything written goes
 * to a temporary folder that is removed afterwards.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ANSI,
  assertNoStackTrace,
  assertOneLineMessage,
  bplan,
  fixture,
  makeTmp,
  PACKAGE,
  parseJsonReport,
  readFixture,
  ROOT,
  SAMPLES,
} from './support/cli';

const SECRET = 'S3cr3t-Unique-Value-123';
const ERRORS = 'test/cli-fixtures/errors.bplan.yaml';
const CLEAN_SAMPLE = join(SAMPLES, 'mars-file-server.bplan.yaml');

/** The known mistakes of errors.bplan.yaml, in report order, with their exact 1-based regions. */
const EXPECTED = [
  { ruleId: 'vault-name', line: 6, column: 9, endLine: 6, endColumn: 19, source: '  name: 1bad_vault', related: [] as [number, number][] },
  { ruleId: 'duplicate-name', line: 23, column: 11, endLine: 23, endColumn: 18, source: '  - name: files01', related: [[15, 11]] as [number, number][] },
  { ruleId: 'unknown-reference', line: 29, column: 13, endLine: 29, endColumn: 19, source: '    server: mars02', related: [[11, 11]] as [number, number][] },
  { ruleId: 'unknown-reference', line: 30, column: 13, endLine: 30, endColumn: 18, source: '    policy: dialy', related: [[32, 11]] as [number, number][] },
  {
    ruleId: 'online-frequency',
    line: 34,
    column: 14,
    endLine: 34,
    endColumn: 50,
    source: '      times: ["01:00", "05:00", "09:00", "13:00"]',
    related: [[12, 14]] as [number, number][],
  },
];

/** The two code-frame lines stylish prints under a finding: the source line and the caret line. */
function codeFrame(line: number, source: string, column: number, width: number): [string, string] {
  const gutter = String(line);
  return [`  ${gutter} | ${source}`, `  ${' '.repeat(gutter.length)} | ${' '.repeat(column - 1)}${'^'.repeat(width)}`];
}

function countPlans(dir: string): number {
  return readdirSync(dir).filter((name) => /\.bplan\.ya?ml$/.test(name)).length;
}

describe('bplan lint: results and exit codes', () => {
  test('the samples lint clean: exit 0, "no problems in N files", nothing on stderr', () => {
    const n = countPlans(SAMPLES);
    assert.ok(n >= 1, 'samples/ holds no plans');
    const r = bplan(['lint', 'samples']);
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    assert.equal(r.stdout, `✔ no problems in ${n} files\n`);
  });

  test('stylish: a plan with errors exits 1 with exact positions, code frames, carets and summary', () => {
    const r = bplan(['lint', ERRORS]);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    assertNoStackTrace(r.stdout, 'stdout');
    const lines = r.stdout.split('\n');
    assert.equal(lines.at(-1), '', 'output ends with a newline');

    // Every "file:line:col  error  message  [rule-id]" line, in order.
    const headers = lines.filter((l) => l.startsWith(`${ERRORS}:`));
    assert.deepEqual(
      headers.map((h) => {
        const m = /^(.+?):(\d+):(\d+)  error  \S.*\S  \[([a-z0-9-]+)\]$/.exec(h);
        assert.ok(m, `not a "file:line:col  error  message  [rule-id]" line: ${h}`);
        return [m[1], Number(m[2]), Number(m[3]), m[4]];
      }),
      EXPECTED.map((e) => [ERRORS, e.line, e.column, e.ruleId]),
    );

    for (const e of EXPECTED) {
      const at = lines.findIndex((l) => l.startsWith(`${ERRORS}:${e.line}:${e.column}  error  `) && l.endsWith(`[${e.ruleId}]`));
      assert.ok(at >= 0, `no header for ${e.ruleId} at ${e.line}:${e.column}`);
      const [sourceLine, caretLine] = codeFrame(e.line, e.source, e.column, e.endColumn - e.column);
      assert.equal(lines[at + 1], sourceLine, `code frame of ${e.ruleId}`);
      assert.equal(lines[at + 2], caretLine, `caret of ${e.ruleId}`);
      e.related.forEach(([line, column], i) => {
        assert.match(lines[at + 3 + i]!, new RegExp(`^  ↳ ${ERRORS.replace(/\./g, '\\.')}:${line}:${column}  \\S`), `related location ${i} of ${e.ruleId}`);
      });
    }
    // vault-name in full, to pin the layout.
    assert.match(lines[0]!, /^test\/cli-fixtures\/errors\.bplan\.yaml:6:9  error  vault name "1bad_vault" .+  \[vault-name\]$/);
    assert.equal(lines[1], '  6 |   name: 1bad_vault');
    assert.equal(lines[2], '    |         ^^^^^^^^^^');

    assert.equal(lines.at(-3), '', 'a blank line before the summary');
    assert.equal(lines.at(-2), '✖ 5 problems (5 errors, 0 warnings, 0 info) in 1 file');
  });

  test('--format json: documented shape, exact positions, offsets and summary', () => {
    const r = bplan(['lint', '--format', 'json', ERRORS]);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    const report = parseJsonReport(r.stdout);
    assert.equal(report.version, 1);
    assert.equal(report.tool.name, 'bplan');
    assert.equal(report.tool.version, PACKAGE.version);
    assert.deepEqual(Object.keys(report).sort(), ['files', 'summary', 'tool', 'version']);
    assert.equal(report.files.length, 1);
    const file = report.files[0]!;
    assert.equal(file.file, ERRORS);
    assert.deepEqual(report.summary, { files: 1, errors: 5, warnings: 0, infos: 0 });

    const text = readFixture('errors.bplan.yaml');
    assert.equal(file.findings.length, EXPECTED.length);
    file.findings.forEach((f, i) => {
      const e = EXPECTED[i]!;
      assert.deepEqual(Object.keys(f).sort(), ['column', 'docsUrl', 'endColumn', 'endLine', 'length', 'line', 'location', 'message', 'offset', 'related', 'ruleId', 'severity'].sort());
      assert.equal(f.ruleId, e.ruleId);
      assert.equal(f.severity, 'error');
      assert.equal(typeof f.message, 'string');
      assert.ok(f.message.length > 0);
      assert.equal(typeof f.location, 'string');
      assert.deepEqual([f.line, f.column, f.endLine, f.endColumn], [e.line, e.column, e.endLine, e.endColumn], `region of ${e.ruleId}`);
      // endColumn is exclusive: on one line, the span is endColumn - column characters long.
      assert.equal(f.length, f.endColumn - f.column, `length of ${e.ruleId}`);
      assert.equal(text.slice(f.offset, f.offset + f.length), e.source.slice(e.column - 1, e.endColumn - 1), `offset of ${e.ruleId}`);
      assert.equal(f.docsUrl, `https://github.com/bplan-dev/bplan/blob/main/docs/rules.md#${e.ruleId}`);
      assert.ok(Array.isArray(f.related));
      assert.deepEqual(
        f.related.map((rel) => [rel.line, rel.column]),
        e.related,
        `related locations of ${e.ruleId}`,
      );
      for (const rel of f.related) {
        assert.deepEqual(Object.keys(rel).sort(), ['column', 'endColumn', 'endLine', 'line', 'message']);
        assert.ok(rel.message.length > 0);
        assert.ok(rel.endLine > rel.line || rel.endColumn > rel.column);
      }
    });
    const vaultName = file.findings[0]!;
    assert.equal(vaultName.location, 'vault.name');
    assert.equal(vaultName.offset, text.indexOf('1bad_vault'));
    assert.equal(vaultName.length, '1bad_vault'.length);
    // The first workload named files01 is where the duplicate's related location points.
    assert.deepEqual(file.findings[1]!.related[0], { message: file.findings[1]!.related[0]!.message, line: 15, column: 11, endLine: 15, endColumn: 18 });
  });

  test('--format json for the samples: every file, no findings, zero totals', () => {
    const r = bplan(['lint', '-f', 'json', 'samples']);
    assert.equal(r.status, 0, r.stderr);
    const report = parseJsonReport(r.stdout);
    const expected = readdirSync(SAMPLES).filter((n) => /\.bplan\.ya?ml$/.test(n)).sort().map((n) => `samples/${n}`);
    assert.deepEqual(report.files.map((f) => f.file), expected);
    for (const f of report.files) assert.deepEqual(f.findings, []);
    assert.deepEqual(report.summary, { files: expected.length, errors: 0, warnings: 0, infos: 0 });
  });

  test('--max-warnings: 0 with a clean plan exits 0; a plan with errors still exits 1', () => {
    const clean = bplan(['lint', '--max-warnings', '0', CLEAN_SAMPLE]);
    assert.equal(clean.status, 0, clean.stderr);
    assert.equal(clean.stderr, '');
    assert.equal(clean.stdout, '✔ no problems in 1 file\n');
    const errors = bplan(['lint', '--max-warnings', '0', ERRORS]);
    assert.equal(errors.status, 1);
    const generous = bplan(['lint', '--max-warnings', '1000', ERRORS]);
    assert.equal(generous.status, 1, 'errors fail whatever --max-warnings allows');
    // Every rule currently defaults to error, so no finding is a warning.
    const json = parseJsonReport(bplan(['lint', '-f', 'json', ERRORS]).stdout);
    assert.equal(json.summary.warnings, 0);
  });
});

describe('bplan lint: operands', () => {
  let tmp: ReturnType<typeof makeTmp>;
  const errorsText = readFixture('errors.bplan.yaml');
  const cleanText = readFileSync(CLEAN_SAMPLE, 'utf8');

  before(() => {
    tmp = makeTmp();
    const d = join(tmp.dir, 'd');
    for (const sub of ['b', 'sub', 'node_modules/x', '.hidden', 'empty']) mkdirSync(join(d, sub), { recursive: true });
    writeFileSync(join(d, 'z.bplan.yaml'), cleanText);
    writeFileSync(join(d, 'a.bplan.yml'), cleanText);
    writeFileSync(join(d, 'b', 'B.bplan.yaml'), errorsText);
    writeFileSync(join(d, 'sub', 'm.bplan.yaml'), cleanText);
    // None of these may be linted when the directory is given:
    writeFileSync(join(d, 'node_modules', 'x', 'n.bplan.yaml'), errorsText);
    writeFileSync(join(d, '.hidden', 'h.bplan.yaml'), errorsText);
    writeFileSync(join(d, 'other.yaml'), errorsText);
    writeFileSync(join(d, 'plan.bplan.yaml.bak'), errorsText);
    writeFileSync(join(d, 'empty', 'README.md'), 'no plans here\n');
  });
  after(() => tmp.cleanup());

  const files = (stdout: string) => parseJsonReport(stdout).files.map((f) => f.file);

  test('stdin "-" without --stdin-filename is reported as <stdin>', () => {
    const r = bplan(['lint', '-'], { input: errorsText });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^<stdin>:6:9  error  .+  \[vault-name\]$/m);
    assert.match(r.stdout, /^  6 \|   name: 1bad_vault$/m);
    const clean = bplan(['lint', '-'], { input: cleanText });
    assert.equal(clean.status, 0, clean.stderr);
    assert.equal(clean.stdout, '✔ no problems in 1 file\n');
  });

  test('stdin "-" with --stdin-filename uses that name', () => {
    const r = bplan(['lint', '-', '--stdin-filename', 'plans/from-stdin.bplan.yaml', '-f', 'json'], { input: errorsText });
    assert.equal(r.status, 1, r.stderr);
    const report = parseJsonReport(r.stdout);
    assert.deepEqual(files(r.stdout), ['plans/from-stdin.bplan.yaml']);
    assert.deepEqual([report.files[0]!.findings[0]!.line, report.files[0]!.findings[0]!.column], [6, 9]);
    const stylish = bplan(['lint', '--stdin-filename', 'plans/from-stdin.bplan.yaml', '-'], { input: errorsText });
    assert.match(stylish.stdout, /^plans\/from-stdin\.bplan\.yaml:6:9  error  /m);
  });

  test('a directory operand: *.bplan.yaml and *.bplan.yml recursively, sorted; skips node_modules, dot-folders and other .yaml', () => {
    const r = bplan(['lint', '-f', 'json', 'd'], { cwd: tmp.dir });
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(files(r.stdout), ['d/a.bplan.yml', 'd/b/B.bplan.yaml', 'd/sub/m.bplan.yaml', 'd/z.bplan.yaml']);
    const report = parseJsonReport(r.stdout);
    assert.deepEqual(report.summary, { files: 4, errors: 5, warnings: 0, infos: 0 });
  });

  test('a quoted glob operand is expanded by bplan (not the shell), skipping node_modules and dot-folders', () => {
    const r = bplan(['lint', '-f', 'json', 'd/**/*.bplan.yaml'], { cwd: tmp.dir });
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(files(r.stdout), ['d/b/B.bplan.yaml', 'd/sub/m.bplan.yaml', 'd/z.bplan.yaml']);
    const yml = bplan(['lint', '-f', 'json', 'd/*.bplan.{yaml,yml}'], { cwd: tmp.dir });
    assert.equal(yml.status, 0, yml.stderr);
    assert.deepEqual(files(yml.stdout), ['d/a.bplan.yml', 'd/z.bplan.yaml']);
  });

  test('a file named twice (also through a directory, ./ and an absolute path) is linted once', () => {
    const r = bplan(['lint', '-f', 'json', 'd/z.bplan.yaml', './d/z.bplan.yaml', join(tmp.dir, 'd', 'z.bplan.yaml'), 'd', 'd/**/*.bplan.yaml'], { cwd: tmp.dir });
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(files(r.stdout), ['d/z.bplan.yaml', 'd/a.bplan.yml', 'd/b/B.bplan.yaml', 'd/sub/m.bplan.yaml']);
    const stylish = bplan(['lint', 'd/z.bplan.yaml', 'd/z.bplan.yaml'], { cwd: tmp.dir });
    assert.equal(stylish.stdout, '✔ no problems in 1 file\n');
  });

  test('output order is deterministic: the same command gives byte-identical output', () => {
    for (const format of ['stylish', 'json', 'sarif']) {
      const first = bplan(['lint', '-f', format, 'd', 'd/b/B.bplan.yaml'], { cwd: tmp.dir });
      const second = bplan(['lint', '-f', format, 'd', 'd/b/B.bplan.yaml'], { cwd: tmp.dir });
      assert.equal(first.status, 1);
      assert.equal(second.stdout, first.stdout, `${format} output differs between runs`);
    }
  });

  test('no operand means the current directory', () => {
    const r = bplan(['lint', '-f', 'json'], { cwd: join(tmp.dir, 'd', 'sub') });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(files(r.stdout), ['m.bplan.yaml']);
  });
});

describe('bplan: usage errors and unreadable input exit 2 with one clear line', () => {
  let tmp: ReturnType<typeof makeTmp>;
  before(() => {
    tmp = makeTmp();
    mkdirSync(join(tmp.dir, 'no-plans', 'deeper'), { recursive: true });
    writeFileSync(join(tmp.dir, 'no-plans', 'config.yaml'), 'a: 1\n');
    writeFileSync(join(tmp.dir, 'no-plans', 'deeper', 'README.md'), 'nothing\n');
    writeFileSync(join(tmp.dir, 'binary.bplan.yaml'), Buffer.from([0x62, 0x70, 0x6c, 0x61, 0x6e, 0x3a, 0x20, 0x31, 0x0a, 0x00, 0x01, 0x02]));
    writeFileSync(join(tmp.dir, 'latin1.bplan.yaml'), Buffer.from('bplan: 1\nname: caf\xe9\n', 'latin1'));
    symlinkSync('loop-b.bplan.yaml', join(tmp.dir, 'loop-a.bplan.yaml'));
    symlinkSync('loop-a.bplan.yaml', join(tmp.dir, 'loop-b.bplan.yaml'));
  });
  after(() => tmp.cleanup());

  const cases: { name: string; args: string[]; message: RegExp }[] = [
    { name: 'a missing path', args: ['lint', 'no-such-plan.bplan.yaml'], message: /^bplan: no-such-plan\.bplan\.yaml: no such file/ },
    { name: 'an unknown format', args: ['lint', '--format', 'xml', 'x.bplan.yaml'], message: /^bplan: unknown format "xml"/ },
    { name: 'an unknown option', args: ['lint', '--bogus', 'x.bplan.yaml'], message: /^bplan: .*--bogus/ },
    { name: 'an unknown command', args: ['frobnicate'], message: /^bplan: unknown command "frobnicate"/ },
    { name: '--max-warnings abc', args: ['lint', '--max-warnings', 'abc', 'x.bplan.yaml'], message: /^bplan: --max-warnings takes a whole number/ },
    // A clean plan, so that taking the value as a number (exit 0) cannot pass for a usage error.
    { name: '--max-warnings -1 (one line, not node\'s three-line argument error)', args: ['lint', '--max-warnings', '-1', CLEAN_SAMPLE], message: /--max-warnings/ },
    { name: "--max-warnings '' (not taken as 0)", args: ['lint', '--max-warnings', '', CLEAN_SAMPLE], message: /^bplan: --max-warnings takes a whole number/ },
    { name: '--format without a value', args: ['lint', '--format'], message: /^bplan: .*format/ },
    { name: 'a directory that holds no plans', args: ['lint', 'no-plans'], message: /^bplan: no \*\.bplan\.yaml or \*\.bplan\.yml files found in no-plans$/ },
    { name: 'a binary file (holds NUL)', args: ['lint', 'binary.bplan.yaml'], message: /^bplan: cannot read .*binary\.bplan\.yaml: it is a binary file/ },
    { name: 'invalid UTF-8', args: ['lint', 'latin1.bplan.yaml'], message: /^bplan: cannot read .*latin1\.bplan\.yaml: it is not valid UTF-8/ },
    { name: 'a glob under an existing directory that matches nothing', args: ['lint', 'no-plans/*.bplan.yaml'], message: /^bplan: no-plans\/\*\.bplan\.yaml: no such file, directory or matching glob$/ },
    { name: 'a symlink loop (named as such, not as a missing file)', args: ['lint', 'loop-a.bplan.yaml'], message: /^bplan: cannot read loop-a\.bplan\.yaml: .*symbolic link/ },
  ];
  for (const c of cases) {
    test(`${c.name}: exit 2, "bplan: ..." on stderr, no stack trace`, () => {
      const r = bplan(c.args, { cwd: tmp.dir });
      assert.equal(r.status, 2, `exit code for ${c.name}; stderr: ${r.stderr}`);
      assertOneLineMessage(r.stderr, c.message);
      assertNoStackTrace(r.stdout, 'stdout');
    });
  }

  test('nothing readable: the report does not claim "no problems"', () => {
    for (const operand of ['no-such-plan.bplan.yaml', 'binary.bplan.yaml', 'latin1.bplan.yaml', 'loop-a.bplan.yaml']) {
      const r = bplan(['lint', operand], { cwd: tmp.dir });
      assert.equal(r.status, 2, `${operand}: ${r.stderr}`);
      assert.doesNotMatch(r.stdout, /no problems/, `lint ${operand} printed: ${r.stdout}`);
    }
  });

  test('an unreadable file (chmod 000): exit 2, "permission denied"', (t) => {
    const path = join(tmp.dir, 'locked', 'unreadable.bplan.yaml');
    mkdirSync(join(tmp.dir, 'locked'));
    writeFileSync(path, readFixture('errors.bplan.yaml'));
    chmodSync(path, 0o000);
    let options: { cwd: string; uid?: number; gid?: number } = { cwd: join(tmp.dir, 'locked') };
    if (process.getuid?.() === 0) {
      // root reads any file; run the CLI as "nobody" instead, when the folders let it in.
      const nobody = 65534;
      try {
        chmodSync(tmp.dir, 0o755);
        chmodSync(join(tmp.dir, 'locked'), 0o755);
      } catch {
        t.skip('running as root and cannot open the temporary folder to another user');
        return;
      }
      const probe = bplan(['--version'], { ...options, uid: nobody, gid: nobody });
      if (probe.status !== 0) {
        t.skip(`running as root and the CLI cannot run as uid ${nobody} (${probe.stderr.trim()})`);
        return;
      }
      options = { ...options, uid: nobody, gid: nobody };
      t.diagnostic(`running as root: the CLI runs as uid ${nobody} for this case`);
    }
    const r = bplan(['lint', 'unreadable.bplan.yaml'], options);
    assert.equal(r.status, 2, r.stderr);
    assertOneLineMessage(r.stderr, /^bplan: cannot read .*unreadable\.bplan\.yaml: permission denied$/);
  });

  test('a missing path next to a readable plan: the plan is still reported, exit 2', () => {
    const r = bplan(['lint', 'no-such-plan.bplan.yaml', fixture('errors.bplan.yaml')], { cwd: tmp.dir });
    assert.equal(r.status, 2);
    assertOneLineMessage(r.stderr, /no-such-plan\.bplan\.yaml/);
    assert.match(r.stdout, /errors\.bplan\.yaml:6:9  error  /);
  });
});

describe('bplan: output file, colour, version and help', () => {
  let tmp: ReturnType<typeof makeTmp>;
  before(() => {
    tmp = makeTmp();
  });
  after(() => tmp.cleanup());

  test('--output-file writes the report to the file and nothing to stdout', () => {
    const expected = bplan(['lint', '-f', 'json', ERRORS]).stdout;
    const out = join(tmp.dir, 'report.json');
    const r = bplan(['lint', '-f', 'json', '--output-file', out, ERRORS]);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, '');
    assert.equal(readFileSync(out, 'utf8'), expected);

    const relative = bplan(['lint', '-o', 'report.txt', join(ROOT, ERRORS)], { cwd: tmp.dir, env: { FORCE_COLOR: '1' } });
    assert.equal(relative.status, 1);
    assert.equal(relative.stdout, '');
    const text = readFileSync(join(tmp.dir, 'report.txt'), 'utf8');
    assert.match(text, /errors\.bplan\.yaml:6:9  error  /);
    assert.doesNotMatch(text, ANSI, 'a report file holds no colour codes');
    assert.match(text, /✖ 5 problems \(5 errors, 0 warnings, 0 info\) in 1 file\n$/);

    const clean = bplan(['lint', '-o', 'clean.txt', CLEAN_SAMPLE], { cwd: tmp.dir });
    assert.equal(clean.status, 0);
    assert.equal(readFileSync(join(tmp.dir, 'clean.txt'), 'utf8'), '✔ no problems in 1 file\n');
  });

  test('--output-file in a missing folder: exit 2, one clear line, not an internal error', () => {
    const r = bplan(['lint', '-o', join(tmp.dir, 'no-such-dir', 'report.txt'), ERRORS]);
    assert.equal(r.status, 2);
    assertOneLineMessage(r.stderr, /no-such-dir\/report\.txt/);
    assert.doesNotMatch(r.stderr, /internal error/);
  });

  test('colour: none when stdout is not a TTY; --color forces it; NO_COLOR=1 turns it off; FORCE_COLOR=1 turns it on', () => {
    const plain = bplan(['lint', ERRORS]);
    assert.doesNotMatch(plain.stdout, ANSI, 'no colour on a pipe');
    const forced = bplan(['lint', '--color', ERRORS]);
    assert.match(forced.stdout, ANSI, '--color');
    assert.match(forced.stdout, /\u001b\[31merror\u001b\[39m/);
    assert.equal(forced.stdout.replace(/\u001b\[[0-9;]*m/g, ''), plain.stdout, 'colour codes are the only difference');
    const noColor = bplan(['lint', ERRORS], { env: { NO_COLOR: '1' } });
    assert.doesNotMatch(noColor.stdout, ANSI, 'NO_COLOR=1');
    const forceColor = bplan(['lint', ERRORS], { env: { FORCE_COLOR: '1' } });
    assert.match(forceColor.stdout, ANSI, 'FORCE_COLOR=1');
    const flagBeatsEnv = bplan(['lint', '--no-color', ERRORS], { env: { FORCE_COLOR: '1' } });
    assert.doesNotMatch(flagBeatsEnv.stdout, ANSI, '--no-color beats FORCE_COLOR');
    const cleanForced = bplan(['lint', '--color', CLEAN_SAMPLE]);
    assert.match(cleanForced.stdout, ANSI);
    for (const format of ['json', 'sarif']) {
      const r = bplan(['lint', '--color', '-f', format, ERRORS]);
      assert.doesNotMatch(r.stdout, ANSI, `${format} never holds colour codes`);
    }
  });

  test('--version prints the version in package.json', () => {
    const r = bplan(['--version']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, `${PACKAGE.version}\n`);
    assert.equal(r.stderr, '');
  });

  test('--help and lint --help exit 0 and mention every option', () => {
    const top = bplan(['--help']);
    assert.equal(top.status, 0);
    assert.equal(top.stderr, '');
    for (const word of ['lint', '--version', '--help', 'Exit codes']) assert.ok(top.stdout.includes(word), `bplan --help does not mention ${word}`);

    for (const args of [['lint', '--help'], ['lint', '-h']]) {
      const r = bplan(args);
      assert.equal(r.status, 0, args.join(' '));
      assert.equal(r.stderr, '');
      for (const option of ['-f, --format', 'stylish', 'json', 'sarif', '-o, --output-file', '--stdin-filename', '--max-warnings', '--color', '--no-color', '-h, --help']) {
        assert.ok(r.stdout.includes(option), `${args.join(' ')} does not mention ${option}`);
      }
      for (const operand of ['dir', 'glob', 'standard input', 'node_modules', 'dot-folders']) assert.ok(r.stdout.includes(operand), `${args.join(' ')} does not explain ${operand}`);
      assert.match(r.stdout, /0 no errors/);
      assert.match(r.stdout, /2 usage error/);
    }
  });
});

describe('bplan: secrets and line endings', () => {
  let tmp: ReturnType<typeof makeTmp>;
  before(() => {
    tmp = makeTmp();
  });
  after(() => tmp.cleanup());

  test('a literal passphrase never appears in stylish, json or sarif output; the code frame shows asterisks', () => {
    assert.ok(readFixture('secret.bplan.yaml').includes(SECRET), 'the fixture holds the secret');
    for (const format of ['stylish', 'json', 'sarif']) {
      for (const extra of [[], ['--color']]) {
        const r = bplan(['lint', '-f', format, ...extra, 'test/cli-fixtures/secret.bplan.yaml']);
        assert.equal(r.status, 1, `${format}: ${r.stderr}`);
        const all = r.stdout + r.stderr;
        assert.ok(!all.includes(SECRET), `${format} ${extra.join(' ')} prints the passphrase`);
        assert.ok(!all.includes('S3cr3t'), `${format} ${extra.join(' ')} prints part of the passphrase`);
      }
    }
    const r = bplan(['lint', 'test/cli-fixtures/secret.bplan.yaml']);
    const lines = r.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('test/cli-fixtures/secret.bplan.yaml:8:17  error  ') && l.endsWith('[passphrase-literal]'));
    assert.ok(at >= 0, r.stdout);
    const masked = '*'.repeat(`"${SECRET}"`.length);
    assert.deepEqual(lines.slice(at + 1, at + 3), codeFrame(8, `    passphrase: ${masked}`, 17, masked.length));
    // From standard input too.
    const stdin = bplan(['lint', '-'], { input: readFixture('secret.bplan.yaml') });
    assert.ok(!(stdin.stdout + stdin.stderr).includes('S3cr3t'));
    assert.match(stdin.stdout, /^  8 \|     passphrase: \*{25}$/m);
  });

  test('a literal passphrase is masked even when its line has a YAML error', () => {
    const r = bplan(['lint', 'test/cli-fixtures/secret-broken-yaml.bplan.yaml']);
    assert.equal(r.status, 1);
    assert.ok(!(r.stdout + r.stderr).includes('S3cr3t'), `the passphrase is printed:\n${r.stdout}`);
  });

  test('a BOM and CRLF line endings: positions, offsets and code frames are still exact', () => {
    const lf = readFixture('errors.bplan.yaml');
    const crlf = lf.replace(/\r?\n/g, '\r\n');
    writeFileSync(join(tmp.dir, 'crlf.bplan.yaml'), '\uFEFF' + crlf);

    const json = bplan(['lint', '-f', 'json', 'crlf.bplan.yaml'], { cwd: tmp.dir });
    assert.equal(json.status, 1, json.stderr);
    const findings = parseJsonReport(json.stdout).files[0]!.findings;
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.line, f.column, f.endLine, f.endColumn]),
      EXPECTED.map((e) => [e.ruleId, e.line, e.column, e.endLine, e.endColumn]),
    );
    for (const f of findings) assert.deepEqual(f.related.map((r) => [r.line, r.column]), EXPECTED.find((e) => e.line === f.line)!.related);
    // Offsets index the text (CRLF kept, BOM not part of it).
    assert.equal(crlf.slice(findings[0]!.offset, findings[0]!.offset + findings[0]!.length), '1bad_vault');

    const stylish = bplan(['lint', 'crlf.bplan.yaml'], { cwd: tmp.dir });
    assert.ok(!stylish.stdout.includes('\r'), 'no carriage return leaks into the report');
    assert.ok(!stylish.stdout.includes('\uFEFF'), 'no BOM leaks into the report');
    const lines = stylish.stdout.split('\n');
    for (const e of EXPECTED) {
      const at = lines.findIndex((l) => l.startsWith(`crlf.bplan.yaml:${e.line}:${e.column}  error  `) && l.endsWith(`[${e.ruleId}]`));
      assert.ok(at >= 0, `no ${e.ruleId} at ${e.line}:${e.column}:\n${stylish.stdout}`);
      assert.deepEqual(lines.slice(at + 1, at + 3), codeFrame(e.line, e.source, e.column, e.endColumn - e.column));
    }

    // A finding on the first line: the BOM does not count as a column.
    writeFileSync(join(tmp.dir, 'bom-first-line.bplan.yaml'), '\uFEFFcolour: blue\r\nbplan: 1\r\nname: bom\r\n');
    const first = parseJsonReport(bplan(['lint', '-f', 'json', 'bom-first-line.bplan.yaml'], { cwd: tmp.dir }).stdout).files[0]!.findings;
    const colour = first.find((f) => f.ruleId === 'schema' && f.message.includes('colour'));
    assert.ok(colour, JSON.stringify(first));
    assert.deepEqual([colour.line, colour.column, colour.endLine, colour.endColumn, colour.offset, colour.length], [1, 1, 1, 7, 0, 6]);

    // The same plan from standard input.
    const stdin = parseJsonReport(bplan(['lint', '-f', 'json', '-'], { input: Buffer.from('\uFEFF' + crlf, 'utf8') }).stdout).files[0]!.findings;
    assert.deepEqual(stdin.map((f) => [f.line, f.column]), EXPECTED.map((e) => [e.line, e.column]));
  });
});

/**
 * `bplan lint` output options as a real process: `--format github` (workflow commands parsed back
 * and un-escaped, the 10-per-kind cap, the job summary), `--format junit` (valid against a JUnit XSD
 * with xmllint-wasm, parsed back with fast-xml-parser), several formats in one run, --fail-on,
 * --max-warnings, --quiet, colour flags and environment, and usage errors. Every check compares
 * with what `--format json` reports for the same plans.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';
import type { Finding, Severity } from '../server/src/core';
import { ANNOTATIONS_PER_KIND, formatGithub, formatGithubSummary } from '../server/src/cli/format/github';
import { useColor } from '../server/src/cli/main';
import { makeReport } from '../server/src/cli/report';
import { ANSI, assertOneLineMessage, bplan, fixture, makeTmp, parseJsonReport, parseSarif, readFixture, ROOT, SAMPLES } from './support/cli';
import type { JsonFinding, JsonReport } from './support/cli';

const CAPPED = 'test/cli-fixtures/capped.bplan.yaml';
const ERRORS = 'test/cli-fixtures/errors.bplan.yaml';
const CLEAN = join(SAMPLES, 'mars-file-server.bplan.yaml');
const SPACED = 'test plans/a, b.bplan.yaml';
const SECRET = 'S3cr3t';

const tmp = makeTmp('bplan-formats-');
after(() => tmp.cleanup());

/** Findings of a JSON report in report order, with their file. */
function jsonFindings(report: JsonReport): (JsonFinding & { file: string })[] {
  return report.files.flatMap((f) => f.findings.map((finding) => ({ ...finding, file: f.file })));
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const bySeverity = <T extends { severity: Severity }>(items: readonly T[]) => [...items].sort((a, b) => RANK[a.severity] - RANK[b.severity]);

// ---- GitHub workflow commands ----------------------------------------------------------------

interface WorkflowCommand {
  readonly command: string;
  readonly properties: Record<string, string>;
  readonly message: string;
}

/** Un-escapes in one pass, so "%252C" becomes "%2C", not ",". */
const unescapeData = (s: string) => s.replace(/%(25|0D|0A)/g, (_, c: string) => ({ '25': '%', '0D': '\r', '0A': '\n' })[c]!);
const unescapeProperty = (s: string) => s.replace(/%(25|0D|0A|3A|2C)/g, (_, c: string) => ({ '25': '%', '0D': '\r', '0A': '\n', '3A': ':', '2C': ',' })[c]!);

/** Parses `::command k=v,k=v::message` lines as the Actions runner does; other lines are plain log lines. */
function parseCommands(stdout: string): { commands: WorkflowCommand[]; plain: string[] } {
  const lines = stdout.split('\n');
  assert.equal(lines.pop(), '', 'the output ends with a line break');
  const commands: WorkflowCommand[] = [];
  const plain: string[] = [];
  for (const line of lines) {
    const m = /^::([a-z]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) {
      assert.doesNotMatch(line.trimStart(), /^::/, `a malformed command: ${line}`);
      plain.push(line);
      continue;
    }
    const [, command, props = '', data] = m;
    // Every "%" is escaped, so one is always followed by an escape code.
    assert.doesNotMatch(data!, /%(?!25|0D|0A)/, `unescaped % in the message of: ${line}`);
    const properties: Record<string, string> = {};
    for (const part of props ? props.split(',') : []) {
      const p = /^([a-zA-Z]+)=(.*)$/.exec(part);
      assert.ok(p, `a malformed property "${part}" in: ${line}`);
      assert.doesNotMatch(p[2]!, /%(?!25|0D|0A|3A|2C)/, `unescaped % in property ${p[1]} of: ${line}`);
      properties[p[1]!] = unescapeProperty(p[2]!);
    }
    commands.push({ command: command!, properties, message: unescapeData(data!) });
  }
  return { commands, plain };
}

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** The annotation a finding should become. */
function annotationOf(f: JsonFinding & { file: string }): WorkflowCommand {
  return {
    command: COMMAND[f.severity],
    properties: { file: f.file, line: String(f.line), endLine: String(f.endLine), col: String(f.column), endColumn: String(f.endColumn), title: f.ruleId },
    message: f.message,
  };
}

/** Cells of a Markdown table row, splitting on pipes that are not backslash-escaped. */
function cells(row: string): string[] {
  assert.match(row, /^\| .* \|$/, `not a table row: ${row}`);
  const out: string[] = [];
  let cell = '';
  for (let i = 1; i < row.length - 1; i++) {
    if (row[i] === '\\') {
      cell += row[i]! + row[i + 1]!;
      i++;
    } else if (row[i] === '|') {
      out.push(cell.trim());
      cell = '';
    } else cell += row[i];
  }
  out.push(cell.trim());
  return out;
}

/** The rows of the summary's findings table (the first table, the one with a Location column). */
function findingRows(summary: string): string[][] {
  const lines = summary.split('\n');
  const head = lines.indexOf('| Location | Severity | Rule | Message |');
  assert.ok(head >= 0, `no findings table in:\n${summary}`);
  const rows: string[][] = [];
  for (const line of lines.slice(head + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(cells(line));
  }
  return rows;
}

/** A plan with awkward messages at a path with a space and a comma, in a fresh folder. */
function spacedPlan(name: string): string {
  const dir = join(tmp.dir, name);
  mkdirSync(join(dir, 'test plans'), { recursive: true });
  copyFileSync(fixture('awkward.bplan.yaml'), join(dir, SPACED));
  return dir;
}

describe('--format github', () => {
  test('awkward messages and a path with a space and a comma: every command parses back to the JSON findings', () => {
    const dir = spacedPlan('github-awkward');
    const json = parseJsonReport(bplan(['lint', '-f', 'json', 'test plans'], { cwd: dir }).stdout);
    const r = bplan(['lint', '-f', 'github', 'test plans'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    const { commands, plain } = parseCommands(r.stdout);
    assert.deepEqual(plain, []);
    const expected = bySeverity(jsonFindings(json)).map(annotationOf);
    assert.equal(expected.length, 2);
    assert.deepEqual(commands, expected);

    // The awkward characters did reach the messages, and went out escaped.
    const vault = commands.find((c) => c.properties.title === 'vault-name')!;
    for (const s of ['50%: a, b|c\nd\re\u0001f', '<g> & "h"']) assert.ok(vault.message.includes(s), vault.message);
    assert.ok(r.stdout.includes('::error file=test plans/a%2C b.bplan.yaml,line=6,endLine=6,col=9,'), r.stdout);
    assert.ok(r.stdout.includes('vault name "50%25: a, b|c%0Ad%0De'), r.stdout);
    // A literal "%2C" in a name stays "%2C" after un-escaping: it is written as "%252C".
    const reference = commands.find((c) => c.properties.title === 'unknown-reference')!;
    assert.ok(reference.message.includes('"nope%2C,:\nx"'), reference.message);
    assert.ok(r.stdout.includes('nope%252C,:%0Ax'), r.stdout);
  });

  test('15 errors and 12 warnings: the first 10 of each are annotations, the rest log lines, then one notice; the summary lists all 27', () => {
    const json = parseJsonReport(bplan(['lint', '-f', 'json', CAPPED]).stdout);
    const findings = jsonFindings(json);
    const errors = findings.filter((f) => f.severity === 'error');
    const warnings = findings.filter((f) => f.severity === 'warning');
    assert.deepEqual([errors.length, warnings.length, findings.length], [15, 12, 27]);

    const summaryFile = join(tmp.dir, 'step-summary.md');
    writeFileSync(summaryFile, '# An earlier step wrote this\n\n');
    const r = bplan(['lint', '-f', 'github', CAPPED], { env: { GITHUB_STEP_SUMMARY: summaryFile } });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    const { commands, plain } = parseCommands(r.stdout);
    const notice = commands.at(-1)!;
    assert.deepEqual(commands.slice(0, -1), [...errors.slice(0, 10), ...warnings.slice(0, 10)].map(annotationOf));
    assert.deepEqual(
      commands.map((c) => c.command),
      [...Array(10).fill('error'), ...Array(10).fill('warning'), 'notice'],
    );
    assert.equal(notice.properties.title, 'bplan');
    assert.equal(
      notice.message,
      '7 more findings not shown as annotations (GitHub shows 10 errors, 10 warnings and 10 notices per step): the log lists them, and the job summary lists all 27',
    );
    // The 7 others are plain log lines, most severe first, never read as commands.
    assert.deepEqual(
      plain,
      [...errors.slice(10), ...warnings.slice(10)].map((f) => `bplan: ${f.severity} ${f.file}:${f.line}:${f.column} ${f.message} [${f.ruleId}]`),
    );
    // The commands come before the notice, errors first, whatever the order in the plan.
    const order = r.stdout.split('\n').filter(Boolean);
    assert.ok(order.at(-1)!.startsWith('::notice title=bplan::'));

    const summary = readFileSync(summaryFile, 'utf8');
    assert.ok(summary.startsWith('# An earlier step wrote this\n\n## bplan lint\n'), 'the summary is appended');
    assert.ok(summary.includes('✖ 27 problems (15 errors, 12 warnings, 0 info) in 1 file.'), summary);
    const rows = findingRows(summary);
    assert.equal(rows.length, 27);
    assert.deepEqual(
      rows.map((c) => [c[0], c[1], c[2]]),
      bySeverity(findings).map((f) => [`${f.file}:${f.line}:${f.column}`, f.severity, `[${f.ruleId}](${f.docsUrl})`]),
    );
    assert.ok(summary.includes('| [disk-schedule-unsupported](https://github.com/bplan-dev/bplan/blob/main/docs/rules.md#disk-schedule-unsupported) | 0 | 12 | 0 |'), summary);
    assert.ok(summary.includes('| [unknown-reference](https://github.com/bplan-dev/bplan/blob/main/docs/rules.md#unknown-reference) | 15 | 0 | 0 |'), summary);
    assert.ok(summary.includes('| **Total** | **15** | **12** | **0** |'), summary);
  });

  test('without $GITHUB_STEP_SUMMARY the notice points to the log only, and no summary is written', () => {
    const r = bplan(['lint', '-f', 'github', CAPPED], { env: { GITHUB_STEP_SUMMARY: undefined } });
    const notice = parseCommands(r.stdout).commands.at(-1)!;
    assert.equal(notice.command, 'notice');
    assert.match(notice.message, /: the log lists them$/);
    assert.doesNotMatch(notice.message, /summary/);
  });

  test('10 errors or fewer: only annotations, no notice', () => {
    const r = bplan(['lint', '-f', 'github', ERRORS]);
    const { commands, plain } = parseCommands(r.stdout);
    assert.deepEqual(plain, []);
    assert.equal(commands.length, 5);
    assert.ok(commands.every((c) => c.command === 'error'));
  });

  test('the summary escapes Markdown, keeps each finding on one row, and links the file where the repository is known', () => {
    const dir = spacedPlan('github-summary');
    const summaryFile = join(dir, 'summary.md');
    const sha = '0123456789abcdef0123456789abcdef01234567';
    const r = bplan(['lint', '-f', 'github', 'test plans'], {
      cwd: dir,
      env: { GITHUB_STEP_SUMMARY: summaryFile, GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'contoso/backup-plans', GITHUB_SHA: sha },
    });
    assert.equal(r.status, 1, r.stderr);
    const summary = readFileSync(summaryFile, 'utf8');
    const rows = findingRows(summary);
    assert.equal(rows.length, 2);
    for (const row of rows) assert.equal(row.length, 4, `a row split into ${row.length} cells: ${row.join(' ¦ ')}`);
    const vault = rows.find((c) => c[2]!.includes('vault-name'))!;
    assert.equal(vault[0], `[test plans/a, b.bplan.yaml:6:9](https://github.com/contoso/backup-plans/blob/${sha}/test%20plans/a%2C%20b.bplan.yaml#L6)`);
    assert.ok(vault[3]!.startsWith('vault name "50%: a, b\\|c d e\u0001f &lt;g&gt; &amp; "h"" must start'), vault[3]);
  });

  test('$GITHUB_WORKSPACE: paths are relative to it, whatever the working directory', () => {
    const dir = join(tmp.dir, 'workspace');
    mkdirSync(join(dir, 'plans', 'team'), { recursive: true });
    copyFileSync(fixture('errors.bplan.yaml'), join(dir, 'plans', 'team', 'e.bplan.yaml'));
    const r = bplan(['lint', '-f', 'github', 'e.bplan.yaml'], { cwd: join(dir, 'plans', 'team'), env: { GITHUB_WORKSPACE: dir } });
    const files = new Set(parseCommands(r.stdout).commands.map((c) => c.properties.file));
    assert.deepEqual([...files], ['plans/team/e.bplan.yaml']);
    // A plan outside the workspace keeps the path it is shown with.
    const outside = bplan(['lint', '-f', 'github', join(ROOT, ERRORS)], { cwd: dir, env: { GITHUB_WORKSPACE: dir } });
    assert.deepEqual([...new Set(parseCommands(outside.stdout).commands.map((c) => c.properties.file))], [join(ROOT, ERRORS)]);
  });

  test('a literal passphrase appears neither in the annotations nor in the summary', () => {
    const summaryFile = join(tmp.dir, 'secret-summary.md');
    const r = bplan(['lint', '-f', 'github', 'test/cli-fixtures/secret.bplan.yaml'], { env: { GITHUB_STEP_SUMMARY: summaryFile } });
    assert.equal(r.status, 1);
    const summary = readFileSync(summaryFile, 'utf8');
    assert.ok(parseCommands(r.stdout).commands.some((c) => c.properties.title === 'passphrase-literal'));
    assert.ok(summary.includes('passphrase-literal'));
    assert.ok(!(r.stdout + r.stderr + summary).includes(SECRET));
  });

  test('a clean run: no commands, and a summary that says so', () => {
    const summaryFile = join(tmp.dir, 'clean-summary.md');
    const r = bplan(['lint', '-f', 'github', CLEAN], { env: { GITHUB_STEP_SUMMARY: summaryFile } });
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '');
    assert.equal(readFileSync(summaryFile, 'utf8'), '## bplan lint\n\n✔ No problems in 1 file.\n\n');
  });

  test('no summary from the other formats, nor when no plan could be read', () => {
    const summaryFile = join(tmp.dir, 'unwritten-summary.md');
    assert.equal(bplan(['lint', '-f', 'json', ERRORS], { env: { GITHUB_STEP_SUMMARY: summaryFile } }).status, 1);
    const missing = bplan(['lint', '-f', 'github', 'no-such.bplan.yaml'], { env: { GITHUB_STEP_SUMMARY: summaryFile } });
    assert.equal(missing.status, 2);
    assert.equal(missing.stdout, '');
    assert.equal(existsSync(summaryFile), false);
  });

  test('an unwritable $GITHUB_STEP_SUMMARY is a usage error', () => {
    const r = bplan(['lint', '-f', 'github', ERRORS], { env: { GITHUB_STEP_SUMMARY: join(tmp.dir, 'no-such-dir', 'summary.md') } });
    assert.equal(r.status, 2);
    assertOneLineMessage(r.stderr, /cannot write the job summary \$GITHUB_STEP_SUMMARY \(.*no-such-dir\/summary\.md\): ENOENT$/);
  });
});

describe('formatGithub and formatGithubSummary on synthetic findings', () => {
  const text = 'x\n'.repeat(200);
  const finding = (i: number, severity: Severity): Finding => ({ ruleId: 'schema', severity, message: `m${i}`, span: { start: 2 * i, end: 2 * i + 1 }, path: `p${i}` });
  const reportOf = (findings: Finding[]) => [makeReport('plan.bplan.yaml', text, { findings, secretSpans: [] })];

  test('notices have a cap of their own: with more than 10, nine are annotations and the tenth is the closing notice', () => {
    const infos = Array.from({ length: 12 }, (_, i) => finding(i, 'info'));
    const { commands, plain } = parseCommands(formatGithub(reportOf(infos), { cwd: '/', summary: true }));
    assert.equal(commands.length, ANNOTATIONS_PER_KIND);
    assert.deepEqual(commands.slice(0, 9).map((c) => c.message), infos.slice(0, 9).map((f) => f.message));
    assert.ok(commands.every((c) => c.command === 'notice'));
    assert.match(commands[9]!.message, /^3 more findings not shown as annotations/);
    assert.deepEqual(plain.map((l) => /\bm\d+\b/.exec(l)![0]), ['m9', 'm10', 'm11']);
  });

  test('exactly 10 notices, no more of any kind: all are annotations and there is no closing notice', () => {
    const findings = [...Array.from({ length: 10 }, (_, i) => finding(i, 'info')), finding(10, 'error')];
    const { commands, plain } = parseCommands(formatGithub(reportOf(findings), { cwd: '/', summary: false }));
    assert.deepEqual(plain, []);
    assert.deepEqual(commands.map((c) => c.message), ['m10', ...Array.from({ length: 10 }, (_, i) => `m${i}`)]);
  });

  test('errors over the cap and 10 notices: the closing notice takes the tenth notice place', () => {
    const findings = [...Array.from({ length: 10 }, (_, i) => finding(i, 'info')), ...Array.from({ length: 11 }, (_, i) => finding(20 + i, 'error'))];
    const { commands } = parseCommands(formatGithub(reportOf(findings), { cwd: '/', summary: false }));
    assert.equal(commands.filter((c) => c.command === 'error').length, 10);
    assert.equal(commands.filter((c) => c.command === 'notice').length, 10);
    assert.match(commands.at(-1)!.message, /^2 more findings not shown/);
  });

  test('a summary over its byte limit lists the rows that fit and says how many it left out', () => {
    const findings = Array.from({ length: 100 }, (_, i) => finding(i, 'warning'));
    const summary = formatGithubSummary(reportOf(findings), { cwd: '/', limit: 4000 });
    assert.ok(Buffer.byteLength(summary) <= 4000, `${Buffer.byteLength(summary)} bytes`);
    const rows = findingRows(summary);
    assert.ok(rows.length > 10 && rows.length < 100, `${rows.length} rows`);
    assert.ok(summary.includes(`… and ${100 - rows.length} more findings not listed: a step summary holds at most 1 MiB.`), summary);
    assert.ok(summary.includes('| **Total** | **0** | **100** | **0** |'), 'the per-rule table is always there');
    const whole = formatGithubSummary(reportOf(findings), { cwd: '/' });
    assert.equal(findingRows(whole).length, 100);
    assert.doesNotMatch(whole, /not listed/);
  });
});

// ---- JUnit ---------------------------------------------------------------------------------------

const XSD = readFileSync(join(ROOT, 'test', 'schemas', 'junit.xsd'), 'utf8');

async function xsdErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [XSD] });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}

interface JunitCase {
  name: string;
  classname: string;
  failure?: { message: string; type: string; '#text': string };
  'system-out'?: string;
}
interface JunitSuite {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  testcase: JunitCase[];
}
interface JunitDoc {
  testsuites: { name: string; tests: string; failures: string; errors: string; testsuite: JunitSuite[] };
}

function parseJunit(xml: string): JunitDoc {
  assert.equal(XMLValidator.validate(xml), true, 'well-formed XML');
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    htmlEntities: true,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  });
  return parser.parse(xml) as JunitDoc;
}

/** How a finding's message reads in JUnit: characters XML 1.0 cannot hold become `\uXXXX`. */
const xmlSafe = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);

/** `file:line:col  severity  message  [rule]` lines of a failure or system-out text. */
function positions(text: string): { file: string; line: number; column: number; severity: string; message: string; ruleId: string }[] {
  // A message may hold line breaks: a finding's entry runs up to its "  [rule-id]".
  const entries = [...text.matchAll(/^(.+?):(\d+):(\d+) {2}(error|warning|info) {2}([\s\S]*?) {2}\[([a-z0-9-]+)\]$/gm)];
  return entries.map((m) => ({ file: m[1]!, line: Number(m[2]), column: Number(m[3]), severity: m[4]!, message: m[5]!, ruleId: m[6]! }));
}

describe('--format junit', () => {
  let dir: string;
  let json: JsonReport;
  let xml: string;
  before(() => {
    dir = spacedPlan('junit');
    for (const name of ['capped.bplan.yaml', 'errors.bplan.yaml']) copyFileSync(fixture(name), join(dir, 'test plans', name));
    copyFileSync(CLEAN, join(dir, 'test plans', 'clean.bplan.yaml'));
    json = parseJsonReport(bplan(['lint', '-f', 'json', 'test plans'], { cwd: dir }).stdout);
    const r = bplan(['lint', '-f', 'junit', 'test plans'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    xml = r.stdout;
  });

  test('valid against the JUnit XSD (xmllint-wasm)', async () => {
    assert.deepEqual(await xsdErrors(xml), []);
  });

  test('the XSD check itself catches a broken report', async () => {
    const errors = await xsdErrors(xml.replace(/(<testsuite [^>]*?) failures="\d+"/, '$1').replace('<testcase ', '<testcase bogus="1" '));
    assert.ok(errors.some((e) => /attribute 'failures' is required/.test(e)), errors.join('\n'));
    assert.ok(errors.some((e) => /attribute 'bogus' is not allowed/.test(e)), errors.join('\n'));
  });

  test('one testsuite per plan, one testcase per rule with findings, counts and positions as --format json gives them', () => {
    const doc = parseJunit(xml);
    const suites = doc.testsuites.testsuite;
    assert.deepEqual(suites.map((s) => s.name), json.files.map((f) => f.file));
    let tests = 0;
    let failures = 0;
    for (const [i, suite] of suites.entries()) {
      const file = json.files[i]!;
      const rules = [...new Set(file.findings.map((f) => f.ruleId))].sort();
      if (rules.length === 0) {
        assert.deepEqual(suite.testcase.map((c) => [c.name, c.classname, c.failure]), [['no findings', file.file, undefined]]);
      } else {
        assert.deepEqual(suite.testcase.map((c) => c.name), rules, suite.name);
      }
      assert.equal(Number(suite.tests), suite.testcase.length);
      assert.equal(Number(suite.failures), suite.testcase.filter((c) => c.failure).length);
      assert.deepEqual([suite.errors, suite.skipped], ['0', '0']);
      tests += suite.testcase.length;
      failures += Number(suite.failures);
      for (const c of suite.testcase) {
        if (c.name === 'no findings') continue;
        assert.equal(c.classname, file.file);
        const findings = file.findings.filter((f) => f.ruleId === c.name);
        // Errors fail the case (the default --fail-on error); warnings are listed in system-out.
        const failing = findings.filter((f) => f.severity === 'error');
        const passing = findings.filter((f) => f.severity !== 'error');
        const listed = [...positions(c.failure?.['#text'] ?? ''), ...positions(c['system-out'] ?? '')];
        assert.deepEqual(
          listed,
          [...failing, ...passing].map((f) => ({ file: file.file, line: f.line, column: f.column, severity: f.severity, message: xmlSafe(f.message), ruleId: f.ruleId })),
          `${suite.name} ${c.name}`,
        );
        if (failing.length) {
          assert.equal(c.failure!.type, 'error');
          assert.equal(c.failure!.message, failing.length === 1 ? xmlSafe(failing[0]!.message) : `${failing.length} findings; the first: ${xmlSafe(failing[0]!.message)}`);
          assert.ok(c.failure!['#text'].endsWith(`Rule documentation: ${findings[0]!.docsUrl}`));
        } else assert.equal(c.failure, undefined);
      }
    }
    assert.deepEqual([doc.testsuites.tests, doc.testsuites.failures, doc.testsuites.errors], [String(tests), String(failures), '0']);
    const capped = suites.find((s) => s.name.endsWith('capped.bplan.yaml'))!;
    assert.deepEqual(
      capped.testcase.map((c) => [c.name, Boolean(c.failure), positions(c['system-out'] ?? '').length]),
      [
        ['disk-schedule-unsupported', false, 12],
        ['unknown-reference', true, 0],
      ],
    );
  });

  test('escaping: quotes, markup, ampersands, line breaks and carriage returns survive; a control character becomes \\u0001', () => {
    const suite = parseJunit(xml).testsuites.testsuite.find((s) => s.name === SPACED)!;
    const vault = suite.testcase.find((c) => c.name === 'vault-name')!;
    assert.ok(vault.failure!.message.startsWith('vault name "50%: a, b|c\nd\re\\u0001f <g> & "h"" must start'), JSON.stringify(vault.failure!.message));
    assert.ok(!xml.includes('\u0001'), 'no raw control character in the XML');
    assert.ok(xml.includes('&#13;'), 'the carriage return is a character reference');
  });

  test('--fail-on decides which findings fail their test case', () => {
    const runs = Object.fromEntries(
      ['warning', 'never'].map((level) => [level, parseJunit(bplan(['lint', '-f', 'junit', '--fail-on', level, CAPPED]).stdout).testsuites.testsuite[0]!]),
    );
    assert.deepEqual(runs.warning!.testcase.map((c) => [c.name, c.failure?.type]), [
      ['disk-schedule-unsupported', 'warning'],
      ['unknown-reference', 'error'],
    ]);
    assert.equal(runs.warning!.testcase[0]!.failure!.message, `12 findings; the first: ${parseJsonReport(bplan(['lint', '-f', 'json', CAPPED]).stdout).files[0]!.findings.find((f) => f.severity === 'warning')!.message}`);
    assert.equal(runs.never!.failures, '0');
    assert.ok(runs.never!.testcase.every((c) => c.failure === undefined && c['system-out']));
  });
});

// ---- several formats, exit codes, --quiet, colour, usage errors -------------------------------------

describe('several formats in one run', () => {
  test('-f sarif -o FILE -f junit -o FILE -f json -o FILE -f stylish: files hold each report, standard output the stylish one', () => {
    const dir = join(tmp.dir, 'several');
    mkdirSync(dir);
    const r = bplan(['lint', '-f', 'sarif', '-o', join(dir, 'bplan.sarif'), '--format=junit', `--output-file=${join(dir, 'bplan.xml')}`, '-fjson', '-o', join(dir, 'r.json'), '-f', 'stylish', ERRORS]);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, bplan(['lint', ERRORS]).stdout);
    assert.equal(readFileSync(join(dir, 'r.json'), 'utf8'), bplan(['lint', '-f', 'json', ERRORS]).stdout);
    assert.equal(readFileSync(join(dir, 'bplan.xml'), 'utf8'), bplan(['lint', '-f', 'junit', ERRORS]).stdout);
    assert.equal(parseSarif(readFileSync(join(dir, 'bplan.sarif'), 'utf8')).runs[0]!.results.length, 5);
  });

  test('the report to standard output can be any format, and come first', () => {
    const dir = join(tmp.dir, 'several-json');
    mkdirSync(dir);
    const r = bplan(['lint', '-f', 'json', '-f', 'stylish', '-o', join(dir, 'stylish.txt'), '--color', ERRORS]);
    assert.equal(r.stdout, bplan(['lint', '-f', 'json', ERRORS]).stdout);
    const stylish = readFileSync(join(dir, 'stylish.txt'), 'utf8');
    assert.equal(stylish, bplan(['lint', ERRORS]).stdout);
    assert.doesNotMatch(stylish, ANSI, 'a report file never holds colour, --color or not');
  });

  test('an --output-file before the only --format is that format\'s', () => {
    const out = join(tmp.dir, 'leading.json');
    const r = bplan(['lint', '-o', out, '-f', 'json', ERRORS]);
    assert.equal(r.stdout, '');
    assert.equal(readFileSync(out, 'utf8'), bplan(['lint', '-f', 'json', ERRORS]).stdout);
  });

  const usage: [string, string[], RegExp][] = [
    ['two reports to standard output', ['-f', 'json', '-f', 'stylish'], /only one report can go to standard output, not json and stylish/],
    ['two --output-file for one --format', ['-f', 'json', '-o', 'a.json', '-o', 'b.json'], /--format json has two --output-file/],
    ['a leading --output-file with several formats', ['-o', 'a.json', '-f', 'json', '-f', 'sarif'], /put each --output-file right after the --format it is for/],
    ['one file for two formats', ['-f', 'json', '-o', 'same.out', '-f', 'sarif', '-o', './same.out'], /--format json and --format sarif both write \.\/same\.out/],
    ['an unknown format', ['-f', 'checkstyle'], /unknown format "checkstyle"; use stylish, json, sarif, github, junit/],
    ['an unknown --fail-on', ['--fail-on', 'warnings'], /--fail-on takes error, warning, info, never, not "warnings"/],
    ['a negative --max-warnings', ['--max-warnings', '-1'], /--max-warnings|argument/],
    ['--prune-baseline alone', ['--prune-baseline'], /--prune-baseline goes with --baseline FILE/],
    ['--baseline with --write-baseline', ['--baseline', 'b.json', '--write-baseline', 'b.json'], /--baseline and --write-baseline do not go together/],
    ['a report written over the baseline', ['--write-baseline', 'b.json', '-f', 'json', '-o', 'b.json'], /b\.json is the baseline; write the report to another file/],
  ];
  for (const [what, args, message] of usage) {
    test(`usage error, exit 2: ${what}`, () => {
      const dir = join(tmp.dir, `usage-${what.replace(/\W+/g, '-')}`);
      mkdirSync(dir);
      const r = bplan(['lint', ...args, join(ROOT, ERRORS)], { cwd: dir });
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stdout, '');
      assertOneLineMessage(r.stderr, message);
    });
  }
});

describe('exit codes: --fail-on and --max-warnings', () => {
  const dir = join(tmp.dir, 'levels');
  /** A MARS plan; `extra` policy keys add a warning (disk goals) and the vault redundancy an info. */
  const plan = (redundancy: string, disk: boolean) => `bplan: 1
vault:
  name: rsv-levels
  region: westeurope
  redundancy: ${redundancy}
  encryption: { passphrase: { env: P } }
servers:
  - { name: mars01, product: mars, version: "2.0.9262.0" }
workloads:
  - { name: share, type: files, host: fs01, os: windows-server-2019, server: mars01, policy: files }
policies:
  - name: files
${disk ? '    disk: { syncEvery: 1h, retentionDays: 5 }\n' : ''}    online: { times: ["21:00"], retention: { daily: 30 } }
`;
  const plans = { errors: join(ROOT, CAPPED), warning: join(dir, 'warning.bplan.yaml'), info: join(dir, 'info.bplan.yaml'), clean: join(dir, 'clean.bplan.yaml') };
  before(() => {
    mkdirSync(dir);
    writeFileSync(plans.warning, plan('geo', true));
    writeFileSync(plans.info, plan('local', false));
    writeFileSync(plans.clean, plan('geo', false));
    const severities = (file: string) => jsonFindings(parseJsonReport(bplan(['lint', '-f', 'json', file]).stdout)).map((f) => `${f.severity} ${f.ruleId}`);
    assert.deepEqual(severities(plans.warning), ['warning disk-schedule-unsupported']);
    assert.deepEqual(severities(plans.info), ['info vault-redundancy']);
    assert.deepEqual(severities(plans.clean), []);
  });

  const matrix: Record<string, Record<keyof typeof plans, number>> = {
    error: { errors: 1, warning: 0, info: 0, clean: 0 },
    warning: { errors: 1, warning: 1, info: 0, clean: 0 },
    info: { errors: 1, warning: 1, info: 1, clean: 0 },
    never: { errors: 0, warning: 0, info: 0, clean: 0 },
  };
  for (const [level, expected] of Object.entries(matrix)) {
    test(`--fail-on ${level}`, () => {
      for (const [kind, file] of Object.entries(plans)) {
        const r = bplan(['lint', '--fail-on', level, file]);
        assert.equal(r.status, expected[kind as keyof typeof plans], `--fail-on ${level} with ${kind}: ${r.stderr}`);
        assert.equal(r.stderr, '');
      }
    });
  }

  test('the default is --fail-on error', () => {
    for (const [kind, file] of Object.entries(plans)) assert.equal(bplan(['lint', file]).status, matrix.error![kind as keyof typeof plans], kind);
  });

  test('--max-warnings N: more than N warnings fail the run, even with --fail-on never; exactly N do not', () => {
    const over = bplan(['lint', '--max-warnings', '0', plans.warning]);
    assert.equal(over.status, 1);
    assertOneLineMessage(over.stderr, /^bplan: 1 warnings, more than --max-warnings 0$/);
    assert.equal(bplan(['lint', '--max-warnings', '1', plans.warning]).status, 0);
    assert.equal(bplan(['lint', '--fail-on', 'never', '--max-warnings', '0', plans.warning]).status, 1);
    assert.equal(bplan(['lint', '--max-warnings', '11', CAPPED]).status, 1, 'errors fail whatever --max-warnings says');
  });

  test('an unreadable input wins: exit 2 even with findings, and the reports are still written', () => {
    const r = bplan(['lint', '-f', 'json', CAPPED, 'no-such.bplan.yaml']);
    assert.equal(r.status, 2);
    assert.equal(parseJsonReport(r.stdout).summary.errors, 15);
    assertOneLineMessage(r.stderr, /no-such\.bplan\.yaml: no such file/);
  });
});

describe('--quiet', () => {
  test('every format reports errors only; the run still fails on them', () => {
    const json = parseJsonReport(bplan(['lint', '--quiet', '-f', 'json', CAPPED]).stdout);
    assert.deepEqual(json.summary, { files: 1, errors: 15, warnings: 0, infos: 0 });
    assert.ok(jsonFindings(json).every((f) => f.severity === 'error'));
    const stylish = bplan(['lint', '--quiet', CAPPED]);
    assert.equal(stylish.status, 1);
    assert.doesNotMatch(stylish.stdout, /warning {2}/);
    assert.match(stylish.stdout, /✖ 15 problems \(15 errors, 0 warnings, 0 info\) in 1 file\n$/);
    const github = parseCommands(bplan(['lint', '--quiet', '-f', 'github', CAPPED]).stdout);
    assert.deepEqual([...new Set(github.commands.map((c) => c.command))], ['error', 'notice']);
    assert.equal(github.plain.length, 5);
    const sarif = parseSarif(bplan(['lint', '--quiet', '-f', 'sarif', CAPPED]).stdout);
    assert.deepEqual([...new Set(sarif.runs[0]!.results.map((r) => r.level))], ['error']);
    const junit = parseJunit(bplan(['lint', '--quiet', '-f', 'junit', CAPPED]).stdout);
    assert.deepEqual(junit.testsuites.testsuite[0]!.testcase.map((c) => c.name), ['unknown-reference']);
  });

  test('hidden warnings still count, as in ESLint: for --max-warnings and for --fail-on warning, each said on stderr', () => {
    const dir = join(tmp.dir, 'quiet');
    mkdirSync(dir);
    const text = readFixture('capped.bplan.yaml')
      .split('\n')
      .filter((l) => !l.includes('server: ghost'))
      .join('\n');
    writeFileSync(join(dir, 'w.bplan.yaml'), text);
    const quiet = bplan(['lint', '--quiet', 'w.bplan.yaml'], { cwd: dir });
    assert.equal(quiet.status, 0);
    assert.equal(quiet.stdout, '✔ no problems in 1 file\n');
    const max = bplan(['lint', '--quiet', '--max-warnings', '11', 'w.bplan.yaml'], { cwd: dir });
    assert.equal(max.status, 1);
    assert.equal(max.stdout, '✔ no problems in 1 file\n');
    assertOneLineMessage(max.stderr, /^bplan: 12 warnings, more than --max-warnings 11 \(not shown under --quiet\)$/);
    const failOn = bplan(['lint', '--quiet', '--fail-on', 'warning', 'w.bplan.yaml'], { cwd: dir });
    assert.equal(failOn.status, 1);
    assertOneLineMessage(failOn.stderr, /^bplan: 12 findings not shown under --quiet fail the run \(--fail-on warning\)$/);
  });
});

describe('colour', () => {
  test('useColor: flag, then FORCE_COLOR, then NO_COLOR, then the terminal', () => {
    const cases: [boolean | undefined, NodeJS.ProcessEnv, boolean, boolean][] = [
      [undefined, {}, true, true],
      [undefined, {}, false, false],
      [undefined, { NO_COLOR: '1' }, true, false],
      [undefined, { NO_COLOR: 'anything' }, true, false],
      [undefined, { NO_COLOR: '' }, true, true],
      [undefined, { FORCE_COLOR: '0' }, true, false],
      [undefined, { FORCE_COLOR: 'false' }, true, false],
      [undefined, { FORCE_COLOR: '1' }, false, true],
      [undefined, { FORCE_COLOR: '' }, false, true],
      [undefined, { FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
      [undefined, { FORCE_COLOR: 'sometimes' }, false, false],
      [false, { FORCE_COLOR: '1' }, true, false],
      [true, { NO_COLOR: '1', FORCE_COLOR: '0' }, false, true],
    ];
    for (const [flag, env, tty, expected] of cases) assert.equal(useColor(flag, env, tty), expected, `flag ${flag}, env ${JSON.stringify(env)}, tty ${tty}`);
  });

  const env: [string, Record<string, string>, boolean][] = [
    ['nothing set (a pipe)', {}, false],
    ['NO_COLOR=1', { NO_COLOR: '1' }, false],
    ['FORCE_COLOR=1', { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR=2', { FORCE_COLOR: '2' }, true],
    ['FORCE_COLOR=3', { FORCE_COLOR: '3' }, true],
    ['FORCE_COLOR=true', { FORCE_COLOR: 'true' }, true],
    ['FORCE_COLOR= (empty)', { FORCE_COLOR: '' }, true],
    ['FORCE_COLOR=0', { FORCE_COLOR: '0' }, false],
    ['FORCE_COLOR=false', { FORCE_COLOR: 'false' }, false],
    ['FORCE_COLOR=1 and NO_COLOR=1', { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
  ];
  for (const [what, vars, colored] of env) {
    test(`environment: ${what} → ${colored ? 'colour' : 'none'}; a flag wins`, () => {
      const r = bplan(['lint', ERRORS], { env: vars });
      assert.equal(ANSI.test(r.stdout), colored, r.stdout.slice(0, 200));
      assert.equal(ANSI.test(bplan(['lint', '--no-color', ERRORS], { env: vars }).stdout), false, '--no-color');
      assert.equal(ANSI.test(bplan(['lint', '--color', ERRORS], { env: vars }).stdout), true, '--color');
    });
  }

  test('of --color and --no-color, the last one wins', () => {
    assert.equal(ANSI.test(bplan(['lint', '--color', '--no-color', ERRORS]).stdout), false);
    assert.equal(ANSI.test(bplan(['lint', '--no-color', '--color', ERRORS]).stdout), true);
  });

  test('colour is for stylish on standard output only', () => {
    for (const format of ['json', 'sarif', 'github', 'junit']) {
      assert.doesNotMatch(bplan(['lint', '-f', format, ERRORS], { env: { FORCE_COLOR: '1' } }).stdout, ANSI, format);
    }
  });
});

describe('lint --help', () => {
  test('describes the new options', () => {
    const r = bplan(['lint', '--help']);
    assert.equal(r.status, 0);
    for (const option of ['github', 'junit', '--fail-on LEVEL', 'error (default), warning, info or never', '--quiet', '--write-baseline FILE', '--baseline FILE', '--prune-baseline', 'FORCE_COLOR', 'NO_COLOR']) {
      assert.ok(r.stdout.includes(option), `lint --help does not mention ${option}`);
    }
    assert.match(r.stdout, /-f sarif -o bplan\.sarif -f junit -o bplan\.xml -f stylish/);
  });
});

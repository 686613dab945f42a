/**
 * `bplan lint --format sarif` as a real process: valid SARIF 2.1.0 (the official JSON Schema shipped
 * in @microsoft/jest-sarif, compiled with ajv and ajv-formats), free of errors and warnings under Microsoft's SARIF Multitool (`validate`
 * with the GitHub and SARIF rule kinds), GitHub code scanning's ingestion requirements, stable
 * partial fingerprints, and regions that match `--format json`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { bplan, makeTmp, PACKAGE, parseJsonReport, parseSarif, readFixture, ROOT } from './support/cli';
import type { JsonReport, SarifLog, SarifPhysicalLocation, SarifResult } from './support/cli';

const SCHEMA_PATH = join(ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
const MULTITOOL = join(ROOT, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');
const MANY = ['test/cli-fixtures/many-findings.bplan.yaml', 'test/cli-fixtures/yaml-syntax.bplan.yaml'];

// ---- the JSON Schema ---------------------------------------------------------------------------

let validator: ValidateFunction | undefined;

/**
 * The official schema is draft-04 (`id`, `$schema: draft-04`), which ajv 8 does not load; its
 * keywords here mean the same in ajv's default draft-07, so only the id keyword is renamed. One
 * `pattern` (language) is not a valid regular expression with the `u` flag, hence unicodeRegExp off.
 * `format` (uri, uri-reference, date-time) is validated by ajv-formats; since strict is off, ajv would
 * ignore an unknown format with a console warning, so every format the schema names must be known.
 */
function sarifValidator(): ValidateFunction {
  if (validator) return validator;
  const text = readFileSync(SCHEMA_PATH, 'utf8');
  const schema = JSON.parse(text) as Record<string, unknown>;
  const { $schema: _draft, id, ...rest } = schema;
  assert.match(String(_draft), /draft-04/);
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, validateFormats: true });
  addFormats(ajv);
  const formats = new Set([...text.matchAll(/"format"\s*:\s*"([^"]+)"/g)].map((m) => m[1]!));
  assert.ok(formats.has('uri') && formats.has('uri-reference'), `the schema names formats ${[...formats].join(', ')}`);
  for (const format of formats) assert.ok(ajv.formats[format], `ajv-formats does not validate the format "${format}"`);
  validator = ajv.compile({ $id: String(id), ...rest });
  return validator;
}

function schemaErrors(log: unknown): ErrorObject[] {
  const validate = sarifValidator();
  return validate(log) ? [] : [...(validate.errors ?? [])];
}

const describeErrors = (errors: readonly ErrorObject[]) => errors.map((e) => `${e.instancePath || '/'} ${e.message} (${e.schemaPath})`).join('\n');

function isAbsoluteHttpsUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

// ---- the Multitool -----------------------------------------------------------------------------

interface MultitoolRun {
  status: number | null;
  stdout: string;
  stderr: string;
  errors: string[];
  warnings: string[];
  notes: string[];
}

function multitoolAvailable(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return `the Multitool package ships a linux-x64 binary; this is ${process.platform}-${process.arch}`;
  if (!existsSync(MULTITOOL)) return `${MULTITOOL} is not installed (npm install)`;
  try {
    accessSync(MULTITOOL, constants.X_OK);
  } catch {
    chmodSync(MULTITOOL, 0o755);
  }
  return undefined;
}

let reportCount = 0;
function runMultitool(file: string, outDir: string): MultitoolRun {
  const output = join(outDir, `multitool-report-${++reportCount}.sarif`);
  const result = spawnSync(MULTITOOL, ['validate', '--rule-kind', 'Gh;Sarif', file, '--output', output], {
    cwd: outDir,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
  });
  if (result.error) throw result.error;
  const lines = `${result.stdout}\n${result.stderr}`.split('\n').map((l) => l.trimEnd());
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    errors: lines.filter((l) => l.includes(': error ')),
    warnings: lines.filter((l) => l.includes(': warning ')),
    notes: lines.filter((l) => /: note [A-Z]+\d*/.test(l)),
  };
}

// ---- helpers over the log ----------------------------------------------------------------------

function physicalLocations(result: SarifResult): { where: string; location: SarifPhysicalLocation }[] {
  return [
    ...result.locations.map((l, i) => ({ where: `locations[${i}]`, location: l.physicalLocation })),
    ...(result.relatedLocations ?? []).map((l, i) => ({ where: `relatedLocations[${i}]`, location: l.physicalLocation })),
  ];
}

const fingerprint = (r: SarifResult) => r.partialFingerprints?.['bplanFindingKey/v1'];

// ---- the tests -----------------------------------------------------------------------------------

describe('SARIF output', () => {
  let tmp: ReturnType<typeof makeTmp>;
  let samplesText: string;
  let samples: SarifLog;
  let manyText: string;
  let many: SarifLog;
  let manyJson: JsonReport;

  before(() => {
    tmp = makeTmp('bplan-sarif-');
    const s = bplan(['lint', '-f', 'sarif', 'samples']);
    assert.equal(s.status, 0, s.stderr);
    samplesText = s.stdout;
    samples = parseSarif(samplesText);
    const m = bplan(['lint', '-f', 'sarif', ...MANY]);
    assert.equal(m.status, 1, m.stderr);
    manyText = m.stdout;
    many = parseSarif(manyText);
    const j = bplan(['lint', '-f', 'json', ...MANY]);
    assert.equal(j.status, 1, j.stderr);
    manyJson = parseJsonReport(j.stdout);
    writeFileSync(join(tmp.dir, 'samples.sarif'), samplesText);
    writeFileSync(join(tmp.dir, 'many.sarif'), manyText);
  });

  /** `bplan lint -f sarif` of a plan outside the working directory (given by its absolute path). */
  const lintOutside = () => {
    const cwd = join(tmp.dir, 'elsewhere');
    mkdirSync(cwd, { recursive: true });
    const r = bplan(['lint', '-f', 'sarif', join(ROOT, MANY[0]!)], { cwd });
    assert.equal(r.status, 1, r.stderr);
    return r.stdout;
  };
  after(() => tmp.cleanup());

  test('basic shape: version 2.1.0, one run, the bplan driver with every rule; samples have no results', () => {
    for (const log of [samples, many]) {
      assert.equal(log.version, '2.1.0');
      assert.equal(log.runs.length, 1);
      const driver = log.runs[0]!.tool.driver;
      assert.equal(driver.name, 'bplan');
      assert.equal(driver.version, PACKAGE.version);
      assert.ok(isAbsoluteHttpsUrl(driver.informationUri), `informationUri ${driver.informationUri}`);
      assert.ok(driver.rules.length >= 12, `only ${driver.rules.length} rules`);
      const ids = driver.rules.map((r) => r.id);
      assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
      assert.equal(log.runs[0]!.columnKind, 'utf16CodeUnits');
    }
    assert.deepEqual(samples.runs[0]!.results, []);
    assert.deepEqual(samples.runs[0]!.tool.driver.rules, many.runs[0]!.tool.driver.rules, 'the rule table does not depend on the input');

    const results = many.runs[0]!.results;
    const jsonCount = manyJson.files.reduce((n, f) => n + f.findings.length, 0);
    assert.equal(results.length, jsonCount);
    const rules = new Set(results.map((r) => r.ruleId));
    assert.ok(rules.size >= 10, `the many-findings fixture should hit many rules, hit ${[...rules].join(', ')}`);
    assert.ok(results.filter((r) => r.relatedLocations?.length).length >= 5, 'several results have related locations');
    assert.ok(results.some((r) => (r.relatedLocations?.length ?? 0) >= 2), 'a result has more than one related location');
  });

  test('samples: valid against the official SARIF 2.1.0 JSON Schema, formats included (ajv, ajv-formats)', () => {
    assert.deepEqual(describeErrors(schemaErrors(samples)), '');
  });

  test('many findings (several rules, related locations, two files): valid against the SARIF 2.1.0 JSON Schema, formats included', () => {
    assert.deepEqual(describeErrors(schemaErrors(many)), '');
  });

  test('a plan outside the working directory (absolute file:// URIs): valid against the SARIF 2.1.0 JSON Schema, formats included', () => {
    assert.deepEqual(describeErrors(schemaErrors(parseSarif(lintOutside()))), '');
  });

  test('the schema check itself catches a broken log', () => {
    const broken = JSON.parse(manyText) as { runs: { results: { level?: string; message?: unknown }[] }[] };
    broken.runs[0]!.results[0]!.level = 'fatal';
    delete broken.runs[0]!.results[1]!.message;
    const errors = schemaErrors(broken);
    assert.ok(errors.some((e) => e.instancePath === '/runs/0/results/0/level'), describeErrors(errors));
    assert.ok(errors.some((e) => e.instancePath.startsWith('/runs/0/results/1') && e.keyword === 'required'), describeErrors(errors));
  });

  test('the schema check validates formats: a bad uri and uri-reference are caught', () => {
    const broken = JSON.parse(manyText) as {
      runs: { tool: { driver: { informationUri: string; rules: { helpUri: string }[] } }; results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const run = broken.runs[0]!;
    run.tool.driver.informationUri = 'github.com/bplan-dev/bplan';
    run.tool.driver.rules[0]!.helpUri = 'https://example.com/a b';
    run.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri = 'plans/a#1#2.bplan.yaml';
    const errors = schemaErrors(broken).filter((e) => e.keyword === 'format');
    assert.deepEqual(
      errors.map((e) => `${e.instancePath} ${e.params.format}`).sort(),
      ['/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri uri-reference', '/runs/0/tool/driver/informationUri uri', '/runs/0/tool/driver/rules/0/helpUri uri'],
      describeErrors(errors),
    );
  });

  test('rule tags are unique (schema uniqueItems, Multitool JSON1020)', () => {
    for (const rule of many.runs[0]!.tool.driver.rules) {
      const tags = rule.properties?.tags ?? [];
      assert.equal(new Set(tags).size, tags.length, `${rule.id}: ${JSON.stringify(tags)}`);
    }
    assert.deepEqual(describeErrors(schemaErrors(many)), '');
  });

  describe("Microsoft's SARIF Multitool (validate --rule-kind Gh;Sarif)", () => {
    const unavailable = multitoolAvailable();

    const logs = {
      samples: 'the samples',
      many: 'many findings',
      outside: 'a plan outside the working directory (absolute file:// URIs)',
      escaped: 'file names with "#" and "?" (escaped URIs)',
    } as const;
    for (const [which, what] of Object.entries(logs)) {
      test(`${which}, ${what}: no errors and no warnings (notes are printed as diagnostics)`, { skip: unavailable ?? false, timeout: 120_000 }, (t) => {
        const file = join(tmp.dir, `${which}.sarif`);
        if (which === 'outside') writeFileSync(file, lintOutside());
        if (which === 'escaped') {
          const dir = join(tmp.dir, 'escaped');
          mkdirSync(dir, { recursive: true });
          for (const name of ['x#1.bplan.yaml', 'x?1.bplan.yaml']) writeFileSync(join(dir, name), readFixture('yaml-syntax.bplan.yaml'));
          const r = bplan(['lint', '-f', 'sarif', '.'], { cwd: dir });
          assert.equal(r.status, 1, r.stderr);
          const uris = new Set(parseSarif(r.stdout).runs[0]!.results.map((res) => res.locations[0]!.physicalLocation.artifactLocation.uri));
          assert.equal(uris.size, 2, [...uris].join(', '));
          writeFileSync(file, r.stdout);
        }
        const run = runMultitool(file, tmp.dir);
        assert.equal(run.status, 0, `the Multitool failed to run:\n${run.stdout}\n${run.stderr}`);
        assert.match(run.stdout, /Analysis completed successfully/, run.stdout);
        for (const n of run.notes) t.diagnostic(`Multitool note: ${n}`);
        assert.deepEqual(run.errors, []);
        assert.deepEqual(run.warnings, []);
      });
    }
  });

  test('GitHub ingestion: every rule has shortDescription, fullDescription (≤ 1024), help.text and helpUri', () => {
    for (const rule of many.runs[0]!.tool.driver.rules) {
      assert.match(rule.id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      assert.ok(rule.shortDescription?.text?.trim(), `${rule.id}: shortDescription.text`);
      assert.ok(rule.fullDescription?.text?.trim(), `${rule.id}: fullDescription.text`);
      assert.ok(rule.fullDescription!.text.length <= 1024, `${rule.id}: fullDescription.text is ${rule.fullDescription!.text.length} characters`);
      assert.ok(rule.help?.text?.trim(), `${rule.id}: help.text`);
      assert.ok(rule.helpUri?.trim(), `${rule.id}: helpUri`);
      assert.ok(isAbsoluteHttpsUrl(rule.helpUri), `${rule.id}: helpUri ${rule.helpUri}`);
      assert.ok(['error', 'warning', 'note', 'none'].includes(rule.defaultConfiguration?.level ?? ''), `${rule.id}: defaultConfiguration.level`);
    }
  });

  test('GitHub ingestion: every result has ruleId, message, a 1-based location, a non-empty region and partialFingerprints', () => {
    const rules = many.runs[0]!.tool.driver.rules;
    const results = many.runs[0]!.results;
    assert.ok(results.length > 0);
    results.forEach((result, i) => {
      const name = `results[${i}] (${result.ruleId})`;
      assert.ok(result.ruleId, `${name}: ruleId`);
      assert.ok(rules.some((r) => r.id === result.ruleId), `${name}: ruleId is in the rule table`);
      if (result.ruleIndex !== undefined) assert.equal(rules[result.ruleIndex]?.id, result.ruleId, `${name}: ruleIndex points at its rule`);
      assert.ok(['error', 'warning', 'note'].includes(result.level ?? ''), `${name}: level`);
      assert.ok(result.message?.text?.trim(), `${name}: message.text`);
      assert.ok(result.locations.length >= 1, `${name}: at least one location`);
      for (const { where, location } of physicalLocations(result)) {
        const r = location.region;
        assert.ok(location.artifactLocation.uri, `${name} ${where}: artifactLocation.uri`);
        assert.ok(Number.isInteger(r.startLine) && r.startLine >= 1, `${name} ${where}: startLine ${r.startLine}`);
        assert.ok(Number.isInteger(r.startColumn) && r.startColumn! >= 1, `${name} ${where}: startColumn ${r.startColumn}`);
        const endLine = r.endLine ?? r.startLine;
        assert.ok(endLine >= r.startLine, `${name} ${where}: endLine ${endLine} before startLine`);
        if (endLine === r.startLine) assert.ok(r.endColumn! > r.startColumn!, `${name} ${where}: endColumn ${r.endColumn} ≤ startColumn ${r.startColumn}`);
      }
      for (const related of result.relatedLocations ?? []) assert.ok(related.message?.text?.trim(), `${name}: related location message`);
      const fps = result.partialFingerprints ?? {};
      assert.ok(Object.keys(fps).length >= 1, `${name}: partialFingerprints`);
      for (const [key, value] of Object.entries(fps)) assert.ok(typeof value === 'string' && value.length > 0, `${name}: partialFingerprints.${key}`);
    });
  });

  test('artifact URIs are relative to %SRCROOT% and name the linted file', () => {
    const run = many.runs[0]!;
    assert.ok(run.originalUriBaseIds?.['%SRCROOT%'], 'originalUriBaseIds declares %SRCROOT%');
    const files = new Set(manyJson.files.map((f) => f.file));
    for (const result of run.results) {
      for (const { where, location } of physicalLocations(result)) {
        const { uri, uriBaseId } = location.artifactLocation;
        assert.equal(uriBaseId, '%SRCROOT%', `${result.ruleId} ${where}`);
        const resolved = new URL(uri, 'file:///srcroot/');
        assert.ok(resolved.pathname.startsWith('/srcroot/'), `${uri} escapes %SRCROOT%`);
        assert.equal(resolved.hash, '');
        assert.ok(files.has(decodeURIComponent(resolved.pathname.slice('/srcroot/'.length))), `${uri} is not one of ${[...files].join(', ')}`);
      }
    }
  });

  test('a file outside the working directory gets an absolute file:// URI, without uriBaseId, naming the file', () => {
    const log = parseSarif(lintOutside());
    const results = log.runs[0]!.results;
    assert.ok(results.length > 0);
    for (const result of results) {
      for (const { where, location } of physicalLocations(result)) {
        const { uri, uriBaseId } = location.artifactLocation;
        assert.equal(uriBaseId, undefined, `${result.ruleId} ${where}: uriBaseId with the absolute uri ${uri}`);
        assert.match(uri, /^file:\/\/\//, `${result.ruleId} ${where}`);
        assert.equal(fileURLToPath(uri), join(ROOT, MANY[0]!), `${result.ruleId} ${where}`);
      }
    }
  });

  test('a file name with "#" or "?" is escaped in the URI', () => {
    for (const name of ['x#1.bplan.yaml', 'x?1.bplan.yaml']) {
      const log = parseSarif(bplan(['lint', '-f', 'sarif', '-', '--stdin-filename', name], { input: readFixture('yaml-syntax.bplan.yaml') }).stdout);
      const uri = log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri;
      const resolved = new URL(uri, 'file:///srcroot/');
      assert.equal(resolved.search, '', uri);
      assert.equal(resolved.hash, '', uri);
      assert.equal(decodeURIComponent(resolved.pathname), `/srcroot/${name}`, uri);
    }
  });

  test('each region is the 1-based position --format json gives for the same finding (related locations too)', () => {
    const results = many.runs[0]!.results;
    const findings = manyJson.files.flatMap((f) => f.findings.map((finding) => ({ file: f.file, finding })));
    assert.equal(results.length, findings.length);
    results.forEach((result, i) => {
      const { file, finding } = findings[i]!;
      assert.equal(result.ruleId, finding.ruleId, `result ${i}`);
      assert.equal(result.message.text, finding.message, `result ${i}`);
      assert.equal(result.level, finding.severity === 'info' ? 'note' : finding.severity);
      const location = result.locations[0]!.physicalLocation;
      assert.equal(decodeURIComponent(location.artifactLocation.uri), file);
      assert.deepEqual(location.region, { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn }, `region of ${finding.ruleId}`);
      if (finding.location) assert.equal(result.locations[0]!.logicalLocations?.[0]?.fullyQualifiedName, finding.location);
      assert.deepEqual(
        (result.relatedLocations ?? []).map((r) => ({ message: r.message?.text, ...r.physicalLocation.region })),
        finding.related.map((r) => ({ message: r.message, startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn })),
        `related locations of ${finding.ruleId}`,
      );
    });
    // One position checked against the text itself: vault name "x" at 5:9, one character.
    const vault = results.find((r) => r.ruleId === 'vault-name')!;
    assert.deepEqual(vault.locations[0]!.physicalLocation.region, { startLine: 5, startColumn: 9, endLine: 5, endColumn: 10 });
    assert.equal(readFixture('many-findings.bplan.yaml').split('\n')[4], '  name: x');
  });

  test('partialFingerprints are stable when lines are inserted above a finding, and differ between findings', () => {
    const original = readFixture('many-findings.bplan.yaml');
    const lines = original.split('\n');
    const policiesAt = lines.findIndex((l) => l === 'policies:');
    assert.ok(policiesAt > 0);
    // Lines inserted after the first line (above every finding), and before `policies:` (above some).
    const variants = [
      { name: 'top', at: 1, added: ['# inserted 1', '# inserted 2', '', '# inserted 3', '# inserted 4', '# inserted 5'] },
      { name: 'middle', at: policiesAt, added: ['# inserted before the policies', ''] },
    ];
    const lint = (dir: string, text: string) => {
      mkdirSync(dir);
      writeFileSync(join(dir, 'plan.bplan.yaml'), text);
      const r = bplan(['lint', '-f', 'sarif', 'plan.bplan.yaml'], { cwd: dir });
      assert.equal(r.status, 1, r.stderr);
      return parseSarif(r.stdout).runs[0]!.results;
    };
    const a = lint(join(tmp.dir, 'v1'), original);
    assert.ok(a.length >= 10);
    for (const variant of variants) {
      const shifted = [...lines.slice(0, variant.at), ...variant.added, ...lines.slice(variant.at)].join('\n');
      const b = lint(join(tmp.dir, `v-${variant.name}`), shifted);
      assert.equal(b.length, a.length, variant.name);
      a.forEach((ra, i) => {
        const rb = b[i]!;
        const lineA = ra.locations[0]!.physicalLocation.region.startLine;
        assert.equal(rb.ruleId, ra.ruleId);
        assert.equal(rb.message.text, ra.message.text);
        const moved = lineA > variant.at ? variant.added.length : 0;
        assert.equal(rb.locations[0]!.physicalLocation.region.startLine, lineA + moved, `${variant.name}: ${ra.ruleId} moved ${moved} lines`);
        assert.ok(fingerprint(ra), `${ra.ruleId}: no bplanFindingKey/v1 fingerprint`);
        assert.deepEqual(rb.partialFingerprints, ra.partialFingerprints, `${variant.name}: ${ra.ruleId} at line ${lineA}: fingerprint changed`);
      });
      assert.ok(a.some((r) => r.locations[0]!.physicalLocation.region.startLine > variant.at), `${variant.name}: some finding moved`);
    }
    const prints = a.map(fingerprint);
    assert.equal(new Set(prints).size, prints.length, `two findings share a fingerprint:\n${a.map((r) => `${r.ruleId} ${fingerprint(r)}`).join('\n')}`);

    // The same finding in another file is another alert.
    const both = parseSarif(bplan(['lint', '-f', 'sarif', 'v1/plan.bplan.yaml', 'v-top/plan.bplan.yaml'], { cwd: tmp.dir }).stdout).runs[0]!.results;
    const inV1 = both.filter((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === 'v1/plan.bplan.yaml').map(fingerprint);
    const inV2 = both.filter((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === 'v-top/plan.bplan.yaml').map(fingerprint);
    assert.equal(inV1.length, a.length);
    assert.equal(inV2.length, a.length);
    for (const fp of inV1) assert.ok(!inV2.includes(fp), 'a fingerprint is shared across files');
  });

  test('partialFingerprints differ between two YAML errors with the same message', () => {
    const fixtureErrors = many.runs[0]!.results.filter((r) => r.ruleId === 'yaml-syntax');
    assert.equal(fixtureErrors.length, 2);
    assert.notEqual(fingerprint(fixtureErrors[0]!), fingerprint(fixtureErrors[1]!));
    // The key "name" twice in two mappings: two YAML errors with one message and no location.
    const plan = ['bplan: 1', 'name: dup', 'vault:', '  name: v1', '  name: v2', '  region: westeurope', 'servers:', '  - name: s1', '    name: s2', ''].join('\n');
    const r = bplan(['lint', '-f', 'sarif', '-', '--stdin-filename', 'dup.bplan.yaml'], { input: plan });
    assert.equal(r.status, 1, r.stderr);
    const results = parseSarif(r.stdout).runs[0]!.results.filter((res) => res.ruleId === 'yaml-syntax');
    assert.equal(results.length, 2, JSON.stringify(results.map((res) => res.message.text)));
    assert.equal(results[0]!.message.text, results[1]!.message.text, 'the two YAML errors have one message');
    assert.notEqual(fingerprint(results[0]!), fingerprint(results[1]!));
  });
});

/**
 * Secrets (issue 7 §4). Two promises, checked on every output bplan has:
 *
 * 1. No output ever repeats a secret written in a plan. Plans plant a unique secret in every place
 *    a plan can hold one — the vault passphrase (plain, too short, of the wrong type, tagged,
 *    escaped, a number, a block scalar, a mapping in disguise), passwords and secrets under
 *    unknown keys of servers, workloads and policies (plain, quoted, block and folded scalars,
 *    flow maps, lists, anchors, multi-line, with `#` inside, in a comment), in plans whose YAML is
 *    broken, and in an invalid bplan.config.yaml — and every output is searched for each secret
 *    and for each distinctive 6-character piece of it: every report format of `bplan lint` and
 *    `bplan estimate` (standard output, --output-file files, the GitHub job summary, the
 *    baseline, standard error, standard input), every language feature as a pure function
 *    (hover at every offset, completion, code actions with their edits, diagnostics, symbols,
 *    code lens, references and rename), and the language server over stdio (every byte it writes,
 *    and its standard error).
 * 2. bplan never reads what a secret reference names: the CLI and the language server run with
 *    test/support/record-reads.cjs preloaded, which records every path opened, read or stat'ed and
 *    every environment variable read; the referenced files (a real one, and a FIFO that would
 *    block whoever opens it) and variables never appear in the record, and their values never in
 *    an output.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Position } from 'vscode-languageserver-types';
import { lintText } from '../server/src/core';
import { codeActions } from '../server/src/language/code-actions';
import { codeLenses } from '../server/src/language/code-lens';
import { complete } from '../server/src/language/completion';
import { diagnostics } from '../server/src/language/diagnostics';
import { PlanDocument } from '../server/src/language/document';
import { hover } from '../server/src/language/hover';
import { definition, prepareRename, references, rename } from '../server/src/language/references';
import { documentSymbols, foldingRanges, selectionRanges } from '../server/src/language/symbols';
import { estimateReport } from '../server/src/lsp/requests';
import { makeTmp, ROOT } from './support/cli';
import { fileUri, LspClient } from './support/lsp-client';

const CLI = join(ROOT, 'dist', 'cli.js');
const PRELOAD = join(ROOT, 'test', 'support', 'record-reads.cjs');

// ---- planted secrets ------------------------------------------------------------------------------

/**
 * Letters that are not hex digits and not vowels: a random run of them is never part of a hash (SARIF
 * fingerprints), an English word or a number in an output, so finding 6 of them in a row is a leak.
 */
const CORE_LETTERS = 'ghjkmnpqrstvwxzGHJKMNPQRSTVWXZ';

interface Planted {
  /** The plan (or file) it is in. */
  readonly file: string;
  /** Where in it, in words. */
  readonly place: string;
  /** As written (without YAML quotes). */
  readonly value: string;
  /** What no output may contain: the value, its random core and every `window`-long piece of the core. */
  readonly needles: readonly string[];
}

class Secrets {
  readonly all: Planted[] = [];

  /** A new unique secret at `place`; `shape` builds the written value from its random core. */
  plant(file: string, place: string, shape: (core: string) => string = (core) => `S3cr3t-${core}`, digits = false): string {
    const core = digits ? randomDigits(20) : randomCore(12);
    const value = shape(core);
    assert.ok(value.includes(core), `the shape of ${place} drops the random core`);
    // Digits are common in outputs (sizes, lines): a longer piece of them is distinctive.
    const window = digits ? 8 : 6;
    const needles = new Set([value, core]);
    for (let i = 0; i + window <= core.length; i++) needles.add(core.slice(i, i + window));
    this.all.push({ file, place, value, needles: [...needles] });
    return value;
  }

  of(file: string): Planted[] {
    return this.all.filter((s) => s.file === file);
  }
}

function randomCore(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += CORE_LETTERS[randomInt(CORE_LETTERS.length)];
  return s;
}

function randomDigits(length: number): string {
  let s = String(1 + randomInt(9));
  while (s.length < length) s += String(randomInt(10));
  return s;
}

const ANSI_ALL = /\u001b\[[0-9;]*m/g;

/**
 * Every planted secret an output shows, as messages naming the output and the secret's place. ANSI
 * colour codes are removed first, so colour inside a secret does not hide it.
 */
function leaksIn(output: string, where: string, secrets: readonly Planted[]): string[] {
  const plain = output.replace(ANSI_ALL, '');
  const found: string[] = [];
  for (const s of secrets) {
    const needle = s.needles.find((n) => plain.includes(n));
    if (needle === undefined) continue;
    const at = plain.indexOf(needle);
    const context = plain.slice(Math.max(0, at - 60), at + needle.length + 60).replace(/\s+/g, ' ');
    found.push(`${where} shows the secret planted ${s.place} (${s.file}): "${needle}" in …${context}…`);
  }
  return found;
}

/** Collects the leaks of many outputs; `assertNone` fails with all of them at once. */
class LeakLog {
  readonly leaks: string[] = [];
  outputs = 0;

  constructor(private readonly secrets: () => readonly Planted[]) {}

  check(output: unknown, where: string): void {
    const text = typeof output === 'string' ? output : (JSON.stringify(output) ?? '');
    this.outputs++;
    for (const leak of leaksIn(text, where, this.secrets())) if (!this.leaks.includes(leak)) this.leaks.push(leak);
  }

  assertNone(minOutputs: number): void {
    assert.deepEqual(this.leaks, [], `secrets leaked:\n${this.leaks.slice(0, 40).join('\n')}`);
    // Not vacuous: the outputs were searched.
    assert.ok(this.outputs >= minOutputs, `only ${this.outputs} outputs were searched, expected at least ${minOutputs}`);
  }
}

// ---- the plans ------------------------------------------------------------------------------------

interface PlanFile {
  readonly file: string;
  readonly text: string;
}

/** The plans of part 1, each secret planted with its place. */
function buildPlans(secrets: Secrets): PlanFile[] {
  const plans: PlanFile[] = [];
  const add = (name: string, make: (s: (place: string, shape?: (core: string) => string, digits?: boolean) => string) => string) => {
    const file = `${name}.bplan.yaml`;
    plans.push({
      file,
      text: make((place, shape, digits) => secrets.plant(file, place, shape, digits)),
    });
  };

  // Valid YAML: the whole feature set (servers, workloads, policies, estimates), with findings on
  // the lines that hold secrets, so code frames show those lines.
  add(
    'full',
    (s) => `# Every place a plan can hold a secret.
bplan: 1
name: secrets-everywhere
password: ${s('as the value of an unknown top-level key "password"')}
vault:
  name: contoso-rsv
  region: westeurope
  encryption:
    passphrase: ${s('as the vault passphrase, plain')}
servers:
  - name: mabs01
    product: mabs
    version: v3
    os: windows-server-2019
    credentials: { user: backup-admin, password: "${s('as a server credential password in a flow map, double-quoted')}" }
    adminSecret: '${s('under an unknown server key "adminSecret", single-quoted')}'
    "password": ${s('under a quoted key "password"')}
    hardware: { cores: 8, memoryGB: 32 }
    scratch: { freeGB: 300 }
    vmware: { vcenter: vc01 }   # password: ${s('in a comment on a line with a finding')}
    storagePool:
      disks:
        - { name: d1, sizeGB: 4000, type: fixed, secret: ${s('under "secret" in a flow map in a list')} }
  - name: dpm01
    product: dpm
    version: 2019
    os: windows-server-2019
    sqlPassword: |
      ${s('as a SQL password in a literal block scalar (|)')}
    vmwareCredentials:
      secrets:
        - ${s('in a block list under "secrets", plain')}
        - "${s('in a block list under "secrets", double-quoted')}"
      password: ${s('on the first line of a multi-line plain scalar')}
        ${s('on the second line of a multi-line plain scalar')}
    hyperV: { hostPassword: &hostpw ${s('with an anchor, aliased under another secret key')}, clusterPassword: *hostpw }
workloads:
  - name: app-db
    type: sql-server
    host: sql01
    sizeGB: 400
    dailyChurnPercent: 2
    server: mabs01
    policy: daily
    sqlCredential: { login: sa, password: ${s('as a workload SQL password in a flow map, plain')} }
  - name: mail
    type: exchange
    host: ex01
    sizeGB: 100
    dailyChurnPercent: 2
    server: dpm01
    policy: daily-dpm
    exchangeAdminPassword: >-
      ${s('as an Exchange password in a folded block scalar (>-)')}
  - name: erp
    type: vmware-vm
    host: erp01
    sizeGB: 250
    dailyChurnPercent: 3
    server: mabs01
    policy: daily
    vcenterPassword: ${s('with "#" inside a plain scalar', (c) => `S3cr3t#${c}`)}
policies:
  - name: daily
    disk: { syncEvery: 1h, recoveryPoints: ["20:00"], retentionDays: 10 }
    online:
      times: ["22:00"]
      retention: { daily: 30 }
    secret: ${s('under "secret" in a policy')}
  - name: daily-dpm
    disk: { syncEvery: 1h, recoveryPoints: ["20:00"], retentionDays: 10 }
    online:
      times: ["22:00"]
      retention: { daily: 30 }
`,
  );

  // The passphrase in the shapes the rules look at: each quotes the value or its length.
  const vault = (passphraseLine: string) => `bplan: 1
name: passphrase-shapes
vault:
  name: contoso-rsv
  region: westeurope
  encryption:
    ${passphraseLine}
servers:
  - name: mars01
    product: mars
    version: 2.0.9262.0
    os: windows-server-2019
`;
  add('too-short', (s) => vault(`passphrase: ${s('as a passphrase shorter than 16 characters (passphrase-length)', (c) => `Sh-${c}`)}`));
  add('list', (s) =>
    vault(`passphrase: [${s('as the first item of a passphrase that is a list')}, ${s('as the second item of a passphrase that is a list')}]`),
  );
  add('number', (s) => vault(`passphrase: ${s('as a passphrase that is a number', (c) => c, true)}`));
  add('escaped', (s) => vault(`passphrase: "${s('as a double-quoted passphrase with an escape', (c) => `S3cr3t\\x2D${c}`)}"`));
  add('single-quoted', (s) => vault(`passphrase: '${s('as a single-quoted passphrase with a quote in it', (c) => `S3cr3t''${c}`)}'`));
  add('block', (s) =>
    vault(`passphrase: |-\n      ${s('on the first line of a block scalar passphrase')}\n      ${s('on the second line of a block scalar passphrase')}`),
  );
  add('disguised', (s) => vault(`passphrase: { value: ${s('as a passphrase mapping that is no reference ({ value })')} }`));
  add('reference-plus', (s) => vault(`passphrase: { env: CONTOSO_PASSPHRASE, secret: ${s('beside an env reference in the passphrase mapping')} }`));
  add('tag', (s) => vault(`passphrase: !${s('as the tag of the passphrase (unknown tag)')} x`));
  add('no-space', (s) => vault(`passphrase:!"${s('after "passphrase:!" with no space (a wrong-type value)')}"`));
  add('duplicate', (s) =>
    vault(`passphrase: ${s('as the first of two passphrase keys (duplicate key)')}\n    passphrase: ${s('as the second of two passphrase keys')}`),
  );

  // Broken YAML: the lint stops at the YAML errors, code frames show the lines around them.
  add(
    'broken',
    (s) => `bplan: 1
name: broken
vault:
  name: contoso-rsv
  encryption:
    passphrase: ${s('as the passphrase of a plan whose YAML is broken')}
servers:
  - name: mabs01
    product: mabs
    password: "${s('double-quoted, in a plan whose YAML is broken')}"
    adminSecret: '${s('single-quoted, in a plan whose YAML is broken')}'
    credentials: { user: a, password: ${s('in a flow map, in a plan whose YAML is broken')} }
\tpassword: ${s('on a line indented with a tab (a YAML error)')}
    secret: ${s('with "#" inside, in a plan whose YAML is broken', (c) => `S3cr3t#${c}`)}   # and a comment
    sqlPassword: |
      ${s('in a block scalar, in a plan whose YAML is broken')}
    lists:
      password: [${s('in a flow list, in a plan whose YAML is broken')}, x]
  - name: [unclosed
    password: ${s('on the line after a YAML error')}
workloads:
  - { name: w, password: ${s('in an unclosed flow map')}, host: x
`,
  );
  // yaml warns on stderr about a key that is a collection, quoting it, when it makes plain data of
  // a document (completion does for a broken one).
  add(
    'broken-collection-key',
    (s) => `bplan: 1
servers:
  - ? { password: ${s('in a mapping used as a key, in a plan whose YAML is broken')} }
    : x
  - name: [unclosed
`,
  );
  add('unterminated', (s) => vault(`passphrase: "${s('as an unterminated double-quoted passphrase (a YAML error)')}`));
  add('unclosed-flow', (s) => vault(`passphrase: { value: ${s('in an unclosed flow map passphrase (a YAML error)')},`));
  return plans;
}

/** An invalid bplan.config.yaml that mistakenly holds secrets, and one whose YAML is broken. */
function buildConfigs(secrets: Secrets): { invalid: string; broken: string } {
  const invalid = `# A configuration with secrets pasted into it.
password: ${secrets.plant('bplan.config.yaml', 'under an unknown top-level key "password" of the configuration')}
rules:
  passphrase-literal: ${secrets.plant('bplan.config.yaml', 'as the level of rule passphrase-literal')}
  passphrase-length: { level: error, secret: ${secrets.plant('bplan.config.yaml', 'under "secret" in a rule of the configuration')} }
ignore:
  - { password: ${secrets.plant('bplan.config.yaml', 'under "password" in the ignore list of the configuration')} }
`;
  const broken = `rules:
  vault-region: off
password: "${secrets.plant('broken/bplan.config.yaml', 'in a configuration whose YAML is broken (unterminated quote)')}
`;
  return { invalid, broken };
}

// ---- running the CLI ------------------------------------------------------------------------------

interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Variables that change the CLI's colour choice or its CI behaviour; each run starts from none of them. */
const CLEARED = [
  'NO_COLOR',
  'FORCE_COLOR',
  'CLICOLOR',
  'CLICOLOR_FORCE',
  'NODE_DISABLE_COLORS',
  'GITHUB_STEP_SUMMARY',
  'GITHUB_WORKSPACE',
  'NODE_TEST_CONTEXT',
  'NODE_OPTIONS',
];

/** `node [--require preload] dist/cli.js ...args`, with pipes and a timeout (a blocked read of a FIFO fails the test). */
function cli(
  args: readonly string[],
  options: {
    cwd: string;
    input?: string;
    env?: Record<string, string>;
    preload?: boolean;
  },
): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CLEARED) delete env[name];
  Object.assign(env, options.env);
  const result = spawnSync(process.execPath, [...(options.preload ? ['--require', PRELOAD] : []), CLI, ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    env,
    encoding: 'utf8',
    timeout: 20_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  assert.equal(result.signal, null, `bplan ${args.join(' ')} was killed by ${result.signal} (blocked on a read?)\n${result.stderr}`);
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

function read(path: string): string {
  assert.ok(existsSync(path), `${path} was not written`);
  return readFileSync(path, 'utf8');
}

// ---- the grep itself can fail --------------------------------------------------------------------

describe('the secret search', () => {
  it('finds a planted secret, or any 6 characters of its core, in an output, coloured or not, and names the place', () => {
    const secrets = new Secrets();
    const value = secrets.plant('synthetic.bplan.yaml', 'in a synthetic place');
    const core = value.slice('S3cr3t-'.length);
    assert.deepEqual(leaksIn('nothing to see here: S3cr3t-***', 'clean', secrets.all), []);
    const whole = leaksIn(`message: ${value}`, 'a synthetic output', secrets.all);
    assert.equal(whole.length, 1);
    assert.match(whole[0]!, /^a synthetic output shows the secret planted in a synthetic place \(synthetic\.bplan\.yaml\)/);
    assert.equal(leaksIn(`…${core.slice(3, 9)}…`, 'a piece', secrets.all).length, 1, 'a 6-character piece of the core');
    assert.equal(leaksIn(`${core.slice(0, 5)}***`, 'five characters', secrets.all).length, 0, '5 characters are not distinctive');
    const coloured = `\u001b[31m${core.slice(0, 4)}\u001b[39m${core.slice(4)}`;
    assert.equal(leaksIn(coloured, 'a coloured output', secrets.all).length, 1, 'colour codes inside the secret');
    const digits = secrets.plant('synthetic.bplan.yaml', 'as digits', (c) => c, true);
    assert.equal(leaksIn(`size ${digits.slice(5, 13)} GB`, 'digits', secrets.all).length, 1);
    const log = new LeakLog(() => secrets.all);
    log.check({ message: `a JSON output with ${value}` }, 'a JSON output');
    assert.throws(() => log.assertNone(1), /a JSON output shows the secret planted in a synthetic place/);
  });
});

// ---- part 1: no output repeats a secret ----------------------------------------------------------

describe('no output of bplan repeats a secret written in a plan', () => {
  const secrets = new Secrets();
  const plans = buildPlans(secrets);
  const configs = buildConfigs(secrets);
  const tmp = makeTmp('bplan-secrets-');
  const plansDir = join(tmp.dir, 'plans');
  const relPaths = plans.map((p) => join('plans', p.file));
  before(() => {
    mkdirSync(plansDir);
    for (const p of plans) writeFileSync(join(plansDir, p.file), p.text);
  });
  after(() => tmp.cleanup());

  it('plants secrets bplan knows are secrets: each lies inside the secret spans of its plan', () => {
    for (const plan of plans) {
      const { secretSpans } = lintText(plan.text);
      for (const s of secrets.of(plan.file)) {
        let from = 0;
        for (let at = plan.text.indexOf(s.value, from); at >= 0; at = plan.text.indexOf(s.value, from)) {
          const covered = secretSpans.some((span) => span.start <= at && at + s.value.length <= span.end);
          assert.ok(covered, `${plan.file}: the secret planted ${s.place} is not inside a secret span`);
          from = at + 1;
        }
      }
    }
    assert.ok(secrets.all.length >= 40, `only ${secrets.all.length} secrets planted`);
  });

  it('language features (pure): hover at every offset, completion, code actions and their edits, diagnostics, symbols, lenses, references, rename; process warnings', async () => {
    const log = new LeakLog(() => secrets.all);
    // Warnings a library emits on the process go to the language server's stderr.
    const warnings: string[] = [];
    const onWarning = (warning: Error) => void warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      for (const plan of plans) checkPlan(plan);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    log.check(warnings, 'process warnings');
    log.assertNone(500);

    function checkPlan(plan: PlanFile): void {
      const doc = new PlanDocument(`file:///plans/${plan.file}`, 1, plan.text);
      const where = (feature: string, offset?: number) => {
        if (offset === undefined) return `${feature} of ${plan.file}`;
        const at = doc.positionAt(offset);
        return `${feature} at ${at.line + 1}:${at.character + 1} of ${plan.file}`;
      };
      const diags = diagnostics(doc);
      assert.ok(diags.length > 0, `${plan.file} has no diagnostics: it tests nothing`);
      log.check(diags, where('diagnostics'));
      log.check(doc.findings, where('findings'));

      // Hover at every offset; identical answers are searched once.
      const hovers = new Map<string, number>();
      for (let offset = 0; offset <= plan.text.length; offset++) {
        const h = JSON.stringify(hover(doc, offset));
        if (!hovers.has(h)) hovers.set(h, offset);
      }
      for (const [h, offset] of hovers) log.check(h, where('hover', offset));
      assert.ok(hovers.size > 3, `${plan.file}: hover gave only ${hovers.size} distinct answers`);

      // Completion inside, at the edges of and just after every secret, and at every 5th offset.
      const offsets = new Set<number>();
      for (let o = 0; o <= plan.text.length; o += 5) offsets.add(o);
      for (const s of secrets.of(plan.file)) {
        const at = plan.text.indexOf(s.value);
        if (at < 0) continue;
        for (let o = at - 1; o <= at + s.value.length + 2; o++) if (o >= 0 && o <= plan.text.length) offsets.add(o);
      }
      const completions = new Map<string, number>();
      for (const offset of offsets) {
        const c = JSON.stringify(complete(doc, offset));
        if (!completions.has(c)) completions.set(c, offset);
      }
      for (const [c, offset] of completions) log.check(c, where('completion', offset));

      // Code actions: for all diagnostics at once and for each one, titles, edits and commands.
      const whole = doc.range({ start: 0, end: plan.text.length });
      log.check(codeActions(doc, whole, diags), where('code actions for all diagnostics'));
      for (const d of diags) log.check(codeActions(doc, d.range, [d]), where(`code actions for ${String(d.code)}`, doc.offsetAt(d.range.start)));

      log.check(documentSymbols(doc), where('document symbols'));
      log.check(foldingRanges(doc), where('folding ranges'));
      log.check(selectionRanges(doc, [...offsets]), where('selection ranges'));
      log.check(codeLenses(doc), where('code lenses'));
      log.check(estimateReport(doc), where('the estimate report (bplan/estimateReport)'));

      // References and rename everywhere a name can be renamed, and at the secrets; a refused
      // rename (a name taken, an invalid name) says why in an error message.
      for (const offset of offsets) {
        log.check(definition(doc, offset), where('definition', offset));
        log.check(references(doc, offset, true), where('references', offset));
        const prepared = prepareRename(doc, offset);
        log.check(prepared, where('prepare rename', offset));
        if (!prepared) continue;
        for (const newName of ['renamed01', 'not a name!', 'mabs01', 'daily']) {
          try {
            log.check(rename(doc, offset, newName), where(`rename to "${newName}"`, offset));
          } catch (error) {
            log.check(String((error as Error).message), where(`the refusal to rename to "${newName}"`, offset));
          }
        }
      }
    }
  });

  it('bplan lint in every format (stdout, --output-file, job summary, baseline, stderr, stdin) and bplan estimate in every format', () => {
    const log = new LeakLog(() => secrets.all);
    const out = (name: string) => join(tmp.dir, name);
    const summary = out('summary.md');

    // Every report format at once: stylish, in colour, on standard output, the others in files.
    const all = cli(
      [
        'lint',
        '-f',
        'json',
        '-o',
        out('report.json'),
        '-f',
        'sarif',
        '-o',
        out('report.sarif'),
        '-f',
        'github',
        '-o',
        out('annotations.txt'),
        '-f',
        'junit',
        '-o',
        out('report.xml'),
        '-f',
        'stylish',
        '--color',
        ...relPaths,
      ],
      {
        cwd: tmp.dir,
        env: { GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: tmp.dir },
      },
    );
    assert.equal(all.status, 1, all.stderr);
    assert.match(all.stdout, /\u001b\[/, 'no colour');
    log.check(all.stdout, 'bplan lint -f stylish --color (stdout)');
    log.check(all.stderr, 'bplan lint (stderr)');
    const json = read(out('report.json'));
    log.check(json, 'bplan lint -f json -o report.json');
    log.check(read(out('report.sarif')), 'bplan lint -f sarif -o report.sarif');
    log.check(read(out('annotations.txt')), 'bplan lint -f github -o annotations.txt');
    log.check(read(summary), 'the job summary ($GITHUB_STEP_SUMMARY) of bplan lint -f github');
    log.check(read(out('report.xml')), 'bplan lint -f junit -o report.xml');
    // Not vacuous: every plan was reported, the literal passphrase found and its line shown masked.
    const report = JSON.parse(json) as {
      files: { file: string; findings: { ruleId: string }[] }[];
    };
    assert.equal(report.files.length, plans.length);
    for (const f of report.files) assert.ok(f.findings.length > 0, `${f.file} has no findings`);
    assert.match(all.stdout.replace(ANSI_ALL, ''), /passphrase: \*{10,}/);
    assert.match(all.stdout, /passphrase-literal/);

    // A baseline: written, then applied (and pruned) after findings were fixed, which stderr lists.
    const baseline = out('bplan-baseline.json');
    // In worker threads (BPLAN_WORKERS), whose results cross to the main thread.
    const written = cli(['lint', '--write-baseline', baseline, '-f', 'json', '-o', out('after-baseline.json'), ...relPaths], {
      cwd: tmp.dir,
      env: { BPLAN_WORKERS: '2' },
    });
    log.check(written.stdout, 'bplan lint --write-baseline, in worker threads (stdout)');
    log.check(written.stderr, 'bplan lint --write-baseline, in worker threads (stderr)');
    log.check(read(baseline), 'the baseline file (--write-baseline)');
    log.check(read(out('after-baseline.json')), 'bplan lint --write-baseline -f json -o');
    const full = plans.find((p) => p.file === 'full.bplan.yaml')!;
    writeFileSync(join(plansDir, full.file), full.text.replace(/^password: .*\n/m, '').replace(/^ {4}adminSecret: .*\n/m, ''));
    try {
      const applied = cli(['lint', '--baseline', baseline, '--prune-baseline', '-f', 'sarif', '-o', out('baselined.sarif'), '-f', 'stylish', ...relPaths], {
        cwd: tmp.dir,
      });
      assert.match(applied.stderr, /not found again/, 'no fixed findings listed: the test would prove nothing');
      log.check(applied.stdout, 'bplan lint --baseline (stdout)');
      log.check(applied.stderr, 'bplan lint --baseline --prune-baseline, its list of fixed findings (stderr)');
      log.check(read(out('baselined.sarif')), "bplan lint --baseline -f sarif -o (with the baseline's state)");
      log.check(read(baseline), 'the pruned baseline file');
    } finally {
      writeFileSync(join(plansDir, full.file), full.text);
    }

    // Standard input, named with --stdin-filename.
    const stdin = cli(['lint', '--stdin-filename', 'stdin.bplan.yaml', '-f', 'json', '-o', out('stdin.json'), '-f', 'stylish', '-'], {
      cwd: tmp.dir,
      input: full.text,
    });
    assert.equal(stdin.status, 1, stdin.stderr);
    log.check(stdin.stdout, 'bplan lint - (stdin, stylish)');
    log.check(stdin.stderr, 'bplan lint - (stdin, stderr)');
    log.check(read(out('stdin.json')), 'bplan lint - (stdin, json)');
    const broken = plans.find((p) => p.file === 'broken.bplan.yaml')!;
    const stdinEstimate = cli(['estimate', '--stdin-filename', 'stdin.bplan.yaml', '-'], { cwd: tmp.dir, input: broken.text });
    assert.match(stdinEstimate.stderr, /no estimate/);
    log.check(stdinEstimate.stdout, 'bplan estimate - (stdin, a plan whose YAML is broken)');
    log.check(stdinEstimate.stderr, 'bplan estimate - (stdin, a plan whose YAML is broken, stderr)');

    // bplan estimate in every format (table on standard output); plans with broken YAML say so on stderr.
    for (const format of ['table', 'json', 'markdown', 'html']) {
      const file = format === 'table' ? undefined : out(`estimate.${format}`);
      const r = cli(['estimate', '-f', format, ...(file ? ['-o', file] : []), ...relPaths], { cwd: tmp.dir });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /broken\.bplan\.yaml: no estimate/);
      log.check(r.stderr, `bplan estimate -f ${format} (stderr)`);
      const text = file ? read(file) : r.stdout;
      assert.match(text, /mabs01/, `bplan estimate -f ${format} shows no server`);
      log.check(text, `bplan estimate -f ${format}${file ? ' -o' : ''}`);
    }

    log.assertNone(25);
  });

  // yaml warns on the process's stderr about a key that is a collection, quoting its first 36
  // characters, when it makes plain data of a plan: core/parse.ts parses with `logLevel: 'error'`.
  it(
    'a mapping used as a key, holding a secret, in a plan whose YAML is valid: no warning quotes it on stderr',
    async () => {
      const own = new Secrets();
      const text = `bplan: 1\nservers:\n  - ? { password: ${own.plant('collection-key.bplan.yaml', 'in a mapping used as a key, in a plan whose YAML is valid')} }\n    : x\n`;
      const log = new LeakLog(() => own.all);
      const warnings: string[] = [];
      const onWarning = (warning: Error) => void warnings.push(warning.message);
      process.on('warning', onWarning);
      try {
        lintText(text);
        await new Promise((resolve) => setImmediate(resolve));
      } finally {
        process.off('warning', onWarning);
      }
      log.check(warnings, 'process warnings of lintText');
      const r = cli(['lint', '--stdin-filename', 'collection-key.bplan.yaml', '-'], { cwd: tmp.dir, input: text });
      log.check(r.stdout, 'bplan lint (stdout)');
      log.check(r.stderr, 'bplan lint (stderr)');
      log.assertNone(3);
    },
  );

  it('an invalid bplan.config.yaml holding secrets: the CLI names its problems without them', () => {
    const log = new LeakLog(() => secrets.all);
    const cases = [
      { dir: 'with-invalid-config', text: configs.invalid },
      { dir: 'with-broken-config', text: configs.broken },
    ];
    for (const c of cases) {
      const dir = join(tmp.dir, c.dir);
      mkdirSync(dir);
      writeFileSync(join(dir, 'bplan.config.yaml'), c.text);
      writeFileSync(join(dir, 'plan.bplan.yaml'), plans[0]!.text);
      for (const args of [
        ['lint', c.dir],
        ...(c.dir === 'with-invalid-config' ? [['estimate', '--config', join(c.dir, 'bplan.config.yaml'), relPaths[0]!]] : []),
      ]) {
        const r = cli(args, { cwd: tmp.dir });
        assert.equal(r.status, 2, `bplan ${args.join(' ')}: ${r.stderr}`);
        // Not vacuous: its problems are listed, with their places.
        assert.match(r.stderr, /bplan\.config\.yaml:\d+:\d+: /);
        log.check(r.stdout, `bplan ${args.join(' ')} (stdout)`);
        log.check(r.stderr, `bplan ${args.join(' ')} (stderr)`);
      }
    }
    log.assertNone(6);
  });

  it('the language server over stdio: every byte it writes (diagnostics, hover, completion, code actions, lenses, estimate report, logs) and its stderr', async () => {
    const log = new LeakLog(() => secrets.all);
    const workspace = join(tmp.dir, 'lsp-workspace');
    mkdirSync(workspace);
    writeFileSync(join(workspace, 'bplan.config.yaml'), configs.invalid);
    // A fault makes the first hover fail, so the server writes a log line: the logs are searched too.
    const client = await LspClient.start({
      workspaceFolder: workspace,
      settings: { lintDelay: 0 },
      env: { BPLAN_TEST_FAULTS: 'feature:hover' },
    });
    const inner = client as unknown as {
      child: ChildProcessWithoutNullStreams;
      stderr: string;
    };
    const chunks: Buffer[] = [];
    inner.child.stdout.on('data', (chunk: Buffer) => void chunks.push(chunk));
    const written = () => Buffer.concat(chunks).toString('utf8');
    const traces: unknown[] = [];
    client.connection.onNotification('$/logTrace', (p: unknown) => void traces.push(p));
    try {
      // The most verbose the server can be: tracing on.
      await client.connection.sendNotification('$/setTrace', {
        value: 'verbose',
      });
      const request = async (method: string, params: unknown, where: string): Promise<unknown> => {
        const answer = await client.request(method, params, 10_000);
        log.check(answer, where);
        return answer;
      };
      for (const plan of plans) {
        const uri = fileUri(join(workspace, plan.file));
        client.open(uri, plan.text);
        const published = await client.waitForDiagnostics(uri, undefined, 10_000);
        assert.ok(published.diagnostics.length > 0, `${plan.file}: no diagnostics published`);
        log.check(published, `publishDiagnostics of ${plan.file}`);
        const textDocument = { uri };
        const doc = client.document(uri);
        const pos = (offset: number): Position => doc.positionAt(offset);
        const where = (what: string, offset: number) => `LSP ${what} at ${pos(offset).line + 1}:${pos(offset).character + 1} of ${plan.file}`;

        const offsets = new Set<number>();
        for (let o = 0; o <= plan.text.length; o += 9) offsets.add(o);
        for (const s of secrets.of(plan.file)) {
          const at = plan.text.indexOf(s.value);
          if (at >= 0)
            for (const o of [at, at + (s.value.length >> 1), at + s.value.length, at + s.value.length + 1]) offsets.add(Math.min(o, plan.text.length));
        }
        for (const offset of offsets) {
          await request('textDocument/hover', { textDocument, position: pos(offset) }, where('hover', offset)).catch((error: Error) => {
            assert.match(error.message, /fault injected/, `hover failed: ${error.message}`);
          });
        }
        for (const s of secrets.of(plan.file)) {
          const at = plan.text.indexOf(s.value);
          if (at < 0) continue;
          for (const offset of [at, at + 3, at + s.value.length]) {
            await request('textDocument/completion', { textDocument, position: pos(offset) }, where('completion', offset));
            await request(
              'textDocument/references',
              {
                textDocument,
                position: pos(offset),
                context: { includeDeclaration: true },
              },
              where('references', offset),
            );
            await request('textDocument/prepareRename', { textDocument, position: pos(offset) }, where('prepareRename', offset));
          }
        }
        const all = { start: pos(0), end: pos(plan.text.length) };
        const actions = (await request(
          'textDocument/codeAction',
          {
            textDocument,
            range: all,
            context: { diagnostics: published.diagnostics },
          },
          `LSP code actions of ${plan.file}`,
        )) as CodeAction[];
        if (plan.file === 'full.bplan.yaml')
          assert.ok(
            actions.some((a) => /passphrase/.test(a.title)),
            'no passphrase fix offered',
          );
        await request('textDocument/codeLens', { textDocument }, `LSP code lenses of ${plan.file}`);
        await request('textDocument/documentSymbol', { textDocument }, `LSP document symbols of ${plan.file}`);
        await request('textDocument/foldingRange', { textDocument }, `LSP folding ranges of ${plan.file}`);
        const report = (await request('bplan/estimateReport', { uri }, `LSP bplan/estimateReport of ${plan.file}`)) as { html: string } | null;
        assert.ok(report && report.html.includes('<html'), `${plan.file}: no estimate report`);
      }

      // Edits, which the server may analyse from the previous version: a secret pasted on a new
      // line, one added to a flow map, and one typed character by character.
      const uri = fileUri(join(workspace, 'full.bplan.yaml'));
      const textDocument = { uri };
      const afterEdit = async (version: number, offset: number, what: string) => {
        const published = await client.waitForDiagnostics(uri, version, 10_000);
        log.check(published, `publishDiagnostics after ${what}`);
        const position = client.document(uri).positionAt(offset);
        await request('textDocument/hover', { textDocument, position }, `LSP hover after ${what}`);
        await request('textDocument/completion', { textDocument, position }, `LSP completion after ${what}`);
        const range = {
          start: client.document(uri).positionAt(0),
          end: client.document(uri).positionAt(client.text(uri).length),
        };
        await request(
          'textDocument/codeAction',
          {
            textDocument,
            range,
            context: { diagnostics: published.diagnostics },
          },
          `LSP code actions after ${what}`,
        );
        await request('textDocument/codeLens', { textDocument }, `LSP code lenses after ${what}`);
        await request('textDocument/documentSymbol', { textDocument }, `LSP document symbols after ${what}`);
      };
      const insert = (offset: number, text: string): number => {
        const at = client.document(uri).positionAt(offset);
        return client.edit(uri, { start: at, end: at }, text);
      };
      const edited = 'full.bplan.yaml, edited in the editor';
      let at = client.text(uri).indexOf('  - name: dpm01\n') + '  - name: dpm01\n'.length;
      await afterEdit(insert(at, `    adminPassword: ${secrets.plant(edited, 'pasted on a new line of an open plan')}\n`), at + 20, 'pasting a secret');
      at = client.text(uri).indexOf('vcenter: vc01') + 'vcenter: vc01'.length;
      await afterEdit(insert(at, `, password: ${secrets.plant(edited, 'added to a flow map of an open plan')}`), at + 14, 'adding a secret to a flow map');
      at = client.text(uri).indexOf('  - name: app-db\n') + '  - name: app-db\n'.length;
      let version = insert(at, '    sqlPassword: \n');
      await client.waitForDiagnostics(uri, version, 10_000);
      const typed = secrets.plant(edited, 'typed character by character into an open plan');
      at += '    sqlPassword: '.length;
      for (const char of typed) {
        version = insert(at++, char);
        await afterEdit(version, at, `typing a secret (${at} characters in)`);
      }
      // The invalid configuration's problems, published for its file.
      const configUri = fileUri(join(workspace, 'bplan.config.yaml'));
      const configDiagnostics = await client.waitForDiagnostics(configUri, undefined, 10_000);
      assert.ok(configDiagnostics.diagnostics.length > 0, 'the invalid configuration got no diagnostics');
      log.check(configDiagnostics, 'LSP diagnostics of the invalid bplan.config.yaml');

      assert.ok(
        client.logMessages.some((m) => /hover failed/.test(m)),
        'the injected fault was not logged: the logs were not searched',
      );
      log.check(client.logMessages, 'LSP window/logMessage');
      log.check(traces, 'LSP $/logTrace');
      await client.shutdown();
      log.check(inner.stderr, 'the language server stderr');
      assert.ok(written().length > 10_000, 'too little captured from the server');
      log.check(written(), 'the language server stdout (every message it wrote)');
    } finally {
      client.dispose();
    }
    log.assertNone(200);
  });
});

// ---- part 2: bplan never reads a secret reference -------------------------------------------------

interface Reads {
  readonly paths: { op: string; path: string }[];
  readonly env: Set<string>;
  readonly enumeratedEnv: boolean;
}

function readsOf(logFile: string): Reads {
  const paths: { op: string; path: string }[] = [];
  const env = new Set<string>();
  let enumeratedEnv = false;
  for (const line of read(logFile).split('\n')) {
    if (!line) continue;
    const [op, target] = JSON.parse(line) as [string, string];
    if (op === 'env') env.add(target);
    else if (op === 'env-all') enumeratedEnv = true;
    else paths.push({ op, path: target });
  }
  return { paths, env, enumeratedEnv };
}

describe('bplan never reads what a secret reference names', () => {
  const values = new Secrets();
  const tmp = makeTmp('bplan-references-');
  const plansDir = join(tmp.dir, 'plans');
  const secretsDir = join(tmp.dir, 'vault-secrets');
  const core = randomCore(8).toUpperCase();
  const vars = {
    passphrase: `BPLAN_REF_PASSPHRASE_${core}`,
    admin: `BPLAN_REF_ADMIN_${core}`,
    sql: `BPLAN_REF_SQL_${core}`,
  };
  const envValues: Record<string, string> = {};
  for (const [key, name] of Object.entries(vars)) envValues[name] = values.plant(`$${name}`, `in the environment variable of the ${key} reference`);
  const files = {
    passphrase: join(secretsDir, `passphrase-${core}.txt`),
    relative: join(secretsDir, `admin-${core}.txt`),
    fifo: join(secretsDir, `fifo-${core}`),
  };
  const plans: PlanFile[] = [
    {
      file: 'by-env.bplan.yaml',
      text: `bplan: 1
name: by-env
vault:
  name: contoso-rsv
  region: westeurope
  encryption:
    passphrase: { env: ${vars.passphrase} }
servers:
  - name: mabs01
    product: mabs
    version: v3
    os: windows-server-2019
    credentials: { password: { env: ${vars.admin} } }
    scratch: { freeGB: 300 }
    storagePool: { disks: [{ name: d1, sizeGB: 4000, type: fixed }] }
workloads:
  - name: app-db
    type: sql-server
    host: sql01
    sizeGB: 400
    dailyChurnPercent: 2
    server: mabs01
    policy: daily
    sqlPassword: { env: ${vars.sql} }
policies:
  - name: daily
    disk: { syncEvery: 1h, recoveryPoints: ["20:00"], retentionDays: 10 }
    online: { times: ["22:00"], retention: { daily: 30 } }
`,
    },
    {
      file: 'by-file.bplan.yaml',
      text: `bplan: 1
name: by-file
vault:
  name: contoso-rsv
  region: westeurope
  encryption:
    passphrase: { file: ${files.passphrase} }
servers:
  - name: mars01
    product: mars
    version: 2.0.9262.0
    os: windows-server-2019
    adminSecret: { file: ../vault-secrets/${basename(files.relative)} }
`,
    },
    {
      file: 'by-fifo.bplan.yaml',
      text: `bplan: 1
name: by-fifo
vault:
  name: contoso-rsv
  region: westeurope
  encryption:
    passphrase: { file: ${files.fifo} }
servers:
  - name: mars01
    product: mars
    version: 2.0.9262.0
    os: windows-server-2019
    password: { file: "${files.fifo}" }
`,
    },
  ];
  const referencedFiles = Object.values(files);
  const relPaths = plans.map((p) => join('plans', p.file));

  before(() => {
    mkdirSync(plansDir);
    mkdirSync(secretsDir);
    writeFileSync(files.passphrase, `${values.plant(files.passphrase, 'in the file of the passphrase { file } reference')}\n`);
    writeFileSync(files.relative, `${values.plant(files.relative, 'in the file of a relative { file } reference')}\n`);
    // Whoever opens a FIFO for reading blocks until a writer comes: none ever does.
    execFileSync('mkfifo', [files.fifo]);
    for (const p of plans) writeFileSync(join(plansDir, p.file), p.text);
  });
  after(() => tmp.cleanup());

  /** Fails when the record shows a referenced file or variable touched; checks the record is real. */
  function assertUntouched(reads: Reads, what: string, expected: { path: string; env: string }): void {
    const touched = reads.paths.filter(({ path }) => {
      const full = isAbsolute(path) ? path : resolve(tmp.dir, path);
      return referencedFiles.some((f) => full === f || basename(path) === basename(f) || dirname(full) === secretsDir);
    });
    assert.deepEqual(touched, [], `${what} touched a referenced file`);
    for (const name of Object.values(vars)) assert.ok(!reads.env.has(name), `${what} read the environment variable ${name}`);
    assert.equal(reads.enumeratedEnv, false, `${what} enumerated the environment (reading every variable, the referenced ones too)`);
    // The record is real: it holds what bplan did read.
    assert.ok(
      reads.paths.some((r) => r.path === expected.path),
      `${what}: the record does not show ${expected.path} read; the preload is not effective`,
    );
    assert.ok(reads.env.has(expected.env), `${what}: the record does not show ${expected.env} read; the preload is not effective`);
  }

  it('the CLI (lint in every format, estimate in every format) opens, stats and reads none of them', () => {
    const log = new LeakLog(() => values.all);
    const env = { ...envValues };
    const run = (name: string, args: string[]): CliRun => {
      const logFile = join(tmp.dir, `reads-${name}.log`);
      const r = cli(args, {
        cwd: tmp.dir,
        preload: true,
        env: { ...env, BPLAN_READS_LOG: logFile },
      });
      log.check(r.stdout, `bplan ${args[0]} (${name}) stdout`);
      log.check(r.stderr, `bplan ${args[0]} (${name}) stderr`);
      assertUntouched(readsOf(logFile), `bplan ${name}`, {
        path: join(tmp.dir, relPaths[0]!),
        env: 'BPLAN_MAX_PLAN_BYTES',
      });
      return r;
    };
    const out = (name: string) => join(tmp.dir, name);
    const summary = out('summary.md');
    env.GITHUB_STEP_SUMMARY = summary;
    // In worker threads too (BPLAN_WORKERS), which get a copy of the environment.
    env.BPLAN_WORKERS = '2';
    const lint = run('lint', [
      'lint',
      '-f',
      'json',
      '-o',
      out('r.json'),
      '-f',
      'sarif',
      '-o',
      out('r.sarif'),
      '-f',
      'github',
      '-o',
      out('r.txt'),
      '-f',
      'junit',
      '-o',
      out('r.xml'),
      '-f',
      'stylish',
      ...relPaths,
    ]);
    assert.ok(lint.status === 0 || lint.status === 1, lint.stderr);
    for (const f of ['r.json', 'r.sarif', 'r.txt', 'r.xml', 'summary.md']) log.check(read(out(f)), `bplan lint report ${f}`);
    assert.ok(
      readsOf(join(tmp.dir, 'reads-lint.log')).paths.some((r) => r.path.endsWith('lint-worker.js')),
      'the plans were not linted in worker threads',
    );
    delete env.GITHUB_STEP_SUMMARY;
    delete env.BPLAN_WORKERS;
    for (const format of ['table', 'json', 'markdown', 'html']) {
      const r = run(`estimate-${format}`, ['estimate', '-f', format, ...relPaths]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /mabs01/);
    }
    log.assertNone(14);
  });

  it('the language server (diagnostics, hover everywhere, completion, code actions, lenses, estimate report) opens, stats and reads none of them', async () => {
    const log = new LeakLog(() => values.all);
    const logFile = join(tmp.dir, 'reads-lsp.log');
    const client = await LspClient.start({
      workspaceFolder: plansDir,
      env: {
        ...envValues,
        BPLAN_READS_LOG: logFile,
        NODE_OPTIONS: `--require ${JSON.stringify(PRELOAD)}`,
      },
    });
    const inner = client as unknown as {
      child: ChildProcessWithoutNullStreams;
      stderr: string;
    };
    const chunks: Buffer[] = [];
    inner.child.stdout.on('data', (chunk: Buffer) => void chunks.push(chunk));
    const written = () => Buffer.concat(chunks).toString('utf8');
    try {
      for (const plan of plans) {
        const uri = fileUri(join(plansDir, plan.file));
        client.open(uri, plan.text);
        const published = await client.waitForDiagnostics(uri, undefined, 10_000);
        const textDocument = { uri };
        const doc = client.document(uri);
        for (let offset = 0; offset <= plan.text.length; offset += 3) {
          await client.request('textDocument/hover', { textDocument, position: doc.positionAt(offset) }, 10_000);
        }
        for (const needle of [...Object.values(vars), ...referencedFiles.map((f) => basename(f))]) {
          const at = plan.text.indexOf(needle);
          if (at >= 0) await client.request('textDocument/completion', { textDocument, position: doc.positionAt(at + 2) }, 10_000);
        }
        const range = {
          start: doc.positionAt(0),
          end: doc.positionAt(plan.text.length),
        };
        await client.request(
          'textDocument/codeAction',
          {
            textDocument,
            range,
            context: { diagnostics: published.diagnostics },
          },
          10_000,
        );
        await client.request('textDocument/codeLens', { textDocument }, 10_000);
        await client.request('textDocument/documentSymbol', { textDocument }, 10_000);
        await client.request('bplan/estimateReport', { uri }, 10_000);
      }
      await client.shutdown();
      log.check(written(), 'the language server stdout');
      log.check(inner.stderr, 'the language server stderr');
    } finally {
      client.dispose();
    }
    assertUntouched(readsOf(logFile), 'the language server', {
      path: join(plansDir, 'bplan.config.yaml'),
      env: 'BPLAN_TEST_FAULTS',
    });
    log.assertNone(2);
  });
});

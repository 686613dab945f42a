/**
 * Fuzzing the core (fast-check, seeded, bounded in time).
 *
 * Texts come from the samples and the rule and CLI fixtures, mutated as an editor or a broken file
 * would mutate them — byte flips, code units replaced (lone surrogates, NUL, controls), truncation,
 * lines deleted, duplicated and re-indented, values swapped for other types, huge, negative and
 * NaN-like numbers, unicode names, tags, anchors, CRLF, a BOM, tabs — and from generated plans and
 * token soup. For every text, `lintText`:
 *   - returns (never throws) and reports no internal failure ("please report this");
 *   - returns within 50 ms + 5 ms per KB (the best of three timings, so a busy machine cannot fail
 *     it while a hang or a quadratic blow-up still does);
 *   - gives spans (findings, related locations, fix edits, secret spans) inside the text that never
 *     split a surrogate pair;
 *   - is deterministic: the same text gives deep-equal results;
 *   - never prints "undefined", "[object Object]" or a function, and never a secret, in a message.
 * Also: the duplicate-key check bplan does itself finds exactly what yaml's own O(n²) check finds,
 * and a PlanDocument after a sequence of edits (TextDocument.update, as the language server applies
 * them) has the findings of a fresh lint of the final text.
 *
 * The seed is printed; BPLAN_FUZZ_SEED=<integer> replays another. Each property stops early (and
 * says so) past its time limit, so the file stays well under a minute on a busy 2-core machine.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { before, describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseAllDocuments, stringify } from 'yaml';
import { lintText, RULES } from '../server/src/core';
import type { LintResult, Span } from '../server/src/core';
import { parsePlanText } from '../server/src/core/parse';
import { PlanDocument } from '../server/src/language/document';
import { ROOT } from './support/cli';

const DEFAULT_SEED = 20_240_607;
const SEED = seedFromEnvironment();
/** BPLAN_FUZZ_SCALE=N runs N times as many cases, for N times as long (a longer hunt than CI's). */
const SCALE = scaleFromEnvironment();
/** Wall-time limit of one property; fast-check stops starting new runs past it. */
const PROPERTY_MS = 5_000 * SCALE;
const TIME = { timeout: 60_000 * SCALE } as const;

function seedFromEnvironment(): number {
  const given = process.env.BPLAN_FUZZ_SEED;
  if (given === undefined || given.trim() === '') return DEFAULT_SEED;
  const seed = Number(given);
  if (!Number.isSafeInteger(seed)) throw new Error(`BPLAN_FUZZ_SEED must be an integer, not "${given}"`);
  return seed;
}

function scaleFromEnvironment(): number {
  const given = process.env.BPLAN_FUZZ_SCALE;
  if (given === undefined || given.trim() === '') return 1;
  const scale = Number(given);
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`BPLAN_FUZZ_SCALE must be a whole number of at least 1, not "${given}"`);
  return scale;
}

process.stdout.write(`# fuzz seed ${SEED} (BPLAN_FUZZ_SEED=${SEED} replays it)${SCALE > 1 ? `, scale ${SCALE}` : ''}\n`);

/** Runs a property with the seed and the time limit; fails with fast-check's report (seed, path, counterexample). */
function check<T>(t: TestContext, property: fc.IPropertyWithHooks<T> | fc.IProperty<T>, numRuns: number): void {
  const details = fc.check(property, { seed: SEED, numRuns: numRuns * SCALE, interruptAfterTimeLimit: PROPERTY_MS, markInterruptAsFailure: false });
  if (details.failed) {
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${fc.defaultReportMessage(details) ?? `property failed (seed ${SEED})`}\nCause: ${cause}`);
  }
  t.diagnostic(`seed ${SEED}: ${details.numRuns} runs${details.interrupted ? ` (stopped at the ${PROPERTY_MS} ms limit)` : ''}`);
  assert.ok(details.numRuns > 0, 'the property ran no case');
}

// ---------------------------------------------------------------------------------------------
// The corpus

interface Source {
  readonly name: string;
  readonly text: string;
}

function plansUnder(dir: string, maxBytes: number, out: Source[] = []): Source[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) plansUnder(full, maxBytes, out);
    else if (/\.bplan\.ya?ml$/.test(entry.name)) {
      const text = readFileSync(full, 'utf8');
      if (text.length <= maxBytes) out.push({ name: full.slice(ROOT.length + 1), text });
    }
  }
  return out;
}

/** The samples and every fixture of at most 8 KB (the large vault-capacity fixtures would only slow the runs down). */
const CORPUS: readonly Source[] = [
  ...plansUnder(join(ROOT, 'samples'), 8192),
  ...plansUnder(join(ROOT, 'test', 'fixtures'), 8192),
  ...plansUnder(join(ROOT, 'test', 'cli-fixtures'), 8192),
];

// ---------------------------------------------------------------------------------------------
// Mutations

/** Values of other types and shapes put where a plan has a value. */
const HOSTILE_VALUES = [
  '[]', '{}', '~', 'null', 'true', 'no', 'yes', 'on', '""', "''", '"21:00"', '25:99', '-1', '-0', '0', '2.5', '1e400', '-1e400',
  '99999999999999999999999', '0x7FFFFFFF', '0o777', '1_000', '.nan', '.NaN', '-.inf', '.inf', 'NaN', 'Infinity', '-9007199254740993',
  '&anchor value', '*anchor', '*missing', '!!str 12', '!!int x', '!!float nope', '!!binary aGVsbG8=', '!!set { a, b }', '!!omap [a: 1]',
  '!!js/function "function () { return 1 }"', '!!python/object/apply:os.system ["id"]', '!custom x', '!<tag:yaml.org,2002:str> x',
  '|\n  block text', '>-\n  folded\n  text', '"\\ud83d"', '"\\u0000"', '"\\x00\\a\\e"', 'ñame-😀', '名前', '"\u202etxt"', 'a\u00a0b',
  '__proto__', 'constructor', 'toString', '{ __proto__: { polluted: 1 } }', '{ constructor: { prototype: { polluted: 1 } } }',
  '[1, [2, [3, [4]]]]', '{ a: { b: { c: {} } } }', '[ *anchor, *anchor ]', '{ <<: *anchor }', '"unterminated', "'unterminated", '[unclosed', '{unclosed',
  'x'.repeat(300), `"${'😀'.repeat(50)}"`, '# only a comment', '%TAG ! tag:x', '@reserved', '`backtick',
] as const;

/** Fragments typed into the text: YAML indicators, names, unicode, line breaks. */
const FRAGMENTS = [
  ':', ': ', '-', '- ', '[', ']', '{', '}', ',', '#', '&a ', '*a', '!', '!!', '|', '>', '"', "'", '?', '? ', '%', '@', '`', '\t', ' ',
  '\n', '\r\n', '\r', '\n  ', '\n    - ', '<<: ', 'name: ', 'servers:\n  - ', '---\n', '...\n', '\u0000', '\u0007', '\u001b', '\u0085',
  '\u2028', '\ufeff', '\ud83d', '\ude00', '😀', 'é', 'ß', '中', '\u0301', '__proto__: 1\n', 'constructor: ', ...HOSTILE_VALUES.slice(0, 24),
] as const;

type Mutation =
  | { kind: 'flip-bit'; at: number; bit: number }
  | { kind: 'set-unit'; at: number; unit: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'delete-line'; at: number }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'indent-line'; at: number; by: number }
  | { kind: 'tab-indent'; at: number }
  | { kind: 'swap-value'; at: number; value: string }
  | { kind: 'unicode-name'; at: number; name: string }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'crlf' }
  | { kind: 'bom' };

const position = fc.nat({ max: 1 << 20 });
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip-bit' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set-unit' as const), at: position, unit: fc.integer({ min: 0, max: 0xffff }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('delete-line' as const), at: position }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: position }),
  fc.record({ kind: fc.constant('indent-line' as const), at: position, by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant('tab-indent' as const), at: position }),
  fc.record({ kind: fc.constant('swap-value' as const), at: position, value: fc.constantFrom(...HOSTILE_VALUES) }),
  fc.record({ kind: fc.constant('unicode-name' as const), at: position, name: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: position,
    text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 8 })),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 40 }) }),
  fc.constant({ kind: 'crlf' as const }),
  fc.constant({ kind: 'bom' as const }),
);

/** The line around offset `at` (mod the text's length): [start, end) without its line break. */
function lineAt(text: string, at: number): [number, number] {
  const offset = text.length ? at % text.length : 0;
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return [start, end === -1 ? text.length : end];
}

/** A key's value on a line (`key: value` or `- key: value`): where the value starts. */
const KEY_LINE = /^(\s*(?:-\s+)?[^\s:#][^:#]*:[ \t]+)(\S.*)$/;

function mutate(text: string, m: Mutation): string {
  const at = (n: number) => n % (text.length + 1);
  switch (m.kind) {
    case 'flip-bit': {
      // On the UTF-8 bytes, decoded as an editor would show them (invalid sequences as U+FFFD).
      const bytes = Buffer.from(text, 'utf8');
      if (!bytes.length) return text;
      bytes[m.at % bytes.length]! ^= 1 << m.bit;
      return new TextDecoder('utf-8').decode(bytes);
    }
    case 'set-unit': {
      if (!text.length) return String.fromCharCode(m.unit);
      const i = m.at % text.length;
      return text.slice(0, i) + String.fromCharCode(m.unit) + text.slice(i + 1);
    }
    case 'truncate':
      return text.slice(0, at(m.at));
    case 'delete-line': {
      const [start, end] = lineAt(text, m.at);
      return text.slice(0, start) + text.slice(Math.min(text.length, end + 1));
    }
    case 'duplicate-line': {
      const [start, end] = lineAt(text, m.at);
      return `${text.slice(0, end)}\n${text.slice(start, end)}${text.slice(end)}`;
    }
    case 'indent-line': {
      const [start] = lineAt(text, m.at);
      if (m.by >= 0) return text.slice(0, start) + ' '.repeat(m.by) + text.slice(start);
      let cut = start;
      while (cut < start - m.by && text[cut] === ' ') cut++;
      return text.slice(0, start) + text.slice(cut);
    }
    case 'tab-indent': {
      const [start, end] = lineAt(text, m.at);
      return text.slice(0, start) + text.slice(start, end).replace(/^ +/, '\t') + text.slice(end);
    }
    case 'swap-value':
    case 'unicode-name': {
      const [start, end] = lineAt(text, m.at);
      const match = KEY_LINE.exec(text.slice(start, end));
      if (!match) return text;
      const value = m.kind === 'swap-value' ? m.value : JSON.stringify(m.name);
      return text.slice(0, start) + match[1] + value + text.slice(end);
    }
    case 'insert': {
      const i = at(m.at);
      return text.slice(0, i) + m.text + text.slice(i);
    }
    case 'delete': {
      const i = at(m.at);
      return text.slice(0, i) + text.slice(i + m.length);
    }
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'bom':
      return `\ufeff${text}`;
  }
}

const mutatedText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...CORPUS), fc.array(mutationArb, { minLength: 1, maxLength: 5 }))
  .map(([source, mutations]) => mutations.reduce(mutate, source.text));

// ---------------------------------------------------------------------------------------------
// Generated plans

const PLAN_KEYS = [
  'bplan', 'name', 'description', 'vault', 'servers', 'workloads', 'policies', 'region', 'redundancy', 'encryption', 'passphrase', 'env',
  'file', 'primaryBackup', 'product', 'version', 'updateRollup', 'deployment', 'os', 'edition', 'locale', 'domainJoined', 'sql', 'hardware',
  'cores', 'memoryGB', 'scratch', 'freeGB', 'storagePool', 'disks', 'sizeGB', 'type', 'tape', 'enabled', 'host', 'server', 'policy',
  'dailyChurnPercent', 'fileAttributes', 'disk', 'syncEvery', 'recoveryPoints', 'retentionDays', 'online', 'times', 'retention', 'daily',
  'weekly', 'monthly', 'yearly', 'pointsPerPeriod', 'consistency', 'azureVm', 'policyType', 'frequency', 'everyHours', 'windowHours',
  'instantRestoreDays', 'retentionYears', '__proto__', 'constructor', 'prototype', '<<',
] as const;
const PLAN_WORDS = [
  'mabs', 'dpm', 'mars', 'azure-vm-backup', 'v1', 'v3', 'v4', '2012-r2', '2019', '2022', 'files', 'sql-server', 'hyperv-vm', 'azure-vm',
  'linux', 'windows-server-2019', 'windows-server-2008', 'westeurope', 'geo', 'local', 'usb', 'fixed', 'vhd', 'encrypted', 'sparse',
  '1h', '15m', 'daily', 'enhanced', 'standard', '21:00', '07:00', 'mabs01', 'files-daily', 'rsv01', 'constructor', 'toString',
] as const;

const scalarArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...PLAN_WORDS),
  fc.integer({ min: -2, max: 100_000 }),
  fc.constantFrom(0, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 0.5, 1e-9),
  fc.boolean(),
  fc.constant(null),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
);

const planValueArb: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarArb,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(fc.constantFrom(...PLAN_KEYS), tie('value')), { maxLength: 5 }).map((entries) => Object.fromEntries(entries)),
  ),
})).value;

/** A plan-shaped document: `bplan: 1` and some of the top-level keys, with values of any shape. */
const generatedPlan: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.tuple(fc.constantFrom(...PLAN_KEYS), planValueArb), { maxLength: 6 }), fc.boolean())
  .map(([entries, flow]) => stringify(Object.fromEntries([['bplan', 1], ...entries]), flow ? { collectionStyle: 'flow' } : {}));

/** Token soup: YAML indicators, keys and words in any order. */
const tokenSoup: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.constantFrom(...PLAN_KEYS), fc.constantFrom(...PLAN_WORDS)), { maxLength: 60 })
  .map((tokens) => tokens.join(''));

// ---------------------------------------------------------------------------------------------
// The checks every text must pass

const KNOWN_RULES = new Set(RULES.map((r) => r.meta.id));
const SEVERITIES = new Set(['error', 'warning', 'info']);

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function assertSpan(text: string, span: Span, what: string): void {
  assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${what}: span ${JSON.stringify(span)} is not whole numbers`);
  assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, `${what}: span ${JSON.stringify(span)} is outside the text (length ${text.length})`);
  for (const offset of [span.start, span.end]) {
    const splits = offset > 0 && offset < text.length && isHigh(text.charCodeAt(offset - 1)) && isLow(text.charCodeAt(offset));
    assert.ok(!splits, `${what}: span ${JSON.stringify(span)} splits the surrogate pair at ${offset - 1}`);
  }
}

/** Timed lint: the best of up to three timings must be within 50 ms + 5 ms per KB. */
function lintWithinBudget(text: string): LintResult {
  const budget = 50 + (5 * text.length) / 1024;
  let best = Infinity;
  let result: LintResult | undefined;
  for (let attempt = 0; attempt < 3 && best > budget; attempt++) {
    const started = performance.now();
    result = lintText(text);
    best = Math.min(best, performance.now() - started);
  }
  assert.ok(best <= budget, `lintText took ${best.toFixed(1)} ms for ${text.length} characters; the budget is ${budget.toFixed(1)} ms`);
  return result!;
}

function checkText(text: string, { timed = true, twice = true } = {}): void {
  let result: LintResult;
  try {
    result = timed ? lintWithinBudget(text) : lintText(text);
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    assert.fail(`lintText threw: ${String((error as Error)?.stack ?? error)}`);
  }
  const mentions = (word: string) => text.includes(word);
  // Secrets of 4 characters or more, as written and without their quotes, appear in no message.
  const secrets = result.secretSpans
    .map((s) => text.slice(s.start, s.end).trim())
    .flatMap((s) => [s, s.replace(/^(["'])(.*)\1$/s, '$2')])
    .filter((s) => [...s].length >= 4);
  result.secretSpans.forEach((s, i) => assertSpan(text, s, `secret span ${i}`));
  for (const f of result.findings) {
    const what = `${f.ruleId} "${f.message}"`;
    assert.ok(KNOWN_RULES.has(f.ruleId), `unknown rule id in ${what}`);
    assert.ok(SEVERITIES.has(f.severity), `bad severity ${f.severity} in ${what}`);
    assert.ok(f.message.trim().length > 0, `empty message from ${f.ruleId}`);
    assert.doesNotMatch(f.message, /please report this/, `an internal failure: ${what}`);
    for (const word of ['undefined', '[object Object]', '[native code]']) {
      if (!mentions(word)) assert.ok(!f.message.includes(word), `"${word}" in ${what}`);
    }
    for (const secret of secrets) {
      for (const shown of [f.message, ...(f.related ?? []).map((r) => r.message), ...(f.fixes ?? []).map((x) => x.title)]) {
        assert.ok(!shown.includes(secret), `the secret ${JSON.stringify(secret)} in ${JSON.stringify(shown)} (${f.ruleId})`);
      }
    }
    assertSpan(text, f.span, what);
    f.related?.forEach((r, i) => assertSpan(text, r.span, `related ${i} of ${what}`));
    f.fixes?.forEach((fix) => fix.edits.forEach((e, i) => assertSpan(text, e.span, `edit ${i} of fix "${fix.title}" of ${what}`)));
  }
  if (twice) assert.deepStrictEqual(lintText(text), result, 'the same text gave another result');
}

// ---------------------------------------------------------------------------------------------

describe('fuzzing lintText', () => {
  before(() => {
    assert.ok(CORPUS.length >= 50, `the corpus holds only ${CORPUS.length} plans`);
    // Warm up (schema compilation, JIT), so that the first timed lint measures linting.
    for (const source of CORPUS.slice(0, 20)) lintText(source.text);
  });

  test('the corpus itself passes every check', TIME, () => {
    // The golden tests time and compare these already; here, the spans and messages.
    for (const source of CORPUS) assert.doesNotThrow(() => checkText(source.text, { timed: false, twice: false }), source.name);
  });

  test('mutated samples and fixtures', TIME, (t) => {
    check(t, fc.property(mutatedText, (text) => checkText(text)), 600);
  });

  test('generated plans of any shape', TIME, (t) => {
    check(t, fc.property(generatedPlan, (text) => checkText(text)), 300);
  });

  test('token soup', TIME, (t) => {
    check(t, fc.property(tokenSoup, (text) => checkText(text)), 300);
  });

  test('a plan truncated at every offset', TIME, (t) => {
    // The richest small plan: anchors, flow and block collections, quotes, comments, a suppression.
    const source = CORPUS.find((s) => s.name.endsWith('cli-fixtures/awkward.bplan.yaml')) ?? CORPUS[0]!;
    for (let end = 0; end <= source.text.length; end++) checkText(source.text.slice(0, end));
    t.diagnostic(`${source.name}: ${source.text.length + 1} prefixes`);
  });

  test('a plan with CRLF line ends and a BOM truncated at every offset', TIME, (t) => {
    const source = CORPUS.find((s) => s.name.endsWith('cli-fixtures/errors.bplan.yaml')) ?? CORPUS[0]!;
    const text = `\ufeff${source.text.replace(/\n/g, '\r\n')}`;
    for (let end = 0; end <= text.length; end++) checkText(text.slice(0, end), { twice: end % 8 === 0 });
    t.diagnostic(`${source.name}: ${text.length + 1} prefixes`);
  });

  test('hostile numbers and names in every value of a sample', TIME, () => {
    const source = CORPUS.find((s) => s.name.startsWith('samples/'))!;
    const lines = source.text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!KEY_LINE.test(lines[i]!)) continue;
      for (const value of ['1e400', '-.inf', '.nan', '99999999999999999999999', '"😀"', '[]']) {
        const copy = [...lines];
        copy[i] = lines[i]!.replace(KEY_LINE, (_, head: string) => head + value);
        checkText(copy.join('\n'), { twice: false });
      }
    }
  });
});

describe('duplicate keys', () => {
  /** DUPLICATE_KEY positions as yaml's own uniqueKeys check finds them, and as bplan does. */
  function duplicateKeys(text: string): { yaml: number[]; bplan: number[] } {
    const options = { prettyErrors: false, strict: true, merge: true } as const;
    const own = parseAllDocuments(text, { ...options, uniqueKeys: true });
    const reference = Array.isArray(own) ? own[0] : undefined;
    const yaml = (reference?.errors ?? []).filter((e) => e.code === 'DUPLICATE_KEY').map((e) => e.pos[0]);
    const bplan = (parsePlanText(text).doc?.errors ?? []).filter((e) => e.code === 'DUPLICATE_KEY').map((e) => e.pos[0]);
    return { yaml: yaml.sort((a, b) => a - b), bplan: bplan.sort((a, b) => a - b) };
  }

  test('are found where yaml finds them, block and flow, quoted, tagged, anchored and empty keys', () => {
    for (const text of [
      'k: 1\nk: 2\n', '&a k: 1\n&b k: 2\n', '!!str k: 1\n!!str k: 2\n', '? k\n: 1\n? k\n: 2\n', ': 1\n: 2\n', '"k": 1\n\'k\': 2\n',
      '{k: 1, k: 2}', '{? k : 1, ? k : 2}', '{: 1, : 2}', 'a:\n  ? \n  : 1\n  ? \n  : 2\n', 'a:\n  ? # c\n  : 1\n  ? # c\n  : 2\n',
      '1: a\n1.0: b\n0x1: c\n', '.nan: 1\n.nan: 2\n', '<<: {a: 1}\n<<: {b: 2}\n', '~: 1\nnull: 2\n', 'true: 1\nTrue: 2\n', '[a: 1, a: 2]',
      '- { x: 1, x: 2 }\n- [ { y: 1, y: 1 } ]\n', 'a: [b\nk: 1\nk: 2\n',
    ]) {
      const { yaml, bplan } = duplicateKeys(text);
      assert.deepEqual(bplan, yaml, JSON.stringify(text));
    }
  });

  test('after a key with an empty value, the duplicate is found on the key, and the message names it', () => {
    const text = 'bplan: 1\nvault:\n  encryption:\n  encryption:\n    passphrase: { env: P }\n';
    const at = text.lastIndexOf('encryption');
    assert.deepEqual(duplicateKeys(text), { yaml: [at - 3], bplan: [at] });
    const found = lintText(text).findings.filter((f) => f.ruleId === 'yaml-syntax');
    assert.deepEqual(
      found.map((f) => [f.span, f.message]),
      [[{ start: at, end: at + 'encryption'.length }, 'the key "encryption" appears twice in the same mapping; YAML keeps only one of them: remove or rename one']],
    );
  });

  test('mutated plans with duplicated lines: the keys yaml finds, at the key', TIME, (t) => {
    const duplicating = fc
      .tuple(fc.constantFrom(...CORPUS), fc.array(fc.oneof(mutationArb, fc.record({ kind: fc.constant('duplicate-line' as const), at: position })), { minLength: 1, maxLength: 6 }))
      .map(([source, mutations]) => mutations.reduce(mutate, source.text));
    check(
      t,
      fc.property(duplicating, (text) => {
        const { yaml, bplan } = duplicateKeys(text);
        assert.equal(bplan.length, yaml.length, `duplicates at ${bplan.join(', ')}; yaml: ${yaml.join(', ')}`);
        // After a key with an empty value, yaml places the error on the line break before the next key;
        // bplan places it on the key itself (so that the message can name it).
        bplan.forEach((at, i) => assert.match(text.slice(yaml[i], at), /^\s*$/, `duplicate at ${at}; yaml: ${yaml[i]}`));
      }),
      300,
    );
  });

  test('20,000 keys in one mapping are checked in linear time', TIME, () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `  k${i}: 1`);
    const text = `bplan: 1\nx:\n${keys.join('\n')}\nx: 2\n`;
    const started = performance.now();
    const result = lintText(text);
    const ms = performance.now() - started;
    // yaml's own check (each key against every earlier one) took 40 s here; linear time takes 1 to 3 s.
    assert.ok(ms < 12_000, `${ms.toFixed(0)} ms`);
    const duplicate = result.findings.filter((f) => f.ruleId === 'yaml-syntax');
    assert.equal(duplicate.length, 1);
    assert.equal(duplicate[0]!.message, 'the key "x" appears twice in the same mapping; YAML keeps only one of them: remove or rename one');
    assert.equal(duplicate[0]!.span.start, text.lastIndexOf('x: 2'));
  });
});

describe('edits applied as the language server applies them', () => {
  interface Edit {
    readonly at: number;
    readonly remove: number;
    readonly insert: string;
  }
  const editArb: fc.Arbitrary<Edit> = fc.record({
    at: position,
    remove: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 4, max: 80 })),
    insert: fc.oneof(fc.constant(''), fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'grapheme', maxLength: 6 })),
  });
  /** One didChange: a few range changes in order, or now and then the whole text. */
  const changeArb = fc.oneof(
    { weight: 9, arbitrary: fc.array(editArb, { minLength: 1, maxLength: 3 }).map((edits) => ({ edits })) },
    { weight: 1, arbitrary: fc.constantFrom(...CORPUS).map((source) => ({ full: source.text })) },
  );

  test('each version has the findings of a fresh lint of its text', TIME, (t) => {
    check(
      t,
      fc.property(fc.constantFrom(...CORPUS), fc.array(changeArb, { minLength: 1, maxLength: 10 }), (source, changes) => {
        let doc = TextDocument.create('file:///fuzz.bplan.yaml', 'yaml', 1, source.text);
        let expected = source.text;
        const versions: PlanDocument[] = [PlanDocument.fromTextDocument(doc)];
        versions[0]!.findings;
        for (const change of changes) {
          if ('full' in change) {
            doc = TextDocument.update(doc, [{ text: change.full }], doc.version + 1);
            expected = change.full;
          } else {
            // One didChange with several range changes: each is relative to the text the ones before it left.
            const contentChanges = change.edits.map((edit) => {
              const lines = TextDocument.create(doc.uri, 'yaml', 0, expected);
              const at = edit.at % (expected.length + 1);
              const range = { start: lines.positionAt(at), end: lines.positionAt(Math.min(expected.length, at + edit.remove)) };
              // A position inside a CRLF is taken before it, as editors do: apply the offsets the range means.
              expected = expected.slice(0, lines.offsetAt(range.start)) + edit.insert + expected.slice(lines.offsetAt(range.end));
              return { range, text: edit.insert };
            });
            doc = TextDocument.update(doc, contentChanges, doc.version + 1);
          }
          assert.equal(doc.getText(), expected, 'TextDocument.update and the edits disagree');
          const version = PlanDocument.fromTextDocument(doc);
          // Lint each version as it arrives, as the server does.
          version.findings;
          versions.push(version);
        }
        const final = versions.at(-1)!;
        const fresh = lintText(final.text);
        assert.deepStrictEqual(final.findings, fresh.findings);
        assert.deepStrictEqual(final.secretSpans, fresh.secretSpans);
        // Nothing shared between versions: every earlier one still holds the findings of its own text.
        for (const version of versions) assert.deepStrictEqual(version.findings, lintText(version.text).findings, `version ${version.version}`);
      }),
      120,
    );
  });
});

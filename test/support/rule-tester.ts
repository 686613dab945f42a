/**
 * The table-test machinery shared by the per-rule tests (test/rules*.test.ts) and, for the finding
 * checks, test/suppressions.test.ts: a runner in the RuleTester style, the expected-finding types
 * and the helpers that build them, and the offset → 1-based line and column conversion.
 *
 * `ruleTester(ruleId, table)` registers a `describe(ruleId)` suite with
 *   - `the rule exists`: a rule of that id is in the catalogue;
 *   - one test per `valid` plan: the plan lints clean (no finding of any rule);
 *   - one test per `invalid` case: the rule reports exactly the findings listed, in order, each at
 *     its 1-based line and column, with a message matching the pattern, a non-empty span, and,
 *     where the expectation gives them, its severity, the exact end and the related locations;
 *     no other rule reports anything, except the rules named in `alsoReported`, each of which
 *     must report at least once.
 *
 * The plan templates stay with each test file: each one puts the keys its rules read on fixed lines.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex, lintText, RULES } from '../../server/src/core';
import type { Finding, LintConfig, LintOptions, Severity } from '../../server/src/core';

/** A place in a plan: 1-based line and column of its start, and a pattern for its message. */
export interface ExpectedLocation {
  readonly line: number;
  readonly column: number;
  readonly message: RegExp;
}

/** One expected finding. */
export interface ExpectedFinding extends ExpectedLocation {
  /** The finding's rule; in a rule table it must be the rule under test. */
  readonly ruleId?: string;
  /** The finding's severity, where the case checks it. */
  readonly severity?: Severity;
  /** 1-based line and exclusive column of the end, where a case checks the whole span. */
  readonly end?: readonly [number, number];
  /** The finding's related locations, all of them and in order, where the case checks them. */
  readonly related?: readonly ExpectedLocation[];
}

/** A plan that must lint clean; a bare string is named `valid #n` by its place in the table. */
export type ValidCase = string | { readonly name: string; readonly code: string; readonly config?: LintConfig };

export interface InvalidCase {
  readonly name: string;
  readonly code: string;
  /** Every finding of the rule under test, in the order the linter reports them. */
  readonly errors: readonly ExpectedFinding[];
  /** Other rules whose findings are inherent to this plan; any other finding fails the case. */
  readonly alsoReported?: readonly string[];
  /** Configuration for this case, over the runner's (rule by rule). */
  readonly config?: LintConfig;
}

export interface RuleTable {
  readonly valid: readonly ValidCase[];
  readonly invalid: readonly InvalidCase[];
}

export interface RuleTesterOptions {
  /** Configuration for every case of the table (a case's own `config` goes over it, rule by rule). */
  readonly config?: LintConfig;
}

/**
 * approaching-limit off. Tables that check one rule at a time at its limits run with it, where
 * approaching-limit (information, with tests of its own in test/suppressions.test.ts and its
 * fixtures) would report every case at the limit.
 */
export const ISOLATED: LintConfig = { rules: { 'approaching-limit': 'off' } };

/** The 1-based line and column of an offset in `text` (columns in UTF-16 code units, as LineIndex). */
export function at(text: string, offset: number): { line: number; column: number } {
  const p = new LineIndex(text).position(offset);
  return { line: p.line + 1, column: p.character + 1 };
}

/** `line:column severity [rule] message`, for failure messages. */
export function describeFinding(text: string, f: Finding): string {
  const p = at(text, f.span.start);
  return `${p.line}:${p.column} ${f.severity} [${f.ruleId}] ${f.message}`;
}

/**
 * Checks one finding against its expectation: rule (where given), start, a non-empty span, message,
 * and, where given, severity, end and related locations. `n` is its 1-based place, for messages.
 */
export function checkFinding(text: string, f: Finding, expected: ExpectedFinding, n: number): void {
  if (expected.ruleId !== undefined) assert.equal(f.ruleId, expected.ruleId, `rule of finding ${n}: ${describeFinding(text, f)}`);
  assert.deepEqual(at(text, f.span.start), { line: expected.line, column: expected.column }, `position of finding ${n}: ${f.message}`);
  assert.ok(f.span.end > f.span.start, `finding ${n} has an empty span`);
  assert.match(f.message, expected.message);
  if (expected.severity) assert.equal(f.severity, expected.severity, `severity of finding ${n}: ${f.message}`);
  if (expected.end) {
    const end = at(text, f.span.end);
    assert.deepEqual([end.line, end.column], expected.end, `end of finding ${n}: ${f.message}`);
  }
  if (expected.related) {
    const related = f.related ?? [];
    assert.equal(related.length, expected.related.length, `related locations of finding ${n}: ${related.map((x) => x.message).join('; ')}`);
    expected.related.forEach((want, j) => {
      assert.deepEqual(at(text, related[j]!.span.start), { line: want.line, column: want.column }, `related ${j + 1}: ${related[j]!.message}`);
      assert.match(related[j]!.message, want.message);
    });
  }
}

/** The options for lintText: the runner's configuration with the case's over it. */
function lintOptions(base: LintConfig | undefined, own: LintConfig | undefined): LintOptions {
  if (!base && !own) return {};
  return { config: { ...base, ...own, rules: { ...base?.rules, ...own?.rules } } };
}

/** Registers the table of one rule; see the top of this file for what each case checks. */
export function ruleTester(ruleId: string, table: RuleTable, options: RuleTesterOptions = {}): void {
  describe(ruleId, () => {
    test('the rule exists', () => {
      assert.ok(
        RULES.some((r) => r.meta.id === ruleId),
        `no rule ${ruleId}`,
      );
    });
    table.valid.forEach((v, i) => {
      const c = typeof v === 'string' ? { name: `valid #${i + 1}`, code: v } : { ...v, name: `valid: ${v.name}` };
      test(c.name, () => {
        const { findings } = lintText(c.code, lintOptions(options.config, 'config' in c ? c.config : undefined));
        assert.deepEqual(
          findings.map((f) => describeFinding(c.code, f)),
          [],
          `${c.name} must lint clean`,
        );
      });
    });
    for (const c of table.invalid) {
      test(`invalid: ${c.name}`, () => {
        const { findings } = lintText(c.code, lintOptions(options.config, c.config));
        const own = findings.filter((f) => f.ruleId === ruleId);
        const all = findings.map((f) => describeFinding(c.code, f)).join('\n  ');
        assert.equal(own.length, c.errors.length, `expected ${c.errors.length} ${ruleId} finding(s), got:\n  ${all}`);
        c.errors.forEach((expected, i) => {
          if (expected.ruleId !== undefined) assert.equal(expected.ruleId, ruleId, 'an invalid case lists findings of the rule under test');
          checkFinding(c.code, own[i]!, expected, i + 1);
        });
        const allowed = new Set([ruleId, ...(c.alsoReported ?? [])]);
        assert.deepEqual(
          findings.filter((f) => !allowed.has(f.ruleId)).map((f) => describeFinding(c.code, f)),
          [],
          'findings of rules the case does not expect',
        );
        for (const other of c.alsoReported ?? []) {
          assert.ok(findings.some((f) => f.ruleId === other), `the case expects ${other} to be reported as well`);
        }
      });
    }
  });
}

/** An expected finding at line:column (of the rule the table tests), with its related locations and end where given. */
export function finding(
  line: number,
  column: number,
  message: RegExp,
  related?: readonly ExpectedLocation[],
  end?: readonly [number, number],
): ExpectedFinding {
  return { line, column, message, ...(related ? { related } : {}), ...(end ? { end } : {}) };
}

/** A related location at line:column. */
export function location(line: number, column: number, message: RegExp): ExpectedLocation {
  return { line, column, message };
}

/** Expected findings of `ruleId` (with `severity` checked, where given): `err('schema')(12, 7, /…/)`. */
export function err(ruleId: string, severity?: Severity) {
  return (line: number, column: number, message: RegExp, related?: readonly ExpectedLocation[]): ExpectedFinding => ({
    ruleId,
    ...(severity ? { severity } : {}),
    line,
    column,
    message,
    ...(related ? { related } : {}),
  });
}

/** The same expectation, checked to end exactly at endLine:endColumn (exclusive). */
export function spanning(e: ExpectedFinding, endLine: number, endColumn: number): ExpectedFinding {
  return { ...e, end: [endLine, endColumn] };
}

/** The same expectation, with its severity checked. */
export function withSeverity(severity: Severity, e: ExpectedFinding): ExpectedFinding {
  return { ...e, severity };
}

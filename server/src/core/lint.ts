import { isMap, isScalar, isSeq } from 'yaml';
import type { Document } from 'yaml';
import { estimatePlan } from './estimate';
import type { PlanEstimate } from './estimate';
import { byName } from './model';
import { editedStructure, fullStructure } from './incremental';
import type { Structure } from './incremental';
import type { Plan } from './model';
import { wholeCharacters } from './parse';
import type { ParsedText, RawFinding } from './parse';
import { RULES } from './rules';
import type { Measurement, Report, Rule, RuleContext, Suppression } from './rules';
import { findSuppressions } from './suppressions';
import type { Finding, Level, LintOptions, LintResult, RuleConfig, Severity, Span } from './types';

const EMPTY_PLAN: Plan = { span: { start: 0, end: 0 }, servers: [], workloads: [], policies: [] };

function compareFindings(a: Finding, b: Finding): number {
  return a.span.start - b.span.start || a.span.end - b.span.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || (a.message < b.message ? -1 : 1);
}

/** A rule's level and options from the configuration, over its defaults. */
export function resolveRule(
  rule: Rule,
  config: LintOptions['config'],
): { level: Level; configured: boolean; options: Record<string, unknown> } {
  const entry = config?.rules?.[rule.meta.id];
  const given: RuleConfig = typeof entry === 'string' ? { level: entry } : (entry ?? {});
  const options: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(rule.meta.options ?? {})) options[name] = given.options?.[name] ?? option.default;
  return { level: given.level ?? rule.meta.defaultSeverity, configured: given.level !== undefined, options };
}

/**
 * Lints the text of one plan. Pure, synchronous, and never throws: a rule that fails is reported
 * as an error finding of that rule, and linting goes on.
 */
export function lintText(text: string, options: LintOptions = {}): LintResult {
  return analyzeText(text, options).result;
}

/** What a lint saw on its way: the parsed YAML and the typed plan, for hosts that answer questions about the text (hovers, completion, outline). */
export interface Analysis {
  readonly result: LintResult;
  readonly parsed: ParsedText | undefined;
  readonly plan: Plan;
  /** Values the rules compared against a maximum (value vs max for a limit at a span and path), for hovers. */
  readonly measurements: readonly Measurement[];
  /** What a later edit's analysis builds on. */
  readonly structure: Structure | undefined;
}

/**
 * `lintText`, keeping the parse and the model. Never throws. Given the analysis of an earlier text
 * of the same plan, only the list items the edit touched are parsed again (see incremental.ts); the
 * result is the same as a fresh analysis. That earlier analysis's YAML tree then belongs to this one.
 */
export function analyzeText(text: string, options: LintOptions = {}, previous?: Analysis): Analysis {
  try {
    const source = typeof text === 'string' ? text : String(text);
    let structure: Structure | undefined;
    if (previous?.structure) {
      try {
        structure = editedStructure(previous.structure, source);
      } catch {
        structure = undefined;
      }
    }
    return lintUnguarded(source, options, structure ?? fullStructure(source));
  } catch (error) {
    // Last resort (for example a stack overflow on pathological input): a finding, never a throw.
    const message = /Maximum call stack/i.test(String((error as Error)?.message))
      ? 'the plan nests too deeply to check; a plan needs only a few levels of nesting'
      : `bplan could not check this plan (${String((error as Error)?.message ?? error)}); please report this`;
    const span = wholeCharacters(String(text), { start: 0, end: Math.min(1, String(text).length) });
    const findings: Finding[] = [{ ruleId: 'yaml-syntax', severity: 'error', message, span, path: '' }];
    return { result: { findings, secretSpans: [] }, parsed: undefined, plan: EMPTY_PLAN, measurements: [], structure: undefined };
  }
}

interface Shared {
  readonly text: string;
  readonly plan: Plan;
  readonly serversByName: RuleContext['serversByName'];
  readonly policiesByName: RuleContext['policiesByName'];
  readonly yamlProblems: readonly RawFinding[];
  readonly schemaProblems: readonly RawFinding[];
  readonly suppressions: readonly Suppression[];
  readonly usedSuppressions: Set<number>;
  readonly measurements: Measurement[];
  readonly findings: Finding[];
  readonly disabledRules: ReadonlySet<string>;
  readonly estimates: PlanEstimate;
}

function runRule(rule: Rule, level: Severity, configured: boolean, ruleOptions: Record<string, unknown>, shared: Shared): Finding[] {
  const reports: Report[] = [];
  // Field by field, not `...shared`: a spread per rule was a tenth of linting a small plan, and it
  // would compute the estimates for every rule, needed or not.
  const ctx: RuleContext = {
    text: shared.text,
    plan: shared.plan,
    serversByName: shared.serversByName,
    policiesByName: shared.policiesByName,
    yamlProblems: shared.yamlProblems,
    schemaProblems: shared.schemaProblems,
    suppressions: shared.suppressions,
    usedSuppressions: shared.usedSuppressions,
    measurements: shared.measurements,
    findings: shared.findings,
    disabledRules: shared.disabledRules,
    get estimates() {
      return shared.estimates;
    },
    options: ruleOptions,
    // Field by field: spreading `m` and then adding keys is ten times slower, and rules measure every workload.
    measure: (m) => shared.measurements.push({ limit: m.limit, max: m.max ?? m.limit.value, value: m.value, span: m.span, path: m.path, what: m.what, ruleId: rule.meta.id }),
    report: (r) => reports.push(r),
  };
  try {
    rule.check(ctx);
  } catch (error) {
    reports.push({
      span: { start: 0, end: 0 },
      path: '',
      message: `rule ${rule.meta.id} failed on this plan (${String((error as Error)?.message ?? error)}); please report this`,
    });
  }
  return reports.map((r) => ({
    ruleId: rule.meta.id,
    // A level from the configuration applies to every finding of the rule; otherwise a finding may carry its own.
    severity: configured ? level : (r.severity ?? level),
    message: r.message,
    span: r.span,
    path: r.path,
    ...(r.related && r.related.length ? { related: r.related } : {}),
    ...(r.fixes && r.fixes.length ? { fixes: r.fixes } : {}),
  }));
}

/** Drops findings a suppression comment covers, and records which rule ids in comments were used. */
function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], used: Set<number>): Finding[] {
  if (!suppressions.length) return [...findings];
  return findings.filter((finding) => {
    let suppressed = false;
    for (const s of suppressions) {
      if (s.kind === 'unknown') continue;
      if (s.kind === 'next-line' && !(s.target && finding.span.start >= s.target.start && finding.span.start <= s.target.end)) continue;
      for (const r of s.rules) {
        if (r.id !== finding.ruleId) continue;
        used.add(r.span.start);
        suppressed = true;
      }
    }
    return !suppressed;
  });
}

/**
 * Whether an offset lies inside a scalar value of the document (where a `#` is text, not a comment).
 * Asked only for the few `#` that look like suppressions, so it descends into the collections whose
 * range holds the offset instead of listing every scalar of a large plan.
 */
function insideScalar(doc: Document.Parsed | undefined): (offset: number) => boolean {
  if (!doc) return () => false;
  return (offset) => {
    const stack: unknown[] = [doc.contents];
    while (stack.length) {
      const node = stack.pop();
      if (isScalar(node)) {
        if (node.range && offset > node.range[0] && offset < node.range[1]) return true;
      } else if (isMap(node) || isSeq(node)) {
        if (node.range && (offset < node.range[0] || offset >= node.range[2])) continue;
        if (isMap(node)) for (const pair of node.items) stack.push(pair.key, pair.value);
        else stack.push(...node.items);
      }
    }
    return false;
  };
}

/**
 * Replaces the secrets of the text (4 characters or more, as written and without their quotes) in a
 * message with ***: a rule that quotes a value it does not know to be secret must not show one.
 * A tag or anchor written before a secret is part of it, and quoted alone (an unknown tag) too.
 */
function secretHider(text: string, secretSpans: readonly Span[]): (message: string) => string {
  const secrets = new Set<string>();
  for (const span of secretSpans) {
    const written = text.slice(span.start, span.end).trim();
    const properties = /^(?:[!&]\S*\s+)*/.exec(written)![0];
    const value = written.slice(properties.length);
    for (const secret of [written, value, value.replace(/^(["'])(.*)\1$/s, '$2'), ...properties.split(/\s+/)]) if ([...secret].length >= 4) secrets.add(secret);
  }
  // Longest first, so that a secret inside another is not replaced before the other is.
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  return (message) => ordered.reduce((out, secret) => (out.includes(secret) ? out.split(secret).join('***') : out), message);
}

/** A finding as hosts get it: no span splits a surrogate pair, and no message shows a secret. */
function tidy(f: Finding, text: string, hide: (message: string) => string): Finding {
  const span = wholeCharacters(text, f.span);
  const message = hide(f.message);
  const related = f.related?.map((r) => {
    const s = wholeCharacters(text, r.span);
    const m = hide(r.message);
    return s === r.span && m === r.message ? r : { ...r, span: s, message: m };
  });
  const fixes = f.fixes?.map((fix) => (hide(fix.title) === fix.title ? fix : { ...fix, title: hide(fix.title) }));
  const same = span === f.span && message === f.message && related?.every((r, i) => r === f.related![i]) !== false && fixes?.every((x, i) => x === f.fixes![i]) !== false;
  return same ? f : { ...f, span, message, ...(related ? { related } : {}), ...(fixes ? { fixes } : {}) };
}

function lintUnguarded(text: string, options: LintOptions, structure: Structure): Analysis {
  const { parsed, plan, schemaProblems, secretSpans } = structure;

  const resolved = RULES.map((rule) => ({ rule, ...resolveRule(rule, options.config) }));
  let estimates: PlanEstimate | undefined;
  const estimatesOnce = (): PlanEstimate => {
    if (!estimates) {
      try {
        estimates = estimatePlan(plan);
      } catch {
        // An estimate is never worth a crash: none, rather than a wrong one.
        estimates = estimatePlan(EMPTY_PLAN);
      }
    }
    return estimates;
  };
  const shared: Shared = {
    text,
    plan,
    serversByName: byName(plan.servers),
    policiesByName: byName(plan.policies),
    yamlProblems: parsed.findings,
    schemaProblems,
    suppressions: findSuppressions(text, insideScalar(parsed.doc)),
    usedSuppressions: new Set<number>(),
    measurements: [],
    findings: [],
    disabledRules: new Set(resolved.filter((r) => r.level === 'off').map((r) => r.rule.meta.id)),
    get estimates() {
      return estimatesOnce();
    },
  };

  for (const phase of [undefined, 'final', 'suppressions'] as const) {
    if (phase === 'suppressions') {
      const kept = applySuppressions(shared.findings, shared.suppressions, shared.usedSuppressions);
      shared.findings.length = 0;
      shared.findings.push(...kept);
    }
    for (const { rule, level, configured, options: ruleOptions } of resolved) {
      if (rule.meta.phase !== phase || level === 'off') continue;
      shared.findings.push(...runRule(rule, level, configured, ruleOptions, shared));
    }
  }

  const hide = secretHider(text, secretSpans);
  const findings = shared.findings.map((f) => tidy(f, text, hide)).sort(compareFindings);
  return { result: { findings, secretSpans: [...secretSpans], estimates: estimatesOnce() }, parsed, plan, measurements: shared.measurements, structure };
}

import { buildPlan, byName } from './model';
import type { Plan, Workload } from './model';
import { parsePlanText } from './parse';
import type { RawFinding } from './parse';
import { checkSchema } from './schema';
import { findSecretSpans } from './secrets';
import { RULES } from './rules';
import type { Report, RuleContext } from './rules';
import type { Finding, LintOptions, LintResult, Severity, Span } from './types';

const EMPTY_PLAN: Plan = { span: { start: 0, end: 0 }, servers: [], workloads: [], policies: [] };

function contextFor(plan: Plan, yamlProblems: readonly RawFinding[], schemaProblems: readonly RawFinding[], sink: Report[]): RuleContext {
  const workloadsByPolicy = new Map<string, Workload[]>();
  for (const workload of plan.workloads) {
    if (!workload.policy) continue;
    const list = workloadsByPolicy.get(workload.policy.value);
    if (list) list.push(workload);
    else workloadsByPolicy.set(workload.policy.value, [workload]);
  }
  return {
    plan,
    serversByName: byName(plan.servers),
    policiesByName: byName(plan.policies),
    workloadsByPolicy,
    yamlProblems,
    schemaProblems,
    report: (r) => sink.push(r),
  };
}

function compareFindings(a: Finding, b: Finding): number {
  return a.span.start - b.span.start || a.span.end - b.span.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || (a.message < b.message ? -1 : 1);
}

/**
 * Lints the text of one plan. Pure, synchronous, and never throws: a rule that fails is reported
 * as an error finding of that rule, and linting goes on.
 */
export function lintText(text: string, options: LintOptions = {}): LintResult {
  try {
    return lintUnguarded(typeof text === 'string' ? text : String(text), options);
  } catch (error) {
    // Last resort (for example a stack overflow on pathological input): a finding, never a throw.
    const message = /Maximum call stack/i.test(String((error as Error)?.message))
      ? 'the plan nests too deeply to check; a plan needs only a few levels of nesting'
      : `bplan could not check this plan (${String((error as Error)?.message ?? error)}); please report this`;
    return { findings: [{ ruleId: 'yaml-syntax', severity: 'error', message, span: { start: 0, end: Math.min(1, String(text).length) }, path: '' }], secretSpans: [] };
  }
}

function lintUnguarded(text: string, options: LintOptions): LintResult {
  const levels = options.config?.rules ?? {};
  const parsed = parsePlanText(text);
  const yamlErrors = parsed.findings.length > 0;
  // While the YAML itself is broken, anything past it would be guesswork.
  const schemaProblems: RawFinding[] =
    !yamlErrors && parsed.doc
      ? checkSchema(parsed.doc, parsed.data, text.length)
      : !yamlErrors
        ? [{ ruleId: 'schema', message: 'the file holds no plan: a plan starts with "bplan: 1"', span: { start: 0, end: Math.min(text.length, 1) }, path: '' }]
        : [];
  let plan = EMPTY_PLAN;
  if (!yamlErrors && parsed.doc) {
    try {
      plan = buildPlan(parsed.doc, text.length);
    } catch {
      plan = EMPTY_PLAN;
    }
  }

  const findings: Finding[] = [];
  for (const rule of RULES) {
    const level = levels[rule.meta.id] ?? rule.meta.defaultSeverity;
    if (level === 'off') continue;
    const reports: Report[] = [];
    try {
      rule.check(contextFor(plan, parsed.findings, schemaProblems, reports));
    } catch (error) {
      reports.push({
        span: { start: 0, end: 0 },
        path: '',
        message: `rule ${rule.meta.id} failed on this plan (${String((error as Error)?.message ?? error)}); please report this`,
      });
    }
    for (const r of reports) {
      findings.push({
        ruleId: rule.meta.id,
        severity: level as Severity,
        message: r.message,
        span: r.span,
        path: r.path,
        ...(r.related && r.related.length ? { related: r.related } : {}),
      });
    }
  }
  findings.sort(compareFindings);

  const secretSpans: Span[] = findSecretSpans(text, parsed.doc);
  return { findings, secretSpans };
}

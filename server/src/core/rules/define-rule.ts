import type { Plan, Policy, Server, Workload } from '../model';
import type { RawFinding } from '../parse';
import type { RelatedLocation, RuleMeta, Span } from '../types';

/** Where the rules reference lives; each rule's docs URL is this plus `#<rule-id>`. */
export const DOCS_BASE = 'https://github.com/bplan-dev/bplan/blob/main/docs/rules.md';

export interface Report {
  readonly span: Span;
  readonly message: string;
  /** A stable, line-independent location such as `policies[tier1].online.times`. */
  readonly path: string;
  readonly related?: readonly RelatedLocation[];
}

export interface RuleContext {
  readonly plan: Plan;
  readonly serversByName: ReadonlyMap<string, Server>;
  readonly policiesByName: ReadonlyMap<string, Policy>;
  /** The workloads that follow each policy, by policy name. */
  readonly workloadsByPolicy: ReadonlyMap<string, readonly Workload[]>;
  /** YAML problems found while parsing (reported by `yaml-syntax`). */
  readonly yamlProblems: readonly RawFinding[];
  /** Schema violations (reported by `schema`). */
  readonly schemaProblems: readonly RawFinding[];
  report(report: Report): void;
}

export interface Rule {
  readonly meta: RuleMeta & { readonly docsUrl: string };
  check(ctx: RuleContext): void;
}

/** Fills in what is derived from the id (the docs URL), so it is never typed by hand. */
export function defineRule(rule: { meta: RuleMeta; check(ctx: RuleContext): void }): Rule {
  return { meta: { ...rule.meta, docsUrl: `${DOCS_BASE}#${rule.meta.id}` }, check: rule.check };
}

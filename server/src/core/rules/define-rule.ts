import type { PlanEstimate } from '../estimate';
import type { Plan, Policy, Server } from '../model';
import type { RawFinding } from '../parse';
import type { Finding, Fix, Limit, RelatedLocation, RuleMeta, Severity, Span } from '../types';

/** Where the rules reference lives; each rule's docs URL is this plus `#<rule-id>`. */
export const DOCS_BASE = 'https://github.com/bplan-dev/bplan/blob/main/docs/rules.md';

export interface Report {
  readonly span: Span;
  readonly message: string;
  /** A stable, line-independent location such as `policies[tier1].online.times`. */
  readonly path: string;
  readonly related?: readonly RelatedLocation[];
  /**
   * The severity of this finding when it differs from the rule's default (a rule whose cases range
   * from advice to hard limits). A level set in the configuration overrides it.
   */
  readonly severity?: Severity;
  /** Fixes whose outcome is clear; edits keep comments and formatting (they replace scalars, not lines). */
  readonly fixes?: readonly Fix[];
}

/**
 * A value a rule compared against a maximum, within that limit: the `approaching-limit` rule reports
 * those within 10 % of it.
 */
export interface Measurement {
  readonly limit: Limit;
  /** The effective maximum (a configured alternative may replace the limit's own value). */
  readonly max: number;
  readonly value: number;
  readonly span: Span;
  readonly path: string;
  /** What was measured, in product terms: "recovery points on disk for file data". */
  readonly what: string;
  readonly ruleId: string;
}

export interface Suppression {
  /** `unknown` for a misspelt directive such as bplan-disable-nextline. */
  readonly kind: 'next-line' | 'file' | 'unknown';
  /** The directive as written, without the `#`: bplan-disable-next-line. */
  readonly directive: string;
  /** The rule ids it names, each with its span in the comment. */
  readonly rules: readonly { readonly id: string; readonly span: Span }[];
  readonly reason?: string;
  /** The whole directive. */
  readonly span: Span;
  /** For next-line: the [start, end) of the line it covers. */
  readonly target?: Span;
}

export interface RuleContext {
  /** The plan's text, for fixes that keep the quoting of the scalar they replace. */
  readonly text: string;
  readonly plan: Plan;
  readonly serversByName: ReadonlyMap<string, Server>;
  readonly policiesByName: ReadonlyMap<string, Policy>;
  /** YAML problems found while parsing (reported by `yaml-syntax`). */
  readonly yamlProblems: readonly RawFinding[];
  /** Schema violations (reported by `schema`). */
  readonly schemaProblems: readonly RawFinding[];
  /** The plan's estimates (computed once per lint, on first use). */
  readonly estimates: PlanEstimate;
  /** This rule's options: the configuration's values over the defaults in its metadata. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Records a value checked against a maximum, for `approaching-limit`. */
  measure(measurement: Omit<Measurement, 'ruleId' | 'max'> & { max?: number }): void;
  /** For `final` rules: what the other rules measured and found. */
  readonly measurements: readonly Measurement[];
  readonly findings: readonly Finding[];
  /** The suppression comments in the text (for the suppression rules). */
  readonly suppressions: readonly Suppression[];
  /** Start offsets of the rule ids in suppression comments that suppressed at least one finding. */
  readonly usedSuppressions: ReadonlySet<number>;
  /** Rules the configuration turned off. */
  readonly disabledRules: ReadonlySet<string>;
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

/**
 * Core types. Everything under core/ is transport-free: no vscode*, no fs, no process.
 * Positions are UTF-16 offsets (JS string indices); hosts convert to lines and columns at the edge.
 */

export type Severity = 'error' | 'warning' | 'info';
export type Level = Severity | 'off';

/** Half-open [start, end) in UTF-16 code units. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A model value that remembers where it came from: `value` for the value, `keySpan` for its key. */
export interface Located<T> {
  readonly value: T;
  /** The value node in the text. */
  readonly span: Span;
  /** The key this value sits under, where there is one. */
  readonly keySpan?: Span;
}

export interface RelatedLocation {
  readonly span: Span;
  readonly message: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  /** A stable, line-independent location such as `servers[mabs01].version`; keys baselines and fingerprints. */
  readonly path: string;
  readonly related?: readonly RelatedLocation[];
}

export type Product = 'mars' | 'dpm' | 'mabs' | 'azure-vm-backup';

/** A documented limit and where it comes from. */
export interface LimitSource {
  /** A seed file (`seed 004`) or a source key of product-limits.md (`A1`, `S8`). */
  readonly ref: string;
  /** The exact words of the source. */
  readonly quote: string;
}

export interface Limit {
  readonly id: string;
  /** Whether the value is the least (`min`) or the most (`max`) the product allows. */
  readonly bound: 'min' | 'max';
  readonly value: number;
  readonly unit: string;
  /** What the limit applies to, in words a user can check (`MABS, all versions`). */
  readonly appliesTo: string;
  readonly sources: readonly LimitSource[];
  /** Where the documents disagree: what they say and what bplan applies. */
  readonly note?: string;
}

export interface RuleMeta {
  /** kebab-case; equals the file name, the fixture folder and the docs anchor. */
  readonly id: string;
  /** One sentence, starts with a capital, ends with a period. */
  readonly description: string;
  readonly defaultSeverity: Severity;
  readonly category: 'syntax' | 'structure' | 'correctness' | 'limits' | 'security';
  /** Limits this rule enforces (ids in the limits catalogue). */
  readonly limits: readonly string[];
  /** Extra sources for rules whose check is not a numeric limit. */
  readonly sources?: readonly LimitSource[];
  /** Longer explanation for the docs: what to do, and where documents disagree. */
  readonly docs?: string;
}

export interface LintConfig {
  /** Per-rule level; a rule set to `off` does not run. */
  readonly rules?: Readonly<Record<string, Level>>;
}

export interface LintOptions {
  readonly config?: LintConfig;
}

export interface LintResult {
  readonly findings: readonly Finding[];
  /** Spans that hold secrets: hosts must never print the text inside them. */
  readonly secretSpans: readonly Span[];
}

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

/** A replacement of the text in a span; edits of one fix never overlap. */
export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

/** A fix whose outcome is clear (clamp to the limit, use the closest name): editors offer it as a quick fix. */
export interface Fix {
  /** What the fix does, in product terms: `Set online backups per day to 2 (the MABS limit)`. */
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The one fix to apply when several are offered (`Fix all` / auto-fix). */
  readonly preferred?: boolean;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  /** A stable, line-independent location such as `servers[mabs01].version`; keys baselines and fingerprints. */
  readonly path: string;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly Fix[];
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
  /**
   * Products and versions the limit applies to: `dpm`, `dpm@2016+`, `dpm@2012-sp1..2012-r2`, `mabs@v3+`,
   * `mars`, `azure-vm-backup`, or `*` for every product. See products.ts `matchesSpec`.
   */
  readonly products: readonly string[];
  /** What the limit applies to, in words a user can check (`MABS, all versions`). */
  readonly appliesTo: string;
  readonly sources: readonly LimitSource[];
  /** Other values documents give for the same limit, and why bplan does not apply them by default. */
  readonly alternatives?: readonly LimitAlternative[];
  /** Where the documents disagree: what they say and what bplan applies. */
  readonly note?: string;
}

export interface LimitAlternative {
  readonly value: number;
  readonly sources: readonly LimitSource[];
  readonly why: string;
}

/** An option a rule takes from the configuration file, with its default. */
export interface RuleOption {
  readonly description: string;
  readonly type: 'number' | 'string' | 'boolean';
  readonly enum?: readonly (string | number)[];
  readonly default: string | number | boolean;
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
  /** Options the configuration file can set for this rule. */
  readonly options?: Readonly<Record<string, RuleOption>>;
  /**
   * `final` rules run after the others and see their measurements and findings; `suppressions` rules
   * run last, after suppression comments are applied, and cannot themselves be suppressed.
   */
  readonly phase?: 'final' | 'suppressions';
}

export interface RuleConfig {
  readonly level?: Level;
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface LintConfig {
  /** Per-rule level (`off` skips the rule) or level and options. */
  readonly rules?: Readonly<Record<string, Level | RuleConfig>>;
}

export interface LintOptions {
  readonly config?: LintConfig;
}

export interface LintResult {
  readonly findings: readonly Finding[];
  /** Storage, scratch and recovery-point estimates with their working (see estimate.ts). */
  readonly estimates?: import('./estimate').PlanEstimate;
  /** Spans that hold secrets: hosts must never print the text inside them. */
  readonly secretSpans: readonly Span[];
}

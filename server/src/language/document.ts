/**
 * One open plan as the language features see it: its text, positions, and the core's analysis,
 * computed once per version on first use. Transport-free: no connection, no fs, no process.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';
import type { Document } from 'yaml';
import { analyzeText } from '../core/lint';
import type { Analysis } from '../core/lint';
import { buildPlan } from '../core/model';
import type { Plan } from '../core/model';
import type { Finding, LintOptions, Span } from '../core/types';

export class PlanDocument {
  private analysisCache: Analysis | undefined;
  private planCache: Plan | undefined;
  /** The latest analysis of an earlier version, which this one's analysis builds on (then drops). */
  private base: Analysis | undefined;
  readonly lines: TextDocument;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    /** The configuration that applies to this file (bplan.config.yaml and editor settings merged). */
    readonly options: LintOptions = {},
    /**
     * The same file at an earlier version: an edit inside a few list items then re-parses only
     * those (see core/incremental.ts). Its YAML tree passes to this document once analysed.
     */
    previous?: PlanDocument,
  ) {
    this.lines = TextDocument.create(uri, 'yaml', version, text);
    this.base = previous?.analysisCache ?? previous?.base;
  }

  static fromTextDocument(doc: TextDocument, options: LintOptions = {}, previous?: PlanDocument): PlanDocument {
    return new PlanDocument(doc.uri, doc.version, doc.getText(), options, previous);
  }

  get analysis(): Analysis {
    if (!this.analysisCache) {
      this.analysisCache = analyzeText(this.text, this.options, this.base);
      this.base = undefined;
    }
    return this.analysisCache;
  }

  get findings(): readonly Finding[] {
    return this.analysis.result.findings;
  }

  /**
   * The typed plan. While the YAML has errors the lint builds no model (its findings would be
   * guesswork), but the outline, hovers and references should not vanish mid-typing: build one
   * from what yaml recovered.
   */
  get plan(): Plan {
    if (this.planCache) return this.planCache;
    let plan = this.analysis.plan;
    const doc = this.yaml;
    if (plan.servers.length + plan.workloads.length + plan.policies.length === 0 && !plan.vault && doc) {
      try {
        plan = buildPlan(doc, this.text.length);
      } catch {
        // keep the empty plan
      }
    }
    return (this.planCache = plan);
  }

  /** The parsed YAML document; present even when the YAML has errors (yaml recovers what it can). */
  get yaml(): Document.Parsed | undefined {
    return this.analysis.parsed?.doc;
  }

  get secretSpans(): readonly Span[] {
    return this.analysis.result.secretSpans;
  }

  /** Whether a span overlaps a secret: features must never show the text inside one. */
  touchesSecret(span: Span): boolean {
    return this.secretSpans.some((s) => span.start < s.end && s.start < span.end);
  }

  positionAt(offset: number): Position {
    return this.lines.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.lines.offsetAt(position);
  }

  range(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }

  spanOf(range: Range): Span {
    return { start: this.offsetAt(range.start), end: this.offsetAt(range.end) };
  }
}

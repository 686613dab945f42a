import { LineIndex } from '../core';
import type { Finding, LintResult, Severity } from '../core';

/** One linted file, with what the formatters need to turn offsets into lines and columns. */
export interface FileReport {
  /** Path as shown to the user: relative to the working directory, with forward slashes. */
  readonly file: string;
  readonly text: string;
  readonly result: LintResult;
  readonly lines: LineIndex;
  /**
   * Each finding's occurrence number among the file's findings with the same key (see findingKey),
   * counted before a baseline or --quiet left some out, so fingerprints do not depend on them.
   */
  readonly occurrence?: ReadonlyMap<Finding, number>;
}

export interface Region {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
  readonly endLine: number;
  /** 1-based and exclusive: the column just after the last character. */
  readonly endColumn: number;
}

export function makeReport(file: string, text: string, result: LintResult): FileReport {
  return { file, text, result, lines: new LineIndex(text) };
}

/** 1-based region of a span; an empty span is widened to one character so every consumer can show it. */
export function regionOf(report: FileReport, span: { start: number; end: number }): Region {
  const end = span.end > span.start ? span.end : Math.min(span.start + 1, report.text.length);
  const a = report.lines.position(span.start);
  let b = report.lines.position(Math.max(end, span.start));
  if (b.line === a.line && b.character <= a.character) b = { line: a.line, character: a.character + 1 };
  return { line: a.line + 1, column: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 };
}

export interface Totals {
  errors: number;
  warnings: number;
  infos: number;
}

export function totals(reports: readonly FileReport[]): Totals {
  const t: Totals = { errors: 0, warnings: 0, infos: 0 };
  for (const r of reports) {
    for (const f of r.result.findings) {
      if (f.severity === 'error') t.errors++;
      else if (f.severity === 'warning') t.warnings++;
      else t.infos++;
    }
  }
  return t;
}

/** The line text with every secret replaced by asterisks, so no output ever shows one. */
/**
 * Text for a terminal: each control character (but tab), bidirectional override and unpaired
 * surrogate becomes one visible character of the same width — a plan (or a file name) holding
 * `ESC]0;…BEL` must not drive the terminal, and carets under the line must stay aligned.
 */
export function printable(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code); // ␛, ␇… (Control Pictures)
    if (code === 0x7f) return '\u2421';
    return '\ufffd';
  });
}

const TERMINAL_UNSAFE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function maskedLine(report: FileReport, line0: number): string {
  let text = report.lines.lineText(line0);
  const lineStart = report.lines.offset(line0, 0);
  for (const secret of report.result.secretSpans) {
    const from = Math.max(secret.start, lineStart) - lineStart;
    const to = Math.min(secret.end, lineStart + text.length) - lineStart;
    if (to > from) text = text.slice(0, from) + '*'.repeat(to - from) + text.slice(to);
  }
  return text;
}

/**
 * A finding's identity across edits: its rule and its location in the plan by name, or its message
 * where it has no location (YAML errors). Lines are no part of it, so moving text keeps it.
 */
export function findingKey(finding: Finding): { readonly ruleId: string; readonly location: string } {
  return { ruleId: finding.ruleId, location: finding.path || finding.message };
}

/** Occurrence numbers of a report's findings: 0 for the first with its key, 1 for the second… */
export function occurrences(report: FileReport): ReadonlyMap<Finding, number> {
  if (report.occurrence) return report.occurrence;
  const seen = new Map<string, number>();
  const result = new Map<Finding, number>();
  for (const f of report.result.findings) {
    const { ruleId, location } = findingKey(f);
    const k = `${ruleId}\u0000${location}`;
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    result.set(f, n);
  }
  return result;
}

/** The report with only some of its findings, keeping the occurrence numbers of the full list. */
export function withFindings(report: FileReport, keep: (finding: Finding) => boolean): FileReport {
  return { ...report, occurrence: occurrences(report), result: { ...report.result, findings: report.result.findings.filter(keep) } };
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export type { Finding };

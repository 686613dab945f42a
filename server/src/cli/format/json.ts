import { RULES } from '../../core';
import { baselineJson } from '../baseline';
import type { BaselineOutcome } from '../baseline';
import type { FileReport } from '../report';
import { regionOf, totals } from '../report';

const DOCS = new Map(RULES.map((r) => [r.meta.id, r.meta.docsUrl]));

/**
 * The JSON report, shape version 1 (documented in docs/output.md): positions 1-based, end column
 * exclusive, columns in UTF-16 code units. Secrets never appear: findings quote no secret values
 * and the report holds no source text. With a baseline, `files` and `summary` hold the new findings
 * and `baseline` says how many matched it and which of its entries were not found again.
 */
export function formatJson(reports: readonly FileReport[], toolVersion: string, baseline?: BaselineOutcome): string {
  const t = totals(reports);
  const body = {
    version: 1,
    tool: { name: 'bplan', version: toolVersion },
    files: reports.map((report) => ({
      file: report.file,
      findings: report.result.findings.map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        location: f.path,
        ...regionOf(report, f.span),
        offset: f.span.start,
        length: f.span.end - f.span.start,
        docsUrl: DOCS.get(f.ruleId),
        related: (f.related ?? []).map((r) => ({ message: r.message, ...regionOf(report, r.span) })),
      })),
    })),
    summary: { files: reports.length, ...t },
    ...(baseline ? { baseline: baselineJson(baseline) } : {}),
  };
  return JSON.stringify(body, null, 2) + '\n';
}

/** Findings as LSP diagnostics: rule id as code, a link to the rule's docs, related locations, tags. */
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import type { Diagnostic } from 'vscode-languageserver-types';
import { RULES } from '../core/rules';
import type { Finding } from '../core/types';
import type { PlanDocument } from './document';

const DOCS_URL = new Map(RULES.map((r) => [r.meta.id, r.meta.docsUrl]));
const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;
/** Findings about text that does nothing: editors fade it. */
const UNNECESSARY = new Set(['unused-suppression']);

/** What a diagnostic carries back to the server in code-action requests. */
export interface DiagnosticData {
  readonly ruleId: string;
  /** The finding's semantic location, such as `servers[mabs01].version`. */
  readonly path: string;
}

export function toDiagnostic(doc: PlanDocument, finding: Finding): Diagnostic {
  const href = DOCS_URL.get(finding.ruleId);
  const data: DiagnosticData = { ruleId: finding.ruleId, path: finding.path };
  return {
    range: doc.range(finding.span),
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    ...(href ? { codeDescription: { href } } : {}),
    source: 'bplan',
    message: finding.message,
    ...(UNNECESSARY.has(finding.ruleId) ? { tags: [DiagnosticTag.Unnecessary] } : {}),
    ...(finding.related?.length
      ? { relatedInformation: finding.related.map((r) => ({ location: { uri: doc.uri, range: doc.range(r.span) }, message: r.message })) }
      : {}),
    data,
  };
}

export function diagnostics(doc: PlanDocument): Diagnostic[] {
  return doc.findings.map((f) => toDiagnostic(doc, f));
}

/** The finding a diagnostic came from, in the same version of the document; undefined when it is gone. */
export function findingOf(doc: PlanDocument, diagnostic: Diagnostic): Finding | undefined {
  const ruleId = typeof diagnostic.code === 'string' ? diagnostic.code : (diagnostic.data as DiagnosticData | undefined)?.ruleId;
  const span = doc.spanOf(diagnostic.range);
  return doc.findings.find((f) => f.ruleId === ruleId && f.span.start === span.start && f.span.end === span.end && f.message === diagnostic.message);
}

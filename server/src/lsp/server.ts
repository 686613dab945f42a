/**
 * The language server: a thin host over the core. This first cut publishes diagnostics for plan
 * files on open and change; hovers, completion and the rest arrive with the language-server issue.
 */
import { createConnection, DiagnosticSeverity, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import type { Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lintText, RULES } from '../core';
import type { Finding } from '../core';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const docsUrl = new Map(RULES.map((r) => [r.meta.id, r.meta.docsUrl]));
const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;
const DEBOUNCE_MS = 150;
const pending = new Map<string, NodeJS.Timeout>();

function toDiagnostic(doc: TextDocument, f: Finding): Diagnostic {
  const range = { start: doc.positionAt(f.span.start), end: doc.positionAt(f.span.end) };
  const href = docsUrl.get(f.ruleId);
  return {
    range,
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    ...(href ? { codeDescription: { href } } : {}),
    source: 'bplan',
    message: f.message,
    relatedInformation: (f.related ?? []).map((r) => ({
      location: { uri: doc.uri, range: { start: doc.positionAt(r.span.start), end: doc.positionAt(r.span.end) } },
      message: r.message,
    })),
  };
}

function validate(doc: TextDocument): void {
  const version = doc.version;
  const findings = lintText(doc.getText()).findings;
  // A newer edit arrived while linting: its own run will publish.
  if (documents.get(doc.uri)?.version !== version) return;
  void connection.sendDiagnostics({ uri: doc.uri, version, diagnostics: findings.map((f) => toDiagnostic(doc, f)) });
}

function schedule(doc: TextDocument): void {
  clearTimeout(pending.get(doc.uri));
  pending.set(
    doc.uri,
    setTimeout(() => {
      pending.delete(doc.uri);
      const current = documents.get(doc.uri);
      if (!current) return;
      try {
        validate(current);
      } catch (error) {
        connection.console.error(`bplan: linting ${doc.uri} failed: ${String((error as Error)?.message ?? error)}`);
      }
    }, DEBOUNCE_MS),
  );
}

connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));
documents.onDidOpen((e) => schedule(e.document));
documents.onDidChangeContent((e) => schedule(e.document));
documents.onDidClose((e) => {
  clearTimeout(pending.get(e.document.uri));
  pending.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});
documents.listen(connection);
connection.listen();

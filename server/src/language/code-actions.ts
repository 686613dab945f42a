/** Code actions: the findings' fixes, "disable <rule> for this line", "show documentation for <rule>". */
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver-types';
import type { PlanDocument } from './document';

export function codeActions(_doc: PlanDocument, _range: Range, _diagnostics: readonly Diagnostic[], _only?: readonly string[]): CodeAction[] {
  return [];
}

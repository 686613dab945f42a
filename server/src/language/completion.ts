/** Completion: keys valid at the cursor, enum values, names where a reference is expected, snippets. */
import type { CompletionList } from 'vscode-languageserver-types';
import type { PlanDocument } from './document';

export function complete(_doc: PlanDocument, _offset: number): CompletionList {
  return { isIncomplete: false, items: [] };
}

/** Applies text edits as an editor would, for the fix and code-action tests. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit as LspTextEdit } from 'vscode-languageserver-types';
import type { TextEdit } from '../../server/src/core';

/** Applies edits given by offsets; they must not overlap (as a fix's edits never do). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
  sorted.forEach((edit, i) => {
    if (edit.span.start > edit.span.end || edit.span.end > text.length) throw new Error(`edit out of range: ${JSON.stringify(edit.span)}`);
    const next = sorted[i + 1];
    if (next && next.span.start < edit.span.end) throw new Error(`overlapping edits at ${edit.span.start} and ${next.span.start}`);
  });
  let out = text;
  for (const edit of sorted.reverse()) out = out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end);
  return out;
}

/** Applies LSP edits (line/character ranges), as VS Code applies a code action's workspace edit. */
export function applyLspEdits(text: string, edits: readonly LspTextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///plan.bplan.yaml', 'yaml', 1, text), [...edits]);
}

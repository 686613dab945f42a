/** Whether an open document is a plan, for the client's own UI (the server decides what it lints the same way). */
import { languages, workspace } from 'vscode';
import type { TextDocument } from 'vscode';
import { globPattern, isPlanFile } from './plan-files';

export function isPlan(document: TextDocument): boolean {
  if (document.languageId !== 'yaml') return false;
  const settings = workspace.getConfiguration('bplan', document.uri);
  if (!settings.get<boolean>('enable', true)) return false;
  const globs = settings.get<unknown[]>('files', []);
  return isPlanFile(document.uri.path, document.getText(), () => globs.some((g) => typeof g === 'string' && languages.match({ pattern: globPattern(g) }, document) > 0));
}

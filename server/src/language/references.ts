/** Definition, references and rename for server and policy names. */
import type { Location, Range, WorkspaceEdit } from 'vscode-languageserver-types';
import type { PlanDocument } from './document';

export function definition(_doc: PlanDocument, _offset: number): Location[] {
  return [];
}

export function references(_doc: PlanDocument, _offset: number, _includeDeclaration: boolean): Location[] {
  return [];
}

export function prepareRename(_doc: PlanDocument, _offset: number): { range: Range; placeholder: string } | null {
  return null;
}

export function rename(_doc: PlanDocument, _offset: number, _newName: string): WorkspaceEdit | null {
  return null;
}

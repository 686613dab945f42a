/** Hover: what a key means, the limit that applies for this server's product and version, and estimates on names. */
import type { Hover } from 'vscode-languageserver-types';
import type { PlanDocument } from './document';

export function hover(_doc: PlanDocument, _offset: number): Hover | null {
  return null;
}

/** Outline (document symbols), folding ranges and selection ranges. */
import type { DocumentSymbol, FoldingRange, SelectionRange } from 'vscode-languageserver-types';
import type { PlanDocument } from './document';

export function documentSymbols(_doc: PlanDocument): DocumentSymbol[] {
  return [];
}

export function foldingRanges(_doc: PlanDocument): FoldingRange[] {
  return [];
}

export function selectionRanges(_doc: PlanDocument, _offsets: readonly number[]): SelectionRange[] {
  return [];
}

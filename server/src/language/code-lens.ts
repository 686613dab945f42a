/** Code lens: the estimate above each server and workload ("pool 3.1 TB of 4 TB · scratch 42 GB of 150 GB"). */
import type { CodeLens } from 'vscode-languageserver-types';
import type { PlanDocument } from './document';

export function codeLenses(_doc: PlanDocument): CodeLens[] {
  return [];
}

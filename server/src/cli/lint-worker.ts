/**
 * The worker thread behind `lintPlans` (bundled as dist/lint-worker.js): lints the plans of each
 * request it is sent and answers with their results, in the order of the request.
 */
import { parentPort } from 'node:worker_threads';
import type { FileConfig, LintResult } from '../core';
import { lintForReport } from './lint-plans';

/** A chunk of plans: only what linting needs (the main thread keeps names and builds the reports). */
export interface LintRequest {
  readonly items: readonly { readonly text: string; readonly config: FileConfig }[];
}

/** One result per item of the request, in its order. */
export interface LintReply {
  readonly results: readonly LintResult[];
}

parentPort?.on('message', (request: LintRequest) => {
  const reply: LintReply = { results: request.items.map(({ text, config }) => lintForReport(text, config)) };
  parentPort!.postMessage(reply);
});

/**
 * Lints the plans a command read; the one place that decides how. A few plans are linted in this
 * process; enough of them to pay for starting threads are spread over worker threads (lint-worker.ts),
 * up to one per core. Either way the reports come back in the order of `plans`, and a worker that
 * cannot start or fails costs time, never a result: whatever no worker answered is linted here.
 *
 * BPLAN_WORKERS=N in the environment sets the number of worker threads (0: lint in this process).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { lintText } from '../core';
import type { FileConfig, LintResult } from '../core';
import type { PlanInput } from './inputs';
import type { LintReply, LintRequest } from './lint-worker';
import { makeReport } from './report';
import type { FileReport } from './report';

/**
 * Threads pay once there is well over a second of linting: each worker loads its bundle, compiles
 * the schema and warms up on its own. Measured on a 2-vCPU VM shared with other work, plans of 1 to
 * 5 kB (about 6 ms each): 2 workers were 32 % slower at 64 files, 24 % at 128, 0 to 8 % at 256, and
 * 6 % faster at 400 and 8 to 17 % at 1,200; while the other work held a core they were slower at every
 * size. test/workers.test.ts prints the timings of 300 plans.
 */
export const WORKER_MIN_FILES = 320;
export const WORKER_MIN_BYTES = 1024 * 1024;
/** A worker for each half of those: no thread is started for a handful of files. */
const FILES_PER_WORKER = WORKER_MIN_FILES / 2;
const BYTES_PER_WORKER = WORKER_MIN_BYTES / 2;
/** Chunks small enough to share the work out evenly, large enough to keep messages few. */
const CHUNK_MAX_FILES = 32;
const CHUNK_MAX_BYTES = 128 * 1024;

/** The worker bundle sits beside this file: dist/lint-worker.js, or lint-worker.js in the tsc build (out/). */
const WORKER_FILE = join(__dirname, 'lint-worker.js');

/**
 * What a report needs of a plan's lint, in a worker or here: the findings and where the secrets are.
 * Not the estimates, which no lint output shows and which cost more to pass between threads than the rest.
 */
export function lintForReport(text: string, config: FileConfig): LintResult {
  const { findings, secretSpans } = lintText(text, { config });
  return { findings, secretSpans };
}

/** Reports in the order of `plans`, whatever order they are linted in. */
export async function lintPlans(plans: readonly PlanInput[]): Promise<FileReport[]> {
  const workers = workerCount(plans, process.env.BPLAN_WORKERS);
  const results = workers > 0 && existsSync(WORKER_FILE) ? await lintInWorkers(plans, workers) : [];
  // Whatever no worker linted (none started, or one failed): here, in order.
  return plans.map(({ shown, text, config }, i) => makeReport(shown, text, results[i] ?? lintForReport(text, config)));
}

/** How many worker threads to start for these plans: 0 to lint them in this process. */
export function workerCount(plans: readonly PlanInput[], setting: string | undefined): number {
  if (plans.length < 2) return 0;
  if (setting !== undefined && /^\d+$/.test(setting.trim())) return Math.min(Number(setting), plans.length);
  const bytes = plans.reduce((sum, p) => sum + p.text.length, 0);
  if (plans.length < WORKER_MIN_FILES && bytes < WORKER_MIN_BYTES) return 0;
  const n = Math.min(availableParallelism(), Math.max(Math.floor(plans.length / FILES_PER_WORKER), Math.floor(bytes / BYTES_PER_WORKER)));
  return n > 1 ? n : 0;
}

/** Consecutive runs of plans, [start, end), within the chunk limits. */
function chunks(plans: readonly PlanInput[]): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < plans.length; i++) {
    if (i > start && (i - start >= CHUNK_MAX_FILES || bytes + plans[i]!.text.length > CHUNK_MAX_BYTES)) {
      out.push([start, i]);
      start = i;
      bytes = 0;
    }
    bytes += plans[i]!.text.length;
  }
  if (plans.length > start) out.push([start, plans.length]);
  return out;
}

/**
 * Lints the plans in `count` worker threads, each taking the next chunk when it answers the last.
 * Resolves, once every worker has finished or failed, to the results it got: a failed worker's
 * chunk stays without results (and the chunks left when all have failed).
 */
function lintInWorkers(plans: readonly PlanInput[], count: number): Promise<(LintResult | undefined)[]> {
  const results: (LintResult | undefined)[] = new Array(plans.length);
  const queue = chunks(plans);
  return new Promise((resolve) => {
    let running = Math.min(count, queue.length);
    const start = () => {
      let current: [number, number] | undefined;
      let done = false;
      let worker: Worker;
      try {
        // Required here: most runs lint a few plans in this thread, and loading worker_threads slows every start.
        const { Worker: WorkerThread } = require('node:worker_threads') as typeof import('node:worker_threads');
        worker = new WorkerThread(WORKER_FILE);
      } catch {
        if (--running === 0) resolve(results);
        return;
      }
      const stop = () => {
        if (done) return;
        done = true;
        void worker.terminate();
        if (--running === 0) resolve(results);
      };
      const next = () => {
        current = queue.shift();
        if (!current) return stop();
        const request: LintRequest = { items: plans.slice(current[0], current[1]).map(({ text, config }) => ({ text, config })) };
        try {
          worker.postMessage(request);
        } catch {
          stop();
        }
      };
      worker.on('message', (reply: LintReply) => {
        if (done || !current) return;
        const [from, to] = current;
        // A reply of the wrong shape counts as a failure: the chunk is linted here instead.
        if (!Array.isArray(reply?.results) || reply.results.length !== to - from || !reply.results.every(isLintResult)) return stop();
        reply.results.forEach((result, i) => (results[from + i] = result));
        next();
      });
      // An exception in the worker, a reply that cannot be read, or an exit before the work is done.
      worker.on('error', stop);
      worker.on('messageerror', stop);
      worker.on('exit', stop);
      next();
    };
    for (let i = running; i > 0; i--) start();
  });
}

function isLintResult(value: unknown): value is LintResult {
  const r = value as LintResult | undefined;
  return Array.isArray(r?.findings) && Array.isArray(r?.secretSpans);
}

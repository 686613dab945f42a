/**
 * In-process: `lintText` against its floor, `yaml`'s `parseDocument` of the same text with default
 * options (bplan cannot check a plan faster than yaml reads it), on the generated plans and the
 * samples; and how the time per workload grows from the smallest to the largest generated plan.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { lintText } from '../server/src/core';
import { generatePlan } from './generate';
import { ROOT, spread, timeInterleaved } from './stats';
import type { Repetitions, Spread } from './stats';

/** The largest allowed growth of the time per workload from the smallest to the largest generated plan. */
export const SCALING_LIMIT = 2;

export interface LintPlanResult {
  readonly plan: string;
  /** Whether the plan is one of the generated ones (only those count for the scaling check). */
  readonly generated: boolean;
  readonly workloads: number;
  readonly lines: number;
  readonly bytes: number;
  /** yaml.parseDocument, ms. */
  readonly parse: Spread;
  /** lintText, ms. */
  readonly lint: Spread;
  /** Median lintText / median parseDocument. */
  readonly ratio: number;
  /** Median lintText per workload, µs. */
  readonly lintPerWorkloadUs: number;
  readonly parsePerWorkloadUs: number;
  readonly findings: { readonly error: number; readonly warning: number; readonly info: number };
}

export interface LintResults {
  readonly plans: readonly LintPlanResult[];
  readonly scaling: {
    readonly fromWorkloads: number;
    readonly toWorkloads: number;
    readonly fromUs: number;
    readonly toUs: number;
    /** lintText per workload at the largest size / at the smallest. */
    readonly ratio: number;
    readonly limit: number;
    readonly pass: boolean;
  };
}

export interface LintSuiteOptions {
  readonly sizes: readonly number[];
  /** Repetitions for a plan of `workloads` workloads. */
  readonly repetitions: (workloads: number) => Repetitions;
  readonly log: (line: string) => void;
}

function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n : n + 1;
}

function measure(plan: string, text: string, generated: boolean, reps: Repetitions): LintPlanResult {
  const data = parseDocument(text).toJS() as { workloads?: unknown[] } | null;
  const workloads = Array.isArray(data?.workloads) ? data.workloads.length : 0;
  const findings = { error: 0, warning: 0, info: 0 };
  for (const f of lintText(text).findings) findings[f.severity]++;
  const [parseTimes, lintTimes] = timeInterleaved([() => parseDocument(text), () => lintText(text)], reps);
  const parse = spread(parseTimes!);
  const lint = spread(lintTimes!);
  const perWorkload = (m: number): number => (workloads ? (m * 1000) / workloads : Number.NaN);
  return {
    plan,
    generated,
    workloads,
    lines: lineCount(text),
    bytes: Buffer.byteLength(text, 'utf8'),
    parse,
    lint,
    ratio: lint.median / parse.median,
    lintPerWorkloadUs: perWorkload(lint.median),
    parsePerWorkloadUs: perWorkload(parse.median),
    findings,
  };
}

export function runLintSuite(options: LintSuiteOptions): LintResults {
  const plans: LintPlanResult[] = [];
  for (const size of options.sizes) {
    const result = measure(`generated ${size}`, generatePlan(size), true, options.repetitions(size));
    options.log(`lint  ${result.plan}: parseDocument ${result.parse.median.toFixed(1)} ms, lintText ${result.lint.median.toFixed(1)} ms (${result.ratio.toFixed(2)}×, ${result.lint.runs} runs)`);
    plans.push(result);
  }
  const samples = join(ROOT, 'samples');
  for (const file of readdirSync(samples).filter((f) => /\.bplan\.ya?ml$/.test(f)).sort()) {
    const result = measure(`samples/${file}`, readFileSync(join(samples, file), 'utf8'), false, options.repetitions(10));
    options.log(`lint  ${result.plan}: parseDocument ${result.parse.median.toFixed(2)} ms, lintText ${result.lint.median.toFixed(2)} ms (${result.ratio.toFixed(2)}×)`);
    plans.push(result);
  }
  const generated = plans.filter((p) => p.generated).sort((a, b) => a.workloads - b.workloads);
  const from = generated[0]!;
  const to = generated[generated.length - 1]!;
  const ratio = to.lintPerWorkloadUs / from.lintPerWorkloadUs;
  return {
    plans,
    scaling: { fromWorkloads: from.workloads, toWorkloads: to.workloads, fromUs: from.lintPerWorkloadUs, toUs: to.lintPerWorkloadUs, ratio, limit: SCALING_LIMIT, pass: ratio <= SCALING_LIMIT },
  };
}

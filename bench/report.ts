/** The benchmark's results: their JSON shape, the targets of issue 8 checked against them, and the Markdown report. */
import type { CliResults } from './cli-suite';
import type { LintResults } from './lint-suite';
import type { ServerRun } from './lsp-suite';
import { int, ms, ratio } from './stats';
import type { Machine } from './stats';
import { ANCHOR_LINES } from './generate';

/**
 * Issue 8's anchors (2 cores, Node 20, yaml 2.9.1, yaml-language-server 1.25.0), by workloads: to
 * tell how this machine compares with the one the targets were set on.
 */
export const ANCHORS: Readonly<Record<number, { readonly parseMs: number; readonly ylsEditMs: number; readonly ylsPeakMB: number }>> = {
  100: { parseMs: 6.8, ylsEditMs: 27, ylsPeakMB: 114 },
  1000: { parseMs: 127, ylsEditMs: 139, ylsPeakMB: 202 },
  10000: { parseMs: 1383, ylsEditMs: 1373, ylsPeakMB: 1061 },
};

export const SUITES = ['lint', 'lsp', 'yls', 'cli', 'memory'] as const;
export type Suite = (typeof SUITES)[number];

export interface MemoryResult {
  readonly server: ServerRun['server'];
  readonly workloads: number;
  readonly peakRssMB: number | undefined;
  readonly rssMB: number | undefined;
}

export interface Target {
  readonly id: string;
  readonly measure: string;
  readonly target: string;
  readonly measured: string;
  /** The floor or the comparison it is measured against, as text. */
  readonly against: string;
  /** Measured / target bound (below 1 is better for times, above 1 for throughputs and speed-ups). */
  readonly ratio: number;
  readonly met: boolean;
  /**
   * For an absolute time or throughput: the measure at the speed of the machine the targets were set
   * on, scaled by how long parseDocument of a plan of that size took here against the anchor
   * (`factor` = anchor ÷ here), and whether it meets the target so. Ratios to a floor need no scaling.
   */
  readonly atAnchorSpeed?: { readonly value: string; readonly factor: number; readonly met: boolean };
}

export interface BenchResults {
  readonly schemaVersion: 1;
  /** When the run started (ISO 8601). */
  readonly date: string;
  readonly durationSeconds: number;
  readonly machine: Machine;
  /** The 1-, 5- and 15-minute load averages when the run started and ended: a busy machine makes every time longer. */
  readonly loadAverage: { readonly start: readonly number[]; readonly end: readonly number[] };
  /** Wall time of each suite that ran, s. */
  readonly suiteSeconds: Readonly<Partial<Record<Suite, number>>>;
  readonly options: { readonly quick: boolean; readonly only: readonly Suite[] };
  readonly lint?: LintResults;
  readonly lsp?: { readonly lintDelayMs: 0; readonly defaultLintDelayMs: number; readonly runs: readonly ServerRun[] };
  readonly yls?: { readonly debounceMs: number; readonly debounceSource: string; readonly runs: readonly ServerRun[] };
  readonly memory?: readonly MemoryResult[];
  readonly cli?: CliResults;
  readonly targets: readonly Target[];
  /** Why the run fails (exit code 1): scaling over its limit, diagnostics different from a fresh lint, a comparison that proves nothing. */
  readonly failures: readonly string[];
}

/** Issue 8's targets, as far as this run measured them. */
export function targetsOf(r: Omit<BenchResults, 'targets' | 'failures'>): Target[] {
  const targets: Target[] = [];
  type Scale = { readonly workloads: number; readonly show: (value: number) => string };
  const add = (t: Omit<Target, 'ratio' | 'met' | 'atAnchorSpeed'> & { readonly value: number; readonly bound: number; readonly higherIsBetter?: boolean; readonly scale?: Scale }): void => {
    const { value, bound, higherIsBetter, scale, ...rest } = t;
    const meets = (v: number): boolean => (higherIsBetter ? v >= bound : v <= bound);
    const factor = scale ? anchorFactor(r, scale.workloads) : undefined;
    const scaled = factor === undefined ? undefined : higherIsBetter ? value / factor : value * factor;
    targets.push({
      ...rest,
      ratio: value / bound,
      met: meets(value),
      ...(scaled !== undefined && factor !== undefined ? { atAnchorSpeed: { value: scale!.show(scaled), factor, met: meets(scaled) } } : {}),
    });
  };
  for (const p of r.lint?.plans.filter((p) => p.generated) ?? []) {
    add({
      id: `lint-ratio-${p.workloads}`,
      measure: `lintText / parseDocument, ${int(p.workloads)} workloads`,
      target: '≤ 1.5×',
      measured: `${ratio(p.ratio)} (${ms(p.lint.median)})`,
      against: `parseDocument ${ms(p.parse.median)}`,
      value: p.ratio,
      bound: 1.5,
    });
  }
  if (r.lint) {
    const s = r.lint.scaling;
    add({
      id: 'lint-scaling',
      measure: `lintText per workload, ${int(s.toWorkloads)} / ${int(s.fromWorkloads)} workloads`,
      target: `≤ ${s.limit}× (fails the run)`,
      measured: ratio(s.ratio),
      against: `${us(s.toUs)} / ${us(s.fromUs)}`,
      value: s.ratio,
      bound: s.limit,
    });
  }
  const bound: Record<number, number> = { 1000: 30, 10000: 150 };
  for (const run of r.lsp?.runs ?? []) {
    const limit = bound[run.workloads];
    if (limit !== undefined) {
      add({
        id: `lsp-edit-${run.workloads}`,
        measure: `edit → diagnostics, ${int(run.workloads)} workloads`,
        target: `≤ ${limit} ms`,
        measured: ms(run.edit.median),
        against: `lintText ${ms(r.lint?.plans.find((p) => p.generated && p.workloads === run.workloads)?.lint.median ?? Number.NaN)} in process`,
        value: run.edit.median,
        bound: limit,
        scale: { workloads: run.workloads, show: ms },
      });
    }
    const yls = r.yls?.runs.find((y) => y.workloads === run.workloads);
    if (yls) {
      const speedup = yls.editAdjusted.median / run.edit.median;
      add({
        id: `lsp-vs-yls-${run.workloads}`,
        measure: `speed-up over yaml-language-server, ${int(run.workloads)} workloads`,
        target: '≥ 5×',
        measured: ratio(speedup),
        against: `yaml-language-server ${ms(yls.editAdjusted.median)} less debounce`,
        value: speedup,
        bound: 5,
        higherIsBetter: true,
      });
    }
  }
  if (r.cli) {
    const c = r.cli;
    add({
      id: 'cli-cold-start',
      measure: 'CLI cold start, one small plan',
      target: '≤ 2× node -e ""',
      measured: `${ratio(c.coldStart.ratio)} (${ms(c.coldStart.cli.median)})`,
      against: `node -e "" ${ms(c.coldStart.node.median)}; code cache ${c.coldStart.codeCache}`,
      value: c.coldStart.ratio,
      bound: 2,
    });
    add({
      id: 'cli-throughput',
      measure: `small plans per second, ${c.many.cores} cores`,
      target: '≥ 1,000/s',
      measured: `${int(c.many.filesPerSecond)}/s`,
      against: `one thread ${int(c.many.oneThreadFilesPerSecond)}/s`,
      value: c.many.filesPerSecond,
      bound: 1000,
      higherIsBetter: true,
      // The small plans are samples and 10-workload plans: the nearest anchor is the 100-workload parse.
      scale: { workloads: 100, show: (v) => `${int(v)}/s` },
    });
  }
  const memory = r.memory?.find((m) => m.server === 'bplan' && m.workloads === 10000);
  const ylsMemory = r.memory?.find((m) => m.server === 'yaml-language-server' && m.workloads === 10000);
  if (memory?.peakRssMB !== undefined) {
    add({
      id: 'server-rss-10000',
      measure: 'server peak RSS, 10,000 workloads open',
      target: '≤ 200 MB',
      measured: mb(memory.peakRssMB),
      against: `yaml-language-server ${mb(ylsMemory?.peakRssMB)}`,
      value: memory.peakRssMB,
      bound: 200,
    });
  }
  return targets;
}

/** Issue 8's parseDocument time for a plan of this size ÷ this run's: how much faster the anchor machine parses. */
function anchorFactor(r: Omit<BenchResults, 'targets' | 'failures'>, workloads: number): number | undefined {
  const here = r.lint?.plans.find((p) => p.generated && p.workloads === workloads)?.parse.median;
  const anchor = ANCHORS[workloads]?.parseMs;
  return here && anchor ? anchor / here : undefined;
}

/** Why the run fails: the checks that make the numbers meaningless or show a quadratic step. */
export function failuresOf(r: Omit<BenchResults, 'targets' | 'failures'>): string[] {
  const failures: string[] = [];
  if (r.lint && !r.lint.scaling.pass) {
    const s = r.lint.scaling;
    failures.push(`lintText per workload grows ${ratio(s.ratio)} from ${int(s.fromWorkloads)} to ${int(s.toWorkloads)} workloads (limit ${s.limit}×)`);
  }
  for (const run of r.lsp?.runs ?? []) {
    for (const m of run.mismatches) failures.push(`bplan server, ${int(run.workloads)} workloads: ${m}`);
    if (!run.schemaCheck.pass) failures.push(`bplan server, ${int(run.workloads)} workloads: the schema check failed (${run.schemaCheck.detail})`);
  }
  for (const run of r.yls?.runs ?? []) {
    if (!run.schemaCheck.pass) failures.push(`yaml-language-server, ${int(run.workloads)} workloads: it did not apply bplan's schema (${run.schemaCheck.detail}), so the comparison means nothing`);
  }
  return failures;
}

const row = (cells: readonly (string | number)[]): string => `| ${cells.join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] => [row(head), row(head.map(() => '---')), ...rows.map(row)];
const mb = (value: number | undefined): string => (value === undefined ? '—' : `${int(value)} MB`);
const us = (value: number): string => (Number.isFinite(value) ? (value < 100 ? `${value.toFixed(1)} µs` : `${int(value)} µs`) : '—');
const metText = (met: boolean): string => (met ? 'met' : '**missed**');

export function markdown(r: BenchResults): string {
  const m = r.machine;
  const out: string[] = [
    `# bplan benchmark — ${r.date.slice(0, 10)}, ${m.gitSha}${m.gitDirty ? ' (with uncommitted changes)' : ''}`,
    '',
    `${m.cores} cores (${m.cpu}), ${m.memoryGB} GB, ${m.platform}; Node ${m.node}; yaml ${m.yaml}; yaml-language-server ${m.yamlLanguageServer}; bplan ${m.bplan}.`,
    `Run: \`${command(r)}\`, ${Math.round(r.durationSeconds)} s. Times are medians after warm-up.`,
    `Load average ${load(r.loadAverage.start)} at the start, ${load(r.loadAverage.end)} at the end${busy(r) ? ` — **a busy machine** (more runnable processes than its ${m.cores} cores): every time is longer than on an idle one, compare the ratios` : ''}.`,
    '',
  ];

  if (r.targets.length) {
    out.push(
      '## Targets (issue 8)',
      '',
      ...table(
        ['measure', 'target', 'measured', 'against', 'ratio to target', '', "at the anchors' speed"],
        r.targets.map((t) => [
          t.measure,
          t.target,
          t.measured,
          t.against,
          ratio(t.ratio),
          metText(t.met),
          t.atAnchorSpeed ? `${t.atAnchorSpeed.value} (× ${t.atAnchorSpeed.factor.toFixed(2)}): ${t.atAnchorSpeed.met ? 'met' : 'missed'}` : '',
        ]),
      ),
      '',
      "Absolute times and throughputs depend on the machine. The last column scales them by how fast this machine parses a plan of that size with `yaml.parseDocument` against issue 8's anchor (see \"This machine against issue 8's anchors\" below): an estimate of the measure on the machine the targets were set on, not a measurement. The verdict in the sixth column is for this machine, as measured.",
      '',
    );
  }
  if (r.failures.length) out.push('## Failures', '', ...r.failures.map((f) => `- ${f}`), '');

  if (r.lint) {
    out.push(
      '## lintText vs yaml.parseDocument (in process)',
      '',
      ...table(
        ['plan', 'workloads', 'lines', 'parseDocument', 'lintText', 'ratio (≤ 1.5×)', 'lintText per workload', 'runs', 'findings'],
        r.lint.plans.map((p) => [
          p.plan,
          int(p.workloads),
          int(p.lines),
          ms(p.parse.median),
          ms(p.lint.median),
          ratio(p.ratio),
          us(p.lintPerWorkloadUs),
          p.lint.runs,
          p.findings.error + p.findings.warning + p.findings.info,
        ]),
      ),
      '',
      `Scaling: lintText per workload ${us(r.lint.scaling.toUs)} at ${int(r.lint.scaling.toWorkloads)} workloads, ${us(r.lint.scaling.fromUs)} at ${int(r.lint.scaling.fromWorkloads)}: ${ratio(r.lint.scaling.ratio)} (the run fails above ${r.lint.scaling.limit}×).`,
      '',
    );
  }

  const runs = [...(r.lsp?.runs ?? []), ...(r.yls?.runs ?? [])];
  if (runs.length) {
    out.push(
      '## Language servers: one-character edit → diagnostics over stdio',
      '',
      ...table(
        ['server', 'workloads', 'lines', 'open → diagnostics', 'edit → diagnostics', 'less debounce', 'min – max', 'edits', 'check'],
        runs.map((run) => [
          run.server,
          int(run.workloads),
          int(run.lines),
          ms(run.openMs),
          ms(run.edit.median),
          run.debounceSubtractedMs ? `${ms(run.editAdjusted.median)} (−${run.debounceSubtractedMs} ms)` : ms(run.editAdjusted.median),
          `${ms(run.edit.min)} – ${ms(run.edit.max)}`,
          run.edit.runs,
          [run.equalsFreshLint === undefined ? '' : run.equalsFreshLint ? 'equals a fresh lint' : '**differs from a fresh lint**', run.schemaCheck.pass ? 'schema check passed' : '**schema check failed**']
            .filter(Boolean)
            .join('; '),
        ]),
      ),
      '',
    );
    if (r.lsp) {
      out.push(
        `bplan runs with \`bplan.lintDelay\` 0; its default debounce, ${r.lsp.defaultLintDelayMs} ms after the last keystroke, comes on top in an editor and is not included. ` +
          'The edits change a digit of one workload\'s `sizeGB` and of one server\'s scratch `freeGB` in the middle of the plan, in turn; every publish is compared with a fresh `lintText` of the same text.',
      );
    }
    if (r.yls) out.push(`yaml-language-server validates with bplan's JSON Schema (\`yaml.schemas\`); its fixed ${r.yls.debounceMs} ms validation debounce (${r.yls.debounceSource}) is subtracted in "less debounce".`);
    const checks = runs.map((run) => `- ${run.server}, ${int(run.workloads)} workloads: ${run.schemaCheck.detail}`);
    out.push('Schema check (a digit of `sizeGB` replaced by `x`, then restored):', '', ...checks, '');
  }

  const anchored = anchorRows(r);
  if (anchored.length) {
    out.push(
      "## This machine against issue 8's anchors",
      '',
      ...table(['workloads', 'lines (anchor)', 'parseDocument (anchor)', 'yaml-language-server edit → diagnostics less debounce (anchor)', 'yaml-language-server peak RSS (anchor)'], anchored),
      '',
    );
  }

  if (r.memory?.length) {
    out.push(
      '## Memory: server peak RSS (VmHWM) after opening and editing the plan',
      '',
      ...table(['server', 'workloads', 'peak RSS', 'RSS at the end'], r.memory.map((x) => [x.server, int(x.workloads), mb(x.peakRssMB), mb(x.rssMB)])),
      '',
    );
  }

  if (r.cli) {
    const c = r.cli;
    out.push(
      '## CLI',
      '',
      ...table(
        ['measure', 'median', 'min – max', 'runs', 'result'],
        [
          [`\`bplan lint ${c.coldStart.plan}\``, ms(c.coldStart.cli.median), `${ms(c.coldStart.cli.min)} – ${ms(c.coldStart.cli.max)}`, c.coldStart.cli.runs, `${ratio(c.coldStart.ratio)} node -e ""`],
          ['`node -e ""`', ms(c.coldStart.node.median), `${ms(c.coldStart.node.min)} – ${ms(c.coldStart.node.max)}`, c.coldStart.node.runs, 'floor'],
          [`\`bplan lint\` ${int(c.many.files)} small plans, workers (${c.many.cores} cores)`, ms(c.many.workers.median), `${ms(c.many.workers.min)} – ${ms(c.many.workers.max)}`, c.many.workers.runs, `${int(c.many.filesPerSecond)} plans/s`],
          [`the same, one thread (\`BPLAN_WORKERS=0\`)`, ms(c.many.oneThread.median), `${ms(c.many.oneThread.min)} – ${ms(c.many.oneThread.max)}`, c.many.oneThread.runs, `${int(c.many.oneThreadFilesPerSecond)} plans/s`],
        ],
      ),
      '',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function command(r: BenchResults): string {
  const args = [...(r.options.quick ? ['--quick'] : []), ...(r.options.only.length < SUITES.length ? ['--only', r.options.only.join(',')] : [])];
  return args.length ? `node out/bench/run.js ${args.join(' ')}` : 'npm run bench';
}

const load = (values: readonly number[]): string => values.map((v) => v.toFixed(2)).join(' / ');

/** Whether the machine had more runnable processes than cores at the start or the end. */
function busy(r: BenchResults): boolean {
  return Math.max(r.loadAverage.start[0] ?? 0, r.loadAverage.end[0] ?? 0) > r.machine.cores;
}

/** Lines, parse times and yaml-language-server's numbers beside the anchors, for the sizes this run measured. */
function anchorRows(r: BenchResults): string[][] {
  const rows: string[][] = [];
  for (const [size, anchor] of Object.entries(ANCHORS)) {
    const workloads = Number(size);
    const plan = r.lint?.plans.find((p) => p.generated && p.workloads === workloads);
    const yls = r.yls?.runs.find((y) => y.workloads === workloads);
    if (!plan && !yls) continue;
    const beside = (value: string | undefined, of: string): string => `${value ?? '—'} (${of})`;
    rows.push([
      int(workloads),
      beside(plan ? int(plan.lines) : yls ? int(yls.lines) : undefined, int(ANCHOR_LINES[workloads] ?? Number.NaN)),
      beside(plan ? ms(plan.parse.median) : undefined, ms(anchor.parseMs)),
      beside(yls ? ms(yls.editAdjusted.median) : undefined, ms(anchor.ylsEditMs)),
      beside(yls ? mb(yls.peakRssMB) : undefined, mb(anchor.ylsPeakMB)),
    ]);
  }
  return rows;
}

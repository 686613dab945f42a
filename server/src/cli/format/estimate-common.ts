/**
 * What the estimate formats (table, Markdown, HTML) share: units, the working of each number with
 * its inputs substituted, and one view of a server that every text format renders. The numbers come
 * from the core estimator (server/src/core/estimate.ts) unchanged; nothing here computes an estimate,
 * it only adds up what the estimator gives (the pool's growth over the retention window) and writes
 * out the arithmetic.
 */
import { FORMULA_SYMBOLS as SYMBOLS } from '../../core/estimate';
import type { PlanEstimate, Quantity, ServerEstimate, WorkloadEstimate } from '../../core/estimate';
import { PRODUCT_NAMES } from '../../core/products';
import { sizing, sizingConstant } from '../../core/sizing';

/** One plan file's estimate, as the CLI hands it to a formatter. */
export interface FileEstimate {
  /** As shown to the user: relative to the working directory, forward slashes. */
  readonly file: string;
  readonly estimate: PlanEstimate;
  /** Why the estimate is empty (YAML errors), when it is. */
  readonly note?: string;
}

// ---- numbers and units ------------------------------------------------------------------------------

/** A number with at most `decimals` decimals, thousands grouped with commas (en-US, independent of ICU). */
export function num(n: number, decimals = 2): string {
  const f = 10 ** decimals;
  const rounded = Math.round(Math.abs(n) * f) / f;
  const [int, frac] = String(rounded).split('.') as [string, string | undefined];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = n < 0 && rounded !== 0 ? '−' : '';
  return `${sign}${grouped}${frac ? `.${frac}` : ''}`;
}

/** GB below 1,000 GB, TB (÷ 1024, two decimals) from 1,000 GB; always with the unit. */
export function size(gb: number): string {
  if (Math.abs(gb) < 1000) return `${num(gb)} GB`;
  const tb = Math.abs(gb) / 1024;
  return `${gb < 0 ? '−' : ''}${tb.toFixed(2)} TB`;
}

/** A size for the working: in TB also the exact GB, so the arithmetic can be checked. */
export function sizeExact(gb: number): string {
  return Math.abs(gb) < 1000 ? size(gb) : `${size(gb)} (${num(gb)} GB)`;
}

/** A size or a range of sizes in one unit: "5,200–7,800 GB" → "5.08–7.62 TB". */
export function sizeRange(low: number, high: number): string {
  if (Math.abs(high) < 1000) return `${num(low)}–${num(high)} GB`;
  return `${(low / 1024).toFixed(2)}–${(high / 1024).toFixed(2)} TB`;
}

export const UNKNOWN = '?';
export const NOT_APPLICABLE = '—';

// ---- quantities ------------------------------------------------------------------------------------

/** A quantity the estimator gives as 0 only to say "not applicable" (no formula inputs, no sources). */
export function notApplicable(q: Quantity): boolean {
  return q.value === 0 && Object.keys(q.inputs).length === 0 && q.sources.length === 0 && !q.missing;
}

/** What a missing input reads as; a workload's own quantities name only the key, so add whose it is. */
export function missingText(q: Quantity, workload?: string): string {
  const items = (q.missing ?? ['a usable input']).map((m) =>
    workload !== undefined && /^[A-Za-z]+$/.test(m) ? `${m} of workload "${workload}"` : m,
  );
  return `needs ${items.join(', ')}`;
}

/** The value of a quantity in its unit, GB as GB/TB; `?` when unknown, `—` when not applicable. */
export function cell(q: Quantity): string {
  if (q.value === null) return UNKNOWN;
  if (notApplicable(q)) return NOT_APPLICABLE;
  return q.unit === 'GB' ? size(q.value) : num(q.value);
}

/** The value with its unit, for prose and the working: "525 GB", "89 recovery points". */
export function valueText(q: Quantity, exact = true): string {
  if (q.value === null) return 'unknown';
  if (q.unit === 'GB') return exact ? sizeExact(q.value) : size(q.value);
  return `${num(q.value)} ${q.unit}`;
}

/** Inputs that are sizes in GB, shown with the unit when substituted. */
const GB_INPUTS = new Set(['DS', 'protectedGB', 'vaultGB', 'systemStateGB']);
/** Words of the estimator's formulas that stand for one input. */
const PHRASES: readonly (readonly [string, string])[] = [
  ['data backed up to the vault', 'vaultGB'],
  ['protected data', 'protectedGB'],
  ['recovery points a day', 'perDay'],
  ['retention days', 'retentionDays'],
];
const SYMBOL = /\b(DS|LC|RR|N|AT)\b/g;

function inputText(key: string, value: number | string): string {
  if (typeof value === 'string') return value;
  return GB_INPUTS.has(key) ? `${num(value, 4)} GB` : num(value, 4);
}

/** The symbols a formula uses, for the legend above the working. */
export function symbolsOf(formula: string): string[] {
  return [...formula.matchAll(SYMBOL)].map((m) => m[1]!);
}

/**
 * One line of working: `label = formula = formula with the inputs substituted = result`. A formula
 * the estimator already wrote out (the recovery point count) is shown as written; a piecewise one
 * (protected instances) with its inputs after it. An unknown value says what is missing.
 */
export function workingLine(label: string, q: Quantity, workload?: string, limit?: number | null): string {
  if (notApplicable(q)) return /^not applicable/.test(q.formula) ? `${label}: ${q.formula}` : `${label}: not applicable (${q.formula})`;
  const tail = limit !== undefined && limit !== null && q.value !== null ? ` (limit ${num(limit)})` : '';
  if (q.value === null) return `${label} = ${q.formula} = unknown: ${missingText(q, workload)}`;
  const result = `${valueText(q)}${tail}`;

  // "… (2 a day × 30 days + 12 weekly = 72)": the estimator's own working.
  const worked = /^(.*) \((.+) = ([\d.,]+)\)$/.exec(q.formula);
  if (worked) return `${label} = ${worked[1]} = ${worked[2]} = ${result}`;

  const sum = /^Σ /.test(q.formula);
  if (sum) {
    const terms = Object.entries(q.inputs).map(([name, v]) => (typeof v === 'number' ? `${num(v)} GB (${name})` : `unknown (${name})`));
    return `${label} = ${q.formula} = ${terms.length ? terms.join(' + ') : '0 GB'} = ${result}`;
  }

  const entries = Object.entries(q.inputs);
  const piecewise = q.formula.includes(';');
  if (!piecewise && entries.length) {
    // Substitute: drop the explanatory "(the rest of …)", then phrases, then symbols.
    let text = q.formula.replace(/ \(the rest of .*\)$/, '');
    let substituted = 0;
    for (const [phrase, key] of PHRASES) {
      if (key in q.inputs && text.includes(phrase)) {
        text = text.split(phrase).join(inputText(key, q.inputs[key]!));
        substituted++;
      }
    }
    let unresolved = false;
    text = text.replace(SYMBOL, (symbol: string) => {
      if (!(symbol in q.inputs)) {
        unresolved = true;
        return symbol;
      }
      substituted++;
      return inputText(symbol, q.inputs[symbol]!);
    });
    if (substituted > 0 && !unresolved) return `${label} = ${q.formula} = ${text} = ${result}`;
  }
  const given = entries.map(([k, v]) => `${k} = ${inputText(k, v)}`).join(', ');
  return `${label} = ${q.formula}${given ? `; with ${given}` : ''} → ${result}`;
}

// ---- the pool's growth -------------------------------------------------------------------------------

export interface Growth {
  /** Pool use by day: the sum of the workloads' series, each held at its last value after its window. */
  readonly points: readonly { readonly day: number; readonly GB: number }[];
  /** Workloads on disk without a series (an input is missing): not in the sum. */
  readonly excluded: readonly string[];
}

function at(series: readonly { day: number; GB: number }[], day: number): number {
  if (day <= series[0]!.day) return series[0]!.GB;
  for (let i = 1; i < series.length; i++) {
    const b = series[i]!;
    if (day <= b.day) {
      const a = series[i - 1]!;
      return b.day === a.day ? b.GB : a.GB + ((b.GB - a.GB) * (day - a.day)) / (b.day - a.day);
    }
  }
  return series[series.length - 1]!.GB;
}

/** The server's pool use over the longest retention window: Σ of the workloads' poolGrowth by day. */
export function serverGrowth(server: ServerEstimate): Growth {
  const onDisk = server.workloads.filter((w) => w.method !== 'none');
  const withSeries = onDisk.filter((w) => w.poolGrowth.length > 0);
  const excluded = onDisk.filter((w) => w.poolGrowth.length === 0).map((w) => w.name);
  const days = [...new Set(withSeries.flatMap((w) => w.poolGrowth.map((p) => p.day)))].sort((a, b) => a - b);
  const points = days.map((day) => ({ day, GB: Math.round(withSeries.reduce((s, w) => s + at(w.poolGrowth, day), 0) * 100) / 100 }));
  return { points, excluded };
}

// ---- one server, ready to render ------------------------------------------------------------------------

export const METHOD_LABEL: Record<WorkloadEstimate['method'], string> = { legacy: 'legacy', 'modern-backup-storage': 'MBS', none: NOT_APPLICABLE };
export const METHOD_LONG: Record<WorkloadEstimate['method'], string> = {
  legacy: 'legacy storage (DPM default allocation)',
  'modern-backup-storage': 'Modern Backup Storage',
  none: 'no disk storage',
};

const METHOD_SHORT: Record<WorkloadEstimate['method'], string> = { legacy: 'legacy storage', 'modern-backup-storage': 'Modern Backup Storage', none: 'no disk storage' };

export const COLUMNS = ['WORKLOAD', 'TYPE', 'METHOD', 'SIZE', 'REPLICA', 'RP VOLUME', 'DISK RPs / LIMIT', 'VAULT RPs / LIMIT', 'PROTECTED INSTANCES'] as const;
/** Which columns hold numbers (right-aligned). */
export const NUMERIC = [false, false, false, true, true, true, true, true, true] as const;

export interface WorkingItem {
  readonly n: number;
  readonly text: string;
  readonly sources: readonly string[];
}

export interface WorkingGroup {
  readonly title: string;
  readonly items: readonly WorkingItem[];
  /** Each assumption once, with the numbers of the items that make it. */
  readonly assumptions: readonly { readonly text: string; readonly items: readonly number[] }[];
}

export interface ServerView {
  readonly server: ServerEstimate;
  readonly name: string;
  /** "MABS v3 UR2 — Azure Backup Server". */
  readonly title: string;
  /** "Modern Backup Storage", when some workload is on disk. */
  readonly storage?: string;
  readonly rows: readonly (readonly string[])[];
  readonly pool?: {
    readonly needed: string;
    readonly capacity: string;
    readonly headroom: string;
    readonly minimum: string;
    readonly recommended: string;
  };
  readonly scratch: { readonly needed: string; readonly free: string; readonly headroom: string } | { readonly notApplicable: string };
  readonly legend: readonly string[];
  readonly working: readonly WorkingGroup[];
  readonly growth: Growth;
}

function diff(a: number | null, b: number | null): string {
  if (a === null || b === null) return UNKNOWN;
  const d = Math.round((a - b) * 100) / 100;
  return d >= 0 ? size(d) : `short by ${size(-d)}`;
}

function ratioCell(q: Quantity, limit: number | null): string {
  if (notApplicable(q)) return NOT_APPLICABLE;
  return `${cell(q)} / ${limit === null ? UNKNOWN : num(limit)}`;
}

function instancesCell(q: Quantity): string {
  if (q.value === null) return UNKNOWN;
  if (notApplicable(q)) return NOT_APPLICABLE;
  return /small/.test(q.unit) ? `${num(q.value)} (small)` : num(q.value);
}

function refsOf(...ids: Parameters<typeof sizingConstant>[0][]): string[] {
  return [...new Set(ids.flatMap((id) => sizingConstant(id).sources.map((s) => s.ref)))];
}

class Numbering {
  private n = 0;
  group(title: string, entries: readonly { text: string; sources: readonly string[]; assumptions: readonly string[] }[]): WorkingGroup {
    const items: WorkingItem[] = [];
    const assumptions = new Map<string, number[]>();
    for (const e of entries) {
      const n = ++this.n;
      items.push({ n, text: e.text, sources: e.sources });
      for (const a of e.assumptions) {
        const list = assumptions.get(a);
        if (list) list.push(n);
        else assumptions.set(a, [n]);
      }
    }
    return { title, items, assumptions: [...assumptions].map(([text, list]) => ({ text, items: list })) };
  }
}

function entry(label: string, q: Quantity, workload?: string, limit?: number | null) {
  return { text: workingLine(label, q, workload, limit), sources: q.sources, assumptions: q.assumptions };
}

/** Everything a text format shows of one server, in display strings. */
export function serverView(server: ServerEstimate): ServerView {
  const product = server.product !== undefined && server.product in PRODUCT_NAMES ? PRODUCT_NAMES[server.product as keyof typeof PRODUCT_NAMES].long : undefined;
  const title = product ? `${server.label} — ${product}` : server.label;
  const methods = [...new Set(server.workloads.map((w) => w.method).filter((m) => m !== 'none'))];

  const rows = server.workloads.map((w) => [
    w.name,
    w.type ?? UNKNOWN,
    METHOD_LABEL[w.method],
    w.sizeGB === null ? UNKNOWN : size(w.sizeGB),
    cell(w.replicaGB),
    cell(w.recoveryPointVolumeGB),
    ratioCell(w.diskRecoveryPoints, w.diskRecoveryPointLimit),
    ratioCell(w.onlineRecoveryPoints, w.onlineRecoveryPointLimit),
    instancesCell(w.protectedInstances),
  ]);

  const numbering = new Numbering();
  const working: WorkingGroup[] = [];
  const symbols = new Set<string>();
  for (const w of server.workloads) {
    const entries = [];
    const diskNa = notApplicable(w.replicaGB) && notApplicable(w.recoveryPointVolumeGB) && notApplicable(w.diskRecoveryPoints);
    if (diskNa) {
      entries.push({ text: `replica, recovery point volume and disk recovery points: not applicable (${w.replicaGB.formula})`, sources: [], assumptions: [] });
    } else {
      entries.push(entry('replica', w.replicaGB, w.name), entry('recovery point volume', w.recoveryPointVolumeGB, w.name));
      entries.push(entry('disk recovery points', w.diskRecoveryPoints, w.name, w.diskRecoveryPointLimit));
    }
    entries.push(entry('vault recovery points', w.onlineRecoveryPoints, w.name, w.onlineRecoveryPointLimit));
    entries.push(entry('protected instances', w.protectedInstances, w.name));
    for (const q of [w.replicaGB, w.recoveryPointVolumeGB]) for (const s of symbolsOf(q.formula)) symbols.add(s);
    const kind = [w.type ?? 'type unknown', w.sizeGB === null ? 'size unknown' : size(w.sizeGB), w.method === 'none' ? undefined : METHOD_SHORT[w.method]].filter(Boolean).join(', ');
    working.push(numbering.group(`${w.name} (${kind})`, entries));
  }

  const totals = [];
  let pool: ServerView['pool'];
  const sp = server.storagePool;
  if (sp) {
    const onDisk = server.workloads.filter((w) => w.method !== 'none');
    const terms = onDisk.map((w) => (w.sizeGB === null ? `unknown (${w.name})` : `${num(w.sizeGB)} GB (${w.name})`));
    totals.push({
      text:
        sp.protectedGB === null
          ? `protected data = Σ DS over the workloads on disk = unknown: needs ${onDisk.filter((w) => w.sizeGB === null).map((w) => `sizeGB of workload "${w.name}"`).join(', ')}`
          : `protected data = Σ DS over the workloads on disk = ${terms.length ? terms.join(' + ') : '0 GB'} = ${sizeExact(sp.protectedGB)}`,
      sources: [],
      assumptions: [],
    });
    totals.push(entry('pool needed', sp.requiredGB));
    totals.push({
      text:
        sp.capacityGB === null
          ? `pool capacity = Σ sizeGB of the storage pool disks = unknown: needs storagePool.disks, each with sizeGB, of server "${server.name}"`
          : `pool capacity = Σ sizeGB of the storage pool disks (from the plan) = ${sizeExact(sp.capacityGB)}`,
      sources: [],
      assumptions: [],
    });
    totals.push(entry('rule of thumb, minimum', sp.ruleOfThumbMinGB));
    const low = sizing('pool-rule-of-thumb-recommended-low');
    const high = sizing('pool-rule-of-thumb-recommended-high');
    const rec = sp.ruleOfThumbRecommendedGB;
    totals.push({
      text:
        rec.low === null || rec.high === null || sp.protectedGB === null
          ? `rule of thumb, recommended = ${low}–${high} × protected data = unknown: needs the size of every workload on disk`
          : `rule of thumb, recommended = ${low}–${high} × protected data = ${low} × ${num(sp.protectedGB)} GB to ${high} × ${num(sp.protectedGB)} GB = ${sizeRange(rec.low, rec.high)}${rec.high >= 1000 ? ` (${num(rec.low)}–${num(rec.high)} GB)` : ''}`,
      sources: refsOf('pool-rule-of-thumb-recommended-low', 'pool-rule-of-thumb-recommended-high'),
      assumptions: [],
    });
    pool = {
      needed: sp.requiredGB.value === null ? UNKNOWN : size(sp.requiredGB.value),
      capacity: sp.capacityGB === null ? UNKNOWN : size(sp.capacityGB),
      headroom: diff(sp.capacityGB, sp.requiredGB.value),
      minimum: sp.ruleOfThumbMinGB.value === null ? UNKNOWN : size(sp.ruleOfThumbMinGB.value),
      recommended: rec.low === null || rec.high === null ? UNKNOWN : sizeRange(rec.low, rec.high),
    };
  }

  let scratch: ServerView['scratch'];
  if (notApplicable(server.scratch.requiredGB)) {
    scratch = { notApplicable: server.scratch.requiredGB.formula.replace(/^not applicable: /, '') };
    totals.push(entry('scratch needed', server.scratch.requiredGB));
  } else {
    totals.push(entry('scratch needed', server.scratch.requiredGB));
    const free = server.scratch.freeGB;
    totals.push({
      text: free === null ? `scratch free = unknown: needs scratch.freeGB of server "${server.name}"` : `scratch free = scratch.freeGB (from the plan) = ${sizeExact(free)}`,
      sources: [],
      assumptions: [],
    });
    scratch = {
      needed: server.scratch.requiredGB.value === null ? UNKNOWN : size(server.scratch.requiredGB.value),
      free: free === null ? UNKNOWN : size(free),
      headroom: diff(free, server.scratch.requiredGB.value),
    };
  }
  working.push(numbering.group(`${server.name} (server totals)`, totals));

  const legend = Object.keys(SYMBOLS)
    .filter((s) => symbols.has(s))
    .map((s) => `${s} = ${SYMBOLS[s]}${s === 'AT' ? ` (${sizing('legacy-alert-threshold') * 100} % unless storagePool.alertThresholdPercent says otherwise)` : ''}`);

  return {
    server,
    name: server.name,
    title,
    ...(methods.length ? { storage: methods.map((m) => METHOD_LONG[m]).join(' and ') } : {}),
    rows,
    ...(pool ? { pool } : {}),
    scratch,
    legend,
    working,
    growth: serverGrowth(server),
  };
}

/** The plan totals as label/value pairs. */
export function planTotals(estimate: PlanEstimate): [string, string][] {
  const t = estimate.totals;
  const hasPool = estimate.servers.some((s) => s.storagePool);
  const hasScratch = estimate.servers.some((s) => !notApplicable(s.scratch.requiredGB));
  const g = (v: number | null) => (v === null ? `${UNKNOWN} (see the working)` : size(v));
  return [
    ['protected data', g(t.protectedGB)],
    ...(hasPool ? ([['storage pool needed', g(t.poolRequiredGB)], ['storage pool capacity', g(t.poolCapacityGB)]] as [string, string][]) : []),
    ...(hasScratch ? ([['scratch needed', g(t.scratchRequiredGB)]] as [string, string][]) : []),
    ['protected instances', t.protectedInstances === null ? `${UNKNOWN} (see the working)` : num(t.protectedInstances)],
  ];
}

export function hasUnknown(view: ServerView): boolean {
  return view.rows.some((r) => r.includes(UNKNOWN) || r.some((c) => c.includes(`/ ${UNKNOWN}`)));
}

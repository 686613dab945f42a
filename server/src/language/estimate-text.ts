/**
 * The estimates as the editor shows them (hover and code lens): the core estimator's numbers,
 * unchanged, with their units and working written out. Nothing here computes an estimate.
 */
import { FORMULA_SYMBOLS as SYMBOLS } from '../core/estimate';
import { markdownEscape as md } from '../core/text';
import { estimatePlan } from '../core/estimate';
import type { PlanEstimate, Quantity, ServerEstimate, WorkloadEstimate } from '../core/estimate';
import type { Server, Workload } from '../core/model';
import type { PlanDocument } from './document';

/** A number with at most `decimals` decimals and thousands grouped with commas (independent of ICU). */
export function num(n: number, decimals = 2): string {
  const f = 10 ** decimals;
  const rounded = Math.round(Math.abs(n) * f) / f;
  const [int, frac] = String(rounded).split('.') as [string, string | undefined];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 && rounded !== 0 ? '−' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/**
 * A size for a code lens: GB below 1,000 GB, TB from there, one decimal. TB is GB ÷ 1024, as in
 * `bplan estimate` (docs/estimates.md), so the lens and the report agree.
 */
export function lensSize(gb: number): string {
  return Math.abs(gb) < 1000 ? `${num(gb, 1)} GB` : `${num(gb / 1024, 1)} TB`;
}

/** A size for a hover: two decimals, and in TB also the exact GB, so the arithmetic can be checked. */
export function hoverSize(gb: number): string {
  return Math.abs(gb) < 1000 ? `${num(gb)} GB` : `${num(gb / 1024)} TB (${num(gb)} GB)`;
}


/** Text in inline code, with a fence long enough for any backticks inside. */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${fence}`;
}

const estimateCache = new WeakMap<PlanDocument, PlanEstimate>();

/**
 * The estimates of the plan the editor shows. The lint estimates only a plan whose YAML is sound;
 * while it has errors, the plan recovered from what yaml could read is estimated instead, so the
 * numbers do not vanish mid-typing.
 */
export function estimatesOf(doc: PlanDocument): PlanEstimate {
  const cached = estimateCache.get(doc);
  if (cached) return cached;
  const analysis = doc.analysis;
  let estimate = analysis.plan === doc.plan ? analysis.result.estimates : undefined;
  if (!estimate) {
    try {
      estimate = estimatePlan(doc.plan);
    } catch {
      estimate = { servers: [], totals: { protectedGB: null, poolRequiredGB: null, poolCapacityGB: null, scratchRequiredGB: null, protectedInstances: null } };
    }
  }
  estimateCache.set(doc, estimate);
  return estimate;
}

/** A server's estimate, matched by the span of its name (a second server of the same name has none). */
export function serverEstimateOf(estimate: PlanEstimate, server: Server): ServerEstimate | undefined {
  const at = server.name?.span.start;
  return at === undefined ? undefined : estimate.servers.find((s) => s.span.start === at && s.name === server.name?.value);
}

export function workloadEstimateOf(estimate: PlanEstimate, workload: Workload): WorkloadEstimate | undefined {
  const at = workload.name?.span.start ?? workload.span.start;
  for (const server of estimate.servers) {
    const found = server.workloads.find((w) => w.span.start === at);
    if (found) return found;
  }
  return undefined;
}

/** A quantity the estimator gives as 0 only to say "not applicable" (no inputs, no sources, nothing missing). */
export function notApplicable(q: Quantity): boolean {
  return q.value === 0 && Object.keys(q.inputs).length === 0 && q.sources.length === 0 && !q.missing;
}

/** The value with its unit: "525 GB", "4.52 TB (4,627.65 GB)", "89 recovery points". */
export function quantityValue(q: Quantity): string {
  if (q.value === null) return 'unknown';
  return q.unit === 'GB' ? hoverSize(q.value) : `${num(q.value)} ${q.unit}`;
}

/** Inputs that are sizes in GB. */
const GB_INPUTS = /^(DS|protectedGB|vaultGB|systemStateGB)$/;

/** An input as substituted; a sum over workloads (the pool) has GB per workload. */
function inputText(q: Quantity, key: string, value: number | string): string {
  if (typeof value === 'string') return value;
  return GB_INPUTS.test(key) || (q.unit === 'GB' && q.formula.startsWith('Σ')) ? `${num(value, 4)} GB` : num(value, 4);
}


export function symbolsOf(q: Quantity): string[] {
  return Object.keys(SYMBOLS).filter((s) => new RegExp(`\\b${s}\\b`).test(q.formula));
}

/**
 * One Markdown bullet of working: `label: **value** = formula (inputs) · sources`, or what is
 * missing. `limit` adds "of at most N" for counts that have one.
 */
export function workingBullet(label: string, q: Quantity, limit?: number | null): string {
  if (q.value === null) {
    return `- ${label}: **unknown** — needs ${md((q.missing ?? ['a usable input']).join(', '))} (${code(q.formula)})`;
  }
  const over = limit !== undefined && limit !== null && q.value > limit;
  const of = limit !== undefined && limit !== null ? ` of at most ${num(limit)}${over ? ' ⚠ over the limit' : ''}` : '';
  const inputs = Object.entries(q.inputs).map(([k, v]) => `${md(k)} = ${md(inputText(q, k, v))}`);
  const sources = q.sources.length ? ` · ${q.sources.join(', ')}` : '';
  return `- ${label}: **${md(quantityValue(q))}**${of} = ${code(q.formula)}${inputs.length ? ` with ${inputs.join(', ')}` : ''}${sources}`;
}

/** Assumptions and the symbol legend of a set of quantities, each once, as Markdown lines. */
export function workingNotes(quantities: readonly Quantity[]): string[] {
  const out: string[] = [];
  const symbols = [...new Set(quantities.flatMap(symbolsOf))];
  if (symbols.length) out.push(`*Symbols:* ${symbols.map((s) => `${s} = ${SYMBOLS[s]}`).join('; ')}.`);
  const assumptions = [...new Set(quantities.flatMap((q) => q.assumptions))];
  if (assumptions.length) out.push(`*Assumptions:* ${assumptions.map(md).join('; ')}.`);
  return out;
}

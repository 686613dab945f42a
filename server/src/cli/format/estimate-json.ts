/**
 * `bplan estimate --format json`: shape version 1, documented in docs/estimates.md. Stable: fields
 * are only ever added; removing or renaming one bumps `version`. Every number the estimator gives
 * as a Quantity is written as { value, unit, formula, inputs, assumptions, sources, missing? };
 * the estimator's internals (spans) are left out and a plan path is given as `location`.
 */
import type { Quantity, ServerEstimate, WorkloadEstimate } from '../../core/estimate';
import type { FileEstimate } from './estimate-common';

export const ESTIMATE_JSON_VERSION = 1;

export interface JsonQuantity {
  value: number | null;
  unit: string;
  formula: string;
  inputs: Record<string, number | string>;
  assumptions: string[];
  sources: string[];
  missing?: string[];
}

function quantity(q: Quantity): JsonQuantity {
  return {
    value: q.value,
    unit: q.unit,
    formula: q.formula,
    inputs: { ...q.inputs },
    assumptions: [...q.assumptions],
    sources: [...q.sources],
    ...(q.missing ? { missing: [...q.missing] } : {}),
  };
}

function workload(w: WorkloadEstimate) {
  return {
    name: w.name,
    location: w.path,
    type: w.type ?? null,
    method: w.method,
    sizeGB: w.sizeGB,
    replicaGB: quantity(w.replicaGB),
    recoveryPointVolumeGB: quantity(w.recoveryPointVolumeGB),
    diskRecoveryPoints: quantity(w.diskRecoveryPoints),
    diskRecoveryPointLimit: w.diskRecoveryPointLimit,
    onlineRecoveryPoints: quantity(w.onlineRecoveryPoints),
    onlineRecoveryPointLimit: w.onlineRecoveryPointLimit,
    protectedInstances: quantity(w.protectedInstances),
    vaultGB: w.vaultGB,
    poolGrowth: w.poolGrowth.map((p) => ({ day: p.day, GB: p.GB })),
  };
}

function server(s: ServerEstimate) {
  const sp = s.storagePool;
  return {
    name: s.name,
    location: s.path,
    product: s.product ?? null,
    label: s.label,
    ...(sp
      ? {
          storagePool: {
            requiredGB: quantity(sp.requiredGB),
            capacityGB: sp.capacityGB,
            ruleOfThumbMinGB: quantity(sp.ruleOfThumbMinGB),
            ruleOfThumbRecommendedGB: { low: sp.ruleOfThumbRecommendedGB.low, high: sp.ruleOfThumbRecommendedGB.high },
            protectedGB: sp.protectedGB,
          },
        }
      : {}),
    scratch: { requiredGB: quantity(s.scratch.requiredGB), freeGB: s.scratch.freeGB },
    workloads: s.workloads.map(workload),
  };
}

/**
 * JSON with two-space indentation, but an array or object that holds only numbers, strings, booleans
 * and nulls stays on one line when that line fits in 120 columns (sources, inputs, growth points):
 * still plain JSON, a third of the length.
 */
export function prettyJson(value: unknown, indent = ''): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const isArray = Array.isArray(value);
  const entries: [string, unknown][] = isArray ? (value as unknown[]).map((v, i) => [String(i), v]) : Object.entries(value as object);
  if (entries.length === 0) return isArray ? '[]' : '{}';
  const item = ([k, v]: [string, unknown], inner: string) => (isArray ? '' : `${JSON.stringify(k)}: `) + prettyJson(v, inner);
  if (entries.every(([, v]) => v === null || typeof v !== 'object')) {
    const flat = entries.map((e) => item(e, '')).join(', ');
    const line = isArray ? `[${flat}]` : `{ ${flat} }`;
    if (indent.length + line.length <= 120) return line;
  }
  const inner = `${indent}  `;
  const body = entries.map((e) => `${inner}${item(e, inner)}`).join(',\n');
  return isArray ? `[\n${body}\n${indent}]` : `{\n${body}\n${indent}}`;
}

export function formatEstimateJson(files: readonly FileEstimate[], toolVersion: string): string {
  const body = {
    version: ESTIMATE_JSON_VERSION,
    tool: { name: 'bplan', version: toolVersion },
    files: files.map((f) => ({
      file: f.file,
      ...(f.note ? { note: f.note } : {}),
      servers: f.estimate.servers.map(server),
      totals: { ...f.estimate.totals },
    })),
  };
  return prettyJson(body) + '\n';
}

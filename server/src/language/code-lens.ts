/** Code lens: the estimate above each server and workload ("pool 4.5 TB of 7.8 TB · scratch 130 GB of 300 GB"). */
import type { CodeLens, Range } from 'vscode-languageserver-types';
import type { ServerEstimate, WorkloadEstimate } from '../core/estimate';
import type { Entity, Server, Workload } from '../core/model';
import type { PlanDocument } from './document';
import { estimatesOf, lensSize, notApplicable, num, serverEstimateOf, workloadEstimateOf } from './estimate-text';

/** The command the VS Code client registers; other editors show the title only. */
export const SHOW_ESTIMATE_REPORT = 'bplan.showEstimateReport';

/** "sizeGB of workload "a"" items, shortened for one line: one named, several counted. */
function neededInputs(missing: readonly string[]): string {
  const perWorkload = missing.map((m) => /^(\w+) of workload "(.*)"$/.exec(m));
  if (perWorkload.every((m) => m !== null)) {
    const keys = [...new Set(perWorkload.map((m) => m![1]!))];
    const names = [...new Set(perWorkload.map((m) => m![2]!))];
    return `${keys.join(', ')} of ${names.length === 1 ? `workload "${names[0]}"` : `${names.length} workloads`}`;
  }
  return [...new Set(missing)].join(', ');
}

/** "pool 4.5 TB of 7.8 TB", "pool 9.2 TB of 7.8 TB ⚠ too small", or what the estimate lacks. */
function capacityPart(what: string, needed: number | null, missing: readonly string[] | undefined, available: number | null, noAvailable: string): string {
  if (needed === null) return `${what}: estimate needs ${neededInputs(missing ?? ['a usable input'])}`;
  if (available === null) return `${what} ${lensSize(needed)} needed, ${noAvailable}`;
  return `${what} ${lensSize(needed)} of ${lensSize(available)}${needed > available ? ' ⚠ too small' : ''}`;
}

function instancesPart(value: number | null): string {
  return value === null ? 'protected instances: estimate needs sizeGB' : `${num(value)} protected instance${value === 1 ? '' : 's'}`;
}

export function serverLensTitle(server: Server, estimate: ServerEstimate | undefined): string {
  if (!estimate) return server.name ? `no estimate: another server is named "${server.name.value}"` : 'no estimate: the server has no name';
  const parts: string[] = [];
  const pool = estimate.storagePool;
  if (pool) {
    const noDisks = server.poolDisks.length === 0 ? 'no storagePool.disks' : 'a storagePool disk has no sizeGB';
    parts.push(capacityPart('pool', pool.requiredGB.value, pool.requiredGB.missing, pool.capacityGB, noDisks));
  }
  const scratch = estimate.scratch.requiredGB;
  if (notApplicable(scratch)) {
    const toVault = estimate.workloads.filter((w) => w.toVault);
    const total = toVault.reduce<number | null>((sum, w) => (sum === null || w.protectedInstances.value === null ? null : sum + w.protectedInstances.value), 0);
    parts.push(instancesPart(total), 'no pool or scratch');
  } else {
    parts.push(capacityPart('scratch', scratch.value, scratch.missing, estimate.scratch.freeGB, 'no scratch.freeGB'));
  }
  return parts.join(' · ');
}

/** "70 disk (⚠ over 64)": a count against its limit. */
function countText(value: number, limit: number | null | undefined, what: string): string {
  return `${num(value)} ${what}${limit !== null && limit !== undefined && value > limit ? ` (⚠ over ${num(limit)})` : ''}`;
}

export function workloadLensTitle(workload: Workload, estimate: WorkloadEstimate | undefined): string {
  if (!estimate) {
    if (!workload.server) return 'no estimate: needs server';
    return `no estimate: no server named "${workload.server.value}" in the plan`;
  }
  const parts: string[] = [];
  const missing = new Set<string>();
  for (const q of [estimate.replicaGB, estimate.recoveryPointVolumeGB, estimate.protectedInstances]) {
    if (q.value === null) for (const m of q.missing ?? ['a usable input']) missing.add(m);
  }
  if (missing.size) parts.push(`estimate needs ${[...missing].join(', ')}`);
  else if (estimate.method !== 'none') parts.push(`storage ${lensSize(estimate.replicaGB.value! + estimate.recoveryPointVolumeGB.value!)}`);

  const disk = notApplicable(estimate.diskRecoveryPoints) ? undefined : estimate.diskRecoveryPoints.value;
  const online = notApplicable(estimate.onlineRecoveryPoints) ? undefined : estimate.onlineRecoveryPoints.value;
  const counts = [
    ...(disk !== undefined && disk !== null ? [countText(disk, estimate.diskRecoveryPointLimit, 'disk')] : []),
    ...(online !== undefined && online !== null ? [countText(online, estimate.onlineRecoveryPointLimit, 'online')] : []),
  ];
  if (counts.length) parts.push(`${counts.join(' / ')} recovery points`);
  const instances = estimate.protectedInstances;
  if (!notApplicable(instances) && instances.value !== null) parts.push(instancesPart(instances.value));
  return parts.length ? parts.join(' · ') : 'no estimate: the policy sets no disk or online goals';
}

/** The line of the item's `name` key, or the item's start while it has no name. */
function lensRange(doc: PlanDocument, entity: Entity): Range {
  const at = entity.name?.keySpan ?? { start: entity.span.start, end: entity.span.start };
  return doc.range(at);
}

export function codeLenses(doc: PlanDocument): CodeLens[] {
  try {
    const plan = doc.plan;
    if (plan.servers.length + plan.workloads.length === 0) return [];
    const estimate = estimatesOf(doc);
    const lens = (entity: Entity, title: string): CodeLens => ({
      range: lensRange(doc, entity),
      command: { title, command: SHOW_ESTIMATE_REPORT, arguments: [doc.uri] },
    });
    return [
      ...plan.servers.map((s) => lens(s, serverLensTitle(s, serverEstimateOf(estimate, s)))),
      ...plan.workloads.map((w) => lens(w, workloadLensTitle(w, workloadEstimateOf(estimate, w)))),
    ].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  } catch {
    return [];
  }
}

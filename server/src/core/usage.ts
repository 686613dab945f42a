import type { Policy, Server, Workload } from './model';
import { isProduct } from './products';
import type { Product } from './types';

export interface PolicyUse {
  readonly workload: Workload;
  readonly server: Server;
  readonly product: Product;
}

interface Lookup {
  readonly serversByName: ReadonlyMap<string, Server>;
  readonly workloadsByPolicy: ReadonlyMap<string, readonly Workload[]>;
}

/** Every (workload, server) that follows a policy, where the server and its product are known. */
export function usesOf(ctx: Lookup, policy: Policy): PolicyUse[] {
  if (!policy.name) return [];
  const out: PolicyUse[] = [];
  for (const workload of ctx.workloadsByPolicy.get(policy.name.value) ?? []) {
    const server = workload.server ? ctx.serversByName.get(workload.server.value) : undefined;
    const product = server?.product?.value;
    if (server && isProduct(product)) out.push({ workload, server, product });
  }
  return out;
}

/** The first use per key, in plan order: one finding per product or per workload kind, not per workload. */
export function firstBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Minutes in a duration such as 15m or 4h; undefined for anything else. */
export function durationMinutes(text: string): number | undefined {
  const match = /^(\d+)(m|h)$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * (match[2] === 'h' ? 60 : 1);
}

export function formatMinutes(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}

/**
 * Whether a policy's disk goals concern DPM or MABS: some workload on DPM/MABS follows it, or no
 * workload with a known product does (an unused policy is still checked). A policy that only MARS
 * or Azure VM backup workloads follow has no disk goals to check.
 */
export function diskGoalsApply(ctx: Lookup, policy: Policy): boolean {
  const uses = usesOf(ctx, policy);
  return uses.length === 0 || uses.some((u) => u.product === 'dpm' || u.product === 'mabs');
}

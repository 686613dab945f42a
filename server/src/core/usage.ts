import { byName } from './model';
import type { Plan, Policy, Server, Workload, WorkloadType } from './model';
import { isProduct, WORKLOAD_NAMES } from './products';
import type { Located, Product } from './types';

export interface PolicyUse {
  readonly workload: Workload;
  /** The workload's type as written. */
  readonly type: WorkloadType | undefined;
  readonly server: Server;
  readonly product: Product;
}

type NamedWorkload = Workload & { readonly name: Located<string> };

/**
 * A workload, the fields most rules look at first, and what it refers to: most rules, and the
 * estimates, start from a workload's type, server or policy.
 */
export interface WorkloadRef {
  readonly workload: Workload;
  /** The workload's type as written. */
  readonly type: WorkloadType | undefined;
  /** The workload's operating system as written. */
  readonly os: string | undefined;
  /** The server it names, where the plan defines one by that name (the first, if several have it). */
  readonly server: Server | undefined;
  /** That server's product, where it is one bplan knows. */
  readonly product: Product | undefined;
  /** The policy it names, where the plan defines one by that name (the first, if several have it). */
  readonly policy: Policy | undefined;
}

/**
 * The plan's references, resolved once per plan and shared by every rule and the estimates. In a
 * large plan, reading the model (scattered in memory) costs more than anything done with it: each
 * workload's names are read and looked up here once, not once per rule.
 */
interface PlanIndex {
  readonly refs: readonly WorkloadRef[];
  /** The uses of each policy name, in plan order (a use is its workload's ref). */
  readonly usesByName: ReadonlyMap<string, readonly PolicyUse[]>;
  /** The first workload of each name. */
  readonly workloadsByName: ReadonlyMap<string, NamedWorkload>;
  /** The workloads whose name an earlier workload has, in plan order. */
  readonly namesakes: readonly NamedWorkload[];
  /** The workloads of each server, in plan order. */
  readonly byServer: ReadonlyMap<Server, readonly WorkloadRef[]>;
  readonly serversByName: ReadonlyMap<string, Server>;
  readonly policiesByName: ReadonlyMap<string, Policy>;
  /** The uses of each policy asked for, by the policy itself: a dozen rules ask, and its name need not be read again. */
  readonly uses: Map<Policy, readonly PolicyUse[]>;
  readonly firstUses: Map<Policy, ReadonlyMap<Product, PolicyUse>>;
  readonly diskGoals: Map<Policy, boolean>;
}

/**
 * Keyed by the plan object: a plan is never changed once built (an edit builds a new one), and the
 * index goes with it.
 */
const INDEXES = new WeakMap<Plan, PlanIndex>();

const NO_USES: readonly PolicyUse[] = Object.freeze([]);
const NO_REFS: readonly WorkloadRef[] = Object.freeze([]);
/** Each known type as its own constant string, so that comparing types compares references. */
const TYPE_IDS = new Map(Object.keys(WORKLOAD_NAMES).map((type) => [type, type as WorkloadType]));

function indexPlan(plan: Plan): PlanIndex {
  const serversByName = byName(plan.servers);
  const policiesByName = byName(plan.policies);
  // Each server with its product, side by side: a few hundred small records stay in cache while the
  // workloads stream past, where the servers' own fields would not.
  const targets = new Map<string, { readonly server: Server; readonly product: Product | undefined }>();
  for (const [name, server] of serversByName) {
    const product = server.product?.value;
    targets.set(name, { server, product: isProduct(product) ? product : undefined });
  }
  const workloads = plan.workloads;
  // Reading the model is mostly waiting on memory. A first pass that only collects the names lets
  // the processor wait for many workloads at once; the lookups then find them at hand.
  const count = workloads.length;
  const names: (string | undefined)[] = new Array(count);
  const types: (WorkloadType | undefined)[] = new Array(count);
  const serverNames: (string | undefined)[] = new Array(count);
  const policyNames: (string | undefined)[] = new Array(count);
  const systems: (string | undefined)[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const workload = workloads[i]!;
    names[i] = workload.name?.value;
    types[i] = workload.type?.value;
    serverNames[i] = workload.server?.value;
    policyNames[i] = workload.policy?.value;
    systems[i] = workload.os?.value;
  }
  const usesByName = new Map<string, PolicyUse[]>();
  const byServer = new Map<Server, WorkloadRef[]>();
  const workloadsByName = new Map<string, NamedWorkload>();
  const namesakes: NamedWorkload[] = [];
  const refs: WorkloadRef[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const workload = workloads[i]!;
    const name = names[i];
    if (name !== undefined) {
      if (!workloadsByName.has(name)) workloadsByName.set(name, workload as NamedWorkload);
      else namesakes.push(workload as NamedWorkload);
    }
    const serverName = serverNames[i];
    const policyName = policyNames[i];
    const type = types[i];
    const target = serverName === undefined ? undefined : targets.get(serverName);
    const server = target?.server;
    const ref: WorkloadRef = {
      workload,
      type: type === undefined ? undefined : (TYPE_IDS.get(type) ?? type),
      os: systems[i],
      server,
      product: target?.product,
      policy: policyName === undefined ? undefined : policiesByName.get(policyName),
    };
    refs[i] = ref;
    if (!server) continue;
    const mine = byServer.get(server);
    if (mine) mine.push(ref);
    else byServer.set(server, [ref]);
    if (policyName !== undefined && ref.product) {
      const uses = usesByName.get(policyName);
      if (uses) uses.push(ref as PolicyUse);
      else usesByName.set(policyName, [ref as PolicyUse]);
    }
  }
  return { refs, usesByName, workloadsByName, namesakes, byServer, serversByName, policiesByName, uses: new Map(), firstUses: new Map(), diskGoals: new Map() };
}

/** The reference of one workload, resolved against the plan's servers and policies by name. */
function refOf(workload: Workload, serversByName: ReadonlyMap<string, Server>, policiesByName: ReadonlyMap<string, Policy>): WorkloadRef {
  const type = workload.type?.value;
  const serverName = workload.server?.value;
  const policyName = workload.policy?.value;
  const server = serverName === undefined ? undefined : serversByName.get(serverName);
  const product = server?.product?.value;
  return {
    workload,
    type: type === undefined ? undefined : (TYPE_IDS.get(type) ?? type),
    os: workload.os?.value,
    server,
    product: isProduct(product) ? product : undefined,
    policy: policyName === undefined ? undefined : policiesByName.get(policyName),
  };
}

/**
 * The plan an edit made from another (core/incremental.ts): it shares every item the edit did not
 * touch, so its index is the other's with a few entries changed. One step back only: the older
 * plan's own link is dropped, so that no chain of old plans stays in memory.
 */
const EDITED_FROM = new WeakMap<Plan, Plan>();

export function planEditedFrom(plan: Plan, base: Plan): void {
  EDITED_FROM.delete(base);
  EDITED_FROM.set(plan, base);
}

/** Positions where two lists hold different objects; undefined when their lengths differ or too many changed to be worth updating. */
function changedPositions<T>(before: readonly T[], after: readonly T[]): number[] | undefined {
  if (before === after) return [];
  if (before.length !== after.length) return undefined;
  const changed: number[] = [];
  for (let i = 0; i < before.length; i++) {
    if (before[i] !== after[i] && changed.push(i) > 64) return undefined;
  }
  return changed;
}

/**
 * The index of `plan`, made from `base`'s, when the edit between them changed items but no name a
 * reference is made by (names, and the server and policy names workloads give): each changed item's
 * entries are replaced, in place of the same positions; the rest is shared. Undefined otherwise,
 * and the index is built anew. test/incremental.test.ts compares both.
 */
function updatedIndex(old: PlanIndex, base: Plan, plan: Plan): PlanIndex | undefined {
  const servers = changedPositions(base.servers, plan.servers);
  const policies = changedPositions(base.policies, plan.policies);
  const workloads = changedPositions(base.workloads, plan.workloads);
  if (!servers || !policies || !workloads) return undefined;
  const sameName = (a: { name?: Located<string> }, b: { name?: Located<string> }) => a.name?.value === b.name?.value;
  if (servers.some((i) => !sameName(base.servers[i]!, plan.servers[i]!))) return undefined;
  if (policies.some((i) => !sameName(base.policies[i]!, plan.policies[i]!))) return undefined;
  for (const i of workloads) {
    const a = base.workloads[i]!;
    const b = plan.workloads[i]!;
    if (!sameName(a, b) || a.server?.value !== b.server?.value || a.policy?.value !== b.policy?.value) return undefined;
  }

  // Servers and policies replaced by an edit, where they are the ones their name refers to.
  const swap = <T extends { name?: Located<string> }>(positions: number[], before: readonly T[], after: readonly T[], byName: ReadonlyMap<string, T>) => {
    const swapped = new Map<T, T>();
    if (!positions.length) return { byName, swapped };
    const copy = new Map(byName);
    for (const i of positions) {
      const name = before[i]!.name?.value;
      if (name !== undefined && byName.get(name) === before[i]) {
        copy.set(name, after[i]!);
        swapped.set(before[i]!, after[i]!);
      }
    }
    return { byName: copy as ReadonlyMap<string, T>, swapped };
  };
  const s = swap(servers, base.servers, plan.servers, old.serversByName);
  const p = swap(policies, base.policies, plan.policies, old.policiesByName);

  const affected = new Set(workloads);
  if (s.swapped.size || p.swapped.size) {
    old.refs.forEach((ref, i) => {
      if ((ref.server && s.swapped.has(ref.server)) || (ref.policy && p.swapped.has(ref.policy))) affected.add(i);
    });
  }

  const refs = old.refs.slice();
  const byServer = new Map(old.byServer);
  for (const [before, after] of s.swapped) {
    const list = byServer.get(before);
    byServer.delete(before);
    if (list) byServer.set(after, list);
  }
  const usesByName = new Map(old.usesByName);
  let workloadsByName = old.workloadsByName;
  let namesakes = old.namesakes;
  const copied = new Set<unknown>();
  const writable = <K, V>(map: Map<K, readonly V[]>, key: K): V[] => {
    const list = map.get(key)!;
    if (copied.has(list)) return list as V[];
    const copy = list.slice();
    copied.add(copy);
    map.set(key, copy);
    return copy;
  };
  const changedNames = new Set<string>();
  for (const i of affected) {
    const before = old.refs[i]!;
    const ref = refOf(plan.workloads[i]!, s.byName, p.byName);
    refs[i] = ref;
    if (ref.server) {
      const list = writable(byServer, ref.server);
      list[list.indexOf(before)] = ref;
    }
    const policyName = ref.workload.policy?.value;
    const wasUse = before.server !== undefined && before.product !== undefined && policyName !== undefined;
    const isUse = ref.server !== undefined && ref.product !== undefined && policyName !== undefined;
    // A workload that starts or stops counting as a use would change the order of the uses: build anew.
    if (wasUse !== isUse) return undefined;
    if (isUse) {
      const list = writable(usesByName, policyName);
      list[list.indexOf(before as PolicyUse)] = ref as PolicyUse;
      changedNames.add(policyName);
    }
    const name = ref.workload.name?.value;
    if (name !== undefined && workloadsByName.get(name) === before.workload) {
      if (workloadsByName === old.workloadsByName) workloadsByName = new Map(old.workloadsByName);
      (workloadsByName as Map<string, NamedWorkload>).set(name, ref.workload as NamedWorkload);
    }
    const at = namesakes.indexOf(before.workload as NamedWorkload);
    if (at >= 0) {
      if (namesakes === old.namesakes) namesakes = old.namesakes.slice();
      (namesakes as NamedWorkload[])[at] = ref.workload as NamedWorkload;
    }
  }

  // What was worked out per policy stays true for a policy that is still in the plan and whose uses did not change.
  const keeps = (policy: Policy) => !p.swapped.has(policy) && !(policy.name && changedNames.has(policy.name.value));
  const kept = <V>(map: Map<Policy, V>) => new Map([...map].filter(([policy]) => keeps(policy)));
  return {
    refs,
    usesByName,
    workloadsByName,
    namesakes,
    byServer,
    serversByName: s.byName,
    policiesByName: p.byName,
    uses: kept(old.uses),
    firstUses: kept(old.firstUses),
    diskGoals: kept(old.diskGoals),
  };
}

function indexOf(plan: Plan): PlanIndex {
  let index = INDEXES.get(plan);
  if (!index) {
    const base = EDITED_FROM.get(plan);
    const before = base && INDEXES.get(base);
    EDITED_FROM.delete(plan);
    index = (base && before && updatedIndex(before, base, plan)) || indexPlan(plan);
    INDEXES.set(plan, index);
  }
  return index;
}

interface Lookup {
  readonly plan: Plan;
}

/** Every workload with the server and policy it refers to, in plan order. */
export function workloadRefs(ctx: Lookup): readonly WorkloadRef[] {
  return indexOf(ctx.plan).refs;
}

/** The workloads that share the name of an earlier one, each with that first one, in plan order. */
export function workloadNamesakes(ctx: Lookup): { readonly workload: NamedWorkload; readonly first: NamedWorkload }[] {
  const index = indexOf(ctx.plan);
  return index.namesakes.map((workload) => ({ workload, first: index.workloadsByName.get(workload.name.value)! }));
}

/** The workloads of a server, in plan order (those that name it, when it is the first server of its name). */
export function workloadsOf(ctx: Lookup, server: Server): readonly WorkloadRef[] {
  return indexOf(ctx.plan).byServer.get(server) ?? NO_REFS;
}

/** The workloads that name a server, in plan order. */
export function workloadsNaming(ctx: Lookup, name: string): readonly WorkloadRef[] {
  const index = indexOf(ctx.plan);
  const server = index.serversByName.get(name);
  return (server && index.byServer.get(server)) ?? NO_REFS;
}

/** Every (workload, server) that follows a policy, where the server and its product are known. The list is shared: never change it. */
export function usesOf(ctx: Lookup, policy: Policy): readonly PolicyUse[] {
  const index = indexOf(ctx.plan);
  let uses = index.uses.get(policy);
  if (!uses) {
    uses = (policy.name && index.usesByName.get(policy.name.value)) || NO_USES;
    index.uses.set(policy, uses);
  }
  return uses;
}

/** The first use of a policy on each product, products in the order of their first use. */
export function firstUseByProduct(ctx: Lookup, policy: Policy): ReadonlyMap<Product, PolicyUse> {
  const index = indexOf(ctx.plan);
  let firsts = index.firstUses.get(policy);
  if (!firsts) {
    const map = new Map<Product, PolicyUse>();
    for (const u of usesOf(ctx, policy)) if (!map.has(u.product)) map.set(u.product, u);
    firsts = map;
    index.firstUses.set(policy, firsts);
  }
  return firsts;
}

/** The first use per key, in plan order: one finding per product or per workload kind, not per workload. */
export function firstBy<T, K extends string = string>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const DURATION = /^(\d+)(m|h)$/;

/** Minutes in a duration such as 15m or 4h; undefined for anything else. */
export function durationMinutes(text: string): number | undefined {
  const match = DURATION.exec(text);
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
  const index = indexOf(ctx.plan);
  let applies = index.diskGoals.get(policy);
  if (applies === undefined) {
    const products = firstUseByProduct(ctx, policy);
    applies = products.size === 0 || products.has('dpm') || products.has('mabs');
    index.diskGoals.set(policy, applies);
  }
  return applies;
}

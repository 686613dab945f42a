/**
 * Estimates: pure functions of the plan model. Every number carries its formula, its inputs, the
 * assumptions made and its sources, so a reviewer can redo it by hand; a number that lacks an input
 * is null and says what is missing, never a silent 0.
 */
import { limit } from './limits';
import type { OnlineGoals, Plan, Policy, Server, Workload, WorkloadType } from './model';
import { byName } from './model';
import { effectiveVersion, isFileData, isProduct, productLabel, versionRank } from './products';
import { sizing, sizingConstant } from './sizing';
import type { SizingId } from './sizing';
import type { Span } from './types';

export interface Quantity {
  /** The number, or null when an input is missing. */
  readonly value: number | null;
  readonly unit: string;
  /** The formula in words and symbols, with the inputs named as in `inputs`. */
  readonly formula: string;
  readonly inputs: Readonly<Record<string, number | string>>;
  readonly assumptions: readonly string[];
  /** Source refs: seeds (`seed 000`) or product-limits.md keys (`S8`). */
  readonly sources: readonly string[];
  /** What the plan would need to give for a value. */
  readonly missing?: readonly string[];
}

export type StorageMethod = 'legacy' | 'modern-backup-storage' | 'none';

export interface WorkloadEstimate {
  readonly name: string;
  readonly path: string;
  readonly span: Span;
  readonly type?: WorkloadType;
  readonly sizeGB: number | null;
  /** How the disk allocation is computed; `none` when the workload has no disk goals on DPM/MABS. */
  readonly method: StorageMethod;
  readonly replicaGB: Quantity;
  readonly recoveryPointVolumeGB: Quantity;
  readonly diskRecoveryPoints: Quantity;
  readonly diskRecoveryPointLimit: number | null;
  readonly onlineRecoveryPoints: Quantity;
  readonly onlineRecoveryPointLimit: number;
  readonly protectedInstances: Quantity;
  /** Whether the workload's policy sends it to the vault (has online goals). */
  readonly toVault: boolean;
  /** GB sent to the vault (the front-end size), or 0 when the workload has no online goals. */
  readonly vaultGB: number | null;
  /** Pool use over the retention window: day 0 (replica only) to the last retention day. */
  readonly poolGrowth: readonly { readonly day: number; readonly GB: number }[];
}

export interface ServerEstimate {
  readonly name: string;
  readonly path: string;
  readonly span: Span;
  readonly product?: string;
  readonly label: string;
  readonly storagePool?: {
    readonly requiredGB: Quantity;
    readonly capacityGB: number | null;
    readonly protectedGB: number | null;
    readonly ruleOfThumbMinGB: Quantity;
    readonly ruleOfThumbRecommendedGB: { readonly low: number | null; readonly high: number | null };
  };
  readonly scratch: {
    readonly requiredGB: Quantity;
    readonly freeGB: number | null;
  };
  readonly workloads: readonly WorkloadEstimate[];
}

export interface PlanEstimate {
  readonly servers: readonly ServerEstimate[];
  readonly totals: {
    readonly protectedGB: number | null;
    readonly poolRequiredGB: number | null;
    readonly poolCapacityGB: number | null;
    readonly scratchRequiredGB: number | null;
    readonly protectedInstances: number | null;
  };
}

const GB_PER_MB = 1 / 1024;

/** Rounded for display and JSON: two decimals is more than any input carries. */
export function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function q(
  value: number | null,
  unit: string,
  formula: string,
  inputs: Record<string, number | string>,
  sources: readonly string[],
  assumptions: readonly string[] = [],
  missing: readonly string[] = [],
): Quantity {
  const ok = value !== null && Number.isFinite(value);
  return {
    value: ok ? round(value) : null,
    unit,
    formula,
    inputs,
    assumptions,
    sources,
    ...(missing.length || !ok ? { missing: missing.length ? missing : ['a usable input'] } : {}),
  };
}

function refs(...ids: SizingId[]): string[] {
  return [...new Set(ids.flatMap((id) => sizingConstant(id).sources.map((s) => s.ref)))];
}

/**
 * Whether a DPM/MABS server stores on Modern Backup Storage: DPM 2016 and later, MABS v2 and later,
 * on Windows Server 2016 or later (A2, A18). An unknown OS is assumed to be 2016 or later for the
 * versions that support only that (MABS v3+, DPM 2019+).
 */
export function storageMethod(server: Server): { method: StorageMethod; assumption?: string } {
  const product = server.product?.value;
  if (product !== 'dpm' && product !== 'mabs') return { method: 'none' };
  const { version } = effectiveVersion(server);
  const modernVersion = product === 'dpm' ? versionRank('dpm', version) >= versionRank('dpm', '2016') : versionRank('mabs', version) >= versionRank('mabs', 'v2');
  if (!modernVersion) return { method: 'legacy' };
  const os = server.os?.value;
  if (os) {
    const year = Number(/windows-server-(\d{4})/.exec(os)?.[1] ?? 0);
    return { method: year >= 2016 ? 'modern-backup-storage' : 'legacy' };
  }
  const onlyModernOs = product === 'dpm' ? versionRank('dpm', version) >= versionRank('dpm', '2019') : versionRank('mabs', version) >= versionRank('mabs', 'v3');
  return onlyModernOs
    ? { method: 'modern-backup-storage' }
    : { method: 'modern-backup-storage', assumption: 'the server OS is not given; assumed Windows Server 2016 or later, where Modern Backup Storage is available' };
}

interface DiskInputs {
  readonly retentionDays: number;
  readonly perDay: number;
  readonly assumptions: string[];
}

function diskInputs(policy: Policy | undefined): DiskInputs {
  const assumptions: string[] = [];
  let retentionDays = policy?.disk?.retentionDays?.value;
  if (retentionDays === undefined || retentionDays <= 0) {
    retentionDays = sizing('legacy-default-retention');
    assumptions.push(`no disk retention given: the DPM default recommendation's ${retentionDays} days`);
  }
  let perDay = policy?.disk?.recoveryPoints?.value.length ?? 0;
  if (perDay === 0) {
    perDay = 1;
    assumptions.push('no recovery point times given: one recovery point a day');
  }
  return { retentionDays, perDay, assumptions };
}

/** The legacy (pre-Modern Backup Storage) default allocation of one data source, in GB. */
function legacyAllocation(
  type: WorkloadType,
  sizeGB: number,
  retentionDays: number,
  churnPercent: number | undefined,
  alertThreshold: number,
): { replica: Quantity; recoveryPoints: Quantity } {
  const constantGB = sizing('legacy-rp-constant') * GB_PER_MB;
  const sources = ['S3', 'S4'];
  const assumptions: string[] = [];
  const base = { DS: sizeGB, RR: retentionDays };
  const rpConstant = `${sizing('legacy-rp-constant')} MB`;
  switch (type) {
    case 'sql-server':
    case 'exchange':
    case 'sharepoint': {
      const defaultLc = type === 'sharepoint' ? sizing('legacy-log-change-sharepoint') : sizing('legacy-log-change-sql-exchange');
      const lc = churnPercent !== undefined ? churnPercent / 100 : defaultLc;
      if (churnPercent === undefined) assumptions.push(`log change LC = ${defaultLc * 100} % a day (DPM's default for ${type === 'sharepoint' ? 'SharePoint' : 'SQL Server and Exchange'})`);
      const k = type === 'exchange' ? 4.0 : type === 'sql-server' ? 2.5 : 1.5;
      const at = alertThreshold;
      const replica =
        type === 'sharepoint'
          ? q(sizeGB / (at - 0.05), 'GB', 'DS / (AT − 0.05)', { DS: sizeGB, AT: at }, sources, assumptions)
          : q((sizeGB * (1 + lc)) / (at - 0.05), 'GB', 'DS × (1 + LC) / (AT − 0.05)', { DS: sizeGB, LC: lc, AT: at }, sources, assumptions);
      const rp = q(k * retentionDays * lc * sizeGB + constantGB, 'GB', `${k} × RR × LC × DS + ${rpConstant}`, { ...base, LC: lc }, sources, assumptions);
      return { replica, recoveryPoints: rp };
    }
    case 'hyperv-vm':
    case 'vmware-vm': {
      if (type === 'vmware-vm') assumptions.push('no documented default allocation for VMware VMs: the Hyper-V formula');
      return {
        replica: q(sizeGB * 1.5, 'GB', 'DS × 1.5', { DS: sizeGB }, sources, assumptions),
        recoveryPoints: q(sizeGB * retentionDays * 0.1 + constantGB, 'GB', `DS × RR × 0.1 + ${rpConstant}`, base, sources, assumptions),
      };
    }
    case 'files':
    case 'system-state':
    case 'bare-metal':
    default: {
      if (type === 'bare-metal') assumptions.push('no documented default allocation for bare-metal recovery: the system state formula');
      return {
        replica: q((sizeGB * 3) / 2, 'GB', '(DS × 3) / 2', { DS: sizeGB }, sources, assumptions),
        recoveryPoints: q((sizeGB * retentionDays * 2) / 100 + constantGB, 'GB', `(DS × RR × 2) / 100 + ${rpConstant}`, base, sources, assumptions),
      };
    }
  }
}

/** The Modern Backup Storage allocation, split into the replica (DS × 1.05) and the rest. */
function modernAllocation(
  type: WorkloadType,
  sizeGB: number,
  disk: DiskInputs,
  churnPercent: number | undefined,
): { replica: Quantity; recoveryPoints: Quantity } {
  const overhead = sizing('mbs-overhead');
  const lc = churnPercent !== undefined ? churnPercent / 100 : sizing('mbs-log-change');
  const assumptions = [...disk.assumptions];
  if (churnPercent === undefined) assumptions.push(`log change LC = ${sizing('mbs-log-change') * 100} % a day (DPM's default recommendation)`);
  if (type === 'sql-server') assumptions.push('SQL Server transaction logs are added on top by DPM; the plan does not give their size, so they are not included');
  const sources = refs('mbs-overhead', 'mbs-log-change');
  // The replica uses neither the change rate nor the schedule: only the overhead.
  const replica = q(sizeGB * overhead, 'GB', 'DS × 1.05', { DS: sizeGB }, refs('mbs-overhead'));
  const rp = q(
    sizeGB * lc * disk.retentionDays * disk.perDay * overhead,
    'GB',
    'DS × LC × RR × N × 1.05 (the rest of DS × (1 + LC × RR × N) × 1.05)',
    { DS: sizeGB, LC: lc, RR: disk.retentionDays, N: disk.perDay },
    sources,
    assumptions,
  );
  return { replica, recoveryPoints: rp };
}

export interface OnlineRecoveryPoints {
  /** Backups to the vault per day: the number of `online.times` (at least 1). */
  readonly perDay: number;
  /** Days of daily retention. */
  readonly daily: number;
  /** Points kept in the weekly, monthly and yearly tiers. */
  readonly weekly: number;
  readonly monthly: number;
  readonly yearly: number;
  readonly total: number;
  /** The count's working: "2 a day × 7 days + 2 a week × 4 weeks + 2 a month × 12 months + 10 yearly = 56". */
  readonly working: string;
  readonly inputs: Readonly<Record<string, number>>;
}

/**
 * Recovery points a policy keeps in the vault per protected instance, counted as A10's worked example
 * does: each backup of the day for the daily days, and `pointsPerPeriod` (default 1) per week, month
 * and year of the other tiers.
 */
export function countOnlineRecoveryPoints(online: OnlineGoals): OnlineRecoveryPoints {
  const perDay = Math.max(1, online.times?.value.length ?? 0);
  const r = online.retention ?? {};
  const per = online.pointsPerPeriod ?? {};
  const weeklyEach = per.weekly?.value ?? 1;
  const monthlyEach = per.monthly?.value ?? 1;
  const yearlyEach = per.yearly?.value ?? 1;
  const daily = r.daily?.value ?? 0;
  const weekly = r.weekly?.value ?? 0;
  const monthly = r.monthly?.value ?? 0;
  const yearly = r.yearly?.value ?? 0;
  const total = perDay * daily + weeklyEach * weekly + monthlyEach * monthly + yearlyEach * yearly;
  const terms = [
    ...(r.daily ? [`${perDay} a day × ${daily} days`] : []),
    ...(r.weekly ? [weeklyEach === 1 ? `${weekly} weekly` : `${weeklyEach} a week × ${weekly} weeks`] : []),
    ...(r.monthly ? [monthlyEach === 1 ? `${monthly} monthly` : `${monthlyEach} a month × ${monthly} months`] : []),
    ...(r.yearly ? [yearlyEach === 1 ? `${yearly} yearly` : `${yearlyEach} a year × ${yearly} years`] : []),
  ];
  return {
    perDay,
    daily,
    weekly: weeklyEach * weekly,
    monthly: monthlyEach * monthly,
    yearly: yearlyEach * yearly,
    total,
    working: `${terms.join(' + ') || 'no retention'} = ${total}`,
    inputs: { perDay, daily, weekly, monthly, yearly, weeklyEach, monthlyEach, yearlyEach },
  };
}

/** Billing units by front-end size: ≤ 50 GB a small instance, ≤ 500 GB one, then one per 500 GB (secondary sources). */
export function protectedInstances(sizeGB: number | null): Quantity {
  const small = sizing('protected-instance-small');
  const unit = sizing('protected-instance-unit');
  const sources = refs('protected-instance-small', 'protected-instance-unit');
  const assumptions = ['secondary sources (product-limits.md §8): the official pricing page was not available'];
  if (sizeGB === null) return q(null, 'protected instances', `DS ≤ ${small} GB: 1 (small); ≤ ${unit} GB: 1; else ⌈DS / ${unit}⌉`, {}, sources, assumptions, ['sizeGB']);
  const value = sizeGB <= unit ? 1 : Math.ceil(sizeGB / unit);
  const tier = sizeGB <= small ? ' (a small instance)' : '';
  return q(value, `protected instance${value === 1 ? '' : 's'}${tier}`, `DS ≤ ${small} GB: 1 (small); ≤ ${unit} GB: 1; else ⌈DS / ${unit}⌉`, { DS: sizeGB }, sources, assumptions);
}

function workloadSize(workload: Workload): { sizeGB: number | null; assumption?: string } {
  const size = workload.sizeGB?.value;
  if (size !== undefined) return { sizeGB: size };
  if (workload.type?.value === 'system-state') {
    return { sizeGB: sizing('legacy-system-state-size'), assumption: `no size given: DPM assumes ${sizing('legacy-system-state-size')} GB for system state` };
  }
  if (workload.type?.value === 'bare-metal') {
    return { sizeGB: sizing('mbs-bmr-size'), assumption: `no size given: DPM assumes ${sizing('mbs-bmr-size')} GB for bare-metal recovery (third-party source)` };
  }
  return { sizeGB: null };
}

function estimateWorkload(workload: Workload, server: Server | undefined, policy: Policy | undefined, alertThreshold: number): WorkloadEstimate {
  const name = workload.name?.value ?? String(workload.index);
  const type = workload.type?.value;
  const { sizeGB, assumption: sizeAssumption } = workloadSize(workload);
  const churn = workload.dailyChurnPercent?.value;
  const onDisk = server && (server.product?.value === 'dpm' || server.product?.value === 'mabs') && policy?.disk !== undefined;
  const { method: serverMethod, assumption: methodAssumption } = server ? storageMethod(server) : { method: 'none' as const };
  const method: StorageMethod = onDisk ? serverMethod : 'none';
  const disk = diskInputs(policy);
  const extra = [sizeAssumption, methodAssumption].filter((a): a is string => a !== undefined);

  const none = (what: string) => q(0, 'GB', what, {}, [], [], []);
  let replicaGB: Quantity;
  let recoveryPointVolumeGB: Quantity;
  if (method === 'none') {
    replicaGB = none('no disk goals on DPM/MABS');
    recoveryPointVolumeGB = replicaGB;
  } else if (sizeGB === null || !type) {
    const missing = [...(sizeGB === null ? ['sizeGB'] : []), ...(!type ? ['type'] : [])];
    replicaGB = q(null, 'GB', method === 'legacy' ? 'DPM default allocation (replica)' : 'DS × 1.05', {}, [], extra, missing);
    recoveryPointVolumeGB = q(null, 'GB', method === 'legacy' ? 'DPM default allocation (recovery points)' : 'DS × LC × RR × N × 1.05', {}, [], extra, missing);
  } else {
    const allocation = method === 'legacy' ? legacyAllocation(type, sizeGB, disk.retentionDays, churn, alertThreshold) : modernAllocation(type, sizeGB, disk, churn);
    const withExtra = (x: Quantity): Quantity => ({ ...x, assumptions: [...extra, ...(method === 'legacy' ? disk.assumptions.filter((a) => a.includes('retention')) : []), ...x.assumptions] });
    replicaGB = withExtra(allocation.replica);
    recoveryPointVolumeGB = withExtra(allocation.recoveryPoints);
  }

  const fileData = type !== undefined && isFileData(type);
  const diskLimit = onDisk && type ? (fileData ? limit('disk-recovery-points-file').value : limit('disk-recovery-points-app').value) : null;
  const diskRecoveryPoints = onDisk
    ? q(disk.perDay * disk.retentionDays, 'recovery points', 'recovery points a day × retention days', { perDay: disk.perDay, retentionDays: disk.retentionDays }, ['seed 004', 'S9'], disk.assumptions)
    : q(0, 'recovery points', 'no disk goals on DPM/MABS', {}, []);

  const online = policy?.online;
  const counted = online ? countOnlineRecoveryPoints(online) : undefined;
  const onlineRecoveryPoints = counted
    ? q(counted.total, 'recovery points', `a day × daily days + weekly + monthly + yearly points (${counted.working})`, counted.inputs, ['A1', 'A10'])
    : q(0, 'recovery points', 'no online goals', {}, []);

  const vaultGB = online ? sizeGB : 0;
  const instances = online ? protectedInstances(sizeGB) : q(0, 'protected instances', 'no online goals', {}, []);

  const growth: { day: number; GB: number }[] = [];
  if (replicaGB.value !== null && recoveryPointVolumeGB.value !== null && method !== 'none') {
    const days = disk.retentionDays;
    const steps = Math.min(days, 30);
    for (let i = 0; i <= steps; i++) {
      const day = Math.round((i * days) / steps);
      growth.push({ day, GB: round(replicaGB.value + (recoveryPointVolumeGB.value * day) / days) });
    }
  }

  return {
    name,
    path: workload.path,
    span: workload.name?.span ?? workload.span,
    type,
    sizeGB,
    method,
    replicaGB,
    recoveryPointVolumeGB,
    diskRecoveryPoints,
    diskRecoveryPointLimit: diskLimit,
    onlineRecoveryPoints,
    onlineRecoveryPointLimit: limit('online-recovery-points-max').value,
    protectedInstances: instances,
    toVault: online !== undefined,
    vaultGB,
    poolGrowth: growth,
  };
}

function sum(values: readonly (number | null)[]): number | null {
  let total = 0;
  for (const v of values) {
    if (v === null) return null;
    total += v;
  }
  return round(total);
}

function estimateServer(server: Server, workloads: readonly WorkloadEstimate[], sources: readonly Workload[]): ServerEstimate {
  const product = server.product?.value;
  const name = server.name?.value ?? String(server.index);
  const onDisk = workloads.filter((w) => w.method !== 'none');
  const missingNames = (list: readonly WorkloadEstimate[], field: 'replicaGB' | 'sizeGB') =>
    list.flatMap((w) =>
      field === 'sizeGB'
        ? w.sizeGB === null
          ? [`sizeGB of workload "${w.name}"`]
          : []
        : w.replicaGB.value === null
          ? (w.replicaGB.missing ?? ['sizeGB']).map((m) => `${m} of workload "${w.name}"`)
          : [],
    );

  let storagePool: ServerEstimate['storagePool'];
  if (product === 'dpm' || product === 'mabs') {
    const parts = onDisk.flatMap((w) => [w.replicaGB.value, w.recoveryPointVolumeGB.value]);
    const required = sum(parts);
    const capacity = server.poolDisks.length ? sum(server.poolDisks.map((d) => d.sizeGB?.value ?? null)) : null;
    const protectedGB = sum(onDisk.map((w) => w.sizeGB));
    const minFactor = sizing('pool-rule-of-thumb-min');
    const missing = missingNames(onDisk, 'replicaGB');
    storagePool = {
      requiredGB: q(
        required,
        'GB',
        'Σ (replica + recovery point volume) over the workloads on disk',
        Object.fromEntries(onDisk.map((w) => [w.name, w.replicaGB.value !== null && w.recoveryPointVolumeGB.value !== null ? round(w.replicaGB.value + w.recoveryPointVolumeGB.value) : 'unknown'])),
        onDisk[0]?.method === 'legacy' ? ['S3', 'S4'] : ['S8'],
        onDisk.length ? [] : ['no workload of this server has disk goals'],
        missing,
      ),
      capacityGB: capacity,
      protectedGB,
      ruleOfThumbMinGB: q(
        protectedGB === null ? null : protectedGB * minFactor,
        'GB',
        `${minFactor} × protected data`,
        protectedGB === null ? {} : { protectedGB },
        refs('pool-rule-of-thumb-min'),
        [],
        missingNames(onDisk, 'sizeGB'),
      ),
      ruleOfThumbRecommendedGB: {
        low: protectedGB === null ? null : round(protectedGB * sizing('pool-rule-of-thumb-recommended-low')),
        high: protectedGB === null ? null : round(protectedGB * sizing('pool-rule-of-thumb-recommended-high')),
      },
    };
  }

  if (product === 'azure-vm-backup') {
    return {
      name,
      path: server.path,
      span: server.name?.span ?? server.span,
      product,
      label: productLabel(server),
      scratch: { requiredGB: q(0, 'GB', 'not applicable: Azure VM backup copies snapshots inside Azure and uses no scratch location', {}, []), freeGB: null },
      workloads,
    };
  }
  const toVault = workloads.filter((w) => w.toVault);
  const vaultGB = sum(toVault.map((w) => w.vaultGB));
  const fraction = sizing('scratch-fraction');
  const systemState = product === 'mars' && sources.some((w) => w.type?.value === 'system-state' && toVault.some((t) => t.path === w.path));
  const extra = systemState ? sizing('mars-system-state-extra-min') : 0;
  const requiredGB = q(
    vaultGB === null ? null : vaultGB * fraction + extra,
    'GB',
    systemState ? `${fraction * 100} % × data backed up to the vault + ${extra} GB for System State (30–35 GB)` : `${fraction * 100} % × data backed up to the vault`,
    vaultGB === null ? {} : { vaultGB, ...(systemState ? { systemStateGB: extra } : {}) },
    systemState ? refs('scratch-fraction', 'mars-system-state-extra-min') : refs('scratch-fraction'),
    product === 'mars' ? ['the MARS agent matrix of 2019 and later (A3) asks for 5 to 10 %: 5 % is the minimum'] : [],
    missingNames(toVault, 'sizeGB'),
  );

  return {
    name,
    path: server.path,
    span: server.name?.span ?? server.span,
    product,
    label: isProduct(product) ? productLabel(server) : 'unknown product',
    ...(storagePool ? { storagePool } : {}),
    scratch: { requiredGB, freeGB: server.scratchFreeGB?.value ?? null },
    workloads,
  };
}

/** Estimates for every server of the plan and its workloads, and plan totals. Pure; never throws on partial plans. */
export function estimatePlan(plan: Plan): PlanEstimate {
  const policies = byName(plan.policies);
  // Grouped once, so the estimate stays linear in the size of the plan.
  const workloadsOf = new Map<string, Workload[]>();
  for (const w of plan.workloads) {
    const name = w.server?.value;
    if (name === undefined) continue;
    const list = workloadsOf.get(name);
    if (list) list.push(w);
    else workloadsOf.set(name, [w]);
  }
  const servers: ServerEstimate[] = [];
  const seen = new Set<string>();
  for (const server of plan.servers) {
    const name = server.name?.value;
    if (name === undefined) continue;
    if (seen.has(name)) continue; // a duplicate name: duplicate-name reports it
    seen.add(name);
    const mine = workloadsOf.get(name) ?? [];
    const alertThreshold = server.alertThresholdPercent?.value !== undefined ? server.alertThresholdPercent.value / 100 : sizing('legacy-alert-threshold');
    const workloads = mine.map((w) => estimateWorkload(w, server, w.policy ? policies.get(w.policy.value) : undefined, alertThreshold));
    servers.push(estimateServer(server, workloads, mine));
  }
  const all = servers.flatMap((s) => s.workloads);
  const pools = servers.filter((s) => s.storagePool);
  return {
    servers,
    totals: {
      protectedGB: sum(all.map((w) => w.sizeGB)),
      // No DPM/MABS server: no pool at all, which is not a pool of 0 GB.
      poolRequiredGB: pools.length ? sum(pools.map((s) => s.storagePool!.requiredGB.value)) : null,
      poolCapacityGB: pools.length ? sum(pools.map((s) => s.storagePool!.capacityGB)) : null,
      scratchRequiredGB: sum(servers.map((s) => s.scratch.requiredGB.value)),
      protectedInstances: sum(all.filter((w) => w.toVault).map((w) => w.protectedInstances.value)),
    },
  };
}

/** The symbols of the allocation formulas (S3, S4, S8) and what they stand for, for legends under the working. */
export const FORMULA_SYMBOLS: Readonly<Record<string, string>> = {
  DS: 'data source size (sizeGB)',
  LC: 'log change a day (dailyChurnPercent ÷ 100, or the documented default)',
  RR: 'retention range in days (disk.retentionDays)',
  N: 'recovery points a day (disk.recoveryPoints)',
  AT: 'replica growth alert threshold',
};

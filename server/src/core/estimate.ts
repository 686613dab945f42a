/**
 * Estimates: pure functions of the plan model. Every number carries its formula, its inputs, the
 * assumptions made and its sources, so a reviewer can redo it by hand; a number that lacks an input
 * is null and says what is missing, never a silent 0.
 */
import { limit } from './limits';
import type { OnlineGoals, Plan, Policy, Server, WorkloadType } from './model';
import { effectiveVersion, isFileData, isProduct, productLabel, versionRank } from './products';
import { sizing, sizingConstant } from './sizing';
import type { SizingId } from './sizing';
import type { Span } from './types';
import { workloadsOf } from './usage';
import type { WorkloadRef } from './usage';

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

/*
 * A large plan has tens of thousands of quantities, and most of their strings and lists are the
 * same from one workload to the next: those are built once, frozen, and shared.
 */
const EMPTY: readonly string[] = Object.freeze([]);
const NO_INPUTS: Readonly<Record<string, number | string>> = Object.freeze({});
const A_USABLE_INPUT: readonly string[] = Object.freeze(['a usable input']);

function frozen<T>(list: readonly T[]): readonly T[] {
  return list.length ? Object.freeze(list) : (EMPTY as readonly T[]);
}

type MutableQuantity = { -readonly [K in keyof Quantity]: Quantity[K] };

function q(
  value: number | null,
  unit: string,
  formula: string,
  inputs: Readonly<Record<string, number | string>>,
  sources: readonly string[],
  assumptions: readonly string[] = EMPTY,
  missing: readonly string[] = EMPTY,
): Quantity {
  const ok = value !== null && Number.isFinite(value);
  const out: MutableQuantity = { value: ok ? round(value) : null, unit, formula, inputs, assumptions, sources };
  if (missing.length || !ok) out.missing = missing.length ? missing : A_USABLE_INPUT;
  return out;
}

/** The lists one after the other; a list itself (shared) where the others are empty. */
function joined(...lists: readonly (readonly string[])[]): readonly string[] {
  let only: readonly string[] = EMPTY;
  let count = 0;
  for (const list of lists) {
    if (!list.length) continue;
    only = list;
    count++;
  }
  return count <= 1 ? only : Object.freeze(lists.flat());
}

function refs(...ids: SizingId[]): readonly string[] {
  return Object.freeze([...new Set(ids.flatMap((id) => sizingConstant(id).sources.map((s) => s.ref)))]);
}

const SOURCES_LEGACY = Object.freeze(['S3', 'S4']);
const SOURCES_MBS = refs('mbs-overhead', 'mbs-log-change');
const SOURCES_MBS_OVERHEAD = refs('mbs-overhead');
const SOURCES_DISK_POINTS = Object.freeze(['seed 004', 'S9']);
const SOURCES_ONLINE_POINTS = Object.freeze(['A1', 'A10']);
const SOURCES_INSTANCES = refs('protected-instance-small', 'protected-instance-unit');
const SOURCES_POOL_MIN = refs('pool-rule-of-thumb-min');
const SOURCES_SCRATCH = refs('scratch-fraction');
const SOURCES_SCRATCH_SYSTEM_STATE = refs('scratch-fraction', 'mars-system-state-extra-min');
const SOURCES_POOL_MBS = Object.freeze(['S8']);

const DISK_POINTS_FILE = limit('disk-recovery-points-file').value;
const DISK_POINTS_APP = limit('disk-recovery-points-app').value;
const ONLINE_POINTS_MAX = limit('online-recovery-points-max').value;

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
  readonly assumptions: readonly string[];
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
  return { retentionDays, perDay, assumptions: frozen(assumptions) };
}

const LEGACY_RP_CONSTANT = sizing('legacy-rp-constant');
const LEGACY_RP_CONSTANT_GB = LEGACY_RP_CONSTANT * GB_PER_MB;
const LC_SQL_EXCHANGE = sizing('legacy-log-change-sql-exchange');
const LC_SHAREPOINT = sizing('legacy-log-change-sharepoint');
const LC_MBS = sizing('mbs-log-change');
const MBS_OVERHEAD = sizing('mbs-overhead');

/** Each legacy formula of a workload type: its factor k, formulas, and what is assumed without a change rate. */
const LEGACY_LOG = {
  'sql-server': { k: 2.5, defaultLc: LC_SQL_EXCHANGE, who: 'SQL Server and Exchange' },
  exchange: { k: 4.0, defaultLc: LC_SQL_EXCHANGE, who: 'SQL Server and Exchange' },
  sharepoint: { k: 1.5, defaultLc: LC_SHAREPOINT, who: 'SharePoint' },
} as const;
const LEGACY_LOG_TEXT = Object.fromEntries(
  Object.entries(LEGACY_LOG).map(([type, { k, defaultLc, who }]) => [
    type,
    {
      rpFormula: `${k} × RR × LC × DS + ${LEGACY_RP_CONSTANT} MB`,
      defaultLcAssumption: Object.freeze([`log change LC = ${defaultLc * 100} % a day (DPM's default for ${who})`]),
    },
  ]),
) as Record<keyof typeof LEGACY_LOG, { rpFormula: string; defaultLcAssumption: readonly string[] }>;
const LEGACY_VM_RP_FORMULA = `DS × RR × 0.1 + ${LEGACY_RP_CONSTANT} MB`;
const LEGACY_FILES_RP_FORMULA = `(DS × RR × 2) / 100 + ${LEGACY_RP_CONSTANT} MB`;
const VMWARE_ASSUMPTION = Object.freeze(['no documented default allocation for VMware VMs: the Hyper-V formula']);
const BARE_METAL_ASSUMPTION = Object.freeze(['no documented default allocation for bare-metal recovery: the system state formula']);
const MBS_LC_ASSUMPTION = Object.freeze([`log change LC = ${LC_MBS * 100} % a day (DPM's default recommendation)`]);
const MBS_SQL_ASSUMPTION = Object.freeze(['SQL Server transaction logs are added on top by DPM; the plan does not give their size, so they are not included']);

/** The legacy (pre-Modern Backup Storage) default allocation of one data source, in GB; `before` are the assumptions that come first. */
function legacyAllocation(
  type: WorkloadType,
  sizeGB: number,
  retentionDays: number,
  churnPercent: number | undefined,
  alertThreshold: number,
  before: readonly string[],
): { replica: Quantity; recoveryPoints: Quantity } {
  const sources = SOURCES_LEGACY;
  switch (type) {
    case 'sql-server':
    case 'exchange':
    case 'sharepoint': {
      const { k, defaultLc } = LEGACY_LOG[type];
      const text = LEGACY_LOG_TEXT[type];
      const lc = churnPercent !== undefined ? churnPercent / 100 : defaultLc;
      const assumptions = joined(before, churnPercent === undefined ? text.defaultLcAssumption : EMPTY);
      const at = alertThreshold;
      const replica =
        type === 'sharepoint'
          ? q(sizeGB / (at - 0.05), 'GB', 'DS / (AT − 0.05)', { DS: sizeGB, AT: at }, sources, assumptions)
          : q((sizeGB * (1 + lc)) / (at - 0.05), 'GB', 'DS × (1 + LC) / (AT − 0.05)', { DS: sizeGB, LC: lc, AT: at }, sources, assumptions);
      const rp = q(k * retentionDays * lc * sizeGB + LEGACY_RP_CONSTANT_GB, 'GB', text.rpFormula, { DS: sizeGB, RR: retentionDays, LC: lc }, sources, assumptions);
      return { replica, recoveryPoints: rp };
    }
    case 'hyperv-vm':
    case 'vmware-vm': {
      const assumptions = joined(before, type === 'vmware-vm' ? VMWARE_ASSUMPTION : EMPTY);
      return {
        replica: q(sizeGB * 1.5, 'GB', 'DS × 1.5', { DS: sizeGB }, sources, assumptions),
        recoveryPoints: q(sizeGB * retentionDays * 0.1 + LEGACY_RP_CONSTANT_GB, 'GB', LEGACY_VM_RP_FORMULA, { DS: sizeGB, RR: retentionDays }, sources, assumptions),
      };
    }
    case 'files':
    case 'system-state':
    case 'bare-metal':
    default: {
      const assumptions = joined(before, type === 'bare-metal' ? BARE_METAL_ASSUMPTION : EMPTY);
      return {
        replica: q((sizeGB * 3) / 2, 'GB', '(DS × 3) / 2', { DS: sizeGB }, sources, assumptions),
        recoveryPoints: q((sizeGB * retentionDays * 2) / 100 + LEGACY_RP_CONSTANT_GB, 'GB', LEGACY_FILES_RP_FORMULA, { DS: sizeGB, RR: retentionDays }, sources, assumptions),
      };
    }
  }
}

/** The Modern Backup Storage allocation, split into the replica (DS × 1.05) and the rest; `before` are the assumptions that come first. */
function modernAllocation(
  type: WorkloadType,
  sizeGB: number,
  disk: DiskInputs,
  churnPercent: number | undefined,
  before: readonly string[],
): { replica: Quantity; recoveryPoints: Quantity } {
  const lc = churnPercent !== undefined ? churnPercent / 100 : LC_MBS;
  const assumptions = joined(before, disk.assumptions, churnPercent === undefined ? MBS_LC_ASSUMPTION : EMPTY, type === 'sql-server' ? MBS_SQL_ASSUMPTION : EMPTY);
  // The replica uses neither the change rate nor the schedule: only the overhead.
  const replica = q(sizeGB * MBS_OVERHEAD, 'GB', 'DS × 1.05', { DS: sizeGB }, SOURCES_MBS_OVERHEAD, before);
  const rp = q(
    sizeGB * lc * disk.retentionDays * disk.perDay * MBS_OVERHEAD,
    'GB',
    'DS × LC × RR × N × 1.05 (the rest of DS × (1 + LC × RR × N) × 1.05)',
    { DS: sizeGB, LC: lc, RR: disk.retentionDays, N: disk.perDay },
    SOURCES_MBS,
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

const INSTANCE_SMALL = sizing('protected-instance-small');
const INSTANCE_UNIT = sizing('protected-instance-unit');
const INSTANCES_FORMULA = `DS ≤ ${INSTANCE_SMALL} GB: 1 (small); ≤ ${INSTANCE_UNIT} GB: 1; else ⌈DS / ${INSTANCE_UNIT}⌉`;
const INSTANCES_ASSUMPTIONS = Object.freeze(['secondary sources (product-limits.md §8): the official pricing page was not available']);
const SIZE_MISSING = Object.freeze(['sizeGB']);

/** Billing units by front-end size: ≤ 50 GB a small instance, ≤ 500 GB one, then one per 500 GB (secondary sources). */
export function protectedInstances(sizeGB: number | null): Quantity {
  if (sizeGB === null) return q(null, 'protected instances', INSTANCES_FORMULA, NO_INPUTS, SOURCES_INSTANCES, INSTANCES_ASSUMPTIONS, SIZE_MISSING);
  const value = sizeGB <= INSTANCE_UNIT ? 1 : Math.ceil(sizeGB / INSTANCE_UNIT);
  const unit = value === 1 ? (sizeGB <= INSTANCE_SMALL ? 'protected instance (a small instance)' : 'protected instance') : sizeGB <= INSTANCE_SMALL ? 'protected instances (a small instance)' : 'protected instances';
  return q(value, unit, INSTANCES_FORMULA, { DS: sizeGB }, SOURCES_INSTANCES, INSTANCES_ASSUMPTIONS);
}

const SYSTEM_STATE_SIZE = sizing('legacy-system-state-size');
const BMR_SIZE = sizing('mbs-bmr-size');
const SYSTEM_STATE_SIZE_ASSUMPTION = `no size given: DPM assumes ${SYSTEM_STATE_SIZE} GB for system state`;
const BMR_SIZE_ASSUMPTION = `no size given: DPM assumes ${BMR_SIZE} GB for bare-metal recovery (third-party source)`;

/** Quantities that are the same for every workload without disk or online goals. */
const NO_DISK_GB = Object.freeze(q(0, 'GB', 'no disk goals on DPM/MABS', NO_INPUTS, EMPTY));
const NO_DISK_POINTS = Object.freeze(q(0, 'recovery points', 'no disk goals on DPM/MABS', NO_INPUTS, EMPTY));
const NO_ONLINE_POINTS = Object.freeze(q(0, 'recovery points', 'no online goals', NO_INPUTS, EMPTY));
const NO_INSTANCES = Object.freeze(q(0, 'protected instances', 'no online goals', NO_INPUTS, EMPTY));

/** What a server contributes to each of its workloads' estimates, worked out once per server. */
interface ServerFacts {
  /** DPM or MABS: the products with a storage pool. */
  readonly pooled: boolean;
  readonly method: StorageMethod;
  readonly methodAssumption?: string;
  readonly alertThreshold: number;
}

/** What a policy contributes to each of its workloads' estimates, worked out once per policy. */
interface PolicyFacts {
  readonly policy: Policy | undefined;
  readonly disk: DiskInputs;
  /** The disk assumptions that concern retention, which the legacy formulas use. */
  readonly legacyAssumptions: readonly string[];
  readonly diskRecoveryPoints: Quantity;
  readonly onlineRecoveryPoints: Quantity;
}

function policyFacts(policy: Policy | undefined): PolicyFacts {
  const disk = diskInputs(policy);
  const online = policy?.online;
  const counted = online ? countOnlineRecoveryPoints(online) : undefined;
  return {
    policy,
    disk,
    legacyAssumptions: frozen(disk.assumptions.filter((a) => a.includes('retention'))),
    diskRecoveryPoints: Object.freeze(
      q(disk.perDay * disk.retentionDays, 'recovery points', 'recovery points a day × retention days', Object.freeze({ perDay: disk.perDay, retentionDays: disk.retentionDays }), SOURCES_DISK_POINTS, disk.assumptions),
    ),
    onlineRecoveryPoints: counted
      ? Object.freeze(q(counted.total, 'recovery points', `a day × daily days + weekly + monthly + yearly points (${counted.working})`, Object.freeze(counted.inputs), SOURCES_ONLINE_POINTS))
      : NO_ONLINE_POINTS,
  };
}

type PoolUse = { readonly day: number; readonly GB: number };

/** Pool use over the retention window, day 0 (the replica alone) to the last retention day, in at most 30 steps. */
function poolGrowth(replica: number, recoveryPoints: number, days: number): PoolUse[] {
  const growth: PoolUse[] = [];
  const steps = Math.min(days, 30);
  for (let i = 0; i <= steps; i++) {
    const day = Math.round((i * days) / steps);
    growth.push({ day, GB: round(replica + (recoveryPoints * day) / days) });
  }
  return growth;
}

function estimateWorkload({ workload, type }: WorkloadRef, s: ServerFacts, p: PolicyFacts): WorkloadEstimate {
  const name = workload.name?.value ?? String(workload.index);
  let sizeGB: number | null = workload.sizeGB?.value ?? null;
  let sizeAssumption: string | undefined;
  if (sizeGB === null && type === 'system-state') {
    sizeGB = SYSTEM_STATE_SIZE;
    sizeAssumption = SYSTEM_STATE_SIZE_ASSUMPTION;
  } else if (sizeGB === null && type === 'bare-metal') {
    sizeGB = BMR_SIZE;
    sizeAssumption = BMR_SIZE_ASSUMPTION;
  }
  const churn = workload.dailyChurnPercent?.value;
  const policy = p.policy;
  const onDisk = s.pooled && policy?.disk !== undefined;
  const method: StorageMethod = onDisk ? s.method : 'none';
  const disk = p.disk;

  let replicaGB: Quantity;
  let recoveryPointVolumeGB: Quantity;
  if (method === 'none') {
    replicaGB = NO_DISK_GB;
    recoveryPointVolumeGB = replicaGB;
  } else {
    const extra = frozen([sizeAssumption, s.methodAssumption].filter((a): a is string => a !== undefined));
    if (sizeGB === null || !type) {
      const missing = [...(sizeGB === null ? ['sizeGB'] : []), ...(!type ? ['type'] : [])];
      replicaGB = q(null, 'GB', method === 'legacy' ? 'DPM default allocation (replica)' : 'DS × 1.05', {}, [], extra, missing);
      recoveryPointVolumeGB = q(null, 'GB', method === 'legacy' ? 'DPM default allocation (recovery points)' : 'DS × LC × RR × N × 1.05', {}, [], extra, missing);
    } else {
      const allocation =
        method === 'legacy'
          ? legacyAllocation(type, sizeGB, disk.retentionDays, churn, s.alertThreshold, joined(extra, p.legacyAssumptions))
          : modernAllocation(type, sizeGB, disk, churn, extra);
      replicaGB = allocation.replica;
      recoveryPointVolumeGB = allocation.recoveryPoints;
    }
  }

  const diskLimit = onDisk && type ? (isFileData(type) ? DISK_POINTS_FILE : DISK_POINTS_APP) : null;
  const online = policy?.online;
  const vaultGB = online ? sizeGB : 0;

  return {
    name,
    path: workload.path,
    span: workload.name?.span ?? workload.span,
    type,
    sizeGB,
    method,
    replicaGB,
    recoveryPointVolumeGB,
    diskRecoveryPoints: onDisk ? p.diskRecoveryPoints : NO_DISK_POINTS,
    diskRecoveryPointLimit: diskLimit,
    onlineRecoveryPoints: p.onlineRecoveryPoints,
    onlineRecoveryPointLimit: ONLINE_POINTS_MAX,
    protectedInstances: online ? protectedInstances(sizeGB) : NO_INSTANCES,
    toVault: online !== undefined,
    vaultGB,
    // Made when read (by the estimate report and JSON): 31 points a workload were 8 MB of a 10,000-workload plan's estimates.
    get poolGrowth(): PoolUse[] {
      return replicaGB.value !== null && recoveryPointVolumeGB.value !== null && method !== 'none' ? poolGrowth(replicaGB.value, recoveryPointVolumeGB.value, disk.retentionDays) : [];
    },
  };
}

/** The sum of the items' values, rounded, added in list order; null when one is null. */
function sumOf<T>(items: readonly T[], value: (item: T) => number | null): number | null {
  let total = 0;
  for (const item of items) {
    const v = value(item);
    if (v === null) return null;
    total += v;
  }
  return round(total);
}

/** "sizeGB of workload "a"" for each workload whose size is unknown. */
function missingSizes(list: readonly WorkloadEstimate[]): string[] {
  const out: string[] = [];
  for (const w of list) if (w.sizeGB === null) out.push(`sizeGB of workload "${w.name}"`);
  return out;
}

/** What each workload whose allocation is unknown misses. */
function missingAllocations(list: readonly WorkloadEstimate[]): string[] {
  const out: string[] = [];
  for (const w of list) {
    if (w.replicaGB.value !== null) continue;
    for (const m of w.replicaGB.missing ?? SIZE_MISSING) out.push(`${m} of workload "${w.name}"`);
  }
  return out;
}

const POOL_MIN_FACTOR = sizing('pool-rule-of-thumb-min');
const POOL_LOW_FACTOR = sizing('pool-rule-of-thumb-recommended-low');
const POOL_HIGH_FACTOR = sizing('pool-rule-of-thumb-recommended-high');
const SCRATCH_FRACTION = sizing('scratch-fraction');
const MARS_SYSTEM_STATE_EXTRA = sizing('mars-system-state-extra-min');
const NO_DISK_WORKLOAD = Object.freeze(['no workload of this server has disk goals']);
const MARS_SCRATCH_ASSUMPTION = Object.freeze(['the MARS agent matrix of 2019 and later (A3) asks for 5 to 10 %: 5 % is the minimum']);
const AZURE_VM_SCRATCH = Object.freeze(q(0, 'GB', 'not applicable: Azure VM backup copies snapshots inside Azure and uses no scratch location', NO_INPUTS, EMPTY));

function estimateServer(server: Server, workloads: readonly WorkloadEstimate[], sources: readonly WorkloadRef[]): ServerEstimate {
  const product = server.product?.value;
  const name = server.name?.value ?? String(server.index);
  const onDisk = workloads.filter((w) => w.method !== 'none');

  let storagePool: ServerEstimate['storagePool'];
  if (product === 'dpm' || product === 'mabs') {
    // Replica then recovery point volume of each workload, in order: the sum's rounding depends on it.
    let required: number | null = 0;
    for (const w of onDisk) {
      if (w.replicaGB.value === null || w.recoveryPointVolumeGB.value === null) {
        required = null;
        break;
      }
      required += w.replicaGB.value;
      required += w.recoveryPointVolumeGB.value;
    }
    if (required !== null) required = round(required);
    const capacity = server.poolDisks.length ? sumOf(server.poolDisks, (d) => d.sizeGB?.value ?? null) : null;
    const protectedGB = sumOf(onDisk, (w) => w.sizeGB);
    storagePool = {
      requiredGB: q(
        required,
        'GB',
        'Σ (replica + recovery point volume) over the workloads on disk',
        Object.fromEntries(onDisk.map((w) => [w.name, w.replicaGB.value !== null && w.recoveryPointVolumeGB.value !== null ? round(w.replicaGB.value + w.recoveryPointVolumeGB.value) : 'unknown'])),
        onDisk[0]?.method === 'legacy' ? SOURCES_LEGACY : SOURCES_POOL_MBS,
        onDisk.length ? EMPTY : NO_DISK_WORKLOAD,
        missingAllocations(onDisk),
      ),
      capacityGB: capacity,
      protectedGB,
      ruleOfThumbMinGB: q(
        protectedGB === null ? null : protectedGB * POOL_MIN_FACTOR,
        'GB',
        `${POOL_MIN_FACTOR} × protected data`,
        protectedGB === null ? {} : { protectedGB },
        SOURCES_POOL_MIN,
        EMPTY,
        missingSizes(onDisk),
      ),
      ruleOfThumbRecommendedGB: {
        low: protectedGB === null ? null : round(protectedGB * POOL_LOW_FACTOR),
        high: protectedGB === null ? null : round(protectedGB * POOL_HIGH_FACTOR),
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
      scratch: { requiredGB: AZURE_VM_SCRATCH, freeGB: null },
      workloads,
    };
  }
  const toVault = workloads.filter((w) => w.toVault);
  const vaultGB = sumOf(toVault, (w) => w.vaultGB);
  let systemState = false;
  if (product === 'mars') {
    const sentPaths = new Set(toVault.map((t) => t.path));
    systemState = sources.some((w) => w.type === 'system-state' && sentPaths.has(w.workload.path));
  }
  const extra = systemState ? MARS_SYSTEM_STATE_EXTRA : 0;
  const requiredGB = q(
    vaultGB === null ? null : vaultGB * SCRATCH_FRACTION + extra,
    'GB',
    systemState ? `${SCRATCH_FRACTION * 100} % × data backed up to the vault + ${extra} GB for System State (30–35 GB)` : `${SCRATCH_FRACTION * 100} % × data backed up to the vault`,
    vaultGB === null ? {} : { vaultGB, ...(systemState ? { systemStateGB: extra } : {}) },
    systemState ? SOURCES_SCRATCH_SYSTEM_STATE : SOURCES_SCRATCH,
    product === 'mars' ? MARS_SCRATCH_ASSUMPTION : EMPTY,
    missingSizes(toVault),
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

const LEGACY_ALERT_THRESHOLD = sizing('legacy-alert-threshold');

/**
 * The last estimate of each server and the workloads it was made from. An edit in the editor builds
 * again only the list items it touched and keeps every other model object (core/incremental.ts), so
 * a server whose object, workloads and their policies are all the same objects has the same
 * estimate: model objects never change after they are built, except that an edit moves their spans
 * in place, and an estimate holds those same span objects.
 */
const SERVER_ESTIMATES = new WeakMap<Server, { readonly refs: readonly WorkloadRef[]; readonly estimate: ServerEstimate }>();

/** Whether two lists of a server's workloads are the same workloads with the same policies, in the same order. */
function sameRefs(a: readonly WorkloadRef[], b: readonly WorkloadRef[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.workload !== b[i]!.workload || a[i]!.policy !== b[i]!.policy) return false;
  }
  return true;
}

/** Estimates for every server of the plan and its workloads, and plan totals. Pure; never throws on partial plans. */
export function estimatePlan(plan: Plan): PlanEstimate {
  // The workloads of each server with their policies, resolved once per plan (usage.ts).
  const lookup = { plan };
  const factsOf = new Map<Policy | undefined, PolicyFacts>();
  const factsFor = (policy: Policy | undefined): PolicyFacts => {
    let facts = factsOf.get(policy);
    if (!facts) {
      facts = policyFacts(policy);
      factsOf.set(policy, facts);
    }
    return facts;
  };
  const servers: ServerEstimate[] = [];
  const seen = new Set<string>();
  for (const server of plan.servers) {
    const name = server.name?.value;
    if (name === undefined) continue;
    if (seen.has(name)) continue; // a duplicate name: duplicate-name reports it
    seen.add(name);
    const mine = workloadsOf(lookup, server);
    const cached = SERVER_ESTIMATES.get(server);
    if (cached && sameRefs(cached.refs, mine)) {
      servers.push(cached.estimate);
      continue;
    }
    const product = server.product?.value;
    const { method, assumption } = storageMethod(server);
    const facts: ServerFacts = {
      pooled: product === 'dpm' || product === 'mabs',
      method,
      methodAssumption: assumption,
      alertThreshold: server.alertThresholdPercent?.value !== undefined ? server.alertThresholdPercent.value / 100 : LEGACY_ALERT_THRESHOLD,
    };
    const workloads = mine.map((ref) => estimateWorkload(ref, facts, factsFor(ref.policy)));
    const estimate = estimateServer(server, workloads, mine);
    SERVER_ESTIMATES.set(server, { refs: mine, estimate });
    servers.push(estimate);
  }
  const all = servers.flatMap((s) => s.workloads);
  const pools = servers.filter((s) => s.storagePool);
  return {
    servers,
    totals: {
      protectedGB: sumOf(all, (w) => w.sizeGB),
      // No DPM/MABS server: no pool at all, which is not a pool of 0 GB.
      poolRequiredGB: pools.length ? sumOf(pools, (s) => s.storagePool!.requiredGB.value) : null,
      poolCapacityGB: pools.length ? sumOf(pools, (s) => s.storagePool!.capacityGB) : null,
      scratchRequiredGB: sumOf(servers, (s) => s.scratch.requiredGB.value),
      protectedInstances: sumOf(
        all.filter((w) => w.toVault),
        (w) => w.protectedInstances.value,
      ),
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

/**
 * A new plan as text: a vault whose passphrase comes from the environment, one server of the chosen
 * product and version, one workload per chosen type and one policy per workload family. Every value
 * a documented limit bounds carries a comment giving that limit (numbers read from the limits
 * catalogue), and the storage pool and scratch space are sized by the estimator, so the plan lints
 * with no findings as written. The editor's "New backup plan" command uses it (and `bplan init` will).
 */
import { estimatePlan } from './estimate';
import type { ServerEstimate } from './estimate';
import { limit } from './limits';
import type { LimitId } from './limits';
import { buildPlan } from './model';
import type { WorkloadType } from './model';
import { parsePlanText } from './parse';
import { isProduct, PRODUCT_NAMES, PRODUCT_VERSIONS, PRODUCTS, versionLabel, WORKLOAD_NAMES } from './products';
import { protectedTypes } from './rules/workload-unsupported';
import { sizing } from './sizing';
import { listWords } from './text';
import type { Product } from './types';

/** What to scaffold. Strings, since they may come from a request or a command line: `scaffoldPlan` checks them. */
export interface ScaffoldOptions {
  /** mars, dpm, mabs or azure-vm-backup. */
  readonly product: string;
  /** DPM 2012-sp1 … 2022, MABS v1 … v4 (default: the newest), or a MARS agent build; none for Azure VM backup. */
  readonly version?: string;
  /** Workload types, one workload each: files, sql-server, hyperv-vm, … */
  readonly workloads: readonly string[];
  /** The plan's name; vault, passphrase variable and file name are derived from it. */
  readonly name?: string;
}

/** A choice `scaffoldPlan` cannot honour, in words to show the user as they are. */
export class ScaffoldError extends Error {
  override readonly name = 'ScaffoldError';
}

/** The version a new DPM or MABS plan gets when none is chosen: the newest bplan knows. */
export function defaultVersion(product: Product): string | undefined {
  return PRODUCT_VERSIONS[product]?.at(-1);
}

/** The workload types a product protects at a version (the newest when none is given), as rule workload-unsupported judges them. */
export function supportedWorkloads(product: Product, version?: string): readonly WorkloadType[] {
  return protectedTypes(product, version ?? defaultVersion(product));
}

/** "MABS v4", "DPM 2012 R2", "MARS". */
function productName(product: Product, version: string | undefined): string {
  const short = PRODUCT_NAMES[product].short;
  return version && PRODUCT_VERSIONS[product] ? `${short} ${versionLabel(version)}` : short;
}

// ---- the choices, checked ------------------------------------------------------------------------------

interface Choice {
  readonly product: Product;
  readonly version: string | undefined;
  readonly types: readonly WorkloadType[];
  /** A slug: lower-case letters, digits and hyphens. */
  readonly name: string;
}

function check(options: ScaffoldOptions): Choice {
  const product = options?.product;
  if (!isProduct(product)) throw new ScaffoldError(`unknown product "${String(product)}": choose ${listWords(PRODUCTS)}`);
  const versions = PRODUCT_VERSIONS[product];
  let version = options.version === undefined || options.version === '' ? undefined : String(options.version);
  if (product === 'azure-vm-backup' && version !== undefined) {
    throw new ScaffoldError(`${PRODUCT_NAMES[product].long} has no version: it is a service of the vault; leave the version out`);
  }
  if (versions) {
    version ??= defaultVersion(product);
    if (!versions.includes(version!)) {
      throw new ScaffoldError(`${PRODUCT_NAMES[product].short} has no version "${version}": choose ${listWords(versions)}`);
    }
  } else if (product === 'mars' && version !== undefined && !/^\d+(\.\d+){1,3}$/.test(version)) {
    throw new ScaffoldError(`"${version}" is not a MARS agent version: give the agent build, such as 2.0.9262.0, or no version`);
  }

  const supported = supportedWorkloads(product, version);
  const offer = `${productName(product, version)} protects ${listWords(supported.map((t) => `${WORKLOAD_NAMES[t]} (${t})`), 'and')}`;
  const wanted = Array.isArray(options.workloads) ? options.workloads.map(String) : [];
  if (wanted.length === 0) throw new ScaffoldError(`choose at least one workload type: ${offer}`);
  const unknown = wanted.filter((t) => !(t in WORKLOAD_NAMES));
  if (unknown.length) throw new ScaffoldError(`unknown workload type${unknown.length > 1 ? 's' : ''} ${listWords(unknown.map((t) => `"${t}"`), 'and')}: ${offer}`);
  const unsupported = wanted.filter((t) => !supported.includes(t as WorkloadType));
  if (unsupported.length) {
    const names = listWords([...new Set(unsupported)].map((t) => WORKLOAD_NAMES[t as WorkloadType]), 'or');
    throw new ScaffoldError(`${productName(product, version)} does not protect ${names}; it protects only ${listWords(supported.map((t) => `${WORKLOAD_NAMES[t]} (${t})`), 'and')}`);
  }
  // One workload per type, in the product's order.
  const types = supported.filter((t) => wanted.includes(t));
  return { product, version, types, name: slug(options.name) || `${product}-backup-plan` };
}

/** "Contoso HQ!" → "contoso-hq": a name that reads the same as a YAML plain scalar, a file name and a vault name. */
function slug(name: unknown): string {
  return typeof name === 'string'
    ? name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 40)
        .replace(/-+$/, '')
    : '';
}

// ---- what goes into the plan -------------------------------------------------------------------------

/** One policy per family: workloads that back up alike share it. */
type Family = 'files' | 'database' | 'application' | 'vm' | 'system' | 'azure-vm';

const FAMILY: Record<WorkloadType, Family> = {
  files: 'files',
  'sql-server': 'database',
  exchange: 'application',
  sharepoint: 'application',
  'hyperv-vm': 'vm',
  'vmware-vm': 'vm',
  'system-state': 'system',
  'bare-metal': 'system',
  'azure-vm': 'azure-vm',
};

interface WorkloadTemplate {
  readonly name: string;
  /** The machine the data is on; for a VM, the guest's name. MARS workloads use the MARS machine instead. */
  readonly host: string;
  readonly sizeGB: number;
  readonly churn: number;
  readonly comment?: string;
}

/** Example workloads: sizes and daily change typical of each type, to be replaced by the real ones. */
const WORKLOADS: Record<WorkloadType, WorkloadTemplate> = {
  files: { name: 'file-shares', host: 'fs01', sizeGB: 500, churn: 2, comment: 'The shares of a file server: size of the protected folders.' },
  'system-state': { name: 'app01-system-state', host: 'app01', sizeGB: 30, churn: 5, comment: 'System State of one Windows server, typically 30 GB or less.' },
  'bare-metal': { name: 'app01-bare-metal', host: 'app01', sizeGB: 60, churn: 3, comment: 'Bare-metal recovery: the system volumes needed to rebuild the server.' },
  'hyperv-vm': { name: 'hv-app02', host: 'app02', sizeGB: 200, churn: 3, comment: 'A whole Hyper-V guest (host = the guest name), backed up through the agent on its Hyper-V host.' },
  'vmware-vm': { name: 'vmw-app03', host: 'app03', sizeGB: 200, churn: 3, comment: 'A whole VMware guest (host = the guest name), backed up through vCenter.' },
  'sql-server': { name: 'sales-db', host: 'sql01', sizeGB: 300, churn: 3, comment: 'One SQL Server database.' },
  sharepoint: { name: 'intranet-farm', host: 'sp01', sizeGB: 250, churn: 3, comment: "The farm's content and configuration databases." },
  exchange: { name: 'mailbox-dbs', host: 'exch01', sizeGB: 400, churn: 6, comment: "All mailbox databases of the server; 6 % is DPM's default log change for Exchange." },
  'azure-vm': { name: 'vm-web01', host: 'web01', sizeGB: 128, churn: 2, comment: 'host is the VM name in Azure; sizeGB the used size of all its managed disks.' },
};

const SERVER_NAMES: Record<Product, string> = { dpm: 'dpm01', mabs: 'mabs01', mars: 'fs01', 'azure-vm-backup': 'vm-backup' };

/** An OS each version installs on (rule server-os). DPM 2012 SP1 and R2 have no list in the sources; the server OS of their time. */
const SERVER_OS: Record<string, string> = {
  'dpm@2012-sp1': 'windows-server-2012',
  'dpm@2012-r2': 'windows-server-2012-r2',
  'dpm@2016': 'windows-server-2016',
  'dpm@2019': 'windows-server-2019',
  'dpm@2022': 'windows-server-2022',
  'mabs@v1': 'windows-server-2012-r2',
  'mabs@v2': 'windows-server-2016',
  'mabs@v3': 'windows-server-2019',
  'mabs@v4': 'windows-server-2022',
  mars: 'windows-server-2022',
};

/** The update rollup DPM 2012 needs for what the plan does (rule server-deployment); later versions need none. */
const DPM_ROLLUP: Record<string, { rollup: number; why: string }> = {
  '2012-sp1': { rollup: 2, why: 'DPM 2012 SP1 needs Update Rollup 2 or later before the Azure Backup agent can be installed.' },
  '2012-r2': { rollup: 5, why: 'DPM 2012 R2 needs Update Rollup 5 or later for long-term retention in Azure.' },
};

function max(id: LimitId): number {
  return limit(id).value;
}

/** 1234 → "1,234", independent of the locale. */
function grouped(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function roundUp(n: number, step: number): number {
  return Math.ceil(n / step) * step;
}

/** A YAML comment block at an indent, wrapped at about 100 columns. */
function comment(indent: number, text: string): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && pad.length + 2 + line.length + 1 + word.length > 100) {
      out.push(`${pad}# ${line}`);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(`${pad}# ${line}`);
  return out;
}

// ---- policies ----------------------------------------------------------------------------------------

interface PolicyText {
  readonly name: string;
  readonly lines: readonly string[];
}

/** The vault's retention ranges, said once above the policies. */
function retentionRanges(product: Product): string {
  const weeklyMax = product === 'dpm' || product === 'mabs' ? max('online-retention-weekly-max-dpm') : max('online-retention-weekly-max');
  return `Vault retention (online.retention) per tier: daily ${max('online-retention-daily-min')}–${grouped(max('online-retention-daily-max'))} days, weekly ${max('online-retention-weekly-min')}–${grouped(weeklyMax)} weeks, monthly ${max('online-retention-monthly-min')}–${grouped(max('online-retention-monthly-max'))} months, yearly ${max('online-retention-yearly-min')}–${max('online-retention-yearly-max')} years; at most ${grouped(max('online-recovery-points-max'))} recovery points per protected instance in all.`;
}

function onlineRetention(daily: number, weekly: number, monthly: number, yearly?: number): string[] {
  return [`      retention: { daily: ${daily}, weekly: ${weekly}, monthly: ${monthly}${yearly ? `, yearly: ${yearly}` : ''} }`];
}

function onlineTimes(product: Product, times: readonly string[], why: string): string[] {
  const perDay = max(`online-backups-per-day-${product}` as LimitId);
  const short = PRODUCT_NAMES[product].short;
  const label = product === 'azure-vm-backup' ? `${short} (standard policy)` : short;
  return [`      times: [${times.map((t) => `"${t}"`).join(', ')}]   # ${why}; ${label} allows at most ${perDay} backup${perDay === 1 ? '' : 's'} to the vault a day`];
}

function diskGoals(syncEvery: string, syncWhy: string, points: readonly string[], days: number, pointsWhy: string): string[] {
  return [
    '    disk:',
    `      syncEvery: ${syncEvery}   # ${syncWhy}`,
    ...comment(6, pointsWhy),
    `      recoveryPoints: [${points.map((t) => `"${t}"`).join(', ')}]`,
    `      retentionDays: ${days}   # kept ${max('disk-retention-days-min')}–${max('disk-retention-days-max')} days on disk`,
  ];
}

function policyFor(family: Family, product: Product, types: readonly WorkloadType[]): PolicyText {
  const short = PRODUCT_NAMES[product].short;
  const appPoints = `Application data: at most ${max('disk-recovery-points-app')} recovery points on disk (express full backups)`;
  const sqlSync = max('disk-sync-min-minutes-sql');
  const otherSync = max('disk-sync-min-minutes-other');
  const names = listWords(types.map((t) => WORKLOAD_NAMES[t]), 'and');
  if (product === 'mars') {
    if (family === 'files') {
      return {
        name: 'files-twice-daily',
        lines: [
          ...comment(4, `The MARS agent backs up straight to the vault: no disk goals. Two backups a day save the morning's work at lunchtime and the day's work in the evening.`),
          '    online:',
          ...onlineTimes(product, ['12:30', '21:00'], 'twice a day'),
          ...onlineRetention(30, 12, 12, 7),
        ],
      };
    }
    return {
      name: 'system-state-nightly',
      lines: [
        ...comment(4, 'System State is there to rebuild the server, not to restore single items: one nightly point.'),
        '    online:',
        ...onlineTimes(product, ['22:30'], 'nightly'),
        ...onlineRetention(14, 8, 3),
      ],
    };
  }
  switch (family) {
    case 'azure-vm':
      return {
        name: 'vm-daily',
        lines: [
          ...comment(4, 'Azure VM backup snapshots the whole VM once a day and copies it to the vault; there are no disk goals.'),
          '    online:',
          ...onlineTimes(product, ['23:00'], 'nightly'),
          ...onlineRetention(30, 12, 12, 3),
          '    azureVm:',
          '      policyType: standard   # several backups a day need policyType: enhanced with frequency: hourly',
          '      frequency: daily',
          `      instantRestoreDays: 2   # the standard policy keeps instant-restore snapshots ${max('azure-vm-instant-restore-days-min')}–${max('azure-vm-instant-restore-days-max')} days`,
        ],
      };
    case 'files': {
      const perDay = 4;
      const days = 14;
      return {
        name: 'files-4x-daily',
        lines: [
          ...diskGoals(
            '1h',
            `file data syncs at most every ${otherSync} minutes (SQL Server every ${sqlSync})`,
            ['07:00', '11:00', '15:00', '19:00'],
            days,
            `File data: at most ${max('disk-recovery-points-file')} recovery points on disk and ${max('disk-recovery-points-file-per-day')} a day (VSS); ${perDay} a day × ${days} days = ${perDay * days}. Space them at least one sync apart.`,
          ),
          '    online:',
          ...onlineTimes(product, ['21:00'], 'nightly, after the last recovery point'),
          ...onlineRetention(30, 12, 12, 3),
        ],
      };
    }
    case 'database':
      return {
        name: 'sql-15min',
        lines: [
          ...diskGoals(
            '15m',
            `only SQL Server may sync every ${sqlSync} minutes; other workloads every ${otherSync} at the most`,
            ['20:00'],
            14,
            `${appPoints}; 1 a day × 14 days = 14. The syncs in between give point-in-time restores.`,
          ),
          '    online:',
          ...onlineTimes(product, ['13:00', '23:00'], 'twice a day'),
          ...onlineRetention(30, 12, 12, 5),
        ],
      };
    case 'application':
      return {
        name: 'apps-hourly',
        lines: [
          ...comment(4, `${names}: hourly log syncs, one express full a night.`),
          ...diskGoals('1h', `workloads other than SQL Server sync at most every ${otherSync} minutes`, ['20:00'], 14, `${appPoints}; 1 a day × 14 days = 14.`),
          '    online:',
          ...onlineTimes(product, ['23:00'], 'nightly'),
          ...onlineRetention(30, 12, 6),
        ],
      };
    case 'vm':
      return {
        name: 'vms-nightly',
        lines: [
          ...comment(4, `${names}: recovery points come only from express full backups, so one sync a day is enough.`),
          ...diskGoals('24h', `at least once a day (${max('disk-sync-max-minutes') / 60}h at the most)`, ['20:00'], 7, `${appPoints}; 1 a day × 7 days = 7.`),
          '    online:',
          ...onlineTimes(product, ['23:30'], 'nightly'),
          ...onlineRetention(14, 8, 6),
        ],
      };
    case 'system':
      return {
        name: 'system-nightly',
        lines: [
          ...comment(4, `${names}: one point a night on the ${short} disk, to rebuild the server on site, and a copy in the vault.`),
          ...diskGoals('24h', `at least once a day (${max('disk-sync-max-minutes') / 60}h at the most)`, ['19:00'], 14, `${appPoints}; 1 a day × 14 days = 14.`),
          '    online:',
          ...onlineTimes(product, ['22:00'], 'nightly'),
          ...onlineRetention(14, 8, 3),
        ],
      };
  }
}

// ---- the plan ----------------------------------------------------------------------------------------

interface Sizes {
  readonly poolGB: number;
  readonly scratchGB: number;
  readonly poolComment: string;
  readonly scratchComment: string;
}

/** A server's scratch and pool: generous enough for the estimate, so the first pass uses room to spare. */
const UNSIZED: Sizes = { poolGB: 1_000_000, scratchGB: 1_000_000, poolComment: '', scratchComment: '' };

function serverLines(c: Choice, sizes: Sizes): string[] {
  const { product, version } = c;
  const name = SERVER_NAMES[product];
  const long = PRODUCT_NAMES[product].long;
  const out: string[] = [];
  if (product === 'azure-vm-backup') {
    out.push(...comment(2, 'The "server" is the Azure Backup service itself: no machine, version, scratch or storage pool to describe.'));
    out.push(`  - name: ${name}`, `    product: ${product}`);
    return out;
  }
  if (product === 'mars') out.push(...comment(2, `The machine the ${long} runs on. It backs up its own data straight to the vault.`));
  out.push(`  - name: ${name}`, `    product: ${product}   # ${long}`);
  if (product === 'mars') {
    out.push(version ? `    version: "${version}"   # the agent build` : '    # version: "2.0.9262.0"   # the agent build, where a rule depends on it');
  } else {
    out.push(`    version: ${version}`);
    const rollup = product === 'dpm' ? DPM_ROLLUP[version!] : undefined;
    if (rollup) out.push(...comment(4, rollup.why), `    updateRollup: ${rollup.rollup}`);
  }
  out.push(`    deployment: physical   # physical | hyperv-vm | vmware-vm | azure-vm | azure-stack-vm`);
  const os = SERVER_OS[product === 'mars' ? 'mars' : `${product}@${version}`]!;
  out.push(`    os: ${os}   # an operating system ${productName(product, version)} supports (rule server-os)`);
  out.push('    locale: en-US');
  if (product === 'mabs') out.push(...comment(4, 'MABS must be joined to a domain, must not be a domain controller, and uses a local SQL Server instance.'));
  out.push('    domainJoined: true', '    domainController: false');
  if (product === 'mabs') {
    out.push('    sql: local');
    out.push(...comment(4, 'MABS setup refuses a machine with a DPM protection agent or a registered MARS agent; the MARS agent it installs is part of it.'));
    out.push('    installedAgents: []');
  } else if (product === 'dpm') {
    out.push('    sql: local');
    out.push('    installedAgents: [mars-agent-registered]   # the MARS agent, registered with the vault, sends the online copies');
  } else {
    out.push('    installedAgents: []   # no DPM or MABS protection agent on this machine');
  }
  out.push(...hardwareLines(product, version));
  out.push(...comment(4, sizes.scratchComment), `    scratch: { freeGB: ${sizes.scratchGB} }`);
  if (product === 'dpm' || product === 'mabs') {
    const disks = Math.max(1, Math.ceil(sizes.poolGB / 4000));
    const each = roundUp(sizes.poolGB / disks, 500);
    out.push('    storagePool:');
    out.push(...comment(6, sizes.poolComment));
    out.push('      disks:');
    for (let i = 1; i <= disks; i++) out.push(`        - { name: pool-disk${i}, sizeGB: ${each}, type: fixed }   # fixed disks or VHDs; not USB, removable or NAS`);
    out.push('      ntfsCompression: false   # not supported on pool volumes');
    out.push(`      deduplication: false     # only when ${PRODUCT_NAMES[product].short} runs as a Hyper-V VM on premises`);
    out.push(`    tape: { enabled: false }   # ${product === 'dpm' ? 'DPM on premises can write to tape: enable it to add tape goals to a policy' : 'only DPM writes to tape'}`);
  }
  return out;
}

function hardwareLines(product: Product, version: string | undefined): string[] {
  if (product === 'mabs') {
    const v3 = version === 'v3' || version === 'v4';
    const memory = max(v3 ? 'server-memory-min-mabs-v3' : 'server-memory-min-mabs');
    return [`    hardware: { cores: 8, memoryGB: 16 }   # ${productName(product, version)} needs at least ${max('server-cores-min-mabs')} cores and ${memory} GB on premises`];
  }
  if (product === 'dpm' && version === '2022') {
    return [`    hardware: { cores: 8, memoryGB: 16 }   # DPM 2022 needs at least ${max('server-cores-min-dpm-2022')} cores and ${max('server-memory-min-dpm-2022')} GB`];
  }
  return [`    hardware: { cores: ${product === 'mars' ? 4 : 8}, memoryGB: 16 }`];
}

function workloadLines(c: Choice, type: WorkloadType, policy: string): string[] {
  const t = WORKLOADS[type];
  const mars = c.product === 'mars';
  const host = mars ? SERVER_NAMES.mars : t.host;
  const os = c.product === 'azure-vm-backup' ? 'windows-server-2022' : SERVER_OS[mars ? 'mars' : `${c.product}@${c.version}`]!;
  const name = mars ? `${host}-${type === 'files' ? 'shares' : type}` : t.name;
  return [
    ...comment(2, t.comment ?? ''),
    `  - name: ${name}`,
    `    type: ${type}   # ${WORKLOAD_NAMES[type]}`,
    `    host: ${host}${mars ? '   # with MARS, the data is on the MARS machine itself' : ''}`,
    `    os: ${os}`,
    `    sizeGB: ${t.sizeGB}`,
    `    dailyChurnPercent: ${t.churn}`,
    `    server: ${SERVER_NAMES[c.product]}`,
    `    policy: ${policy}`,
  ];
}

function render(c: Choice, sizes: Sizes): string {
  const { product, version, types } = c;
  const families = [...new Set(types.map((t) => FAMILY[t]))];
  const policies = new Map(families.map((f) => [f, policyFor(f, product, types.filter((t) => FAMILY[t] === f))]));
  const vaultName = /^[a-z]/.test(c.name) ? `${c.name}-rsv` : `rsv-${c.name}`;
  const env = `${/^[a-z]/.test(c.name) ? '' : 'BPLAN_'}${c.name.replace(/-/g, '_').toUpperCase()}_PASSPHRASE`;
  const what = listWords(types.map((t) => WORKLOAD_NAMES[t]), 'and');

  const out: string[] = [
    ...comment(0, `A backup plan for bplan: one ${productName(product, version)} server protecting ${what}.`),
    ...comment(0, 'Hosts, sizes, times and retention are examples: replace them with your own, and bplan checks them against the documented limits. `bplan estimate` shows the storage this plan needs.'),
    'bplan: 1   # format version',
    `name: ${/^(\d+|true|false|null)$/.test(c.name) ? `"${c.name}"` : c.name}`,
    '',
    'vault:',
    ...comment(2, `The Recovery Services vault: ${max('vault-name-min-length')}–${max('vault-name-max-length')} characters, letters, digits and hyphens, starting with a letter.`),
    `  name: ${vaultName.slice(0, max('vault-name-max-length'))}`,
    `  region: westeurope   # the Azure region nearest to the data${product === 'azure-vm-backup' ? ' (for Azure VMs, their own region)' : ''}`,
    '  redundancy: geo   # geo-redundant: the vault holds the primary backup; this can only change before the first backup',
    '  encryption:',
    ...comment(
      4,
      product === 'azure-vm-backup'
        ? `VM snapshots don't use the passphrase; it is for MARS agents that may later back up to this vault. At least ${max('passphrase-min-length')} characters, kept in a secret store and given in this environment variable: never write it in the plan.`
        : `At least ${max('passphrase-min-length')} characters, kept in a secret store and given in this environment variable: never write it in the plan. Without it the vault's backups cannot be restored.`,
    ),
    `    passphrase: { env: ${env} }`,
    '',
    'servers:',
    ...serverLines(c, sizes),
    '',
    'workloads:',
    ...(product === 'azure-vm-backup' ? [] : comment(2, `sizeGB: at most ${grouped(max('datasource-size-max'))} GB per data source sent to the vault.`)),
    ...types.flatMap((t) => workloadLines(c, t, policies.get(FAMILY[t])!.name)),
    '',
    'policies:',
    ...comment(2, retentionRanges(product)),
    ...families.flatMap((f) => {
      const p = policies.get(f)!;
      return [`  - name: ${p.name}`, ...p.lines];
    }),
  ];
  return `${out.join('\n')}\n`;
}

/** Pool and scratch from the estimate of the plan itself, with room to grow. */
function sizesFor(c: Choice, server: ServerEstimate | undefined): Sizes {
  const fraction = sizing('scratch-fraction');
  const scratchNeeded = server?.scratch.requiredGB.value ?? 0;
  const scratchGB = Math.max(50, roundUp(scratchNeeded * 2, 10));
  const toVault = scratchNeeded > 0 ? `${grouped(scratchNeeded)} GB` : 'nothing yet';
  const systemState = c.product === 'mars' && c.types.includes('system-state') ? `, plus ${sizing('mars-system-state-extra-min')}–${sizing('mars-system-state-extra-max')} GB for System State` : '';
  const scratchComment = `Scratch (cache) free space: at least ${fraction * 100} % of the data sent to the vault${systemState}, here ${toVault}; ${grouped(scratchGB)} GB leaves room to grow.`;
  const pool = server?.storagePool;
  if (!pool) return { poolGB: 0, scratchGB, poolComment: '', scratchComment };
  const required = pool.requiredGB.value ?? 0;
  const protectedGB = pool.protectedGB ?? 0;
  const minimum = sizing('pool-rule-of-thumb-min');
  const low = sizing('pool-rule-of-thumb-recommended-low');
  const high = sizing('pool-rule-of-thumb-recommended-high');
  const poolGB = roundUp(Math.max(required * 1.25, protectedGB * high), 500);
  const poolComment = `The estimate needs ${grouped(required)} GB for the replicas and recovery points of these workloads; the documents ask for at least ${minimum}× the ${grouped(protectedGB)} GB protected and recommend ${low}–${high}×. ${grouped(poolGB)} GB leaves room to grow.`;
  return { poolGB, scratchGB, poolComment, scratchComment };
}

/**
 * The text of a new plan. Throws a ScaffoldError, whose message lists what the product protects,
 * for an unknown product or version and for workload types the product does not protect.
 */
export function scaffoldPlan(options: ScaffoldOptions): string {
  const choice = check(options);
  // Size pool and scratch from the estimate of the plan as it will be (the capacities do not change what is needed).
  const draft = render(choice, UNSIZED);
  const parsed = parsePlanText(draft);
  const estimate = parsed.doc ? estimatePlan(buildPlan(parsed.doc, draft.length)) : undefined;
  return render(choice, sizesFor(choice, estimate?.servers[0]));
}

import type { Limit, LimitSource } from './types';

/**
 * The limits catalogue: every documented limit bplan enforces, once, with its source and the exact
 * quote. Rules, messages and the generated docs read from here; no limit is written anywhere else.
 * `seed NNN` is a file in shared/seeds; other refs are source keys of product-limits.md (§0).
 */

const SEED004_FREQUENCY: LimitSource = {
  ref: 'seed 004',
  quote:
    'Backup frequency (to the backup vault) |Three backups per day |Two backups per day |Two backups per day |One backup per day',
};
const A1_FREQUENCY: LimitSource = {
  ref: 'A1',
  quote:
    'On-premises Windows machines or Azure VMs running MARS: Three per day / DPM/MABS: Two per day / Azure VM backup: One per day',
};
const SEED004_DISK_FREQUENCY: LimitSource = {
  ref: 'seed 004',
  quote: 'Backup frequency (to disk) |Not applicable |Every 15 minutes for SQL Server / Every hour for other workloads',
};
const SEED004_DISK_POINTS: LimitSource = {
  ref: 'seed 004',
  quote: 'Recovery points on local disk |Not applicable |64 for File Servers, / 448 for Application Servers',
};
const A3_RETENTION = (row: string): LimitSource => ({ ref: 'A3', quote: row });
const VAULT_NAME: readonly LimitSource[] = [
  {
    ref: 'seed 003',
    quote:
      'Type a name that contains between 2 and 50 characters. It must start with a letter, and can contain only letters, numbers, and hyphens.',
  },
  { ref: 'A13', quote: 'Specify a name that has at least 2 but not more than 50 characters.' },
];
const S16_RETENTION: LimitSource = {
  ref: 'S16',
  quote: 'Specify a value for retention range which is equal to or less than 5148 weeks or 1188 months or 99 years.',
};

const catalogue = [
  {
    id: 'vault-name-min-length',
    bound: 'min',
    products: ['*'],
    value: 2,
    unit: 'characters',
    appliesTo: 'Recovery Services vaults',
    sources: VAULT_NAME
  },
  {
    id: 'vault-name-max-length',
    bound: 'max',
    products: ['*'],
    value: 50,
    unit: 'characters',
    appliesTo: 'Recovery Services vaults',
    sources: VAULT_NAME
  },
  {
    id: 'online-backups-per-day-mars',
    bound: 'max',
    products: ['mars'],
    value: 3,
    unit: 'backups per day',
    appliesTo: 'Azure Backup (MARS) agent, all versions',
    sources: [SEED004_FREQUENCY, A1_FREQUENCY],
  },
  {
    id: 'online-backups-per-day-dpm',
    bound: 'max',
    products: ['dpm'],
    value: 2,
    unit: 'backups per day',
    appliesTo: 'System Center DPM, all versions',
    sources: [SEED004_FREQUENCY, A1_FREQUENCY, { ref: 'S8', quote: 'Backups can occur up to twice a day.' }],
  },
  {
    id: 'online-backups-per-day-mabs',
    bound: 'max',
    products: ['mabs'],
    value: 2,
    unit: 'backups per day',
    appliesTo: 'Azure Backup Server, all versions',
    sources: [SEED004_FREQUENCY, A1_FREQUENCY],
  },
  {
    id: 'online-backups-per-day-azure-vm-backup',
    bound: 'max',
    products: ['azure-vm-backup'],
    value: 1,
    unit: 'backups per day',
    appliesTo: 'Azure VM backup (standard policy)',
    sources: [SEED004_FREQUENCY, A1_FREQUENCY, { ref: 'A15', quote: 'Maximum backup frequency to vault (Azure VM extension) / Once a day.' }],
    note: 'The Enhanced policy (A12) takes snapshots every 4 to 12 hours, but still transfers one backup a day to the vault: "For hourly backups, the last backup of the day is transferred to vault."',
  },
  {
    id: 'disk-sync-min-minutes-sql',
    bound: 'min',
    products: ['dpm', 'mabs'],
    value: 15,
    unit: 'minutes',
    appliesTo: 'SQL Server on DPM and MABS, all versions',
    sources: [
      SEED004_DISK_FREQUENCY,
      { ref: 'A1', quote: 'Maximum backup frequency to DPM/MABS / Every 15 minutes for SQL Server / Once an hour for other workloads' },
    ],
  },
  {
    id: 'disk-sync-min-minutes-other',
    bound: 'min',
    products: ['dpm', 'mabs'],
    value: 60,
    unit: 'minutes',
    appliesTo: 'workloads other than SQL Server on DPM and MABS, all versions',
    sources: [
      SEED004_DISK_FREQUENCY,
      { ref: 'A1', quote: 'Maximum backup frequency to DPM/MABS / Every 15 minutes for SQL Server / Once an hour for other workloads' },
    ],
  },
  {
    id: 'disk-sync-max-minutes',
    bound: 'max',
    products: ['dpm', 'mabs'],
    value: 1440,
    unit: 'minutes',
    appliesTo: 'DPM and MABS, all versions',
    sources: [
      {
        ref: 'S7',
        quote:
          'You can change the synchronization frequency to any interval between 15 minutes and 24 hours. You can also select to synchronize just before a recovery point is created, rather than on a specified time schedule.',
      },
    ],
  },
  {
    id: 'disk-recovery-points-file',
    bound: 'max',
    products: ['dpm', 'mabs'],
    value: 64,
    unit: 'recovery points',
    appliesTo: 'file data on DPM and MABS disk, all versions',
    sources: [
      SEED004_DISK_POINTS,
      {
        ref: 'S9',
        quote:
          'For files, DPM can store a maximum of 64 recovery points for each volume included in a protection group [...] The limit of 64 recovery points for files is a Volume Shadow Copy Service (VSS) limitation.',
      },
      { ref: 'A1', quote: 'Recovery points on DPM/MABS disk / 64 for file servers; 448 for app servers' },
    ],
    alternatives: [
      {
        value: 448,
        sources: [{ ref: 'S7', quote: 'DPM can store up to 448 recovery points for each file member of a protection group.' }],
        why: 'only the current page says so; the VSS limit of 64 is stated everywhere else, and bplan applies the stricter value unless the configuration chooses 448',
      },
    ],
    note: 'The current "How does DPM work?" page (S7, 2026) says "DPM can store up to 448 recovery points for each file member of a protection group"; every other source, including the 2022 storage-planning page (S9) and the 2023 support matrix (A1), says 64, the VSS limit. bplan applies 64.',
  },
  {
    id: 'disk-recovery-points-file-per-day',
    bound: 'max',
    products: ['dpm', 'mabs'],
    value: 8,
    unit: 'recovery points per day',
    appliesTo: 'file data on DPM and MABS disk, all versions',
    sources: [
      {
        ref: 'S9',
        quote:
          'it can create a maximum of 8 scheduled recovery points for each protection group each day.',
      },
    ],
  },
  {
    id: 'disk-recovery-points-app',
    bound: 'max',
    products: ['dpm', 'mabs'],
    value: 448,
    unit: 'recovery points',
    appliesTo: 'application data on DPM and MABS disk, all versions',
    sources: [
      SEED004_DISK_POINTS,
      { ref: 'S7', quote: 'For application data sources, DPM can store up to 448 express full backups and up to 96 incremental backups for each express full backup.' },
    ],
  },
  {
    id: 'disk-retention-days-min',
    bound: 'min',
    products: ['dpm', 'mabs'],
    value: 1,
    unit: 'days',
    appliesTo: 'DPM and MABS disk, all versions',
    sources: [{ ref: 'S17', quote: 'Short-term on disk / 1–448 days' }],
  },
  {
    id: 'disk-retention-days-max',
    bound: 'max',
    products: ['dpm', 'mabs'],
    value: 448,
    unit: 'days',
    appliesTo: 'DPM and MABS disk, all versions',
    sources: [
      { ref: 'S9', quote: 'Maximum disk retention is 448 days.' },
      { ref: 'S17', quote: 'Short-term on disk / 1–448 days' },
    ],
    alternatives: [
      {
        value: 64,
        sources: [{ ref: 'S18', quote: 'You can select a retention range between 1 and 64 days for short-term disk-based protection.' }],
        why: 'a DPM 2010 wizard page, contradicted by the same release\'s own table and by every later version',
      },
    ],
    note: 'The DPM 2010 wizard page (S18) says "You can select a retention range between 1 and 64 days for short-term disk-based protection", against 1–448 days in the same release\'s table (S17) and in DPM 2016 and later (S5, S9). bplan applies 448.',
  },
  {
    id: 'online-retention-daily-min',
    bound: 'min',
    products: ['*'],
    value: 7,
    unit: 'days',
    appliesTo: 'vault retention, all products',
    sources: [A3_RETENTION('Daily recovery point    /   7 days      / 9999 days')],
    note: 'The minimums are documented for the MARS agent (A3) and Azure VM policies (T1: "Must be between 7 and 9999"); no DPM/MABS-specific table exists (product-limits §3), so bplan applies them to every product.',
  },
  {
    id: 'online-retention-daily-max',
    bound: 'max',
    products: ['*'],
    value: 9999,
    unit: 'days',
    appliesTo: 'vault retention, all products',
    sources: [A3_RETENTION('Daily recovery point    /   7 days      / 9999 days')],
  },
  {
    id: 'online-retention-weekly-min',
    bound: 'min',
    products: ['*'],
    value: 4,
    unit: 'weeks',
    appliesTo: 'vault retention, all products',
    sources: [A3_RETENTION('Weekly recovery point     /    4 weeks     / 5163 weeks')],
  },
  {
    id: 'online-retention-weekly-max',
    bound: 'max',
    products: ['mars', 'azure-vm-backup'],
    value: 5163,
    unit: 'weeks',
    appliesTo: 'MARS agent and Azure VM backup',
    sources: [A3_RETENTION('Weekly recovery point     /    4 weeks     / 5163 weeks')],
    alternatives: [{ value: 5148, sources: [S16_RETENTION], why: "DPM's own validation, applied to DPM and MABS" }],
    note: 'DPM\'s own validation (error 206, S16) allows at most 5148 weeks; bplan applies 5148 to DPM and MABS (which runs DPM\'s engine) and 5163 to the MARS agent and Azure VM backup.',
  },
  {
    id: 'online-retention-weekly-max-dpm',
    bound: 'max',
    products: ['dpm', 'mabs'],
    value: 5148,
    unit: 'weeks',
    appliesTo: 'System Center DPM and Azure Backup Server, all versions',
    sources: [S16_RETENTION],
    alternatives: [
      {
        value: 5163,
        sources: [A3_RETENTION('Weekly recovery point     /    4 weeks     / 5163 weeks')],
        why: 'the MARS agent table; DPM rejects more than 5148 weeks itself, so bplan applies the stricter 5148 unless the configuration chooses 5163',
      },
    ],
    note: 'The MARS agent table (A3) says 5163 weeks; DPM\'s error 206 (S16) says 5148. bplan applies DPM\'s own number to DPM and MABS.',
  },
  {
    id: 'online-retention-monthly-min',
    bound: 'min',
    products: ['*'],
    value: 3,
    unit: 'months',
    appliesTo: 'vault retention, all products',
    sources: [A3_RETENTION('Monthly recovery point    /   3 months      / 1188 months')],
  },
  {
    id: 'online-retention-monthly-max',
    bound: 'max',
    products: ['*'],
    value: 1188,
    unit: 'months',
    appliesTo: 'vault retention, all products',
    sources: [A3_RETENTION('Monthly recovery point    /   3 months      / 1188 months'), S16_RETENTION],
  },
  {
    id: 'online-retention-yearly-min',
    bound: 'min',
    products: ['*'],
    value: 1,
    unit: 'years',
    appliesTo: 'vault retention, all products',
    sources: [A3_RETENTION('Yearly recovery point  /      1 year   / 99 years')],
  },
  {
    id: 'online-retention-yearly-max',
    bound: 'max',
    products: ['*'],
    value: 99,
    unit: 'years',
    appliesTo: 'vault retention, all products',
    sources: [
      A3_RETENTION('Yearly recovery point  /      1 year   / 99 years'),
      S16_RETENTION,
      { ref: 'seed 004', quote: 'Retention period |Up to 99 years |Up to 99 years |Up to 99 years |Up to 99 years' },
    ],
  },
  {
    id: 'passphrase-min-length',
    bound: 'min',
    products: ['*'],
    value: 16,
    unit: 'characters',
    appliesTo: 'the vault encryption passphrase (MARS agent, DPM and MABS, all versions)',
    sources: [
      { ref: 'seed 000', quote: 'In the **Encryption setting** screen, you can either generate a passphrase or provide a passphrase (minimum of 16 characters).' },
      { ref: 'seed 002', quote: 'You can automatically generate a passphrase or provide your own minimum 16-character passphrase.' },
    ],
  },
  {
    id: 'vault-mabs-servers-max',
    bound: 'max',
    products: ['*'],
    value: 50,
    unit: 'MABS servers',
    appliesTo: 'one Recovery Services vault (support matrix, 2023)',
    sources: [{ ref: 'A1', quote: 'Up to 50 MABS servers can be registered in a single vault.' }],
    note: 'The 2016 FAQ (A4) said "you can register up to 50 machines per vault" of any kind; the 2023 support matrix (A1) limits MABS servers to 50 and data sources to 2,000. bplan applies A1.',
  },
  {
    id: 'vault-datasources-max',
    bound: 'max',
    products: ['*'],
    value: 2000,
    unit: 'data sources',
    appliesTo: 'one Recovery Services vault, all workloads (support matrix, 2023)',
    sources: [{ ref: 'A1', quote: 'Up to 2000 datasources across all workloads [...] can be protected in a single vault.' }],
  },
  {
    id: 'vault-azure-vms-max',
    bound: 'max',
    products: ['*'],
    value: 1000,
    unit: 'Azure VMs',
    appliesTo: 'one Recovery Services vault (support matrix, 2023)',
    sources: [{ ref: 'A1', quote: 'Up to 1,000 Azure VMs in a single vault.' }],
    alternatives: [
      {
        value: 200,
        sources: [{ ref: 'A4', quote: 'For Azure IaaS virtual machines, limit is 200 VMs per vault.' }],
        why: 'the 2016 FAQ; the 2023 support matrix raised it to 1,000',
      },
    ],
  },
  {
    id: 'datasource-size-max',
    bound: 'max',
    products: ['mars', 'dpm', 'mabs'],
    value: 54400,
    unit: 'GB',
    appliesTo: 'one data source backed up to the vault by the MARS agent, DPM or MABS (not Azure VM backup)',
    sources: [
      {
        ref: 'seed 000',
        quote: 'There’s no limit to the amount of data you can back up to an Azure Backup vault but the size of a data source (for example a virtual machine or database) shouldn’t exceed 54400 GB.',
      },
      { ref: 'A1', quote: 'Maximum size of an individual [data source](...) is 54,400 GB. This limit doesn\'t apply to Azure VM backups.' },
    ],
  },
  {
    id: 'datasource-size-max-legacy-os',
    bound: 'max',
    products: ['mars'],
    value: 1700,
    unit: 'GB',
    appliesTo: 'one volume backed up by the MARS agent on Windows Server 2008 SP2, 2008 R2 SP1 or Windows 7',
    sources: [
      { ref: 'A3', quote: 'Windows Server 2012 or later /54,400 GB / Windows Server 2008 R2 SP1 /1,700 GB / Windows Server 2008 SP2/ 1,700 GB / Windows 8 or later/ 54,400 GB / Windows 7/ 1,700 GB' },
    ],
  },
  {
    id: 'online-recovery-points-max',
    bound: 'max',
    products: ['*'],
    value: 9999,
    unit: 'recovery points',
    appliesTo: 'one protected instance (machine or workload) in the vault',
    sources: [
      { ref: 'A1', quote: 'Maximum recovery points per protected instance (machine or workload) / 9,999' },
      { ref: 'A10', quote: 'Using Azure Backup you can create up to 9999 recovery points per protected instance.' },
    ],
    alternatives: [
      {
        value: 120,
        sources: [{ ref: 'S14', quote: 'The maximum amount of recovery points is 120 for daily synchronization' }],
        why: 'DPM 2012 before the limit was raised; later documents remove it (A4, seed 004: "Unlimited") and then state 9,999',
      },
    ],
    note: 'The 2016 overview (seed 004) says "Recovery points in Backup vault |Unlimited"; the 2016 FAQ (A4) "We have eliminated limits on recovery points"; later documents (A1, A10, A15) give 9,999 per protected instance. bplan applies 9,999.',
  },
  {
    id: 'tape-retention-years-min',
    bound: 'min',
    products: ['dpm'],
    value: 1,
    unit: 'years',
    appliesTo: 'long-term protection on tape, System Center DPM',
    sources: [{ ref: 'S8', quote: 'Indicate how long you want to keep tape data (1-99 years).' }],
  },
  {
    id: 'tape-retention-years-max',
    bound: 'max',
    products: ['dpm'],
    value: 99,
    unit: 'years',
    appliesTo: 'long-term protection on tape, System Center DPM',
    sources: [{ ref: 'S8', quote: 'Indicate how long you want to keep tape data (1-99 years).' }],
  },
  {
    id: 'azure-vm-instant-restore-days-min',
    bound: 'min',
    products: ['azure-vm-backup'],
    value: 1,
    unit: 'days',
    appliesTo: 'Azure VM backup instant-restore snapshots, standard and enhanced policy',
    sources: [{ ref: 'A11', quote: 'You can change the value to a minimum of 1 and a maximum of five days.' }],
  },
  {
    id: 'azure-vm-instant-restore-days-max',
    bound: 'max',
    products: ['azure-vm-backup'],
    value: 5,
    unit: 'days',
    appliesTo: 'Azure VM backup instant-restore snapshots, standard policy',
    sources: [
      { ref: 'A11', quote: 'The default snapshot retention for each policy is set to two days. You can change the value to a minimum of 1 and a maximum of five days. For weekly policies, the snapshot retention is fixed to five days.' },
    ],
  },
  {
    id: 'azure-vm-instant-restore-days-max-enhanced',
    bound: 'max',
    products: ['azure-vm-backup'],
    value: 30,
    unit: 'days',
    appliesTo: 'Azure VM backup instant-restore snapshots, enhanced policy',
    sources: [{ ref: 'A12', quote: 'You can set the retention of recovery snapshot from _1_ to _30_ days. The default value is set to _7_.' }],
  },
  {
    id: 'azure-vm-instant-restore-days-max-enhanced-4h',
    bound: 'max',
    products: ['azure-vm-backup'],
    value: 17,
    unit: 'days',
    appliesTo: 'Azure VM backup instant-restore snapshots, enhanced policy every 4 hours',
    sources: [{ ref: 'A12', quote: 'when hourly frequency is *4 hours*, the maximum retention allowed is *17 days*, for 6 hours it is 22 days.' }],
  },
  {
    id: 'azure-vm-instant-restore-days-max-enhanced-6h',
    bound: 'max',
    products: ['azure-vm-backup'],
    value: 22,
    unit: 'days',
    appliesTo: 'Azure VM backup instant-restore snapshots, enhanced policy every 6 hours',
    sources: [{ ref: 'A12', quote: 'when hourly frequency is *4 hours*, the maximum retention allowed is *17 days*, for 6 hours it is 22 days.' }],
  },
  {
    id: 'azure-vm-window-hours-min',
    bound: 'min',
    products: ['azure-vm-backup'],
    value: 4,
    unit: 'hours',
    appliesTo: 'Azure VM backup enhanced policy backup window',
    sources: [{ ref: 'A12', quote: '`$ScheduleWindowDuration`: [...] The current limits are: / `Minimum: 4` / `Maximum:23`' }],
  },
  {
    id: 'azure-vm-window-hours-max',
    bound: 'max',
    products: ['azure-vm-backup'],
    value: 23,
    unit: 'hours',
    appliesTo: 'Azure VM backup enhanced policy backup window',
    sources: [{ ref: 'A12', quote: '`$ScheduleWindowDuration`: [...] The current limits are: / `Minimum: 4` / `Maximum:23`' }],
    alternatives: [
      {
        value: 24,
        sources: [{ ref: 'T1', quote: '`hour_duration` - (Optional) Duration of the backup window in hours. Possible values are between `4` and `24`' }],
        why: 'the Terraform provider; Microsoft\'s PowerShell documentation gives 23, the stricter value',
      },
    ],
  },
  {
    id: 'server-cores-min-mabs',
    bound: 'min',
    products: ['mabs'],
    value: 2,
    unit: 'cores',
    appliesTo: 'Azure Backup Server on premises (physical, Hyper-V or VMware VM), all versions',
    sources: [{ ref: 'seed 002', quote: 'Hyper-V VM, / VMWare VM, / or a physical host / 2 cores and 4GB RAM' }],
  },
  {
    id: 'server-memory-min-mabs',
    bound: 'min',
    products: ['mabs@v1..v2'],
    value: 4,
    unit: 'GB of memory',
    appliesTo: 'Azure Backup Server v1 and v2 on premises',
    sources: [
      { ref: 'seed 002', quote: 'Hyper-V VM, / VMWare VM, / or a physical host / 2 cores and 4GB RAM' },
      { ref: 'A7', quote: '2 cores and 4 GB RAM' },
    ],
  },
  {
    id: 'server-memory-min-mabs-v3',
    bound: 'min',
    products: ['mabs@v3+'],
    value: 8,
    unit: 'GB of memory',
    appliesTo: 'Azure Backup Server v3 and later on premises',
    sources: [{ ref: 'A8', quote: 'two cores and 8-GB RAM' }],
  },
  {
    id: 'server-cores-min-mabs-azure',
    bound: 'min',
    products: ['mabs@v1..v2'],
    value: 2,
    unit: 'cores',
    appliesTo: 'Azure Backup Server v1 and v2 as an Azure VM (A2 Standard)',
    sources: [{ ref: 'seed 002', quote: 'Azure IaaS virtual machine / A2 Standard: 2 cores, 3.5GB RAM' }],
  },
  {
    id: 'server-memory-min-mabs-azure',
    bound: 'min',
    products: ['mabs@v1..v2'],
    value: 3.5,
    unit: 'GB of memory',
    appliesTo: 'Azure Backup Server v1 and v2 as an Azure VM (A2 Standard)',
    sources: [{ ref: 'seed 002', quote: 'Azure IaaS virtual machine / A2 Standard: 2 cores, 3.5GB RAM' }],
  },
  {
    id: 'server-cores-min-mabs-azure-v3',
    bound: 'min',
    products: ['mabs@v3+'],
    value: 4,
    unit: 'cores',
    appliesTo: 'Azure Backup Server v3 and later as an Azure VM (Standard_A4_v2)',
    sources: [{ ref: 'A8', quote: 'Standard_A4_v2  with four cores and 8-GB RAM' }],
  },
  {
    id: 'server-memory-min-mabs-azure-v3',
    bound: 'min',
    products: ['mabs@v3+'],
    value: 8,
    unit: 'GB of memory',
    appliesTo: 'Azure Backup Server v3 and later as an Azure VM (Standard_A4_v2)',
    sources: [{ ref: 'A8', quote: 'Standard_A4_v2  with four cores and 8-GB RAM' }],
  },
  {
    id: 'server-cores-min-dpm-2022',
    bound: 'min',
    products: ['dpm@2022'],
    value: 4,
    unit: 'cores',
    appliesTo: 'System Center DPM 2022',
    sources: [{ ref: 'S11', quote: '1.4 GHz 4 core minimum, 3.3 GHz 4 core recommended' }],
  },
  {
    id: 'server-memory-min-dpm-2022',
    bound: 'min',
    products: ['dpm@2022'],
    value: 4,
    unit: 'GB of memory',
    appliesTo: 'System Center DPM 2022',
    sources: [{ ref: 'S11', quote: '4 GB minimum, 8 GB recommended' }],
  },
] as const satisfies readonly Limit[];

export type LimitId = (typeof catalogue)[number]['id'];

export const LIMITS: readonly Limit[] = catalogue;

const byId = new Map<string, Limit>(LIMITS.map((l) => [l.id, l]));

/** A limit by id; the id type makes a typo a compile error. */
export function limit(id: LimitId): Limit {
  return byId.get(id)!;
}

export function findLimit(id: string): Limit | undefined {
  return byId.get(id);
}

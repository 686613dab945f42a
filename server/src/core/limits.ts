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
    value: 2,
    unit: 'characters',
    appliesTo: 'Recovery Services vaults',
    sources: VAULT_NAME
  },
  {
    id: 'vault-name-max-length',
    bound: 'max',
    value: 50,
    unit: 'characters',
    appliesTo: 'Recovery Services vaults',
    sources: VAULT_NAME
  },
  {
    id: 'online-backups-per-day-mars',
    bound: 'max',
    value: 3,
    unit: 'backups per day',
    appliesTo: 'Azure Backup (MARS) agent, all versions',
    sources: [SEED004_FREQUENCY, A1_FREQUENCY],
  },
  {
    id: 'online-backups-per-day-dpm',
    bound: 'max',
    value: 2,
    unit: 'backups per day',
    appliesTo: 'System Center DPM, all versions',
    sources: [SEED004_FREQUENCY, A1_FREQUENCY, { ref: 'S8', quote: 'Backups can occur up to twice a day.' }],
  },
  {
    id: 'online-backups-per-day-mabs',
    bound: 'max',
    value: 2,
    unit: 'backups per day',
    appliesTo: 'Azure Backup Server, all versions',
    sources: [SEED004_FREQUENCY, A1_FREQUENCY],
  },
  {
    id: 'online-backups-per-day-azure-vm-backup',
    bound: 'max',
    value: 1,
    unit: 'backups per day',
    appliesTo: 'Azure VM backup (standard policy)',
    sources: [SEED004_FREQUENCY, A1_FREQUENCY, { ref: 'A15', quote: 'Maximum backup frequency to vault (Azure VM extension) / Once a day.' }],
    note: 'The Enhanced policy (A12) takes snapshots every 4 to 12 hours, but still transfers one backup a day to the vault: "For hourly backups, the last backup of the day is transferred to vault."',
  },
  {
    id: 'disk-sync-min-minutes-sql',
    bound: 'min',
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
    note: 'The current "How does DPM work?" page (S7, 2026) says "DPM can store up to 448 recovery points for each file member of a protection group"; every other source, including the 2022 storage-planning page (S9) and the 2023 support matrix (A1), says 64, the VSS limit. bplan applies 64.',
  },
  {
    id: 'disk-recovery-points-file-per-day',
    bound: 'max',
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
    value: 1,
    unit: 'days',
    appliesTo: 'DPM and MABS disk, all versions',
    sources: [{ ref: 'S17', quote: 'Short-term on disk / 1–448 days' }],
  },
  {
    id: 'disk-retention-days-max',
    bound: 'max',
    value: 448,
    unit: 'days',
    appliesTo: 'DPM and MABS disk, all versions',
    sources: [
      { ref: 'S9', quote: 'Maximum disk retention is 448 days.' },
      { ref: 'S17', quote: 'Short-term on disk / 1–448 days' },
    ],
    note: 'The DPM 2010 wizard page (S18) says "You can select a retention range between 1 and 64 days for short-term disk-based protection", against 1–448 days in the same release\'s table (S17) and in DPM 2016 and later (S5, S9). bplan applies 448.',
  },
  {
    id: 'online-retention-daily-min',
    bound: 'min',
    value: 7,
    unit: 'days',
    appliesTo: 'vault retention, all products',
    sources: [A3_RETENTION('Daily recovery point    /   7 days      / 9999 days')],
    note: 'The minimums are documented for the MARS agent (A3) and Azure VM policies (T1: "Must be between 7 and 9999"); no DPM/MABS-specific table exists (product-limits §3), so bplan applies them to every product.',
  },
  {
    id: 'online-retention-daily-max',
    bound: 'max',
    value: 9999,
    unit: 'days',
    appliesTo: 'vault retention, all products',
    sources: [A3_RETENTION('Daily recovery point    /   7 days      / 9999 days')],
  },
  {
    id: 'online-retention-weekly-min',
    bound: 'min',
    value: 4,
    unit: 'weeks',
    appliesTo: 'vault retention, all products',
    sources: [A3_RETENTION('Weekly recovery point     /    4 weeks     / 5163 weeks')],
  },
  {
    id: 'online-retention-weekly-max',
    bound: 'max',
    value: 5163,
    unit: 'weeks',
    appliesTo: 'MARS agent and Azure VM backup',
    sources: [A3_RETENTION('Weekly recovery point     /    4 weeks     / 5163 weeks')],
    note: 'DPM\'s own validation (error 206, S16) allows at most 5148 weeks; bplan applies 5148 to DPM and MABS (which runs DPM\'s engine) and 5163 to the MARS agent and Azure VM backup.',
  },
  {
    id: 'online-retention-weekly-max-dpm',
    bound: 'max',
    value: 5148,
    unit: 'weeks',
    appliesTo: 'System Center DPM and Azure Backup Server, all versions',
    sources: [S16_RETENTION],
    note: 'The MARS agent table (A3) says 5163 weeks; DPM\'s error 206 (S16) says 5148. bplan applies DPM\'s own number to DPM and MABS.',
  },
  {
    id: 'online-retention-monthly-min',
    bound: 'min',
    value: 3,
    unit: 'months',
    appliesTo: 'vault retention, all products',
    sources: [A3_RETENTION('Monthly recovery point    /   3 months      / 1188 months')],
  },
  {
    id: 'online-retention-monthly-max',
    bound: 'max',
    value: 1188,
    unit: 'months',
    appliesTo: 'vault retention, all products',
    sources: [A3_RETENTION('Monthly recovery point    /   3 months      / 1188 months'), S16_RETENTION],
  },
  {
    id: 'online-retention-yearly-min',
    bound: 'min',
    value: 1,
    unit: 'years',
    appliesTo: 'vault retention, all products',
    sources: [A3_RETENTION('Yearly recovery point  /      1 year   / 99 years')],
  },
  {
    id: 'online-retention-yearly-max',
    bound: 'max',
    value: 99,
    unit: 'years',
    appliesTo: 'vault retention, all products',
    sources: [
      A3_RETENTION('Yearly recovery point  /      1 year   / 99 years'),
      S16_RETENTION,
      { ref: 'seed 004', quote: 'Retention period |Up to 99 years |Up to 99 years |Up to 99 years |Up to 99 years' },
    ],
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

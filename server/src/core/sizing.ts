import type { LimitSource } from './types';

/**
 * The sizing constants of the estimator, each once with its source: the DPM default-allocation
 * tables (legacy storage), the Modern Backup Storage formula, scratch space, the pool's rules of
 * thumb and the protected-instance tiers. `seed NNN` is a file in shared/seeds; other refs are source
 * keys of product-limits.md.
 */
export interface SizingConstant {
  readonly id: string;
  readonly value: number;
  readonly unit: string;
  readonly meaning: string;
  readonly sources: readonly LimitSource[];
  /** Where the value is not Microsoft's own text but a secondary source or bplan's reading of one. */
  readonly note?: string;
}

const constants = [
  {
    id: 'legacy-alert-threshold',
    value: 0.9,
    unit: 'fraction',
    meaning: 'replica growth alert threshold assumed by the default allocation',
    sources: [{ ref: 'S4', quote: 'Threshold for the alert associated with replica growth; typically 90%.' }],
  },
  {
    id: 'legacy-log-change-sql-exchange',
    value: 0.06,
    unit: 'fraction per day',
    meaning: 'log change assumed for SQL Server and Exchange',
    sources: [
      {
        ref: 'S4',
        quote:
          'for the purposes of the default recommendation in DPM, it is assumed to be 6% for Exchange and SQL Server data and 10% for Windows SharePoint Services data.',
      },
    ],
  },
  {
    id: 'legacy-log-change-sharepoint',
    value: 0.1,
    unit: 'fraction per day',
    meaning: 'log change assumed for SharePoint',
    sources: [
      {
        ref: 'S4',
        quote:
          'for the purposes of the default recommendation in DPM, it is assumed to be 6% for Exchange and SQL Server data and 10% for Windows SharePoint Services data.',
      },
    ],
  },
  {
    id: 'legacy-rp-constant',
    value: 1600,
    unit: 'MB',
    meaning: 'constant added to every recovery point volume',
    sources: [{ ref: 'S3', quote: '(Data source size x retention range in days x 2) / 100 + 1600 MB' }],
  },
  {
    id: 'legacy-default-retention',
    value: 5,
    unit: 'days',
    meaning: 'retention range assumed when a policy gives none',
    sources: [{ ref: 'S4', quote: 'This is the number of recovery points stored; it is assumed to be 5 for purposes of the DPM default recommendation.' }],
  },
  {
    id: 'legacy-system-state-size',
    value: 1,
    unit: 'GB',
    meaning: 'system state data source size assumed when the plan gives none',
    sources: [{ ref: 'S4', quote: 'The data source size is assumed to be 1 GB.' }],
  },
  {
    id: 'mbs-overhead',
    value: 1.05,
    unit: 'factor',
    meaning: 'Modern Backup Storage allocation overhead',
    sources: [
      {
        ref: 'S8',
        quote: 'Data source size x (1 + log change x Retention Range in Days x Number of backups per day) x (1.05)',
      },
    ],
  },
  {
    id: 'mbs-log-change',
    value: 0.03,
    unit: 'fraction per day',
    meaning: 'log change assumed by the Modern Backup Storage default recommendation',
    sources: [{ ref: 'S8', quote: 'for the purposes of the default recommendation in DPM, log change is defined as 3%.' }],
  },
  {
    id: 'mbs-bmr-size',
    value: 20,
    unit: 'GB',
    meaning: 'bare-metal recovery replica size DPM assumes under Modern Backup Storage',
    sources: [{ ref: 'B5', quote: 'DPM does not calculate the size of the BMR data source but assumes 20 GB for all servers.' }],
    note: 'a third-party source, not Microsoft documentation',
  },
  {
    id: 'scratch-fraction',
    value: 0.05,
    unit: 'fraction',
    meaning: 'scratch (cache) free space needed per GB backed up to the vault',
    sources: [
      {
        ref: 'seed 000',
        quote:
          'Each server must have at least 5 % of the size of the data that is being backed up, available as local free storage. For example, backing up 100 GB of data requires a minimum of 5 GB of free space in the scratch location.',
      },
      { ref: 'seed 001', quote: 'Ensure the scratch location is at least 5% of the data planned to be backed up to the cloud.' },
    ],
    note: 'The MARS agent matrix of 2019 and later (A3) asks for 5 to 10 percent; bplan applies the 5 % of the seeds as the minimum.',
  },
  {
    id: 'mars-system-state-extra-min',
    value: 30,
    unit: 'GB',
    meaning: 'extra free space in the MARS cache volume when System State is backed up (lower bound)',
    sources: [
      {
        ref: 'A5',
        quote: "If you backup Windows System State, you'll need an additional 30-35 GB of free space in the volume containing the cache folder.",
      },
    ],
  },
  {
    id: 'mars-system-state-extra-max',
    value: 35,
    unit: 'GB',
    meaning: 'extra free space in the MARS cache volume when System State is backed up (upper bound)',
    sources: [
      {
        ref: 'A5',
        quote: "If you backup Windows System State, you'll need an additional 30-35 GB of free space in the volume containing the cache folder.",
      },
    ],
  },
  {
    id: 'pool-rule-of-thumb-min',
    value: 1.5,
    unit: 'times the protected data',
    meaning: 'minimum storage pool size by the rule of thumb',
    sources: [
      { ref: 'S10', quote: 'Disk for storage pool / 1.5 times the size of the protected data / 2-3 times the size of the protected data' },
      {
        ref: 'seed 001',
        quote: 'For the disk used as dedicated space for DPM data storage, the recommended storage pool size is 1.5 times the size of protected data.',
      },
    ],
  },
  {
    id: 'pool-rule-of-thumb-recommended-low',
    value: 2,
    unit: 'times the protected data',
    meaning: 'recommended storage pool size, lower end',
    sources: [{ ref: 'S10', quote: 'Disk for storage pool / 1.5 times the size of the protected data / 2-3 times the size of the protected data' }],
  },
  {
    id: 'pool-rule-of-thumb-recommended-high',
    value: 3,
    unit: 'times the protected data',
    meaning: 'recommended storage pool size, upper end',
    sources: [{ ref: 'S10', quote: 'Disk for storage pool / 1.5 times the size of the protected data / 2-3 times the size of the protected data' }],
  },
  {
    id: 'protected-instance-small',
    value: 50,
    unit: 'GB',
    meaning: 'largest "small" protected instance',
    sources: [
      {
        ref: 'B3',
        quote:
          'a small protected instance of up to 50GB can cost $5 plus $0.048 per gigabyte (GB) per month if a customer selects the Geo-Redundant Storage option.',
      },
    ],
    note: 'secondary sources (an eWeek article quoting a Microsoft PM, and an MVP answer on Microsoft Q&A); the official pricing page was not available',
  },
  {
    id: 'protected-instance-unit',
    value: 500,
    unit: 'GB',
    meaning: 'front-end size per protected instance above 50 GB',
    sources: [
      { ref: 'B4', quote: '> 1,000 GB: Larger sizes are divided into additional instances, with each 500 GB increment adding another instance.' },
      {
        ref: 'B3',
        quote: 'So a virtual machine of 500GB in size will be charged $10, while a virtual machine of 2000GB in size will be charged $40',
      },
    ],
    note: 'secondary sources; the billing-unit formula (≤ 50 GB small, ≤ 500 GB one, then one per 500 GB) is bplan\'s reading of them (product-limits.md §8, "derived")',
  },
] as const satisfies readonly SizingConstant[];

export type SizingId = (typeof constants)[number]['id'];
export const SIZING: readonly SizingConstant[] = constants;
const byId = new Map<string, SizingConstant>(SIZING.map((c) => [c.id, c]));

export function sizing(id: SizingId): number {
  return byId.get(id)!.value;
}

export function sizingConstant(id: SizingId): SizingConstant {
  return byId.get(id)!;
}

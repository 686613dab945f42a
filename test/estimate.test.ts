/**
 * The estimator against the documents' own worked examples (shared/reference/product-limits.md and
 * shared/seeds). Each test quotes the text it checks. Plans are small inline YAML built by `plan()`
 * and estimated through `lintText(text).estimates`, as the hosts do.
 *
 * Units: the plan and the estimate are in GB; the documents' 1600 MB constant is 1600 / 1024 GB.
 * Every Quantity is rounded to two decimals by the estimator, so hand-computed values are compared
 * with `near()` (to within 0.005 GB).
 *
 * A test that asserts a documented result the estimator does not (yet) give is marked
 * `{ todo: 'BUG: …' }`: it runs, and its failure is reported as a todo, not a failure.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { lintText } from '../server/src/core';
import { countOnlineRecoveryPoints, protectedInstances, storageMethod } from '../server/src/core/estimate';
import type { PlanEstimate, Quantity, ServerEstimate, WorkloadEstimate } from '../server/src/core/estimate';
import type { OnlineGoals, Server } from '../server/src/core/model';

// ---------------------------------------------------------------------------------------------
// Plan builder

interface ServerPart {
  name?: string;
  product: 'dpm' | 'mabs' | 'mars' | 'azure-vm-backup';
  version?: string;
  /** Defaults to windows-server-2019 (none for Azure VM backup); null leaves it out. */
  os?: string | null;
  scratchFreeGB?: number;
  /** Sizes of the storage pool disks; left out: no storagePool. */
  poolDisks?: number[];
  alertThresholdPercent?: number;
}

interface WorkloadPart {
  name: string;
  type: string;
  sizeGB?: number;
  churn?: number;
  /** Defaults to the first server. */
  server?: string;
  policy: string;
}

interface PolicyPart {
  name: string;
  /** Disk goals: `perDay` recovery point times a day, kept `retentionDays`. */
  disk?: { perDay: number; retentionDays?: number };
  online?: {
    times?: number;
    retention: Partial<Record<'daily' | 'weekly' | 'monthly' | 'yearly', number>>;
    pointsPerPeriod?: Partial<Record<'weekly' | 'monthly' | 'yearly', number>>;
  };
}

/** `n` distinct well-formed times of day, three hours apart from 00:00 (n ≤ 8). */
function times(n: number, from = 0): string[] {
  return Array.from({ length: n }, (_, i) => `${String((from + i * 3) % 24).padStart(2, '0')}:00`);
}

const ONLINE_DAILY_30: PolicyPart['online'] = { times: 1, retention: { daily: 30 } };

function plan(servers: ServerPart[], workloads: WorkloadPart[], policies: PolicyPart[]): string {
  const doc = {
    bplan: 1,
    name: 'estimate-test',
    vault: { name: 'rsv-estimate-test', region: 'westeurope', encryption: { passphrase: { env: 'BPLAN_PASSPHRASE' } } },
    servers: servers.map((s, i) => ({
      name: s.name ?? `srv0${i + 1}`,
      product: s.product,
      ...(s.version !== undefined ? { version: s.version } : s.product === 'dpm' ? { version: '2019' } : s.product === 'mabs' ? { version: 'v3' } : {}),
      ...(s.os ? { os: s.os } : s.os === undefined && s.product !== 'azure-vm-backup' ? { os: 'windows-server-2019' } : {}),
      ...(s.scratchFreeGB !== undefined ? { scratch: { freeGB: s.scratchFreeGB } } : {}),
      ...(s.poolDisks || s.alertThresholdPercent !== undefined
        ? {
            storagePool: {
              ...(s.poolDisks ? { disks: s.poolDisks.map((sizeGB, j) => ({ name: `disk${j + 1}`, sizeGB, type: 'fixed' })) } : {}),
              ...(s.alertThresholdPercent !== undefined ? { alertThresholdPercent: s.alertThresholdPercent } : {}),
            },
          }
        : {}),
    })),
    workloads: workloads.map((w) => ({
      name: w.name,
      type: w.type,
      host: `${w.name}-host`,
      os: 'windows-server-2019',
      ...(w.sizeGB !== undefined ? { sizeGB: w.sizeGB } : {}),
      ...(w.churn !== undefined ? { dailyChurnPercent: w.churn } : {}),
      server: w.server ?? servers[0]!.name ?? 'srv01',
      policy: w.policy,
    })),
    policies: policies.map((p) => ({
      name: p.name,
      ...(p.disk
        ? { disk: { syncEvery: '1h', recoveryPoints: times(p.disk.perDay), ...(p.disk.retentionDays !== undefined ? { retentionDays: p.disk.retentionDays } : {}) } }
        : {}),
      ...(p.online
        ? {
            online: {
              times: times(p.online.times ?? 1, 1),
              retention: p.online.retention,
              ...(p.online.pointsPerPeriod ? { pointsPerPeriod: p.online.pointsPerPeriod } : {}),
            },
          }
        : {}),
    })),
  };
  return stringify(doc);
}

function estimate(text: string): PlanEstimate {
  const result = lintText(text);
  assert.deepEqual(
    result.findings.filter((f) => f.ruleId === 'schema' || f.ruleId === 'yaml-syntax').map((f) => f.message),
    [],
    'the test plan is valid',
  );
  assert.ok(result.estimates, 'lintText returns estimates');
  return result.estimates;
}

function server(est: PlanEstimate, name = 'srv01'): ServerEstimate {
  const s = est.servers.find((x) => x.name === name);
  assert.ok(s, `server ${name} is estimated`);
  return s;
}

function workload(est: PlanEstimate, name: string): WorkloadEstimate {
  const w = est.servers.flatMap((s) => s.workloads).find((x) => x.name === name);
  assert.ok(w, `workload ${name} is estimated`);
  return w;
}

/** The value of a quantity, which must be a number. */
function num(quantity: Quantity): number {
  assert.equal(typeof quantity.value, 'number', `a value for ${quantity.formula}; missing: ${quantity.missing?.join(', ')}`);
  return quantity.value as number;
}

/** Equal to within the estimator's rounding to two decimals. */
function near(actual: number | null, expected: number, what: string): void {
  assert.ok(actual !== null, `${what}: a value, not null`);
  assert.ok(Math.abs(actual - expected) <= 0.005 + 1e-9, `${what}: expected ${expected}, got ${actual}`);
}

const MB = 1 / 1024;
/** The recovery point volume constant of the legacy table: "+ 1600 MB" (S3, S4). */
const RP_CONSTANT_GB = 1600 * MB;

// ---------------------------------------------------------------------------------------------

describe('scratch space: 5 % of the data backed up to the vault', () => {
  // seed 000: "Each server must have at least 5 % of the size of the data that is being backed up,
  // available as local free storage. For example, backing up 100 GB of data requires a minimum of
  // 5 GB of free space in the scratch location." (also A6)
  for (const [product, version] of [
    ['dpm', '2012-r2'],
    ['dpm', '2019'],
    ['mabs', 'v3'],
    ['mars', '2.0.9262.0'],
  ] as const) {
    test(`${product} ${version}: 100 GB to the vault needs 5 GB of scratch (seed 000)`, () => {
      const est = estimate(
        plan(
          [{ product, version, os: product === 'dpm' && version === '2012-r2' ? 'windows-server-2012-r2' : 'windows-server-2019' }],
          [{ name: 'data', type: 'files', sizeGB: 100, policy: 'p' }],
          [{ name: 'p', ...(product === 'mars' ? {} : { disk: { perDay: 1, retentionDays: 5 } }), online: ONLINE_DAILY_30 }],
        ),
      );
      const scratch = server(est).scratch.requiredGB;
      assert.equal(scratch.value, 5);
      assert.equal(scratch.unit, 'GB');
      assert.match(scratch.formula, /5 % × data backed up to the vault/);
      assert.deepEqual(scratch.inputs, { vaultGB: 100 });
      assert.ok(scratch.sources.includes('seed 000'), scratch.sources.join(', '));
      assert.equal(scratch.missing, undefined);
      assert.equal(est.totals.scratchRequiredGB, 5);
    });
  }

  test('only data with online goals counts: a disk-only workload adds no scratch', () => {
    const est = estimate(
      plan(
        [{ product: 'mabs' }],
        [
          { name: 'to-vault', type: 'files', sizeGB: 100, policy: 'online' },
          { name: 'disk-only', type: 'files', sizeGB: 900, policy: 'disk' },
        ],
        [
          { name: 'online', disk: { perDay: 1, retentionDays: 5 }, online: ONLINE_DAILY_30 },
          { name: 'disk', disk: { perDay: 1, retentionDays: 5 } },
        ],
      ),
    );
    assert.equal(server(est).scratch.requiredGB.value, 5);
    assert.equal(workload(est, 'disk-only').vaultGB, 0);
  });

  test('MARS backing up System State needs 30 GB more (A5)', () => {
    // A5: "If you backup Windows System State, you'll need an additional 30-35 GB of free space in
    // the volume containing the cache folder." 5 % × (100 + 30) + 30 = 36.5 GB.
    const est = estimate(
      plan(
        [{ product: 'mars', version: '2.0.9262.0' }],
        [
          { name: 'shares', type: 'files', sizeGB: 100, policy: 'p' },
          { name: 'sysstate', type: 'system-state', sizeGB: 30, policy: 'p' },
        ],
        [{ name: 'p', online: ONLINE_DAILY_30 }],
      ),
    );
    const scratch = server(est).scratch.requiredGB;
    assert.equal(scratch.value, 0.05 * 130 + 30);
    assert.deepEqual(scratch.inputs, { vaultGB: 130, systemStateGB: 30 });
    assert.match(scratch.formula, /30 GB for System State/);
    assert.ok(scratch.sources.includes('A5'));
  });

  test('MARS without System State: no extra 30 GB', () => {
    const est = estimate(plan([{ product: 'mars', version: '2.0.9262.0' }], [{ name: 'shares', type: 'files', sizeGB: 130, policy: 'p' }], [{ name: 'p', online: ONLINE_DAILY_30 }]));
    assert.equal(server(est).scratch.requiredGB.value, 6.5);
  });

  test('the 30 GB for System State is MARS only (A5 is the MARS FAQ): not added on MABS', () => {
    const est = estimate(
      plan([{ product: 'mabs' }], [{ name: 'sysstate', type: 'system-state', sizeGB: 30, policy: 'p' }], [{ name: 'p', disk: { perDay: 1, retentionDays: 5 }, online: ONLINE_DAILY_30 }]),
    );
    assert.equal(server(est).scratch.requiredGB.value, 1.5);
  });

  test(
    'MARS System State of 0 GB still needs the extra 30 GB (A5 does not scale it with the size)',
    () => {
      const est = estimate(plan([{ product: 'mars', version: '2.0.9262.0' }], [{ name: 'sysstate', type: 'system-state', sizeGB: 0, policy: 'p' }], [{ name: 'p', online: ONLINE_DAILY_30 }]));
      assert.equal(server(est).scratch.requiredGB.value, 30);
    },
  );
});

describe('online recovery points, counted as A10 does', () => {
  // A10: "Two points per day for seven days = 14 recovery points / Two points per week for four
  // weeks = 8 [...] Two points per month for 12 months = 24 [...] One point per year per 10 years =
  // 10 [...] The total number of recovery points is 56."
  const a10 = plan(
    [{ product: 'dpm', version: '2019' }],
    [{ name: 'erp-db', type: 'sql-server', sizeGB: 100, policy: 'a10' }],
    [
      {
        name: 'a10',
        disk: { perDay: 1, retentionDays: 5 },
        online: { times: 2, retention: { daily: 7, weekly: 4, monthly: 12, yearly: 10 }, pointsPerPeriod: { weekly: 2, monthly: 2 } },
      },
    ],
  );

  test("A10's example keeps 56 recovery points", () => {
    const rp = workload(estimate(a10), 'erp-db').onlineRecoveryPoints;
    assert.equal(rp.value, 56);
    assert.match(rp.formula, /2 a day × 7 days \+ 2 a week × 4 weeks \+ 2 a month × 12 months \+ 10 yearly = 56/);
    assert.deepEqual(rp.inputs, { perDay: 2, daily: 7, weekly: 4, monthly: 12, yearly: 10, weeklyEach: 2, monthlyEach: 2, yearlyEach: 1 });
    assert.ok(rp.sources.includes('A10'));
    assert.equal(workload(estimate(a10), 'erp-db').onlineRecoveryPointLimit, 9999);
  });

  test('the tiers of A10: 14 + 8 + 24 + 10', () => {
    const online = {
      span: { start: 0, end: 0 },
      times: { value: [at('08:00'), at('20:00')], span: { start: 0, end: 0 } },
      retention: { daily: at(7), weekly: at(4), monthly: at(12), yearly: at(10) },
      pointsPerPeriod: { weekly: at(2), monthly: at(2) },
    } as OnlineGoals;
    const counted = countOnlineRecoveryPoints(online);
    assert.deepEqual(
      { perDay: counted.perDay, daily: counted.perDay * counted.daily, weekly: counted.weekly, monthly: counted.monthly, yearly: counted.yearly, total: counted.total },
      { perDay: 2, daily: 14, weekly: 8, monthly: 24, yearly: 10, total: 56 },
    );
  });

  test('pointsPerPeriod defaults to one a week, month and year', () => {
    const est = estimate(
      plan(
        [{ product: 'dpm' }],
        [{ name: 'erp-db', type: 'sql-server', sizeGB: 100, policy: 'p' }],
        [{ name: 'p', online: { times: 2, retention: { daily: 7, weekly: 4, monthly: 12, yearly: 10 } } }],
      ),
    );
    // 2 × 7 + 4 + 12 + 10 = 40
    assert.equal(workload(est, 'erp-db').onlineRecoveryPoints.value, 40);
  });
});

describe('recovery points on disk: 64-day retention allows one a day of file data', () => {
  // S5/S9: "if your retention range objective is 64 days, you can create just one recovery point
  // each day. If it's 8 days, you can create 8 recovery points each day. With a retention range
  // objective of 10 days, you can create approximately 6 recovery points a day."
  // S9: "For files, DPM can store a maximum of 64 recovery points for each volume included in a
  // protection group"
  const files = (perDay: number, retentionDays: number) =>
    workload(
      estimate(plan([{ product: 'mabs' }], [{ name: 'share', type: 'files', sizeGB: 100, policy: 'p' }], [{ name: 'p', disk: { perDay, retentionDays }, online: ONLINE_DAILY_30 }])),
      'share',
    );

  test('64 days at 2 a day: 128 recovery points, over the limit of 64', () => {
    const w = files(2, 64);
    assert.equal(w.diskRecoveryPoints.value, 128);
    assert.equal(w.diskRecoveryPointLimit, 64);
    assert.ok(num(w.diskRecoveryPoints) > (w.diskRecoveryPointLimit ?? Infinity));
    assert.deepEqual(w.diskRecoveryPoints.inputs, { perDay: 2, retentionDays: 64 });
  });

  test('64 days at 1 a day: 64 recovery points, exactly the limit', () => {
    const w = files(1, 64);
    assert.equal(w.diskRecoveryPoints.value, 64);
    assert.equal(w.diskRecoveryPointLimit, 64);
  });

  test('8 days at 8 a day: 64', () => {
    assert.equal(files(8, 8).diskRecoveryPoints.value, 64);
  });

  test('10 days: 6 a day fits (60), 7 a day does not (70)', () => {
    assert.equal(files(6, 10).diskRecoveryPoints.value, 60);
    assert.equal(files(7, 10).diskRecoveryPoints.value, 70);
    assert.ok(70 > 64 && 60 <= 64);
  });

  test('application data has the limit of 448 (S6, S7, A1)', () => {
    // S7: "For application data sources, DPM can store up to 448 express full backups"
    const w = workload(
      estimate(plan([{ product: 'mabs' }], [{ name: 'db', type: 'sql-server', sizeGB: 100, policy: 'p' }], [{ name: 'p', disk: { perDay: 2, retentionDays: 64 }, online: ONLINE_DAILY_30 }])),
      'db',
    );
    assert.equal(w.diskRecoveryPoints.value, 128);
    assert.equal(w.diskRecoveryPointLimit, 448);
  });
});

describe('Modern Backup Storage: DS × (1 + LC × RR × N) × 1.05 (S8)', () => {
  // S8: "Data source size x (1 + log change x Retention Range in Days x Number of backups per day)
  // x (1.05)"; "for the purposes of the default recommendation in DPM, log change is defined as 3%."
  // "The DPM default recommendation is five recovery points."
  // product-limits.md §1f: "Defaults LC = 0.03, RR = 5, N = 1 → 1.2075·DS."
  for (const [product, version, type] of [
    ['mabs', 'v3', 'files'],
    ['dpm', '2019', 'files'],
    ['dpm', '2022', 'hyperv-vm'],
    ['mabs', 'v4', 'sql-server'],
  ] as const) {
    test(`${product} ${version}, ${type}: defaults give 1.2075 × DS`, () => {
      const est = estimate(
        plan(
          [{ product, version, os: product === 'mabs' && version === 'v4' ? 'windows-server-2022' : 'windows-server-2019' }],
          [{ name: 'ds', type, sizeGB: 1000, policy: 'p' }],
          [{ name: 'p', disk: { perDay: 1, retentionDays: 5 }, online: ONLINE_DAILY_30 }],
        ),
      );
      const w = workload(est, 'ds');
      assert.equal(w.method, 'modern-backup-storage');
      assert.equal(w.replicaGB.value, 1050);
      near(w.recoveryPointVolumeGB.value, 157.5, 'recovery point volume');
      near(num(w.replicaGB) + num(w.recoveryPointVolumeGB), 1.2075 * 1000, 'replica + recovery points');
      assert.deepEqual(w.recoveryPointVolumeGB.inputs, { DS: 1000, LC: 0.03, RR: 5, N: 1 });
      // The default log change concerns the recovery point volume; the replica (DS × 1.05) does not use it.
      assert.ok(w.recoveryPointVolumeGB.assumptions.some((a) => /3 %/.test(a)), 'the default log change is an assumption');
      assert.ok(!w.replicaGB.assumptions.some((a) => /3 %/.test(a)), 'the replica makes no assumption about log change');
      assert.ok(w.replicaGB.sources.includes('S8'));
      if (type === 'sql-server') assert.ok(w.recoveryPointVolumeGB.assumptions.some((a) => /transaction logs/i.test(a)), 'SQL transaction logs are said to be left out');
      near(server(est).storagePool!.requiredGB.value, 1207.5, 'pool required');
    });
  }

  test('the default retention of 5 is assumed when the policy gives none', () => {
    const est = estimate(plan([{ product: 'mabs' }], [{ name: 'ds', type: 'files', sizeGB: 1000, policy: 'p' }], [{ name: 'p', disk: { perDay: 1 }, online: ONLINE_DAILY_30 }]));
    const w = workload(est, 'ds');
    near(num(w.replicaGB) + num(w.recoveryPointVolumeGB), 1207.5, 'replica + recovery points');
    assert.ok(w.recoveryPointVolumeGB.assumptions.some((a) => /5 days/.test(a)));
  });

  test('N backups a day and the given churn enter the formula', () => {
    // 1000 × (1 + 0.10 × 14 × 2) × 1.05 = 1000 × 3.8 × 1.05 = 3990
    const est = estimate(plan([{ product: 'mabs' }], [{ name: 'ds', type: 'files', sizeGB: 1000, churn: 10, policy: 'p' }], [{ name: 'p', disk: { perDay: 2, retentionDays: 14 }, online: ONLINE_DAILY_30 }]));
    const w = workload(est, 'ds');
    near(num(w.replicaGB) + num(w.recoveryPointVolumeGB), 3990, 'replica + recovery points');
    assert.deepEqual(w.recoveryPointVolumeGB.inputs, { DS: 1000, LC: 0.1, RR: 14, N: 2 });
  });
});

describe('legacy default allocation (DPM 2007 table, S3; 2016 TP, S4)', () => {
  const legacy = (type: string, sizeGB: number, retentionDays: number, extra: { churn?: number; alertThresholdPercent?: number; perDay?: number } = {}) =>
    workload(
      estimate(
        plan(
          [{ product: 'dpm', version: '2012-r2', os: 'windows-server-2012-r2', ...(extra.alertThresholdPercent !== undefined ? { alertThresholdPercent: extra.alertThresholdPercent } : {}) }],
          [{ name: 'ds', type, sizeGB, policy: 'p', ...(extra.churn !== undefined ? { churn: extra.churn } : {}) }],
          [{ name: 'p', disk: { perDay: extra.perDay ?? 1, retentionDays }, online: ONLINE_DAILY_30 }],
        ),
      ),
      'ds',
    );

  test('files: the worked example of §1f, DS 1,000,000 MB and RR 10', () => {
    // S3: Files replica "(Data source size x 3) / 2"; recovery point volume "(Data source size x
    // retention range in days x 2) / 100 + 1600 MB".
    // §1f (derived): "DS = 1,000,000 MB, RR = 10 → replica 1,500,000 MB, RPvol 201,600 MB."
    const dsGB = 1_000_000 * MB; // 976.5625 GB
    const w = legacy('files', dsGB, 10);
    assert.equal(w.method, 'legacy');
    near(w.replicaGB.value, 1_500_000 * MB, 'replica (1,500,000 MB)');
    near(w.recoveryPointVolumeGB.value, 201_600 * MB, 'recovery point volume (201,600 MB)');
    near(w.replicaGB.value, 1.5 * dsGB, 'replica = 1.5 × DS');
    near(w.recoveryPointVolumeGB.value, 0.02 * dsGB * 10 + RP_CONSTANT_GB, 'RP = 0.02 × DS × RR + 1600 MB');
    assert.deepEqual(w.recoveryPointVolumeGB.inputs, { DS: dsGB, RR: 10 });
    assert.match(w.recoveryPointVolumeGB.formula, /1600 MB/);
    assert.ok(w.replicaGB.sources.includes('S3'));
  });

  test('SQL Server with the defaults: replica = DS × 1.06 / 0.85', () => {
    // S3: "Data source size x (1 + log change) / (alert threshold - .05)"; S4: log change "6% for
    // Exchange and SQL Server data", alert threshold "typically 90%".
    // RP: "2.5 x retention range in days x log change x data source size + 1600 MB"
    const w = legacy('sql-server', 850, 5);
    near(w.replicaGB.value, (850 * 1.06) / 0.85, 'replica'); // 1060
    near(w.recoveryPointVolumeGB.value, 2.5 * 5 * 0.06 * 850 + RP_CONSTANT_GB, 'recovery point volume'); // 639.06
    assert.deepEqual(w.replicaGB.inputs, { DS: 850, LC: 0.06, AT: 0.9 });
    assert.ok(w.replicaGB.assumptions.some((a) => /6 %/.test(a)));
  });

  test('Exchange with the defaults: same replica, RP factor 4.0', () => {
    // S3: Exchange RP "4.0 x retention range in days x log change x data source size + 1600 MB"
    const w = legacy('exchange', 850, 5);
    near(w.replicaGB.value, 1060, 'replica');
    near(w.recoveryPointVolumeGB.value, 4.0 * 5 * 0.06 * 850 + RP_CONSTANT_GB, 'recovery point volume'); // 1021.56
  });

  test('SQL Server with an alert threshold of 80 %: replica = DS × 1.06 / 0.75', () => {
    const w = legacy('sql-server', 850, 5, { alertThresholdPercent: 80 });
    near(w.replicaGB.value, (850 * 1.06) / 0.75, 'replica');
    assert.equal(w.replicaGB.inputs.AT, 0.8);
  });

  test('SQL Server with the plan\'s churn as log change', () => {
    const w = legacy('sql-server', 850, 5, { churn: 10 });
    near(w.replicaGB.value, (850 * 1.1) / 0.85, 'replica'); // 1100
    near(w.recoveryPointVolumeGB.value, 2.5 * 5 * 0.1 * 850 + RP_CONSTANT_GB, 'recovery point volume');
  });

  test('SharePoint: LC defaults to 10 %, replica = DS / (AT − 0.05)', () => {
    // S3: "Total size of all databases/ (alert threshold - .05)"; "1.5 x retention range in days x
    // log change x total size of all databases + 1600 MB"; S4: "10% for Windows SharePoint Services data"
    const w = legacy('sharepoint', 850, 5);
    near(w.replicaGB.value, 850 / 0.85, 'replica'); // 1000
    near(w.recoveryPointVolumeGB.value, 1.5 * 5 * 0.1 * 850 + RP_CONSTANT_GB, 'recovery point volume'); // 639.06
    assert.equal(w.recoveryPointVolumeGB.inputs.LC, 0.1);
    assert.ok(w.recoveryPointVolumeGB.assumptions.some((a) => /10 %/.test(a) && /SharePoint/.test(a)));
  });

  test('Hyper-V: replica DS × 1.5, RP factor 0.1 (not Virtual Server\'s 0.02)', () => {
    // S4: "For Hyper-V [...] Data source size x 1.5"; "(Data source size * recovery range in days * 0.1) + 1600 MB"
    const w = legacy('hyperv-vm', 1000, 7);
    near(w.replicaGB.value, 1500, 'replica');
    near(w.recoveryPointVolumeGB.value, 1000 * 7 * 0.1 + RP_CONSTANT_GB, 'recovery point volume'); // 701.56
    assert.match(w.recoveryPointVolumeGB.formula, /0\.1/);
    const files = legacy('files', 1000, 7);
    near(files.recoveryPointVolumeGB.value, 1000 * 7 * 0.02 + RP_CONSTANT_GB, 'files for comparison'); // 141.56
  });

  test('system state: the files formula, DS assumed 1 GB when not given (S4)', () => {
    // S4: "For system state: [...] (Data source size x 3) / 2"; "The data source size is assumed to be 1 GB."
    const est = estimate(
      plan(
        [{ product: 'dpm', version: '2012-r2', os: 'windows-server-2012-r2' }],
        [{ name: 'ss', type: 'system-state', policy: 'p' }],
        [{ name: 'p', disk: { perDay: 1, retentionDays: 5 }, online: ONLINE_DAILY_30 }],
      ),
    );
    const w = workload(est, 'ss');
    assert.equal(w.sizeGB, 1);
    near(w.replicaGB.value, 1.5, 'replica');
    near(w.recoveryPointVolumeGB.value, (1 * 5 * 2) / 100 + RP_CONSTANT_GB, 'recovery point volume');
    assert.ok(w.replicaGB.assumptions.some((a) => /1 GB/.test(a)));
  });
});

describe('protected instances (B3, B4; derived formula of §8)', () => {
  // B4: "0–50 GB: Each instance in this range counts as 1 protected instance." / "51–500 GB: Each
  // instance in this range also counts as 1 protected instance." / "501 GB–1,000 GB: Each instance in
  // this range counts as 2 protected instances." / "> 1,000 GB: Larger sizes are divided into
  // additional instances, with each 500 GB increment adding another instance."
  // B3: "So a virtual machine of 500GB in size will be charged $10, while a virtual machine of 2000GB
  // in size will be charged $40" ($10 a unit: 500 GB → 1 unit, 2000 GB → 4 units).
  const table: [number, number][] = [
    [50, 1],
    [51, 1],
    [500, 1],
    [501, 2],
    [1000, 2],
    [1001, 3],
    [2000, 4],
  ];
  for (const [size, units] of table) {
    test(`${size} GB → ${units}`, () => {
      const q = protectedInstances(size);
      assert.equal(q.value, units);
      assert.deepEqual(q.inputs, { DS: size });
      assert.ok(q.sources.includes('B4') && q.sources.includes('B3'));
    });
  }

  test('up to 50 GB is a small instance (B3: "a small protected instance of up to 50GB")', () => {
    assert.match(protectedInstances(50).unit, /small/);
    assert.doesNotMatch(protectedInstances(51).unit, /small/);
  });

  test('B3 in dollars: 500 GB → $10, 2000 GB → $40 at $10 a unit', () => {
    assert.equal(num(protectedInstances(500)) * 10, 10);
    assert.equal(num(protectedInstances(2000)) * 10, 40);
  });

  test('through the estimate: per workload with online goals, and the plan total', () => {
    const est = estimate(
      plan(
        [{ product: 'mabs' }],
        [
          { name: 'vm-500', type: 'hyperv-vm', sizeGB: 500, policy: 'p' },
          { name: 'vm-2000', type: 'hyperv-vm', sizeGB: 2000, policy: 'p' },
          { name: 'disk-only', type: 'hyperv-vm', sizeGB: 2000, policy: 'd' },
        ],
        [
          { name: 'p', disk: { perDay: 1, retentionDays: 5 }, online: ONLINE_DAILY_30 },
          { name: 'd', disk: { perDay: 1, retentionDays: 5 } },
        ],
      ),
    );
    assert.equal(workload(est, 'vm-500').protectedInstances.value, 1);
    assert.equal(workload(est, 'vm-2000').protectedInstances.value, 4);
    assert.equal(workload(est, 'disk-only').protectedInstances.value, 0);
    assert.equal(est.totals.protectedInstances, 5);
  });

  test(
    'a 0 GB workload with online goals counts as 1 in the plan total (B4: "0–50 GB: [...] 1 protected instance")',
    () => {
      const est = estimate(plan([{ product: 'mars', version: '2.0.9262.0' }], [{ name: 'empty', type: 'files', sizeGB: 0, policy: 'p' }], [{ name: 'p', online: ONLINE_DAILY_30 }]));
      assert.equal(workload(est, 'empty').protectedInstances.value, 1);
      assert.equal(est.totals.protectedInstances, 1);
    },
  );
});

describe('storage method by version and OS (A2, A18)', () => {
  // A2: "Modern backup storage (MBS) is supported from DPM 2016/MABS v2 and later. It isn't available
  // for MABS v1." A18: "To take advantage of new features like System Center 2016 Data Protection
  // Manager Modern Backup Storage, you must install Backup Server v2 on Windows Server 2016."
  const cases: [string, string, string | undefined, 'legacy' | 'modern-backup-storage'][] = [
    ['dpm', '2012-r2', 'windows-server-2012-r2', 'legacy'],
    ['dpm', '2012-sp1', 'windows-server-2012', 'legacy'],
    ['dpm', '2016', 'windows-server-2012-r2', 'legacy'],
    ['dpm', '2016', 'windows-server-2016', 'modern-backup-storage'],
    ['dpm', '2019', 'windows-server-2019', 'modern-backup-storage'],
    ['mabs', 'v1', 'windows-server-2012-r2', 'legacy'],
    ['mabs', 'v2', 'windows-server-2012-r2', 'legacy'],
    ['mabs', 'v2', 'windows-server-2016', 'modern-backup-storage'],
    ['mabs', 'v3', 'windows-server-2019', 'modern-backup-storage'],
    ['mabs', 'v3', undefined, 'modern-backup-storage'],
  ];
  for (const [product, version, os, method] of cases) {
    test(`${product} ${version} on ${os ?? 'an OS not given'} → ${method}`, () => {
      const est = estimate(
        plan(
          [{ product: product as 'dpm' | 'mabs', version, os: os ?? null }],
          [{ name: 'ds', type: 'files', sizeGB: 100, policy: 'p' }],
          [{ name: 'p', disk: { perDay: 1, retentionDays: 5 }, online: ONLINE_DAILY_30 }],
        ),
      );
      assert.equal(workload(est, 'ds').method, method);
    });
  }

  const model = (product: string, version?: string, os?: string): Server =>
    ({
      index: 0,
      span: { start: 0, end: 0 },
      path: 'servers[x]',
      poolDisks: [],
      product: at(product),
      ...(version ? { version: at(version) } : {}),
      ...(os ? { os: at(os) } : {}),
    }) as unknown as Server;

  test('storageMethod() directly', () => {
    assert.equal(storageMethod(model('dpm', '2012-r2')).method, 'legacy');
    assert.equal(storageMethod(model('dpm', '2016', 'windows-server-2012-r2')).method, 'legacy');
    assert.equal(storageMethod(model('dpm', '2016', 'windows-server-2016')).method, 'modern-backup-storage');
    assert.equal(storageMethod(model('mabs', 'v1')).method, 'legacy');
    assert.equal(storageMethod(model('mabs', 'v3')).method, 'modern-backup-storage');
    assert.equal(storageMethod(model('mabs', 'v3')).assumption, undefined, 'MABS v3 runs only on WS2016+: nothing to assume');
    assert.match(storageMethod(model('dpm', '2016')).assumption ?? '', /assumed Windows Server 2016/, 'DPM 2016 without an OS: the assumption is said');
    assert.equal(storageMethod(model('mars')).method, 'none');
    assert.equal(storageMethod(model('azure-vm-backup')).method, 'none');
  });

  test('a DPM server without a version is taken as DPM 2012 R2 (the documents\' baseline): legacy', () => {
    assert.equal(storageMethod(model('dpm')).method, 'legacy');
  });
});

describe('a missing size is null and says so, never 0', () => {
  const text = plan(
    [{ product: 'dpm', version: '2019', poolDisks: [4000], scratchFreeGB: 100 }],
    [
      { name: 'sized', type: 'files', sizeGB: 100, policy: 'p' },
      { name: 'unsized', type: 'files', policy: 'p' },
    ],
    [{ name: 'p', disk: { perDay: 1, retentionDays: 5 }, online: ONLINE_DAILY_30 }],
  );
  const est = estimate(text);

  test('the workload: replica, recovery points, protected instances and vault size are null with sizeGB missing', () => {
    const w = workload(est, 'unsized');
    assert.equal(w.sizeGB, null);
    for (const q of [w.replicaGB, w.recoveryPointVolumeGB, w.protectedInstances]) {
      assert.equal(q.value, null, q.formula);
      assert.ok(q.missing?.includes('sizeGB'), `${q.formula}: missing ${q.missing?.join(', ')}`);
    }
    assert.equal(w.vaultGB, null);
    assert.deepEqual(w.poolGrowth, []);
    // What does not depend on the size still has a value.
    assert.equal(w.diskRecoveryPoints.value, 5);
    assert.equal(w.onlineRecoveryPoints.value, 30);
  });

  test('the server: pool required, rule of thumb and scratch are null, naming the workload', () => {
    const s = server(est);
    const pool = s.storagePool!;
    for (const q of [pool.requiredGB, pool.ruleOfThumbMinGB, s.scratch.requiredGB]) {
      assert.equal(q.value, null, q.formula);
      assert.deepEqual(q.missing, ['sizeGB of workload "unsized"'], q.formula);
    }
    assert.equal(pool.protectedGB, null);
    assert.deepEqual(pool.ruleOfThumbRecommendedGB, { low: null, high: null });
    assert.equal(pool.capacityGB, 4000);
    assert.equal(pool.requiredGB.inputs.unsized, 'unknown');
  });

  test('the plan totals: null where a part is null', () => {
    assert.deepEqual(est.totals, { protectedGB: null, poolRequiredGB: null, poolCapacityGB: 4000, scratchRequiredGB: null, protectedInstances: null });
  });

  test('no pool-too-small or scratch-too-small finding is made from an unknown size', () => {
    const ids = lintText(text).findings.map((f) => f.ruleId);
    assert.ok(!ids.includes('pool-too-small') && !ids.includes('scratch-too-small'), ids.join(', '));
  });
});

describe('the storage pool per server: Σ (replica + recovery points), and 1.5 × protected', () => {
  // S8 (MBS) per workload; B2: "Capacity required per DPM Server = (((Replica Size per SG + Recovery
  // Point Volume per SG) * ...". S10: "Disk for storage pool / 1.5 times the size of the protected
  // data / 2-3 times the size of the protected data".
  const est = estimate(
    plan(
      [
        { name: 'mabs01', product: 'mabs', version: 'v3', poolDisks: [2000, 2000] },
        { name: 'dpm01', product: 'dpm', version: '2012-r2', os: 'windows-server-2012-r2', poolDisks: [3000] },
      ],
      [
        // MBS: 1000 × 1.05 + 1000 × 0.03 × 5 × 1 × 1.05 = 1050 + 157.5 = 1207.5
        { name: 'files', type: 'files', sizeGB: 1000, server: 'mabs01', policy: 'p5' },
        // MBS: 200 × 1.05 + 200 × 0.04 × 14 × 1 × 1.05 = 210 + 117.6 = 327.6
        { name: 'db', type: 'sql-server', sizeGB: 200, churn: 4, server: 'mabs01', policy: 'p14' },
        // MBS: 100 × 1.05 + 100 × 0.02 × 7 × 2 × 1.05 = 105 + 29.4 = 134.4
        { name: 'vm', type: 'hyperv-vm', sizeGB: 100, churn: 2, server: 'mabs01', policy: 'p7x2' },
        // No disk goals: neither in the pool nor in the protected data of the pool.
        { name: 'cloud-only', type: 'files', sizeGB: 5000, server: 'mabs01', policy: 'online' },
        // Legacy: 1000 × 1.5 + (1000 × 10 × 2) / 100 + 1600 MB = 1500 + 201.5625
        { name: 'old-share', type: 'files', sizeGB: 1000, server: 'dpm01', policy: 'p10' },
      ],
      [
        { name: 'p5', disk: { perDay: 1, retentionDays: 5 }, online: ONLINE_DAILY_30 },
        { name: 'p14', disk: { perDay: 1, retentionDays: 14 }, online: ONLINE_DAILY_30 },
        { name: 'p7x2', disk: { perDay: 2, retentionDays: 7 }, online: ONLINE_DAILY_30 },
        { name: 'p10', disk: { perDay: 1, retentionDays: 10 }, online: ONLINE_DAILY_30 },
        { name: 'online', online: ONLINE_DAILY_30 },
      ],
    ),
  );

  test('MBS server: required = Σ (replica + recovery point volume)', () => {
    const pool = server(est, 'mabs01').storagePool!;
    near(pool.requiredGB.value, 1207.5 + 327.6 + 134.4, 'required'); // 1669.5
    const byWorkload = server(est, 'mabs01')
      .workloads.filter((w) => w.method !== 'none')
      .reduce((sum, w) => sum + num(w.replicaGB) + num(w.recoveryPointVolumeGB), 0);
    near(pool.requiredGB.value, byWorkload, 'required = Σ over the workloads');
    near(pool.requiredGB.inputs.files as number, 1207.5, 'files input');
    near(pool.requiredGB.inputs.db as number, 327.6, 'db input');
    near(pool.requiredGB.inputs.vm as number, 134.4, 'vm input');
    assert.equal(pool.requiredGB.inputs['cloud-only'], undefined, 'a workload without disk goals is not in the pool');
    assert.equal(pool.capacityGB, 4000);
  });

  test('MBS server: rule of thumb 1.5 × the 1300 GB protected on disk; 2–3 × recommended', () => {
    const pool = server(est, 'mabs01').storagePool!;
    assert.equal(pool.protectedGB, 1300);
    assert.equal(pool.ruleOfThumbMinGB.value, 1950);
    assert.deepEqual(pool.ruleOfThumbMinGB.inputs, { protectedGB: 1300 });
    assert.deepEqual(pool.ruleOfThumbRecommendedGB, { low: 2600, high: 3900 });
  });

  test('legacy server: required = 1.5 × DS + 0.02 × DS × RR + 1600 MB', () => {
    const pool = server(est, 'dpm01').storagePool!;
    near(pool.requiredGB.value, 1500 + 200 + RP_CONSTANT_GB, 'required');
    assert.equal(pool.ruleOfThumbMinGB.value, 1500);
    assert.ok(pool.requiredGB.sources.includes('S3'));
  });

  test('plan totals add the servers', () => {
    near(est.totals.poolRequiredGB, 1669.5 + 1701.5625, 'pool required');
    assert.equal(est.totals.poolCapacityGB, 7000);
    assert.equal(est.totals.protectedGB, 1000 + 200 + 100 + 5000 + 1000);
    // 5 % of everything with online goals: 7300 GB → 365 GB (mabs01: 6300 → 315; dpm01: 1000 → 50).
    assert.equal(server(est, 'mabs01').scratch.requiredGB.value, 315);
    assert.equal(est.totals.scratchRequiredGB, 365);
  });

  test('pool growth goes from the replica on day 0 to replica + recovery points on the last day', () => {
    const w = workload(est, 'db');
    assert.deepEqual(w.poolGrowth[0], { day: 0, GB: 210 });
    assert.deepEqual(w.poolGrowth.at(-1), { day: 14, GB: 327.6 });
  });
});

/** A Located value with an empty span, for calling the estimator's exported helpers directly. */
function at<T>(value: T): { value: T; span: { start: number; end: number } } {
  return { value, span: { start: 0, end: 0 } };
}

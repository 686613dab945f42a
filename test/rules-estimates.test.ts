/**
 * Table tests for the two rules that read the estimator: pool-too-small and scratch-too-small.
 * Each case gives the exact 1-based line and column of every finding of the rule (through
 * LineIndex, as the hosts convert offsets), its severity, a message pattern with the numbers, and
 * the count; no other rule may report anything unless the case names it.
 *
 * Plans come from `plan()`, whose lines never move (a part left out becomes a comment line):
 *
 *   1  bplan: 1
 *   2  name: estimates-test
 *   3  vault:
 *   4    name: rsv-estimates-test
 *   5    region: westeurope
 *   6    encryption:
 *   7      passphrase: { env: BPLAN_PASSPHRASE }
 *   8  servers:
 *   9    - name: srv01
 *  10      product: mabs
 *  11      version: v3
 *  12      os: windows-server-2019
 *  13      scratch: { freeGB: 100 }                        freeGB value   13:24  (scratchFreeGB)
 *  14      storagePool:                                    storagePool key 14:5  (pool)
 *  15        alertThresholdPercent: 90                     (alertThresholdPercent)
 *  16        disks:
 *  17          - { name: disk01, sizeGB: 4000, type: fixed }
 *  18          - { name: disk02, sizeGB: 500, type: fixed }  (a second disk)
 *  19      updateRollup: 14                                (DPM 2012 R2 only)
 *  20  policies:
 *  21    - name: pol01
 *  22      disk: { syncEvery: 1h, recoveryPoints: ["20:00"], retentionDays: 5 }   (DPM and MABS)
 *  23      online:
 *  24        times: ["21:00"]
 *  25        retention: { daily: 30, weekly: 12 }
 *  26  workloads:
 *  27    - name: wl01
 *  28      type: files                                     (type)
 *  29      host: host01
 *  30      os: windows-server-2019
 *  31      sizeGB: 1000                                    (sizeGB)
 *  32      dailyChurnPercent: 3                            (churn)
 *  33      server: srv01
 *  34      policy: pol01
 *  35  (extra: raw lines appended here: more workloads, from workload())
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex, lintText } from '../server/src/core';
import type { Finding, Severity } from '../server/src/core';

interface PlanParts {
  product?: 'mabs' | 'dpm' | 'mars';
  version?: string;
  os?: string;
  /** null leaves `scratch` out. */
  scratchFreeGB?: number | null;
  /** Pool disk sizes (one or two); null leaves the storage pool out (the default for MARS). */
  disks?: number[] | null;
  alertThresholdPercent?: number;
  updateRollup?: number;
  type?: string;
  /** null leaves the size out. */
  sizeGB?: number | null;
  churn?: number;
  retentionDays?: number;
  /** false leaves the disk goals out (the default for MARS). */
  disk?: boolean;
  extra?: string;
}

const DEFAULT_VERSION = { mabs: 'v3', dpm: '2019', mars: '"2.0.9262.0"' };

function plan(parts: PlanParts = {}): string {
  const product = parts.product ?? 'mabs';
  const onPrem = product !== 'mars';
  const disks = parts.disks === undefined ? (onPrem ? [4000] : null) : parts.disks;
  const disk = parts.disk ?? onPrem;
  const line = (indent: number, text: string | null, what: string) => `${' '.repeat(indent)}${text ?? `# (no ${what})`}`;
  const lines = [
    'bplan: 1',
    'name: estimates-test',
    'vault:',
    '  name: rsv-estimates-test',
    '  region: westeurope',
    '  encryption:',
    '    passphrase: { env: BPLAN_PASSPHRASE }',
    'servers:',
    '  - name: srv01',
    `    product: ${product}`,
    `    version: ${parts.version ?? DEFAULT_VERSION[product]}`,
    `    os: ${parts.os ?? 'windows-server-2019'}`,
    line(4, parts.scratchFreeGB === null ? null : `scratch: { freeGB: ${parts.scratchFreeGB ?? 100} }`, 'scratch'),
    line(4, disks ? 'storagePool:' : null, 'storagePool'),
    line(6, disks && parts.alertThresholdPercent !== undefined ? `alertThresholdPercent: ${parts.alertThresholdPercent}` : null, 'alertThresholdPercent'),
    line(6, disks ? 'disks:' : null, 'disks'),
    line(8, disks?.[0] !== undefined ? `- { name: disk01, sizeGB: ${disks[0]}, type: fixed }` : null, 'first disk'),
    line(8, disks?.[1] !== undefined ? `- { name: disk02, sizeGB: ${disks[1]}, type: fixed }` : null, 'second disk'),
    line(4, parts.updateRollup !== undefined ? `updateRollup: ${parts.updateRollup}` : null, 'updateRollup'),
    'policies:',
    '  - name: pol01',
    line(4, disk ? `disk: { syncEvery: 1h, recoveryPoints: ["20:00"], retentionDays: ${parts.retentionDays ?? 5} }` : null, 'disk goals'),
    '    online:',
    '      times: ["21:00"]',
    '      retention: { daily: 30, weekly: 12 }',
    'workloads:',
    '  - name: wl01',
    `    type: ${parts.type ?? 'files'}`,
    '    host: host01',
    '    os: windows-server-2019',
    line(4, parts.sizeGB === null ? null : `sizeGB: ${parts.sizeGB ?? 1000}`, 'sizeGB'),
    line(4, parts.churn !== undefined ? `dailyChurnPercent: ${parts.churn}` : null, 'dailyChurnPercent'),
    '    server: srv01',
    '    policy: pol01',
  ];
  return `${lines.join('\n')}\n${parts.extra ?? ''}`;
}

/** A second workload on srv01, following pol01 (lines 35–41). */
function workload(name: string, type: string, sizeGB: number | null): string {
  return [
    `  - name: ${name}`,
    `    type: ${type}`,
    '    host: host01',
    '    os: windows-server-2019',
    sizeGB === null ? '    # (no sizeGB)' : `    sizeGB: ${sizeGB}`,
    '    server: srv01',
    '    policy: pol01',
    '',
  ].join('\n');
}

interface Expected {
  readonly line: number;
  readonly column: number;
  /** 1-based line and exclusive column of the end. */
  readonly end: readonly [number, number];
  readonly severity: Severity;
  readonly message: RegExp;
}

interface Case {
  readonly name: string;
  readonly code: string;
  /** Every finding of the rule under test, in order; [] for a plan the rule must pass. */
  readonly expected: readonly Expected[];
  /** Other rules this plan makes report, inherently. */
  readonly others?: readonly string[];
  /** A known bug: the case states the documented behaviour and runs as a todo. */
  readonly todo?: string;
}

function where(text: string, offset: number): [number, number] {
  const p = new LineIndex(text).position(offset);
  return [p.line + 1, p.character + 1];
}

function show(text: string, f: Finding): string {
  const [line, column] = where(text, f.span.start);
  return `${line}:${column} ${f.severity} [${f.ruleId}] ${f.message}`;
}

function table(ruleId: string, cases: readonly Case[]): void {
  describe(ruleId, () => {
    for (const c of cases) {
      test(c.name, c.todo ? { todo: c.todo } : {}, () => {
        const { findings } = lintText(c.code);
        const own = findings.filter((f) => f.ruleId === ruleId);
        assert.equal(own.length, c.expected.length, `count of ${ruleId} findings:\n  ${findings.map((f) => show(c.code, f)).join('\n  ')}`);
        c.expected.forEach((want, i) => {
          const f = own[i]!;
          assert.deepEqual(where(c.code, f.span.start), [want.line, want.column], `start of finding ${i + 1}: ${f.message}`);
          assert.deepEqual(where(c.code, f.span.end), [...want.end], `end of finding ${i + 1}: ${f.message}`);
          assert.equal(f.severity, want.severity, `severity of finding ${i + 1}: ${f.message}`);
          assert.match(f.message, want.message);
        });
        const allowed = new Set([ruleId, ...(c.others ?? [])]);
        assert.deepEqual(
          findings.filter((f) => !allowed.has(f.ruleId)).map((f) => show(c.code, f)),
          [],
          'findings of rules the case does not expect',
        );
        for (const other of c.others ?? []) assert.ok(findings.some((f) => f.ruleId === other), `${other} is reported as well`);
      });
    }
  });
}

/** The storagePool key of srv01: line 14, columns 5–16. */
const POOL = (severity: Severity, message: RegExp): Expected => ({ line: 14, column: 5, end: [14, 16], severity, message });
/** The scratch freeGB value of srv01: line 13, from column 24 to the end of the number. */
const FREE = (freeGB: number, message: RegExp): Expected => ({ line: 13, column: 24, end: [13, 24 + String(freeGB).length], severity: 'error', message });

/** DPM 2012 R2 on Windows Server 2012 R2, with the update rollup that online goals need (A10). */
const DPM_2012_R2: PlanParts = { product: 'dpm', version: '2012-r2', os: 'windows-server-2012-r2', updateRollup: 14 };

// ---------------------------------------------------------------------------------------------

table('pool-too-small', [
  // MBS (S8): DS × (1 + LC × RR × N) × 1.05. With churn 10 %, 5 days, 1 a day: 1000 × 1.5 × 1.05 = 1575 GB,
  // over the rule of thumb of 1.5 × 1000 = 1500 GB (S10).
  { name: 'MBS: capacity exactly the 1575 GB required is ok', code: plan({ churn: 10, disks: [1575] }), expected: [] },
  { name: 'MBS: two disks adding up to the 1575 GB required are ok', code: plan({ churn: 10, disks: [1000, 575] }), expected: [] },
  {
    name: 'MBS: 1 GB less than the 1575 GB required is an error',
    code: plan({ churn: 10, disks: [1574] }),
    expected: [POOL('error', /server "srv01" \(MABS v3\) holds 1\.54 TB \(1574 GB\), but its workloads need 1\.54 TB \(1575 GB\) \(Σ \(replica \+ recovery point volume\)[^)]*\): add 1 GB of disk/)],
  },
  {
    name: 'MBS: two disks 1 GB short of the 1575 GB required',
    code: plan({ churn: 10, disks: [1000, 574] }),
    expected: [POOL('error', /holds 1\.54 TB \(1574 GB\), but its workloads need 1\.54 TB \(1575 GB\).*add 1 GB of disk/)],
  },
  // Defaults (LC 3 %, RR 5, N 1): 1.2075 × 1000 = 1207.5 GB needed; the rule of thumb asks 1500 GB.
  { name: 'MBS defaults: exactly 1.5 × the protected data is ok', code: plan({ disks: [1500] }), expected: [] },
  {
    name: 'MBS defaults: 1 GB under 1.5 × protected, over the 1207.5 GB required, is a warning',
    code: plan({ disks: [1499] }),
    expected: [POOL('warning', /holds 1\.46 TB \(1499 GB\), under the rule of thumb of 1\.5 × the 1000 GB protected \(1\.46 TB \(1500 GB\); 2–3 × recommended\)/)],
  },
  {
    name: 'MBS defaults: 1300 GB is a warning, not an error',
    code: plan({ disks: [1300] }),
    expected: [POOL('warning', /holds 1\.27 TB \(1300 GB\), under the rule of thumb of 1\.5 × the 1000 GB protected \(1\.46 TB \(1500 GB\)/)],
  },
  {
    name: 'MBS defaults: half a GB under the 1207.5 GB required is an error',
    code: plan({ disks: [1207] }),
    expected: [POOL('error', /holds 1\.18 TB \(1207 GB\), but its workloads need 1\.18 TB \(1207\.5 GB\).*add 0\.5 GB of disk/)],
  },
  // Legacy (S3, S4): SQL Server 850 GB, defaults LC 6 %, AT 90 %, 5 days:
  // 850 × 1.06 / 0.85 + 2.5 × 5 × 0.06 × 850 + 1600 MB = 1060 + 639.06 = 1699.06 GB; 1.5 × 850 = 1275 GB.
  { name: 'DPM 2012 R2: 1700 GB holds the 1699.06 GB of the default allocation', code: plan({ ...DPM_2012_R2, type: 'sql-server', sizeGB: 850, disks: [1700] }), expected: [] },
  {
    name: 'DPM 2012 R2: 1699 GB is under the 1699.06 GB of the default allocation',
    code: plan({ ...DPM_2012_R2, type: 'sql-server', sizeGB: 850, disks: [1699] }),
    expected: [POOL('error', /server "srv01" \(DPM 2012 R2 UR14\) holds 1\.66 TB \(1699 GB\), but its workloads need 1\.66 TB \(1699\.06 GB\).*add 0\.06 GB of disk/)],
  },
  {
    name: 'DPM 2012 R2: an alert threshold of 80 % raises the replica to 850 × 1.06 / 0.75 = 1201.33 GB',
    code: plan({ ...DPM_2012_R2, type: 'sql-server', sizeGB: 850, disks: [1800], alertThresholdPercent: 80 }),
    expected: [POOL('error', /holds 1\.76 TB \(1800 GB\), but its workloads need 1\.8 TB \(1840\.39 GB\).*add 40\.39 GB of disk/)],
  },
  { name: 'DPM 2012 R2: the same 1800 GB holds the allocation at the default 90 %', code: plan({ ...DPM_2012_R2, type: 'sql-server', sizeGB: 850, disks: [1800] }), expected: [] },
  {
    name: 'DPM 2016 on Windows Server 2012 R2 is legacy storage: files 1000 GB, 10 days → 1500 + 201.56 GB',
    code: plan({ product: 'dpm', version: '2016', os: 'windows-server-2012-r2', retentionDays: 10, disks: [1700] }),
    expected: [POOL('error', /\(DPM 2016\) holds 1\.66 TB \(1700 GB\), but its workloads need 1\.66 TB \(1701\.56 GB\).*add 1\.56 GB of disk/)],
  },
  {
    name: 'two workloads: the pool must hold both (1207.5 + 603.75 GB)',
    code: plan({ disks: [1811], extra: workload('wl02', 'hyperv-vm', 500) }),
    expected: [POOL('error', /holds 1\.77 TB \(1811 GB\), but its workloads need 1\.77 TB \(1811\.25 GB\)/)],
  },
  // Not checked: no disks listed, or a size that is not known.
  { name: 'a server without a storage pool is not checked', code: plan({ disks: null }), expected: [] },
  { name: 'an unknown workload size is not checked', code: plan({ disks: [10], extra: workload('wl02', 'files', null) }), expected: [] },
  {
    name: 'a workload without disk goals does not count towards the pool',
    code: plan({ disk: false, disks: [10] }),
    expected: [],
  },
]);

table('scratch-too-small', [
  // seed 000: "backing up 100 GB of data requires a minimum of 5 GB of free space in the scratch location."
  { name: 'MABS: exactly 5 % of the 1000 GB to the vault is ok', code: plan({ scratchFreeGB: 50, disks: [2000] }), expected: [] },
  {
    name: 'MABS: 1 GB below 5 % is an error',
    code: plan({ scratchFreeGB: 49, disks: [2000] }),
    expected: [FREE(49, /scratch free space on server "srv01" \(MABS v3\) is 49 GB; it needs at least 50 GB \(5 % × data backed up to the vault, of 1000 GB\): free 1 GB more/)],
  },
  {
    name: 'MABS: 100 GB to the vault needs 5 GB (seed 000); 4.99 GB is short',
    code: plan({ sizeGB: 100, scratchFreeGB: 4.99, disks: [2000] }),
    expected: [FREE(4.99, /is 4\.99 GB; it needs at least 5 GB \(5 % × data backed up to the vault, of 100 GB\): free 0\.01 GB more/)],
  },
  { name: 'MABS: 100 GB to the vault, 5 GB free is ok (seed 000)', code: plan({ sizeGB: 100, scratchFreeGB: 5, disks: [2000] }), expected: [] },
  {
    name: 'DPM 2012 R2: two workloads, 1000 + 500 GB to the vault need 75 GB',
    code: plan({ ...DPM_2012_R2, scratchFreeGB: 74, disks: [4000], extra: workload('wl02', 'files', 500) }),
    expected: [FREE(74, /\(DPM 2012 R2 UR14\) is 74 GB; it needs at least 75 GB \(5 % × data backed up to the vault, of 1500 GB\): free 1 GB more/)],
  },
  { name: 'MARS: 5 % of 1000 GB, 50 GB free, is ok', code: plan({ product: 'mars', scratchFreeGB: 50 }), expected: [] },
  // A5: "If you backup Windows System State, you'll need an additional 30-35 GB of free space in the
  // volume containing the cache folder." 5 % × (1000 + 30) + 30 = 81.5 GB.
  {
    name: 'MARS with System State: 5 % is not enough, it needs 30 GB more',
    code: plan({ product: 'mars', scratchFreeGB: 51.5, extra: workload('sysstate', 'system-state', 30) }),
    expected: [FREE(51.5, /\(MARS 2\.0\.9262\.0\) is 51\.5 GB; it needs at least 81\.5 GB \(5 % × data backed up to the vault \+ 30 GB for System State \(30–35 GB\), of 1030 GB\): free 30 GB more/)],
  },
  {
    name: 'MARS with System State: 1 GB below 5 % + 30 GB is an error',
    code: plan({ product: 'mars', scratchFreeGB: 80.5, extra: workload('sysstate', 'system-state', 30) }),
    expected: [FREE(80.5, /is 80\.5 GB; it needs at least 81\.5 GB.*free 1 GB more/)],
  },
  { name: 'MARS with System State: exactly 5 % + 30 GB is ok', code: plan({ product: 'mars', scratchFreeGB: 81.5, extra: workload('sysstate', 'system-state', 30) }), expected: [] },
  {
    name: 'MARS with a System State of 0 GB still needs the 30 GB (A5)',
    code: plan({ product: 'mars', sizeGB: 0, type: 'system-state', scratchFreeGB: 10 }),
    expected: [FREE(10, /is 10 GB; it needs at least 30 GB/)],
  },
  // Not checked.
  { name: 'no scratch free space given: not checked', code: plan({ scratchFreeGB: null, disks: [2000] }), expected: [] },
  { name: 'an unknown size: not checked', code: plan({ scratchFreeGB: 1, disks: [2000], extra: workload('wl02', 'files', null) }), expected: [] },
]);

describe('pool-too-small and scratch-too-small together', () => {
  test('one plan short of both: one finding of each, in document order', () => {
    const code = plan({ churn: 10, disks: [1574], scratchFreeGB: 49 });
    const { findings } = lintText(code);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity, ...where(code, f.span.start)]),
      [
        ['scratch-too-small', 'error', 13, 24],
        ['pool-too-small', 'error', 14, 5],
      ],
    );
  });
});

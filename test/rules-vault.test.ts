/**
 * Table tests for the vault rules (vault-redundancy, vault-region, passphrase-length, vault-capacity,
 * datasource-size, online-recovery-points, policy-spans-servers), in the style of rules.test.ts.
 * Plans are built by `plan()`, one minimal valid plan with every overridable value on a fixed line:
 *
 *   1  bplan: 1
 *   2  name: vault-test
 *   3  vault:
 *   4    name: rsv-vault-test                          vaultName      4:9
 *   5    region: westeurope                            region         5:11
 *   6    redundancy: geo                               redundancy     6:15
 *   7    # no primaryBackup                            primaryBackup  7:18 (when set)
 *   8    encryption:
 *   9      passphrase: { env: BPLAN_PASSPHRASE }       passphrase     9:17
 *  10  servers:
 *  11    - name: srv01
 *  12      product: mabs                               product        12:14
 *  13      version: v3                                 version        13:14
 *  14      # no os                                     serverOs       14:9 (when set)
 *      (servers: extra server lines, one each, inserted here; later lines move down by their number)
 *  15  policies:
 *  16    - name: pol01
 *  17      disk: { ... }                               (only for DPM and MABS)
 *  18      online:                                     (online: false comments out lines 18-20)
 *  19        times: ["21:00"]                          times          19:14
 *  20        retention: { daily: 30, weekly: 12, monthly: 12, yearly: 5 }   retention 20:18 (its first key 20:20)
 *  21  workloads:
 *  22    - name: wl01                                  workloadName   22:11
 *  23      type: files                                 type           23:11
 *  24      host: host01
 *  25      os: windows-server-2019                     os             25:9
 *  26      sizeGB: 100                                 sizeGB         26:13
 *  27      server: srv01                               server         27:13
 *  28      policy: pol01                               policy         28:13
 *  29  (extra: raw lines appended here, usually more workloads)
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../server/src/core';
import type { Span } from '../server/src/core';
import { at, describeFinding, err, ruleTester, spanning } from './support/rule-tester';
import type { OnlineGoals } from '../server/src/core/model';
import { countOnlineRecoveryPoints } from '../server/src/core/rules/online-recovery-points';

interface PlanParts {
  region?: string | null;
  redundancy?: string | null;
  primaryBackup?: boolean | null;
  passphrase?: string;
  product?: string;
  /** Defaults by product: dpm 2019, mabs v3, mars "2.0.9262.0", none for Azure VM backup. */
  version?: string | null;
  serverOs?: string | null;
  /** Extra server lines, inserted after line 14. */
  servers?: readonly string[];
  /** false leaves the disk goals out (the default for MARS and Azure VM backup). */
  disk?: boolean;
  /** false leaves the online goals out. */
  online?: boolean;
  times?: readonly string[];
  retention?: string;
  type?: string;
  os?: string | null;
  sizeGB?: number | null;
  server?: string;
  policy?: string;
  extra?: string;
}

const DEFAULT_VERSION: Record<string, string | null> = { dpm: '2019', mabs: 'v3', mars: '"2.0.9262.0"', 'azure-vm-backup': null };

function plan(parts: PlanParts = {}): string {
  const product = parts.product ?? 'mabs';
  const onDisk = parts.disk ?? (product === 'mabs' || product === 'dpm');
  const online = parts.online ?? true;
  const version = parts.version === undefined ? (DEFAULT_VERSION[product] ?? null) : parts.version;
  const pick = <T>(value: T | null | undefined, fallback: T): T | null => (value === undefined ? fallback : value);
  const line = (indent: number, key: string, value: unknown): string =>
    value === null || value === undefined ? `${' '.repeat(indent)}# no ${key}` : `${' '.repeat(indent)}${key}: ${value}`;
  const lines = [
    'bplan: 1',
    'name: vault-test',
    'vault:',
    '  name: rsv-vault-test',
    line(2, 'region', pick(parts.region, 'westeurope')),
    line(2, 'redundancy', pick(parts.redundancy, 'geo')),
    line(2, 'primaryBackup', pick(parts.primaryBackup, null)),
    '  encryption:',
    line(4, 'passphrase', parts.passphrase ?? '{ env: BPLAN_PASSPHRASE }'),
    'servers:',
    '  - name: srv01',
    line(4, 'product', product),
    line(4, 'version', version),
    line(4, 'os', pick(parts.serverOs, null)),
    ...(parts.servers ?? []),
    'policies:',
    '  - name: pol01',
    onDisk ? '    disk: { syncEvery: 1h, recoveryPoints: ["08:00"], retentionDays: 14 }' : '    # no disk goals',
    online ? '    online:' : '    # no online goals',
    online ? `      times: [${(parts.times ?? ['21:00']).map((t) => JSON.stringify(t)).join(', ')}]` : '    # no times',
    online ? `      retention: ${parts.retention ?? '{ daily: 30, weekly: 12, monthly: 12, yearly: 5 }'}` : '    # no retention',
    'workloads:',
    '  - name: wl01',
    line(4, 'type', parts.type ?? (product === 'azure-vm-backup' ? 'azure-vm' : 'files')),
    '    host: host01',
    line(4, 'os', pick(parts.os, 'windows-server-2019')),
    line(4, 'sizeGB', pick(parts.sizeGB, 100)),
    line(4, 'server', parts.server ?? 'srv01'),
    line(4, 'policy', parts.policy ?? 'pol01'),
  ];
  return `${lines.join('\n')}\n${parts.extra ?? ''}`;
}

/** One workload per line (flow style), so the n-th extra workload is on line 28 + n (plus extra servers). */
function workloads(count: number, fields: { prefix?: string; type?: string; server?: string; policy?: string; first?: number } = {}): string {
  const out: string[] = [];
  const first = fields.first ?? 2;
  for (let i = first; i < first + count; i++) {
    const name = `${fields.prefix ?? 'wl'}${String(i).padStart(4, '0')}`;
    out.push(`  - { name: ${name}, type: ${fields.type ?? 'files'}, host: ${name}, os: windows-server-2019, sizeGB: 10, server: ${fields.server ?? 'srv01'}, policy: ${fields.policy ?? 'pol01'} }`);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** Extra MABS server lines, mabs0002, mabs0003, … */
function mabsServers(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `  - { name: mabs${String(i + 2).padStart(4, '0')}, product: mabs, version: v3 }`);
}

// ---------------------------------------------------------------------------------------------

describe('plan() template of the vault tests', () => {
  test('is a clean plan for every product, with each value where the header says', () => {
    for (const product of ['mabs', 'dpm', 'mars', 'azure-vm-backup']) {
      const code = plan({ product });
      assert.deepEqual(lintText(code).findings.map((f) => describeFinding(code, f)), [], `plan({ product: ${product} }) is clean`);
      assert.equal(code.split('\n').length, 29, `${product}: extra text starts on line 29`);
    }
    const code = plan({ primaryBackup: true, serverOs: 'windows-server-2019' });
    assert.deepEqual(lintText(code).findings, []);
    const where = (needle: string) => at(code, code.indexOf(needle) + needle.length);
    assert.deepEqual(where('region: '), { line: 5, column: 11 });
    assert.deepEqual(where('redundancy: '), { line: 6, column: 15 });
    assert.deepEqual(where('primaryBackup: '), { line: 7, column: 18 });
    assert.deepEqual(where('passphrase: '), { line: 9, column: 17 });
    assert.deepEqual(where('product: '), { line: 12, column: 14 });
    assert.deepEqual(where('version: '), { line: 13, column: 14 });
    assert.deepEqual(where('    os: '), { line: 14, column: 9 });
    assert.deepEqual(where('times: '), { line: 19, column: 14 });
    assert.deepEqual(where('retention: '), { line: 20, column: 18 });
    assert.deepEqual(where('  - name: wl01'), { line: 22, column: 15 });
    assert.deepEqual(where('sizeGB: '), { line: 26, column: 13 });
    assert.deepEqual(where('server: '), { line: 27, column: 13 });
  });
});

// --- vault-redundancy ------------------------------------------------------------------------

const redundancyInfo = err('vault-redundancy', 'info');
ruleTester('vault-redundancy', {
  valid: [
    plan(),
    plan({ redundancy: null }),
    plan({ redundancy: 'geo', primaryBackup: true }),
    plan({ redundancy: 'zone' }),
    plan({ redundancy: 'local', primaryBackup: false }),
  ],
  invalid: [
    {
      name: 'local storage, primaryBackup left out (true by default)',
      code: plan({ redundancy: 'local' }),
      errors: [
        spanning(
          redundancyInfo(6, 15, /^the vault uses locally redundant storage but holds the primary backup; the documents advise geo-redundant storage for a primary backup .*can't be changed once backups are stored: set redundancy: geo before the first backup, or primaryBackup: false /),
          6,
          20,
        ),
      ],
    },
    {
      name: 'local storage, primaryBackup: true',
      code: plan({ redundancy: 'local', primaryBackup: true }),
      errors: [redundancyInfo(6, 15, /holds the primary backup/, [{ line: 7, column: 18, message: /marked as holding the primary backup/ }])],
    },
  ],
});

// --- vault-region ----------------------------------------------------------------------------

const regionWarn = err('vault-region', 'warning');
ruleTester('vault-region', {
  valid: [plan(), plan({ region: null }), plan({ region: 'eastus' }), plan({ region: 'westus3' }), plan({ region: 'southcentralus' }), plan({ region: 'uaenorth' })],
  invalid: [
    {
      name: 'usgovvirginia',
      code: plan({ region: 'usgovvirginia' }),
      errors: [
        spanning(
          regionWarn(5, 11, /^vault region usgovvirginia is in Azure Government; the source documents \(Azure Backup Server, 2015\) say Azure Recovery Services is available in every Azure geography except Azure Government and Azure in China: put the vault in a region of global Azure, or check /),
          5,
          24,
        ),
      ],
    },
    { name: 'usgovarizona', code: plan({ region: 'usgovarizona' }), errors: [regionWarn(5, 11, /^vault region usgovarizona is in Azure Government;/)] },
    { name: 'usdodeast', code: plan({ region: 'usdodeast' }), errors: [regionWarn(5, 11, /^vault region usdodeast is in Azure Government;/)] },
    { name: 'chinanorth', code: plan({ region: 'chinanorth' }), errors: [regionWarn(5, 11, /^vault region chinanorth is in Azure in China;/)] },
    { name: 'chinaeast2', code: plan({ region: 'chinaeast2' }), errors: [regionWarn(5, 11, /^vault region chinaeast2 is in Azure in China;.*documentation of Azure in China/)] },
  ],
});

// --- passphrase-length -----------------------------------------------------------------------

const SHORT = 'Summer24!'; // 9 characters
const lengthErr = err('passphrase-length', 'error');
ruleTester('passphrase-length', {
  valid: [plan(), plan({ passphrase: '{ file: /run/secrets/bplan }' }), plan({ passphrase: '{ env: X }' })],
  invalid: [
    {
      name: '9 characters',
      code: plan({ passphrase: SHORT }),
      errors: [spanning(lengthErr(9, 17, /^the vault passphrase is 9 characters long; it must have at least 16 characters \(the vault encryption passphrase/), 9, 26)],
      alsoReported: ['passphrase-literal'],
    },
    {
      name: '15 characters, quoted',
      code: plan({ passphrase: '"abcdefghijklmno"' }),
      errors: [lengthErr(9, 17, /^the vault passphrase is 15 characters long;/)],
      alsoReported: ['passphrase-literal'],
    },
    {
      name: '1 character',
      code: plan({ passphrase: '"x"' }),
      errors: [lengthErr(9, 17, /^the vault passphrase is 1 character long;/)],
      alsoReported: ['passphrase-literal'],
    },
    {
      name: '16 characters: long enough (passphrase-literal still reports the literal)',
      code: plan({ passphrase: '"abcdefghijklmnop"' }),
      errors: [],
      alsoReported: ['passphrase-literal'],
    },
  ],
});

describe('passphrase-length never prints the passphrase', () => {
  test('the message gives only the length', () => {
    const code = plan({ passphrase: SHORT });
    const findings = lintText(code).findings.filter((f) => f.ruleId === 'passphrase-length');
    assert.equal(findings.length, 1);
    for (const f of findings) {
      assert.ok(!f.message.includes(SHORT));
      for (const r of f.related ?? []) assert.ok(!r.message.includes(SHORT));
    }
  });
});

// --- vault-capacity --------------------------------------------------------------------------

const capErr = err('vault-capacity', 'error');
// 1999 and 2000 extra workloads: 2000 and 2001 data sources in all, with wl01.
const DS_AT_LIMIT = plan({ extra: workloads(1999) });
const DS_PAST_LIMIT = plan({ extra: workloads(2000) });
ruleTester('vault-capacity', {
  valid: [
    plan(),
    // 44 MABS servers: below 50 and not within 10 % of it.
    plan({ servers: mabsServers(43) }),
    // 2001 DPM data sources whose policy has no online goals stay on disk: not counted.
    plan({ product: 'dpm', online: false, extra: workloads(2000) }),
  ],
  invalid: [
    {
      name: '51 MABS servers: the 51st is reported',
      // srv01 plus mabs0002 … mabs0051; the 51st, mabs0051, is on line 14 + 50.
      code: plan({ servers: mabsServers(50) }),
      errors: [
        spanning(
          capErr(64, 32, /^vault "rsv-vault-test" has 51 MABS servers registered; a vault holds at most 50 MABS servers \(one Recovery Services vault \(support matrix, 2023\)\), and server "mabs0051" is number 51: register server "mabs0051" and the MABS servers after it with a second vault$/, [
            { line: 4, column: 9, message: /the plan's vault "rsv-vault-test"/ },
          ]),
          64,
          36,
        ),
      ],
    },
    {
      name: '50 MABS servers: at the limit, approaching-limit only',
      code: plan({ servers: mabsServers(49) }),
      errors: [],
      alsoReported: ['approaching-limit'],
    },
    {
      name: '2001 data sources: the 2001st workload is reported',
      // wl01 plus wl0002 … wl2001: the 2001st, wl2001, is extra workload 2000, on line 28 + 2000.
      code: DS_PAST_LIMIT,
      errors: [capErr(2028, 13, /^vault "rsv-vault-test" has 2001 data sources backed up to it; a vault holds at most 2000 data sources .*workload "wl2001" is number 2001: back up workload "wl2001" and the workloads after it to a second vault$/, [{ line: 4, column: 9, message: /vault/ }])],
    },
    { name: '2000 data sources: at the limit, approaching-limit only', code: DS_AT_LIMIT, errors: [], alsoReported: ['approaching-limit'] },
    {
      name: '1001 Azure VMs: the 1001st is reported',
      code: plan({ product: 'azure-vm-backup', extra: workloads(1000, { prefix: 'vm', type: 'azure-vm' }) }),
      errors: [capErr(1028, 13, /^vault "rsv-vault-test" has 1001 Azure VMs backed up to it; a vault holds at most 1000 Azure VMs .*workload "vm1001" is number 1001/)],
    },
    {
      name: '1000 Azure VMs: at the limit, approaching-limit only',
      code: plan({ product: 'azure-vm-backup', extra: workloads(999, { prefix: 'vm', type: 'azure-vm' }) }),
      errors: [],
      alsoReported: ['approaching-limit'],
    },
  ],
});

describe('vault-capacity measures each count for approaching-limit', () => {
  test('2000 data sources: one info on the vault key', () => {
    const findings = lintText(DS_AT_LIMIT).findings;
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity, at(DS_AT_LIMIT, f.span.start).line, at(DS_AT_LIMIT, f.span.start).column]),
      [['approaching-limit', 'info', 3, 1]],
    );
    assert.match(findings[0]!.message, /^data sources in vault "rsv-vault-test" is 2000 of at most 2000 data sources \(100 %, .*rule vault-capacity$/);
  });
});

// --- datasource-size -------------------------------------------------------------------------

const sizeErr = err('datasource-size', 'error');
ruleTester('datasource-size', {
  valid: [
    plan({ sizeGB: 40000 }),
    plan({ product: 'dpm', sizeGB: 48000 }),
    plan({ product: 'mars', sizeGB: 48000 }),
    // The limit doesn't apply to Azure VM backups.
    plan({ product: 'azure-vm-backup', sizeGB: 100000 }),
    // A DPM data source without online goals stays on disk.
    plan({ product: 'dpm', online: false, sizeGB: 60000 }),
    // MARS on Windows Server 2012 R2 is not limited to 1700 GB; on Windows 7 1500 GB is below 90 % of it.
    plan({ product: 'mars', os: 'windows-server-2012-r2', serverOs: 'windows-server-2012-r2', sizeGB: 5000 }),
    plan({ product: 'mars', os: 'windows-7', serverOs: 'windows-7', sizeGB: 1500 }),
    // The 1700 GB limit is the MARS agent's: a DPM-protected Windows Server 2008 R2 machine is not limited by it.
    plan({ product: 'dpm', os: 'windows-server-2008-r2-sp1', sizeGB: 5000 }),
  ],
  invalid: [
    {
      name: 'MABS, 54401 GB',
      code: plan({ sizeGB: 54401 }),
      errors: [
        spanning(
          sizeErr(26, 13, /^data source "wl01" is 54401 GB; MABS v3 backs up a data source of at most 54400 GB to the vault \(one data source backed up to the vault by the MARS agent, DPM or MABS \(not Azure VM backup\)\): split it /, [
            { line: 12, column: 14, message: /^server "srv01" runs Azure Backup Server$/ },
          ]),
          26,
          18,
        ),
      ],
    },
    { name: 'DPM, 60000 GB', code: plan({ product: 'dpm', sizeGB: 60000 }), errors: [sizeErr(26, 13, /^data source "wl01" is 60000 GB; DPM 2019 backs up /)] },
    { name: 'MARS, 54401 GB', code: plan({ product: 'mars', sizeGB: 54401 }), errors: [sizeErr(26, 13, /^data source "wl01" is 54401 GB; MARS 2\.0\.9262\.0 backs up /)] },
    { name: 'MABS, 54400 GB: at the limit, approaching-limit only', code: plan({ sizeGB: 54400 }), errors: [], alsoReported: ['approaching-limit'] },
    {
      name: 'MARS on Windows Server 2008 SP2 (the workload os), 1701 GB',
      code: plan({ product: 'mars', os: 'windows-server-2008-sp2', serverOs: 'windows-server-2008-sp2', sizeGB: 1701 }),
      errors: [
        sizeErr(26, 13, /^data source "wl01" is 1701 GB; the MARS agent on Windows Server 2008 SP2 backs up at most 1700 GB per volume \(.*\): split the data over volumes of at most 1700 GB, or move it to Windows Server 2012 or later, where the limit is 54400 GB$/, [
          { line: 25, column: 9, message: /^the protected machine runs Windows Server 2008 SP2$/ },
          { line: 12, column: 14, message: /runs Azure Backup \(MARS\) agent/ },
        ]),
      ],
    },
    {
      name: 'MARS on Windows 7 (the server os; the workload gives none), 2000 GB',
      code: plan({ product: 'mars', os: null, serverOs: 'windows-7', sizeGB: 2000 }),
      errors: [sizeErr(26, 13, /on Windows 7 backs up at most 1700 GB/, [{ line: 14, column: 9, message: /^server "srv01" runs Windows 7$/ }, { line: 12, column: 14, message: /MARS/ }])],
    },
    {
      name: 'MARS on Windows Server 2008 R2 SP1, 1700 GB: at the limit, approaching-limit only',
      code: plan({ product: 'mars', os: 'windows-server-2008-r2-sp1', serverOs: 'windows-server-2008-r2-sp1', sizeGB: 1700 }),
      errors: [],
      alsoReported: ['approaching-limit'],
    },
  ],
});

describe('datasource-size and approaching-limit', () => {
  test('50,000 GB of 54,400 GB: an approaching-limit info on the size', () => {
    const code = plan({ sizeGB: 50000 });
    const findings = lintText(code).findings;
    assert.equal(findings.length, 1, findings.map((f) => describeFinding(code, f)).join('\n'));
    const f = findings[0]!;
    assert.equal(f.ruleId, 'approaching-limit');
    assert.equal(f.severity, 'info');
    assert.deepEqual(at(code, f.span.start), { line: 26, column: 13 });
    assert.deepEqual(at(code, f.span.end), { line: 26, column: 18 });
    assert.equal(f.path, 'workloads[wl01].sizeGB');
    assert.match(f.message, /^size of data source "wl01" is 50000 of at most 54400 GB \(92 %, .*\): within 10 % of the limit of rule datasource-size$/);
  });
  test('40,000 GB of 54,400 GB: nothing', () => {
    assert.deepEqual(lintText(plan({ sizeGB: 40000 })).findings, []);
  });
  test('1,600 GB under MARS on Windows 7: an approaching-limit info against 1,700 GB', () => {
    const code = plan({ product: 'mars', os: 'windows-7', serverOs: 'windows-7', sizeGB: 1600 });
    const findings = lintText(code).findings;
    assert.deepEqual(findings.map((f) => f.ruleId), ['approaching-limit']);
    assert.match(findings[0]!.message, /is 1600 of at most 1700 GB \(94 %/);
  });
});

// --- online-recovery-points ------------------------------------------------------------------

const rpErr = err('online-recovery-points', 'error');
ruleTester('online-recovery-points', {
  valid: [
    plan(),
    // A10's worked example: backups at midnight and 6 PM, kept 7 days, 4 weeks, 12 months, 10 years.
    plan({ product: 'dpm', times: ['00:00', '18:00'], retention: '{ daily: 7, weekly: 4, monthly: 12, yearly: 10 }' }),
    // 8999 recovery points: below 90 % of 9999.
    plan({ product: 'mars', retention: '{ daily: 8000, monthly: 999 }' }),
  ],
  invalid: [
    {
      name: 'MARS 3 a day × 3330 days + 52 weekly + 24 monthly + 10 yearly = 10076',
      code: plan({ product: 'mars', times: ['06:00', '12:00', '18:00'], retention: '{ daily: 3330, weekly: 52, monthly: 24, yearly: 10 }' }),
      errors: [
        spanning(
          rpErr(20, 20, /^recovery points kept in the vault is 3 a day × 3330 days \+ 52 weekly \+ 24 monthly \+ 10 yearly = 10076 per protected instance; the vault keeps at most 9999 recovery points \(one protected instance \(machine or workload\) in the vault; workloads on MARS 2\.0\.9262\.0 follow this policy\): keep daily points at most 3304 days at 3 a day, or shorten the weekly, monthly or yearly retention$/, [
            { line: 19, column: 14, message: /^3 backups to the vault a day$/ },
            { line: 12, column: 14, message: /^server "srv01" runs Azure Backup \(MARS\) agent$/ },
          ]),
          20,
          68,
        ),
      ],
    },
    {
      name: 'exactly 9999: at the limit, approaching-limit only',
      code: plan({ product: 'mars', times: ['06:00', '12:00', '18:00'], retention: '{ daily: 3300, weekly: 52, monthly: 24, yearly: 23 }' }),
      errors: [],
      alsoReported: ['approaching-limit'],
    },
    {
      name: 'one past: 10000',
      code: plan({ product: 'mars', times: ['06:00', '12:00', '18:00'], retention: '{ daily: 3300, weekly: 52, monthly: 24, yearly: 24 }' }),
      errors: [rpErr(20, 20, /= 10000 per protected instance; the vault keeps at most 9999 /)],
    },
    {
      name: 'MABS 2 a day',
      code: plan({ times: ['13:00', '23:00'], retention: '{ daily: 4990, weekly: 10, monthly: 12 }' }),
      errors: [rpErr(20, 20, /^recovery points kept in the vault is 2 a day × 4990 days \+ 10 weekly \+ 12 monthly = 10002 per protected instance; .*workloads on MABS v3 follow this policy\): keep daily points at most 4988 days at 2 a day/)],
    },
    {
      name: 'Azure VM backup 1 a day × 9990 days + 10 weekly (daily retention near its own maximum too)',
      code: plan({ product: 'azure-vm-backup', times: ['23:00'], retention: '{ daily: 9990, weekly: 10 }' }),
      errors: [rpErr(20, 20, /is 1 a day × 9990 days \+ 10 weekly = 10000 per protected instance; .*workloads on Azure VM backup follow this policy/)],
      alsoReported: ['approaching-limit'],
    },
    {
      name: 'a policy followed by MARS and MABS workloads names both',
      code: plan({
        product: 'mars',
        servers: ['  - { name: mabs01, product: mabs, version: v3 }'],
        times: ['13:00', '23:00'],
        retention: '{ daily: 4990, weekly: 10, monthly: 12 }',
        extra: '  - { name: share02, type: files, host: fs02, os: windows-server-2019, server: mabs01, policy: pol01 }\n',
      }),
      errors: [
        rpErr(21, 20, /workloads on MARS 2\.0\.9262\.0 and MABS v3 follow this policy/, [
          { line: 20, column: 14, message: /2 backups/ },
          { line: 12, column: 14, message: /MARS/ },
          { line: 15, column: 30, message: /server "mabs01" runs Azure Backup Server/ },
        ]),
      ],
    },
  ],
});

describe('online-recovery-points counts as documented', () => {
  const located = (value: number) => ({ value, span: { start: 0, end: 1 } as Span, keySpan: { start: 0, end: 1 } as Span });
  const goals = (times: number, retention: Partial<Record<'daily' | 'weekly' | 'monthly' | 'yearly', number>>): OnlineGoals => ({
    span: { start: 0, end: 1 },
    times: { value: Array.from({ length: times }, () => ({ value: '00:00', span: { start: 0, end: 1 } })), span: { start: 0, end: 1 } },
    retention: Object.fromEntries(Object.entries(retention).map(([k, v]) => [k, located(v!)])),
  });

  test("A10's worked example, as the plan format can write it", () => {
    // A10: "Two points per day for seven days = 14 recovery points / Two points per week for four weeks = 8
    // [...] Two points per month for 12 months = 24 [...] One point per year per 10 years = 10 [...]
    // The total number of recovery points is 56." The plan has one list of times, and bplan counts one
    // point per week, month and year, so the weekly and monthly tiers count 4 and 12 instead of 8 and 24.
    const count = countOnlineRecoveryPoints(goals(2, { daily: 7, weekly: 4, monthly: 12, yearly: 10 }));
    assert.equal(count.perDay * count.daily, 14, 'the daily term matches A10: 2 points per day for 7 days = 14');
    assert.equal(count.yearly, 10, 'the yearly term matches A10: 1 point per year for 10 years = 10');
    assert.equal(count.total, 40);
    assert.equal(count.working, '2 a day × 7 days + 4 weekly + 12 monthly + 10 yearly = 40');
    // Had A10 kept one point per week and per month, its own total would be 14 + 4 + 12 + 10.
    assert.equal(count.total, 56 - (8 - 4) - (24 - 12));
  });

  test('missing tiers count nothing, and no times counts as 1 a day', () => {
    assert.equal(countOnlineRecoveryPoints(goals(3, { daily: 30 })).working, '3 a day × 30 days = 90');
    assert.equal(countOnlineRecoveryPoints(goals(1, { weekly: 12, yearly: 5 })).working, '12 weekly + 5 yearly = 17');
    assert.equal(countOnlineRecoveryPoints({ span: { start: 0, end: 1 }, retention: { daily: located(30) } }).total, 30);
  });
});

// --- policy-spans-servers --------------------------------------------------------------------

const spanWarn = err('policy-spans-servers', 'warning');
const secondServer = (product: string, version: string) => [`  - { name: srv02, product: ${product}, version: ${version} }`];
const onSrv02 = '  - { name: wl02, type: files, host: host02, os: windows-server-2019, sizeGB: 100, server: srv02, policy: pol01 }\n';
ruleTester('policy-spans-servers', {
  valid: [
    plan(),
    // Several workloads of one server.
    plan({ extra: workloads(3) }),
    // MARS machines each set their own schedule; a MABS server may share the policy with them.
    plan({ product: 'mars', servers: ['  - { name: srv02, product: mars, version: "2.0.9262.0" }'], extra: onSrv02 }),
    plan({ product: 'mars', servers: ['  - { name: mabs01, product: mabs, version: v3 }'], times: ['21:00'], extra: onSrv02.replace('srv02', 'mabs01') }),
    // Azure VM backup policies are vault policies, shared by design.
    plan({ product: 'azure-vm-backup', servers: ['  - { name: srv02, product: azure-vm-backup }'], extra: onSrv02.replace('files', 'azure-vm') }),
  ],
  invalid: [
    {
      name: 'two MABS servers',
      code: plan({ servers: secondServer('mabs', 'v3'), extra: onSrv02 }),
      errors: [
        spanning(
          spanWarn(30, 92, /^policy "pol01" is followed by workloads on server "srv01" and on server "srv02"; a MABS protection group, whose goals a policy describes, belongs to one server: copy the policy for server "srv02" and make its workloads follow the copy$/, [
            { line: 28, column: 13, message: /^workload "wl01" follows the policy on server "srv01"$/ },
          ]),
          30,
          97,
        ),
      ],
    },
    {
      name: 'DPM and MABS',
      code: plan({ product: 'dpm', servers: secondServer('mabs', 'v4'), extra: onSrv02 }),
      errors: [spanWarn(30, 92, /on server "srv01" and on server "srv02"; a MABS protection group/)],
    },
    {
      name: 'three DPM servers: one finding for each server after the first',
      code: plan({
        product: 'dpm',
        servers: [...secondServer('dpm', '2019'), '  - { name: srv03, product: dpm, version: 2022 }'],
        extra: onSrv02 + onSrv02.replace('wl02', 'wl03').replace('srv02', 'srv03') + onSrv02.replace('wl02', 'wl04'),
      }),
      errors: [
        spanWarn(31, 92, /server "srv01" and on server "srv02"; a DPM protection group/, [{ line: 29, column: 13, message: /wl01/ }]),
        spanWarn(32, 92, /server "srv01" and on server "srv03"/, [{ line: 29, column: 13, message: /wl01/ }]),
      ],
    },
  ],
});

/**
 * Table tests for the policy rules of group D: file-attributes, disk-schedule-unsupported,
 * azure-vm-policy and schedule-times. Plans come from `plan()`, one small valid plan whose lines
 * never move (a part left out becomes a comment line), so positions read straight off this template:
 *
 *   1  bplan: 1
 *   2  name: rule-test
 *   3  vault:
 *   4    name: rsv-rule-test
 *   5    region: westeurope
 *   6    encryption:
 *   7      passphrase: { env: BPLAN_PASSPHRASE }
 *   8  policies:
 *   9    - name: pol01                   policy name     9:11
 *  10      disk: { ... }                 disk key 10:5, value 10:11, first recovery point 10:45
 *  11      online:                       online key      11:5
 *  12        times: [...]                first item      12:15
 *  13        retention: { daily: 30, weekly: 12 }
 *  14      azureVm: { ... }              azureVm key 14:5, value 14:14
 *  15  servers:                          (more servers: insertServer())
 *  16    - name: srv01
 *  17      product: mabs                 product         17:14
 *  18      version: v3
 *  19  workloads:
 *  20    - name: wl01
 *  21      type: files                   type            21:11
 *  22      host: host01
 *  23      os: windows-server-2019
 *  24      server: srv01
 *  25      policy: pol01
 *  26      fileAttributes: [...]         first item      26:22
 *  27  (extra: raw lines appended here: more workloads)
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../server/src/core';
import { at, describeFinding, finding as e, location as r, ruleTester, withSeverity as as } from './support/rule-tester';
import type { ExpectedLocation } from './support/rule-tester';

type Product = 'mabs' | 'dpm' | 'mars' | 'azure-vm-backup';

interface PlanParts {
  product?: Product;
  /** Defaults by product: mabs v3, dpm 2019, mars 2.0.9262.0, none for Azure VM backup. */
  version?: string | null;
  /** Defaults to files (azure-vm for Azure VM backup). */
  type?: string;
  fileAttributes?: string[];
  /** The flow mapping after `disk: `; null leaves the disk goals out (the default for MARS and Azure VM backup). */
  disk?: string | null;
  /** false leaves the whole online section out. */
  online?: boolean;
  /** null leaves `times` out of the online section. */
  times?: string[] | null;
  /** The flow mapping after `azureVm: `. */
  azureVm?: string;
  extra?: string;
}

const DEFAULT_VERSION: Record<Product, string | null> = { mabs: 'v3', dpm: '"2019"', mars: '"2.0.9262.0"', 'azure-vm-backup': null };
const DEFAULT_DISK = '{ syncEvery: 1h, recoveryPoints: ["08:00"], retentionDays: 14 }';

function plan(parts: PlanParts = {}): string {
  const product = parts.product ?? 'mabs';
  const version = parts.version === undefined ? DEFAULT_VERSION[product] : parts.version;
  const onDisk = product === 'mabs' || product === 'dpm';
  const disk = parts.disk === undefined ? (onDisk ? DEFAULT_DISK : null) : parts.disk;
  const online = parts.online ?? true;
  const times = parts.times === undefined ? ['21:00'] : parts.times;
  const list = (items: string[]) => `[${items.map((t) => JSON.stringify(t)).join(', ')}]`;
  const lines = [
    'bplan: 1',
    'name: rule-test',
    'vault:',
    '  name: rsv-rule-test',
    '  region: westeurope',
    '  encryption:',
    '    passphrase: { env: BPLAN_PASSPHRASE }',
    'policies:',
    '  - name: pol01',
    disk === null ? '    # no disk' : `    disk: ${disk}`,
    online ? '    online:' : '    # no online',
    online && times !== null ? `      times: ${list(times)}` : '      # no times',
    online ? '      retention: { daily: 30, weekly: 12 }' : '      # no retention',
    parts.azureVm ? `    azureVm: ${parts.azureVm}` : '    # no azureVm',
    'servers:',
    '  - name: srv01',
    `    product: ${product}`,
    version === null ? '    # no version' : `    version: ${version}`,
    'workloads:',
    '  - name: wl01',
    `    type: ${parts.type ?? (product === 'azure-vm-backup' ? 'azure-vm' : 'files')}`,
    '    host: host01',
    `    os: ${product === 'azure-vm-backup' ? 'windows-server-2022' : 'windows-server-2019'}`,
    '    server: srv01',
    '    policy: pol01',
    parts.fileAttributes ? `    fileAttributes: ${list(parts.fileAttributes).replace(/"/g, '')}` : '    # no fileAttributes',
  ];
  return `${lines.join('\n')}\n${parts.extra ?? ''}`;
}

/** A second workload, for `extra` (it follows policy pol01 unless told otherwise). */
function workload(name: string, type: string, server: string, policy = 'pol01', os = 'windows-server-2019'): string {
  return ['  - name: ' + name, `    type: ${type}`, `    host: ${name}-host`, `    os: ${os}`, `    server: ${server}`, `    policy: ${policy}`, ''].join('\n');
}

/** Adds lines to the plan just before a top-level key (moving every line below it down). */
function insertBefore(code: string, key: 'servers' | 'workloads', lines: string): string {
  return code.replace(`\n${key}:\n`, `\n${lines}${key}:\n`);
}

describe('plan() template', () => {
  test('is clean for every product, and keeps its lines in place', () => {
    for (const product of ['mabs', 'dpm', 'mars', 'azure-vm-backup'] as const) {
      const code = plan({ product });
      assert.equal(code.split('\n').length, 27, product);
      assert.deepEqual(lintText(code).findings.map((f) => describeFinding(code, f)), [], product);
    }
    const code = plan({ fileAttributes: ['compressed'], azureVm: '{ instantRestoreDays: 2 }', product: 'azure-vm-backup' });
    const where = (needle: string) => at(code, code.indexOf(needle) + needle.length);
    assert.deepEqual(where('product: '), { line: 17, column: 14 });
    assert.deepEqual(where('fileAttributes: ['), { line: 26, column: 22 });
    assert.deepEqual(where('times: ['), { line: 12, column: 15 });
    assert.deepEqual(where('azureVm: '), { line: 14, column: 14 });
    const mabs = plan();
    assert.deepEqual(at(mabs, mabs.indexOf('disk: ') + 6), { line: 10, column: 11 });
    assert.deepEqual(at(mabs, mabs.indexOf('recoveryPoints: [') + 17), { line: 10, column: 45 });
  });
});

// --- file-attributes -------------------------------------------------------------------------

ruleTester('file-attributes', {
  valid: [
    plan({ product: 'mars', fileAttributes: ['compressed', 'sparse', 'compressed-sparse'] }),
    plan({ fileAttributes: ['compressed', 'sparse'] }),
    // Nothing goes to the vault: a MABS policy without online goals.
    plan({ fileAttributes: ['hard-links', 'case-sensitive'], online: false }),
    // Not file data.
    plan({ type: 'sql-server', fileAttributes: ['hard-links'] }),
  ],
  invalid: [
    {
      name: 'hard links on MARS are skipped',
      code: plan({ product: 'mars', fileAttributes: ['hard-links'] }),
      errors: [
        as('warning', e(26, 22, /^workload "wl01" holds hard links, which Azure Backup skips when the MARS agent on "srv01" backs up to the vault: these files will not be in the backup/, [r(17, 14, /server "srv01" runs Azure Backup \(MARS\) agent/)], [26, 32])),
      ],
    },
    {
      name: 'reparse points, encrypted+compressed and encrypted+sparse on MABS with online goals: one finding per item',
      code: plan({ fileAttributes: ['reparse-points', 'compressed', 'encrypted-compressed', 'encrypted-sparse'] }),
      errors: [
        e(26, 22, /holds reparse points, which Azure Backup skips when MABS v3 server "srv01" backs up/, [r(17, 14, /Azure Backup Server/), r(11, 5, /policy "pol01" sends files and folders to the vault/)]),
        as('warning', e(26, 50, /holds files both encrypted and compressed, which Azure Backup skips/)),
        e(26, 72, /holds files both encrypted and sparse, which Azure Backup skips/),
      ],
    },
    {
      name: 'streams and case-sensitive file systems are not supported (DPM 2019)',
      code: plan({ product: 'dpm', fileAttributes: ['compressed-stream', 'sparse-stream', 'case-sensitive'] }),
      errors: [
        as('error', e(26, 22, /holds compressed streams, which are not supported for backup to Azure .*DPM 2019 server "srv01"/)),
        e(26, 41, /holds sparse streams, which are not supported for backup to Azure/),
        as('error', e(26, 56, /is on a case-sensitive file system, and servers on case-sensitive file systems are not supported for backup to Azure/)),
      ],
    },
    {
      name: 'encrypted system state on MARS: full backups only',
      code: plan({ product: 'mars', type: 'system-state', fileAttributes: ['encrypted'] }),
      errors: [as('info', e(26, 22, /holds encrypted files, which are backed up to the vault in full every time, never incrementally/, [r(17, 14, /MARS/)], [26, 31]))],
    },
    {
      name: 'a level set in the configuration applies to every finding of the rule',
      code: plan({ product: 'mars', fileAttributes: ['encrypted', 'hard-links'] }),
      config: { rules: { 'file-attributes': 'error' } },
      errors: [as('error', e(26, 22, /encrypted files/)), as('error', e(26, 33, /hard links/))],
    },
  ],
});

// --- disk-schedule-unsupported ----------------------------------------------------------------

ruleTester('disk-schedule-unsupported', {
  valid: [plan(), plan({ product: 'dpm' }), plan({ product: 'mars' }), plan({ product: 'azure-vm-backup' })],
  invalid: [
    {
      name: 'disk goals on a MARS policy',
      code: plan({ product: 'mars', disk: DEFAULT_DISK }),
      errors: [
        as('warning', e(10, 5, /^policy "pol01" has disk goals, but workload "wl01" follows it on MARS, and MARS keeps no recovery points on a local disk: the disk goals are ignored; remove the disk section$/, [r(17, 14, /server "srv01" runs Azure Backup \(MARS\) agent, which backs up only to the vault/)], [10, 9])),
      ],
    },
    {
      name: 'disk goals on an Azure VM backup policy, two workloads',
      code: plan({ product: 'azure-vm-backup', disk: '{ syncEvery: 24h, recoveryPoints: ["20:00"], retentionDays: 7 }', extra: workload('wl02', 'azure-vm', 'srv01', 'pol01', 'windows-server-2022') }),
      errors: [e(10, 5, /2 workloads on Azure VM backup follow it, and Azure VM backup keeps no recovery points on a local disk/, [r(17, 14, /Azure IaaS VM backup/)])],
    },
  ],
});

describe('disk-schedule-unsupported on a policy shared with MABS', () => {
  test('the disk goals apply to MABS, so the MARS workload is told to take a policy of its own', () => {
    const code = insertBefore(plan({ extra: workload('wl02', 'files', 'mars01') }), 'workloads', '  - name: mars01\n    product: mars\n    version: "2.0.9262.0"\n');
    const own = lintText(code).findings.filter((f) => f.ruleId === 'disk-schedule-unsupported');
    assert.equal(own.length, 1, own.map((f) => f.message).join('\n'));
    assert.deepEqual(at(code, own[0]!.span.start), { line: 10, column: 5 });
    assert.match(own[0]!.message, /^policy "pol01" has disk goals, which MARS ignores: workload "wl02" follows it on MARS, and MARS backs up only to the vault; give it a policy of its own without disk goals$/);
    assert.deepEqual(at(code, own[0]!.related![0]!.span.start), { line: 20, column: 14 });
  });
});

// --- azure-vm-policy -------------------------------------------------------------------------

const vm = (azureVm: string, parts: PlanParts = {}) => plan({ product: 'azure-vm-backup', azureVm, ...parts });
/** pol01 (lines 9-14) followed by no workload; the workload follows pol02, inserted after line 14. */
const unusedVmPolicy = (azureVm: string) =>
  insertBefore(plan({ azureVm }), 'servers', `  - name: pol02\n    disk: ${DEFAULT_DISK}\n    online: { times: ["21:00"], retention: { daily: 30 } }\n`).replace('    policy: pol01', '    policy: pol02');
const vmErr = (column: number, message: RegExp, related: ExpectedLocation[] = []) => e(14, column, message, [...related, r(17, 14, /server "srv01" runs Azure IaaS VM backup/)]);

ruleTester('azure-vm-policy', {
  valid: [
    plan({ product: 'azure-vm-backup' }),
    vm('{ policyType: standard, frequency: daily, instantRestoreDays: 1 }'),
    vm('{ policyType: standard, frequency: daily, instantRestoreDays: 5 }'),
    vm('{ frequency: weekly, instantRestoreDays: 5 }'),
    vm('{ policyType: enhanced, frequency: weekly, instantRestoreDays: 5 }'),
    vm('{ policyType: enhanced, frequency: daily, instantRestoreDays: 26 }'),
    vm('{ policyType: enhanced, frequency: hourly, everyHours: 4, windowHours: 4, instantRestoreDays: 15 }'),
    vm('{ policyType: enhanced, frequency: hourly, everyHours: 6, windowHours: 18, instantRestoreDays: 19 }'),
    vm('{ policyType: enhanced, frequency: hourly, everyHours: 8, windowHours: 16, instantRestoreDays: 26 }'),
    vm('{ policyType: enhanced, frequency: hourly, everyHours: 12, windowHours: 12 }'),
    // An unused policy meant for Azure VMs is checked, and this one is fine.
    unusedVmPolicy('{ instantRestoreDays: 3 }'),
  ],
  invalid: [
    {
      name: 'hourly on the standard policy',
      code: vm('{ policyType: standard, frequency: hourly, everyHours: 4, windowHours: 12 }'),
      errors: [vmErr(49, /^hourly backups need the enhanced policy; the standard policy of Azure VM backup backs up once a day or once a week: set policyType: enhanced/, [r(14, 28, /policy type standard/)])],
    },
    {
      name: 'hourly with no policy type (standard by default)',
      code: vm('{ frequency: hourly }'),
      errors: [vmErr(27, /hourly backups need the enhanced policy/)],
    },
    {
      name: 'standard: 6 days of snapshots',
      code: vm('{ instantRestoreDays: 6 }'),
      errors: [vmErr(36, /^instant-restore snapshots are kept 6 days; the maximum is 5 days \(Azure VM backup instant-restore snapshots, standard policy\): keep at most 5, or use the enhanced policy \(up to 30 days\)/)],
    },
    {
      name: 'standard: 0 days of snapshots',
      code: vm('{ instantRestoreDays: 0 }'),
      errors: [vmErr(36, /^instant-restore snapshots are kept 0 days; the minimum is 1 day \(/)],
    },
    {
      name: 'weekly: 2 days of snapshots',
      code: vm('{ frequency: weekly, instantRestoreDays: 2 }'),
      errors: [vmErr(55, /for weekly policies the snapshot retention is fixed to 5 days \(Azure VM backup\): set instantRestoreDays to 5$/, [r(14, 27, /the policy backs up weekly/)])],
    },
    {
      name: 'weekly on the enhanced policy: 7 days',
      code: vm('{ policyType: enhanced, frequency: weekly, instantRestoreDays: 7 }'),
      errors: [vmErr(77, /fixed to 5 days/, [r(14, 49, /weekly/)])],
    },
    {
      name: 'enhanced: every 5 hours',
      code: vm('{ policyType: enhanced, frequency: hourly, everyHours: 5, windowHours: 20 }'),
      errors: [vmErr(69, /^a backup every 5 hours is not possible: the hourly schedule of the enhanced policy backs up every 4, 6, 8 or 12 hours; use 6$/)],
    },
    {
      name: 'enhanced: every 24 hours',
      code: vm('{ policyType: enhanced, frequency: hourly, everyHours: 24, windowHours: 12 }'),
      errors: [vmErr(69, /every 24 hours is not possible.*for one backup a day, use frequency: daily$/)],
    },
    {
      name: 'enhanced hourly without everyHours',
      code: vm('{ policyType: enhanced, frequency: hourly, windowHours: 12 }'),
      errors: [vmErr(49, /^an hourly schedule needs everyHours, the hours between backups: 4, 6, 8 or 12$/)],
    },
    {
      name: 'enhanced: a 3-hour window',
      code: vm('{ policyType: enhanced, frequency: hourly, everyHours: 4, windowHours: 3 }'),
      errors: [vmErr(85, /^the backup window is 3 hours; it must be at least 4 hours/)],
    },
    {
      name: 'enhanced: a 24-hour window (Terraform allows it, the PowerShell documentation says 23)',
      code: vm('{ policyType: enhanced, frequency: hourly, everyHours: 12, windowHours: 24 }'),
      errors: [vmErr(86, /^the backup window is 24 hours; it can be at most 23 hours \(Azure VM backup enhanced policy backup window\): use 23$/)],
    },
    {
      name: 'enhanced every 4 hours: 18 days of snapshots (cap 17)',
      code: vm('{ policyType: enhanced, frequency: hourly, everyHours: 4, windowHours: 12, instantRestoreDays: 18 }'),
      errors: [vmErr(109, /kept 18 days; the maximum is 17 days \(Azure VM backup instant-restore snapshots, enhanced policy every 4 hours\): keep at most 17, or back up less often \(up to 30 days every 8 or 12 hours\)$/, [r(14, 69, /a backup every 4 hours/)])],
    },
    {
      name: 'enhanced every 6 hours: 23 days of snapshots (cap 22)',
      code: vm('{ policyType: enhanced, frequency: hourly, everyHours: 6, windowHours: 12, instantRestoreDays: 23 }'),
      errors: [vmErr(109, /kept 23 days; the maximum is 22 days .*every 6 hours/, [r(14, 69, /every 6 hours/)])],
    },
    {
      name: 'enhanced daily: 31 days of snapshots (max 30)',
      code: vm('{ policyType: enhanced, frequency: daily, instantRestoreDays: 31 }'),
      errors: [vmErr(76, /kept 31 days; the maximum is 30 days \(Azure VM backup instant-restore snapshots, enhanced policy\): keep at most 30$/)],
    },
    {
      name: 'everyHours and windowHours on a standard daily policy are ignored',
      code: vm('{ everyHours: 4, windowHours: 8 }'),
      errors: [
        as('warning', e(14, 16, /^everyHours applies only to an hourly schedule of the enhanced policy, and the standard policy has no hourly schedule: it is ignored; remove it$/, undefined, [14, 26])),
        e(14, 31, /^windowHours applies only to an hourly schedule/),
      ],
    },
    {
      name: 'everyHours on an enhanced daily policy is ignored',
      code: vm('{ policyType: enhanced, frequency: daily, everyHours: 6 }'),
      errors: [e(14, 56, /^everyHours applies only to an hourly schedule of the enhanced policy, and this policy backs up daily: it is ignored/)],
    },
    {
      name: 'azureVm on a policy only MABS workloads follow',
      code: plan({ azureVm: '{ instantRestoreDays: 5 }' }),
      errors: [as('warning', e(14, 5, /^policy "pol01" has Azure VM backup settings, but only workloads on MABS follow it: azureVm is ignored for them; remove it$/, [r(17, 14, /Azure Backup Server/)], [14, 12]))],
    },
    {
      name: 'no online.times for a standard daily policy',
      code: plan({ product: 'azure-vm-backup', times: null }),
      errors: [e(11, 5, /^policy "pol01" gives no online.times; Azure VM backup needs the time of its one daily backup/, [r(17, 14, /Azure IaaS VM backup/)])],
    },
    {
      name: 'no online section for an enhanced hourly policy',
      code: vm('{ policyType: enhanced, frequency: hourly, everyHours: 6, windowHours: 12 }', { online: false }),
      errors: [e(9, 11, /gives no online.times; Azure VM backup needs the start of its backup window/)],
    },
    {
      name: 'an unused policy with an azureVm section is checked as an Azure VM policy',
      code: unusedVmPolicy('{ instantRestoreDays: 6 }'),
      errors: [e(14, 36, /kept 6 days; the maximum is 5 days/, [])],
    },
    {
      name: 'more than one time a day is left to online-frequency',
      code: vm('{ instantRestoreDays: 2 }', { times: ['08:00', '20:00'] }),
      errors: [],
      alsoReported: ['online-frequency'],
    },
    {
      name: 'at the caps: no finding of this rule, but approaching-limit reports them',
      code: vm('{ policyType: enhanced, frequency: hourly, everyHours: 4, windowHours: 23, instantRestoreDays: 17 }'),
      errors: [],
      alsoReported: ['approaching-limit'],
    },
  ],
});

// --- schedule-times --------------------------------------------------------------------------

const disk = (points: string[], syncEvery = '1h') => `{ syncEvery: ${syncEvery}, recoveryPoints: [${points.map((p) => JSON.stringify(p)).join(', ')}], retentionDays: 14 }`;

ruleTester('schedule-times', {
  valid: [
    plan({ disk: disk(['08:00', '12:00', '16:00', '20:00'], '4h'), times: ['22:00'] }),
    plan({ disk: disk(['00:00', '23:00']), times: ['12:00'] }),
    plan({ disk: disk(['08:00', '09:00'], 'before-recovery-point') }),
    // Application data: recovery points are express full backups.
    plan({ type: 'sql-server', disk: disk(['08:00', '20:00'], '24h'), times: ['22:00'] }),
    plan({ product: 'mars', times: ['08:00', '12:00', '16:00'] }),
  ],
  invalid: [
    {
      name: 'one-digit hour, with the way to write it',
      code: plan({ disk: disk(['8:00']) }),
      errors: [as('error', e(10, 45, /^"8:00" is not a time of day as HH:MM on the 24-hour clock \(00:00 to 23:59\): write "08:00"$/, undefined, [10, 51]))],
    },
    {
      name: 'out of range, seconds, am/pm, leading space',
      code: plan({ disk: disk(['24:00', '07:30:00']), times: ['9pm', ' 21:00'] }),
      errors: [
        e(10, 45, /^"24:00" is not a time of day as HH:MM/),
        e(10, 54, /^"07:30:00" is not a time of day/),
        e(12, 15, /^"9pm" is not a time of day as HH:MM on the 24-hour clock \(00:00 to 23:59\)$/),
        e(12, 22, /^" 21:00" is not a time of day .*: write "21:00"$/),
      ],
    },
    {
      name: 'the same time twice, reported on the second',
      code: plan({ disk: disk(['08:00', '12:00', '08:00']) }),
      errors: [as('error', e(10, 63, /^the disk recovery point time 08:00 is listed twice: remove this one$/, [r(10, 45, /first listed here/)]))],
    },
    {
      name: '"8:00" after "08:00" is a duplicate, not a second malformed time',
      code: plan({ disk: disk(['08:00', '8:00']), times: ['21:00', '21:00'] }),
      errors: [
        e(10, 54, /^the disk recovery point time 08:00 is listed twice \(as "08:00" and "8:00"\): remove this one$/, [r(10, 45, /first listed here/)]),
        e(12, 24, /^the online backup time 21:00 is listed twice/),
      ],
    },
    {
      name: 'file recovery points closer than the synchronization interval',
      code: plan({ disk: disk(['08:00', '10:00', '16:00'], '4h') }),
      errors: [
        as('warning', e(10, 54, /^the disk recovery point at 10:00 comes 2h after the one at 08:00, less than the synchronization interval of 4h: the replica may not be synchronized between them/, [
          r(10, 45, /the recovery point before it, 2h earlier/),
          r(10, 24, /synchronized every 4h/),
          r(21, 11, /workload "wl01" is files and folders/),
        ])),
      ],
    },
    {
      name: 'across midnight',
      code: plan({ product: 'dpm', disk: disk(['23:30', '01:00'], '2h') }),
      errors: [e(10, 54, /^the disk recovery point at 01:00 comes 90m after the one at 23:30, less than the synchronization interval of 2h/)],
    },
    {
      name: 'one synchronization a day for two file recovery points: the later one is reported',
      code: plan({ disk: disk(['20:00', '08:00'], '24h'), times: ['22:00'] }),
      errors: [e(10, 46, /at 20:00 comes 12h after the one at 08:00, less than the synchronization interval of 24h/)],
    },
    {
      name: 'an online backup at the time of a disk recovery point',
      code: plan({ disk: disk(['08:00', '21:00']), times: ['13:00', '21:00'] }),
      errors: [as('warning', e(12, 24, /^the online backup at 21:00 starts at the same time as a disk recovery point: the two jobs start together and compete for the same replica; stagger them, for example by an hour \(bplan's advice\)$/, [r(10, 54, /disk recovery point at 21:00/)]))],
    },
    {
      name: 'disk goals MARS ignores are not compared, but their times are still checked',
      code: plan({ product: 'mars', disk: disk(['21:00', '8h']) }),
      errors: [e(10, 54, /^"8h" is not a time of day/)],
      alsoReported: ['disk-schedule-unsupported'],
    },
  ],
});

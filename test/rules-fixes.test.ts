/**
 * Quick fixes of the rules, as a table: each case breaks one valid plan (BASE) in one place, takes
 * the fix of the given title from the finding, applies its edits and checks
 *   - the text after the fix, byte for byte (so comments, quoting and every other line stay);
 *   - the finding is gone and no new finding appears (approaching-limit, which reports values at
 *     the limit, is off here; one test below shows it on a clamped value);
 *   - the edits replace values inside a line, never whole lines, and never hold the planted secret.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../server/src/core';
import type { Finding, Fix, LintConfig } from '../server/src/core';
import { quotedAs, removeFlowItems, scalarText } from '../server/src/core/fixes';
import { validVaultName } from '../server/src/core/rules/vault-name';
import { ISOLATED } from './support/rule-tester';
import { applyEdits } from './support/edits';

/** A passphrase planted in plans; it must never appear in a fix's title or edits. */
const SECRET = 'Zq9-unique-secret-771';

const BASE = `# A valid plan that each fix case changes in one place.
bplan: 1
name: fix-test
vault:
  name: contoso-rsv   # the vault
  region: westeurope
  redundancy: geo
  primaryBackup: true
  encryption:
    passphrase: { env: CONTOSO_RSV_PASSPHRASE }   # kept in the secret store
servers:
  - name: mabs01
    product: mabs
    version: v3
    updateRollup: 2
    deployment: physical
    os: windows-server-2019
    domainJoined: true
    sql: local
    hardware: { cores: 8, memoryGB: 32 }
    scratch: { freeGB: 500 }
    storagePool:
      disks: [{ name: vol1, sizeGB: 20000, type: fixed }]
      ntfsCompression: false   # not supported
      deduplication: false
    tape: { enabled: false }   # MABS has no tape
  - name: dpm01
    product: dpm
    version: "2019"
    deployment: physical
    os: windows-server-2019
    scratch: { freeGB: 500 }
    storagePool:
      disks: [{ name: vol1, sizeGB: 20000, type: fixed }]
    tape: { enabled: true }
  - name: azvm
    product: azure-vm-backup
workloads:
  - name: sales-db
    type: sql-server
    host: sql01
    os: windows-server-2019
    sizeGB: 500
    dailyChurnPercent: 3
    server: mabs01
    policy: sql-daily   # the SQL policy
  - name: shares
    type: files
    host: fs01
    os: windows-server-2019
    sizeGB: 800
    dailyChurnPercent: 2
    server: mabs01
    policy: files-daily
  - name: web-vm
    type: hyperv-vm
    host: web01
    os: ubuntu-22.04
    sizeGB: 80
    dailyChurnPercent: 2
    server: mabs01
    policy: vms-nightly
  - name: archive
    type: files
    host: fs02
    os: windows-server-2019
    sizeGB: 300
    dailyChurnPercent: 1
    server: dpm01
    policy: dpm-tape
  - name: app-vm
    type: azure-vm
    os: windows-server-2022
    server: azvm
    policy: vm-daily
policies:
  - name: sql-daily
    disk: { syncEvery: 15m, recoveryPoints: ["21:00"], retentionDays: 14 }   # two weeks
    online:
      times: ["23:00"]   # nightly
      retention: { daily: 30, weekly: 12, monthly: 12, yearly: 5 }   # vault tiers
  - name: files-daily
    disk: { syncEvery: 1h, recoveryPoints: ["08:00", "12:00"], retentionDays: 14 }   # 28 points
    online:
      times: ["22:00"]
      retention: { daily: 30 }
  - name: vms-nightly
    disk: { syncEvery: 24h, recoveryPoints: ["20:00"], retentionDays: 7 }
    consistency: file   # Linux guests
    online:
      times: ["23:30"]
      retention: { daily: 14 }
  - name: dpm-tape
    disk: { syncEvery: 1h, recoveryPoints: ["19:00"], retentionDays: 14 }
    tape: { retentionYears: 7 }   # seven years on tape
  - name: vm-daily
    online:
      times: ["01:00"]
      retention: { daily: 30 }
    azureVm: { policyType: standard, frequency: daily, instantRestoreDays: 2 }   # snapshots
`;

type Change = readonly [from: string, to: string];

interface FixCase {
  readonly name: string;
  readonly rule: string;
  /** Changes that make BASE break the rule; each `from` occurs exactly once. */
  readonly breaks: readonly Change[];
  /** The title of the fix to apply. */
  readonly title: string;
  readonly preferred: boolean;
  /** What the fix changes in the broken plan; `from` occurs exactly once. */
  readonly fixed: Change;
}

/** `text` with the one occurrence of `from` replaced. */
function replaceOnce(text: string, [from, to]: Change): string {
  const at = text.indexOf(from);
  assert.ok(at >= 0, `not in the plan: ${from}`);
  assert.equal(text.indexOf(from, at + 1), -1, `more than once in the plan: ${from}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

const lint = (text: string, config: LintConfig = ISOLATED): readonly Finding[] => lintText(text, { config }).findings;
const key = (f: Finding) => `${f.ruleId} ${f.path}`;
const show = (findings: readonly Finding[]) => findings.map((f) => `${key(f)}: ${f.message}`).join('\n') || '(none)';

const CASES: readonly FixCase[] = [
  {
    name: 'disk retention above the maximum is set to 448',
    rule: 'disk-retention-range',
    breaks: [['recoveryPoints: ["21:00"], retentionDays: 14', 'recoveryPoints: ["21:00"], retentionDays: 500']],
    title: 'Set retentionDays to 448 (the maximum for DPM and MABS disk, all versions)',
    preferred: true,
    fixed: ['retentionDays: 500 }   # two weeks', 'retentionDays: 448 }   # two weeks'],
  },
  {
    name: 'weekly vault retention above the DPM/MABS maximum is set to 5148',
    rule: 'online-retention-range',
    breaks: [['weekly: 12, monthly: 12, yearly: 5', 'weekly: 6000, monthly: 12, yearly: 5']],
    title: 'Set retention.weekly to 5148 (the maximum for System Center DPM and Azure Backup Server, all versions)',
    preferred: true,
    fixed: ['weekly: 6000,', 'weekly: 5148,'],
  },
  {
    name: 'daily vault retention below the minimum is set to 7',
    rule: 'online-retention-range',
    breaks: [['retention: { daily: 14 }', 'retention: { daily: 3 }']],
    title: 'Set retention.daily to 7 (the minimum for vault retention, all products)',
    preferred: true,
    fixed: ['retention: { daily: 3 }', 'retention: { daily: 7 }'],
  },
  {
    name: 'tape retention above the maximum is set to 99 years',
    rule: 'tape-retention-range',
    breaks: [['tape: { retentionYears: 7 }', 'tape: { retentionYears: 120 }']],
    title: 'Set tape.retentionYears to 99 (the maximum for long-term protection on tape, System Center DPM)',
    preferred: true,
    fixed: ['tape: { retentionYears: 120 }   # seven years on tape', 'tape: { retentionYears: 99 }   # seven years on tape'],
  },
  {
    name: 'too many file recovery points on disk: the days kept are cut to fit 64',
    rule: 'disk-recovery-points',
    breaks: [['recoveryPoints: ["08:00", "12:00"], retentionDays: 14', 'recoveryPoints: ["08:00", "12:00"], retentionDays: 40']],
    title: 'Set retentionDays to 32 (64 recovery points at 2 a day; file data allows 64)',
    preferred: true,
    fixed: ['retentionDays: 40 }   # 28 points', 'retentionDays: 32 }   # 28 points'],
  },
  {
    name: 'more than 8 file recovery points a day: the first 8 times are kept',
    rule: 'disk-recovery-points',
    breaks: [
      [
        'recoveryPoints: ["08:00", "12:00"], retentionDays: 14',
        'recoveryPoints: ["06:00", "08:00", "10:00", "12:00", "14:00", "16:00", "18:00", "20:00", "22:00"], retentionDays: 7',
      ],
    ],
    title: 'Keep the first 8 recovery point times (06:00, 08:00, 10:00, 12:00, 14:00, 16:00, 18:00, 20:00)',
    preferred: false,
    fixed: ['"20:00", "22:00"], retentionDays: 7 }   # 28 points', '"20:00"], retentionDays: 7 }   # 28 points'],
  },
  {
    name: 'too many recovery points in the vault: the daily tier is shortened to fit 9999',
    rule: 'online-recovery-points',
    breaks: [
      ['times: ["23:00"]   # nightly', 'times: ["11:00", "23:00"]   # nightly'],
      ['retention: { daily: 30, weekly: 12', 'retention: { daily: 5000, weekly: 12'],
    ],
    // (9999 - 12 - 12 - 5) / 2 = 4985 days.
    title: 'Set retention.daily to 4985 (9999 recovery points in the vault; at most 9999)',
    preferred: true,
    fixed: ['daily: 5000,', 'daily: 4985,'],
  },
  {
    name: 'three backups a day on MABS: the first two times are kept',
    rule: 'online-frequency',
    breaks: [['times: ["23:00"]   # nightly', 'times: ["07:00", "13:00", "23:00"]   # nightly']],
    title: 'Keep the first 2 times (07:00, 13:00), the MABS maximum',
    preferred: false,
    fixed: ['times: ["07:00", "13:00", "23:00"]   # nightly', 'times: ["07:00", "13:00"]   # nightly'],
  },
  {
    name: 'a vault name with spaces and brackets is renamed, keeping its double quotes',
    rule: 'vault-name',
    breaks: [['name: contoso-rsv   # the vault', 'name: "contoso rsv (prod)"   # the vault']],
    title: 'Rename the vault to contoso-rsv-prod',
    preferred: true,
    fixed: ['name: "contoso rsv (prod)"   # the vault', 'name: "contoso-rsv-prod"   # the vault'],
  },
  {
    name: "a vault name starting with a digit gets a prefix, keeping its single quotes",
    rule: 'vault-name',
    breaks: [['name: contoso-rsv   # the vault', "name: '2024_backups'   # the vault"]],
    title: 'Rename the vault to rsv-2024-backups',
    preferred: true,
    fixed: ["name: '2024_backups'", "name: 'rsv-2024-backups'"],
  },
  {
    name: 'a quoted literal passphrase becomes an environment variable named after the vault',
    rule: 'passphrase-literal',
    breaks: [['passphrase: { env: CONTOSO_RSV_PASSPHRASE }', `passphrase: "${SECRET}"`]],
    title: 'Replace the passphrase with { env: CONTOSO_RSV_PASSPHRASE }',
    preferred: true,
    fixed: [`passphrase: "${SECRET}"   # kept in the secret store`, 'passphrase: { env: CONTOSO_RSV_PASSPHRASE }   # kept in the secret store'],
  },
  {
    name: 'a literal passphrase in a block scalar is replaced as a whole, the next line untouched',
    rule: 'passphrase-literal',
    breaks: [['passphrase: { env: CONTOSO_RSV_PASSPHRASE }   # kept in the secret store\n', `passphrase: |\n      ${SECRET}\n`]],
    title: 'Replace the passphrase with { env: CONTOSO_RSV_PASSPHRASE }',
    preferred: true,
    fixed: [`passphrase: |\n      ${SECRET}\nservers:`, 'passphrase: { env: CONTOSO_RSV_PASSPHRASE }\nservers:'],
  },
  {
    name: 'a literal passphrase hidden in a mapping is replaced by the reference',
    rule: 'passphrase-literal',
    breaks: [['passphrase: { env: CONTOSO_RSV_PASSPHRASE }', `passphrase: { value: ${SECRET} }`]],
    title: 'Replace the passphrase with { env: CONTOSO_RSV_PASSPHRASE }',
    preferred: true,
    fixed: [`{ value: ${SECRET} }`, '{ env: CONTOSO_RSV_PASSPHRASE }'],
  },
  {
    name: 'a short literal passphrase (passphrase-length) gets the same reference',
    rule: 'passphrase-length',
    breaks: [['passphrase: { env: CONTOSO_RSV_PASSPHRASE }', 'passphrase: Zq9-short']],
    title: 'Replace the passphrase with { env: CONTOSO_RSV_PASSPHRASE }',
    preferred: true,
    fixed: ['passphrase: Zq9-short', 'passphrase: { env: CONTOSO_RSV_PASSPHRASE }'],
  },
  {
    name: 'a misspelt policy reference is changed to the closest policy',
    rule: 'unknown-reference',
    breaks: [['policy: sql-daily   # the SQL policy', 'policy: sql-dialy   # the SQL policy']],
    title: 'Change policy to "sql-daily"',
    preferred: true,
    fixed: ['policy: sql-dialy   # the SQL policy', 'policy: sql-daily   # the SQL policy'],
  },
  {
    name: 'a misspelt server reference keeps its quotes',
    rule: 'unknown-reference',
    breaks: [['server: dpm01', 'server: "dpm10"']],
    title: 'Change server to "dpm01"',
    preferred: true,
    fixed: ['server: "dpm10"', 'server: "dpm01"'],
  },
  {
    name: 'a misspelt enum value is changed to the closest value',
    rule: 'schema',
    breaks: [['redundancy: geo', 'redundancy: gro']],
    title: 'Change "gro" to "geo"',
    preferred: true,
    fixed: ['redundancy: gro', 'redundancy: geo'],
  },
  {
    name: 'a misspelt key is renamed to the closest known key',
    rule: 'schema',
    breaks: [['tape: { retentionYears: 7 }', 'tape: { retentionYear: 7 }']],
    title: 'Rename key "retentionYear" to "retentionYears"',
    preferred: true,
    fixed: ['tape: { retentionYear: 7 }', 'tape: { retentionYears: 7 }'],
  },
  {
    name: 'a time with a one-digit hour is written as HH:MM',
    rule: 'schedule-times',
    breaks: [['times: ["22:00"]', 'times: ["9:30"]']],
    title: 'Write 09:30',
    preferred: true,
    fixed: ['times: ["9:30"]', 'times: ["09:30"]'],
  },
  {
    name: 'a time listed twice is removed',
    rule: 'schedule-times',
    breaks: [['recoveryPoints: ["08:00", "12:00"]', 'recoveryPoints: ["08:00", "12:00", "08:00"]']],
    title: 'Remove the duplicate 08:00',
    preferred: true,
    fixed: ['recoveryPoints: ["08:00", "12:00", "08:00"]', 'recoveryPoints: ["08:00", "12:00"]'],
  },
  {
    name: 'SQL Server synchronizing every 10 minutes is set to 15m',
    rule: 'disk-sync-frequency',
    breaks: [['syncEvery: 15m', 'syncEvery: 10m']],
    title: 'Set syncEvery to 15m (the shortest interval)',
    preferred: true,
    fixed: ['syncEvery: 10m', 'syncEvery: 15m'],
  },
  {
    name: 'file data synchronizing every 30 minutes is set to 1h',
    rule: 'disk-sync-frequency',
    breaks: [['{ syncEvery: 1h, recoveryPoints: ["08:00", "12:00"]', '{ syncEvery: "30m", recoveryPoints: ["08:00", "12:00"]']],
    title: 'Set syncEvery to 1h (the shortest interval for workloads other than SQL Server)',
    preferred: true,
    fixed: ['syncEvery: "30m"', 'syncEvery: "1h"'],
  },
  {
    name: 'synchronizing every 48 hours is set to 24h',
    rule: 'disk-sync-frequency',
    breaks: [['syncEvery: 24h', 'syncEvery: 48h']],
    title: 'Set syncEvery to 24h (the longest interval)',
    preferred: true,
    fixed: ['syncEvery: 48h', 'syncEvery: 24h'],
  },
  {
    name: 'instant-restore days above the standard maximum are set to 5',
    rule: 'azure-vm-policy',
    breaks: [['instantRestoreDays: 2', 'instantRestoreDays: 9']],
    title: 'Set instantRestoreDays to 5 (the maximum for Azure VM backup instant-restore snapshots, standard policy)',
    preferred: true,
    fixed: ['instantRestoreDays: 9 }   # snapshots', 'instantRestoreDays: 5 }   # snapshots'],
  },
  {
    name: 'a weekly policy keeps snapshots exactly 5 days',
    rule: 'azure-vm-policy',
    breaks: [['frequency: daily, instantRestoreDays: 2', 'frequency: weekly, instantRestoreDays: 2']],
    title: 'Set instantRestoreDays to 5 (fixed for weekly policies)',
    preferred: true,
    fixed: ['instantRestoreDays: 2', 'instantRestoreDays: 5'],
  },
  {
    name: 'an hourly backup window longer than 23 hours is set to 23',
    rule: 'azure-vm-policy',
    breaks: [['{ policyType: standard, frequency: daily, instantRestoreDays: 2 }', '{ policyType: enhanced, frequency: hourly, everyHours: 4, windowHours: 30, instantRestoreDays: 2 }']],
    title: 'Set windowHours to 23 (the maximum for Azure VM backup enhanced policy backup window)',
    preferred: true,
    fixed: ['windowHours: 30', 'windowHours: 23'],
  },
  {
    name: 'an hourly interval the enhanced policy does not offer is set to the next one',
    rule: 'azure-vm-policy',
    breaks: [['{ policyType: standard, frequency: daily, instantRestoreDays: 2 }', '{ policyType: enhanced, frequency: hourly, everyHours: 5, windowHours: 12, instantRestoreDays: 2 }']],
    title: 'Set everyHours to 6 (the next interval the enhanced policy allows)',
    preferred: true,
    fixed: ['everyHours: 5', 'everyHours: 6'],
  },
  {
    name: 'NTFS compression on the pool is turned off',
    rule: 'pool-ntfs-compression',
    breaks: [['ntfsCompression: false   # not supported', 'ntfsCompression: true   # not supported']],
    title: 'Set ntfsCompression to false',
    preferred: true,
    fixed: ['ntfsCompression: true   # not supported', 'ntfsCompression: false   # not supported'],
  },
  {
    name: 'deduplication on a MABS server that is not a Hyper-V VM is turned off',
    rule: 'pool-deduplication',
    breaks: [
      ['deployment: physical\n    os: windows-server-2019\n    domainJoined', 'deployment: vmware-vm\n    os: windows-server-2019\n    domainJoined'],
      ['deduplication: false', 'deduplication: true'],
    ],
    title: 'Set deduplication to false',
    preferred: true,
    fixed: ['deduplication: true', 'deduplication: false'],
  },
  {
    name: 'a locally redundant vault for the primary backup is set to geo',
    rule: 'vault-redundancy',
    breaks: [['redundancy: geo', 'redundancy: local']],
    title: 'Set redundancy to geo (before the first backup)',
    preferred: true,
    fixed: ['redundancy: local', 'redundancy: geo'],
  },
  {
    name: 'or the vault is marked as holding a secondary copy',
    rule: 'vault-redundancy',
    breaks: [['redundancy: geo', 'redundancy: local']],
    title: 'Set primaryBackup to false',
    preferred: false,
    fixed: ['primaryBackup: true', 'primaryBackup: false'],
  },
  {
    name: 'tape enabled on MABS is turned off',
    rule: 'tape-unsupported',
    breaks: [['tape: { enabled: false }   # MABS has no tape', 'tape: { enabled: true }   # MABS has no tape']],
    title: 'Set tape.enabled to false',
    preferred: true,
    fixed: ['tape: { enabled: true }   # MABS has no tape', 'tape: { enabled: false }   # MABS has no tape'],
  },
  {
    name: 'application consistency for Linux guests is set to file',
    rule: 'linux-consistency',
    breaks: [['consistency: file   # Linux guests', "consistency: 'application'   # Linux guests"]],
    title: 'Set consistency to file (Linux guests get file-consistent backups)',
    preferred: true,
    fixed: ["consistency: 'application'   # Linux guests", "consistency: 'file'   # Linux guests"],
  },
];

/** Every fix of every finding, for the secret checks. */
const allFixes = (findings: readonly Finding[]): Fix[] => findings.flatMap((f) => f.fixes ?? []);

describe('rule fixes', () => {
  test('the base plan lints clean', () => {
    assert.deepEqual(lintText(BASE).findings, []);
  });

  for (const c of CASES) {
    test(`${c.rule}: ${c.name}`, () => {
      const broken = c.breaks.reduce(replaceOnce, BASE);
      const before = lint(broken);
      const fix = before.filter((f) => f.ruleId === c.rule).flatMap((f) => (f.fixes ?? []).filter((x) => x.title === c.title));
      assert.equal(fix.length, 1, `one fix titled "${c.title}"; the findings and their fixes:\n${before.map((f) => `${key(f)}: ${(f.fixes ?? []).map((x) => x.title).join(' | ')}`).join('\n')}`);
      const { edits, preferred } = fix[0]!;
      assert.equal(preferred ?? false, c.preferred, 'preferred');

      for (const edit of edits) {
        // A value inside its line: the edit never starts a line, and adds no line of its own.
        assert.notEqual(broken[edit.span.start - 1], '\n', 'an edit starts after the key, not at the start of a line');
        assert.doesNotMatch(edit.newText.replace(/(\r?\n)+$/, ''), /[\r\n]/, 'an edit writes no line breaks of its own');
      }
      const after = applyEdits(broken, edits);
      assert.equal(after, replaceOnce(broken, c.fixed));

      const remaining = lint(after);
      const fixedKeys = new Set(before.filter((f) => f.ruleId === c.rule && f.fixes?.includes(fix[0]!)).map(key));
      assert.deepEqual(remaining.filter((f) => fixedKeys.has(key(f))), [], 'the finding is gone');
      const earlier = new Set(before.map(key));
      assert.deepEqual(remaining.filter((f) => !earlier.has(key(f))), [], `no new finding; after the fix:\n${show(remaining)}`);
    });
  }

  test('no fix title or edit holds the planted passphrase, nor any finding of a plan that has it', () => {
    for (const form of [`"${SECRET}"`, `'${SECRET}'`, SECRET, `|\n      ${SECRET}\n`, `{ value: ${SECRET} }`, `[${SECRET}]`]) {
      const text = replaceOnce(BASE, ['{ env: CONTOSO_RSV_PASSPHRASE }   # kept in the secret store\n', `${form}${form.endsWith('\n') ? '' : '\n'}`]);
      const findings = lintText(text).findings;
      assert.ok(findings.length > 0, form);
      for (const f of allFixes(findings)) {
        assert.ok(!f.title.includes(SECRET), f.title);
        for (const e of f.edits) assert.ok(!e.newText.includes(SECRET), e.newText);
      }
    }
  });

  test('unknown-reference offers every name within the distance, the closest preferred', () => {
    const text = replaceOnce(
      replaceOnce(BASE, ['  - name: files-daily\n', '  - name: tier2\n']),
      ['policy: files-daily', 'policy: tier3'],
    ).replace('  - name: vms-nightly\n', '  - name: tier1\n    online: { times: ["02:00"], retention: { daily: 30 } }\n  - name: vms-nightly\n');
    const finding = lint(text).find((f) => f.ruleId === 'unknown-reference');
    assert.ok(finding, show(lint(text)));
    assert.deepEqual(
      finding.fixes?.map((f) => [f.title, f.preferred ?? false]),
      [
        ['Change policy to "tier2"', true],
        ['Change policy to "tier1"', false],
      ],
    );
    // Either fix resolves the reference.
    for (const fix of finding.fixes!) assert.equal(lint(applyEdits(text, fix.edits)).filter((f) => f.ruleId === 'unknown-reference').length, 0, fix.title);
  });

  test('a list written one item per line is not trimmed (that would remove whole lines): the finding has no fix', () => {
    const text = replaceOnce(BASE, ['times: ["23:00"]   # nightly', 'times:   # nightly\n        - "07:00"\n        - "13:00"\n        - "23:00"']);
    const finding = lint(text).find((f) => f.ruleId === 'online-frequency');
    assert.ok(finding);
    assert.equal(finding.fixes, undefined);
  });

  test('clamping to a maximum leaves the value at the limit, which approaching-limit reports as information', () => {
    const text = replaceOnce(BASE, ['tape: { retentionYears: 7 }', 'tape: { retentionYears: 120 }']);
    const fix = lintText(text).findings.find((f) => f.ruleId === 'tape-retention-range')!.fixes![0]!;
    const after = applyEdits(text, fix.edits);
    const at = after.indexOf('retentionYears: 99') + 'retentionYears: '.length;
    assert.deepEqual(
      lintText(after).findings.map((f) => [f.ruleId, f.severity, f.span.start]),
      [['approaching-limit', 'info', at]],
    );
  });
});

describe('fix helpers', () => {
  test('scalarText keeps the quoting of the scalar it replaces, and quotes a plain value that would read back as something else', () => {
    assert.equal(scalarText('geo', 'local'), 'geo');
    assert.equal(scalarText('geo', '"local"'), '"geo"');
    assert.equal(scalarText("it's", "'x'"), "'it''s'");
    assert.equal(scalarText('a "b"', '"x"'), '"a \\"b\\""');
    assert.equal(scalarText('true', 'x'), '"true"');
    assert.equal(scalarText('2016', 'x'), '"2016"');
    assert.equal(scalarText('a: b', 'x'), '"a: b"');
    assert.equal(scalarText('#x', 'x'), '"#x"');
    assert.equal(scalarText('name', '|\n  old\n'), 'name\n');
    assert.equal(scalarText('name', '>-\r\n  old\r\n'), 'name\r\n');
    assert.equal(quotedAs('08:00', undefined), '08:00');
  });

  test('validVaultName derives a valid name, or none when too little is left', () => {
    assert.equal(validVaultName('contoso rsv (prod)'), 'contoso-rsv-prod');
    assert.equal(validVaultName('-_backup_vault'), 'backup-vault');
    assert.equal(validVaultName('2024'), 'rsv-2024');
    assert.equal(validVaultName('x'.repeat(60)), 'x'.repeat(50));
    assert.equal(validVaultName(`${'a'.repeat(49)}_b`), 'a'.repeat(49));
    assert.equal(validVaultName('ü'), undefined);
    assert.equal(validVaultName('a'), undefined);
  });

  test('removeFlowItems deletes items of a flow list with their commas, and refuses other lists', () => {
    const list = (text: string) => {
      const items = [...text.matchAll(/"[^"]*"/g)].map((m) => ({ value: m[0].slice(1, -1), span: { start: m.index!, end: m.index! + m[0].length } }));
      const start = text.search(/[[-]/);
      const end = text.lastIndexOf(']') + 1 || text.length;
      return { value: items, span: { start, end } };
    };
    const flow = 'x: ["a", "b",  "c"]';
    assert.equal(applyEdits(flow, [removeFlowItems(flow, list(flow), 1, 3)!]), 'x: ["a"]');
    assert.equal(applyEdits(flow, [removeFlowItems(flow, list(flow), 0, 1)!]), 'x: ["b",  "c"]');
    assert.equal(applyEdits(flow, [removeFlowItems(flow, list(flow), 1, 2)!]), 'x: ["a",  "c"]');
    assert.equal(removeFlowItems(flow, list(flow), 0, 3), undefined, 'never the last item');
    const commented = 'x: ["a", # first\n  "b"]';
    assert.equal(removeFlowItems(commented, list(commented), 1, 2), undefined);
    const hidden = 'x: ["a", 5, "b"]';
    assert.equal(removeFlowItems(hidden, list(hidden), 1, 2), undefined, 'an item the model left out');
    const block = 'x:\n  - "a"\n  - "b"';
    assert.equal(removeFlowItems(block, list(block), 1, 2), undefined);
  });
});

/**
 * Per-rule table tests in the RuleTester style: for each rule, `valid` plans that must lint clean
 * and `invalid` plans with the exact findings of that rule (1-based line and column of the start,
 * and a message pattern). Plans are built by `plan()`, which renders one minimal valid plan with
 * every overridable value on a fixed line, so a position in a table reads straight off the
 * template below:
 *
 *   1  bplan: 1
 *   2  name: rule-test
 *   3  vault:
 *   4    name: rsv-rule-test                       vaultName      4:9
 *   5    encryption:
 *   6      passphrase: { env: BPLAN_PASSPHRASE }   passphrase     6:17
 *   7  policies:
 *   8    - name: pol01                             policyName     8:11
 *   9      disk:                                   (disk: false comments out lines 9-12)
 *  10        syncEvery: 1h                         syncEvery      10:18
 *  11        recoveryPoints: ["08:00"]             recoveryPoints 11:23
 *  12        retentionDays: 14                     retentionDays  12:22
 *  13      online:
 *  14        times: ["21:00"]                      times          14:14
 *  15        retention:
 *  16          daily: 30                           daily          16:16
 *  17          weekly: 12                          weekly         17:17
 *  18          monthly: 12                         monthly        18:18
 *  19          yearly: 5                           yearly         19:17
 *  20      # tape                                  tapeYears      20:29 (when set)
 *  21  servers:
 *  22    - name: srv01                             serverName     22:11
 *  23      product: mabs                           product        23:14
 *  24      version: v3                             version        24:14
 *  25  workloads:
 *  26    - name: wl01                              workloadName   26:11
 *  27      type: files                             type           27:11
 *  28      host: host01
 *  29      os: windows-server-2019                 os             29:9
 *  30      server: srv01                           server         30:13
 *  31      policy: pol01                           policy         31:13
 *  32  (extra: raw lines appended here)
 *
 * A value set to null is left out (its line becomes a comment), so lines never move.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText, RULES } from '../server/src/core';
import { at, describeFinding, err, ISOLATED, ruleTester as runRuleTable, spanning } from './support/rule-tester';
import type { RuleTable } from './support/rule-tester';

type Product = 'mabs' | 'dpm' | 'mars' | 'azure-vm-backup';

interface PlanParts {
  vaultName?: string;
  passphrase?: string;
  policyName?: string;
  /** false leaves the disk goals out (the default for MARS and Azure VM backup). */
  disk?: boolean;
  syncEvery?: string | null;
  recoveryPoints?: string[] | null;
  retentionDays?: number | string | null;
  times?: string[];
  daily?: number | null;
  weekly?: number | null;
  monthly?: number | null;
  yearly?: number | null;
  tapeYears?: number | null;
  serverName?: string;
  product?: Product | string;
  /** Defaults by product: dpm 2019, mabs v3, mars "2.0.9262.0", none for Azure VM backup. */
  version?: string | null;
  workloadName?: string;
  /** Defaults to files (azure-vm for Azure VM backup). */
  type?: string;
  os?: string;
  server?: string;
  policy?: string;
  /** Raw YAML appended after line 31 (more workloads, or a mistake at the top level). */
  extra?: string;
}

const DEFAULT_VERSION: Record<string, string | null> = { dpm: '2019', mabs: 'v3', mars: '"2.0.9262.0"', 'azure-vm-backup': null };

/** A minimal valid plan, with the given parts changed; see the template at the top of the file. */
function plan(parts: PlanParts = {}): string {
  const product = parts.product ?? 'mabs';
  const onDisk = parts.disk ?? (product === 'mabs' || product === 'dpm');
  const version = parts.version === undefined ? (DEFAULT_VERSION[product] ?? null) : parts.version;
  const pick = <T>(value: T | null | undefined, fallback: T): T | null => (value === undefined ? fallback : value);
  const line = (indent: number, key: string, value: unknown): string =>
    value === null || value === undefined ? `${' '.repeat(indent)}# no ${key}` : `${' '.repeat(indent)}${key}: ${value}`;
  const list = (items: string[] | null): string | null => (items === null ? null : `[${items.map((t) => JSON.stringify(t)).join(', ')}]`);
  const diskLine = (key: string, value: unknown) => (onDisk ? line(6, key, value) : line(6, key, null));
  const lines = [
    'bplan: 1',
    'name: rule-test',
    'vault:',
    line(2, 'name', parts.vaultName ?? 'rsv-rule-test'),
    '  encryption:',
    line(4, 'passphrase', parts.passphrase ?? '{ env: BPLAN_PASSPHRASE }'),
    'policies:',
    `  - name: ${parts.policyName ?? 'pol01'}`,
    onDisk ? '    disk:' : '    # no disk goals',
    diskLine('syncEvery', pick(parts.syncEvery, '1h')),
    diskLine('recoveryPoints', list(pick(parts.recoveryPoints, ['08:00']))),
    diskLine('retentionDays', pick(parts.retentionDays, 14)),
    '    online:',
    line(6, 'times', list(parts.times ?? ['21:00'])),
    '      retention:',
    line(8, 'daily', pick(parts.daily, 30)),
    line(8, 'weekly', pick(parts.weekly, 12)),
    line(8, 'monthly', pick(parts.monthly, 12)),
    line(8, 'yearly', pick(parts.yearly, 5)),
    parts.tapeYears === undefined || parts.tapeYears === null ? '    # no tape' : `    tape: { retentionYears: ${parts.tapeYears} }`,
    'servers:',
    `  - name: ${parts.serverName ?? 'srv01'}`,
    line(4, 'product', product),
    line(4, 'version', version),
    'workloads:',
    `  - name: ${parts.workloadName ?? 'wl01'}`,
    line(4, 'type', parts.type ?? (product === 'azure-vm-backup' ? 'azure-vm' : 'files')),
    '    host: host01',
    line(4, 'os', parts.os ?? 'windows-server-2019'),
    line(4, 'server', parts.server ?? 'srv01'),
    line(4, 'policy', parts.policy ?? 'pol01'),
  ];
  return `${lines.join('\n')}\n${parts.extra ?? ''}`;
}

/** A second workload, for the lines after 31. */
function workload(name: string, type: string, extra: { os?: string; server?: string; policy?: string } = {}): string {
  return [
    `  - name: ${name}`,
    `    type: ${type}`,
    `    host: ${name}-host`,
    `    os: ${extra.os ?? 'windows-server-2019'}`,
    `    server: ${extra.server ?? 'srv01'}`,
    `    policy: ${extra.policy ?? 'pol01'}`,
    '',
  ].join('\n');
}

const tested = new Set<string>();

/**
 * Every table here checks one rule at a time at its limits, so it runs ISOLATED (approaching-limit
 * off: it would report every case at the limit, and has tests of its own in test/suppressions.test.ts).
 */
function ruleTester(ruleId: string, table: RuleTable): void {
  tested.add(ruleId);
  runRuleTable(ruleId, table, { config: ISOLATED });
}

// ---------------------------------------------------------------------------------------------

describe('plan() template', () => {
  test('is a clean plan, with each value where the header says', () => {
    // Tape goals need a DPM server with tape enabled, which the template cannot express: tape-unsupported is left out here.
    const code = plan({ product: 'dpm', tapeYears: 7 });
    assert.deepEqual(lintText(code, { config: { rules: { 'tape-unsupported': 'off' } } }).findings, []);
    const where = (needle: string) => at(code, code.indexOf(needle) + needle.length);
    assert.deepEqual(where('  name: '), { line: 4, column: 9 });
    assert.deepEqual(where('passphrase: '), { line: 6, column: 17 });
    assert.deepEqual(where('  - name: '), { line: 8, column: 11 });
    assert.deepEqual(where('syncEvery: '), { line: 10, column: 18 });
    assert.deepEqual(where('recoveryPoints: '), { line: 11, column: 23 });
    assert.deepEqual(where('retentionDays: '), { line: 12, column: 22 });
    assert.deepEqual(where('times: '), { line: 14, column: 14 });
    assert.deepEqual(where('daily: '), { line: 16, column: 16 });
    assert.deepEqual(where('weekly: '), { line: 17, column: 17 });
    assert.deepEqual(where('monthly: '), { line: 18, column: 18 });
    assert.deepEqual(where('yearly: '), { line: 19, column: 17 });
    assert.deepEqual(where('retentionYears: '), { line: 20, column: 29 });
    assert.deepEqual(where('product: '), { line: 23, column: 14 });
    assert.deepEqual(where('version: '), { line: 24, column: 14 });
    assert.deepEqual(where('type: '), { line: 27, column: 11 });
    assert.deepEqual(where('    os: '), { line: 29, column: 9 });
    assert.deepEqual(where('server: '), { line: 30, column: 13 });
    assert.deepEqual(where('policy: '), { line: 31, column: 13 });
    assert.equal(code.split('\n').length, 32, 'extra text starts on line 32');
  });

  test('keeps every line in place when parts are left out', () => {
    for (const product of ['mabs', 'dpm', 'mars', 'azure-vm-backup'] as const) {
      const code = plan({ product });
      assert.equal(code.split('\n').length, 32, product);
      assert.deepEqual(lintText(code).findings.map((f) => describeFinding(code, f)), [], `plan({ product: ${product} }) is clean`);
    }
  });
});

// --- yaml-syntax -----------------------------------------------------------------------------

const yamlErr = err('yaml-syntax');
ruleTester('yaml-syntax', {
  valid: [plan(), plan({ vaultName: '&v rsv-anchored', serverName: '&s srv01', server: '*s' })],
  invalid: [
    {
      name: 'missing colon',
      code: plan().replace('  name: rsv-rule-test', '  name rsv-rule-test'),
      errors: [yamlErr(4, 3, /a key must fit on one line; a missing ":" or quote is the likely cause/)],
    },
    {
      name: 'duplicate key at the top level',
      code: plan({ extra: 'name: again\n' }),
      errors: [spanning(yamlErr(32, 1, /^the key "name" appears twice in the same mapping; YAML keeps only one of them/), 32, 5)],
    },
    {
      name: 'tab indentation',
      code: 'bplan: 1\nvault:\n\tname: rsv-rule-test\n',
      errors: [yamlErr(3, 1, /tabs are not allowed for indentation/)],
    },
    {
      name: 'two documents',
      code: `${plan()}---\nbplan: 1\n`,
      errors: [yamlErr(32, 1, /a plan is one YAML document; this file holds more than one/)],
    },
    {
      name: 'unknown tag !!js/function',
      code: plan({ vaultName: '!!js/function "function () {}"' }),
      errors: [spanning(yamlErr(4, 9, /^unknown tag !!js\/function: bplan plans use plain YAML values only/), 4, 22)],
    },
    {
      name: 'unknown local tag',
      code: plan({ vaultName: '!vault rsv-rule-test' }),
      errors: [yamlErr(4, 9, /^unknown tag !vault: /)],
    },
    {
      name: 'alias bomb',
      code: [
        'bplan: 1',
        'description:',
        '  - &a [x, x, x, x, x, x, x, x, x, x]',
        '  - &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
        '  - &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
        '  - [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
        '',
      ].join('\n'),
      errors: [yamlErr(4, 9, /aliases expand too far \(more than 100 alias uses/)],
    },
    {
      name: 'while the YAML is broken, no other rule runs (the bad vault name goes unreported)',
      code: plan({ vaultName: 'x', extra: 'name: again\n' }),
      errors: [yamlErr(32, 1, /"name" appears twice/)],
    },
  ],
});

// --- schema ----------------------------------------------------------------------------------

const schemaErr = err('schema');
ruleTester('schema', {
  valid: [plan(), plan({ product: 'mars' }), plan({ product: 'azure-vm-backup' }), plan({ product: 'dpm', version: '2012-r2' })],
  invalid: [
    {
      name: 'unknown key, with a suggestion',
      code: plan().replace('retentionDays:', 'retentionDay:'),
      errors: [schemaErr(12, 7, /^unknown key "retentionDay" in policies\[pol01\]\.disk; did you mean "retentionDays"\?$/)],
    },
    {
      name: 'wrong type',
      code: plan({ retentionDays: '"14"' }),
      errors: [schemaErr(12, 22, /^policies\[pol01\]\.disk\.retentionDays must be a whole number, not "14"$/)],
    },
    {
      name: 'bad enum, with a suggestion',
      code: plan({ product: 'mabz', version: 'v3' }),
      errors: [schemaErr(23, 14, /^"mabz" is not a valid product for servers\[srv01\]; expected one of: .*\(did you mean "mabs"\?\)$/)],
    },
    {
      name: 'missing required key',
      code: plan().replace('    policy: pol01\n', ''),
      errors: [schemaErr(26, 5, /^workloads\[wl01\] is missing the required key "policy"$/)],
    },
    {
      name: 'DPM without a version',
      code: plan({ product: 'dpm', version: null }),
      errors: [schemaErr(22, 5, /^servers\[srv01\] is missing the required key "version"$/)],
    },
    {
      name: 'MABS version that does not exist',
      code: plan({ version: 'v5' }),
      errors: [schemaErr(24, 14, /^"v5" is not a valid version for servers\[srv01\]; expected a MABS version: v1, v2, v3 or v4$/)],
    },
    {
      name: 'MARS version in the wrong form',
      code: plan({ product: 'mars', version: 'v3' }),
      errors: [schemaErr(24, 14, /^"v3" is not valid for servers\[srv01\]\.version; expected a MARS agent version such as 2\.0\.9262\.0$/)],
    },
    {
      name: 'number below its minimum',
      code: plan({ extra: '  - { name: wl02, type: files, sizeGB: -1, server: srv01, policy: pol01 }\n' }),
      errors: [schemaErr(32, 40, /^workloads\[wl02\]\.sizeGB is -1; it must be at least 0$/)],
    },
    {
      name: 'format version',
      code: plan().replace('bplan: 1', 'bplan: 2'),
      errors: [schemaErr(1, 8, /^2 is not valid for bplan; expected the format version 1$/)],
    },
  ],
});

// --- duplicate-name --------------------------------------------------------------------------

const dupErr = err('duplicate-name');
ruleTester('duplicate-name', {
  valid: [
    plan(),
    // Names are per kind: a server, a workload and a policy may share one.
    plan({ serverName: 'same', server: 'same', workloadName: 'same', policyName: 'same', policy: 'same' }),
    plan({ extra: workload('wl02', 'files') }),
  ],
  invalid: [
    {
      name: 'two workloads',
      code: plan({ extra: workload('wl01', 'files') }),
      errors: [dupErr(32, 11, /^another workload is already named "wl01"; give each workload a name of its own$/, [{ line: 26, column: 11, message: /the first workload named "wl01"/ }])],
    },
    {
      name: 'three workloads: the second and third point at the first',
      code: plan({ extra: workload('wl01', 'files') + workload('wl01', 'system-state') }),
      errors: [
        dupErr(32, 11, /already named "wl01"/, [{ line: 26, column: 11, message: /the first workload/ }]),
        dupErr(38, 11, /already named "wl01"/, [{ line: 26, column: 11, message: /the first workload/ }]),
      ],
    },
    {
      name: 'two servers',
      code: plan().replace('workloads:\n', '  - name: srv01\n    product: mabs\n    version: v4\nworkloads:\n'),
      errors: [dupErr(25, 11, /^another server is already named "srv01"/, [{ line: 22, column: 11, message: /the first server named "srv01"/ }])],
    },
    {
      name: 'two policies',
      code: plan().replace('servers:\n', '  - name: pol01\n    online: { times: ["22:00"] }\nservers:\n'),
      errors: [dupErr(21, 11, /^another policy is already named "pol01"/, [{ line: 8, column: 11, message: /the first policy named "pol01"/ }])],
    },
  ],
});

// --- unknown-reference -----------------------------------------------------------------------

const refErr = err('unknown-reference');
ruleTester('unknown-reference', {
  valid: [plan(), plan({ serverName: 'mabs-lyon', server: 'mabs-lyon', policyName: 'nightly', policy: 'nightly' })],
  invalid: [
    {
      name: 'server name with a typo',
      code: plan({ server: 'srv1' }),
      errors: [refErr(30, 13, /^workload "wl01" names server "srv1", which is not defined in the plan; did you mean "srv01"\?$/, [{ line: 22, column: 11, message: /the server "srv01"/ }])],
    },
    {
      name: 'policy that is not defined, nothing close',
      code: plan({ policy: 'weekly-archive' }),
      errors: [refErr(31, 13, /^workload "wl01" names policy "weekly-archive", which is not defined in the plan; defined policies: pol01$/)],
    },
    {
      name: 'both wrong',
      code: plan({ server: 'srv02x', policy: 'pol1' }),
      errors: [refErr(30, 13, /server "srv02x"/), refErr(31, 13, /policy "pol1".*did you mean "pol01"/)],
    },
  ],
});

// --- vault-name ------------------------------------------------------------------------------

const vaultErr = err('vault-name');
const name50 = `rsv-${'x'.repeat(46)}`;
ruleTester('vault-name', {
  valid: [plan(), plan({ vaultName: 'ab' }), plan({ vaultName: name50 }), plan({ vaultName: 'A-1' })],
  invalid: [
    { name: '1 character', code: plan({ vaultName: 'a' }), errors: [vaultErr(4, 9, /^vault name "a" is 1 character long; vault names are 2 to 50 characters/)] },
    { name: '51 characters', code: plan({ vaultName: `${name50}y` }), errors: [vaultErr(4, 9, /is 51 characters long; vault names are 2 to 50 characters/)] },
    { name: 'starts with a digit', code: plan({ vaultName: '9rsv' }), errors: [vaultErr(4, 9, /^vault name "9rsv" must start with a letter/)] },
    { name: 'underscore', code: plan({ vaultName: 'rsv_prod' }), errors: [vaultErr(4, 9, /may hold only letters, digits and hyphens, not "_"/)] },
  ],
});

// --- passphrase-literal ----------------------------------------------------------------------

const LITERAL = 'S3cret-Passphrase-2024';
const ppErr = err('passphrase-literal');
ruleTester('passphrase-literal', {
  valid: [plan(), plan({ passphrase: '{ file: /run/secrets/bplan }' }), plan({ passphrase: '{ env: CONTOSO_PASSPHRASE }' })],
  invalid: [
    {
      name: 'plain literal',
      code: plan({ passphrase: LITERAL }),
      errors: [spanning(ppErr(6, 17, /^the vault passphrase is written in the plan; replace it with a reference/), 6, 17 + LITERAL.length)],
    },
    { name: 'quoted literal', code: plan({ passphrase: `"${LITERAL}"` }), errors: [ppErr(6, 17, /written in the plan/)] },
    {
      name: 'a number is a literal too (and not a reference, for the schema)',
      code: plan({ passphrase: '1234567890123456' }),
      errors: [ppErr(6, 17, /written in the plan/)],
      alsoReported: ['schema'],
    },
  ],
});

describe('passphrase-literal keeps the secret out of every message', () => {
  for (const code of [plan({ passphrase: LITERAL }), plan({ passphrase: `'${LITERAL}'` }), plan({ passphrase: `|\n      ${LITERAL}` })]) {
    test(code.split('\n')[5]!.trim().slice(0, 14), () => {
      const { findings, secretSpans } = lintText(code);
      assert.ok(findings.some((f) => f.ruleId === 'passphrase-literal'));
      assert.ok(
        secretSpans.some((s) => code.slice(s.start, s.end).includes(LITERAL)),
        'a secret span covers the literal',
      );
      for (const f of findings) {
        assert.ok(!f.message.includes(LITERAL), `${f.ruleId} prints the passphrase`);
        for (const r of f.related ?? []) assert.ok(!r.message.includes(LITERAL), `${f.ruleId} prints the passphrase in a related message`);
      }
    });
  }
});

// --- online-frequency ------------------------------------------------------------------------

const freqErr = err('online-frequency');
ruleTester('online-frequency', {
  valid: [
    plan({ times: ['13:00', '23:00'] }),
    plan({ product: 'dpm', times: ['13:00', '23:00'] }),
    plan({ product: 'mars', times: ['08:00', '13:00', '21:00'] }),
    plan({ product: 'azure-vm-backup', times: ['23:00'] }),
  ],
  invalid: [
    {
      name: 'MABS 3 a day',
      code: plan({ times: ['07:00', '13:00', '21:00'] }),
      errors: [
        spanning(freqErr(14, 14, /^online backups per day is 3; MABS allows at most 2 /, [{ line: 23, column: 14, message: /server "srv01" runs Azure Backup Server/ }]), 14, 41),
      ],
    },
    {
      name: 'DPM 3 a day',
      code: plan({ product: 'dpm', times: ['07:00', '13:00', '21:00'] }),
      errors: [freqErr(14, 14, /^online backups per day is 3; DPM allows at most 2 /)],
    },
    {
      name: 'MARS 4 a day',
      code: plan({ product: 'mars', times: ['06:00', '12:00', '18:00', '23:00'] }),
      errors: [freqErr(14, 14, /^online backups per day is 4; MARS allows at most 3 /)],
    },
    {
      name: 'Azure VM backup 2 a day',
      code: plan({ product: 'azure-vm-backup', times: ['11:00', '23:00'] }),
      errors: [freqErr(14, 14, /^online backups per day is 2; Azure VM backup allows at most 1 .*keep 1 time of day$/)],
    },
    {
      name: 'a policy shared by MARS and MABS: 3 a day is too many only for MABS',
      code: plan({ product: 'mars', times: ['08:00', '13:00', '21:00'] }).replace(
        'workloads:\n',
        '  - name: mabs01\n    product: mabs\n    version: v3\nworkloads:\n',
      ) + workload('share02', 'files', { server: 'mabs01' }),
      errors: [freqErr(14, 14, /is 3; MABS allows at most 2/, [{ line: 26, column: 14, message: /server "mabs01" runs Azure Backup Server/ }])],
    },
  ],
});

// --- disk-sync-frequency ---------------------------------------------------------------------

const syncErr = err('disk-sync-frequency');
ruleTester('disk-sync-frequency', {
  valid: [
    plan({ type: 'sql-server', syncEvery: '15m' }),
    plan({ product: 'dpm', type: 'sql-server', syncEvery: '15m' }),
    plan({ syncEvery: '1h' }),
    plan({ syncEvery: '60m' }),
    plan({ syncEvery: '24h' }),
    plan({ syncEvery: '1440m' }),
    plan({ syncEvery: 'before-recovery-point' }),
  ],
  invalid: [
    {
      name: '15m is fine for SQL Server but not for files',
      code: plan({ type: 'files', syncEvery: '15m' }),
      errors: [
        syncErr(10, 18, /^disk synchronization every 15m is too often for files and folders \(workload "wl01"\); only SQL Server can synchronize more often than every 1h/, [
          { line: 27, column: 11, message: /workload "wl01" \(files and folders\) follows policy "pol01"/ },
        ]),
      ],
    },
    { name: '30m on Exchange (DPM)', code: plan({ product: 'dpm', type: 'exchange', syncEvery: '30m' }), errors: [syncErr(10, 18, /every 30m is too often for Exchange/)] },
    {
      name: '30m shared by SQL Server and files: only the files workload is named',
      code: plan({ type: 'sql-server', syncEvery: '30m', extra: workload('share01', 'files') }),
      errors: [syncErr(10, 18, /too often for files and folders \(workload "share01"\)/, [{ line: 33, column: 11, message: /workload "share01"/ }])],
    },
    { name: '10m, too often even for SQL Server', code: plan({ type: 'sql-server', syncEvery: '10m' }), errors: [syncErr(10, 18, /^disk synchronization every 10m is more often than the shortest interval of 15m/)] },
    { name: '48h', code: plan({ syncEvery: '48h' }), errors: [syncErr(10, 18, /^disk synchronization every 48h is longer than the longest interval of 24h/)] },
    { name: '1441m', code: plan({ syncEvery: '1441m' }), errors: [syncErr(10, 18, /every 1441m is longer than the longest interval of 24h/)] },
  ],
});

// --- disk-recovery-points --------------------------------------------------------------------

const pointsErr = err('disk-recovery-points');
const times = (n: number) => Array.from({ length: n }, (_, i) => `${String(i * 2).padStart(2, '0')}:00`);
ruleTester('disk-recovery-points', {
  valid: [
    plan({ type: 'files', recoveryPoints: times(1), retentionDays: 64 }),
    plan({ type: 'files', recoveryPoints: times(8), retentionDays: 8 }),
    plan({ type: 'sql-server', recoveryPoints: times(1), retentionDays: 65 }),
    plan({ type: 'sql-server', recoveryPoints: times(2), retentionDays: 224 }),
    plan({ product: 'dpm', type: 'exchange', recoveryPoints: times(1), retentionDays: 448 }),
  ],
  invalid: [
    {
      name: '65 points of file data (fine for sql-server)',
      code: plan({ type: 'files', recoveryPoints: times(1), retentionDays: 65 }),
      errors: [
        pointsErr(11, 23, /^recovery points on disk is 1 a day × 65 days = 65; file data allows at most 64 .*keep at most 64 days at 1 a day/, [
          { line: 12, column: 22, message: /kept for 65 days/ },
          { line: 27, column: 11, message: /workload "wl01" is files and folders/ },
        ]),
      ],
    },
    {
      name: '449 SQL Server express full backups',
      code: plan({ type: 'sql-server', recoveryPoints: times(2), retentionDays: 225 }),
      errors: [pointsErr(11, 23, /is 2 a day × 225 days = 450; application data allows at most 448 .*keep at most 224 days/)],
    },
    {
      name: '9 file recovery points a day',
      code: plan({ type: 'files', recoveryPoints: times(9), retentionDays: 2 }),
      errors: [pointsErr(11, 23, /^recovery points on disk per day is 9; file data allows at most 8 scheduled recovery points a day/)],
    },
    {
      name: 'a policy shared by SQL Server and files takes the file limit',
      code: plan({ type: 'sql-server', recoveryPoints: times(1), retentionDays: 65, extra: workload('share01', 'files') }),
      errors: [pointsErr(11, 23, /= 65; file data allows at most 64/)],
    },
  ],
});

// --- disk-retention-range --------------------------------------------------------------------

const retErr = err('disk-retention-range');
ruleTester('disk-retention-range', {
  valid: [plan({ retentionDays: 1 }), plan({ type: 'sql-server', retentionDays: 448 }), plan({ recoveryPoints: null, retentionDays: 448 })],
  invalid: [
    { name: '0 days', code: plan({ retentionDays: 0 }), errors: [retErr(12, 22, /^disk retention is 0 days; DPM and MABS keep recovery points on disk for at least 1 day/)] },
    { name: 'negative', code: plan({ retentionDays: -1 }), errors: [retErr(12, 22, /^disk retention is -1 days;/)] },
    {
      name: '449 days, no recovery point times',
      code: plan({ recoveryPoints: null, retentionDays: 449 }),
      errors: [retErr(12, 22, /^disk retention is 449 days; DPM and MABS keep recovery points on disk for at most 448 days/)],
    },
    {
      name: '449 days at 1 a day breaks the point limit as well',
      code: plan({ type: 'sql-server', retentionDays: 449 }),
      errors: [retErr(12, 22, /is 449 days;.*at most 448 days/)],
      alsoReported: ['disk-recovery-points'],
    },
  ],
});

// --- online-retention-range ------------------------------------------------------------------

const onlineErr = err('online-retention-range');
ruleTester('online-retention-range', {
  valid: [
    plan({ product: 'mars', weekly: 5150 }),
    // Every tier at its maximum would keep over 9,999 recovery points (online-recovery-points): one tier at a time.
    plan({ product: 'mars', daily: 9999, weekly: null, monthly: null, yearly: null }),
    plan({ product: 'mars', daily: 7, weekly: 5163, monthly: 1188, yearly: 99 }),
    plan({ product: 'azure-vm-backup', weekly: 5163 }),
    plan({ product: 'mabs', weekly: 5148 }),
    plan({ product: 'dpm', weekly: 5148 }),
    plan({ daily: 7, weekly: 4, monthly: 3, yearly: 1 }),
  ],
  invalid: [
    {
      name: 'weekly 5150 on MABS (max 5148; fine on MARS)',
      code: plan({ product: 'mabs', weekly: 5150 }),
      errors: [spanning(onlineErr(17, 17, /^weekly retention in the vault is 5150 weeks; the maximum is 5148 weeks \(System Center DPM and Azure Backup Server/), 17, 21)],
    },
    { name: 'weekly 5150 on DPM', code: plan({ product: 'dpm', weekly: 5150 }), errors: [onlineErr(17, 17, /is 5150 weeks; the maximum is 5148 weeks/)] },
    { name: 'weekly 5164 on MARS', code: plan({ product: 'mars', weekly: 5164 }), errors: [onlineErr(17, 17, /is 5164 weeks; the maximum is 5163 weeks/)] },
    { name: 'weekly 5164 on Azure VM backup', code: plan({ product: 'azure-vm-backup', weekly: 5164 }), errors: [onlineErr(17, 17, /is 5164 weeks; the maximum is 5163 weeks/)] },
    { name: 'daily 6', code: plan({ daily: 6 }), errors: [onlineErr(16, 16, /^daily retention in the vault is 6 days; the minimum is 7 days/)] },
    {
      name: 'daily 10000 (also more than 9,999 recovery points)',
      code: plan({ daily: 10000 }),
      errors: [onlineErr(16, 16, /is 10000 days; the maximum is 9999 days/)],
      alsoReported: ['online-recovery-points'],
    },
    { name: 'weekly 3', code: plan({ weekly: 3 }), errors: [onlineErr(17, 17, /is 3 weeks; the minimum is 4 weeks/)] },
    { name: 'monthly 2', code: plan({ monthly: 2 }), errors: [onlineErr(18, 18, /^monthly retention in the vault is 2 months; the minimum is 3 months/)] },
    { name: 'monthly 1189', code: plan({ monthly: 1189 }), errors: [onlineErr(18, 18, /is 1189 months; the maximum is 1188 months/)] },
    { name: 'yearly 0', code: plan({ yearly: 0 }), errors: [onlineErr(19, 17, /^yearly retention in the vault is 0 years; the minimum is 1 year/)] },
    { name: 'yearly 100', code: plan({ yearly: 100 }), errors: [onlineErr(19, 17, /is 100 years; the maximum is 99 years/)] },
    {
      name: 'every tier at once, in plan order',
      code: plan({ daily: 6, weekly: 5149, monthly: 1189, yearly: 100 }),
      errors: [onlineErr(16, 16, /daily/), onlineErr(17, 17, /weekly.*5149.*5148/), onlineErr(18, 18, /monthly/), onlineErr(19, 17, /yearly/)],
    },
  ],
});

// --- workload-unsupported --------------------------------------------------------------------

const wlErr = err('workload-unsupported');
ruleTester('workload-unsupported', {
  valid: [
    plan({ product: 'mars', type: 'files' }),
    plan({ product: 'mars', type: 'system-state' }),
    plan({ product: 'azure-vm-backup', type: 'azure-vm' }),
    plan({ product: 'dpm', type: 'hyperv-vm' }),
    plan({ product: 'dpm', type: 'vmware-vm' }),
    plan({ product: 'mabs', version: 'v3', type: 'vmware-vm' }),
    plan({ product: 'mabs', version: 'v2', type: 'vmware-vm' }),
    plan({ product: 'dpm', version: '2016', type: 'vmware-vm' }),
    plan({ product: 'dpm', version: '2012-r2', type: 'sql-server' }),
  ],
  invalid: [
    {
      name: 'MARS protecting SQL Server',
      code: plan({ product: 'mars', type: 'sql-server' }),
      errors: [
        spanning(wlErr(27, 11, /^workload "wl01" \(SQL Server\) on server "srv01": Azure Backup \(MARS\) agent does not protect SQL Server; it protects files and folders or system state/, [
          { line: 23, column: 14, message: /server "srv01" runs Azure Backup \(MARS\) agent/ },
        ]), 27, 21),
      ],
    },
    {
      name: 'Azure VM backup protecting files',
      code: plan({ product: 'azure-vm-backup', type: 'files' }),
      errors: [wlErr(27, 11, /\(files and folders\) on server "srv01": Azure IaaS VM backup does not protect files and folders; it protects Azure VMs/)],
    },
    {
      name: 'MABS protecting an Azure VM',
      code: plan({ product: 'mabs', type: 'azure-vm' }),
      errors: [wlErr(27, 11, /Azure Backup Server does not protect Azure VMs; .*use a server with product azure-vm-backup/)],
    },
    { name: 'VMware on DPM 2012-r2', code: plan({ product: 'dpm', version: '2012-r2', type: 'vmware-vm' }), errors: [wlErr(27, 11, /DPM 2012 R2 does not protect VMware VMs/)] },
    {
      // DPM 2012 SP1 needs Update Rollup 2 for the vault (server-deployment); the added line moves the workload down by one.
      name: 'VMware on DPM 2012-sp1',
      code: plan({ product: 'dpm', version: '2012-sp1', type: 'vmware-vm' }).replace('    version: 2012-sp1\n', '    version: 2012-sp1\n    updateRollup: 2\n'),
      errors: [wlErr(28, 11, /DPM 2012 SP1 UR2 does not protect VMware VMs/)],
    },
    { name: 'VMware on MABS v1 (fine on v3)', code: plan({ product: 'mabs', version: 'v1', type: 'vmware-vm' }), errors: [wlErr(27, 11, /MABS v1 does not protect VMware VMs/)] },
    {
      name: 'one finding per workload',
      code: plan({ product: 'mars', type: 'sql-server', extra: workload('wl02', 'exchange') }),
      errors: [wlErr(27, 11, /workload "wl01" \(SQL Server\)/), wlErr(33, 11, /workload "wl02" \(Exchange\)/)],
    },
  ],
});

// --- messages state the value found and the limit --------------------------------------------

/** Whole-number tokens, so that 5148 does not match inside 51480. */
const token = (value: string) => new RegExp(`(^|[^0-9A-Za-z])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^0-9A-Za-z])`);

describe('messages state the value found and the limit', () => {
  const cases: { ruleId: string; code: string; found: string; limit: string }[] = [
    { ruleId: 'online-frequency', code: plan({ times: ['08:00', '13:00', '21:00'] }), found: '3', limit: '2' },
    { ruleId: 'online-frequency', code: plan({ product: 'mars', times: times(4) }), found: '4', limit: '3' },
    { ruleId: 'disk-sync-frequency', code: plan({ type: 'sql-server', syncEvery: '10m' }), found: '10m', limit: '15m' },
    { ruleId: 'disk-sync-frequency', code: plan({ syncEvery: '30m' }), found: '30m', limit: '1h' },
    { ruleId: 'disk-sync-frequency', code: plan({ syncEvery: '48h' }), found: '48h', limit: '24h' },
    { ruleId: 'disk-recovery-points', code: plan({ recoveryPoints: times(1), retentionDays: 65 }), found: '65', limit: '64' },
    { ruleId: 'disk-recovery-points', code: plan({ type: 'sql-server', recoveryPoints: times(2), retentionDays: 225 }), found: '450', limit: '448' },
    { ruleId: 'disk-recovery-points', code: plan({ recoveryPoints: times(9), retentionDays: 1 }), found: '9', limit: '8' },
    { ruleId: 'disk-retention-range', code: plan({ retentionDays: 0 }), found: '0', limit: '1' },
    { ruleId: 'disk-retention-range', code: plan({ recoveryPoints: null, retentionDays: 449 }), found: '449', limit: '448' },
    { ruleId: 'online-retention-range', code: plan({ weekly: 5150 }), found: '5150', limit: '5148' },
    { ruleId: 'online-retention-range', code: plan({ product: 'mars', weekly: 5164 }), found: '5164', limit: '5163' },
    { ruleId: 'online-retention-range', code: plan({ daily: 6 }), found: '6', limit: '7' },
    { ruleId: 'online-retention-range', code: plan({ monthly: 1189 }), found: '1189', limit: '1188' },
    { ruleId: 'online-retention-range', code: plan({ yearly: 100 }), found: '100', limit: '99' },
    { ruleId: 'vault-name', code: plan({ vaultName: `${name50}y` }), found: '51', limit: '50' },
    { ruleId: 'vault-name', code: plan({ vaultName: 'a' }), found: '1', limit: '2' },
    { ruleId: 'tape-retention-range', code: plan({ product: 'dpm', tapeYears: 100 }), found: '100', limit: '99' },
    // Rules without a numeric limit state the value at fault and what is allowed instead.
    { ruleId: 'schema', code: plan({ version: 'v5' }), found: '"v5"', limit: 'v4' },
    { ruleId: 'duplicate-name', code: plan({ extra: workload('wl01', 'files') }), found: '"wl01"', limit: 'a name of its own' },
    { ruleId: 'unknown-reference', code: plan({ policy: 'nightly' }), found: '"nightly"', limit: 'pol01' },
    { ruleId: 'workload-unsupported', code: plan({ product: 'mars', type: 'sql-server' }), found: 'SQL Server', limit: 'files and folders or system state' },
    { ruleId: 'yaml-syntax', code: plan({ vaultName: '!!js/function "f"' }), found: 'js/function', limit: 'plain YAML values only' },
  ];
  for (const c of cases) {
    test(`${c.ruleId}: ${c.found} / ${c.limit}`, () => {
      const own = lintText(c.code).findings.filter((f) => f.ruleId === c.ruleId);
      assert.equal(own.length, 1, `one ${c.ruleId} finding`);
      const message = own[0]!.message;
      assert.match(message, token(c.found), 'the message states the value found');
      assert.match(message, token(c.limit), 'the message states the limit');
    });
  }

  test('passphrase-literal is the exception: it must never state the value', () => {
    const own = lintText(plan({ passphrase: LITERAL })).findings.filter((f) => f.ruleId === 'passphrase-literal');
    assert.equal(own.length, 1);
    assert.doesNotMatch(own[0]!.message, token(LITERAL));
  });

  test('every rule is covered by a table, here or in another test/*.test.ts', () => {
    const testDir = join(__dirname, '..', '..', 'test');
    const others = readdirSync(testDir)
      .filter((f) => f.endsWith('.test.ts') && f !== 'rules.test.ts')
      .map((f) => readFileSync(join(testDir, f), 'utf8'))
      .join('\n');
    assert.deepEqual(
      RULES.map((r) => r.meta.id).filter((id) => !tested.has(id) && !others.includes(`'${id}'`)),
      [],
    );
  });
});

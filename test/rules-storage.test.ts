/**
 * Table tests (RuleTester style) for the storage, tape, deployment and Linux rules: pool-disk-type,
 * pool-ntfs-compression, pool-deduplication, tape-unsupported, tape-retention-range,
 * cloud-server-protects-onprem, linux-unsupported and linux-consistency.
 *
 * Plans are built by `plan()`, one minimal valid plan with every overridable value on a fixed line,
 * so a position in a table reads straight off the template:
 *
 *   1  bplan: 1
 *   2  name: storage-test
 *   3  vault:
 *   4    name: rsv-storage-test
 *   5    region: westeurope
 *   6    encryption:
 *   7      passphrase: { env: BPLAN_PASSPHRASE }
 *   8  servers:
 *   9    - name: srv01                                        serverName      9:11
 *  10      product: mabs                                      product         10:14
 *  11      version: v3                                        version         11:14
 *  12      deployment: physical                               deployment      12:17
 *  13      tape: { enabled: false }                           tapeEnabled     13:22 (when set)
 *  14      storagePool:                                       (pool: false comments out lines 14-18)
 *  15        disks:
 *  16          - { name: disk01, sizeGB: 4000, type: fixed }  diskType        16:47
 *  17        ntfsCompression: false                           ntfsCompression 17:24
 *  18        deduplication: false                             deduplication   18:22
 *  19  policies:
 *  20    - name: pol01
 *  21      disk: { syncEvery: 24h, … }                        (DPM and MABS only)
 *  22      online:
 *  23        times: ["23:00"]
 *  24        retention: { daily: 30, weekly: 12 }
 *  25      tape: { retentionYears: 7 }                        tape key 25:5, tapeYears 25:29 (when set)
 *  26      consistency: application                          consistency     26:18 (when set)
 *  27  workloads:
 *  28    - name: wl01
 *  29      type: sql-server                                   type            29:11
 *  30      host: host01
 *  31      os: windows-server-2019                            os              31:9
 *  32      server: srv01
 *  33      policy: pol01
 *  34  (extra: raw lines appended here: more workloads)
 *
 * A value set to null is left out (its line becomes a comment), so lines never move.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../server/src/core';
import { at, describeFinding, finding as e, location as r, ruleTester, spanning } from './support/rule-tester';

interface PlanParts {
  product?: string;
  /** Defaults by product: dpm 2019, mabs v3, mars "2.0.9262.0", none for Azure VM backup. */
  version?: string | null;
  /** Defaults to physical on DPM and MABS, none otherwise. */
  deployment?: string | null;
  tapeEnabled?: boolean | null;
  /** false leaves the storage pool out (the default for MARS and Azure VM backup). */
  pool?: boolean;
  diskType?: string;
  ntfsCompression?: boolean;
  deduplication?: boolean;
  tapeYears?: number | null;
  consistency?: string | null;
  /** Defaults by product: sql-server on DPM and MABS, files on MARS, azure-vm on Azure VM backup. */
  type?: string;
  os?: string;
  extra?: string;
}

const DEFAULT_VERSION: Record<string, string | null> = { dpm: '2019', mabs: 'v3', mars: '"2.0.9262.0"', 'azure-vm-backup': null };
const DEFAULT_TYPE: Record<string, string> = { dpm: 'sql-server', mabs: 'sql-server', mars: 'files', 'azure-vm-backup': 'azure-vm' };

function plan(parts: PlanParts = {}): string {
  const product = parts.product ?? 'mabs';
  const dpmLike = product === 'dpm' || product === 'mabs';
  const version = parts.version === undefined ? (DEFAULT_VERSION[product] ?? null) : parts.version;
  const deployment = parts.deployment === undefined ? (dpmLike ? 'physical' : null) : parts.deployment;
  const pool = parts.pool ?? dpmLike;
  const line = (indent: number, key: string, value: unknown): string =>
    value === null || value === undefined ? `${' '.repeat(indent)}# no ${key}` : `${' '.repeat(indent)}${key}: ${value}`;
  const poolLine = (text: string) => (pool ? text : `      # no storage pool`);
  const lines = [
    'bplan: 1',
    'name: storage-test',
    'vault:',
    '  name: rsv-storage-test',
    '  region: westeurope',
    '  encryption:',
    '    passphrase: { env: BPLAN_PASSPHRASE }',
    'servers:',
    '  - name: srv01',
    line(4, 'product', product),
    line(4, 'version', version),
    line(4, 'deployment', deployment),
    parts.tapeEnabled === undefined || parts.tapeEnabled === null ? '    # no tape' : `    tape: { enabled: ${parts.tapeEnabled} }`,
    poolLine('    storagePool:'),
    poolLine('      disks:'),
    poolLine(`        - { name: disk01, sizeGB: 4000, type: ${parts.diskType ?? 'fixed'} }`),
    poolLine(`      ntfsCompression: ${parts.ntfsCompression ?? false}`),
    poolLine(`      deduplication: ${parts.deduplication ?? false}`),
    'policies:',
    '  - name: pol01',
    dpmLike ? '    disk: { syncEvery: 24h, recoveryPoints: ["20:00"], retentionDays: 7 }' : '    # no disk goals',
    '    online:',
    '      times: ["23:00"]',
    '      retention: { daily: 30, weekly: 12 }',
    parts.tapeYears === undefined || parts.tapeYears === null ? '    # no tape goals' : `    tape: { retentionYears: ${parts.tapeYears} }`,
    line(4, 'consistency', parts.consistency),
    'workloads:',
    '  - name: wl01',
    line(4, 'type', parts.type ?? DEFAULT_TYPE[product] ?? 'files'),
    '    host: host01',
    line(4, 'os', parts.os ?? 'windows-server-2019'),
    '    server: srv01',
    '    policy: pol01',
  ];
  return `${lines.join('\n')}\n${parts.extra ?? ''}`;
}

/** Another workload of server srv01 (or the one given), for the lines after 33. */
function workload(name: string, type: string, os = 'windows-server-2019', server = 'srv01', policy = 'pol01'): string {
  return [`  - name: ${name}`, `    type: ${type}`, `    host: ${name}-host`, `    os: ${os}`, `    server: ${server}`, `    policy: ${policy}`, ''].join('\n');
}

describe('storage plan() template', () => {
  test('the default plan lints clean, for every product', () => {
    for (const product of ['mabs', 'dpm', 'mars', 'azure-vm-backup']) {
      const code = plan({ product });
      assert.deepEqual(lintText(code).findings.map((f) => describeFinding(code, f)), [], product);
    }
  });
  test('values sit on the lines and columns the header gives', () => {
    const code = plan({ tapeEnabled: true, tapeYears: 7, consistency: 'file', product: 'dpm' });
    const lines = code.split('\n');
    const col = (line: number, text: string) => lines[line - 1]!.indexOf(text) + 1;
    assert.equal(col(10, 'dpm'), 14);
    assert.equal(col(11, '2019'), 14);
    assert.equal(col(12, 'physical'), 17);
    assert.equal(col(13, 'true'), 22);
    assert.equal(col(16, 'fixed'), 47);
    assert.equal(col(17, 'false'), 24);
    assert.equal(col(18, 'false'), 22);
    assert.equal(col(25, 'tape'), 5);
    assert.equal(col(25, '7'), 29);
    assert.equal(col(26, 'file'), 18);
    assert.equal(col(29, 'sql-server'), 11);
    assert.equal(col(31, 'windows-server-2019'), 9);
  });
});

// --- pool-disk-type ------------------------------------------------------------------------------

ruleTester('pool-disk-type', {
  valid: [plan({ diskType: 'fixed' }), plan({ diskType: 'vhd' }), plan({ product: 'dpm', version: '2012-r2', diskType: 'vhd' })],
  invalid: [
    {
      name: 'USB drive on MABS v3',
      code: plan({ diskType: 'usb' }),
      errors: [spanning(e(16, 47, /^storage pool disk "disk01" of server "srv01" is a USB drive; USB and removable drives are not supported in a MABS v3 storage pool: use a fixed local or SAN disk \(type: fixed\) or a VHD/), 16, 50)],
    },
    { name: 'removable drive on DPM 2019', code: plan({ product: 'dpm', diskType: 'removable' }), errors: [e(16, 47, /is a removable drive; .* in a DPM 2019 storage pool/)] },
    { name: 'NAS on MABS v1', code: plan({ version: 'v1', diskType: 'nas' }), errors: [e(16, 47, /is network-attached storage \(NAS\); NAS is not supported in a MABS v1 storage pool/)] },
  ],
});

// --- pool-ntfs-compression -----------------------------------------------------------------------

ruleTester('pool-ntfs-compression', {
  valid: [plan({ ntfsCompression: false }), plan({ product: 'dpm', ntfsCompression: false })],
  invalid: [
    {
      name: 'MABS v3',
      code: plan({ ntfsCompression: true }),
      errors: [spanning(e(17, 24, /^NTFS compression is on for the storage pool of server "srv01"; MABS v3 does not support NTFS compression on its volumes \(DPM and MABS, all versions\): turn compression off/), 17, 28)],
    },
    { name: 'DPM 2012 R2', code: plan({ product: 'dpm', version: '2012-r2', ntfsCompression: true }), errors: [e(17, 24, /DPM 2012 R2 does not support NTFS compression/)] },
  ],
});

// --- pool-deduplication --------------------------------------------------------------------------

ruleTester('pool-deduplication', {
  valid: [
    plan({ deployment: 'hyperv-vm', deduplication: true }),
    plan({ product: 'dpm', deployment: 'hyperv-vm', deduplication: true }),
    plan({ deployment: 'azure-vm', deduplication: false }),
    // No deployment given: bplan cannot tell, and says nothing.
    plan({ deployment: null, deduplication: true }),
  ],
  invalid: [
    {
      name: 'MABS as an Azure VM',
      code: plan({ deployment: 'azure-vm', deduplication: true }),
      errors: [
        spanning(
          e(18, 22, /^deduplication is on for the storage pool of server "srv01", which runs MABS v3 as an Azure VM; deduplication is not available in Azure/, [
            r(12, 17, /server "srv01" is deployed as an Azure VM/),
          ]),
          18,
          26,
        ),
      ],
    },
    { name: 'MABS as an Azure Stack VM', code: plan({ deployment: 'azure-stack-vm', deduplication: true }), errors: [e(18, 22, /as an Azure Stack VM; deduplication is not available in Azure/, [r(12, 17, /Azure Stack VM/)])] },
    {
      name: 'DPM on a physical server',
      code: plan({ product: 'dpm', deduplication: true }),
      errors: [e(18, 22, /runs DPM 2019 as a physical server; DPM\/MABS storage deduplication is documented only for a server running as a Hyper-V VM/, [r(12, 17, /physical server/)])],
    },
    { name: 'MABS as a VMware VM', code: plan({ deployment: 'vmware-vm', deduplication: true }), errors: [e(18, 22, /as a VMware VM; .*documented only for a server running as a Hyper-V VM/, [r(12, 17, /VMware VM/)])] },
  ],
});

// --- tape-unsupported ----------------------------------------------------------------------------

ruleTester('tape-unsupported', {
  valid: [
    plan({ product: 'dpm', tapeEnabled: true, tapeYears: 7 }),
    plan({ product: 'dpm', deployment: 'hyperv-vm', tapeEnabled: true, tapeYears: 7 }),
    plan({ product: 'dpm', tapeEnabled: true }),
    plan({ tapeEnabled: false }),
    plan({ product: 'dpm', deployment: 'azure-vm', tapeEnabled: false }),
  ],
  invalid: [
    {
      name: 'tape enabled on MABS',
      code: plan({ tapeEnabled: true }),
      errors: [
        spanning(
          e(13, 22, /^tape is enabled on server "srv01", but Azure Backup Server cannot back up to tape; only System Center DPM can: set tape.enabled: false/, [
            r(10, 14, /server "srv01" runs Azure Backup Server/),
          ]),
          13,
          26,
        ),
      ],
    },
    {
      name: 'tape enabled on MARS, and tape goals',
      code: plan({ product: 'mars', tapeEnabled: true, tapeYears: 7 }),
      errors: [
        e(13, 22, /Azure Backup \(MARS\) agent cannot back up to tape/, [r(10, 14, /MARS/)]),
        spanning(
          e(25, 5, /^policy "pol01" has tape goals, but workload "wl01" follows it on server "srv01", and Azure Backup \(MARS\) agent cannot back up to tape/, [r(10, 14, /MARS/)]),
          25,
          9,
        ),
      ],
    },
    {
      name: 'tape goals followed by a MABS workload',
      code: plan({ tapeYears: 7 }),
      errors: [e(25, 5, /^policy "pol01" has tape goals, but workload "wl01" follows it on server "srv01", and Azure Backup Server cannot back up to tape/, [r(10, 14, /Azure Backup Server/)])],
    },
    {
      name: 'tape goals followed by Azure VM backup',
      code: plan({ product: 'azure-vm-backup', tapeYears: 7 }),
      errors: [e(25, 5, /Azure IaaS VM backup cannot back up to tape/, [r(10, 14, /Azure IaaS VM backup/)])],
    },
    {
      name: 'tape enabled on DPM as an Azure VM: reported on the server, not again on the policy',
      code: plan({ product: 'dpm', deployment: 'azure-vm', tapeEnabled: true, tapeYears: 7 }),
      errors: [e(13, 22, /^tape is enabled on server "srv01", but DPM 2019 running as an Azure VM cannot write to tape; DPM writes to tape on premises only/, [r(12, 17, /deployed as an Azure VM/)])],
    },
    {
      name: 'tape goals on DPM as an Azure VM without tape',
      code: plan({ product: 'dpm', deployment: 'azure-vm', tapeYears: 7 }),
      errors: [e(25, 5, /DPM 2019 running as an Azure VM cannot write to tape/, [r(12, 17, /deployed as an Azure VM/)])],
    },
    {
      name: 'tape goals on DPM with tape disabled',
      code: plan({ product: 'dpm', tapeEnabled: false, tapeYears: 7 }),
      errors: [e(25, 5, /on server "srv01", which has no tape library enabled, so the tape goals do nothing there/, [r(13, 22, /tape is not enabled on server "srv01"/)])],
    },
    {
      name: 'tape goals on DPM with no tape key',
      code: plan({ product: 'dpm', tapeYears: 7 }),
      errors: [e(25, 5, /the tape goals do nothing there/, [r(9, 11, /server "srv01" has no tape: \{ enabled: true \}/)])],
    },
    {
      name: 'one finding per product, naming the first workload',
      code: plan({ tapeYears: 7, extra: workload('wl02', 'files') }),
      errors: [e(25, 5, /workload "wl01" follows it on server "srv01", and Azure Backup Server/, [r(10, 14, /Azure Backup Server/)])],
    },
  ],
});

// --- tape-retention-range ------------------------------------------------------------------------

ruleTester('tape-retention-range', {
  valid: [
    plan({ product: 'dpm', tapeEnabled: true, tapeYears: 1 }),
    plan({ product: 'dpm', tapeEnabled: true, tapeYears: 89 }),
  ],
  invalid: [
    {
      name: '0 years',
      code: plan({ product: 'dpm', tapeEnabled: true, tapeYears: 0 }),
      errors: [spanning(e(25, 29, /^tape retention is 0 years; the minimum is 1 year \(long-term protection on tape, System Center DPM\): keep tape data for 1 to 99 years/), 25, 30)],
    },
    {
      name: '100 years',
      code: plan({ product: 'dpm', tapeEnabled: true, tapeYears: 100 }),
      errors: [spanning(e(25, 29, /^tape retention is 100 years; the maximum is 99 years \(long-term protection on tape, System Center DPM\)/), 25, 32)],
    },
  ],
});

describe('tape-retention-range: boundaries and measurements', () => {
  const own = (code: string) => lintText(code).findings.filter((f) => f.ruleId === 'tape-retention-range');
  test('99 years, exactly the maximum, is within it: no finding, but approaching-limit reports it', () => {
    const code = plan({ product: 'dpm', tapeEnabled: true, tapeYears: 99 });
    const findings = lintText(code).findings;
    assert.deepEqual(own(code), []);
    const near = findings.filter((f) => f.ruleId === 'approaching-limit');
    assert.equal(near.length, 1);
    assert.deepEqual(at(code, near[0]!.span.start), { line: 25, column: 29 });
    assert.match(near[0]!.message, /retention on tape is 99 of at most 99 years/);
    assert.deepEqual(findings.filter((f) => f.ruleId !== 'approaching-limit'), []);
  });
  test('a policy only MABS workloads follow is left to tape-unsupported', () => {
    const code = plan({ tapeYears: 100 });
    assert.deepEqual(own(code), []);
    assert.ok(lintText(code).findings.some((f) => f.ruleId === 'tape-unsupported'));
  });
  test('a policy no workload follows is still checked', () => {
    const code = plan({ product: 'dpm', tapeEnabled: true, tapeYears: 150 }).replace('    policy: pol01', '    policy: pol02');
    const f = own(code);
    assert.equal(f.length, 1);
    assert.match(f[0]!.message, /150 years; the maximum is 99 years/);
  });
});

// --- cloud-server-protects-onprem ----------------------------------------------------------------

ruleTester('cloud-server-protects-onprem', {
  valid: [
    plan({ deployment: 'azure-vm', type: 'sql-server' }),
    plan({ deployment: 'azure-vm', type: 'files' }),
    plan({ product: 'dpm', deployment: 'azure-vm', type: 'exchange' }),
    plan({ deployment: 'physical', type: 'hyperv-vm' }),
    plan({ deployment: 'hyperv-vm', type: 'vmware-vm' }),
    plan({ deployment: 'azure-stack-vm', type: 'sql-server' }),
  ],
  invalid: [
    {
      name: 'MABS in Azure protecting a Hyper-V VM',
      code: plan({ deployment: 'azure-vm', type: 'hyperv-vm' }),
      errors: [
        spanning(
          e(29, 11, /^workload "wl01" \(Hyper-V VMs\) is on premises \(Hyper-V VMs run on an on-premises Hyper-V host\), but server "srv01" runs MABS v3 as an Azure VM, and DPM\/MABS running in Azure cannot back up on-premises machines: protect it with a DPM or MABS server on premises/, [
            r(12, 17, /server "srv01" is deployed as an Azure VM/),
          ]),
          29,
          20,
        ),
      ],
    },
    { name: 'DPM in Azure protecting a VMware VM', code: plan({ product: 'dpm', deployment: 'azure-vm', type: 'vmware-vm' }), errors: [e(29, 11, /\(VMware VMs\) is on premises .*runs DPM 2019 as an Azure VM/, [r(12, 17, /Azure VM/)])] },
    { name: 'MABS in Azure taking bare-metal backups', code: plan({ deployment: 'azure-vm', type: 'bare-metal' }), errors: [e(29, 11, /\(bare-metal recovery\) is on premises \(bare-metal recovery is for on-premises machines; Azure VMs do not support it\)/, [r(12, 17, /Azure VM/)])] },
    {
      name: 'one finding per on-premises workload, none for SQL Server',
      code: plan({ deployment: 'azure-vm', type: 'hyperv-vm', extra: workload('wl02', 'sql-server') + workload('wl03', 'vmware-vm') }),
      errors: [e(29, 11, /workload "wl01"/), e(41, 11, /workload "wl03" \(VMware VMs\)/)],
    },
  ],
});

// --- linux-unsupported ---------------------------------------------------------------------------

ruleTester('linux-unsupported', {
  valid: [
    plan({ product: 'dpm', type: 'hyperv-vm', os: 'rhel-9' }),
    plan({ product: 'dpm', type: 'vmware-vm', os: 'linux' }),
    plan({ product: 'dpm', version: '2016', type: 'vmware-vm', os: 'ubuntu-22.04' }),
    plan({ product: 'dpm', version: '2012-r2', type: 'hyperv-vm', os: 'ubuntu-22.04' }),
    plan({ version: 'v1', type: 'hyperv-vm', os: 'sles-15' }),
    plan({ version: 'v3', type: 'vmware-vm', os: 'ubuntu-22.04' }),
    plan({ version: 'v2', type: 'vmware-vm', os: 'debian-12' }),
    plan({ product: 'azure-vm-backup', os: 'ubuntu-22.04' }),
    plan({ product: 'azure-vm-backup', os: 'rhel-9' }),
  ],
  invalid: [
    {
      name: 'MARS on Linux',
      code: plan({ product: 'mars', os: 'ubuntu-22.04' }),
      errors: [
        spanning(
          e(31, 9, /^workload "wl01" \(files and folders\) runs ubuntu-22\.04, a Linux system, but the MARS agent runs only on Windows: protect the machine as a Hyper-V or VMware VM with DPM or MABS, or with Azure VM backup/, [
            r(10, 14, /server "srv01" runs Azure Backup \(MARS\) agent/),
          ]),
          31,
          21,
        ),
      ],
    },
    {
      name: 'DPM protecting a Linux host as files (fine as hyperv-vm)',
      code: plan({ product: 'dpm', type: 'files', os: 'rhel-9' }),
      errors: [e(31, 9, /runs rhel-9, a Linux system; DPM 2019 protects Linux only as a whole Hyper-V or VMware guest VM, file-consistent: protect the whole VM \(type hyperv-vm or vmware-vm\)$/, [r(10, 14, /System Center Data Protection Manager/)])],
    },
    {
      name: 'Linux SQL Server on MABS v3',
      code: plan({ type: 'sql-server', os: 'ubuntu-22.04' }),
      errors: [e(31, 9, /\(SQL Server\) runs ubuntu-22\.04, a Linux system; MABS v3 protects Linux only as a whole Hyper-V or VMware guest VM/, [r(10, 14, /Azure Backup Server/)])],
    },
    {
      name: 'Linux files on MABS v1: Hyper-V guests only',
      code: plan({ version: 'v1', type: 'files', os: 'ubuntu-22.04' }),
      errors: [e(31, 9, /MABS v1 protects Linux only as a whole Hyper-V guest VM, file-consistent: protect the whole VM \(type hyperv-vm\)$/, [r(10, 14, /Azure Backup Server/)])],
    },
    {
      name: 'Linux VMware guest on DPM 2012 R2',
      code: plan({ product: 'dpm', version: '2012-r2', type: 'vmware-vm', os: 'ubuntu-22.04' }),
      errors: [e(31, 9, /^workload "wl01" \(VMware VMs\) runs ubuntu-22\.04, a Linux system; DPM 2012 R2 protects Linux only as a Hyper-V guest VM \(documented for DPM 2012 SP1\/R2 and MABS v1/, [r(10, 14, /System Center Data Protection Manager/)])],
      alsoReported: ['workload-unsupported'],
    },
    {
      name: 'Linux VMware guest on DPM 2012 SP1',
      // Update Rollup 2 is what DPM 2012 SP1 needs for the vault; it takes the line of the (absent) tape key.
      code: plan({ product: 'dpm', version: '2012-sp1', type: 'vmware-vm', os: 'linux' }).replace('    # no tape\n', '    updateRollup: 2\n'),
      errors: [e(31, 9, /DPM 2012 SP1 UR2 protects Linux only as a Hyper-V guest VM/, [r(10, 14, /Data Protection Manager/)])],
      alsoReported: ['workload-unsupported'],
    },
    {
      name: 'Linux VMware guest on MABS v1',
      code: plan({ version: 'v1', type: 'vmware-vm', os: 'rhel-9' }),
      errors: [e(31, 9, /MABS v1 protects Linux only as a Hyper-V guest VM/, [r(10, 14, /Azure Backup Server/)])],
      alsoReported: ['workload-unsupported'],
    },
    {
      name: 'Linux VMware guest on DPM with no version: DPM 2012 R2 is assumed',
      code: plan({ product: 'dpm', version: null, type: 'vmware-vm', os: 'ubuntu-22.04' }),
      errors: [e(31, 9, /DPM protects Linux only as a Hyper-V guest VM .*\(no version given: bplan assumes DPM 2012 R2, the version the source documents describe\)$/, [r(10, 14, /Data Protection Manager/)])],
      alsoReported: ['schema'],
    },
    {
      name: 'Linux machine on MABS running as an Azure VM: a Linux Azure VM',
      code: plan({ deployment: 'azure-vm', type: 'files', os: 'rhel-9' }),
      errors: [e(31, 9, /runs rhel-9, a Linux system, on server "srv01", which runs MABS v3 as an Azure VM; DPM and MABS cannot back up Linux Azure VMs: protect the VM with Azure VM backup/, [r(10, 14, /Azure Backup Server/)])],
    },
    {
      name: 'a Linux Azure VM on MABS is left to workload-unsupported',
      code: plan({ type: 'azure-vm', os: 'ubuntu-22.04' }),
      errors: [],
      alsoReported: ['workload-unsupported'],
    },
    {
      name: 'a Linux Hyper-V guest on MABS in Azure is left to cloud-server-protects-onprem',
      code: plan({ deployment: 'azure-vm', type: 'hyperv-vm', os: 'ubuntu-22.04' }),
      errors: [],
      alsoReported: ['cloud-server-protects-onprem'],
    },
    {
      name: 'one finding per Linux workload',
      code: plan({ product: 'mars', os: 'ubuntu-22.04', extra: workload('wl02', 'files') + workload('wl03', 'system-state', 'rhel-9') }),
      errors: [e(31, 9, /workload "wl01"/), e(43, 9, /workload "wl03" \(system state\) runs rhel-9/)],
    },
  ],
});

// --- linux-consistency ---------------------------------------------------------------------------

ruleTester('linux-consistency', {
  valid: [
    plan({ type: 'hyperv-vm', os: 'ubuntu-22.04', consistency: 'file' }),
    plan({ type: 'hyperv-vm', os: 'ubuntu-22.04' }),
    plan({ type: 'hyperv-vm', consistency: 'application' }),
    plan({ product: 'dpm', type: 'vmware-vm', consistency: 'application' }),
    plan({ product: 'azure-vm-backup', os: 'windows-server-2022', consistency: 'application' }),
    plan({ product: 'azure-vm-backup', os: 'ubuntu-22.04', consistency: 'file' }),
  ],
  invalid: [
    {
      name: 'MABS v3, a Linux Hyper-V guest',
      code: plan({ type: 'hyperv-vm', os: 'ubuntu-22.04', consistency: 'application' }),
      errors: [
        spanning(
          e(26, 18, /^policy "pol01" asks for application-consistent backups, but MABS v3 takes only file-consistent backups of Linux guest VMs, and workload "wl01" \(ubuntu-22\.04\) on server "srv01" follows it: set consistency: file/, [
            r(31, 9, /workload "wl01" runs ubuntu-22\.04, a Linux system/),
          ]),
          26,
          29,
        ),
      ],
    },
    {
      name: 'DPM 2012 R2, a Linux Hyper-V guest',
      code: plan({ product: 'dpm', version: '2012-r2', type: 'hyperv-vm', os: 'linux', consistency: 'application' }),
      errors: [e(26, 18, /DPM 2012 R2 takes only file-consistent backups of Linux guest VMs/, [r(31, 9, /runs linux/)])],
    },
    {
      name: 'one finding per server, listing each Linux guest; Windows guests are not listed',
      code: plan({ type: 'vmware-vm', os: 'sles-15', consistency: 'application', extra: workload('wl02', 'hyperv-vm') + workload('wl03', 'hyperv-vm', 'rhel-9') }),
      errors: [e(26, 18, /workloads "wl01" \(sles-15\) and "wl03" \(rhel-9\) on server "srv01" follow it/, [r(31, 9, /wl01/), r(43, 9, /wl03/)])],
    },
    {
      name: 'Azure VM backup of a Linux VM: custom scripts needed',
      code: plan({ product: 'azure-vm-backup', os: 'ubuntu-22.04', consistency: 'application' }),
      errors: [
        e(26, 18, /^policy "pol01" asks for application-consistent backups, but Azure VM backup takes file-consistent backups of Linux VMs, and workload "wl01" \(ubuntu-22\.04\) follows it; application consistency for Linux needs custom pre\/post scripts/, [
          r(31, 9, /ubuntu-22\.04/),
        ]),
      ],
    },
    {
      name: 'Linux files on MABS are linux-unsupported, not linux-consistency',
      code: plan({ type: 'files', os: 'ubuntu-22.04', consistency: 'application' }),
      errors: [],
      alsoReported: ['linux-unsupported'],
    },
  ],
});

describe('rule options and suppressions', () => {
  test('a finding of linux-consistency can be suppressed with a reason once scripts are in place', () => {
    const code = plan({ product: 'azure-vm-backup', os: 'ubuntu-22.04', consistency: 'application' }).replace(
      '    consistency: application',
      '    # bplan-disable-next-line linux-consistency -- pre/post scripts deployed to every Linux VM\n    consistency: application',
    );
    assert.deepEqual(lintText(code).findings.map((f) => describeFinding(code, f)), []);
  });
  test('pool-deduplication can be turned off in the configuration', () => {
    const code = plan({ product: 'dpm', deduplication: true });
    assert.equal(lintText(code).findings.filter((f) => f.ruleId === 'pool-deduplication').length, 1);
    assert.deepEqual(lintText(code, { config: { rules: { 'pool-deduplication': 'off' } } }).findings, []);
  });
});

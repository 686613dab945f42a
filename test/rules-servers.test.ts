/**
 * Table tests for the server rules (server-os, server-deployment, server-hardware and the mabs-*
 * rules), in the style of rules.test.ts: `valid` plans lint clean, `invalid` plans give exactly
 * the findings listed (1-based line and column of the start, and a message pattern). Plans come
 * from `serverPlan()`, which puts every server key on a fixed line, so positions read straight off
 * the template:
 *
 *   1  bplan: 1
 *   2  name: servers-test
 *   3  vault:
 *   4    name: rsv-servers-test
 *   5    encryption:
 *   6      passphrase: { env: BPLAN_PASSPHRASE }
 *   7  policies:
 *   8    - name: pol01
 *   9      disk: { ... }                     (only for DPM and MABS)
 *  10      online: { ... }                   (online: false comments it out)
 *  11  servers:
 *  12    - name: srv01
 *  13      product: mabs                     product          13:14
 *  14      version: v3                       version          14:14
 *  15      updateRollup: 2                   updateRollup     15:19
 *  16      deployment: physical              deployment       16:17 (key 16:5)
 *  17      os: windows-server-2019           os               17:9
 *  18      edition: standard                 edition          18:14
 *  19      locale: en-US                     locale           19:13
 *  20      domainJoined: true                domainJoined     20:19
 *  21      domainController: false           domainController 21:23
 *  22      sql: local                        sql              22:10
 *  23      installedAgents: [a, b]           first item       23:23
 *  24      hardware:
 *  25        cores: 8                        cores            25:14
 *  26        memoryGB: 16                    memoryGB         26:17
 *  27  workloads:                            (workloads: false comments out 27-33)
 *  28    - name: wl01
 *  29      type: files
 *  30      host: host01                      host             30:11
 *  31      os: windows-server-2019
 *  32      server: srv01                     server           32:13
 *  33      policy: pol01
 *  34  (extra: raw lines appended here)
 *
 * A server key left undefined is not written (its line becomes a comment), so lines never move.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../server/src/core';
import { at, describeFinding, finding as e, location as r, ruleTester } from './support/rule-tester';

interface ServerParts {
  product?: string;
  /** Defaults by product: dpm 2019, mabs v3, mars "2.0.9262.0", none for Azure VM backup; null leaves it out. */
  version?: string | null;
  updateRollup?: number;
  deployment?: string;
  os?: string;
  edition?: string;
  locale?: string;
  domainJoined?: boolean;
  domainController?: boolean;
  sql?: string;
  installedAgents?: string[];
  cores?: number;
  memoryGB?: number;
  /** false leaves the policy's online goals out. */
  online?: boolean;
  /** false leaves the workload out (for servers in Azure, which protect no on-premises data). */
  workloads?: boolean;
  /** null leaves the workload's host out. */
  host?: string | null;
  extra?: string;
}

const DEFAULT_VERSION: Record<string, string | null> = { dpm: '2019', mabs: 'v3', mars: '"2.0.9262.0"', 'azure-vm-backup': null };

function serverPlan(parts: ServerParts = {}): string {
  const product = parts.product ?? 'mabs';
  const dpmLike = product === 'mabs' || product === 'dpm';
  const version = parts.version === undefined ? DEFAULT_VERSION[product] : parts.version;
  const line = (indent: number, key: string, value: unknown): string =>
    value === null || value === undefined ? `${' '.repeat(indent)}# no ${key}` : `${' '.repeat(indent)}${key}: ${String(value)}`;
  const hasHardware = parts.cores !== undefined || parts.memoryGB !== undefined;
  const withWorkload = parts.workloads !== false;
  const host = parts.host === undefined ? 'host01' : parts.host;
  const lines = [
    'bplan: 1',
    'name: servers-test',
    'vault:',
    '  name: rsv-servers-test',
    '  encryption:',
    '    passphrase: { env: BPLAN_PASSPHRASE }',
    'policies:',
    '  - name: pol01',
    dpmLike ? '    disk: { syncEvery: 1h, recoveryPoints: ["08:00"], retentionDays: 14 }' : '    # no disk goals',
    parts.online === false ? '    # no online goals' : '    online: { times: ["21:00"], retention: { daily: 30, weekly: 12 } }',
    'servers:',
    '  - name: srv01',
    line(4, 'product', product),
    line(4, 'version', version),
    line(4, 'updateRollup', parts.updateRollup),
    line(4, 'deployment', parts.deployment),
    line(4, 'os', parts.os),
    line(4, 'edition', parts.edition),
    line(4, 'locale', parts.locale),
    line(4, 'domainJoined', parts.domainJoined),
    line(4, 'domainController', parts.domainController),
    line(4, 'sql', parts.sql),
    line(4, 'installedAgents', parts.installedAgents && `[${parts.installedAgents.join(', ')}]`),
    hasHardware ? '    hardware:' : '    # no hardware',
    line(6, 'cores', parts.cores),
    line(6, 'memoryGB', parts.memoryGB),
    withWorkload ? 'workloads:' : '# no workloads',
    withWorkload ? '  - name: wl01' : '#',
    withWorkload ? `    type: ${product === 'azure-vm-backup' ? 'azure-vm' : 'files'}` : '#',
    withWorkload ? line(4, 'host', host) : '#',
    withWorkload ? '    os: windows-server-2019' : '#',
    withWorkload ? '    server: srv01' : '#',
    withWorkload ? '    policy: pol01' : '#',
  ];
  return `${lines.join('\n')}\n${parts.extra ?? ''}`;
}

/** Another workload of srv01, for the lines after 33 (6 lines each). */
function workload(name: string, host: string | null): string {
  return [`  - name: ${name}`, '    type: files', host === null ? '    # no host' : `    host: ${host}`, '    os: windows-server-2019', '    server: srv01', '    policy: pol01', ''].join('\n');
}

// ---------------------------------------------------------------------------------------------

describe('serverPlan() template', () => {
  test('is a clean plan, with each value where the header says', () => {
    const code = serverPlan({
      updateRollup: 2,
      deployment: 'physical',
      os: 'windows-server-2019',
      edition: 'standard',
      locale: 'en-US',
      domainJoined: true,
      domainController: false,
      sql: 'local',
      installedAgents: [],
      cores: 8,
      memoryGB: 16,
    });
    assert.deepEqual(lintText(code).findings.map((f) => describeFinding(code, f)), []);
    const where = (needle: string) => at(code, code.indexOf(needle) + needle.length);
    assert.deepEqual(where('product: '), { line: 13, column: 14 });
    assert.deepEqual(where('version: '), { line: 14, column: 14 });
    assert.deepEqual(where('updateRollup: '), { line: 15, column: 19 });
    assert.deepEqual(where('deployment: '), { line: 16, column: 17 });
    assert.deepEqual(where('    os: '), { line: 17, column: 9 });
    assert.deepEqual(where('edition: '), { line: 18, column: 14 });
    assert.deepEqual(where('locale: '), { line: 19, column: 13 });
    assert.deepEqual(where('domainJoined: '), { line: 20, column: 19 });
    assert.deepEqual(where('domainController: '), { line: 21, column: 23 });
    assert.deepEqual(where('sql: '), { line: 22, column: 10 });
    assert.deepEqual(where('installedAgents: ['), { line: 23, column: 23 });
    assert.deepEqual(where('cores: '), { line: 25, column: 14 });
    assert.deepEqual(where('memoryGB: '), { line: 26, column: 17 });
    assert.deepEqual(where('host: '), { line: 30, column: 11 });
    assert.deepEqual(where('server: '), { line: 32, column: 13 });
    assert.equal(code.split('\n').length, 34, 'extra text starts on line 34');
  });

  test('keeps every line in place when parts are left out', () => {
    for (const product of ['mabs', 'dpm', 'mars', 'azure-vm-backup']) {
      const code = serverPlan({ product });
      assert.equal(code.split('\n').length, 34, product);
      assert.deepEqual(lintText(code).findings.map((f) => describeFinding(code, f)), [], `serverPlan({ product: ${product} }) is clean`);
    }
    const bare = serverPlan({ workloads: false, online: false });
    assert.equal(bare.split('\n').length, 34);
    assert.deepEqual(lintText(bare).findings.map((f) => describeFinding(bare, f)), []);
  });
});

// --- server-os -------------------------------------------------------------------------------

ruleTester('server-os', {
  valid: [
    { name: 'MABS v1 on WS2008 R2 SP1 (seed 001)', code: serverPlan({ version: 'v1', os: 'windows-server-2008-r2-sp1' }) },
    { name: 'MABS v1 on WS2012', code: serverPlan({ version: 'v1', os: 'windows-server-2012' }) },
    { name: 'MABS v1 on WS2012 R2', code: serverPlan({ version: 'v1', os: 'windows-server-2012-r2' }) },
    { name: 'MABS v2 on WS2012 R2', code: serverPlan({ version: 'v2', os: 'windows-server-2012-r2' }) },
    { name: 'MABS v2 on WS2016', code: serverPlan({ version: 'v2', os: 'windows-server-2016' }) },
    { name: 'MABS v3 on WS2016', code: serverPlan({ version: 'v3', os: 'windows-server-2016' }) },
    { name: 'MABS v3 on WS2019', code: serverPlan({ version: 'v3', os: 'windows-server-2019', edition: 'datacenter' }) },
    { name: 'MABS v4 on WS2019', code: serverPlan({ version: 'v4', os: 'windows-server-2019' }) },
    { name: 'MABS v4 on WS2022', code: serverPlan({ version: 'v4', os: 'windows-server-2022' }) },
    { name: 'MABS v4 on WS2025 (newer than the source)', code: serverPlan({ version: 'v4', os: 'windows-server-2025' }) },
    { name: 'DPM 2012 R2 on WS2012 R2 (no OS list found)', code: serverPlan({ product: 'dpm', version: '2012-r2', updateRollup: 14, os: 'windows-server-2012-r2' }) },
    { name: 'DPM 2016 on WS2012 R2', code: serverPlan({ product: 'dpm', version: '2016', os: 'windows-server-2012-r2' }) },
    { name: 'DPM 2019 on WS2016', code: serverPlan({ product: 'dpm', version: '2019', os: 'windows-server-2016' }) },
    { name: 'DPM 2019 UR1 on Server Core', code: serverPlan({ product: 'dpm', version: '2019', updateRollup: 1, os: 'windows-server-2019', edition: 'server-core' }) },
    { name: 'DPM 2022 on WS2019 Server Core', code: serverPlan({ product: 'dpm', version: '2022', os: 'windows-server-2019', edition: 'server-core' }) },
    { name: 'DPM on Hyper-V Server is not restricted by the sources', code: serverPlan({ product: 'dpm', version: '2016', os: 'windows-server-2016', edition: 'hyper-v-server' }) },
    { name: 'MARS on Windows 10 (its OS list is not checked)', code: serverPlan({ product: 'mars', os: 'windows-10', host: 'srv01' }) },
    { name: 'MARS on Hyper-V Server', code: serverPlan({ product: 'mars', os: 'windows-server-2019', edition: 'hyper-v-server', host: 'srv01' }) },
    { name: 'Azure VM backup is not installed anywhere', code: serverPlan({ product: 'azure-vm-backup', workloads: false }) },
  ],
  invalid: [
    {
      name: 'MABS v3 on WS2012 R2 (later A8/A2 text over the first A2a matrix)',
      code: serverPlan({ version: 'v3', os: 'windows-server-2012-r2' }),
      errors: [e(17, 9, /^MABS v3 is not supported on Windows Server 2012 R2; it installs on Windows Server 2016 or Windows Server 2019 \(A8\)/, [r(14, 14, /MABS v3 installs on/)])],
    },
    {
      name: 'MABS v4 on WS2016',
      code: serverPlan({ version: 'v4', os: 'windows-server-2016' }),
      errors: [e(17, 9, /^MABS v4 is not supported on Windows Server 2016; it installs on Windows Server 2019 or Windows Server 2022 \(A2\)/)],
    },
    {
      name: 'MABS v2 on WS2019',
      code: serverPlan({ version: 'v2', os: 'windows-server-2019' }),
      errors: [e(17, 9, /^MABS v2 is not supported on Windows Server 2019; it installs on Windows Server 2012 R2 or Windows Server 2016 \(A18\)/)],
    },
    {
      name: 'MABS v1 on WS2016',
      code: serverPlan({ version: 'v1', os: 'windows-server-2016' }),
      errors: [e(17, 9, /^MABS v1 is not supported on Windows Server 2016; it installs on Windows Server 2008 R2 SP1, Windows Server 2012 or Windows Server 2012 R2 \(seed 001\)/)],
    },
    {
      name: 'MABS v3 on a client OS',
      code: serverPlan({ version: 'v3', os: 'windows-11' }),
      errors: [e(17, 9, /^MABS v3 is not supported on Windows 11, a client operating system; it installs on/)],
    },
    {
      name: 'MABS without a version is checked as v1',
      code: serverPlan({ version: null, os: 'windows-server-2019' }),
      errors: [e(17, 9, /^MABS v1 is not supported on Windows Server 2019; .*\(no version given: bplan assumes MABS v1, the version the source documents describe\)$/, [r(13, 14, /MABS v1 \(assumed\) installs on/)])],
      alsoReported: ['schema'],
    },
    {
      name: 'MABS on Server Core',
      code: serverPlan({ version: 'v3', os: 'windows-server-2019', edition: 'server-core' }),
      errors: [e(18, 14, /^MABS v3 cannot be installed on Windows Server Core \(A2\)/, [r(14, 14, /does not support Windows Server Core/)])],
    },
    {
      name: 'MABS on Hyper-V Server',
      code: serverPlan({ version: 'v4', os: 'windows-server-2022', edition: 'hyper-v-server' }),
      errors: [e(18, 14, /^MABS v4 cannot be installed on Microsoft Hyper-V Server \(A2\)/)],
    },
    {
      name: 'both OS and edition wrong: two findings',
      code: serverPlan({ version: 'v4', os: 'windows-server-2016', edition: 'server-core' }),
      errors: [e(17, 9, /^MABS v4 is not supported on Windows Server 2016/), e(18, 14, /^MABS v4 cannot be installed on Windows Server Core/)],
    },
    {
      name: 'MARS on Server Core',
      code: serverPlan({ product: 'mars', os: 'windows-server-2019', edition: 'server-core', host: 'srv01' }),
      errors: [e(18, 14, /^the MARS agent cannot be installed on Windows Server Core \(A3\)/, [r(13, 14, /^MARS does not support/)])],
    },
    {
      name: 'DPM 2019 on Server Core without an update rollup',
      code: serverPlan({ product: 'dpm', version: '2019', os: 'windows-server-2019', edition: 'server-core' }),
      errors: [e(18, 14, /^DPM 2019 supports Windows Server Core only from Update Rollup 1 \(S12\), and no updateRollup is given/, [r(14, 14, /DPM 2019 supports Windows Server Core from Update Rollup 1/)])],
    },
    {
      name: 'DPM 2019 UR0 on Server Core',
      code: serverPlan({ product: 'dpm', version: '2019', updateRollup: 0, os: 'windows-server-2019', edition: 'server-core' }),
      errors: [e(18, 14, /and updateRollup is 0: install Update Rollup 1 or later/, [r(15, 19, /Update Rollup 0 is installed/)])],
    },
    {
      name: 'DPM 2019 on WS2012 R2 (not applicable for DPM 2019)',
      code: serverPlan({ product: 'dpm', version: '2019', os: 'windows-server-2012-r2' }),
      errors: [e(17, 9, /^DPM 2019 is not supported on Windows Server 2012 R2; it installs on Windows Server 2016 or Windows Server 2019 \(S12\)/)],
    },
    {
      name: 'DPM 2016 on WS2019',
      code: serverPlan({ product: 'dpm', version: '2016', os: 'windows-server-2019' }),
      errors: [e(17, 9, /^DPM 2016 is not supported on Windows Server 2019; .*\(S10\)/)],
    },
    {
      name: 'DPM 2022 on WS2016',
      code: serverPlan({ product: 'dpm', version: '2022', os: 'windows-server-2016' }),
      errors: [e(17, 9, /^DPM 2022 is not supported on Windows Server 2016; it installs on Windows Server 2019 or Windows Server 2022 \(S11\)/)],
    },
    {
      name: 'DPM 2012 R2 on a client OS (no OS list, still a server product)',
      code: serverPlan({ product: 'dpm', version: '2012-r2', updateRollup: 14, os: 'windows-8.1' }),
      errors: [e(17, 9, /^DPM 2012 R2 is a server product and is not supported on Windows 8\.1, a client operating system: install it on Windows Server$/)],
    },
  ],
});

// --- server-deployment -----------------------------------------------------------------------

const dpm2012 = (parts: ServerParts) => serverPlan({ product: 'dpm', version: '2012-r2', ...parts });

ruleTester('server-deployment', {
  valid: [
    { name: 'DPM 2012 R2 UR3 on an Azure VM', code: dpm2012({ updateRollup: 3, deployment: 'azure-vm', workloads: false }) },
    { name: 'DPM 2012 R2 UR5 on a VMware VM', code: dpm2012({ updateRollup: 5, deployment: 'vmware-vm' }) },
    { name: 'DPM 2012 R2 without a rollup, physical', code: dpm2012({ deployment: 'physical' }) },
    { name: 'DPM 2012 R2 without a rollup, Hyper-V VM', code: dpm2012({ deployment: 'hyperv-vm' }) },
    { name: 'DPM 2016 on an Azure VM without a rollup', code: serverPlan({ product: 'dpm', version: '2016', deployment: 'azure-vm', workloads: false }) },
    { name: 'DPM 2016 on a VMware VM without a rollup', code: serverPlan({ product: 'dpm', version: '2016', deployment: 'vmware-vm' }) },
    { name: 'DPM 2012 SP1 UR2 sending to the vault', code: serverPlan({ product: 'dpm', version: '2012-sp1', updateRollup: 2, deployment: 'physical' }) },
    { name: 'DPM 2012 SP1 without a rollup, disk only', code: serverPlan({ product: 'dpm', version: '2012-sp1', online: false }) },
    { name: 'DPM 2012 SP1 without a rollup and without workloads', code: serverPlan({ product: 'dpm', version: '2012-sp1', workloads: false }) },
    { name: 'MABS on Azure Stack', code: serverPlan({ deployment: 'azure-stack-vm', workloads: false }) },
    { name: 'MABS v1 on a VMware VM', code: serverPlan({ version: 'v1', deployment: 'vmware-vm' }) },
    { name: 'Azure VM backup without deployment', code: serverPlan({ product: 'azure-vm-backup' }) },
  ],
  invalid: [
    {
      name: 'DPM 2012 R2 UR2 on an Azure VM',
      code: dpm2012({ updateRollup: 2, deployment: 'azure-vm', workloads: false }),
      errors: [e(15, 19, /^DPM 2012 R2 runs as an Azure VM only with Update Rollup 3 or later \(seed 000\), and updateRollup is 2: install Update Rollup 3 or later$/, [r(16, 17, /deployed as an Azure VM/), r(14, 14, /DPM 2012 R2 needs Update Rollup 3 as an Azure VM/)])],
    },
    {
      name: 'DPM 2012 R2 on an Azure VM without a rollup',
      code: dpm2012({ deployment: 'azure-vm', workloads: false }),
      errors: [e(16, 17, /Update Rollup 3 or later \(seed 000\), and no updateRollup is given/, [r(14, 14, /needs Update Rollup 3/)])],
    },
    {
      name: 'DPM 2012 R2 UR4 on a VMware VM',
      code: dpm2012({ updateRollup: 4, deployment: 'vmware-vm' }),
      errors: [e(15, 19, /^DPM 2012 R2 runs as a VMware VM only with Update Rollup 5 or later \(seed 000\), and updateRollup is 4/)],
    },
    {
      name: 'DPM without a version on an Azure VM is checked as 2012 R2',
      code: serverPlan({ product: 'dpm', version: null, deployment: 'azure-vm', workloads: false }),
      errors: [e(16, 17, /^DPM 2012 R2 runs as an Azure VM only with Update Rollup 3 .*\(no version given: bplan assumes DPM 2012 R2, the version the source documents describe\)$/, [r(13, 14, /DPM 2012 R2 \(assumed\)/)])],
      alsoReported: ['schema'],
    },
    {
      name: 'DPM 2012 SP1 on an Azure VM',
      code: serverPlan({ product: 'dpm', version: '2012-sp1', updateRollup: 2, deployment: 'azure-vm', workloads: false }),
      errors: [e(16, 17, /^DPM 2012 SP1 cannot run as an Azure VM; that needs System Center 2012 R2 with Update Rollup 3/, [r(14, 14, /DPM 2012 SP1 is installed/)])],
    },
    {
      name: 'DPM 2012 SP1 on a VMware VM',
      code: serverPlan({ product: 'dpm', version: '2012-sp1', updateRollup: 2, deployment: 'vmware-vm' }),
      errors: [e(16, 17, /^DPM 2012 SP1 cannot run as a VMware VM; that needs System Center 2012 R2 with Update Rollup 5/)],
    },
    {
      name: 'DPM 2012 SP1 UR1 sending to the vault',
      code: serverPlan({ product: 'dpm', version: '2012-sp1', updateRollup: 1 }),
      errors: [e(15, 19, /^DPM 2012 SP1 needs Update Rollup 2 before the Azure Backup agent can be installed \(seed 000\), and updateRollup is 1/, [r(14, 14, /DPM 2012 SP1 is installed/), r(10, 5, /policy "pol01" of workload "wl01" sends backups to the vault/)])],
    },
    {
      name: 'DPM 2012 SP1 without a rollup sending to the vault',
      code: serverPlan({ product: 'dpm', version: '2012-sp1' }),
      errors: [e(14, 14, /and no updateRollup is given: install Update Rollup 2 or later before backing up to the vault$/, [r(10, 5, /sends backups to the vault/)])],
    },
    {
      name: 'DPM on Azure Stack',
      code: serverPlan({ product: 'dpm', version: '2022', deployment: 'azure-stack-vm', workloads: false }),
      errors: [e(16, 17, /^DPM cannot run as an Azure Stack VM; only Azure Backup Server \(MABS\) can \(A2\)/, [r(13, 14, /runs System Center Data Protection Manager/)])],
    },
    {
      name: 'Azure VM backup with a deployment (reported on the key)',
      code: serverPlan({ product: 'azure-vm-backup', deployment: 'azure-vm' }),
      errors: [e(16, 5, /^deployment has no meaning for Azure VM backup/)],
    },
  ],
});

// --- server-hardware -------------------------------------------------------------------------

ruleTester('server-hardware', {
  valid: [
    { name: 'MABS v1 on premises at 2 cores, 4 GB', code: serverPlan({ version: 'v1', deployment: 'physical', cores: 2, memoryGB: 4 }) },
    { name: 'MABS v2 without deployment at 2 cores, 4 GB', code: serverPlan({ version: 'v2', cores: 2, memoryGB: 4 }) },
    { name: 'MABS v3 on premises at 2 cores, 8 GB', code: serverPlan({ version: 'v3', deployment: 'hyperv-vm', cores: 2, memoryGB: 8 }) },
    { name: 'MABS v4 on premises at 2 cores, 8 GB', code: serverPlan({ version: 'v4', deployment: 'vmware-vm', cores: 2, memoryGB: 8 }) },
    { name: 'MABS v2 on an Azure VM at 2 cores, 3.5 GB', code: serverPlan({ version: 'v2', deployment: 'azure-vm', cores: 2, memoryGB: 3.5, workloads: false }) },
    { name: 'MABS v3 on an Azure VM at 4 cores, 8 GB', code: serverPlan({ version: 'v3', deployment: 'azure-vm', cores: 4, memoryGB: 8, workloads: false }) },
    { name: 'MABS on Azure Stack is not checked', code: serverPlan({ version: 'v3', deployment: 'azure-stack-vm', cores: 1, memoryGB: 2, workloads: false }) },
    { name: 'DPM 2022 at 4 cores, 4 GB', code: serverPlan({ product: 'dpm', version: '2022', cores: 4, memoryGB: 4 }) },
    { name: 'DPM 2019 has no catalogued minimum', code: serverPlan({ product: 'dpm', version: '2019', cores: 1, memoryGB: 2 }) },
    { name: 'MARS is not checked', code: serverPlan({ product: 'mars', cores: 1, memoryGB: 2, host: 'srv01' }) },
  ],
  invalid: [
    {
      name: 'MABS v3 on premises, one core below',
      code: serverPlan({ version: 'v3', deployment: 'physical', cores: 1, memoryGB: 8 }),
      errors: [e(25, 14, /^hardware\.cores is 1; MABS v3 needs at least 2 cores \(Azure Backup Server on premises \(physical, Hyper-V or VMware VM\), all versions\)/, [r(14, 14, /MABS v3 needs at least 2 cores/), r(16, 17, /deployed on premises/)])],
    },
    {
      name: 'MABS v3 on premises, 1 GB below',
      code: serverPlan({ version: 'v3', cores: 2, memoryGB: 7 }),
      errors: [e(26, 17, /^hardware\.memoryGB is 7; MABS v3 needs at least 8 GB of memory \(Azure Backup Server v3 and later on premises\)/, [r(14, 14, /needs at least 8 GB of memory/)])],
    },
    {
      name: 'MABS v2 on premises: 4 GB is enough, 3.9 is not',
      code: serverPlan({ version: 'v2', deployment: 'physical', cores: 2, memoryGB: 3.9 }),
      errors: [e(26, 17, /^hardware\.memoryGB is 3\.9; MABS v2 needs at least 4 GB of memory \(Azure Backup Server v1 and v2 on premises\)/)],
    },
    {
      name: 'MABS v3 on an Azure VM with 3 cores (Standard_A4_v2 has 4)',
      code: serverPlan({ version: 'v3', deployment: 'azure-vm', cores: 3, memoryGB: 8, workloads: false }),
      errors: [e(25, 14, /^hardware\.cores is 3; MABS v3 needs at least 4 cores \(Azure Backup Server v3 and later as an Azure VM \(Standard_A4_v2\)\): choose a larger VM size$/, [r(14, 14, /needs at least 4 cores/), r(16, 17, /deployed as an Azure VM/)])],
    },
    {
      name: 'MABS v1 on an Azure VM with 3 GB (A2 Standard has 3.5)',
      code: serverPlan({ version: 'v1', deployment: 'azure-vm', cores: 2, memoryGB: 3, workloads: false }),
      errors: [e(26, 17, /^hardware\.memoryGB is 3; MABS v1 needs at least 3\.5 GB of memory \(Azure Backup Server v1 and v2 as an Azure VM \(A2 Standard\)\)/)],
    },
    {
      name: 'MABS without a version is checked as v1',
      code: serverPlan({ version: null, cores: 1, memoryGB: 4 }),
      errors: [e(25, 14, /^hardware\.cores is 1; MABS v1 needs at least 2 cores .*\(no version given: bplan assumes MABS v1, the version the source documents describe\)$/, [r(13, 14, /MABS v1 \(assumed\)/)])],
      alsoReported: ['schema'],
    },
    {
      name: 'DPM 2022 below both minimums',
      code: serverPlan({ product: 'dpm', version: '2022', deployment: 'physical', cores: 3, memoryGB: 3.5 }),
      errors: [
        e(25, 14, /^hardware\.cores is 3; DPM 2022 needs at least 4 cores \(System Center DPM 2022\)/),
        e(26, 17, /^hardware\.memoryGB is 3\.5; DPM 2022 needs at least 4 GB of memory \(System Center DPM 2022\)/),
      ],
    },
  ],
});

// --- mabs-coinstalled ------------------------------------------------------------------------

ruleTester('mabs-coinstalled', {
  valid: [
    { name: 'no other agents', code: serverPlan({ installedAgents: [] }) },
    { name: 'DPM with a registered MARS agent', code: serverPlan({ product: 'dpm', installedAgents: ['mars-agent-registered'] }) },
    { name: 'MARS machine protected by DPM', code: serverPlan({ product: 'mars', installedAgents: ['dpm-protection-agent'], host: 'srv01' }) },
  ],
  invalid: [
    {
      name: 'the DPM protection agent',
      code: serverPlan({ installedAgents: ['dpm-protection-agent'] }),
      errors: [e(23, 23, /^Azure Backup Server cannot be installed on a machine that has the DPM protection agent \(SCDPM agent\) \(seed 001\)/, [r(13, 14, /runs Azure Backup Server/)])],
    },
    {
      name: 'all three, one finding each',
      code: serverPlan({ version: 'v1', installedAgents: ['dpm-protection-agent', 'dpm-remote-administration', 'mars-agent-registered'] }),
      errors: [
        e(23, 23, /the DPM protection agent/),
        e(23, 45, /DPM Remote Administration \(SCDPM RA\)/),
        e(23, 72, /a MARS agent registered with a vault \(seed 001\): unregister and uninstall the MARS agent first/),
      ],
    },
  ],
});

// --- mabs-domain -----------------------------------------------------------------------------

ruleTester('mabs-domain', {
  valid: [
    { name: 'domain joined', code: serverPlan({ domainJoined: true }) },
    { name: 'not stated', code: serverPlan({}) },
    { name: 'a MARS machine in a workgroup', code: serverPlan({ product: 'mars', domainJoined: false, host: 'srv01' }) },
  ],
  invalid: [
    {
      name: 'MABS v3 in a workgroup',
      code: serverPlan({ domainJoined: false }),
      errors: [e(20, 19, /^Azure Backup Server must be joined to a domain \(seed 001\), and domainJoined is false: .*moving MABS to a new domain after deployment is not supported$/, [r(13, 14, /runs Azure Backup Server/)])],
    },
    {
      name: 'MABS v1 in a workgroup',
      code: serverPlan({ version: 'v1', domainJoined: false }),
      errors: [e(20, 19, /must be joined to a domain/)],
    },
  ],
});

// --- mabs-domain-controller ------------------------------------------------------------------

ruleTester('mabs-domain-controller', {
  valid: [
    { name: 'DC protecting itself', code: serverPlan({ domainController: true, host: 'srv01' }) },
    { name: 'DC protecting itself (FQDN, other case)', code: serverPlan({ domainController: true, host: 'SRV01.contoso.local' }) },
    { name: 'member server protecting other hosts', code: serverPlan({ domainController: false }) },
    { name: 'not stated', code: serverPlan({}) },
    { name: 'DPM on a DC is not this rule', code: serverPlan({ product: 'dpm', domainController: true }) },
  ],
  invalid: [
    {
      name: 'DC protecting another host',
      code: serverPlan({ domainController: true }),
      errors: [e(30, 11, /^workload "wl01" is on host01, but Azure Backup Server on a domain controller protects only local data sources \(seed 001\)/, [r(21, 23, /server "srv01" is a domain controller/)])],
    },
    {
      name: 'one finding per remote workload; local ones are fine',
      code: serverPlan({ domainController: true, extra: workload('wl02', 'srv01') + workload('wl03', 'fs02') }),
      errors: [e(30, 11, /"wl01" is on host01/), e(42, 11, /"wl03" is on fs02/)],
    },
    {
      name: 'a workload without a host is reported on its server',
      code: serverPlan({ domainController: true, host: null }),
      errors: [e(32, 13, /^workload "wl01" names no host, .*set host: srv01 if the data is on the MABS server/)],
    },
  ],
});

// --- mabs-remote-sql -------------------------------------------------------------------------

ruleTester('mabs-remote-sql', {
  valid: [
    { name: 'local SQL', code: serverPlan({ sql: 'local' }) },
    { name: 'DPM with a remote SQL instance', code: serverPlan({ product: 'dpm', sql: 'remote' }) },
  ],
  invalid: [
    {
      name: 'MABS v3 with remote SQL',
      code: serverPlan({ sql: 'remote' }),
      errors: [e(22, 10, /^Azure Backup Server works only with a local SQL Server instance \(seed 002\), and sql is remote/, [r(13, 14, /runs Azure Backup Server/)])],
    },
    {
      name: 'MABS v1 with remote SQL',
      code: serverPlan({ version: 'v1', sql: 'remote' }),
      errors: [e(22, 10, /local SQL Server instance/)],
    },
  ],
});

// --- mabs-locale -----------------------------------------------------------------------------

ruleTester('mabs-locale', {
  valid: [
    { name: 'v1 in en-US', code: serverPlan({ version: 'v1', locale: 'en-US' }) },
    { name: 'v1 in en', code: serverPlan({ version: 'v1', locale: 'en' }) },
    { name: 'v1 in EN-gb', code: serverPlan({ version: 'v1', locale: 'EN-gb' }) },
    { name: 'v2 in German', code: serverPlan({ version: 'v2', locale: 'de-DE' }) },
    { name: 'v4 in Japanese', code: serverPlan({ version: 'v4', locale: 'ja-JP' }) },
    { name: 'DPM in French', code: serverPlan({ product: 'dpm', locale: 'fr-FR' }) },
  ],
  invalid: [
    {
      name: 'v1 in German',
      code: serverPlan({ version: 'v1', locale: 'de-DE' }),
      errors: [e(19, 13, /^Azure Backup Server v1 is available for the English locale only \(seed 001\), and locale is de-DE/, [r(14, 14, /MABS v1 is available in English only/)])],
    },
    {
      name: 'no version: v1 assumed',
      code: serverPlan({ version: null, locale: 'nl-NL' }),
      errors: [e(19, 13, /locale is nl-NL: .*\(no version given: bplan assumes MABS v1, the version the source documents describe\)$/, [r(13, 14, /no version given: MABS v1 assumed/)])],
      alsoReported: ['schema'],
    },
    {
      name: 'v1 with a bare language tag',
      code: serverPlan({ version: 'v1', locale: 'fr' }),
      errors: [e(19, 13, /locale is fr: use an English locale/)],
    },
  ],
});

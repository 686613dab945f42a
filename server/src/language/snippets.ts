/**
 * Snippets completion offers: a new server per product, a new workload, a new policy, and a whole
 * plan for an empty file. Bodies use LSP snippet syntax (`${1:default}`, `$0`), are written with
 * indentation relative to their first line, and lint clean with their defaults as written.
 */

export type ItemList = 'servers' | 'workloads' | 'policies';

export interface PlanSnippet {
  readonly label: string;
  /** One line shown beside the label. */
  readonly detail: string;
  /** Markdown shown in the details pane. */
  readonly documentation: string;
  /** The body, one string per line, indented relative to the first line, in snippet syntax (escaped, ready to insert, as the exported functions return it). */
  readonly lines: readonly string[];
}

/** Text outside placeholders: `$`, `}` and `\` are snippet syntax. */
export function escapeSnippetText(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

const PLACEHOLDER = /(\$\{\d+:(?:[^}\\]|\\.)*\}|\$\d+)/;

/** Bodies are written as they read; the YAML braces between placeholders are escaped here. */
function escapeLiterals(lines: readonly string[]): string[] {
  return lines.map((line) =>
    line
      .split(PLACEHOLDER)
      .map((part, i) => (i % 2 === 1 ? part : escapeSnippetText(part)))
      .join(''),
  );
}

/**
 * The body as text to insert at a column: the first line goes where the cursor is, the next lines
 * get `column` spaces (never tabs) before their own indentation.
 */
export function placeSnippet(lines: readonly string[], column: number, eol: string): string {
  const pad = ' '.repeat(column);
  return lines.map((line, i) => (i === 0 || line === '' ? line : pad + line)).join(eol);
}

/** Re-indents a body written with two-space steps to the document's indentation step. */
function withStep(lines: readonly string[], step: number): string[] {
  return lines.map((line) => {
    const indent = /^ */.exec(line)![0].length;
    return ' '.repeat((indent / 2) * step) + line.slice(indent);
  });
}

const SERVERS: readonly PlanSnippet[] = [
  {
    label: 'server: Azure Backup Server (MABS)',
    detail: 'MABS v4 with a Modern Backup Storage pool',
    documentation: 'A Microsoft Azure Backup Server: local SQL Server, domain-joined, one fixed disk in the storage pool and a scratch location for the vault copies.',
    lines: [
      'name: ${1:mabs01}',
      'product: mabs',
      'version: ${2:v4}',
      'deployment: physical',
      'os: ${3:windows-server-2022}',
      'domainJoined: true',
      'sql: local',
      'hardware: { cores: ${4:4}, memoryGB: ${5:16} }',
      'scratch: { freeGB: ${6:100} }',
      'storagePool:',
      '  disks:',
      '    - { name: ${7:pool1}, sizeGB: ${8:4000}, type: fixed }',
    ],
  },
  {
    label: 'server: System Center DPM',
    detail: 'DPM 2022 with a storage pool, tape off',
    documentation: 'A System Center Data Protection Manager server: local SQL Server, domain-joined, one fixed disk in the storage pool; DPM is the product that can also write to tape.',
    lines: [
      'name: ${1:dpm01}',
      'product: dpm',
      'version: ${2:2022}',
      'deployment: physical',
      'os: ${3:windows-server-2022}',
      'domainJoined: true',
      'sql: local',
      'hardware: { cores: ${4:4}, memoryGB: ${5:8} }',
      'scratch: { freeGB: ${6:100} }',
      'storagePool:',
      '  disks:',
      '    - { name: ${7:pool1}, sizeGB: ${8:4000}, type: fixed }',
      'tape: { enabled: ${9:false} }',
    ],
  },
  {
    label: 'server: Azure Backup (MARS) agent',
    detail: 'a machine backing itself up to the vault',
    documentation: 'A Windows machine running the Microsoft Azure Recovery Services (MARS) agent: it backs up its own files, folders and system state straight to the vault.',
    lines: [
      'name: ${1:fs01}',
      'product: mars',
      'version: "${2:2.0.9262.0}"',
      'deployment: physical',
      'os: ${3:windows-server-2019}',
      'domainJoined: true',
      'scratch: { freeGB: ${4:50} }',
    ],
  },
  {
    label: 'server: Azure VM backup',
    detail: 'the built-in backup of Azure VMs',
    documentation: 'The Azure IaaS VM backup service: workloads of type `azure-vm` name it as their server. It has no version, disk or storage pool.',
    lines: ['name: ${1:azure-vm-backup}', 'product: azure-vm-backup'],
  },
];

function workloadSnippet(server: string, policy: string): PlanSnippet {
  return {
    label: 'workload',
    detail: 'a data source, its server and its policy',
    documentation: 'A data source to protect: what it is, where it lives, its size and daily change, the server that protects it and the policy it follows.',
    lines: [
      'name: ${1:files01}',
      'type: ${2:files}',
      'host: ${3:fs01}',
      'os: ${4:windows-server-2019}',
      'sizeGB: ${5:500}',
      'dailyChurnPercent: ${6:2}',
      `server: \${7:${escapeSnippetText(server)}}`,
      `policy: \${8:${escapeSnippetText(policy)}}`,
    ],
  };
}

const POLICIES: readonly PlanSnippet[] = [
  {
    label: 'policy: disk and vault (DPM, MABS)',
    detail: 'recovery points on disk, a daily copy to the vault',
    documentation: 'Short-term protection on the DPM/MABS disk (hourly synchronization, two recovery points a day, 14 days) and long-term protection in the vault (one backup a day, daily, weekly, monthly and yearly retention).',
    lines: [
      'name: ${1:daily}',
      'disk: { syncEvery: ${2:1h}, recoveryPoints: ["${3:08:00}", "${4:20:00}"], retentionDays: ${5:14} }',
      'online:',
      '  times: ["${6:21:00}"]',
      '  retention: { daily: ${7:30}, weekly: ${8:12}, monthly: ${9:12}, yearly: ${10:3} }',
    ],
  },
  {
    label: 'policy: vault only (MARS, Azure VM backup)',
    detail: 'one backup a day to the vault',
    documentation: 'Backups straight to the vault, as the MARS agent and Azure VM backup take them: one a day, with daily, weekly and monthly retention.',
    lines: ['name: ${1:vault-daily}', 'online:', '  times: ["${2:22:00}"]', '  retention: { daily: ${3:30}, weekly: ${4:12}, monthly: ${5:12} }'],
  },
];

/** The snippets for a new item of a list, re-indented to the document's step. */
export function itemSnippets(list: ItemList, names: { server?: string; policy?: string }, step: number): PlanSnippet[] {
  const snippets = list === 'servers' ? SERVERS : list === 'policies' ? POLICIES : [workloadSnippet(names.server ?? 'server01', names.policy ?? 'policy01')];
  return snippets.map((s) => {
    const lines = escapeLiterals(withStep(s.lines, step));
    return { ...s, lines: [...lines.slice(0, -1), `${lines[lines.length - 1]}$0`] };
  });
}

/**
 * A whole plan: a vault, a MABS server, a file workload and its policy, that lints with no
 * findings once the placeholders keep their defaults. Placeholders that appear twice (the server
 * and policy names) are linked, so renaming one renames its reference.
 */
export function planSnippet(step: number): PlanSnippet {
  const lines = [
    'bplan: 1',
    'name: ${1:my-plan}',
    'vault:',
    '  name: ${2:rsv-my-plan}',
    '  region: ${3:westeurope}',
    '  redundancy: geo',
    '  encryption:',
    '    passphrase: { env: ${4:BPLAN_PASSPHRASE} }',
    'servers:',
    '  - name: ${5:mabs01}',
    '    product: mabs',
    '    version: ${6:v4}',
    '    deployment: physical',
    '    os: windows-server-2022',
    '    domainJoined: true',
    '    sql: local',
    '    hardware: { cores: 4, memoryGB: 16 }',
    '    scratch: { freeGB: ${7:100} }',
    '    storagePool:',
    '      disks:',
    '        - { name: pool1, sizeGB: ${8:4000}, type: fixed }',
    'workloads:',
    '  - name: ${9:files01}',
    '    type: files',
    '    host: ${10:fs01}',
    '    os: windows-server-2019',
    '    sizeGB: ${11:500}',
    '    dailyChurnPercent: 2',
    '    server: ${5:mabs01}',
    '    policy: ${12:files-daily}',
    'policies:',
    '  - name: ${12:files-daily}',
    '    disk: { syncEvery: 1h, recoveryPoints: ["08:00", "20:00"], retentionDays: 14 }',
    '    online:',
    '      times: ["21:00"]',
    '      retention: { daily: 30, weekly: 12, monthly: 12, yearly: 3 }',
    '$0',
  ];
  return {
    label: 'bplan plan',
    detail: 'a whole plan: vault, MABS server, workload, policy',
    documentation: 'A complete plan to start from: a geo-redundant vault whose passphrase is read from an environment variable, an Azure Backup Server v4 with one pool disk, a file server workload and its disk and vault policy. It lints clean as inserted.',
    lines: escapeLiterals(withStep(lines, step)),
  };
}

/** The value of a passphrase: a reference, never the passphrase itself. */
export const PASSPHRASE_SNIPPET: PlanSnippet = {
  label: '{ env: … }',
  detail: 'read the passphrase from an environment variable',
  documentation: 'A reference to where the passphrase is kept. bplan never reads it; writing the passphrase itself in the plan is a finding (rule passphrase-literal).',
  lines: escapeLiterals(['{ env: ${1:BPLAN_PASSPHRASE} }']),
};

/** Completion (server/src/language/completion.ts) and its snippets (server/src/language/snippets.ts). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItemKind, InsertTextFormat, InsertTextMode } from 'vscode-languageserver-types';
import type { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import { lintText } from '../server/src/core';
import { complete } from '../server/src/language/completion';
import { PlanDocument } from '../server/src/language/document';
import { locate } from '../server/src/language/locate';

const SAMPLES = path.join(__dirname, '..', '..', 'samples');
const readSample = (name: string) => fs.readFileSync(path.join(SAMPLES, name), 'utf8');

/** The text without its `|` cursor marker, and the cursor's offset. */
function at(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0 && marked.indexOf('|', offset + 1) < 0, 'one | cursor marker');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

function completeAt(marked: string): { doc: PlanDocument; offset: number; items: CompletionItem[] } {
  const { text, offset } = at(marked);
  const doc = new PlanDocument('file:///plan.bplan.yaml', 1, text);
  return { doc, offset, items: complete(doc, offset).items };
}

/** Items in the order the editor lists them (by sortText). */
const sorted = (items: readonly CompletionItem[]) => [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
const labels = (items: readonly CompletionItem[], kind?: CompletionItemKind) => items.filter((i) => kind === undefined || i.kind === kind).map((i) => i.label);
const byLabel = (items: readonly CompletionItem[], label: string) => {
  const item = items.find((i) => i.label === label);
  assert.ok(item, `an item ${label} among ${labels(items).join(', ')}`);
  return item;
};
const editOf = (item: CompletionItem) => item.textEdit as TextEdit;

/** Expands a snippet as an editor would with every placeholder left at its default. */
function expand(snippet: string): string {
  return snippet
    .replace(/\$\{\d+:((?:[^}\\]|\\.)*)\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '')
    .replace(/\\([\\$}])/g, '$1');
}

/** The text once the item is accepted (a snippet with its defaults). */
function accept(doc: PlanDocument, item: CompletionItem): string {
  const edit = editOf(item);
  const newText = item.insertTextFormat === InsertTextFormat.Snippet ? expand(edit.newText) : edit.newText;
  return TextDocument.applyEdits(doc.lines, [{ range: edit.range, newText }]);
}

const SERVER_PLAN = `bplan: 1
vault:
  name: rsv-test
  encryption:
    passphrase: { env: BPLAN_PASSPHRASE }
servers:
  - name: mabs01
    product: mabs
    version: v3
    hardware: { cores: 4, memoryGB: 16 }
    storagePool:
      disks:
        - { name: pool1, sizeGB: 4000 }
  - name: dpm01
    product: dpm
    version: 2019
  - name: cloud
    product: azure-vm-backup
policies:
  - name: sql-15min
    disk: { syncEvery: 15m, recoveryPoints: ["21:00"], retentionDays: 14 }
    online:
      times: ["13:00", "23:00"]
      retention: { daily: 30, weekly: 12, monthly: 12, yearly: 5 }
  - name: vault-only
    online:
      times: ["22:00"]
      retention:
        daily: 14
`;

describe('keys valid at the cursor', () => {
  test('top level of an empty line: the plan keys, bplan first as the one required key, none already present', () => {
    const { items } = completeAt('bplan: 1\nname: x\n|\nservers: []\n');
    assert.deepEqual(labels(items), ['description', 'vault', 'workloads', 'policies']);
    const { items: all } = completeAt('# modeline\n|');
    const bplan = byLabel(all, 'bplan');
    assert.equal(bplan.kind, CompletionItemKind.Property);
    assert.equal(bplan.detail, '1 (required)');
    assert.ok(all.filter((i) => i.label !== 'bplan' && i.kind === CompletionItemKind.Property).every((i) => i.sortText! > bplan.sortText!));
  });

  test('a partly typed top-level key is replaced as a whole word', () => {
    const { doc, items } = completeAt('bplan: 1\nser|\n');
    const servers = byLabel(items, 'servers');
    assert.deepEqual(editOf(servers).range, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } });
    assert.equal(servers.detail, 'list of mappings');
    assert.equal(accept(doc, servers), 'bplan: 1\nservers:\n  - \n');
    assert.equal(servers.insertTextMode, InsertTextMode.asIs);
  });

  test('in a server item: the server keys minus those present (above and below), required first, with markdown documentation', () => {
    const { doc, items } = completeAt('bplan: 1\nservers:\n  - name: mabs01\n    product: mabs\n    |\n    sql: local\n');
    const keys = labels(sorted(items), CompletionItemKind.Property);
    assert.equal(keys[0], 'version');
    for (const present of ['name', 'product', 'sql']) assert.ok(!keys.includes(present), present);
    for (const key of ['updateRollup', 'deployment', 'os', 'hardware', 'storagePool', 'tape']) assert.ok(keys.includes(key), key);
    const version = byLabel(items, 'version');
    // The version of a MABS server is required, by the schema's if/then on the product.
    assert.equal(version.detail, 'v1 | v2 | v3 | v4 (required)');
    assert.ok(version.sortText! < byLabel(items, 'os').sortText!);
    const deployment = byLabel(items, 'deployment');
    assert.deepEqual(deployment.documentation, {
      kind: 'markdown',
      value: 'Where the server runs.\n\nChecked by rule [`server-deployment`](https://github.com/bplan-dev/bplan/blob/main/docs/rules.md#server-deployment).',
    });
    assert.equal(editOf(deployment).newText, 'deployment: ');
    assert.equal(deployment.command?.command, 'editor.action.triggerSuggest');
    // An object-valued key opens its mapping on the next line, indented one step deeper.
    assert.equal(accept(doc, byLabel(items, 'storagePool')), 'bplan: 1\nservers:\n  - name: mabs01\n    product: mabs\n    storagePool:\n      \n    sql: local\n');
    assert.equal(editOf(byLabel(items, 'installedAgents')).newText, 'installedAgents:\n      - ');
  });

  test('inside storagePool: pool keys; inside a disk item: disk keys without those present', () => {
    const pool = completeAt('bplan: 1\nservers:\n  - name: mabs01\n    product: mabs\n    storagePool:\n      disks:\n        - { name: d1, sizeGB: 10 }\n      |\n');
    assert.deepEqual(labels(pool.items), ['ntfsCompression', 'deduplication', 'alertThresholdPercent']);
    const disk = completeAt('bplan: 1\nservers:\n  - name: a\n    storagePool:\n      disks:\n        - name: d1\n          |\n');
    assert.deepEqual(labels(disk.items), ['sizeGB', 'type']);
    assert.equal(byLabel(disk.items, 'sizeGB').detail, 'number (required)');
  });

  test('inside online.retention, block and flow: the tiers not yet written', () => {
    const block = completeAt('bplan: 1\npolicies:\n  - name: p\n    online:\n      times: ["21:00"]\n      retention:\n        daily: 30\n        |\n');
    assert.deepEqual(labels(block.items), ['weekly', 'monthly', 'yearly']);
    const flow = completeAt('bplan: 1\npolicies:\n  - name: p\n    online:\n      retention: { daily: 30, |, yearly: 5 }\n');
    assert.deepEqual(labels(flow.items), ['weekly', 'monthly']);
    // In a flow mapping a key stays on its line.
    assert.equal(editOf(byLabel(flow.items, 'weekly')).newText, 'weekly: ');
  });

  test('a new sequence item: the item keys (and the snippets of that list)', () => {
    const { doc, items } = completeAt('bplan: 1\nworkloads:\n  - name: w1\n    type: files\n  - |\n');
    assert.deepEqual(labels(sorted(items), CompletionItemKind.Property).slice(0, 5), ['name', 'type', 'server', 'policy', 'host']);
    assert.equal(accept(doc, byLabel(items, 'type')), 'bplan: 1\nworkloads:\n  - name: w1\n    type: files\n  - type: \n');
    assert.deepEqual(labels(items, CompletionItemKind.Snippet), ['workload']);
  });

  test('under a list key without a dash yet: each item completion writes its `- `', () => {
    const { doc, items } = completeAt('bplan: 1\nservers:\n  - name: a\n    product: mars\n  |\n');
    const name = byLabel(items, 'name');
    assert.equal(accept(doc, name), 'bplan: 1\nservers:\n  - name: a\n    product: mars\n  - name: \n');
    assert.equal(labels(items, CompletionItemKind.Snippet).length, 4);
  });

  test('a bare dash just typed: the insertion adds the space after it', () => {
    const { doc, items } = completeAt('bplan: 1\nservers:\n  - name: a\n    product: mars\n  -|\n');
    assert.equal(accept(doc, byLabel(items, 'name')), 'bplan: 1\nservers:\n  - name: a\n    product: mars\n  - name: \n');
  });

  test('quoted keys count as present', () => {
    assert.deepEqual(labels(completeAt('bplan: 1\nvault:\n  "name": x\n  \'region\': westeurope\n  |\n').items), ['redundancy', 'encryption', 'primaryBackup']);
  });

  test('compact sequences (the dash at the parent key\'s column)', () => {
    const { items } = completeAt('bplan: 1\nservers:\n- name: a\n  product: mabs\n  |\n');
    assert.equal(labels(items)[0], 'version');
    assert.ok(!labels(items).includes('name'));
  });

  test('a key being renamed where its colon is already written: the key alone', () => {
    const { doc, items } = completeAt('bplan: 1\nvault:\n  name: x\n  redun|: geo\n');
    assert.equal(accept(doc, byLabel(items, 'redundancy')), 'bplan: 1\nvault:\n  name: x\n  redundancy: geo\n');
    assert.equal(byLabel(items, 'redundancy').command, undefined);
  });
});

describe('while the YAML is broken by the line being typed', () => {
  test('a key without its colon reads as the value above; the indentation still finds the server', () => {
    const marked = 'bplan: 1\nservers:\n  - name: mabs01\n    product: mabs\n    stor|\n    version: v3\nworkloads: []\n';
    const { doc, offset, items } = completeAt(marked);
    // The parse reads `stor` and the next line as one key ("stor version"): the tree's answer is wrong.
    assert.deepEqual(locate(doc.yaml, offset).path, ['servers', 0, 'stor version']);
    assert.ok(labels(items).includes('storagePool'));
    assert.ok(!labels(items).includes('version') && !labels(items).includes('product'));
    assert.deepEqual(editOf(byLabel(items, 'storagePool')).range, { start: { line: 4, character: 4 }, end: { line: 4, character: 8 } });
  });

  test('a key without its colon in the second server, YAML in error: the path counts the items', () => {
    const marked = 'bplan: 1\nservers:\n  - name: a\n    product: dpm\n    version: 2019\n  - name: b\n    product: mabs\n    ver|\n';
    const { doc, items } = completeAt(marked);
    // No plain data from the parse: the product of servers[1] comes from what yaml recovered.
    assert.ok(doc.yaml!.errors.length > 0);
    assert.equal(doc.analysis.parsed?.data, undefined);
    assert.equal(byLabel(items, 'version').detail, 'v1 | v2 | v3 | v4 (required)');
    assert.ok(!labels(items).includes('product'));
  });

  test('a partly typed key inside a nested mapping of a later item', () => {
    const marked = 'bplan: 1\nservers:\n  - name: a\n    product: mabs\n  - name: b\n    product: dpm\n    storagePool:\n      dis|\n    version: 2019\n';
    const { items } = completeAt(marked);
    assert.deepEqual(labels(items), ['disks', 'ntfsCompression', 'deduplication', 'alertThresholdPercent']);
  });

  test('the if/then enum survives a syntax error elsewhere in the file', () => {
    const { doc, items } = completeAt('bplan: 1\nservers:\n  - name: a\n    product: mabs\n    version: |\n  oops\n    nope: [\n');
    assert.ok(doc.yaml!.errors.length > 0);
    assert.deepEqual(labels(items), ['v1', 'v2', 'v3', 'v4']);
  });

  test('inside a block scalar or under a key that already has a value: nothing', () => {
    assert.deepEqual(completeAt('bplan: 1\ndescription: >-\n  some text\n  |\n').items, []);
    assert.deepEqual(completeAt('bplan: 1\nservers:\n  - name: a\n    product: mabs\n      |\n').items, []);
    assert.deepEqual(completeAt('bplan: 1\n# a comment |\n').items, []);
    // In front of a key already written: completing there would run into it.
    assert.deepEqual(completeAt('bplan: 1\nvault:\n  | name: x\n').items, []);
  });
});

describe('values', () => {
  test('product enum with descriptions, typed prefix replaced', () => {
    const { doc, items } = completeAt('bplan: 1\nservers:\n  - name: a\n    product: ma|\n');
    assert.deepEqual(labels(items), ['mars', 'dpm', 'mabs', 'azure-vm-backup']);
    const mabs = byLabel(items, 'mabs');
    assert.equal(mabs.kind, CompletionItemKind.EnumMember);
    assert.equal(mabs.detail, 'Microsoft Azure Backup Server (MABS): DPM without tape or System Center licence; disk and vault.');
    assert.match((mabs.documentation as { value: string }).value, /^`mabs`: Microsoft Azure Backup Server/);
    assert.equal(accept(doc, mabs), 'bplan: 1\nservers:\n  - name: a\n    product: mabs\n');
  });

  test('vault redundancy: the default marked and preselected; after a bare colon a space is added', () => {
    const { doc, items } = completeAt('bplan: 1\nvault:\n  name: x\n  redundancy:|\n');
    assert.deepEqual(labels(items), ['geo', 'local', 'zone']);
    const geo = byLabel(items, 'geo');
    assert.equal(geo.preselect, true);
    assert.match(geo.detail!, /\(default\)$/);
    assert.equal(accept(doc, byLabel(items, 'zone')), 'bplan: 1\nvault:\n  name: x\n  redundancy: zone\n');
  });

  test('a quoted value keeps its quotes', () => {
    const { doc, items } = completeAt('bplan: 1\nvault:\n  name: x\n  redundancy: "lo|"\n');
    assert.equal(accept(doc, byLabel(items, 'local')), 'bplan: 1\nvault:\n  name: x\n  redundancy: "local"\n');
  });

  test('workload type', () => {
    const { items } = completeAt('bplan: 1\nworkloads:\n  - name: w\n    type: |\n');
    assert.deepEqual(labels(items), ['files', 'system-state', 'bare-metal', 'hyperv-vm', 'vmware-vm', 'sql-server', 'sharepoint', 'exchange', 'azure-vm']);
    assert.equal(byLabel(items, 'sql-server').detail, 'SQL Server databases.');
  });

  test('version follows the product: MABS v1..v4, DPM versions once each, none for MARS', () => {
    assert.deepEqual(labels(completeAt('bplan: 1\nservers:\n  - name: a\n    product: mabs\n    version: |\n').items), ['v1', 'v2', 'v3', 'v4']);
    assert.deepEqual(labels(completeAt('bplan: 1\nservers:\n  - product: dpm\n    version: |\n    name: a\n').items), ['2012-sp1', '2012-r2', '2016', '2019', '2022']);
    assert.deepEqual(completeAt('bplan: 1\nservers:\n  - name: a\n    product: mars\n    version: |\n').items, []);
  });

  test('booleans, a list of enum values in block and flow style, a value on the line below its key', () => {
    assert.deepEqual(labels(completeAt('bplan: 1\nservers:\n  - name: a\n    domainJoined: |\n').items), ['true', 'false']);
    const agents = ['dpm-protection-agent', 'dpm-remote-administration', 'mars-agent-registered'];
    assert.deepEqual(labels(completeAt('bplan: 1\nservers:\n  - name: a\n    installedAgents:\n      - |\n').items), agents);
    const flow = completeAt('bplan: 1\nservers:\n  - name: a\n    installedAgents: [dpm-protection-agent, mars|]\n');
    assert.deepEqual(labels(flow.items), agents);
    assert.deepEqual(editOf(flow.items[0]!).range, { start: { line: 3, character: 44 }, end: { line: 3, character: 48 } });
    assert.deepEqual(labels(completeAt('bplan: 1\nvault:\n  name: x\n  redundancy:\n    |\n').items), ['geo', 'local', 'zone']);
  });

  test('a disk type inside a flow mapping of a flow item', () => {
    const { doc, items } = completeAt('bplan: 1\nservers:\n  - name: a\n    storagePool:\n      disks: [{ name: d1, sizeGB: 10, type: v| }]\n');
    assert.equal(accept(doc, byLabel(items, 'vhd')), 'bplan: 1\nservers:\n  - name: a\n    storagePool:\n      disks: [{ name: d1, sizeGB: 10, type: vhd }]\n');
  });

  test('a passphrase is offered as a reference, never a literal', () => {
    const { doc, items } = completeAt('bplan: 1\nvault:\n  name: x\n  encryption:\n    passphrase: |\n');
    assert.deepEqual(labels(items), ['{ env: … }']);
    // The closing brace is YAML, escaped from the snippet syntax.
    assert.equal(editOf(items[0]!).newText, '{ env: ${1:BPLAN_PASSPHRASE} \\}');
    assert.equal(accept(doc, items[0]!), 'bplan: 1\nvault:\n  name: x\n  encryption:\n    passphrase: { env: BPLAN_PASSPHRASE }\n');
  });
});

describe('names where a reference is expected', () => {
  test('server: the servers of the plan, with product and version', () => {
    const text = SERVER_PLAN.replace('policies:', 'workloads:\n  - name: w\n    server: |\npolicies:');
    const { doc, items } = completeAt(text);
    assert.deepEqual(labels(items), ['mabs01', 'dpm01', 'cloud']);
    assert.deepEqual(items.map((i) => i.detail), ['MABS v3', 'DPM 2019', 'Azure VM backup']);
    assert.ok(items.every((i) => i.kind === CompletionItemKind.Reference));
    assert.match(accept(doc, byLabel(items, 'dpm01')), /\n    server: dpm01\npolicies:/);
  });

  test('policy: the policies of the plan, each with a one-line summary of its schedules', () => {
    const text = SERVER_PLAN.replace('policies:', 'workloads:\n  - name: w\n    policy: sq|\n    server: mabs01\npolicies:');
    const { items } = completeAt(text);
    assert.deepEqual(labels(items), ['sql-15min', 'vault-only']);
    assert.equal(items[0]!.detail, 'disk: sync 15m, 1 recovery point a day, 14 days; vault: 2 a day (13:00, 23:00), keep 30 d · 12 w · 12 m · 5 y');
    assert.equal(items[1]!.detail, 'vault: 1 a day (22:00), keep 14 d');
    assert.deepEqual(editOf(items[0]!).range, { start: { line: 20, character: 12 }, end: { line: 20, character: 14 } });
  });
});

describe('snippets', () => {
  const PLAN_HEAD = 'bplan: 1\nvault:\n  name: rsv-test\n  encryption:\n    passphrase: { env: BPLAN_PASSPHRASE }\n';

  test('one server snippet per product, each lints clean as written', () => {
    const { doc, items } = completeAt(`${PLAN_HEAD}servers:\n  - |\n`);
    const snippets = items.filter((i) => i.kind === CompletionItemKind.Snippet);
    assert.deepEqual(labels(snippets), ['server: Azure Backup Server (MABS)', 'server: System Center DPM', 'server: Azure Backup (MARS) agent', 'server: Azure VM backup']);
    const products: string[] = [];
    for (const snippet of snippets) {
      assert.equal(snippet.insertTextFormat, InsertTextFormat.Snippet);
      const text = accept(doc, snippet);
      products.push(/product: (\S+)/.exec(text.slice(PLAN_HEAD.length))![1]!);
      assert.deepEqual(lintText(text).findings.map((f) => `${f.ruleId}: ${f.message}`), [], text);
    }
    assert.deepEqual(products, ['mabs', 'dpm', 'mars', 'azure-vm-backup']);
  });

  test('the workload snippet refers to the plan\'s first server and policy; with a policy snippet the plan lints clean', () => {
    const base = `${PLAN_HEAD}servers:\n  - name: fs-mars\n    product: mars\n    os: windows-server-2019\n    domainJoined: true\n    scratch: { freeGB: 50 }\npolicies:\n  - |\n`;
    const withPolicy = completeAt(base);
    const policy = byLabel(withPolicy.items, 'policy: vault only (MARS, Azure VM backup)');
    assert.ok(byLabel(withPolicy.items, 'policy: disk and vault (DPM, MABS)'));
    const planned = accept(withPolicy.doc, policy);
    const withWorkload = completeAt(`${planned}workloads:\n  - |\n`);
    const workload = byLabel(withWorkload.items, 'workload');
    assert.match(editOf(workload).newText, /server: \$\{7:fs-mars\}\n    policy: \$\{8:vault-daily\}\$0$/);
    const text = accept(withWorkload.doc, workload);
    assert.deepEqual(lintText(text).findings.map((f) => `${f.ruleId}: ${f.message}`), [], text);
  });

  test('absent where no list item is expected', () => {
    const places = [
      'bplan: 1\nservers:\n  - name: a\n    |\n', // a key of an existing item
      'bplan: 1\nname: x\n|\n', // the top level of a plan
      'bplan: 1\nservers:\n  - name: a\n    product: |\n', // a value
      'bplan: 1\nservers:\n  - name: a\n    storagePool:\n      disks:\n        - |\n', // a list without snippets
      'bplan: 1\nservers:\n  - { name: a, | }\n', // a flow item
    ];
    for (const marked of places) assert.deepEqual(labels(completeAt(marked).items, CompletionItemKind.Snippet), [], marked);
  });

  test('whole plan: only in an empty or comments-only file, and it lints with zero findings', () => {
    for (const marked of ['|', '  |', '# yaml-language-server: $schema=../schemas/bplan.schema.json\n\n|\n', '\r\n|\r\n']) {
      const { doc, items } = completeAt(marked);
      const plan = byLabel(items, 'bplan plan');
      assert.equal(plan.kind, CompletionItemKind.Snippet);
      assert.equal(items[0], plan);
      const text = accept(doc, plan);
      assert.deepEqual(lintText(text).findings, [], text);
      assert.equal(editOf(plan).range.start.character, 0);
    }
    assert.deepEqual(labels(completeAt('bplan: 1\n|').items, CompletionItemKind.Snippet), []);
  });
});

describe('positions and robustness', () => {
  test('CRLF: ranges on the right line, insertions keep CRLF, never a tab', () => {
    const { doc, items } = completeAt('bplan: 1\r\nservers:\r\n  - name: a\r\n    product: mabs\r\n    |\r\n    sql: local\r\n');
    assert.deepEqual(editOf(byLabel(items, 'hardware')).range, { start: { line: 4, character: 4 }, end: { line: 4, character: 4 } });
    assert.equal(accept(doc, byLabel(items, 'hardware')), 'bplan: 1\r\nservers:\r\n  - name: a\r\n    product: mabs\r\n    hardware:\r\n      \r\n    sql: local\r\n');
    const values = completeAt('bplan: 1\r\nservers:\r\n  - name: a\r\n    product: d|\r\n');
    assert.deepEqual(editOf(byLabel(values.items, 'dpm')).range, { start: { line: 3, character: 13 }, end: { line: 3, character: 14 } });
    for (const item of [...items, ...completeAt('\r\n|').items]) assert.ok(!editOf(item).newText.includes('\t'), item.label);
  });

  test('a four-space document gets four-space insertions', () => {
    const { items } = completeAt('bplan: 1\nservers:\n    - name: a\n      |\n');
    assert.equal(editOf(byLabel(items, 'hardware')).newText, 'hardware:\n          ');
  });

  test('every offset of a sample: a list, never a throw, every edit on the cursor line around the cursor', () => {
    const text = readSample('mabs-v3-modern-storage.bplan.yaml');
    const doc = new PlanDocument('file:///s.bplan.yaml', 1, text);
    let offered = 0;
    for (let offset = 0; offset <= text.length; offset++) {
      const list = complete(doc, offset);
      assert.ok(Array.isArray(list.items));
      const cursor = doc.positionAt(offset);
      for (const item of list.items) {
        const { range } = editOf(item);
        assert.ok(range.start.line === cursor.line && range.end.line === cursor.line, `offset ${offset}`);
        assert.ok(range.start.character <= cursor.character && cursor.character <= range.end.character, `offset ${offset}`);
      }
      offered += list.items.length;
    }
    assert.ok(offered > 1000);
    assert.deepEqual(complete(doc, -1).items, []);
    assert.deepEqual(complete(doc, text.length + 5).items, []);
  });

  test('random truncations and garbage: never a throw', () => {
    const samples = ['mabs-v3-modern-storage.bplan.yaml', 'dpm-2012-r2-onprem.bplan.yaml', 'azure-vm-backup.bplan.yaml'].map(readSample);
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 60; i++) {
      const sample = samples[i % samples.length]!;
      const cut = random(sample.length);
      const text = sample.slice(0, cut);
      const doc = new PlanDocument('file:///t.bplan.yaml', 1, text);
      for (const offset of [cut, random(cut + 1), random(cut + 1)]) assert.ok(Array.isArray(complete(doc, offset).items));
    }
    for (const text of ['\u0000\u0001\uFFFF', '- - - -\n  - :\n{[', 'a: &x [*x]\nb: *x\n', '"unterminated\n  key', '\t\tservers:\n\t- x', ':\n:\n- :', '{ a: { b: [ { c: ']) {
      const doc = new PlanDocument('file:///g.bplan.yaml', 1, text);
      for (let offset = 0; offset <= text.length; offset++) assert.ok(Array.isArray(complete(doc, offset).items), JSON.stringify(text));
    }
  });

  test('no secret from the plan appears in any item, at any offset', () => {
    const secret = 'Tr0ub4dor-and-3-horses';
    const text = SERVER_PLAN.replace('passphrase: { env: BPLAN_PASSPHRASE }', `passphrase: "${secret}"`).replace('policies:', 'workloads:\n  - name: w\n    server: mabs01\n    policy: \npolicies:');
    const doc = new PlanDocument('file:///s.bplan.yaml', 1, text);
    assert.ok(doc.secretSpans.length > 0);
    let offered = 0;
    for (let offset = 0; offset <= text.length; offset++) {
      const items = complete(doc, offset).items;
      offered += items.length;
      const shown = JSON.stringify(items);
      assert.ok(!shown.includes(secret) && !shown.includes('Tr0ub4dor'), `offset ${offset}`);
    }
    assert.ok(offered > 0);
  });
});

/**
 * Code lens: one per server and per workload, on the line of its `name` key, with the estimate in
 * its title and the command that opens the estimate report.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CodeLens } from 'vscode-languageserver-types';
import { codeLenses } from '../server/src/language/code-lens';
import { PlanDocument } from '../server/src/language/document';
import { lensSize } from '../server/src/language/estimate-text';
import { SAMPLES } from './support/cli';

const URI = 'file:///plans/branch.bplan.yaml';
const MABS_SAMPLE = readFileSync(join(SAMPLES, 'mabs-v3-modern-storage.bplan.yaml'), 'utf8');

function lensesOf(text: string): CodeLens[] {
  return codeLenses(new PlanDocument(URI, 1, text));
}

function titles(text: string): string[] {
  return lensesOf(text).map((l) => l.command!.title);
}

/** Where `- name: <name>` puts its `name` key: line and column, 0-based. */
function nameKeyAt(text: string, name: string): { line: number; character: number } {
  const at = text.indexOf(`- name: ${name}\n`) + 2;
  assert.ok(at >= 2, `no item ${name}`);
  return { line: text.slice(0, at).split('\n').length - 1, character: at - text.lastIndexOf('\n', at) - 1 };
}

describe('code lens on the MABS v3 sample', () => {
  // Worked by hand from the sample (S8's Modern Backup Storage formula: replica DS × 1.05, recovery
  // points DS × LC × RR × N × 1.05; scratch 5 % of the data sent to the vault; TB = GB ÷ 1024):
  //   sales-db       500 × 1.05 + 500 × 0.03 × 14 × 1 × 1.05  = 525 + 220.5     =   745.5 GB
  //   stock-db       200 × 1.05 + 200 × 0.04 × 14 × 1 × 1.05  = 210 + 117.6     =   327.6 GB
  //   branch-shares 1200 × 1.05 + 1200 × 0.02 × 14 × 4 × 1.05 = 1260 + 1411.2   = 2,671.2 GB = 2.6 TB
  //   hv-app01       150 × 1.05 + 150 × 0.03 × 7 × 1.05       = 157.5 + 33.08   =   190.6 GB
  //   hv-rds01       100 × 1.05 + 100 × 0.04 × 7 × 1.05       = 105 + 29.4      =   134.4 GB
  //   hv-web01        80 × 1.05 +  80 × 0.02 × 7 × 1.05       = 84 + 11.76      =    95.8 GB
  //   vmw-erp01      250 × 1.05 + 250 × 0.03 × 7 × 1.05       = 262.5 + 55.13   =   317.6 GB
  //   vmw-mon01      120 × 1.05 + 120 × 0.02 × 7 × 1.05       = 126 + 17.64     =   143.6 GB
  //   pool: Σ = 4,626.31 GB = 4.5 TB of 2 × 4,000 GB = 7.8 TB; scratch 5 % × 2,600 GB = 130 GB of 300 GB
  // Disk recovery points: 1 × 14 (SQL), 4 × 14 (files), 1 × 7 (VMs). Vault: 2 × 30 + 12 + 12 + 5 = 89,
  // 1 × 30 + 12 + 12 + 3 = 57, 1 × 14 + 8 + 6 = 28. Protected instances: ⌈1,200 / 500⌉ = 3, else 1.
  const expected: [string, string][] = [
    ['lyo-mabs01', 'pool 4.5 TB of 7.8 TB · scratch 130 GB of 300 GB'],
    ['sales-db', 'storage 745.5 GB · 14 disk / 89 online recovery points · 1 protected instance'],
    ['stock-db', 'storage 327.6 GB · 14 disk / 89 online recovery points · 1 protected instance'],
    ['branch-shares', 'storage 2.6 TB · 56 disk / 57 online recovery points · 3 protected instances'],
    ['hv-app01', 'storage 190.6 GB · 7 disk / 28 online recovery points · 1 protected instance'],
    ['hv-rds01', 'storage 134.4 GB · 7 disk / 28 online recovery points · 1 protected instance'],
    ['hv-web01', 'storage 95.8 GB · 7 disk / 28 online recovery points · 1 protected instance'],
    ['vmw-erp01', 'storage 317.6 GB · 7 disk / 28 online recovery points · 1 protected instance'],
    ['vmw-mon01', 'storage 143.6 GB · 7 disk / 28 online recovery points · 1 protected instance'],
  ];

  it('one lens per server and workload, on its name key, with the expected title', () => {
    const lenses = lensesOf(MABS_SAMPLE);
    assert.equal(lenses.length, expected.length);
    lenses.forEach((lens, i) => {
      const [name, title] = expected[i]!;
      const start = nameKeyAt(MABS_SAMPLE, name);
      assert.deepEqual(lens.range, { start, end: { line: start.line, character: start.character + 'name'.length } }, name);
      assert.equal(lens.command?.title, title, name);
    });
  });

  it('each lens opens the estimate report of its document', () => {
    for (const lens of lensesOf(MABS_SAMPLE)) assert.deepEqual(lens.command, { title: lens.command!.title, command: 'bplan.showEstimateReport', arguments: [URI] });
  });

  it('is deterministic', () => {
    assert.deepEqual(lensesOf(MABS_SAMPLE), lensesOf(MABS_SAMPLE));
  });

  it('every sample: one lens per server and workload, no unknowns', () => {
    for (const file of readdirSync(SAMPLES).filter((f) => f.endsWith('.bplan.yaml'))) {
      const text = readFileSync(join(SAMPLES, file), 'utf8');
      const items = text.match(/^ {2}- name: /gm)!.length;
      const policies = text.slice(text.indexOf('\npolicies:')).match(/^ {2}- name: /gm)!.length;
      const all = titles(text);
      assert.equal(all.length, items - policies, file);
      for (const t of all) assert.doesNotMatch(t, /unknown|needs|no estimate|⚠/, `${file}: ${t}`);
    }
  });
});

describe('code lens on other plans', () => {
  const base = (pool: string, scratch: string, size = '    sizeGB: 1000\n') => `bplan: 1
servers:
  - name: srv01
    product: mabs
    version: v3
    os: windows-server-2019
${scratch}${pool}workloads:
  - name: share
    type: files
${size}    dailyChurnPercent: 2
    server: srv01
    policy: files
policies:
  - name: files
    disk: { recoveryPoints: ["08:00", "12:00", "16:00", "20:00", "22:00"], retentionDays: 14 }
    online: { times: ["23:00"], retention: { daily: 30 } }
`;
  const pool = (gb: number) => `    storagePool: { disks: [{ sizeGB: ${gb} }] }\n`;

  it('marks a pool or scratch that is too small, and recovery points over the limit', () => {
    // pool: 1000 × 1.05 + 1000 × 0.02 × 14 × 5 × 1.05 = 1050 + 1470 = 2,520 GB; scratch 5 % × 1000 = 50 GB
    const [server, workload] = titles(base(pool(2000), '    scratch: { freeGB: 20 }\n'));
    assert.equal(server, `pool ${lensSize(2520)} of ${lensSize(2000)} ⚠ too small · scratch 50 GB of 20 GB ⚠ too small`);
    assert.equal(server, 'pool 2.5 TB of 2 TB ⚠ too small · scratch 50 GB of 20 GB ⚠ too small');
    assert.equal(workload, 'storage 2.5 TB · 70 disk (⚠ over 64) / 30 online recovery points · 2 protected instances');
  });

  it('says what is missing', () => {
    const [server, workload] = titles(base('', '', ''));
    assert.equal(server, 'pool: estimate needs sizeGB of workload "share" · scratch: estimate needs sizeGB of workload "share"');
    assert.equal(workload, 'estimate needs sizeGB · 70 disk (⚠ over 64) / 30 online recovery points');
    const [noDisks] = titles(base('    storagePool: {}\n', ''));
    assert.equal(noDisks, 'pool 2.5 TB needed, no storagePool.disks · scratch 50 GB needed, no scratch.freeGB');
  });

  it('names what has no estimate: a duplicate server, an unknown server, an item without a name', () => {
    const text = `bplan: 1
servers:
  - name: a
    product: mars
    scratch: { freeGB: 10 }
  - name: a
    product: mars
  - product: mars
workloads:
  - name: w1
    type: files
    sizeGB: 100
    server: nowhere
    policy: p
  - name: w2
    type: files
    sizeGB: 100
    server: a
    policy: p
policies:
  - name: p
    online: { times: ["01:00"], retention: { daily: 7 } }
`;
    const lenses = lensesOf(text);
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.range.start.character, l.command!.title]),
      [
        [2, 4, 'scratch 5 GB of 10 GB'],
        [5, 4, 'no estimate: another server is named "a"'],
        [7, 4, 'no estimate: the server has no name'],
        [9, 4, 'no estimate: no server named "nowhere" in the plan'],
        [14, 4, '7 online recovery points · 1 protected instance'],
      ],
    );
  });

  it('Azure VM backup: protected instances, no pool or scratch', () => {
    const text = readFileSync(join(SAMPLES, 'azure-vm-backup.bplan.yaml'), 'utf8');
    assert.match(titles(text)[0]!, /^\d+ protected instances · no pool or scratch$/);
  });

  it('no lens without a plan, and none thrown on broken text', () => {
    assert.deepEqual(lensesOf(''), []);
    assert.deepEqual(lensesOf('# just a comment\n'), []);
    assert.deepEqual(lensesOf('bplan: 1\nname: empty\n'), []);
    assert.deepEqual(lensesOf('\u0000\uffff\ud800'), []);
    for (const cut of [120, 700, 1500, 2600, MABS_SAMPLE.length - 30]) {
      const lenses = lensesOf(`${MABS_SAMPLE.slice(0, cut)}\n  - name: [`);
      assert.ok(Array.isArray(lenses));
    }
  });

  it('keeps its lenses while the YAML has an error further down', () => {
    const broken = `${MABS_SAMPLE}\n  - name: "unclosed\n`;
    const lenses = lensesOf(broken);
    assert.equal(lenses[0]?.command?.title, 'pool 4.5 TB of 7.8 TB · scratch 130 GB of 300 GB');
  });
});

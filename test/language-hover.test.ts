/**
 * Hover: a key's meaning and the limits for the server's product and version with their sources,
 * enum values, estimates with their working on server and workload names, and never a secret.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-types';
import { PlanDocument } from '../server/src/language/document';
import { hover } from '../server/src/language/hover';
import { SAMPLES } from './support/cli';

const MABS_SAMPLE = readFileSync(join(SAMPLES, 'mabs-v3-modern-storage.bplan.yaml'), 'utf8');
const SAMPLE_FILES = readdirSync(SAMPLES).filter((f) => f.endsWith('.bplan.yaml'));
const SECRET = 'Zq9-unique-secret-771';

function docOf(text: string): PlanDocument {
  return new PlanDocument('file:///plan.bplan.yaml', 1, text);
}

/** Offset of `needle` (the n-th occurrence after `after`), plus `delta`. */
function offsetOf(text: string, needle: string, options: { after?: string; delta?: number } = {}): number {
  const from = options.after === undefined ? 0 : text.indexOf(options.after);
  assert.ok(from >= 0, `no ${options.after}`);
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `no ${needle}`);
  return at + (options.delta ?? 0);
}

function textOf(h: Hover | null): string {
  assert.ok(h, 'expected a hover');
  const contents = h.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

function hoverText(text: string, needle: string, options: { after?: string; delta?: number } = {}): string {
  return textOf(hover(docOf(text), offsetOf(text, needle, { delta: 1, ...options })));
}

/** A plan with one server, one workload and one policy; `server` is the server's YAML mapping body. */
function plan(server: string, extra = ''): string {
  return `bplan: 1
servers:
  - name: srv01
${server
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
workloads:
  - name: app-db
    type: sql-server
    sizeGB: 400
    dailyChurnPercent: 2
    server: srv01
    policy: daily
policies:
  - name: daily
    disk: { syncEvery: 1h, recoveryPoints: ["20:00"], retentionDays: 10 }
    online:
      times: ["22:00"]
      retention: { daily: 30 }
${extra}`;
}

describe('hover on keys', () => {
  it('covers exactly the key hovered, and a value hover exactly the value', () => {
    const doc = docOf(MABS_SAMPLE);
    const key = offsetOf(MABS_SAMPLE, 'times:', { after: '- name: sql-15min' });
    const h = hover(doc, key + 2);
    assert.deepEqual(h?.range, doc.range({ start: key, end: key + 'times'.length }));
    const line = MABS_SAMPLE.slice(0, key).split('\n').length - 1;
    const column = key - MABS_SAMPLE.lastIndexOf('\n', key) - 1;
    assert.deepEqual(h?.range, { start: { line, character: column }, end: { line, character: column + 5 } });

    const item = offsetOf(MABS_SAMPLE, '"23:00"', { after: '- name: sql-15min' });
    assert.deepEqual(hover(doc, item + 3)?.range, doc.range({ start: item, end: item + '"23:00"'.length }));
  });

  it('online.times of a MABS policy: the MABS limit, the value here, the source key and its quote, the rule', () => {
    const text = hoverText(MABS_SAMPLE, 'times:', { after: '- name: sql-15min' });
    assert.match(text, /^\*\*`policies\[\]\.online\.times`\*\* — policy `sql-15min`/);
    assert.match(text, /Times of day of the backups to the vault/);
    assert.match(text, /\*\*Limits for `lyo-mabs01`\*\* \(MABS v3 UR2 — Azure Backup Server\)/);
    assert.ok(text.includes('online backups per day on MABS: **2** of at most **2** backups per day (Azure Backup Server, all versions)'), text);
    assert.ok(text.includes('Source **seed 004** (shared/seeds):\n\n> Backup frequency (to the backup vault) |Three backups per day |Two backups per day'), text);
    assert.ok(text.includes('Source **A1** (product-limits.md):'), text);
    assert.ok(text.includes('DPM/MABS: Two per day'), text);
    assert.ok(text.includes('(https://github.com/bplan-dev/bplan/blob/main/docs/rules.md#online-frequency)'), text);
    // Only the limit of the product concerned, not MARS's three a day.
    assert.doesNotMatch(text, /at most \*\*3\*\*/);
    assert.doesNotMatch(text, /Azure Backup \(MARS\) agent/);
  });

  it('a value over the limit: the count here, the limit, and a mark', () => {
    const text = plan('product: mabs\nversion: v3').replace('times: ["22:00"]', 'times: ["06:00", "12:00", "22:00"]');
    const h = hoverText(text, 'times:');
    assert.ok(h.includes('times here (one per time of day): **3** of at most **2** backups per day (Azure Backup Server, all versions) ⚠ over the limit'), h);
  });

  it('the limit for the server version: MABS v2 and v3 need different memory', () => {
    const v2 = hoverText(plan('product: mabs\nversion: v2\nhardware: { cores: 4, memoryGB: 6 }'), 'memoryGB');
    const v3 = hoverText(plan('product: mabs\nversion: v3\nhardware: { cores: 4, memoryGB: 6 }'), 'memoryGB');
    assert.ok(v2.includes('memoryGB here: **6** of at least **4** GB of memory (Azure Backup Server v1 and v2 on premises)'), v2);
    assert.doesNotMatch(v2, /⚠/);
    assert.ok(v3.includes('memoryGB here: **6** of at least **8** GB of memory (Azure Backup Server v3 and later on premises) ⚠ below the minimum'), v3);
    assert.ok(v3.includes('Source **A8** (product-limits.md):\n\n> two cores and 8-GB RAM'), v3);
    assert.match(v2, /Unit: GB\./);
  });

  it('the limit for the server version: DPM 2022 has a minimum of cores, DPM 2012 R2 none', () => {
    const dpm2022 = hoverText(plan('product: dpm\nversion: 2022\nhardware: { cores: 2, memoryGB: 16 }'), 'cores');
    const dpm2012 = hoverText(plan('product: dpm\nversion: 2012-r2\nhardware: { cores: 2, memoryGB: 16 }'), 'cores');
    assert.ok(dpm2022.includes('**Limits for `srv01`** (DPM 2022 — System Center Data Protection Manager)'), dpm2022);
    assert.ok(dpm2022.includes('cores here: **2** of at least **4** cores (System Center DPM 2022) ⚠ below the minimum'), dpm2022);
    assert.ok(dpm2022.includes('> 1.4 GHz 4 core minimum, 3.3 GHz 4 core recommended'), dpm2022);
    assert.ok(dpm2012.includes('(DPM 2012 R2 — System Center Data Protection Manager): no documented limit for this product and version'), dpm2012);
    assert.doesNotMatch(dpm2012, /at least \*\*4\*\*/);
    // memoryGB shows memory limits, not the cores ones of the same rule.
    assert.doesNotMatch(hoverText(plan('product: dpm\nversion: 2022\nhardware: { cores: 2, memoryGB: 16 }'), 'memoryGB'), /cores \(System Center/);
  });

  it('says which version it assumed when the server gives none', () => {
    const text = hoverText(plan('product: mabs\nhardware: { cores: 4, memoryGB: 6 }'), 'memoryGB');
    assert.ok(text.includes('no version given: bplan assumes MABS v1, the version the source documents describe'), text);
    assert.ok(text.includes('of at least **4** GB of memory'), text);
  });

  it('keeps limits for the kind of data the policy protects (SQL Server: 15 minutes, not the hour for other workloads)', () => {
    const text = plan('product: dpm\nversion: 2016').replace('syncEvery: 1h', 'syncEvery: 15m');
    const h = hoverText(text, 'syncEvery');
    assert.ok(h.includes('syncEvery here (15m): **15** of at least **15** minutes (SQL Server on DPM and MABS, all versions)'), h);
    assert.doesNotMatch(h, /workloads other than SQL Server/);
  });

  it('without a server concerned: the limits per product in a table', () => {
    const text = plan('product: mabs\nversion: v3', '  - name: unused\n    online: { times: ["01:00"] }\n');
    const h = hoverText(text, 'times:', { after: '- name: unused' });
    assert.ok(h.includes('**Limits by product** (no workload on a known server follows this policy):'), h);
    assert.ok(h.includes('| MARS | at most 3 backups per day | Azure Backup (MARS) agent, all versions |'), h);
    assert.ok(h.includes('| MABS | at most 2 backups per day | Azure Backup Server, all versions |'), h);
    assert.ok(h.includes('| Azure VM backup | at most 1 backup per day |'), h);
  });

  it('limits of every product stand alone, with the alternatives where documents disagree', () => {
    const h = hoverText(MABS_SAMPLE, 'retention:', { after: '- name: sql-15min' });
    assert.ok(h.includes('**89** of at most **9,999** recovery points'), h);
    assert.match(h, /\*Documents disagree\* on 9,999 recovery points .*\*\*120\*\* recovery points \(S14\)/);
  });

  it('a key without limits: its meaning and the rule that checks it', () => {
    const h = hoverText(MABS_SAMPLE, 'deployment:');
    assert.match(h, /^\*\*`servers\[\]\.deployment`\*\* — server `lyo-mabs01`\n\nWhere the server runs\./);
    assert.ok(h.includes('Rule [`server-deployment`](https://github.com/bplan-dev/bplan/blob/main/docs/rules.md#server-deployment)'), h);
    // the description, not the generated markdown with its limits list
    assert.doesNotMatch(hoverText(MABS_SAMPLE, 'retentionDays'), /\*\*Limits\*\* \(rule/);
  });
});

describe('hover on values', () => {
  it('an enum value: its description', () => {
    const doc = docOf(MABS_SAMPLE);
    const at = offsetOf(MABS_SAMPLE, 'mabs', { after: 'product:' });
    const h = hover(doc, at + 1);
    assert.deepEqual(h?.range, doc.range({ start: at, end: at + 4 }));
    assert.equal(textOf(h), '`servers[].product`: `mabs`\n\nMicrosoft Azure Backup Server (MABS): DPM without tape or System Center licence; disk and vault.');
  });

  it('a server name: pool and scratch needed against what is provisioned, with the formula and inputs', () => {
    const h = hoverText(MABS_SAMPLE, 'lyo-mabs01', { after: '- name: ' });
    assert.match(h, /^\*\*Server `lyo-mabs01`\*\* \(MABS v3 UR2 — Azure Backup Server\)/);
    assert.ok(h.includes('8 workloads, 8 on disk with Modern Backup Storage.'), h);
    assert.ok(h.includes('**Storage pool**: needs **4.52 TB (4,626.31 GB)** of **7.81 TB (8,000 GB)**'), h);
    assert.ok(h.includes('`Σ (replica + recovery point volume) over the workloads on disk` with sales-db = 745.5 GB, stock-db = 327.6 GB, branch-shares = 2,671.2 GB'), h);
    assert.ok(h.includes('= Σ sizeGB of the storage pool disks = 4,000 GB (lyo-mbs-vol1) + 4,000 GB (lyo-mbs-vol2)'), h);
    // 5 % of the 2,600 GB sent to the vault
    assert.ok(h.includes('**Scratch**: needs **130 GB** of **300 GB** free (headroom 170 GB)'), h);
    assert.ok(h.includes('- needed: **130 GB** = `5 % × data backed up to the vault` with vaultGB = 2,600 GB'), h);
    assert.match(h, /\*Assumptions:\* SQL Server transaction logs are added on top by DPM/);
  });

  it("a workload's server reference shows that server's estimate", () => {
    const doc = docOf(MABS_SAMPLE);
    const at = offsetOf(MABS_SAMPLE, 'lyo-mabs01', { after: 'server: ' });
    const h = hover(doc, at + 2);
    assert.deepEqual(h?.range, doc.range({ start: at, end: at + 'lyo-mabs01'.length }));
    assert.match(textOf(h), /^\*\*Server `lyo-mabs01`\*\*[^]*\*\*Storage pool\*\*: needs \*\*4\.52 TB/);
  });

  it('a workload name: its estimates with the working', () => {
    const h = hoverText(MABS_SAMPLE, 'sales-db', { after: '- name: ' });
    assert.match(h, /^\*\*Workload `sales-db`\*\* — sql-server, 500 GB, on server `lyo-mabs01` \(MABS v3 UR2\), Modern Backup Storage/);
    assert.ok(h.includes('- on the storage pool: **745.5 GB** = replica + recovery point volume'), h);
    assert.ok(h.includes('- replica: **525 GB** = `DS × 1.05` with DS = 500 GB · S8'), h);
    assert.ok(h.includes('with DS = 500 GB, LC = 0.03, RR = 14, N = 1 · S8'), h);
    assert.ok(h.includes('- recovery points on disk: **14 recovery points** of at most 448'), h);
    assert.ok(h.includes('(2 a day × 30 days + 12 weekly + 12 monthly + 5 yearly = 89)'), h);
  });

  it('DPM 2012 R2 and DPM 2016 estimate the same workload differently (legacy allocation, Modern Backup Storage)', () => {
    const legacy = hoverText(plan('product: dpm\nversion: 2012-r2\nos: windows-server-2012-r2'), 'app-db');
    const modern = hoverText(plan('product: dpm\nversion: 2016\nos: windows-server-2016'), 'app-db');
    assert.match(legacy, /legacy storage \(DPM default allocation\)/);
    assert.ok(legacy.includes('`DS × (1 + LC) / (AT − 0.05)`'), legacy);
    assert.match(modern, /Modern Backup Storage/);
    assert.ok(modern.includes('- replica: **420 GB** = `DS × 1.05` with DS = 400 GB'), modern);
  });

  it('a workload without a size says what is missing', () => {
    const h = hoverText(plan('product: mabs\nversion: v3').replace('    sizeGB: 400\n', ''), 'app-db');
    assert.match(h, /size not given/);
    assert.ok(h.includes('- replica: **unknown** — needs sizeGB'), h);
  });
});

describe('hover never shows a secret, never throws', () => {
  const planted = MABS_SAMPLE.replace('passphrase: { env: CONTOSO_LYON_MABS_PASSPHRASE }', `passphrase: "${SECRET}"`);

  it('on passphrase: explains the key, says the value is hidden, never echoes it', () => {
    assert.notEqual(planted, MABS_SAMPLE);
    const doc = docOf(planted);
    const key = offsetOf(planted, 'passphrase:', { after: 'encryption:' });
    const onKey = textOf(hover(doc, key + 1));
    assert.match(onKey, /The encryption passphrase \(at least 16 characters\)/);
    assert.match(onKey, /The value is hidden/);
    assert.match(onKey, /written in the plan itself \(rule passphrase-literal\)/);
    assert.ok(!onKey.includes(SECRET) && !onKey.includes('Zq9'));
    const value = offsetOf(planted, SECRET);
    const onValue = hover(doc, value + 3);
    assert.deepEqual(onValue?.range, doc.range({ start: value - 1, end: value + SECRET.length + 1 }));
    assert.ok(!textOf(onValue).includes('Zq9'));
  });

  it('on every offset of every sample, with and without a planted secret', () => {
    for (const file of SAMPLE_FILES) {
      const original = readFileSync(join(SAMPLES, file), 'utf8');
      const withSecret = original.replace(/passphrase: \{ env: \w+ \}/, `passphrase: "${SECRET}"`);
      assert.notEqual(withSecret, original, `${file} has a passphrase reference`);
      for (const text of [original, withSecret]) {
        const doc = docOf(text);
        let shown = 0;
        for (let offset = 0; offset <= text.length; offset++) {
          const h = hover(doc, offset);
          if (!h) continue;
          shown++;
          const value = (h.contents as MarkupContent).value;
          assert.ok(!value.includes('Zq9'), `${file} at ${offset} shows the secret`);
          assert.ok(h.range && doc.offsetAt(h.range.start) <= offset && offset <= doc.offsetAt(h.range.end), `${file} at ${offset}: range does not cover the offset`);
        }
        assert.ok(shown > text.length / 4, `${file}: hovers on most offsets`);
      }
    }
  });

  it('a secret repeated elsewhere in the plan is masked', () => {
    const text = planted.replace('- name: lyo-mabs01', `- name: ${SECRET}x`);
    const h = hoverText(text, `${SECRET}x`);
    assert.match(h, /^\*\*Server `•••x`\*\*/);
    assert.ok(!h.includes('Zq9'));
  });

  it('returns null on blank lines, comments, the list dash and out-of-range offsets', () => {
    const doc = docOf(MABS_SAMPLE);
    assert.equal(hover(doc, offsetOf(MABS_SAMPLE, '# Microsoft Azure Backup Server', { delta: 5 })), null);
    assert.equal(hover(doc, offsetOf(MABS_SAMPLE, '\n\nvault:', { delta: 1 })), null);
    assert.equal(hover(doc, offsetOf(MABS_SAMPLE, '- name: lyo-mabs01')), null);
    assert.equal(hover(doc, -1), null);
    assert.equal(hover(doc, MABS_SAMPLE.length + 10), null);
    assert.equal(hover(doc, 1.5), null);
  });

  it('broken, half-typed and binary texts', () => {
    const texts = [
      '',
      '\u0000\u0001\uffff\ud800',
      'bplan: 1\nservers:\n  - name: [',
      'bplan: 1\nservers:\n  - name: srv\n    product: mabs\n    version: v3\n    hardware: { cores: ',
      'bplan: 1\npolicies:\n  - name: p\n    online:\n      times: ["01:00", "02:00", "03:00"\n',
      'vault: &a\n  name: *a\n',
      '- just\n- a list',
      `bplan: 1\nvault:\n  name: v\n  encryption:\n    passphrase: ${SECRET}\n  region: [`,
      MABS_SAMPLE.slice(0, 900),
    ];
    for (const text of texts) {
      const doc = docOf(text);
      for (let offset = 0; offset <= text.length; offset++) {
        const h = hover(doc, offset);
        if (h) assert.ok(!(h.contents as MarkupContent).value.includes('Zq9'), `secret shown at ${offset} of ${JSON.stringify(text)}`);
      }
    }
    // Mid-typing, a key still explains itself.
    const typing = 'bplan: 1\nservers:\n  - name: srv\n    product: mabs\n    version: v3\n    hardware: { cores: ';
    assert.match(hoverText(typing, 'product'), /The backup product\./);
  });
});

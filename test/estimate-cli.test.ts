/**
 * `bplan estimate` as a real process (node bin/bplan.js): every sample in every format against the
 * golden files in test/estimate-golden/ (regenerate with UPDATE_GOLDEN=1, then read the diff), the
 * JSON shape and its documented example (docs/estimates.md), numbers checked by hand, exit codes,
 * missing inputs, --output-file, --config, usage errors and standard input. Anything written goes to
 * a temporary folder that is removed afterwards.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { assertNoStackTrace, assertOneLineMessage, bplan, makeTmp, PACKAGE, ROOT, SAMPLES } from './support/cli';

const GOLDEN = join(ROOT, 'test', 'estimate-golden');
const DOCS = join(ROOT, 'docs', 'estimates.md');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const FORMATS = ['table', 'json', 'markdown', 'html'] as const;
const SAMPLE_NAMES = readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.bplan.yaml'))
  .map((f) => f.slice(0, -'.bplan.yaml'.length))
  .sort();

const tmp = makeTmp('bplan-estimate-');
after(() => tmp.cleanup());

/** The tool version is the only thing in the output that changes with a release. */
function normalize(text: string): string {
  return text.replace(/("tool": \{\s*"name": "bplan",\s*"version": )"[^"]*"/, '$1"<version>"');
}

// ---- the JSON shape, version 1 (docs/estimates.md) ------------------------------------------------------

interface JQuantity {
  value: number | null;
  unit: string;
  formula: string;
  inputs: Record<string, number | string>;
  assumptions: string[];
  sources: string[];
  missing?: string[];
}
interface JWorkload {
  name: string;
  location: string;
  type: string | null;
  method: 'legacy' | 'modern-backup-storage' | 'none';
  sizeGB: number | null;
  replicaGB: JQuantity;
  recoveryPointVolumeGB: JQuantity;
  diskRecoveryPoints: JQuantity;
  diskRecoveryPointLimit: number | null;
  onlineRecoveryPoints: JQuantity;
  onlineRecoveryPointLimit: number;
  protectedInstances: JQuantity;
  vaultGB: number | null;
  poolGrowth: { day: number; GB: number }[];
}
interface JServer {
  name: string;
  location: string;
  product: string | null;
  label: string;
  storagePool?: {
    requiredGB: JQuantity;
    capacityGB: number | null;
    ruleOfThumbMinGB: JQuantity;
    ruleOfThumbRecommendedGB: { low: number | null; high: number | null };
    protectedGB: number | null;
  };
  scratch: { requiredGB: JQuantity; freeGB: number | null };
  workloads: JWorkload[];
}
interface JEstimate {
  version: 1;
  tool: { name: string; version: string };
  files: {
    file: string;
    note?: string;
    servers: JServer[];
    totals: { protectedGB: number | null; poolRequiredGB: number | null; poolCapacityGB: number | null; scratchRequiredGB: number | null; protectedInstances: number | null };
  }[];
}

function parse(stdout: string): JEstimate {
  try {
    return JSON.parse(stdout) as JEstimate;
  } catch (error) {
    throw new Error(`--format json printed no valid JSON (${String(error)}):\n${stdout}`);
  }
}

const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const numOrNull = (v: unknown) => v === null || isNum(v);

function assertQuantity(q: JQuantity, where: string): void {
  const keys = Object.keys(q).sort();
  const expected = ['assumptions', 'formula', 'inputs', 'sources', 'unit', 'value', ...(q.missing ? ['missing'] : [])].sort();
  assert.deepEqual(keys, expected, `${where}: keys`);
  assert.ok(numOrNull(q.value), `${where}.value`);
  assert.equal(typeof q.unit, 'string', `${where}.unit`);
  assert.ok(q.formula.length > 0, `${where}.formula`);
  assert.equal(typeof q.inputs, 'object', `${where}.inputs`);
  for (const [k, v] of Object.entries(q.inputs)) assert.ok(isNum(v) || typeof v === 'string', `${where}.inputs.${k}`);
  assert.ok(Array.isArray(q.assumptions) && q.assumptions.every((a) => typeof a === 'string'), `${where}.assumptions`);
  assert.ok(Array.isArray(q.sources) && q.sources.every((s) => typeof s === 'string'), `${where}.sources`);
  if (q.value === null) assert.ok(q.missing && q.missing.length > 0, `${where}: a null value says what is missing`);
  if (q.missing) assert.ok(q.missing.every((m) => typeof m === 'string' && m.length > 0), `${where}.missing`);
}

/** Checks the documented shape, key by key, and that no internals (spans, paths) leak. */
function assertShape(doc: JEstimate): void {
  assert.deepEqual(Object.keys(doc), ['version', 'tool', 'files']);
  assert.equal(doc.version, 1);
  assert.deepEqual(doc.tool, { name: 'bplan', version: PACKAGE.version });
  for (const f of doc.files) {
    assert.equal(typeof f.file, 'string');
    assert.deepEqual(Object.keys(f), ['file', ...(f.note ? ['note'] : []), 'servers', 'totals']);
    assert.deepEqual(Object.keys(f.totals), ['protectedGB', 'poolRequiredGB', 'poolCapacityGB', 'scratchRequiredGB', 'protectedInstances']);
    for (const v of Object.values(f.totals)) assert.ok(numOrNull(v));
    for (const s of f.servers) {
      const at = `${f.file} ${s.name}`;
      assert.deepEqual(Object.keys(s), ['name', 'location', 'product', 'label', ...(s.storagePool ? ['storagePool'] : []), 'scratch', 'workloads'], at);
      assert.match(s.location, /^servers\[/);
      if (s.storagePool) {
        const sp = s.storagePool;
        assert.deepEqual(Object.keys(sp), ['requiredGB', 'capacityGB', 'ruleOfThumbMinGB', 'ruleOfThumbRecommendedGB', 'protectedGB'], at);
        assertQuantity(sp.requiredGB, `${at} storagePool.requiredGB`);
        assertQuantity(sp.ruleOfThumbMinGB, `${at} storagePool.ruleOfThumbMinGB`);
        assert.ok(numOrNull(sp.capacityGB) && numOrNull(sp.protectedGB));
        assert.deepEqual(Object.keys(sp.ruleOfThumbRecommendedGB), ['low', 'high']);
      }
      assert.deepEqual(Object.keys(s.scratch), ['requiredGB', 'freeGB']);
      assertQuantity(s.scratch.requiredGB, `${at} scratch.requiredGB`);
      for (const w of s.workloads) {
        const wat = `${at} ${w.name}`;
        assert.deepEqual(
          Object.keys(w),
          [
            'name',
            'location',
            'type',
            'method',
            'sizeGB',
            'replicaGB',
            'recoveryPointVolumeGB',
            'diskRecoveryPoints',
            'diskRecoveryPointLimit',
            'onlineRecoveryPoints',
            'onlineRecoveryPointLimit',
            'protectedInstances',
            'vaultGB',
            'poolGrowth',
          ],
          wat,
        );
        assert.match(w.location, /^workloads\[/);
        assert.ok(['legacy', 'modern-backup-storage', 'none'].includes(w.method));
        for (const k of ['replicaGB', 'recoveryPointVolumeGB', 'diskRecoveryPoints', 'onlineRecoveryPoints', 'protectedInstances'] as const) assertQuantity(w[k], `${wat} ${k}`);
        assert.ok(numOrNull(w.sizeGB) && numOrNull(w.diskRecoveryPointLimit) && isNum(w.onlineRecoveryPointLimit) && numOrNull(w.vaultGB));
        for (const p of w.poolGrowth) assert.deepEqual(Object.keys(p), ['day', 'GB']);
      }
    }
  }
  const text = JSON.stringify(doc);
  assert.doesNotMatch(text, /"(span|path|start|end)":/, 'no estimator internals');
}

// ---- golden files ----------------------------------------------------------------------------------------

describe('bplan estimate: every sample in every format matches its golden file', () => {
  assert.ok(SAMPLE_NAMES.length >= 4, 'samples/ holds the four sample plans');
  for (const name of SAMPLE_NAMES) {
    for (const format of FORMATS) {
      test(`${name}.${format}`, () => {
        const r = bplan(['estimate', '--format', format, `samples/${name}.bplan.yaml`]);
        assert.equal(r.stderr, '');
        assert.equal(r.status, 0);
        const golden = join(GOLDEN, `${name}.${format}`);
        if (UPDATE) {
          mkdirSync(GOLDEN, { recursive: true });
          writeFileSync(golden, r.stdout);
        }
        assert.ok(existsSync(golden), `${golden} is missing: run UPDATE_GOLDEN=1 node scripts/run-tests.mjs estimate`);
        assert.equal(normalize(r.stdout), normalize(readFileSync(golden, 'utf8')), `${name}.${format} differs from its golden file (UPDATE_GOLDEN=1 regenerates it; read the diff)`);
      });
    }
  }

  test('the table is the default format; every number carries its unit', () => {
    const plain = bplan(['estimate', 'samples/mabs-v3-modern-storage.bplan.yaml']);
    assert.equal(plain.stdout, readFileSync(join(GOLDEN, 'mabs-v3-modern-storage.table'), 'utf8'));
    // GB below 1,000 GB, TB (÷ 1024, two decimals) above.
    assert.match(plain.stdout, /needed 4\.52 TB · capacity 7\.81 TB · headroom 3\.29 TB/);
    assert.match(plain.stdout, /needed 130 GB · free 300 GB · headroom 170 GB/);
    assert.doesNotMatch(plain.stdout, /\b\d{4,}(\.\d+)? TB/, 'no TB figure of 1,000 or more');
  });
});

// ---- numbers checked by hand --------------------------------------------------------------------------------

describe('bplan estimate: the golden numbers, checked by hand against the formulas', () => {
  const round = (n: number) => Math.round(n * 100) / 100;

  test('MABS sample, first workload (sales-db): Modern Backup Storage', () => {
    // samples/mabs-v3-modern-storage.bplan.yaml: lyo-mabs01 is MABS v3 on Windows Server 2019, so
    // Modern Backup Storage (S8): DS × (1 + LC × RR × N) × 1.05, split into replica and the rest.
    // sales-db: sql-server, sizeGB 500 → DS = 500; dailyChurnPercent 3 → LC = 0.03;
    // policy sql-15min: recoveryPoints ["21:00"] → N = 1, retentionDays 14 → RR = 14.
    //   replica               = 500 × 1.05                  = 525 GB
    //   recovery point volume = 500 × 0.03 × 14 × 1 × 1.05   = 220.5 GB   (525 + 220.5 = 745.5 GB in the pool)
    //   disk recovery points  = 1 a day × 14 days           = 14, limit 448 (application data)
    //   vault recovery points = 2 a day (13:00, 23:00) × 30 + 12 weekly + 12 monthly + 5 yearly = 89, limit 9,999
    //   protected instances   = 500 GB ≤ 500 GB             = 1
    // Server: protected data = 500 + 200 + 1200 + 150 + 100 + 80 + 250 + 120 = 2,600 GB.
    //   pool needed = 745.5 + 327.6 + 2671.2 + 190.58 + 134.4 + 95.76 + 317.63 + 143.64 = 4,626.31 GB
    //               = 4626.31 / 1024 = 4.5179 → 4.52 TB; capacity 2 × 4,000 = 8,000 GB = 7.8125 → 7.81 TB
    //   rule of thumb: 1.5 × 2,600 = 3,900 GB (3.81 TB); 2–3 × 2,600 = 5,200–7,800 GB (5.08–7.62 TB)
    //   scratch = 5 % × 2,600 GB sent to the vault = 130 GB, free 300 GB
    assert.equal(round(500 * 1.05), 525);
    assert.equal(round(500 * 0.03 * 14 * 1 * 1.05), 220.5);
    assert.equal(round(745.5 + 327.6 + 2671.2 + 190.58 + 134.4 + 95.76 + 317.63 + 143.64), 4626.31);

    const table = readFileSync(join(GOLDEN, 'mabs-v3-modern-storage.table'), 'utf8');
    assert.match(table, /^ {2}sales-db +sql-server +MBS +500 GB +525 GB +220\.5 GB +14 \/ 448 +89 \/ 9,999 +1$/m);
    assert.ok(table.includes('replica = DS × 1.05 = 500 GB × 1.05 = 525 GB  [S8]'));
    assert.ok(table.includes('= 500 GB × 0.03 × 14 × 1 × 1.05 = 220.5 GB  [S8]'));
    assert.ok(table.includes('disk recovery points = recovery points a day × retention days = 1 × 14 = 14 recovery points (limit 448)'));
    assert.ok(table.includes('= 2 a day × 30 days + 12 weekly + 12 monthly + 5 yearly = 89 recovery points (limit 9,999)'));
    assert.ok(table.includes('with DS = 500 GB → 1 protected instance'));
    assert.ok(table.includes('745.5 GB (sales-db) + 327.6 GB (stock-db)'));
    assert.ok(table.includes('= 4.52 TB (4,626.31 GB)  [S8]'));
    assert.ok(table.includes('rule of thumb, minimum = 1.5 × protected data = 1.5 × 2,600 GB = 3.81 TB (3,900 GB)'));
    assert.ok(table.includes('= 5.08–7.62 TB (5,200–7,800 GB)'));
    assert.ok(table.includes('scratch needed = 5 % × data backed up to the vault = 5 % × 2,600 GB = 130 GB'));

    const json = parse(readFileSync(join(GOLDEN, 'mabs-v3-modern-storage.json'), 'utf8'));
    const server = json.files[0]!.servers[0]!;
    const w = server.workloads[0]!;
    assert.equal(w.name, 'sales-db');
    assert.equal(w.method, 'modern-backup-storage');
    assert.deepEqual([w.replicaGB.value, w.recoveryPointVolumeGB.value, w.diskRecoveryPoints.value, w.onlineRecoveryPoints.value, w.protectedInstances.value], [525, 220.5, 14, 89, 1]);
    assert.deepEqual(w.recoveryPointVolumeGB.inputs, { DS: 500, LC: 0.03, RR: 14, N: 1 });
    assert.deepEqual([w.diskRecoveryPointLimit, w.onlineRecoveryPointLimit], [448, 9999]);
    // Growth: day 0 is the replica, day RR the replica plus the whole recovery point volume.
    assert.deepEqual([w.poolGrowth[0], w.poolGrowth.at(-1)], [{ day: 0, GB: 525 }, { day: 14, GB: 745.5 }]);
    assert.equal(server.storagePool!.requiredGB.value, 4626.31);
    assert.equal(server.storagePool!.ruleOfThumbMinGB.value, 3900);
    assert.deepEqual(server.storagePool!.ruleOfThumbRecommendedGB, { low: 5200, high: 7800 });
    assert.equal(server.scratch.requiredGB.value, 130);
  });

  test('DPM sample, first workload (erp-db): legacy default allocation', () => {
    // samples/dpm-2012-r2-onprem.bplan.yaml: hq-dpm01 is DPM 2012 R2, before Modern Backup Storage, so
    // the legacy default allocation for SQL Server (S3, S4):
    //   replica = DS × (1 + LC) / (AT − 0.05),  recovery point volume = 2.5 × RR × LC × DS + 1600 MB.
    // erp-db: sizeGB 450 → DS = 450; dailyChurnPercent 3 → LC = 0.03; AT = 0.9 (90 %, the default);
    // policy sql-15min: retentionDays 14 → RR = 14; recoveryPoints 08:00 and 20:00 → 2 a day.
    //   replica               = 450 × 1.03 / 0.85 = 463.5 / 0.85 = 545.294… → 545.29 GB
    //   recovery point volume = 2.5 × 14 × 0.03 × 450 + 1600/1024 = 472.5 + 1.5625 = 474.0625 → 474.06 GB
    //   disk recovery points  = 2 a day × 14 days = 28, limit 448
    //   vault recovery points = 1 a day × 30 + 12 weekly + 12 monthly + 7 yearly = 61
    //   protected instances   = 450 GB ≤ 500 GB = 1
    // Server: protected data 450 + 150 + 1200 + 350 + 120 + 90 + 60 + 1600 = 4,020 GB;
    //   scratch = 5 % × 4,020 GB = 201 GB (the sample's own comment says the same); pool capacity 3 × 4,000 = 12,000 GB = 11.72 TB.
    //   exchange-mailbox-dbs: replica 1200 × 1.06 / 0.85 = 1,496.47 GB; RP 4 × 14 × 0.06 × 1200 + 1.5625 = 4,033.56 GB.
    assert.equal(round((450 * (1 + 0.03)) / (0.9 - 0.05)), 545.29);
    assert.equal(round(2.5 * 14 * 0.03 * 450 + 1600 / 1024), 474.06);
    assert.equal(round((1200 * 1.06) / 0.85), 1496.47);
    assert.equal(round(4 * 14 * 0.06 * 1200 + 1600 / 1024), 4033.56);

    const table = readFileSync(join(GOLDEN, 'dpm-2012-r2-onprem.table'), 'utf8');
    assert.match(table, /^ {2}erp-db +sql-server +legacy +450 GB +545\.29 GB +474\.06 GB +28 \/ 448 +61 \/ 9,999 +1$/m);
    assert.ok(table.includes('replica = DS × (1 + LC) / (AT − 0.05) = 450 GB × (1 + 0.03) / (0.9 − 0.05) = 545.29 GB  [S3, S4]'));
    assert.ok(table.includes('recovery point volume = 2.5 × RR × LC × DS + 1600 MB = 2.5 × 14 × 0.03 × 450 GB + 1600 MB = 474.06 GB  [S3, S4]'));
    assert.ok(table.includes('= 1,200 GB × (1 + 0.06) / (0.9 − 0.05) = 1.46 TB (1,496.47 GB)'));
    assert.ok(table.includes('= 4 × 14 × 0.06 × 1,200 GB + 1600 MB = 3.94 TB (4,033.56 GB)'));
    assert.ok(table.includes('scratch needed = 5 % × data backed up to the vault = 5 % × 4,020 GB = 201 GB'));
    assert.match(table, /storage pool +needed 10\.61 TB · capacity 11\.72 TB · headroom 1\.11 TB/);

    const json = parse(readFileSync(join(GOLDEN, 'dpm-2012-r2-onprem.json'), 'utf8'));
    const w = json.files[0]!.servers[0]!.workloads[0]!;
    assert.equal(w.name, 'erp-db');
    assert.equal(w.method, 'legacy');
    assert.deepEqual([w.replicaGB.value, w.recoveryPointVolumeGB.value, w.diskRecoveryPoints.value, w.onlineRecoveryPoints.value, w.protectedInstances.value], [545.29, 474.06, 28, 61, 1]);
    assert.deepEqual(w.replicaGB.inputs, { DS: 450, LC: 0.03, AT: 0.9 });
    assert.equal(json.files[0]!.totals.scratchRequiredGB, 201);
  });

  test('MARS and Azure VM backup samples: scratch with System State, no pool, protected instances', () => {
    // MARS: 380 + 120 + 30 = 530 GB to the vault; scratch = 5 % × 530 + 30 GB for System State = 56.5 GB.
    // System State of 30 GB ≤ 50 GB is a small instance. Azure VM backup: no scratch; vm-sql01 is
    // 1,024 GB → ⌈1024 / 500⌉ = 3 instances, the other five 1 each → 8.
    const mars = parse(readFileSync(join(GOLDEN, 'mars-file-server.json'), 'utf8')).files[0]!;
    assert.equal(mars.servers[0]!.scratch.requiredGB.value, 56.5);
    assert.equal(mars.servers[0]!.storagePool, undefined);
    assert.match(readFileSync(join(GOLDEN, 'mars-file-server.table'), 'utf8'), /= 5 % × 530 GB \+ 30 GB for System State \(30–35 GB\) = 56\.5 GB/);
    const azure = parse(readFileSync(join(GOLDEN, 'azure-vm-backup.json'), 'utf8')).files[0]!;
    assert.equal(azure.totals.protectedInstances, 8);
    assert.match(readFileSync(join(GOLDEN, 'azure-vm-backup.table'), 'utf8'), /scratch +not applicable: Azure VM backup/);
  });
});

// ---- JSON ------------------------------------------------------------------------------------------------

describe('bplan estimate --format json', () => {
  test('every sample has the documented shape; a directory gives one entry per file, in order', () => {
    const r = bplan(['estimate', '--format', 'json', 'samples']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const doc = parse(r.stdout);
    assertShape(doc);
    assert.deepEqual(
      doc.files.map((f) => f.file),
      SAMPLE_NAMES.map((n) => `samples/${n}.bplan.yaml`),
    );
    for (const f of doc.files) assert.ok(f.servers.length > 0, f.file);
  });

  test('the example in docs/estimates.md is real output', () => {
    let docs = readFileSync(DOCS, 'utf8');
    const examples = [...docs.matchAll(/<!-- example:([a-z-]+) plan -->\n```yaml\n([\s\S]*?)```\n/g)];
    assert.ok(examples.length >= 2, 'docs/estimates.md holds the example plans');
    for (const [, name, planText] of examples) {
      const r = bplan(['estimate', '--format', 'json', '--stdin-filename', `${name}.bplan.yaml`, '-'], { input: planText });
      assert.equal(r.status, 0, r.stderr);
      assertShape(parse(r.stdout));
      const block = new RegExp(`(<!-- example:${name} json -->\\n\`\`\`json\\n)([\\s\\S]*?)(\`\`\`\\n)`);
      if (UPDATE) docs = docs.replace(block, (_, a: string, _old: string, c: string) => `${a}${r.stdout}${c}`);
      const shown = block.exec(docs);
      assert.ok(shown, `docs/estimates.md has no json block for example ${name}`);
      assert.deepEqual(parse(normalize(shown[2]!)), parse(normalize(r.stdout)), `the ${name} example in docs/estimates.md is not what bplan prints (UPDATE_GOLDEN=1 rewrites it)`);
    }
    if (UPDATE) writeFileSync(DOCS, docs);
  });
});

// ---- missing inputs, exit codes, operands -----------------------------------------------------------------

const MISSING_SIZE = `bplan: 1
vault: { name: rsv-missing, region: westeurope }
servers:
  - name: mabs01
    product: mabs
    version: v3
    os: windows-server-2019
    scratch: { freeGB: 100 }
    storagePool: { disks: [{ name: d1, sizeGB: 2000, type: fixed }] }
workloads:
  - { name: sized, type: files, sizeGB: 100, dailyChurnPercent: 2, server: mabs01, policy: p }
  - { name: unsized, type: files, server: mabs01, policy: p }
policies:
  - name: p
    disk: { syncEvery: 1h, recoveryPoints: ["21:00"], retentionDays: 7 }
    online: { times: ["22:00"], retention: { daily: 30 } }
`;

describe('bplan estimate: missing inputs are unknown, never 0', () => {
  const file = join(tmp.dir, 'missing.bplan.yaml');
  writeFileSync(file, MISSING_SIZE);

  test('table: "?" in the row, "needs sizeGB of workload …" in the working', () => {
    const r = bplan(['estimate', file], { cwd: tmp.dir });
    assert.equal(r.status, 0, r.stderr);
    const row = r.stdout.split('\n').find((l) => l.startsWith('  unsized '));
    assert.ok(row, r.stdout);
    assert.match(row, /^ {2}unsized +files +MBS +\? +\? +\? +7 \/ 64 +30 \/ 9,999 +\?$/);
    assert.ok(r.stdout.includes('replica = DS × 1.05 = unknown: needs sizeGB of workload "unsized"'));
    assert.ok(r.stdout.includes('recovery point volume = DS × LC × RR × N × 1.05 = unknown: needs sizeGB of workload "unsized"'));
    assert.ok(r.stdout.includes('protected instances = DS ≤ 50 GB: 1 (small); ≤ 500 GB: 1; else ⌈DS / 500⌉ = unknown: needs sizeGB of workload "unsized"'));
    assert.ok(r.stdout.includes('pool needed = Σ (replica + recovery point volume) over the workloads on disk = unknown: needs sizeGB of workload "unsized"'));
    assert.ok(r.stdout.includes('scratch needed = 5 % × data backed up to the vault = unknown: needs sizeGB of workload "unsized"'));
    assert.match(r.stdout, /storage pool +needed \? · capacity 1\.95 TB · headroom \?/);
    assert.match(r.stdout, /protected data +\? \(see the working\)/);
    // The sized workload is still estimated: 100 × 1.05 = 105 GB, 100 × 0.02 × 7 × 1 × 1.05 = 14.7 GB.
    assert.match(r.stdout, /^ {2}sized +files +MBS +100 GB +105 GB +14\.7 GB/m);
    assert.doesNotMatch(row, /\b0 GB\b/);
  });

  test('json: null values with missing, never 0', () => {
    const r = bplan(['estimate', '-f', 'json', file], { cwd: tmp.dir });
    assert.equal(r.status, 0, r.stderr);
    const doc = parse(r.stdout);
    assertShape(doc);
    const server = doc.files[0]!.servers[0]!;
    const w = server.workloads.find((x) => x.name === 'unsized')!;
    assert.equal(w.sizeGB, null);
    for (const q of [w.replicaGB, w.recoveryPointVolumeGB, w.protectedInstances]) {
      assert.equal(q.value, null);
      assert.deepEqual(q.missing, ['sizeGB']);
    }
    assert.deepEqual(w.poolGrowth, []);
    assert.equal(server.storagePool!.requiredGB.value, null);
    assert.deepEqual(server.storagePool!.requiredGB.missing, ['sizeGB of workload "unsized"']);
    assert.equal(server.scratch.requiredGB.value, null);
    assert.deepEqual(doc.files[0]!.totals, { protectedGB: null, poolRequiredGB: null, poolCapacityGB: 2000, scratchRequiredGB: null, protectedInstances: null });
  });

  test('markdown and html say the same', () => {
    const md = bplan(['estimate', '-f', 'markdown', file], { cwd: tmp.dir });
    assert.equal(md.status, 0);
    assert.ok(md.stdout.includes('needs sizeGB of workload "unsized"'));
    assert.match(md.stdout, /^\| unsized \| files \| MBS \| \? \| \? \| \? \|/m);
    const html = bplan(['estimate', '-f', 'html', file], { cwd: tmp.dir });
    assert.equal(html.status, 0);
    assert.ok(html.stdout.includes('needs sizeGB of workload &quot;unsized&quot;'));
  });
});

describe('bplan estimate: exit codes, operands and output', () => {
  test('a directory: every plan, exit 0, nothing on stderr', () => {
    const r = bplan(['estimate', 'samples']);
    assert.equal(r.status, 0);
    assert.equal(r.stderr, '');
    const headers = r.stdout.split('\n').filter((l) => /^samples\/.*\.bplan\.yaml$/.test(l));
    assert.deepEqual(headers, SAMPLE_NAMES.map((n) => `samples/${n}.bplan.yaml`));
    assertNoStackTrace(r.stdout, 'stdout');
  });

  test('a glob and no operand (the current directory) work as for lint', () => {
    const glob = bplan(['estimate', '-f', 'json', 'samples/mars-*.bplan.yaml']);
    assert.equal(glob.status, 0);
    assert.deepEqual(parse(glob.stdout).files.map((f) => f.file), ['samples/mars-file-server.bplan.yaml']);
    const cwd = bplan(['estimate', '-f', 'json'], { cwd: SAMPLES });
    assert.equal(cwd.status, 0);
    assert.equal(parse(cwd.stdout).files.length, SAMPLE_NAMES.length);
  });

  test('a plan with lint errors still gets its estimate, exit 0: lint is the judge', () => {
    assert.equal(bplan(['lint', 'test/cli-fixtures/errors.bplan.yaml']).status, 1);
    const r = bplan(['estimate', 'test/cli-fixtures/errors.bplan.yaml']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
  });

  test('a plan with YAML errors: an empty estimate and a one-line note on stderr, exit 0', () => {
    const r = bplan(['estimate', 'test/cli-fixtures/yaml-syntax.bplan.yaml']);
    assert.equal(r.status, 0);
    assertOneLineMessage(r.stderr, /^bplan: test\/cli-fixtures\/yaml-syntax\.bplan\.yaml: no estimate: the plan has 2 YAML errors; bplan lint shows them$/);
    assert.match(r.stdout, /^no estimate: the plan has 2 YAML errors/m);
    const json = bplan(['estimate', '-f', 'json', 'test/cli-fixtures/yaml-syntax.bplan.yaml', 'samples/mars-file-server.bplan.yaml']);
    assert.equal(json.status, 0);
    const doc = parse(json.stdout);
    assertShape(doc);
    assert.deepEqual(doc.files[0]!.servers, []);
    assert.match(doc.files[0]!.note!, /YAML errors/);
    assert.equal(doc.files[1]!.servers.length, 1, 'the other plan is still estimated');
    for (const format of ['markdown', 'html']) assert.equal(bplan(['estimate', '-f', format, 'test/cli-fixtures/yaml-syntax.bplan.yaml']).status, 0);
  });

  test('a missing operand: exit 2 with one line per operand, estimates of the others still printed', () => {
    const none = bplan(['estimate', 'no-such-plan.bplan.yaml']);
    assert.equal(none.status, 2);
    assertOneLineMessage(none.stderr, /no-such-plan\.bplan\.yaml: no such file, directory or matching glob/);
    const mixed = bplan(['estimate', 'no-such-plan.bplan.yaml', 'samples/mars-file-server.bplan.yaml']);
    assert.equal(mixed.status, 2);
    assert.match(mixed.stdout, /dub-fs01/);
    const empty = makeTmp('bplan-estimate-empty-');
    try {
      const r = bplan(['estimate', empty.dir]);
      assert.equal(r.status, 2);
      assertOneLineMessage(r.stderr, /no \*\.bplan\.yaml or \*\.bplan\.yml files found/);
    } finally {
      empty.cleanup();
    }
  });

  test('an unreadable input (binary, not UTF-8): exit 2, one line', () => {
    const bin = join(tmp.dir, 'binary.bplan.yaml');
    writeFileSync(bin, Buffer.from([0x62, 0x00, 0x01, 0x02]));
    const r = bplan(['estimate', bin]);
    assert.equal(r.status, 2);
    assertOneLineMessage(r.stderr, /binary\.bplan\.yaml: it is a binary file/);
  });

  test('usage errors: unknown format, unknown option, missing option value → exit 2, one line, no stack trace', () => {
    const format = bplan(['estimate', '--format', 'pdf', 'samples']);
    assert.equal(format.status, 2);
    assert.equal(format.stdout, '');
    assertOneLineMessage(format.stderr, /^bplan: unknown format "pdf"; use table, json, markdown, html$/);
    const option = bplan(['estimate', '--colour', 'samples']);
    assert.equal(option.status, 2);
    assertOneLineMessage(option.stderr, /--colour.*\(see bplan estimate --help\)$/);
    const value = bplan(['estimate', '--format']);
    assert.equal(value.status, 2);
    assertOneLineMessage(value.stderr, /--format/);
    const config = bplan(['estimate', '--config', 'no-such-config.yaml', 'samples']);
    assert.equal(config.status, 2);
    assertOneLineMessage(config.stderr, /cannot read the configuration no-such-config\.yaml/);
  });

  test('--help and the top-level help mention estimate', () => {
    const help = bplan(['estimate', '--help']);
    assert.equal(help.status, 0);
    assert.equal(help.stderr, '');
    for (const word of ['table', 'json', 'markdown', 'html', '--output-file', '--config', '--stdin-filename', 'Exit codes', 'docs/estimates.md']) assert.ok(help.stdout.includes(word), word);
    assert.match(bplan(['--help']).stdout, /bplan estimate/);
  });

  test('--output-file writes the estimate there and nothing to stdout; an unwritable path is exit 2', () => {
    const out = join(tmp.dir, 'estimate.json');
    const r = bplan(['estimate', '-f', 'json', '-o', out, 'samples/mabs-v3-modern-storage.bplan.yaml']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(normalize(readFileSync(out, 'utf8')), normalize(readFileSync(join(GOLDEN, 'mabs-v3-modern-storage.json'), 'utf8')));
    const html = join(tmp.dir, 'estimate.html');
    assert.equal(bplan(['estimate', '--format', 'html', '--output-file', html, 'samples/dpm-2012-r2-onprem.bplan.yaml']).status, 0);
    assert.match(readFileSync(html, 'utf8'), /^<!doctype html>/);
    const bad = bplan(['estimate', '-o', join(tmp.dir, 'no-such-dir', 'x.txt'), 'samples/mars-file-server.bplan.yaml']);
    assert.equal(bad.status, 2);
    assertOneLineMessage(bad.stderr, /^bplan: cannot write .*x\.txt: ENOENT$/);
  });

  test('standard input: "-" reads the plan, --stdin-filename names it', () => {
    const text = readFileSync(join(SAMPLES, 'mabs-v3-modern-storage.bplan.yaml'), 'utf8');
    const golden = readFileSync(join(GOLDEN, 'mabs-v3-modern-storage.table'), 'utf8');
    const r = bplan(['estimate', '-'], { input: text });
    assert.equal(r.status, 0, r.stderr);
    const named = golden.replace(/^samples\/mabs-v3-modern-storage\.bplan\.yaml\n=+\n/, '<stdin>\n========\n');
    assert.equal(r.stdout, named);
    const j = bplan(['estimate', '-f', 'json', '--stdin-filename', 'plans/lyon.bplan.yaml', '-'], { input: text });
    assert.equal(parse(j.stdout).files[0]!.file, 'plans/lyon.bplan.yaml');
    const empty = bplan(['estimate', '-'], { input: '' });
    assert.equal(empty.status, 0);
    assert.match(empty.stdout, /no servers to estimate/);
  });

  test('--config: its files/ignore choose what a directory means, as for lint', () => {
    const dir = join(tmp.dir, 'config');
    mkdirSync(join(dir, 'plans', 'archive'), { recursive: true });
    const mars = readFileSync(join(SAMPLES, 'mars-file-server.bplan.yaml'), 'utf8');
    writeFileSync(join(dir, 'plans', 'a.bplan.yaml'), mars);
    writeFileSync(join(dir, 'plans', 'archive', 'old.bplan.yaml'), mars);
    writeFileSync(join(dir, 'custom.yaml'), 'ignore: ["plans/archive/**"]\n');
    const all = bplan(['estimate', '-f', 'json', 'plans'], { cwd: dir });
    assert.deepEqual(parse(all.stdout).files.map((f) => f.file), ['plans/a.bplan.yaml', 'plans/archive/old.bplan.yaml']);
    const some = bplan(['estimate', '-f', 'json', '--config', 'custom.yaml', 'plans'], { cwd: dir });
    assert.equal(some.status, 0, some.stderr);
    assert.deepEqual(parse(some.stdout).files.map((f) => f.file), ['plans/a.bplan.yaml']);
  });

  test('markdown escapes names from the plan', () => {
    const file = join(tmp.dir, 'names.bplan.yaml');
    writeFileSync(file, MISSING_SIZE.replace('name: sized', 'name: "a|b_<i>*c*</i>"'));
    const r = bplan(['estimate', '-f', 'markdown', file], { cwd: tmp.dir });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes('| a\\|b\\_&lt;i&gt;\\*c\\*&lt;/i&gt; |'), r.stdout);
    assert.doesNotMatch(r.stdout, /<i>/);
  });
});

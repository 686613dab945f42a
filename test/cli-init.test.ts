/**
 * `bplan init` through bin/bplan.js: a plan for every product and version that `bplan lint` passes,
 * the defaults and what they say, no overwrite without --force, --force replacing the file by a
 * rename (new inode, mode kept), `-` for standard output, and usage errors for unknown values with
 * the closest valid one. Everything is written in a temporary folder.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { WorkloadType } from '../server/src/core/model';
import { PRODUCT_VERSIONS, PRODUCTS } from '../server/src/core/products';
import { supportedWorkloads } from '../server/src/core/scaffold';
import { assertOneLineMessage, bplan, makeTmp, parseJsonReport } from './support/cli';

let tmp: ReturnType<typeof makeTmp>;
let n = 0;
function freshDir(): string {
  const dir = join(tmp.dir, `case-${++n}`);
  mkdirSync(dir);
  return dir;
}

before(() => {
  tmp = makeTmp('bplan-init-');
});
after(() => tmp.cleanup());

const TARGETS = PRODUCTS.flatMap((product) => [...(PRODUCT_VERSIONS[product] ?? [undefined])].map((version) => ({ product, version })));

describe('bplan init writes a plan that lints clean', () => {
  test('every product and version, with every workload type it protects: bplan lint finds nothing in any', () => {
    const dir = freshDir();
    const written: { file: string; types: readonly WorkloadType[] }[] = [];
    for (const { product, version } of TARGETS) {
      const types = supportedWorkloads(product, version);
      const file = `${product}${version ? `-${version}` : ''}.bplan.yaml`;
      const r = bplan(['init', file, '--product', product, ...(version ? ['--version', version] : []), '--workloads', types.join(',')], { cwd: dir });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, '');
      assertOneLineMessage(r.stderr, new RegExp(`^bplan: wrote ${file.replace(/\./g, '\\.')}, a .+ plan protecting ${types.join(', ')}: `));
      const text = readFileSync(join(dir, file), 'utf8');
      assert.deepEqual([...text.matchAll(/^ {4}type: ([a-z-]+)/gm)].map((m) => m[1]), [...types], file);
      assert.match(text, new RegExp(`^name: ${file.replace('.bplan.yaml', '')}$`, 'm'), `${file} is named after the file`);
      written.push({ file, types });
    }
    assert.deepEqual(readdirSync(dir).sort(), written.map((w) => w.file).sort(), 'no temporary file left');
    const lint = bplan(['lint', '--format', 'json', '.'], { cwd: dir });
    assert.equal(lint.status, 0, lint.stdout);
    const report = parseJsonReport(lint.stdout);
    assert.deepEqual(report.files.map((f) => f.file).sort(), written.map((w) => w.file).sort());
    for (const f of report.files) assert.deepEqual(f.findings, [], f.file);
  });

  test('no options: backup.bplan.yaml, a MABS v4 plan for files, with the defaults said on stderr', () => {
    const dir = freshDir();
    const r = bplan(['init'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stderr,
      [
        'bplan: no --product given: writing a MABS v4 plan (--product mars, dpm, mabs, azure-vm-backup chooses another)',
        'bplan: no --workloads given: the plan protects files (MABS v4 protects files, system-state, bare-metal, hyperv-vm, vmware-vm, sql-server, sharepoint, exchange; --workloads A,B chooses)',
        'bplan: wrote backup.bplan.yaml, a MABS v4 plan protecting files: replace its example hosts, sizes and times with yours, then run bplan lint backup.bplan.yaml',
        '',
      ].join('\n'),
    );
    const text = readFileSync(join(dir, 'backup.bplan.yaml'), 'utf8');
    assert.match(text, /^ {4}product: mabs {3}# /m);
    assert.match(text, /^ {4}version: v4$/m);
    assert.match(text, /passphrase: \{ env: BACKUP_PASSPHRASE \}/);
    assert.equal(bplan(['lint'], { cwd: dir }).status, 0);
  });

  test('azure-vm-backup without --workloads protects Azure VMs', () => {
    const dir = freshDir();
    const r = bplan(['init', '--product', 'azure-vm-backup', 'vms.bplan.yaml'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /^bplan: no --workloads given: the plan protects azure-vm \(Azure VM backup protects azure-vm; /m);
    assert.match(readFileSync(join(dir, 'vms.bplan.yaml'), 'utf8'), /^ {4}type: azure-vm /m);
  });
});

describe('bplan init and existing files', () => {
  test('refuses to replace a file without --force: exit 2, one line, the file untouched', () => {
    const dir = freshDir();
    const path = join(dir, 'backup.bplan.yaml');
    writeFileSync(path, '# mine\n');
    const before = statSync(path);
    const r = bplan(['init', '--product', 'mars'], { cwd: dir });
    assert.equal(r.status, 2);
    assertOneLineMessage(r.stderr, /^bplan: backup\.bplan\.yaml exists; bplan init replaces a file only with --force$/);
    assert.equal(readFileSync(path, 'utf8'), '# mine\n');
    assert.equal(statSync(path).mtimeMs, before.mtimeMs);
    assert.deepEqual(readdirSync(dir), ['backup.bplan.yaml']);
  });

  test('--force replaces it by a rename: a new inode, the old mode, no temporary file', () => {
    const dir = freshDir();
    const path = join(dir, 'backup.bplan.yaml');
    writeFileSync(path, '# mine\n');
    chmodSync(path, 0o640);
    const before = statSync(path);
    const r = bplan(['init', '--product', 'mars', '--force'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    const after = statSync(path);
    assert.notEqual(after.ino, before.ino, 'written in place, not renamed over');
    assert.equal(after.mode & 0o777, 0o640);
    assert.match(readFileSync(path, 'utf8'), /^ {4}product: mars /m);
    assert.deepEqual(readdirSync(dir), ['backup.bplan.yaml']);
  });

  test('a folder as FILE, or a folder that does not exist: exit 2 with a clear message', () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'plans'));
    const folder = bplan(['init', 'plans', '--product', 'mars', '--workloads', 'files'], { cwd: dir });
    assert.equal(folder.status, 2);
    assertOneLineMessage(folder.stderr, /^bplan: plans is a folder; name the file to write, such as plans\/backup\.bplan\.yaml$/);
    const missing = bplan(['init', 'nowhere/x.bplan.yaml', '--product', 'mars', '--workloads', 'files'], { cwd: dir });
    assert.equal(missing.status, 2);
    assertOneLineMessage(missing.stderr, /^bplan: cannot write nowhere\/x\.bplan\.yaml: its folder does not exist$/);
    assert.deepEqual(readdirSync(dir), ['plans']);
    assert.deepEqual(readdirSync(join(dir, 'plans')), []);
  });
});

describe('bplan init -', () => {
  test('prints the plan on standard output and writes nothing', () => {
    const dir = freshDir();
    const r = bplan(['init', '-', '--product', 'dpm', '--version', '2016', '--workloads', 'sql-server', '--workloads', 'files', '--name', 'hq'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.deepEqual(readdirSync(dir), []);
    const file = bplan(['init', 'hq.bplan.yaml', '--product', 'dpm', '--version', '2016', '--workloads', 'files,sql-server'], { cwd: dir });
    assert.equal(file.status, 0, file.stderr);
    assert.equal(r.stdout, readFileSync(join(dir, 'hq.bplan.yaml'), 'utf8'), 'the same plan as written to hq.bplan.yaml');
    assert.equal(bplan(['lint', '-'], { input: r.stdout }).status, 0);
  });
});

describe('bplan init: usage errors name the valid values', () => {
  const cases: [string[], RegExp][] = [
    [['--product', 'mbas'], /^bplan: unknown product "mbas" \(did you mean mabs\?\); use mars, dpm, mabs, azure-vm-backup$/],
    [['--product', 'tape'], /^bplan: unknown product "tape"; use mars, dpm, mabs, azure-vm-backup$/],
    [['--product', 'dpm', '--version', '2021'], /^bplan: unknown dpm version "2021" \(did you mean 2022\?\); use 2012-sp1, 2012-r2, 2016, 2019, 2022$/],
    [['--product', 'mabs', '--version', 'v5'], /^bplan: unknown mabs version "v5"; use v1, v2, v3, v4$/],
    [['--product', 'azure-vm-backup', '--version', '1'], /^bplan: azure-vm-backup has no version \(it is a service of the vault\): leave --version out$/],
    [['--product', 'mars', '--version', 'latest'], /^bplan: "latest" is not a MARS agent version: give the agent build, such as 2\.0\.9262\.0, or leave --version out$/],
    [['--product', 'mabs', '--workloads', 'sql-servr'], /^bplan: unknown workload type "sql-servr" \(did you mean sql-server\?\); MABS v4 protects files, system-state, bare-metal, hyperv-vm, vmware-vm, sql-server, sharepoint, exchange$/],
    [['--product', 'mabs', '--version', 'v1', '--workloads', 'files,vmware-vm'], /^bplan: MABS v1 does not protect vmware-vm \(VMware VMs\); it protects files, system-state, bare-metal, hyperv-vm, sql-server, sharepoint, exchange$/],
    [['--product', 'mars', '--workloads', 'azure-vm'], /^bplan: MARS does not protect azure-vm \(Azure VMs\); it protects files, system-state$/],
    [['--product', 'mars', '--workloads', ','], /^bplan: --workloads names no workload type; MARS protects files, system-state$/],
    [['--product', 'mars', 'a.bplan.yaml', 'b.bplan.yaml'], /^bplan: bplan init writes one plan: give one FILE \(or -\), not 2$/],
    [['--colour'], /^bplan: Unknown option '--colour'\..* \(see bplan init --help\)$/],
  ];
  for (const [args, message] of cases) {
    test(args.join(' '), () => {
      const dir = freshDir();
      const r = bplan(['init', ...args], { cwd: dir });
      assert.equal(r.status, 2, r.stderr);
      assertOneLineMessage(r.stderr, message);
      assert.equal(r.stdout, '');
      assert.deepEqual(readdirSync(dir), []);
    });
  }

  test('init --help lists the products, versions and workload types', () => {
    const r = bplan(['init', '--help']);
    assert.equal(r.status, 0);
    for (const word of ['--product P', 'mars, dpm, mabs, azure-vm-backup', '2012-sp1, 2012-r2, 2016, 2019, 2022', 'v1, v2, v3, v4', 'sql-server', '--force', 'backup.bplan.yaml']) {
      assert.ok(r.stdout.includes(word), word);
    }
  });
});

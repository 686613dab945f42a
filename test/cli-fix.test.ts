/**
 * `bplan lint --fix` and `--fix-dry-run` through bin/bplan.js: the fixed text exactly (comments, key
 * order, CRLF and a BOM kept), fixes found by linting again, fixes left to the user, secrets, standard
 * input, no write when nothing changes, a file changed while bplan was writing, and folders bplan may
 * not write. Fixtures live in test/cli-fixtures/fix/; every run works on copies in a temporary folder.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { BIN, bplan, fixture, makeTmp, parseJsonReport, ROOT } from './support/cli';

const SEVERAL = fixture('fix/several.bplan.yaml');
const EXPECTED = readFileSync(fixture('fix/several.fixed.yaml'), 'utf8');
const SECRET = 'Fix-Me-Secret-Value-42';
/** What --fix leaves in several.bplan.yaml: a fix that drops a backup time is the user's choice; the rest are reminders. */
const REMAINING = ['approaching-limit', 'online-frequency', 'approaching-limit'];
/** The fixes of several.bplan.yaml in the order they apply; the last one only appears once retentionDays is 448. */
const APPLIED = [
  '  vault.name: Rename the vault to contoso-rsv  [vault-name]',
  '  vault.redundancy: Set redundancy to geo (before the first backup)  [vault-redundancy]',
  '  vault.encryption.passphrase: Replace the passphrase with { env: CONTOSO_RSV_PASSPHRASE }  [passphrase-literal]',
  '  servers[dpm01].storagePool.ntfsCompression: Set ntfsCompression to false  [pool-ntfs-compression]',
  '  workloads[share].policy: Change policy to "files-daily"  [unknown-reference]',
  '  policies[files-daily].disk.recoveryPoints[2]: Remove the duplicate 08:00  [schedule-times]',
  '  policies[files-daily].disk.retentionDays: Set retentionDays to 448 (the maximum for DPM and MABS disk, all versions)  [disk-retention-range]',
  '  policies[vms].consistency: Set consistency to file (Linux guests get file-consistent backups)  [linux-consistency]',
  '  policies[vms].tape.retentionYears: Set tape.retentionYears to 99 (the maximum for long-term protection on tape, System Center DPM)  [tape-retention-range]',
  '  policies[files-daily].disk.recoveryPoints: Set retentionDays to 32 (64 recovery points at 2 a day; file data allows 64)  [disk-recovery-points]',
];

const crlf = (text: string) => text.replace(/\n/g, '\r\n');
const tempFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

function ruleIds(stdout: string): string[] {
  return parseJsonReport(stdout).files.flatMap((f) => f.findings.map((x) => x.ruleId));
}

let tmp: ReturnType<typeof makeTmp>;
let n = 0;
/** A fresh folder holding `name` with these bytes. */
function planIn(name: string, bytes: string | Buffer): { dir: string; path: string } {
  const dir = join(tmp.dir, `case-${++n}`);
  mkdirSync(dir);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { dir, path };
}

before(() => {
  tmp = makeTmp('bplan-fix-');
});
after(() => tmp.cleanup());

describe('bplan lint --fix', () => {
  test('applies every fix that needs no choice: the file equals the expected text exactly, and only the user\'s choices remain', () => {
    const { dir, path } = planIn('several.bplan.yaml', readFileSync(SEVERAL));
    const r = bplan(['lint', '--fix', 'several.bplan.yaml'], { cwd: dir });
    assert.equal(r.status, 1, 'online-frequency is still an error');
    assert.equal(readFileSync(path, 'utf8'), EXPECTED);
    assert.equal(r.stderr, ['bplan: applied 10 fixes to several.bplan.yaml:', ...APPLIED, ''].join('\n'));
    // The report is the normal report of the fixed text.
    assert.match(r.stdout, /^several\.bplan\.yaml:55:14  error  online backups per day is 3; DPM allows at most 2 .*\[online-frequency\]$/m);
    assert.match(r.stdout, /✖ 3 problems \(1 error, 0 warnings, 2 info\) in 1 file/);
    assert.ok(!(r.stdout + r.stderr).includes(SECRET), 'the passphrase was printed');
    assert.deepEqual(tempFiles(dir), []);

    const again = bplan(['lint', '--format', 'json', 'several.bplan.yaml'], { cwd: dir });
    assert.deepEqual(ruleIds(again.stdout), REMAINING);
  });

  test('a CRLF file stays CRLF, a BOM stays, and the fixes are the same', () => {
    for (const variant of [{ crlf: true, bom: false }, { crlf: false, bom: true }, { crlf: true, bom: true }]) {
      const shape = (text: string) => (variant.bom ? '\uFEFF' : '') + (variant.crlf ? crlf(text) : text);
      const { dir, path } = planIn('several.bplan.yaml', shape(readFileSync(SEVERAL, 'utf8')));
      const r = bplan(['lint', '--fix', 'several.bplan.yaml'], { cwd: dir });
      assert.equal(r.status, 1, JSON.stringify(variant));
      assert.equal(readFileSync(path, 'utf8'), shape(EXPECTED), JSON.stringify(variant));
      assert.match(r.stderr, /^bplan: applied 10 fixes to several\.bplan\.yaml:/);
    }
  });

  test('keeps the file mode, and replaces the file a symbolic link points to, not the link', (t: TestContext) => {
    const { dir, path } = planIn('real.bplan.yaml', readFileSync(SEVERAL));
    chmodSync(path, 0o640);
    try {
      symlinkSync('real.bplan.yaml', join(dir, 'link.bplan.yaml'));
    } catch {
      t.skip('this file system has no symbolic links');
      return;
    }
    const r = bplan(['lint', '--fix', 'link.bplan.yaml'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(readFileSync(path, 'utf8'), EXPECTED);
    assert.ok(lstatSync(join(dir, 'link.bplan.yaml')).isSymbolicLink());
    assert.equal(readlinkSync(join(dir, 'link.bplan.yaml')), 'real.bplan.yaml');
    assert.equal(statSync(path).mode & 0o777, 0o640);
  });

  test('no fix to apply: the file is not written (same inode, same modification time), nothing on stderr', () => {
    for (const name of ['nothing.bplan.yaml', 'clean.bplan.yaml']) {
      const source = name === 'clean.bplan.yaml' ? join(ROOT, 'samples', 'mars-file-server.bplan.yaml') : fixture(`fix/${name}`);
      const { dir, path } = planIn(name, readFileSync(source));
      // An old time: a rewrite within the same clock tick could not hide.
      const old = new Date('2001-02-03T04:05:06Z');
      utimesSync(path, old, old);
      const before = statSync(path);
      const r = bplan(['lint', '--fix', name], { cwd: dir });
      assert.equal(r.status, name === 'clean.bplan.yaml' ? 0 : 1, r.stderr);
      assert.equal(r.stderr, '');
      const now = statSync(path);
      assert.equal(now.mtimeMs, before.mtimeMs, `${name} was written`);
      assert.equal(now.ino, before.ino, `${name} was replaced`);
      assert.deepEqual(readFileSync(path), readFileSync(source));
    }
    // The fix that drops a backup time is not preferred: it is reported, never applied.
    const r = bplan(['lint', '--fix', '--format', 'json', fixture('fix/nothing.bplan.yaml')]);
    assert.deepEqual(ruleIds(r.stdout), ['online-frequency']);
  });

  test('never writes a secret: a fix that would put the passphrase in the vault name is left out, even after the passphrase is gone', () => {
    const { dir, path } = planIn('plan.bplan.yaml', readFileSync(fixture('fix/secret-vault-name.bplan.yaml')));
    const r = bplan(['lint', '--fix', '--format', 'json', 'plan.bplan.yaml'], { cwd: dir });
    assert.equal(r.status, 1);
    const text = readFileSync(path, 'utf8');
    assert.ok(!text.includes('contoso-rsv-secret'), `the passphrase is in the file:\n${text}`);
    assert.match(text, /^ {4}passphrase: \{ env: CONTOSO_RSV_SECRET_PASSPHRASE \}$/m);
    assert.match(text, /^ {2}name: contoso_rsv_secret$/m, 'the vault name is as written');
    assert.deepEqual(ruleIds(r.stdout), ['vault-name']);
    assert.ok(!(r.stdout + r.stderr).includes('contoso-rsv-secret'));
  });

  test('a file changed between reading and replacing is left alone: exit 2, its new content intact, no temporary file', async () => {
    const { dir, path } = planIn('several.bplan.yaml', readFileSync(SEVERAL));
    const edited = readFileSync(SEVERAL, 'utf8').replace('name: contoso-fix', 'name: edited-meanwhile');
    const env: NodeJS.ProcessEnv = { ...process.env, BPLAN_TEST_WRITE_DELAY_MS: '3000' };
    delete env.NODE_TEST_CONTEXT;
    const child = spawn(process.execPath, [BIN, 'lint', '--fix', 'several.bplan.yaml'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.stdout.resume();
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // The temporary file exists while bplan waits (the test hook): edit the plan then.
    const deadline = Date.now() + 20_000;
    while (tempFiles(dir).length === 0) {
      assert.ok(Date.now() < deadline, 'bplan never wrote its temporary file');
      await new Promise((r) => setTimeout(r, 5));
    }
    writeFileSync(path, edited);
    const status = await exited;
    assert.equal(status, 2, stderr);
    assert.match(stderr, /^bplan: several\.bplan\.yaml changed since bplan read it; its fixes were not written \(run bplan lint --fix again\)$/m);
    assert.doesNotMatch(stderr, /applied/);
    assert.equal(readFileSync(path, 'utf8'), edited);
    assert.deepEqual(tempFiles(dir), []);
  });

  test('a folder bplan may not write, or a read-only plan: exit 2, a clear message, the plan intact, no temporary file', (t: TestContext) => {
    const { dir, path } = planIn('several.bplan.yaml', readFileSync(SEVERAL));
    let as: { uid?: number; gid?: number } = {};
    chmodSync(dir, 0o555);
    try {
      if (process.getuid?.() === 0) {
        // root writes anywhere; run the CLI as "nobody", when the folders let it in.
        const nobody = 65534;
        chmodSync(tmp.dir, 0o755);
        const probe = bplan(['--version'], { cwd: dir, uid: nobody, gid: nobody });
        if (probe.status !== 0) {
          t.skip(`running as root and the CLI cannot run as uid ${nobody} (${probe.stderr.trim()})`);
          return;
        }
        as = { uid: nobody, gid: nobody };
        t.diagnostic(`running as root: the CLI runs as uid ${nobody} for this case`);
      }
      const r = bplan(['lint', '--fix', 'several.bplan.yaml'], { cwd: dir, ...as });
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stderr, 'bplan: cannot write the fixes to several.bplan.yaml: permission denied; the file is unchanged\n');
      // The report is of the plan as it is on disk.
      assert.match(r.stdout, /✖ 10 problems/);
      assert.deepEqual(readFileSync(path), readFileSync(SEVERAL));
      assert.deepEqual(tempFiles(dir), []);

      // A read-only plan in a folder bplan may write: a rename could replace it, but bplan does not.
      chmodSync(dir, 0o777);
      chmodSync(path, 0o444);
      const readOnly = bplan(['lint', '--fix', 'several.bplan.yaml'], { cwd: dir, ...as });
      assert.equal(readOnly.status, 2, readOnly.stderr);
      assert.equal(readOnly.stderr, 'bplan: cannot write the fixes to several.bplan.yaml: permission denied; the file is unchanged\n');
      assert.deepEqual(readFileSync(path), readFileSync(SEVERAL));
      assert.deepEqual(readdirSync(dir), ['several.bplan.yaml']);
    } finally {
      chmodSync(dir, 0o755);
    }
  });

  test('--fix and --fix-dry-run together are a usage error', () => {
    const r = bplan(['lint', '--fix', '--fix-dry-run', SEVERAL]);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'bplan: --fix and --fix-dry-run do not go together: --fix-dry-run is --fix without writing\n');
  });
});

describe('bplan lint --fix-dry-run', () => {
  test('writes nothing, reports what --fix would leave, and lists the fixes it would apply', () => {
    const { dir, path } = planIn('several.bplan.yaml', readFileSync(SEVERAL));
    const before = statSync(path);
    const r = bplan(['lint', '--fix-dry-run', 'several.bplan.yaml'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.deepEqual(readFileSync(path), readFileSync(SEVERAL));
    assert.equal(statSync(path).mtimeMs, before.mtimeMs);
    assert.deepEqual(readdirSync(dir), ['several.bplan.yaml']);
    assert.equal(r.stderr, ['bplan: would apply 10 fixes to several.bplan.yaml (--fix-dry-run; nothing written):', ...APPLIED, ''].join('\n'));
    const json = bplan(['lint', '--fix-dry-run', '--format', 'json', 'several.bplan.yaml'], { cwd: dir });
    assert.deepEqual(ruleIds(json.stdout), REMAINING);
  });
});

describe('fixing standard input', () => {
  test('--fix - and --fix-dry-run - print the fixed text on stdout and the report on stderr', () => {
    for (const flag of ['--fix', '--fix-dry-run']) {
      for (const input of [readFileSync(SEVERAL, 'utf8'), crlf(readFileSync(SEVERAL, 'utf8'))]) {
        const r = bplan(['lint', flag, '--stdin-filename', 'in.bplan.yaml', '-'], { input });
        assert.equal(r.status, 1, `${flag}: ${r.stderr}`);
        assert.equal(r.stdout, input.includes('\r\n') ? crlf(EXPECTED) : EXPECTED, flag);
        assert.match(r.stderr, /^bplan: applied 10 fixes to in\.bplan\.yaml:\n/);
        assert.match(r.stderr, /^in\.bplan\.yaml:55:14  error  online backups per day is 3/m);
        assert.ok(!r.stderr.includes(SECRET));
      }
    }
  });

  test('a report with its own file stays there; with nothing to fix the text comes back as it was', () => {
    const { dir } = planIn('placeholder', '');
    const input = readFileSync(fixture('fix/nothing.bplan.yaml'), 'utf8');
    const r = bplan(['lint', '--fix', '-f', 'json', '-o', 'report.json', '-'], { cwd: dir, input });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, input);
    assert.equal(r.stderr, '');
    assert.deepEqual(ruleIds(readFileSync(join(dir, 'report.json'), 'utf8')), ['online-frequency']);
  });

  test('copies in a folder are untouched by a --fix of standard input', () => {
    const { dir } = planIn('several.bplan.yaml', readFileSync(SEVERAL));
    copyFileSync(SEVERAL, join(dir, 'other.bplan.yaml'));
    const r = bplan(['lint', '--fix', '-'], { cwd: dir, input: readFileSync(SEVERAL, 'utf8') });
    assert.equal(r.stdout, EXPECTED);
    assert.deepEqual(readFileSync(join(dir, 'several.bplan.yaml')), readFileSync(SEVERAL));
  });
});

describe('help', () => {
  test('lint --help describes --fix and --fix-dry-run; bplan --help lists init and --fix', () => {
    const lint = bplan(['lint', '--help']);
    for (const option of ['--fix ', '--fix-dry-run', 'both print the fixed plan on standard output']) assert.ok(lint.stdout.includes(option), option);
    const top = bplan(['--help']);
    for (const word of ['bplan lint --fix', 'bplan init [FILE|-]', 'bplan init --help']) assert.ok(top.stdout.includes(word), word);
  });
});

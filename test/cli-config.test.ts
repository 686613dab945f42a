/** The configuration file, suppressions end to end, and the catalogue commands, run as a process. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LIMITS, RULES } from '../server/src/core';
import { assertNoStackTrace, assertOneLineMessage, bplan, makeTmp } from './support/cli';

const tmp = makeTmp('bplan-config-');
after(() => tmp.cleanup());

/** A MABS plan whose only finding is vault-redundancy (info) unless `extra` adds more. */
function plan(extra = ''): string {
  return `bplan: 1
vault:
  name: rsv-config
  redundancy: local
  encryption: { passphrase: { env: BPLAN_PASSPHRASE } }
servers:
  - { name: mabs01, product: mabs, version: v3, domainJoined: true }
workloads:
  - { name: share, type: files, host: fs01, os: windows-server-2019, server: mabs01, policy: files }
policies:
  - name: files
    online:
      times: ["21:00", "22:00", "23:00"]
      retention: { daily: 30 }
${extra}`;
}

function write(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

describe('bplan.config.yaml', () => {
  it('is found upward from the plan and sets rule levels', () => {
    const dir = join(tmp.dir, 'upward');
    write(join(dir, 'plans', 'team', 'a.bplan.yaml'), plan());
    const before = bplan(['lint', '--format', 'json', 'plans/team/a.bplan.yaml'], { cwd: dir });
    assert.equal(before.status, 1, before.stderr);
    assert.ok(JSON.parse(before.stdout).files[0].findings.some((f: { ruleId: string }) => f.ruleId === 'online-frequency'));

    write(join(dir, 'bplan.config.yaml'), 'rules:\n  online-frequency: warning\n');
    const after = bplan(['lint', '--format', 'json', 'plans/team/a.bplan.yaml'], { cwd: dir });
    const findings = JSON.parse(after.stdout).files[0].findings as { ruleId: string; severity: string }[];
    const frequency = findings.find((f) => f.ruleId === 'online-frequency');
    assert.equal(frequency?.severity, 'warning');
    assert.equal(after.status, 0, 'only a warning is left, so the run passes');
    assert.equal(bplan(['lint', '--max-warnings', '0', 'plans/team/a.bplan.yaml'], { cwd: dir }).status, 1);
  });

  it('turns a rule off, and the nearest file wins', () => {
    const dir = join(tmp.dir, 'nearest');
    write(join(dir, 'bplan.config.yaml'), 'rules:\n  online-frequency: warning\n');
    write(join(dir, 'sub', 'bplan.config.yml'), 'rules:\n  online-frequency: off\n');
    write(join(dir, 'sub', 'a.bplan.yaml'), plan());
    const result = bplan(['lint', '--format', 'json', 'sub/a.bplan.yaml'], { cwd: dir });
    const ids = (JSON.parse(result.stdout).files[0].findings as { ruleId: string }[]).map((f) => f.ruleId);
    assert.ok(!ids.includes('online-frequency'), ids.join(','));
  });

  it('--config names the file to use instead', () => {
    const dir = join(tmp.dir, 'explicit');
    write(join(dir, 'a.bplan.yaml'), plan());
    write(join(dir, 'strict.yaml'), 'rules:\n  online-frequency: info\n');
    const result = bplan(['lint', '--format', 'json', '--config', 'strict.yaml', 'a.bplan.yaml'], { cwd: dir });
    const f = (JSON.parse(result.stdout).files[0].findings as { ruleId: string; severity: string }[]).find((x) => x.ruleId === 'online-frequency');
    assert.equal(f?.severity, 'info');
  });

  it('passes rule options: file recovery points 448 instead of 64', () => {
    const dir = join(tmp.dir, 'options');
    const text = plan().replace(
      'policies:\n  - name: files\n',
      'policies:\n  - name: files\n    disk: { syncEvery: 1h, recoveryPoints: ["08:00", "20:00"], retentionDays: 40 }\n',
    );
    write(join(dir, 'a.bplan.yaml'), text);
    const ids = (r: { stdout: string }) => (JSON.parse(r.stdout).files[0].findings as { ruleId: string }[]).map((f) => f.ruleId);
    assert.ok(ids(bplan(['lint', '-f', 'json', 'a.bplan.yaml'], { cwd: dir })).includes('disk-recovery-points'), '80 file recovery points > 64');
    write(join(dir, 'bplan.config.yaml'), 'rules:\n  disk-recovery-points: { options: { fileRecoveryPoints: 448 } }\n');
    assert.ok(!ids(bplan(['lint', '-f', 'json', 'a.bplan.yaml'], { cwd: dir })).includes('disk-recovery-points'), '80 ≤ 448 as configured');
  });

  it('limits which files a directory means (files, ignore)', () => {
    const dir = join(tmp.dir, 'globs');
    write(join(dir, 'plans', 'a.bplan.yaml'), plan());
    write(join(dir, 'plans', 'b.yaml'), plan());
    write(join(dir, 'plans', 'old', 'c.bplan.yaml'), plan());
    const files = (r: { stdout: string }) => (JSON.parse(r.stdout).files as { file: string }[]).map((f) => f.file);
    assert.deepEqual(files(bplan(['lint', '-f', 'json', 'plans'], { cwd: dir })), ['plans/a.bplan.yaml', 'plans/old/c.bplan.yaml']);
    write(join(dir, 'bplan.config.yaml'), 'files: ["plans/**/*.yaml"]\nignore: ["plans/old/**"]\n');
    assert.deepEqual(files(bplan(['lint', '-f', 'json', 'plans'], { cwd: dir })), ['plans/a.bplan.yaml', 'plans/b.yaml']);
  });

  it('an invalid configuration is a usage error naming file, line and column', () => {
    const dir = join(tmp.dir, 'invalid');
    write(join(dir, 'a.bplan.yaml'), plan());
    write(join(dir, 'bplan.config.yaml'), 'rules:\n  online-frequncy: off\n  disk-recovery-points: { options: { fileRecoveryPoints: 100 } }\n');
    const result = bplan(['lint', 'a.bplan.yaml'], { cwd: dir });
    assert.equal(result.status, 2);
    assertNoStackTrace(result.stderr);
    assert.match(result.stderr, /bplan\.config\.yaml:2:3: unknown key "online-frequncy" in rules; did you mean "online-frequency"\?/);
    assert.match(result.stderr, /bplan\.config\.yaml:3:/);
    assert.equal(result.stdout, '');
  });

  it('a missing --config file is a one-line usage error', () => {
    const result = bplan(['lint', '--config', 'nope.yaml', 'a.bplan.yaml'], { cwd: tmp.dir });
    assert.equal(result.status, 2);
    assertOneLineMessage(result.stderr, /cannot read the configuration nope\.yaml: no such file$/);
  });

  it('a configuration that never ends (/dev/zero) or is too large is refused after at most 1 MiB, not read until memory runs out', () => {
    const endless = bplan(['lint', '--config', '/dev/zero', 'a.bplan.yaml'], { cwd: tmp.dir, timeoutMs: 20_000 });
    assert.equal(endless.status, 2);
    assertOneLineMessage(endless.stderr, /^bplan: cannot read the configuration \/dev\/zero: it holds more than the 1 MiB a configuration file may be$/);
    const dir = join(tmp.dir, 'huge-config');
    write(join(dir, 'a.bplan.yaml'), plan());
    write(join(dir, 'bplan.config.yaml'), `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    const huge = bplan(['lint', 'a.bplan.yaml'], { cwd: dir });
    assert.equal(huge.status, 2);
    assertOneLineMessage(huge.stderr, /^bplan: cannot read the configuration bplan\.config\.yaml: it is 2\.0 MiB, more than the 1 MiB a configuration file may be$/);
  });
});

describe('suppressions from the CLI', () => {
  it('a next-line suppression with a reason hides the finding and the run passes', () => {
    const dir = join(tmp.dir, 'suppress');
    const text = plan().replace('      times: ["21:00"', '      # bplan-disable-next-line online-frequency -- agreed with the backup team\n      times: ["21:00"');
    write(join(dir, 'a.bplan.yaml'), text);
    const result = bplan(['lint', '-f', 'json', 'a.bplan.yaml'], { cwd: dir });
    const ids = (JSON.parse(result.stdout).files[0].findings as { ruleId: string }[]).map((f) => f.ruleId);
    assert.ok(!ids.includes('online-frequency'), ids.join(','));
    assert.ok(!ids.includes('unused-suppression'));
    assert.equal(result.status, 0);
  });
});

describe('bplan rules', () => {
  it('--format json lists every rule with at least one source', () => {
    const result = bplan(['rules', '--format', 'json']);
    assert.equal(result.status, 0, result.stderr);
    const rules = JSON.parse(result.stdout).rules as { id: string; sources: unknown[]; defaultSeverity: string; docsUrl: string }[];
    assert.ok(rules.length >= 40, `${rules.length} rules`);
    assert.deepEqual(rules.map((r) => r.id), RULES.map((r) => r.meta.id));
    for (const r of rules) {
      assert.ok(r.sources.length > 0, `${r.id} has no source`);
      assert.match(r.docsUrl, new RegExp(`#${r.id}$`));
    }
  });
  it('prints a table by default and markdown on request', () => {
    const table = bplan(['rules']);
    assert.equal(table.status, 0);
    assert.match(table.stdout, /^RULE\s+DEFAULT\s+DESCRIPTION$/m);
    assert.match(table.stdout, /^online-frequency\s+error\s+Backups to the vault/m);
    const md = bplan(['rules', '--format', 'markdown']);
    assert.match(md.stdout, /^## online-frequency$/m);
  });
  it('rejects an unknown format', () => {
    const result = bplan(['rules', '--format', 'xml']);
    assert.equal(result.status, 2);
    assertOneLineMessage(result.stderr, /unknown format "xml"/);
  });
});

describe('bplan limits', () => {
  it('--format markdown prints the cited catalogue', () => {
    const result = bplan(['limits', '--format', 'markdown']);
    assert.equal(result.status, 0, result.stderr);
    for (const l of LIMITS) assert.ok(result.stdout.includes(`\`${l.id}\``), l.id);
    assert.match(result.stdout, /“Indicate how long you want to keep tape data \(1-99 years\)\.”/);
    assert.match(result.stdout, /\*Alternative:\* 448 recovery points \(S7\)/);
  });
  it('--product and --version narrow it to what applies', () => {
    const ids = (args: string[]) => (JSON.parse(bplan(['limits', '-f', 'json', ...args]).stdout).limits as { id: string }[]).map((l) => l.id);
    const v1 = ids(['--product', 'mabs', '--version', 'v1']);
    const v3 = ids(['--product', 'mabs', '--version', 'v3']);
    assert.ok(v1.includes('server-memory-min-mabs') && !v1.includes('server-memory-min-mabs-v3'));
    assert.ok(v3.includes('server-memory-min-mabs-v3') && !v3.includes('server-memory-min-mabs'));
    assert.ok(!v3.includes('online-backups-per-day-mars'));
    assert.ok(ids(['--product', 'mars']).includes('online-backups-per-day-mars'));
  });
  it('rejects unknown products and versions, and --version without --product', () => {
    for (const [args, pattern] of [
      [['--product', 'veeam'], /unknown product "veeam"/],
      [['--product', 'mabs', '--version', 'v9'], /unknown mabs version "v9"; use v1, v2, v3, v4/],
      [['--version', 'v3'], /--version goes with --product/],
    ] as const) {
      const result = bplan(['limits', ...args]);
      assert.equal(result.status, 2);
      assertOneLineMessage(result.stderr, pattern);
    }
  });
});

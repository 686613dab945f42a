/**
 * Hostile YAML and files, through the CLI as a process (bin/bplan.js, after `npm run build`): alias
 * bombs, nesting 10,000 levels deep, a 50 MB file, a 10 MB line, binary data, invalid UTF-8,
 * control characters, a directory, unreadable files and folders, symlink loops, standard input that
 * is empty, closed, cut short or endless, custom tags that other YAML loaders would execute, merge
 * keys. Each gives a clear finding (exit 1) or one clear line on stderr (exit 2 where the input
 * cannot be read) within a time bound — never a stack trace, a crash or a hang. The size limit
 * (docs/robustness.md) is checked at its default and raised with BPLAN_MAX_PLAN_BYTES.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { StdioOptions } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { formatByteSize, MAX_PLAN_BYTES, parseByteSize } from '../server/src/core/limits-input';
import { assertNoStackTrace, assertOneLineMessage, BIN, bplan, makeTmp, SAMPLES } from './support/cli';
import type { RunResult } from './support/cli';

const TIME = { timeout: 180_000 } as const;
const CLEAN = readFileSync(join(SAMPLES, 'mars-file-server.bplan.yaml'), 'utf8');

/** Runs bplan and measures it; the result must come within `withinMs` and hold no stack trace. */
function timed(args: readonly string[], options: Parameters<typeof bplan>[1] & { withinMs: number }): RunResult & { ms: number } {
  const started = performance.now();
  const result = bplan(args, { timeoutMs: options.withinMs + 30_000, ...options });
  const ms = performance.now() - started;
  assert.ok(ms < options.withinMs, `bplan ${args.join(' ')} took ${ms.toFixed(0)} ms (bound ${options.withinMs} ms)`);
  assertNoStackTrace(result.stderr);
  assertNoStackTrace(result.stdout.slice(0, 100_000), 'stdout');
  return { ...result, ms };
}

/** Runs bplan with standard input given as stdio (a file descriptor, 'ignore', …) or through a shell command line. */
function spawnBplan(args: readonly string[], how: { stdio?: StdioOptions; shell?: string; cwd: string; env?: Record<string, string> }): RunResult {
  const env: NodeJS.ProcessEnv = { ...process.env, ...how.env };
  delete env.NODE_TEST_CONTEXT;
  for (const name of ['NO_COLOR', 'FORCE_COLOR', 'CLICOLOR', 'CLICOLOR_FORCE', 'NODE_DISABLE_COLORS']) delete env[name];
  const command = how.shell ? ['/bin/sh', ['-c', how.shell]] as const : [process.execPath, [BIN, ...args]] as const;
  const result = spawnSync(command[0], [...command[1]], { cwd: how.cwd, env, encoding: 'utf8', stdio: how.stdio ?? 'pipe', timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
  if (result.error) throw result.error;
  assert.equal(result.signal, null, `bplan was killed by ${result.signal}`);
  assertNoStackTrace(result.stderr ?? '');
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** The stylish header lines (`file:line:col  severity  message  [rule]`) of a report. */
function headers(stdout: string): string[] {
  return stdout.split('\n').filter((l) => /^\S.*:\d+:\d+  (error|warning|info)  /.test(l));
}

/** Deterministic bytes (a linear congruential generator), so that a failure can be replayed. */
function pseudoRandomBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

function billionLaughs(): string {
  const letters = 'abcdefghi';
  let text = 'bplan: 1\nname: laughs\nlol: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
  for (let i = 1; i < letters.length; i++) text += `l${i}: &${letters[i]} [${Array(9).fill(`*${letters[i - 1]}`).join(', ')}]\n`;
  return text;
}

function mergeBomb(): string {
  let text = 'bplan: 1\nm0: &m0 { x: 1 }\n';
  for (let i = 1; i <= 5; i++) text += `m${i}: &m${i} { <<: [${Array(10).fill(`*m${i - 1}`).join(', ')}] }\n`;
  return text;
}

describe('hostile YAML: a finding, exit 1, quickly', () => {
  let tmp: ReturnType<typeof makeTmp>;
  before(() => {
    tmp = makeTmp('bplan-hostile-');
    const files: Record<string, string> = {
      'laughs.bplan.yaml': billionLaughs(),
      'merge-bomb.bplan.yaml': mergeBomb(),
      'deep-flow-seq.bplan.yaml': `bplan: 1\nname: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
      'deep-flow-map.bplan.yaml': `bplan: 1\nname: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`,
      'deep-block-seq.bplan.yaml': `${'- '.repeat(10_000)}bplan\n`,
      'deep-anchors.bplan.yaml': `bplan: 1\nname: ${Array.from({ length: 10_000 }, (_, i) => `&a${i} [`).join('')}${']'.repeat(10_000)}\n`,
      'control.bplan.yaml': 'bplan: 1\nname: bell\u0007\ndescription: rsv\u001b]0;title\u0007\n',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(tmp.dir, name), text);
  });
  after(() => tmp.cleanup());

  test('a billion-laughs alias bomb is one yaml-syntax finding, at the first alias', TIME, () => {
    const r = timed(['lint', 'laughs.bplan.yaml'], { cwd: tmp.dir, withinMs: 15_000 });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    assert.deepEqual(headers(r.stdout), [
      'laughs.bplan.yaml:4:9  error  aliases expand too far (more than 100 alias uses, as in a "billion laughs" attack): write the values out  [yaml-syntax]',
    ]);
  });

  test('a bomb of merge keys (<<: [*m, *m, …]) is the same finding', TIME, () => {
    const r = timed(['lint', 'merge-bomb.bplan.yaml'], { cwd: tmp.dir, withinMs: 15_000 });
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(
      headers(r.stdout).map((h) => h.replace(/:\d+:\d+/, '')),
      ['merge-bomb.bplan.yaml  error  aliases expand too far (more than 100 alias uses, as in a "billion laughs" attack): write the values out  [yaml-syntax]'],
    );
  });

  for (const name of ['deep-flow-seq', 'deep-flow-map', 'deep-block-seq', 'deep-anchors']) {
    test(`nesting 10,000 levels deep (${name}) is "nests too deeply", not a stack overflow`, TIME, () => {
      const r = timed(['lint', `${name}.bplan.yaml`], { cwd: tmp.dir, withinMs: 20_000 });
      assert.equal(r.status, 1, r.stderr);
      assert.equal(r.stderr, '');
      const found = headers(r.stdout);
      assert.ok(found.length >= 1 && found.length <= 20, found.join('\n'));
      for (const h of found) assert.match(h, /  error  the YAML nests too deeply to read; a plan needs only a few levels of nesting  \[yaml-syntax\]$/);
    });
  }

  test('control characters (an escape sequence that would retitle a terminal) are findings that name the code point', TIME, () => {
    const r = timed(['lint', '-f', 'json', 'control.bplan.yaml'], { cwd: tmp.dir, withinMs: 15_000 });
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { files: { findings: { ruleId: string; message: string; line: number; column: number }[] }[] };
    assert.deepEqual(
      report.files[0]!.findings.map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.message}`),
      [
        '2:11 yaml-syntax the text holds the control character U+0007; YAML does not allow it: remove it',
        '3:17 yaml-syntax the text holds the control character U+001B; YAML does not allow it: remove it',
        '3:26 yaml-syntax the text holds the control character U+0007; YAML does not allow it: remove it',
      ],
    );
  });

  test('printed to a terminal, control characters in the plan and in its file name are shown as symbols, never sent as such', TIME, () => {
    const name = 'ctl\u001b[2Jname.bplan.yaml';
    writeFileSync(join(tmp.dir, name), readFileSync(join(tmp.dir, 'control.bplan.yaml')));
    for (const color of ['--no-color', '--color']) {
      const r = timed(['lint', color, name, 'control.bplan.yaml'], { cwd: tmp.dir, withinMs: 15_000 });
      assert.equal(r.status, 1, r.stderr);
      // The only escape sequences left are bplan's own colours (SGR: ESC [ digits m).
      assert.equal(r.stdout.replace(/\u001b\[\d+m/g, '').match(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/), null, JSON.stringify(r.stdout));
      const plain = r.stdout.replace(/\u001b\[\d+m/g, '');
      assert.ok(plain.includes('ctl\u241b[2Jname.bplan.yaml:3:17'), plain);
      // One symbol per character keeps the caret under the character at fault.
      assert.ok(plain.includes('  3 | description: rsv\u241b]0;title\u2407\n    |                 ^'), plain);
    }
    const table = timed(['estimate', 'control.bplan.yaml'], { cwd: tmp.dir, withinMs: 15_000 });
    assert.equal(table.stdout.match(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/), null, JSON.stringify(table.stdout));
  });
});

describe('custom tags, merge keys and anchors: parsed, never executed', () => {
  let tmp: ReturnType<typeof makeTmp>;
  before(() => {
    tmp = makeTmp('bplan-tags-');
  });
  after(() => tmp.cleanup());

  // Each would write the marker file if a loader executed it (js-yaml's full schema, PyYAML, Psych).
  const TAGS: [tag: string, value: string][] = [
    ['!!js/function', `"function () { require('fs').writeFileSync('MARKER', 'js') }"`],
    ['!!js/eval', `"require('fs').writeFileSync('MARKER', 'eval')"`],
    ['!!js/regexp', '/x/g'],
    ['!!js/undefined', "''"],
    ['!!python/object/apply:os.system', '["touch MARKER"]'],
    ['!!python/object/new:subprocess.Popen', '[["touch", "MARKER"]]'],
    ['!ruby/object:Gem::Installer', '{ i: x }'],
    ['!<tag:yaml.org,2002:js/function>', '"function () {}"'],
    ['!!binary', 'aGVsbG8='],
    ['!include', 'MARKER'],
  ];
  for (const [tag, value] of TAGS) {
    test(`${tag} is an unknown-tag finding, and nothing runs`, TIME, () => {
      const text = `bplan: 1\nname: ${tag} ${value}\n`;
      writeFileSync(join(tmp.dir, 'tagged.bplan.yaml'), text);
      const r = timed(['lint', 'tagged.bplan.yaml'], { cwd: tmp.dir, withinMs: 15_000 });
      assert.equal(r.status, 1, r.stderr);
      assert.deepEqual(headers(r.stdout), [`tagged.bplan.yaml:2:7  error  unknown tag ${tag}: bplan plans use plain YAML values only; remove the tag  [yaml-syntax]`]);
      assert.equal(existsSync(join(tmp.dir, 'MARKER')), false, 'the tag was executed');
    });
  }

  test('a %TAG directive that names a Python handle is the same', TIME, () => {
    writeFileSync(join(tmp.dir, 'directive.bplan.yaml'), '%TAG !py! tag:yaml.org,2002:python/\n---\nbplan: 1\nname: !py!object/apply:os.system ["touch MARKER"]\n');
    const r = timed(['lint', 'directive.bplan.yaml'], { cwd: tmp.dir, withinMs: 15_000 });
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(headers(r.stdout), ['directive.bplan.yaml:4:7  error  unknown tag !py!object/apply:os.system: bplan plans use plain YAML values only; remove the tag  [yaml-syntax]']);
    assert.equal(existsSync(join(tmp.dir, 'MARKER')), false);
  });

  test('a merge key given a scalar, and an alias with no anchor, are findings at each; anchors and merges of mappings lint as written', TIME, () => {
    writeFileSync(
      join(tmp.dir, 'merge.bplan.yaml'),
      'bplan: 1\nservers:\n  - { <<: 1, name: mabs01, product: mabs, version: v3 }\n  - { <<: [*x], name: mabs02 }\n',
    );
    const bad = timed(['lint', 'merge.bplan.yaml'], { cwd: tmp.dir, withinMs: 15_000 });
    assert.equal(bad.status, 1);
    assert.deepEqual(headers(bad.stdout), [
      'merge.bplan.yaml:3:11  error  a merge key (<<) takes a mapping, an alias of one, or a list of them: point it at a mapping, or write the keys out  [yaml-syntax]',
      'merge.bplan.yaml:4:12  error  the alias *x refers to no anchor: define &x before it, or write the value out  [yaml-syntax]',
    ]);
    const anchored = CLEAN.replace('  - name: files-twice-daily\n', '  - &base\n    name: files-twice-daily\n').replace('  - name: system-state-nightly\n', '  - <<: *base\n    name: system-state-nightly\n');
    assert.notEqual(anchored, CLEAN);
    writeFileSync(join(tmp.dir, 'anchored.bplan.yaml'), anchored);
    const ok = timed(['lint', 'anchored.bplan.yaml'], { cwd: tmp.dir, withinMs: 15_000 });
    assert.equal(ok.status, 0, ok.stdout);
    assert.equal(ok.stdout, '✔ no problems in 1 file\n');
  });
});

describe('hostile files: exit 2 and one clear line where the input cannot be read', () => {
  let tmp: ReturnType<typeof makeTmp>;
  const big = 50 * 1000 * 1000;
  before(() => {
    tmp = makeTmp('bplan-files-');
    // 50 MB: a real plan, then comment lines.
    const line = `# ${'padding '.repeat(12)}\n`;
    writeFileSync(join(tmp.dir, 'big.bplan.yaml'), CLEAN + line.repeat(Math.ceil((big - CLEAN.length) / line.length)));
    // A single line of 10 MiB: a vault whose name is wrong, and a region 10 MiB long.
    const head = 'bplan: 1\nvault: { name: 1bad_vault, region: ';
    writeFileSync(join(tmp.dir, 'line.bplan.yaml'), `${head}${'a'.repeat(10 * 1024 * 1024 - head.length - 3)} }\n`);
    const binary = pseudoRandomBytes(4096, 7);
    binary[100] = 0;
    writeFileSync(join(tmp.dir, 'binary.bplan.yaml'), binary);
    writeFileSync(join(tmp.dir, 'high-bytes.bplan.yaml'), Buffer.from(pseudoRandomBytes(4096, 11).map((b) => b | 0x80)));
    const utf8 = (bytes: number[]) => Buffer.concat([Buffer.from('bplan: 1\nname: '), Buffer.from(bytes), Buffer.from('\n')]);
    writeFileSync(join(tmp.dir, 'continuation.bplan.yaml'), utf8([0x80]));
    writeFileSync(join(tmp.dir, 'overlong.bplan.yaml'), utf8([0xc0, 0xaf]));
    writeFileSync(join(tmp.dir, 'surrogate.bplan.yaml'), utf8([0xed, 0xa0, 0x80]));
    writeFileSync(join(tmp.dir, 'truncated.bplan.yaml'), Buffer.concat([Buffer.from('bplan: 1\nname: '), Buffer.from([0xe2, 0x82])]));
    mkdirSync(join(tmp.dir, 'folder.bplan.yaml'));
    symlinkSync('loop-b.bplan.yaml', join(tmp.dir, 'loop-a.bplan.yaml'));
    symlinkSync('loop-a.bplan.yaml', join(tmp.dir, 'loop-b.bplan.yaml'));
    // A folder of plans with a link loop, a link to itself and a link to its parent inside.
    mkdirSync(join(tmp.dir, 'links', 'sub'), { recursive: true });
    writeFileSync(join(tmp.dir, 'links', 'sub', 'plan.bplan.yaml'), CLEAN);
    symlinkSync('x.bplan.yaml', join(tmp.dir, 'links', 'y.bplan.yaml'));
    symlinkSync('y.bplan.yaml', join(tmp.dir, 'links', 'x.bplan.yaml'));
    symlinkSync('.', join(tmp.dir, 'links', 'self'));
    symlinkSync('..', join(tmp.dir, 'links', 'sub', 'up'));
  });
  after(() => tmp.cleanup());

  test(`the default limit is ${MAX_PLAN_BYTES} bytes (4 MiB); sizes are bytes or K, M, G of 1024`, () => {
    assert.equal(MAX_PLAN_BYTES, 4 * 1024 * 1024);
    const sizes: [string, number | undefined][] = [
      ['16777216', 16_777_216], ['512K', 524_288], ['512kb', 524_288], ['16M', 16_777_216], ['16 MiB', 16_777_216], ['1.5m', 1_572_864],
      ['1G', 1_073_741_824], [' 64M ', 67_108_864], ['0', undefined], ['-1', undefined], ['lots', undefined], ['16T', undefined],
      ['1constructor', undefined], ['1__proto__', undefined], ['', undefined], ['1e9', undefined],
    ];
    for (const [given, bytes] of sizes) assert.equal(parseByteSize(given), bytes, JSON.stringify(given));
    assert.deepEqual([1, 1023, 1024, 1536, MAX_PLAN_BYTES, 50_000_000, 2 ** 30].map(formatByteSize), ['1 byte', '1023 bytes', '1 KiB', '1.5 KiB', '4 MiB', '47.7 MiB', '1 GiB']);
  });

  test('a 50 MB file is refused before it is read, by lint and estimate', TIME, () => {
    for (const command of ['lint', 'estimate']) {
      const r = timed([command, 'big.bplan.yaml'], { cwd: tmp.dir, withinMs: 10_000 });
      assert.equal(r.status, 2, `${command}: ${r.stderr}`);
      assertOneLineMessage(r.stderr, /^bplan: cannot read big\.bplan\.yaml: it is 47\.7 MiB, more than the 4 MiB a plan may be \(set BPLAN_MAX_PLAN_BYTES=64M to read it\)$/);
      assert.doesNotMatch(r.stdout, /no problems/);
    }
  });

  test('a 50 MB file on standard input is refused too: a file by its size, a pipe after 4 MiB', TIME, () => {
    const fd = openSync(join(tmp.dir, 'big.bplan.yaml'), 'r');
    try {
      const r = spawnBplan(['lint', '-'], { cwd: tmp.dir, stdio: [fd, 'pipe', 'pipe'] });
      assert.equal(r.status, 2, r.stderr);
      assertOneLineMessage(r.stderr, /^bplan: cannot read standard input: it is 47\.7 MiB, more than the 4 MiB a plan may be/);
    } finally {
      closeSync(fd);
    }
    const piped = spawnBplan([], { cwd: tmp.dir, shell: `cat big.bplan.yaml | "${process.execPath}" "${BIN}" lint -` });
    assert.equal(piped.status, 2, piped.stderr);
    assertOneLineMessage(piped.stderr, /^bplan: cannot read standard input: it holds more than the 4 MiB a plan may be \(set BPLAN_MAX_PLAN_BYTES=8M to read it\)$/);
  });

  test('an endless file (/dev/zero) is refused after 4 MiB, not read until memory runs out', TIME, (t: TestContext) => {
    if (!existsSync('/dev/zero')) {
      t.skip('no /dev/zero on this system');
      return;
    }
    const r = timed(['lint', '/dev/zero'], { cwd: tmp.dir, withinMs: 10_000 });
    assert.equal(r.status, 2);
    assertOneLineMessage(r.stderr, /^bplan: cannot read \/dev\/zero: it holds more than the 4 MiB a plan may be/);
  });

  test('BPLAN_MAX_PLAN_BYTES raises the limit: the 50 MB file is linted, within a bound', TIME, () => {
    const r = timed(['lint', 'big.bplan.yaml'], { cwd: tmp.dir, env: { BPLAN_MAX_PLAN_BYTES: '64M' }, withinMs: 90_000 });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0, r.stdout.slice(0, 2000));
    assert.equal(r.stdout, '✔ no problems in 1 file\n');
  });

  test('BPLAN_MAX_PLAN_BYTES that is not a size is a usage error', TIME, () => {
    const r = timed(['lint', 'big.bplan.yaml'], { cwd: tmp.dir, env: { BPLAN_MAX_PLAN_BYTES: 'lots' }, withinMs: 10_000 });
    assert.equal(r.status, 2);
    assertOneLineMessage(r.stderr, /^bplan: BPLAN_MAX_PLAN_BYTES takes a size in bytes, or with K, M or G \(such as 16M\), not "lots"$/);
  });

  test('a single line of 10 MiB: refused by default; under a raised limit, linted without printing the line', TIME, () => {
    const refused = timed(['lint', 'line.bplan.yaml'], { cwd: tmp.dir, withinMs: 10_000 });
    assert.equal(refused.status, 2);
    assertOneLineMessage(refused.stderr, /^bplan: cannot read line\.bplan\.yaml: it is 10 MiB, more than the 4 MiB a plan may be \(set BPLAN_MAX_PLAN_BYTES=16M to read it\)$/);
    const r = timed(['lint', 'line.bplan.yaml'], { cwd: tmp.dir, env: { BPLAN_MAX_PLAN_BYTES: '16M' }, withinMs: 60_000 });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    assert.deepEqual(headers(r.stdout).map((h) => h.replace(/  error  .*\[/, ' [')), ['line.bplan.yaml:2:16 [vault-name]']);
    assert.ok(r.stdout.length < 2_000, `the report is ${r.stdout.length} characters long`);
  });

  const unreadable: [name: string, file: string, message: RegExp][] = [
    ['binary data (NUL bytes)', 'binary.bplan.yaml', /^bplan: cannot read binary\.bplan\.yaml: it is a binary file, not a YAML plan$/],
    ['random bytes with the high bit set', 'high-bytes.bplan.yaml', /^bplan: cannot read high-bytes\.bplan\.yaml: it is not valid UTF-8 text$/],
    ['a lone continuation byte', 'continuation.bplan.yaml', /^bplan: cannot read continuation\.bplan\.yaml: it is not valid UTF-8 text$/],
    ['an overlong encoding of "/"', 'overlong.bplan.yaml', /^bplan: cannot read overlong\.bplan\.yaml: it is not valid UTF-8 text$/],
    ['a UTF-16 surrogate encoded as UTF-8', 'surrogate.bplan.yaml', /^bplan: cannot read surrogate\.bplan\.yaml: it is not valid UTF-8 text$/],
    ['a character cut off at the end of the file', 'truncated.bplan.yaml', /^bplan: cannot read truncated\.bplan\.yaml: it is not valid UTF-8 text$/],
    ['a symlink loop', 'loop-a.bplan.yaml', /^bplan: cannot read loop-a\.bplan\.yaml: too many levels of symbolic links$/],
    ['a folder named like a plan, holding none', 'folder.bplan.yaml', /^bplan: no \*\.bplan\.yaml or \*\.bplan\.yml files found in folder\.bplan\.yaml$/],
  ];
  for (const [name, file, message] of unreadable) {
    test(`${name}: exit 2, one line`, TIME, () => {
      const r = timed(['lint', file], { cwd: tmp.dir, withinMs: 10_000 });
      assert.equal(r.status, 2, r.stderr);
      assertOneLineMessage(r.stderr, message);
      assert.doesNotMatch(r.stdout, /no problems/);
    });
  }

  test('a folder given as standard input: exit 2, "is a directory"', TIME, () => {
    const fd = openSync(join(tmp.dir, 'folder.bplan.yaml'), 'r');
    try {
      const r = spawnBplan(['lint', '-'], { cwd: tmp.dir, stdio: [fd, 'pipe', 'pipe'] });
      assert.equal(r.status, 2);
      assertOneLineMessage(r.stderr, /^bplan: cannot read standard input: is a directory$/);
    } finally {
      closeSync(fd);
    }
  });

  test('symlink loops inside a folder: the walk and a ** glob end, and lint the plan that is there', TIME, () => {
    const walked = timed(['lint', 'links'], { cwd: tmp.dir, withinMs: 15_000 });
    assert.equal(walked.status, 0, walked.stderr);
    assert.equal(walked.stdout, '✔ no problems in 1 file\n');
    const globbed = timed(['lint', 'links/**/*.bplan.yaml'], { cwd: tmp.dir, withinMs: 20_000 });
    assert.equal(globbed.status, 0, globbed.stderr);
    assert.match(globbed.stdout, /^✔ no problems in \d+ files?\n$/);
  });

  test('an unreadable folder (chmod 000): exit 2, "permission denied"', TIME, (t: TestContext) => {
    const locked = join(tmp.dir, 'locked');
    mkdirSync(join(locked, 'inner'), { recursive: true });
    writeFileSync(join(locked, 'inner', 'plan.bplan.yaml'), CLEAN);
    chmodSync(join(locked, 'inner'), 0o000);
    let as: { uid?: number; gid?: number } = {};
    if (process.getuid?.() === 0) {
      // root reads any folder; run the CLI as "nobody", when it can get at the temporary folder.
      chmodSync(tmp.dir, 0o755);
      chmodSync(locked, 0o755);
      const probe = bplan(['--version'], { cwd: locked, uid: 65534, gid: 65534 });
      if (probe.status !== 0) {
        t.skip(`running as root, and the CLI cannot run as uid 65534 to be refused (${probe.stderr.trim()})`);
        return;
      }
      as = { uid: 65534, gid: 65534 };
    }
    try {
      const r = timed(['lint', 'inner'], { cwd: locked, ...as, withinMs: 10_000 });
      assert.equal(r.status, 2, r.stderr);
      assertOneLineMessage(r.stderr, /^bplan: cannot read directory \S*inner: permission denied$/);
    } finally {
      chmodSync(join(locked, 'inner'), 0o755);
    }
  });
});

describe('standard input that is empty, closed or cut short', () => {
  let tmp: ReturnType<typeof makeTmp>;
  before(() => {
    tmp = makeTmp('bplan-stdin-');
  });
  after(() => tmp.cleanup());

  const NO_PLAN = '<stdin>:1:1  error  the file holds no plan: a plan starts with "bplan: 1"  [schema]';

  test('stdin at end of file at once (/dev/null): "the file holds no plan", exit 1', TIME, () => {
    const r = spawnBplan(['lint', '-'], { cwd: tmp.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    assert.deepEqual(headers(r.stdout), [NO_PLAN]);
  });

  test('stdin closed before bplan starts (0<&-): the same, never a crash', TIME, () => {
    const r = spawnBplan([], { cwd: tmp.dir, shell: `exec "${process.execPath}" "${BIN}" lint - 0<&-` });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    assert.deepEqual(headers(r.stdout), [NO_PLAN]);
  });

  test('stdin that ends in the middle of a plan: the YAML finding where it stops, exit 1', TIME, () => {
    const cut = 'bplan: 1\nservers:\n  - { name: mabs01, product: ma';
    const r = timed(['lint', '-'], { cwd: tmp.dir, input: cut, withinMs: 15_000 });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    const found = headers(r.stdout);
    assert.ok(found.length >= 1, r.stdout);
    for (const h of found) assert.match(h, /^<stdin>:3:\d+  error  .*\[yaml-syntax\]$/);
  });
});

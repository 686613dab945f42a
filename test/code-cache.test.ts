/**
 * bin/bplan.js loads the CLI bundle with V8's code cache (dist/cli.js.cache, made by the build):
 * the cache must be used when it fits, and change nothing a user sees — the same output and exit
 * code as the bundle loaded by `require` — also when it is missing, corrupt or made for another
 * bundle (V8 rejects it, and the bundle is compiled as usual). Every other CLI test runs through
 * bin/bplan.js too.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeTmp, ROOT, SAMPLES } from './support/cli';

const CACHE = join(ROOT, 'dist', 'cli.js.cache');
const PLAN = join(ROOT, 'test', 'fixtures', 'online-frequency', 'dpm-3-per-day.bplan.yaml');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(entry: string, args: readonly string[], debug = true): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', BPLAN_WORKERS: '0' };
  delete env.NODE_TEST_CONTEXT;
  delete env.BPLAN_MAKE_CODE_CACHE;
  if (debug) env.BPLAN_DEBUG_CODE_CACHE = '1';
  const r = spawnSync(process.execPath, [entry, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same run with the bundle loaded by plain `require`, as the reference. */
const reference = (args: readonly string[]): Run => run(join(ROOT, 'dist', 'cli.js'), args, false);

const CASES: readonly (readonly string[])[] = [
  ['lint', SAMPLES],
  ['lint', '--format', 'json', PLAN],
  ['lint', '--format', 'sarif', PLAN],
  ['estimate', join(SAMPLES, 'mabs-v3-modern-storage.bplan.yaml')],
  ['lint', join(ROOT, 'no-such-plan.bplan.yaml')],
  ['--version'],
];

let tmp: ReturnType<typeof makeTmp>;
before(() => {
  tmp = makeTmp('bplan-code-cache-');
});
after(() => tmp.cleanup());

/** A copy of bin/ and dist/ in a temporary folder, to break its cache without touching the real one. */
function copyInstall(name: string): string {
  const dir = join(tmp.dir, name);
  mkdirSync(dir);
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'dist'));
  for (const file of ['cli.js', 'cli.js.cache', 'lint-worker.js', 'server.js']) copyFileSync(join(ROOT, 'dist', file), join(dir, 'dist', file));
  return dir;
}

const stderrWithoutNote = (text: string) => text.replace(/^bplan: code cache (used|rejected|being made)\n/m, '');

describe('the CLI loaded with its code cache', () => {
  test('the build made the cache; the plans linted here have findings and the missing one is missing', () => {
    assert.ok(existsSync(CACHE), 'dist/cli.js.cache is missing: scripts/build.mjs makes it');
    assert.equal(reference(['lint', PLAN]).status, 1);
    assert.equal(reference(['lint', join(ROOT, 'no-such-plan.bplan.yaml')]).status, 2);
  });

  for (const args of CASES) {
    test(`bplan ${args.map((a) => a.replace(ROOT, '.')).join(' ')}: uses the cache, same output and exit code as without it`, () => {
      const cached = run(join(ROOT, 'bin', 'bplan.js'), args);
      assert.match(cached.stderr, /^bplan: code cache used$/m);
      const expected = reference(args);
      assert.equal(cached.status, expected.status);
      assert.equal(cached.stdout, expected.stdout);
      assert.equal(stderrWithoutNote(cached.stderr), expected.stderr);
    });
  }

  test('bplan lsp --help finds the server bundle beside the cached CLI', () => {
    const r = run(join(ROOT, 'bin', 'bplan.js'), ['lsp', '--help']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Usage: bplan lsp/);
  });

  const broken: [string, (dir: string) => void][] = [
    ['corrupt (random bytes)', (dir) => writeFileSync(join(dir, 'dist', 'cli.js.cache'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)))],
    ['made for another bundle (cli.js changed since)', (dir) => appendFileSync(join(dir, 'dist', 'cli.js'), '\n// changed after the cache was made\n')],
    ['empty', (dir) => writeFileSync(join(dir, 'dist', 'cli.js.cache'), '')],
  ];
  for (const [what, breakIt] of broken) {
    test(`a cache ${what}: rejected, and the CLI works as without it`, () => {
      const dir = copyInstall(what.replace(/\W+/g, '-'));
      breakIt(dir);
      for (const args of CASES.slice(0, 3)) {
        const r = run(join(dir, 'bin', 'bplan.js'), args);
        assert.match(r.stderr, /^bplan: code cache rejected$/m, what);
        const expected = reference(args);
        assert.equal(r.status, expected.status);
        assert.equal(r.stdout, expected.stdout);
      }
    });
  }

  test('no cache: the bundle is required as usual', () => {
    const dir = copyInstall('none');
    rmSync(join(dir, 'dist', 'cli.js.cache'));
    const r = run(join(dir, 'bin', 'bplan.js'), ['lint', '--format', 'json', PLAN]);
    assert.doesNotMatch(r.stderr, /code cache/);
    const expected = reference(['lint', '--format', 'json', PLAN]);
    assert.equal(r.status, expected.status);
    assert.equal(r.stdout, expected.stdout);
  });

  test('no bundle: a one-line message and exit code 2', () => {
    const dir = copyInstall('unbuilt');
    rmSync(join(dir, 'dist', 'cli.js'));
    const r = run(join(dir, 'bin', 'bplan.js'), ['lint', PLAN]);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'bplan: the CLI is not built yet; run `npm run build` in the bplan folder\n');
  });
});

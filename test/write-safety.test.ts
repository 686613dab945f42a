/**
 * What a killed writer leaves behind. A child process replaces a large file over and over with
 * write-file.ts (the writer of every file bplan writes) and is killed with SIGKILL at seeded random
 * moments; after each kill the file must hold exactly the old content or exactly the new, and at most
 * the killed process's temporary file may be left, which the next write removes. Then the same for
 * `bplan lint --fix` killed between writing its temporary file and the rename.
 *
 * SIGKILL stops the process, not the machine: the page cache survives, so these tests prove the
 * rename protocol (never a half-written target), not durability across a power cut, which rests on
 * the fsync of the file and of its folder.
 *
 * BPLAN_WRITE_SAFETY_SEED=N replays another sequence of kill moments.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { writeFileAtomic } from '../server/src/cli/write-file';
import { BIN, fixture, makeTmp } from './support/cli';

const SEED = Number(process.env.BPLAN_WRITE_SAFETY_SEED) || 20240611;
const KILLS = 30;
/** out/server/src/cli/write-file.js, beside this compiled test's folder. */
const WRITER = join(__dirname, '..', 'server', 'src', 'cli', 'write-file.js');

/** mulberry32: a small seeded generator, so that a failing sequence of kill moments can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `size` bytes of numbered lines starting with `tag`, so that any mix of two contents, or a cut, shows. */
function content(tag: string, size: number): Buffer {
  const lines: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const line = `${tag} line ${i}\n`;
    lines.push(line);
    length += line.length;
  }
  return Buffer.from(lines.join('')).subarray(0, size);
}

const childEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_TEST_CONTEXT;
  return env;
};

/** Starts `node args`, kills it with SIGKILL when `killWhen` resolves, and resolves with its stderr once it is gone. */
function runAndKill(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, killWhen: (child: ChildProcessByStdio<null, Readable, Readable>) => Promise<void>): Promise<string> {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`the writer ended on its own (${String(signal ?? _code)}) before it was killed:\n${stderr}`));
      else resolve(stderr);
    });
    killWhen(child).then(
      () => child.kill('SIGKILL'),
      (error: unknown) => {
        child.kill('SIGKILL');
        reject(error);
      },
    );
  });
}

/** The size of a file, or -1 when it is gone (a temporary file renamed or removed in between). */
function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return -1;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const temps = (dir: string, name: string) => readdirSync(dir).filter((f) => f.startsWith(`.${name}.`) && f.endsWith('.tmp'));

let tmp: ReturnType<typeof makeTmp>;
before(() => {
  tmp = makeTmp('bplan-write-safety-');
});
after(() => tmp.cleanup());

describe('a writer killed at any moment', () => {
  test(`${KILLS} SIGKILLs at seeded moments: the target is always exactly the old or the new content`, async (t: TestContext) => {
    t.diagnostic(`write-safety seed ${SEED} (BPLAN_WRITE_SAFETY_SEED=${SEED} replays it)`);
    const next = random(SEED);
    const sources = join(tmp.dir, 'sources');
    const dir = join(tmp.dir, 'target');
    mkdirSync(sources);
    mkdirSync(dir);
    // Two contents of different sizes, so that a cut or a mix of the two cannot pass for either.
    const a = content('A', 4 * 1024 * 1024);
    const b = content('B', 3 * 1024 * 1024 + 12345);
    writeFileSync(join(sources, 'a'), a);
    writeFileSync(join(sources, 'b'), b);
    const target = join(dir, 'big.bplan.yaml');
    writeFileSync(target, a);
    const script = join(sources, 'writer.js');
    writeFileSync(
      script,
      `const { readFileSync } = require('node:fs');
const { writeFileAtomic } = require(${JSON.stringify(WRITER)});
const [target, a, b] = process.argv.slice(2).map((p, i) => (i === 0 ? p : readFileSync(p)));
process.stdout.write('ready\\n');
// Replace the file with the other content, again and again, until killed.
for (;;) {
  const now = readFileSync(target);
  writeFileAtomic(target, now.equals(a) ? b : a, { expect: now });
}
`,
    );

    let midWrite = 0;
    let changes = 0;
    let last = a;
    for (let kill = 1; kill <= KILLS; kill++) {
      // Counted from the writer's start (node's own start-up takes a varying while): a few writes' time.
      const delay = Math.round(next() * 250);
      await runAndKill([script, target, join(sources, 'a'), join(sources, 'b')], dir, childEnv(), async (child) => {
        await once(child.stdout, 'data');
        await sleep(delay);
      });
      const now = readFileSync(target);
      assert.ok(now.equals(a) || now.equals(b), `kill ${kill} (after ${delay} ms, seed ${SEED}): the target is neither content (${now.length} bytes)`);
      if (!now.equals(last)) changes++;
      last = now;
      const left = temps(dir, 'big.bplan.yaml');
      // The killed process's own temporary file at most: each write removes those of dead processes.
      assert.ok(left.length <= 1, `kill ${kill}: temporary files accumulate: ${left.join(', ')}`);
      if (left.length) midWrite++;
    }
    t.diagnostic(`${midWrite} of ${KILLS} kills landed while a temporary file existed; the target changed between ${changes} kills`);
    assert.ok(midWrite > 0, 'no kill landed during a write: the test proved nothing');
    assert.ok(changes > 0, 'no writer ever replaced the target: the test proved nothing');

    // The next write removes what the last killed writer left.
    writeFileAtomic(target, a, { expect: last });
    assert.deepEqual(temps(dir, 'big.bplan.yaml'), []);
    assert.ok(readFileSync(target).equals(a));
  });
});

describe('bplan lint --fix killed before its rename', () => {
  test('the plan is exactly as it was, and the next --fix removes the leftover and writes the fixes', async () => {
    const dir = join(tmp.dir, 'cli');
    mkdirSync(dir);
    const original = readFileSync(fixture('fix/several.bplan.yaml'));
    const expected = readFileSync(fixture('fix/several.fixed.yaml'), 'utf8');
    const target = join(dir, 'several.bplan.yaml');
    writeFileSync(target, original);
    // The test hook holds the writer between its flushed temporary file and the rename. The file exists (empty)
    // before its bytes are written, so the kill waits for all of them: killed earlier, the check below would fail.
    const size = Buffer.byteLength(expected);
    await runAndKill([BIN, 'lint', '--fix', 'several.bplan.yaml'], dir, childEnv({ BPLAN_TEST_WRITE_DELAY_MS: '10000' }), async (child) => {
      child.stdout.resume();
      const deadline = Date.now() + 20_000;
      while (!temps(dir, 'several.bplan.yaml').some((name) => sizeOf(join(dir, name)) === size)) {
        if (Date.now() > deadline) throw new Error('bplan never wrote its temporary file');
        await sleep(5);
      }
    });
    assert.ok(readFileSync(target).equals(original), 'the plan changed although the rename never happened');
    const [left] = temps(dir, 'several.bplan.yaml');
    assert.ok(left, 'the killed process left no temporary file');
    assert.equal(readFileSync(join(dir, left), 'utf8'), expected, 'the temporary file holds the complete fixed text');

    const again = spawn(process.execPath, [BIN, 'lint', '--fix', 'several.bplan.yaml'], { cwd: dir, env: childEnv(), stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => again.on('exit', resolve));
    assert.equal(code, 1, 'online-frequency remains');
    assert.equal(readFileSync(target, 'utf8'), expected);
    assert.deepEqual(readdirSync(dir), ['several.bplan.yaml']);
  });
});

/**
 * The one way bplan writes a file it keeps (fixed plans, new plans, baselines): never in place. The
 * new content goes to a temporary file in the target's folder (`.<name>.<pid>.<random>.tmp`, created
 * exclusively), is flushed to disk, then renamed over the target, and the folder is flushed too; so
 * whenever the process dies, the target holds either all of the old content or all of the new. A
 * temporary file is removed on any failure; one left by a killed process is removed by the next
 * write of the same target, once its process is gone.
 *
 * The target keeps its mode (and, for root, its owner). A symbolic link is followed: the file it
 * points to is replaced and the link stays. Hard links to the target are not: like every atomic
 * writer, the rename gives the target a new inode.
 */
import { closeSync, fchmodSync, fchownSync, fsyncSync, linkSync, lstatSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface WriteOptions {
  /**
   * What the target held when it was read. Right before the rename the target is read again, and a
   * target that holds anything else, or is gone, is left alone: the write fails with FileChangedError.
   */
  readonly expect?: string | Uint8Array;
  /** `false`: fail with code EEXIST when the target exists (without a race where the file system has hard links). */
  readonly overwrite?: boolean;
}

/** The target changed after it was read (see WriteOptions.expect); nothing was written. */
export class FileChangedError extends Error {
  readonly code = 'ECHANGED';
  constructor(path: string) {
    super(`${path} changed since it was read`);
  }
}

/** A write failure in a few words for a message: `permission denied`, `read-only file system`, or the error code. */
export function describeWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'ENOENT':
      return 'its folder does not exist';
    case 'ENOTDIR':
      return 'a part of its path is not a folder';
    case 'EISDIR':
      return 'it is a folder';
    default:
      return code ?? String((error as Error)?.message ?? error);
  }
}

/**
 * Test-only: milliseconds to wait after the temporary file is written and flushed, before the target
 * is checked and replaced, so that tests can change the target or kill the process at that moment
 * (test/cli-fix.test.ts, test/write-safety.test.ts). Unset in normal use.
 */
const TEST_WRITE_DELAY_ENV = 'BPLAN_TEST_WRITE_DELAY_MS';

const TEMP_SUFFIX = /^(\d+)\.[0-9a-f]{12}\.tmp$/;

/** The temporary file name for a target name; the random part keeps two writers in one process apart. */
function tempName(name: string): string {
  // crypto is required when a file is written, not at every start (it loads some 30 modules of Node's own).
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  return `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}

/** Writes `data` to `path` atomically; throws Node's file system errors (with their `code`) or FileChangedError. */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteOptions = {}): void {
  const target = followLink(path);
  const dir = dirname(target);
  const existing = statOrUndefined(target);
  if (existing?.isDirectory()) throw errno('EISDIR', target);
  if (existing && options.overwrite === false) throw errno('EEXIST', target);
  removeStaleTemps(dir, basename(target));

  const temp = join(dir, tempName(basename(target)));
  let fd: number | undefined;
  let placed = false;
  try {
    // A new file gets the default mode less the umask; a replaced one keeps its own.
    fd = openSync(temp, 'wx', existing ? existing.mode & 0o7777 : 0o666);
    if (existing) keepOwnerAndMode(fd, existing);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    testDelay();
    if (options.expect !== undefined) checkUnchanged(target, options.expect);
    if (options.overwrite === false) placeNew(temp, target);
    else renameSync(temp, target);
    placed = true;
  } finally {
    if (!placed) {
      try {
        if (fd !== undefined) closeSync(fd);
      } catch {
        // the write's own error is the one to report
      }
      try {
        unlinkSync(temp);
      } catch {
        // never created
      }
    }
  }
  syncFolder(dir);
}

/** The file a symbolic link leads to (the link itself stays); the path itself for anything else or a dangling link. */
function followLink(path: string): string {
  try {
    return lstatSync(path).isSymbolicLink() ? realpathSync(path) : path;
  } catch {
    return path;
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function errno(code: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${path}`), { code, path });
}

/** openSync's mode passes through the umask: set it again. Only root can give a file away; others keep their own. */
function keepOwnerAndMode(fd: number, existing: Stats): void {
  fchmodSync(fd, existing.mode & 0o7777);
  if (process.getuid?.() === 0 && (existing.uid !== 0 || existing.gid !== 0)) {
    try {
      fchownSync(fd, existing.uid, existing.gid);
    } catch {
      // a file system without owners
    }
  }
}

function testDelay(): void {
  const ms = Number(process.env[TEST_WRITE_DELAY_ENV]);
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function checkUnchanged(target: string, expect: string | Uint8Array): void {
  let now: Buffer;
  try {
    now = readFileSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new FileChangedError(target);
    throw error;
  }
  if (!now.equals(typeof expect === 'string' ? Buffer.from(expect, 'utf8') : expect)) throw new FileChangedError(target);
}

/**
 * Puts the temporary file in place only if the target does not exist: a hard link fails with EEXIST
 * if it does, with no moment where another writer's file could be replaced. Where the file system has
 * no hard links, a check just before the rename.
 */
function placeNew(temp: string, target: string): void {
  try {
    linkSync(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || !['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV'].includes(code ?? '')) throw error;
    if (statOrUndefined(target)) throw errno('EEXIST', target);
    renameSync(temp, target);
    return;
  }
  try {
    unlinkSync(temp);
  } catch {
    // the target is in place; a temporary file left over is removed by the next write
  }
}

/** The rename is durable once the folder is flushed too; not every platform lets a folder be opened. */
function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // best effort
  }
}

/**
 * Removes the temporary files of this target left by processes that no longer run (killed while
 * writing). A process that runs, or that this one may not signal, keeps its file. Best effort.
 */
function removeStaleTemps(dir: string, name: string): void {
  const prefix = `.${name}.`;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(TEMP_SUFFIX.exec(entry.slice(prefix.length))?.[1]);
    if (!pid || pid === process.pid || isRunning(pid)) continue;
    try {
      unlinkSync(join(dir, entry));
    } catch {
      // gone already, or not ours to remove
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

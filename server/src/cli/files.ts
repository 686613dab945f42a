import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { globSync } from 'tinyglobby';
import { formatByteSize, MAX_PLAN_BYTES, MAX_PLAN_BYTES_ENV, parseByteSize } from '../core/limits-input';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';

export const PLAN_FILE = /\.bplan\.ya?ml$/;
const GLOB_CHARS = /[*?[\]{}]/;

export interface Target {
  /** Path on disk, or `-` for standard input. */
  readonly path: string;
}

export class UsageError extends Error {}

/**
 * The options of one command, parsed strictly; Node's argument errors (which can run to several
 * lines) become one-line usage errors pointing at the command's help.
 */
export function commandArgs<const O extends NonNullable<ParseArgsConfig['options']>>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError(`${String((error as Error).message).split('\n')[0]} (see bplan ${command} --help)`);
  }
}

/** Path shown to users and used in SARIF: relative to the working directory, forward slashes. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  const shown = rel && !rel.startsWith('..') ? rel : path;
  return shown.split(sep).join('/');
}

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw new UsageError(`cannot read directory ${dir}: ${describeError(error)}`);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile() && PLAN_FILE.test(entry.name)) out.push(full);
  }
}

/**
 * Expands the command line's operands: a directory means every *.bplan.yaml / *.bplan.yml below it
 * (skipping node_modules and dot-folders), a glob its matches, a file itself, `-` standard input.
 * Order is deterministic; a file named twice is linted once.
 */
export function expandOperands(
  operands: readonly string[],
  cwd: string,
  configFor?: (dir: string) => { dir: string; config: { files?: readonly string[]; ignore?: readonly string[] } },
): { targets: string[]; missing: string[] } {
  const targets: string[] = [];
  const missing: string[] = [];
  for (const operand of operands) {
    if (operand === '-') {
      targets.push('-');
      continue;
    }
    const full = resolve(cwd, operand);
    let stat;
    try {
      stat = statSync(full);
    } catch {
      stat = undefined;
    }
    if (!stat) {
      // A link that exists but cannot be followed (a loop, a dangling or unreadable target): let reading say why.
      try {
        if (lstatSync(full).isSymbolicLink()) {
          targets.push(full);
          continue;
        }
      } catch {
        // not there at all
      }
    }
    if (stat?.isDirectory()) {
      const loaded = configFor?.(full);
      const { files, ignore } = loaded?.config ?? {};
      if (loaded && (files?.length || ignore?.length)) {
        // The configuration's patterns are relative to its own folder; keep what lies under this directory.
        const matches = globSync(files?.length ? [...files] : ['**/*.bplan.yaml', '**/*.bplan.yml'], {
          cwd: loaded.dir,
          absolute: true,
          dot: false,
          ignore: ['**/node_modules/**', ...(ignore ?? [])],
        })
          .map((m) => m.split('/').join(sep))
          .filter((m) => m.startsWith(full + sep) && !relative(full, m).split(sep).some((part) => part.startsWith('.')))
          .sort();
        targets.push(...matches);
      } else {
        const found: string[] = [];
        walk(full, found);
        targets.push(...found);
      }
    } else if (stat) {
      targets.push(full);
    } else if (GLOB_CHARS.test(operand)) {
      const matches = globSync(operand, { cwd, absolute: true, ignore: ['**/node_modules/**'], dot: false }).sort();
      if (matches.length === 0) missing.push(operand);
      targets.push(...matches.map((m) => m.split('/').join(sep)));
    } else {
      missing.push(operand);
    }
  }
  return { targets: [...new Set(targets)], missing };
}

export class ReadError extends Error {}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EAGAIN':
      return 'no input available';
    case 'EBADF':
      return 'it is closed';
    default:
      return code ?? String((error as Error)?.message ?? error);
  }
}

/**
 * The largest plan the CLI reads, in bytes: BPLAN_MAX_PLAN_BYTES from the environment (`16777216`,
 * `16M`, `512K`), or MAX_PLAN_BYTES. A value that is not a size is a usage error.
 */
export function maxPlanBytes(env: Readonly<Record<string, string | undefined>>): number {
  const given = env[MAX_PLAN_BYTES_ENV];
  if (given === undefined || given.trim() === '') return MAX_PLAN_BYTES;
  const bytes = parseByteSize(given);
  if (bytes === undefined) throw new UsageError(`${MAX_PLAN_BYTES_ENV} takes a size in bytes, or with K, M or G (such as 16M), not "${given}"`);
  return bytes;
}

function tooLarge(name: string, size: number | undefined, max: number): ReadError {
  // A limit that would let this file in: the next power of two in MiB above its size (or twice the limit, size unknown).
  const suggested = Math.max(1, 2 ** Math.ceil(Math.log2((size ?? 2 * max) / 1024 ** 2)));
  const found = size === undefined ? 'it holds more than' : `it is ${formatByteSize(size)}, more than`;
  return new ReadError(`cannot read ${name}: ${found} the ${formatByteSize(max)} a plan may be (set ${MAX_PLAN_BYTES_ENV}=${suggested}M to read it)`);
}

/**
 * The bytes of a file, or of standard input, up to `max`: a regular file larger than that is
 * refused before any of it is read; anything else (a pipe, a device such as /dev/zero) is read
 * until it passes `max`. Never holds more than `max` bytes and one chunk.
 */
function readAtMost(path: string, name: string, max: number, tooLargeError: (name: string, size: number | undefined, max: number) => ReadError = tooLarge): Buffer {
  const fd = path === '-' ? 0 : openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    if (stat.isFile() && stat.size > max) throw tooLargeError(name, stat.size, max);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024);
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        // Windows reports the end of a pipe as an EOF error.
        if ((error as NodeJS.ErrnoException).code === 'EOF') break;
        throw error;
      }
      if (n === 0) break;
      total += n;
      if (total > max) throw tooLargeError(name, stat.isFile() ? Math.max(total, stat.size) : undefined, max);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

/**
 * Reads a plan as UTF-8 text, at most `maxBytes` of it; a file that is too large, not text or not
 * readable is a ReadError (one line for the user), not a crash. `shown` names it in messages.
 */
export function readPlan(path: string, shown: string, maxBytes: number = MAX_PLAN_BYTES): string {
  return readText(path, path === '-' ? 'standard input' : shown, maxBytes, tooLarge, 'a YAML plan');
}

/** The largest configuration file bplan reads: a real one is a few hundred bytes. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Reads a configuration file as UTF-8 text, at most MAX_CONFIG_BYTES of it (a configuration
 * pointing at /dev/zero must not read until memory runs out); problems are ReadErrors.
 */
export function readConfigText(path: string, shown: string): string {
  return readText(path, shown, MAX_CONFIG_BYTES, (name, size) =>
    new ReadError(`cannot read ${name}: ${size === undefined ? 'it holds more than' : `it is ${formatByteSize(size)}, more than`} the ${formatByteSize(MAX_CONFIG_BYTES)} a configuration file may be`),
    'a YAML configuration',
  );
}

function readText(path: string, name: string, maxBytes: number, tooLargeError: typeof tooLarge, expected: string): string {
  let bytes: Buffer;
  try {
    bytes = readAtMost(path, name, maxBytes, tooLargeError);
  } catch (error) {
    if (error instanceof ReadError) throw error;
    throw new ReadError(`cannot read ${name}: ${describeError(error)}`);
  }
  if (bytes.includes(0)) throw new ReadError(`cannot read ${name}: it is a binary file, not ${expected}`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ReadError(`cannot read ${name}: it is not valid UTF-8 text`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

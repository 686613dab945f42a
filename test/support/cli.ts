/**
 * Helpers for the CLI and SARIF tests: run `bin/bplan.js` as a real process, make and remove
 * temporary folders, and small assertions shared by both test files.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The repository root: the nearest folder above this compiled file (out/test/support/cli.js) with
 * bplan's package.json and bin/bplan.js (tsc also copies package.json into out/, without bin/).
 */
function findRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && existsSync(join(dir, 'bin', 'bplan.js')) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'bplan') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the bplan repository above ${__dirname}`);
    dir = up;
  }
}

export const ROOT = findRoot();
export const BIN = join(ROOT, 'bin', 'bplan.js');
export const SAMPLES = join(ROOT, 'samples');
export const FIXTURES = join(ROOT, 'test', 'cli-fixtures');
export const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; devDependencies?: Record<string, string> };

export interface RunOptions {
  readonly cwd?: string;
  /** Standard input; without it the CLI gets an empty, closed stdin. */
  readonly input?: string | Buffer;
  /** Extra environment; a value of `undefined` removes the variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly uid?: number;
  readonly gid?: number;
  readonly timeoutMs?: number;
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Variables that change the CLI's colour choice; the tests start from none of them. */
const COLOR_VARS = ['NO_COLOR', 'FORCE_COLOR', 'CLICOLOR', 'CLICOLOR_FORCE', 'NODE_DISABLE_COLORS'];

/** Runs `node bin/bplan.js ...args` with pipes (so stdout is never a TTY) and a timeout. */
export function bplan(args: readonly string[], options: RunOptions = {}): RunResult {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of COLOR_VARS) delete env[name];
  // node --test sets this for its children; the CLI under test is not a test process.
  delete env.NODE_TEST_CONTEXT;
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    env,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 30_000,
    maxBuffer: 64 * 1024 * 1024,
    ...(options.uid !== undefined ? { uid: options.uid } : {}),
    ...(options.gid !== undefined ? { gid: options.gid } : {}),
  });
  if (result.error) throw result.error;
  assert.equal(result.signal, null, `bplan ${args.join(' ')} was killed by ${result.signal}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary folder; call the returned `cleanup` (in an after hook or finally). */
export function makeTmp(prefix = 'bplan-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

export function readFixture(name: string): string {
  return readFileSync(fixture(name), 'utf8');
}

/** Fails when the text holds a JavaScript stack frame (`    at fn (file:line:col)`). */
export function assertNoStackTrace(text: string, what = 'stderr'): void {
  assert.doesNotMatch(text, /^\s+at /m, `${what} holds a stack trace:\n${text}`);
  assert.doesNotMatch(text, /\bError:\s/, `${what} holds a raw error:\n${text}`);
}

/** Exactly one line, starting with `bplan: `, and no stack trace. */
export function assertOneLineMessage(stderr: string, pattern?: RegExp): void {
  assertNoStackTrace(stderr);
  const lines = stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${stderr}`);
  assert.match(lines[0]!, /^bplan: \S/, `stderr line does not start with "bplan: ": ${lines[0]}`);
  if (pattern) assert.match(lines[0]!, pattern);
}

export const ANSI = /\u001b\[[0-9;]*m/;

// ---- the JSON report (shape version 1) -----------------------------------------------------------

export interface JsonRelated {
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface JsonFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  location: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  offset: number;
  length: number;
  docsUrl: string;
  related: JsonRelated[];
}

export interface JsonReport {
  version: number;
  tool: { name: string; version: string };
  files: { file: string; findings: JsonFinding[] }[];
  summary: { files: number; errors: number; warnings: number; infos: number };
}

export function parseJsonReport(stdout: string): JsonReport {
  try {
    return JSON.parse(stdout) as JsonReport;
  } catch (error) {
    throw new Error(`--format json printed no valid JSON (${String(error)}):\n${stdout}`);
  }
}

// ---- SARIF -----------------------------------------------------------------------------------------

export interface SarifRegion {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

export interface SarifPhysicalLocation {
  artifactLocation: { uri: string; uriBaseId?: string };
  region: SarifRegion;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level?: string;
  message: { text: string };
  locations: { physicalLocation: SarifPhysicalLocation; logicalLocations?: { fullyQualifiedName?: string }[] }[];
  relatedLocations?: { id?: number; message?: { text: string }; physicalLocation: SarifPhysicalLocation }[];
  partialFingerprints?: Record<string, string>;
}

export interface SarifRule {
  id: string;
  shortDescription?: { text: string };
  fullDescription?: { text: string };
  help?: { text: string; markdown?: string };
  helpUri?: string;
  defaultConfiguration?: { level?: string };
  properties?: { tags?: string[] } & Record<string, unknown>;
}

export interface SarifLog {
  $schema?: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version?: string; semanticVersion?: string; informationUri?: string; rules: SarifRule[] } };
    results: SarifResult[];
    columnKind?: string;
    originalUriBaseIds?: Record<string, unknown>;
  }[];
}

export function parseSarif(stdout: string): SarifLog {
  try {
    return JSON.parse(stdout) as SarifLog;
  } catch (error) {
    throw new Error(`--format sarif printed no valid JSON (${String(error)}):\n${stdout}`);
  }
}

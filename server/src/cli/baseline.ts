/**
 * Baselines: `bplan lint --write-baseline FILE` records today's findings so that `--baseline FILE`
 * reports only the ones added since. An entry is keyed by the plan (its path relative to the
 * baseline's folder, `/` separators), the rule and the finding's location in the plan (findingKey),
 * never by line, so edits elsewhere do not disturb it; it counts identical findings and keeps the
 * first one's message for people reading the file. Messages never quote secret values.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { UsageError } from './files';
import type { FileReport } from './report';
import { findingKey, occurrences, withFindings } from './report';
import { writeFileAtomic } from './write-file';

/** The version of the baseline file's shape; a file of another version is refused. */
export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  /** The plan, relative to the baseline's folder, with `/` separators. */
  readonly file: string;
  readonly ruleId: string;
  /** The plan location (`servers[mabs01].storagePool`), or the message of a finding without one. */
  readonly location: string;
  readonly count: number;
  readonly message: string;
}

/** Entries by entryId. */
export type Baseline = ReadonlyMap<string, BaselineEntry>;

const entryId = (file: string, ruleId: string, location: string) => `${file}\u0000${ruleId}\u0000${location}`;

/** What a run did with a baseline, for the reports. */
export interface BaselineOutcome {
  /** The baseline file as the user named it. */
  readonly file: string;
  /** Findings not reported because the baseline holds them. */
  readonly matched: number;
  /** Entries, or the part of their count, not found again: fixed, or their plan is gone. */
  readonly fixed: readonly BaselineEntry[];
  /** --write-baseline wrote the file in this run. */
  readonly written: boolean;
  /** --prune-baseline removed the fixed entries from the file in this run. */
  readonly pruned: boolean;
}

/** The path a baseline records for a report's plan. */
export function baselinePath(reportFile: string, cwd: string, baselineDir: string): string {
  return relative(baselineDir, resolve(cwd, reportFile)).split(sep).join('/');
}

/** Today's findings as a baseline. */
export function buildBaseline(reports: readonly FileReport[], cwd: string, baselineDir: string): Baseline {
  const entries = new Map<string, BaselineEntry>();
  for (const report of reports) {
    const file = baselinePath(report.file, cwd, baselineDir);
    for (const finding of report.result.findings) {
      const { ruleId, location } = findingKey(finding);
      const id = entryId(file, ruleId, location);
      const known = entries.get(id);
      entries.set(id, known ? { ...known, count: known.count + 1 } : { file, ruleId, location, count: 1, message: finding.message });
    }
  }
  return entries;
}

/**
 * What --write-baseline writes: today's findings for the plans linted in this run, and the entries an
 * existing baseline holds for plans not linted now that still exist (linting a few plans does not
 * erase the others' entries).
 */
export function updateBaseline(
  previous: Baseline | undefined,
  reports: readonly FileReport[],
  cwd: string,
  baselineDir: string,
  exists: (path: string) => boolean,
): Baseline {
  const fresh = new Map(buildBaseline(reports, cwd, baselineDir));
  const linted = new Set(reports.map((r) => baselinePath(r.file, cwd, baselineDir)));
  for (const [id, entry] of previous ?? []) {
    if (!linted.has(entry.file) && exists(resolve(baselineDir, entry.file))) fresh.set(id, entry);
  }
  return fresh;
}

const byKey = (a: BaselineEntry, b: BaselineEntry) => compare(a.file, b.file) || compare(a.ruleId, b.ruleId) || compare(a.location, b.location);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The baseline's entries in key order: plan, rule, location. */
export function sortedEntries(entries: Iterable<BaselineEntry>): BaselineEntry[] {
  return [...entries].sort(byKey);
}

type Tree = Record<string, Record<string, Record<string, { count: number; message: string }>>>;

/**
 * `{ "version": 1, "files": { plan: { rule: { location: { "count", "message" } } } } }` with every key
 * sorted, two-space indented, so that a change to the baseline reads as a small diff.
 */
export function serializeBaseline(baseline: Baseline): string {
  // Null prototypes: a plan or location named "__proto__" is an ordinary key here.
  const files: Tree = Object.create(null) as Tree;
  for (const e of sortedEntries(baseline.values())) {
    const rules = (files[e.file] ??= Object.create(null) as Tree[string]);
    const locations = (rules[e.ruleId] ??= Object.create(null) as Tree[string][string]);
    locations[e.location] = { count: e.count, message: e.message };
  }
  return JSON.stringify({ version: BASELINE_VERSION, files }, null, 2) + '\n';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why a text is not a baseline, as thrown by parseBaseline. */
export class BaselineFormatError extends Error {}

/** Parses a baseline file's text; throws BaselineFormatError saying what is wrong. */
export function parseBaseline(text: string): Baseline {
  const invalid = (why: string) => new BaselineFormatError(why);
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw invalid('it is not JSON');
  }
  if (!isObject(data)) throw invalid('it is not a JSON object');
  if (data.version !== BASELINE_VERSION) {
    throw invalid(
      typeof data.version === 'number' && data.version > BASELINE_VERSION
        ? `it has version ${data.version}, written by a newer bplan; this one reads version ${BASELINE_VERSION}`
        : `"version" should be ${BASELINE_VERSION}`,
    );
  }
  if (!isObject(data.files)) throw invalid('"files" should be an object');
  const entries = new Map<string, BaselineEntry>();
  for (const [file, rules] of Object.entries(data.files)) {
    if (!isObject(rules)) throw invalid(`files[${JSON.stringify(file)}] should be an object of rule ids`);
    for (const [ruleId, locations] of Object.entries(rules)) {
      if (!isObject(locations)) throw invalid(`files[${JSON.stringify(file)}][${JSON.stringify(ruleId)}] should be an object of locations`);
      for (const [location, entry] of Object.entries(locations)) {
        const where = `files[${JSON.stringify(file)}][${JSON.stringify(ruleId)}][${JSON.stringify(location)}]`;
        if (!isObject(entry) || !Number.isSafeInteger(entry.count) || (entry.count as number) < 1) throw invalid(`${where}.count should be a whole number, 1 or more`);
        if (entry.message !== undefined && typeof entry.message !== 'string') throw invalid(`${where}.message should be a string`);
        entries.set(entryId(file, ruleId, location), { file, ruleId, location, count: entry.count as number, message: (entry.message as string | undefined) ?? '' });
      }
    }
  }
  return entries;
}

/**
 * Reads a baseline. `undefined` when the file does not exist and `missingOk`; otherwise a missing,
 * unreadable or malformed file is a usage error that says what is wrong.
 */
export function readBaseline(path: string, shown: string, missingOk = false): Baseline | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (missingOk) return undefined;
      throw new UsageError(`the baseline ${shown} does not exist; create it with --write-baseline ${shown}`);
    }
    throw new UsageError(`cannot read the baseline ${shown}: ${code ?? String(error)}`);
  }
  try {
    return parseBaseline(text);
  } catch (error) {
    if (!(error instanceof BaselineFormatError)) throw error;
    // An existing file that is no baseline is never overwritten: it may be a mistyped name.
    throw new UsageError(
      missingOk
        ? `${shown} exists and is not a bplan baseline (${error.message}); remove it or choose another file`
        : `the baseline ${shown} is not valid: ${error.message}; write it again with --write-baseline ${shown}`,
    );
  }
}

/**
 * Writes the file atomically (write-file.ts), so a crash leaves the old baseline or the new one,
 * never half of one.
 */
export function writeBaselineFile(path: string, text: string, shown: string): void {
  try {
    writeFileAtomic(path, text);
  } catch (error) {
    throw new UsageError(`cannot write the baseline ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/**
 * Leaves out of each report the findings the baseline holds, count-aware: with 2 recorded and 3
 * found, the third occurrence (in report order) is new. An entry is fixed by the part of its count
 * not found again in its plan; entries of plans not linted in this run are left alone, unless the
 * plan no longer exists.
 */
export function applyBaseline(
  reports: readonly FileReport[],
  baseline: Baseline,
  cwd: string,
  baselineDir: string,
  exists: (path: string) => boolean,
): { reports: FileReport[]; matched: number; fixed: BaselineEntry[] } {
  const found = new Map<string, number>();
  const linted = new Set<string>();
  let matched = 0;
  const kept = reports.map((report) => {
    const file = baselinePath(report.file, cwd, baselineDir);
    linted.add(file);
    const occurrence = occurrences(report);
    return withFindings(report, (finding) => {
      const { ruleId, location } = findingKey(finding);
      const id = entryId(file, ruleId, location);
      found.set(id, (found.get(id) ?? 0) + 1);
      if ((occurrence.get(finding) ?? 0) < (baseline.get(id)?.count ?? 0)) {
        matched++;
        return false;
      }
      return true;
    });
  });
  const fixed: BaselineEntry[] = [];
  for (const [id, entry] of baseline) {
    if (linted.has(entry.file)) {
      const left = entry.count - (found.get(id) ?? 0);
      if (left > 0) fixed.push({ ...entry, count: left });
    } else if (!exists(resolve(baselineDir, entry.file))) {
      fixed.push(entry);
    }
  }
  return { reports: kept, matched, fixed: sortedEntries(fixed) };
}

/** The baseline without its fixed entries (counts lowered, emptied entries removed); nothing is added. */
export function pruneBaseline(baseline: Baseline, fixed: readonly BaselineEntry[]): Baseline {
  const pruned = new Map(baseline);
  for (const f of fixed) {
    const id = entryId(f.file, f.ruleId, f.location);
    const entry = pruned.get(id);
    if (!entry) continue;
    if (entry.count > f.count) pruned.set(id, { ...entry, count: entry.count - f.count });
    else pruned.delete(id);
  }
  return pruned;
}

/** Total findings a baseline holds. */
export function baselineSize(baseline: Baseline): number {
  let n = 0;
  for (const e of baseline.values()) n += e.count;
  return n;
}

/** The `baseline` object of the JSON report and of the SARIF run's property bag. */
export function baselineJson(outcome: BaselineOutcome): Record<string, unknown> {
  return {
    file: outcome.file,
    matched: outcome.matched,
    fixed: outcome.fixed.map((e) => ({ file: e.file, ruleId: e.ruleId, location: e.location, count: e.count, message: e.message })),
    written: outcome.written,
    pruned: outcome.pruned,
  };
}

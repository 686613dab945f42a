/**
 * Shared helpers for the golden (fixture) tests: locating the fixture cases and rendering findings
 * in the `.out` format, one line per finding:
 *
 *   <line>:<col>-<endLine>:<endCol> <severity> <message> [<rule-id>]
 *     related <line>:<col>-<endLine>:<endCol> <message>
 *
 * Lines and columns are 1-based; columns count UTF-16 code units (LineIndex), the end is exclusive.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineIndex } from '../../server/src/core';
import type { Finding, Span } from '../../server/src/core';

export const PLAN_SUFFIX = '.bplan.yaml';
export const OUT_SUFFIX = '.out';

export interface GoldenCase {
  /** The fixture folder, which is the rule id. */
  readonly ruleId: string;
  /** The case name: the file name without `.bplan.yaml`. */
  readonly name: string;
  /** `ok-*` cases must produce no findings at all. */
  readonly ok: boolean;
  readonly planPath: string;
  readonly outPath: string;
}

/** `3:5-3:12` for a span, 1-based, end exclusive. */
export function formatRange(index: LineIndex, span: Span): string {
  const start = index.position(span.start);
  const end = index.position(span.end);
  return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
}

/** The `.out` text for findings of `text`, in the order given (lintText order). Empty for none. */
export function renderFindings(text: string, findings: readonly Finding[]): string {
  const index = new LineIndex(text);
  const lines: string[] = [];
  for (const f of findings) {
    lines.push(`${formatRange(index, f.span)} ${f.severity} ${f.message} [${f.ruleId}]`);
    for (const r of f.related ?? []) lines.push(`  related ${formatRange(index, r.span)} ${r.message}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** The fixture folders (one per rule id), sorted. */
export function fixtureFolders(root: string): string[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Every `<case>.bplan.yaml` of a fixture folder, sorted by name. */
export function fixtureCases(root: string, ruleId: string): GoldenCase[] {
  const dir = path.join(root, ruleId);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(PLAN_SUFFIX))
    .sort()
    .map((f) => {
      const name = f.slice(0, -PLAN_SUFFIX.length);
      return {
        ruleId,
        name,
        ok: name.startsWith('ok-'),
        planPath: path.join(dir, f),
        outPath: path.join(dir, `${name}${OUT_SUFFIX}`),
      };
    });
}

/** Reads a file as text, or undefined when it does not exist. */
export function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The value of a literal scalar from its source text: quotes removed, or for a block scalar
 * (`|` / `>`) the content lines joined. Good enough for the fixture passphrases, which are plain
 * one-word strings.
 */
export function scalarValue(source: string): string {
  const s = source.trim();
  if (/^[|>]/.test(s)) {
    return s
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.trim())
      .filter(Boolean)
      .join(s.startsWith('>') ? ' ' : '\n');
  }
  if ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'"))) return s.slice(1, -1);
  return s;
}

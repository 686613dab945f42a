/**
 * `bplan lint --fix` and `--fix-dry-run`: the rules' quick fixes applied without an editor.
 *
 * A finding's fix is applied when it is the finding's one preferred fix (the one editors mark as
 * preferred) and no other fix of the finding edits the same text: a choice between two likely names,
 * or between two ways out, is left to the user, and so are the fixes rules do not prefer (dropping
 * backup times or recovery points). Fixes whose edits overlap wait for the next pass; each pass lints
 * the text again, up to MAX_FIX_PASSES. Edits replace values only, so comments, key order and layout
 * stay as written; line breaks a fix writes take the file's own, and a BOM is kept. No fix that would
 * write a secret of the plan is applied.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { lintText } from '../core';
import type { FileConfig, Finding, Fix, LintResult, Span, TextEdit } from '../core';
import type { PlanInput } from './inputs';
import type { Io } from './main';
import { printable } from './report';
import { describeWriteError, FileChangedError, writeFileAtomic } from './write-file';

/** Passes of fixing and linting again; real plans settle in two or three. */
export const MAX_FIX_PASSES = 10;

/** Broken YAML gets no fix: the text is not what the rules read (as in the editor). */
const YAML_SYNTAX = 'yaml-syntax';

export interface AppliedFix {
  /** The rules whose findings the fix answers (two rules may offer the same fix). */
  readonly ruleIds: readonly string[];
  /** The plan location of the first of those findings (`servers[mabs01].storagePool`), or ''. */
  readonly path: string;
  readonly title: string;
}

export interface FixedText {
  /** The text after every pass; the same text when nothing applied. */
  readonly text: string;
  readonly applied: readonly AppliedFix[];
}

/** Whether two spans touch the same text; two edits starting at one offset count, since their order would be a guess. */
function overlaps(a: Span, b: Span): boolean {
  return (a.start < b.end && b.start < a.end) || a.start === b.start;
}

/** The fix bplan may apply on its own for a finding, if there is one. */
function automaticFix(finding: Finding): Fix | undefined {
  if (finding.ruleId === YAML_SYNTAX) return undefined;
  const fixes = finding.fixes ?? [];
  const preferred = fixes.filter((f) => f.preferred === true);
  if (preferred.length !== 1) return undefined;
  const fix = preferred[0]!;
  if (fix.edits.length === 0) return undefined;
  const competing = fixes.some((other) => other !== fix && other.edits.some((o) => fix.edits.some((e) => overlaps(o.span, e.span))));
  return competing ? undefined : fix;
}

/** The secret values written in the text, line by line without quotes or indentation (as the editor's code actions guard them). */
function secretTexts(text: string, spans: readonly Span[]): string[] {
  return spans.flatMap((s) =>
    text
      .slice(s.start, s.end)
      .split(/\r?\n/)
      .map((line) => line.trim().replace(/^["']|["']$/g, ''))
      // Short fragments (a block indicator, a quote) would match harmless text.
      .filter((line) => line.length >= 4),
  );
}

function leaks(fix: Fix, secrets: ReadonlySet<string>): boolean {
  return [...secrets].some((secret) => fix.title.includes(secret) || fix.edits.some((e) => e.newText.includes(secret)));
}

/**
 * The fixes of one pass: automatic, free of the secrets the plan held in this pass or an earlier one
 * (once a passphrase is replaced, no later fix may write it back elsewhere), one of each, in text
 * order, none overlapping an earlier one.
 */
function chooseFixes(text: string, result: LintResult, secrets: Set<string>): { edits: TextEdit[]; applied: AppliedFix[] } {
  for (const secret of secretTexts(text, result.secretSpans)) secrets.add(secret);
  const unique = new Map<string, { fix: Fix; ruleIds: string[]; path: string; start: number }>();
  for (const finding of result.findings) {
    const fix = automaticFix(finding);
    if (!fix || leaks(fix, secrets)) continue;
    // The same edits offered by two findings (passphrase-literal and passphrase-length) are one fix.
    const key = JSON.stringify(fix.edits);
    const known = unique.get(key);
    if (known) {
      if (!known.ruleIds.includes(finding.ruleId)) known.ruleIds.push(finding.ruleId);
      continue;
    }
    unique.set(key, { fix, ruleIds: [finding.ruleId], path: finding.path, start: Math.min(...fix.edits.map((e) => e.span.start)) });
  }
  const edits: TextEdit[] = [];
  const applied: AppliedFix[] = [];
  for (const { fix, ruleIds, path } of [...unique.values()].sort((a, b) => a.start - b.start)) {
    if (fix.edits.some((e) => edits.some((taken) => overlaps(taken.span, e.span)))) continue;
    edits.push(...fix.edits);
    applied.push({ ruleIds, path, title: fix.title });
  }
  return { edits, applied };
}

/** The text with the edits made (they do not overlap), line breaks in new text written as the text's own. */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const eol = /\r?\n/.exec(text)?.[0] ?? '\n';
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start)) {
    out = out.slice(0, edit.span.start) + edit.newText.replace(/\r?\n/g, eol) + out.slice(edit.span.end);
  }
  return out;
}

/** Applies the automatic fixes, linting again after each pass, until none applies (at most MAX_FIX_PASSES passes). */
export function fixText(text: string, config?: FileConfig): FixedText {
  let current = text;
  const applied: AppliedFix[] = [];
  // A pass that would bring back an earlier text (two fixes undoing each other) ends the fixing.
  const seen = new Set([text]);
  const secrets = new Set<string>();
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const chosen = chooseFixes(current, lintText(current, { config }), secrets);
    if (!chosen.edits.length) break;
    const next = applyEdits(current, chosen.edits);
    if (seen.has(next)) break;
    seen.add(next);
    applied.push(...chosen.applied);
    current = next;
  }
  return { text: current, applied };
}

export interface FixedPlans {
  /** The plans as they are now: fixed where fixes were written (or, in a dry run, would be), else as read. */
  readonly plans: readonly PlanInput[];
  /** Standard input's text after fixing, when `-` was linted: it goes to standard output. */
  readonly stdinText?: string;
  /** Some file's fixes could not be written (said on stderr): exit 2. */
  readonly failed: boolean;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The file's bytes now; a file gone since it was read has changed. */
function readCurrent(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new FileChangedError(path);
    throw error;
  }
}

/** What was (or would be) fixed in one plan, for standard error. Titles never hold a secret (see leaks). */
function describeFixes(shown: string, applied: readonly AppliedFix[], written: boolean): string {
  const count = `${applied.length} fix${applied.length === 1 ? '' : 'es'}`;
  const head = written ? `bplan: applied ${count} to ${printable(shown)}:` : `bplan: would apply ${count} to ${printable(shown)} (--fix-dry-run; nothing written):`;
  const lines = applied.map((a) => `  ${a.path ? `${printable(a.path)}: ` : ''}${a.title}  [${a.ruleIds.join(', ')}]`);
  return [head, ...lines].join('\n') + '\n';
}

/**
 * Fixes the plans read for `bplan lint --fix` (`write`) or `--fix-dry-run`. A file is written only
 * when its text changes, atomically, and only if it still holds what was linted; otherwise it is left
 * as it is and the plan is reported as read.
 */
export function fixPlans(plans: readonly PlanInput[], write: boolean, io: Io): FixedPlans {
  let failed = false;
  let stdinText: string | undefined;
  const out = plans.map((plan): PlanInput => {
    const fixed = fixText(plan.text, plan.config);
    if (plan.target === '-') stdinText = fixed.text;
    if (!fixed.applied.length) return plan;
    if (!write || plan.target === '-') {
      io.stderr.write(describeFixes(plan.shown, fixed.applied, plan.target === '-'));
      return { ...plan, text: fixed.text };
    }
    try {
      // Read again as bytes: the BOM (readPlan drops it) is kept, and the rename happens only if the file still holds these bytes.
      // A plan its owner made read-only stays as it is, although a rename could replace it.
      accessSync(plan.target, constants.W_OK);
      const raw = readCurrent(plan.target);
      const bom = raw.subarray(0, 3).equals(UTF8_BOM);
      if (raw.subarray(bom ? 3 : 0).toString('utf8') !== plan.text) throw new FileChangedError(plan.target);
      writeFileAtomic(plan.target, (bom ? '\uFEFF' : '') + fixed.text, { expect: raw });
    } catch (error) {
      io.stderr.write(
        error instanceof FileChangedError
          ? `bplan: ${printable(plan.shown)} changed since bplan read it; its fixes were not written (run bplan lint --fix again)\n`
          : `bplan: cannot write the fixes to ${printable(plan.shown)}: ${describeWriteError(error)}; the file is unchanged\n`,
      );
      failed = true;
      return plan;
    }
    io.stderr.write(describeFixes(plan.shown, fixed.applied, true));
    return { ...plan, text: fixed.text };
  });
  return { plans: out, stdinText, failed };
}

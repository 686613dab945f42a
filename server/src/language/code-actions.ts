/** Code actions: the findings' fixes, "disable <rule> for this line", "show documentation for <rule>". */
import { CodeActionKind } from 'vscode-languageserver-types';
import type { CodeAction, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import { visit } from 'yaml';
import { RULES } from '../core/rules';
import { findSuppressions } from '../core/suppressions';
import type { Suppression } from '../core/rules';
import type { Finding, Fix } from '../core/types';
import { findingOf } from './diagnostics';
import type { PlanDocument } from './document';

/** The command that opens a rule's documentation; the server (lsp/server.ts) executes it. */
export const SHOW_DOCUMENTATION_COMMAND = 'bplan.showDocumentation';

const KNOWN_RULES = new Set(RULES.map((r) => r.meta.id));
/** Rules that run after suppression comments are applied: a comment cannot silence them. */
const UNSUPPRESSIBLE = new Set(RULES.filter((r) => r.meta.phase === 'suppressions').map((r) => r.meta.id));
/** Broken YAML gets no fix and no suppression: the text is not what the rules read. */
const YAML_SYNTAX = 'yaml-syntax';

function wanted(kind: string, only: readonly string[] | undefined): boolean {
  return !only || only.length === 0 || only.some((o) => o === '' || kind === o || kind.startsWith(`${o}.`));
}

export function codeActions(doc: PlanDocument, _range: Range, diagnostics: readonly Diagnostic[], only?: readonly string[]): CodeAction[] {
  // Every action here is a quick fix; the client filters by kind too, but need not.
  if (!wanted(CodeActionKind.QuickFix, only)) return [];
  try {
    return actionsFor(doc, diagnostics);
  } catch {
    return [];
  }
}

function actionsFor(doc: PlanDocument, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const fixes = new Map<string, CodeAction & { diagnostics: Diagnostic[] }>();
  const byRule = new Map<string, { diagnostics: Diagnostic[]; findings: Finding[] }>();
  const secrets = secretTexts(doc);
  for (const diagnostic of diagnostics) {
    const finding = findingOf(doc, diagnostic);
    if (!finding) continue;
    const group = byRule.get(finding.ruleId) ?? { diagnostics: [], findings: [] };
    group.diagnostics.push(diagnostic);
    group.findings.push(finding);
    byRule.set(finding.ruleId, group);
    if (finding.ruleId === YAML_SYNTAX) continue;
    for (const fix of finding.fixes ?? []) {
      if (leaks(fix, secrets)) continue;
      // The same fix on two findings (passphrase-literal and passphrase-length) is offered once.
      const key = JSON.stringify([fix.title, fix.edits]);
      const existing = fixes.get(key);
      if (existing) {
        existing.diagnostics.push(diagnostic);
        continue;
      }
      fixes.set(key, {
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred === true,
        edit: { changes: { [doc.uri]: fix.edits.map((e) => ({ range: doc.range(e.span), newText: e.newText })) } },
      });
    }
  }

  const actions: CodeAction[] = [...fixes.values()];
  const inside = insideScalar(doc);
  const suppressions = findSuppressions(doc.text, inside);
  for (const [ruleId, group] of byRule) {
    if (ruleId === YAML_SYNTAX || UNSUPPRESSIBLE.has(ruleId)) continue;
    const disable = disableAction(doc, ruleId, group.findings, suppressions, inside);
    if (disable) actions.push({ ...disable, diagnostics: group.diagnostics });
  }
  for (const [ruleId, group] of byRule) {
    if (!KNOWN_RULES.has(ruleId)) continue;
    const title = `Show documentation for ${ruleId}`;
    actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: group.diagnostics, command: { title, command: SHOW_DOCUMENTATION_COMMAND, arguments: [ruleId] } });
  }
  return actions;
}

/**
 * One action that silences a rule on each line it reports in range: a `# bplan-disable-next-line`
 * comment above the line, or the id added to such a comment already there. The new comment's reason
 * is left for the user to write; until they do, suppression-syntax asks for it.
 */
function disableAction(
  doc: PlanDocument,
  ruleId: string,
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
  inside: (offset: number) => boolean,
): CodeAction | undefined {
  const lines = [...new Set(findings.map((f) => doc.positionAt(f.span.start).line))];
  const edits: TextEdit[] = [];
  let needsReason = false;
  for (const line of lines) {
    const lineStart = doc.offsetAt({ line, character: 0 });
    // A comment line inside a multi-line value would become part of the value.
    if (inside(lineStart)) continue;
    const existing = suppressions.find((s) => s.kind === 'next-line' && s.target?.start === lineStart && s.rules.length > 0);
    if (existing) {
      if (existing.rules.some((r) => r.id === ruleId)) continue;
      const at = existing.rules[existing.rules.length - 1]!.span.end;
      edits.push({ range: doc.range({ start: at, end: at }), newText: `, ${ruleId}` });
      continue;
    }
    const rest = doc.text.slice(lineStart);
    const indent = /^[ \t]*/.exec(rest)![0];
    // The line ending of the line the comment goes above (else the document's first): CRLF stays CRLF.
    const eol = (/\r?\n/.exec(rest) ?? /\r?\n/.exec(doc.text))?.[0] ?? '\n';
    edits.push({ range: doc.range({ start: lineStart, end: lineStart }), newText: `${indent}# bplan-disable-next-line ${ruleId} -- ${eol}` });
    needsReason = true;
  }
  if (!edits.length) return undefined;
  const what = edits.length === 1 ? 'this line' : `these ${edits.length} lines`;
  const hint = needsReason ? ' (write the reason after --)' : ' (added to the comment above)';
  return { title: `Disable ${ruleId} for ${what}${hint}`, kind: CodeActionKind.QuickFix, edit: { changes: { [doc.uri]: edits } } };
}

/** Whether an offset lies strictly inside a scalar of the document (a quoted or block value over several lines). */
function insideScalar(doc: PlanDocument): (offset: number) => boolean {
  const ranges: [number, number][] = [];
  const yaml = doc.yaml;
  if (yaml) {
    try {
      visit(yaml, {
        Scalar(_key, node) {
          if (node.range && node.range[1] > node.range[0]) ranges.push([node.range[0], node.range[1]]);
        },
      });
    } catch {
      // no tree to consult: no offset counts as inside a value
    }
  }
  return (offset) => ranges.some(([start, end]) => offset > start && offset < end);
}

/** The secret values written in the plan, as the lines of text they hold (without quotes or indentation). */
function secretTexts(doc: PlanDocument): string[] {
  return doc.secretSpans.flatMap((s) =>
    doc.text
      .slice(s.start, s.end)
      .split(/\r?\n/)
      .map((line) => line.trim().replace(/^["']|["']$/g, ''))
      // Short fragments (a block indicator, a quote) would match harmless text.
      .filter((line) => line.length >= 4),
  );
}

/** A last guard: rules never put a secret in a fix, and no action offers one that does. */
function leaks(fix: Fix, secrets: readonly string[]): boolean {
  return secrets.some((secret) => fix.title.includes(secret) || fix.edits.some((e) => e.newText.includes(secret)));
}

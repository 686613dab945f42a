/**
 * Building blocks of the rules' quick fixes. An edit replaces one scalar, or deletes items of a flow
 * list (`[a, b, c]`), never whole lines: comments and layout around it stay as they are.
 */
import { parse } from 'yaml';
import type { Fix, Limit, Located, Span, TextEdit } from './types';

/** The line breaks a block scalar or block mapping carries at the end of its span, which an edit keeps. */
function trailingBreaks(source: string): string {
  return /(?:\r?\n)+$/.exec(source)?.[0] ?? '';
}

/** Whether `value` reads back as the same string when written plain (not `true`, `12`, `a: b`, `#x`). */
function plainReadsBack(value: string): boolean {
  if (value === '' || value !== value.trim()) return false;
  try {
    return parse(value) === value;
  } catch {
    return false;
  }
}

/**
 * `value` written as a YAML string in the style of `source`, the text of the scalar it replaces:
 * double-quoted, single-quoted, or plain where plain reads back as the same string (else
 * double-quoted). A block scalar's closing line break is kept.
 */
export function scalarText(value: string, source: string): string {
  const text = quotedAs(value, source[0] === '"' || source[0] === "'" ? source[0] : undefined);
  return /^[|>]/.test(source) ? text + trailingBreaks(source) : text;
}

/** `value` as a YAML string in double or single quotes, or plain where plain reads back the same (else double-quoted). */
export function quotedAs(value: string, quote: '"' | "'" | undefined): string {
  if (quote === "'") return `'${value.replace(/'/g, "''")}'`;
  return quote === undefined && plainReadsBack(value) ? value : JSON.stringify(value);
}

/** Replaces a whole value node (scalar or mapping) with `newText`, keeping the line break a block node ends with. */
export function replaceNode(text: string, span: Span, newText: string): TextEdit {
  return { span, newText: newText + trailingBreaks(text.slice(span.start, span.end)) };
}

/** A fix of one edit. */
export function fixOf(title: string, edit: TextEdit, preferred = true): Fix {
  return preferred ? { title, edits: [edit], preferred } : { title, edits: [edit] };
}

/** Sets a plain number: `Set retentionDays to 448`, followed by `why` in parentheses where given. */
export function setNumberFix(key: string, span: Span, value: number, why?: string): Fix {
  return fixOf(`Set ${key} to ${value}${why ? ` (${why})` : ''}`, { span, newText: String(value) });
}

/** Sets a number to a limit's value: `Set retentionDays to 448 (the maximum for DPM and MABS disk, all versions)`. */
export function clampFix(key: string, span: Span, limit: Limit): Fix {
  return setNumberFix(key, span, limit.value, `the ${limit.bound === 'max' ? 'maximum' : 'minimum'} for ${limit.appliesTo}`);
}

/** Sets a string scalar to `value` in the quoting it is written in: `Set consistency to file`. */
export function setStringFix(text: string, key: string, located: Located<unknown>, value: string, why?: string, preferred = true): Fix {
  const newText = scalarText(value, text.slice(located.span.start, located.span.end));
  return fixOf(`Set ${key} to ${value}${why ? ` (${why})` : ''}`, { span: located.span, newText }, preferred);
}

/** Sets a true/false value. */
export function setBooleanFix(key: string, located: Located<boolean>, value: boolean, preferred = true): Fix {
  return fixOf(`Set ${key} to ${value}`, { span: located.span, newText: String(value) }, preferred);
}

/**
 * Deletes the items [from, to) of a flow list such as `["07:00", "13:00", "21:00"]`, with the comma
 * that separated them. Undefined where that would not be a clean edit: a block list (each item on a
 * line of its own), a comment inside the brackets, or items the model left out (not strings).
 */
export function removeFlowItems(text: string, list: Located<readonly Located<string>[]>, from: number, to: number): TextEdit | undefined {
  const items = list.value;
  if (from < 0 || to > items.length || from >= to || items.length - (to - from) < 1) return undefined;
  const source = text.slice(list.span.start, list.span.end);
  if (!source.startsWith('[') || !source.endsWith(']')) return undefined;
  // Between the brackets there must be nothing but the items, separated by single commas.
  const gaps: string[] = [];
  let at = list.span.start + 1;
  for (const item of items) {
    gaps.push(text.slice(at, item.span.start));
    at = item.span.end;
  }
  const last = text.slice(at, list.span.end - 1);
  if (!/^\s*$/.test(gaps[0]!) || !gaps.slice(1).every((g) => /^\s*,\s*$/.test(g)) || !/^\s*,?\s*$/.test(last)) return undefined;
  // `[a, b, c]` without b or c: from the end of the item before the first removed one; without a: up to the next item.
  const span = from > 0 ? { start: items[from - 1]!.span.end, end: items[to - 1]!.span.end } : { start: items[0]!.span.start, end: items[to]!.span.start };
  return { span, newText: '' };
}

/**
 * An environment variable name for the vault's passphrase, from the vault name
 * (`contoso-rsv` → `CONTOSO_RSV_PASSPHRASE`), or `BPLAN_VAULT_PASSPHRASE`.
 */
export function passphraseVariable(vaultName: string | undefined): string {
  const base = (vaultName ?? '').toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Z]/.test(base) ? `${base}_PASSPHRASE` : 'BPLAN_VAULT_PASSPHRASE';
}

/** The fix of a passphrase written in the plan: a reference to an environment variable in its place. */
export function passphraseReferenceFix(text: string, span: Span, vaultName: string | undefined): Fix {
  const name = passphraseVariable(vaultName);
  return fixOf(`Replace the passphrase with { env: ${name} }`, replaceNode(text, span, `{ env: ${name} }`));
}

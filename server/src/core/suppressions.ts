import type { Suppression } from './rules/define-rule';

const DIRECTIVE = /#[ \t]*bplan-(disable(?:-[a-z-]*)?|enable[a-z-]*)(?=[ \t\r\n]|$)([^\r\n]*)/g;

/** Whether offset `at` begins a comment: a `#` at line start or after white space, and not inside a value. */
function startsComment(text: string, at: number, insideValue: (offset: number) => boolean): boolean {
  return (at === 0 || /[ \t\r\n]/.test(text[at - 1]!)) && !insideValue(at);
}

/**
 * Finds `# bplan-disable-next-line id[, id] -- reason` and `# bplan-disable-file id -- reason`
 * comments (and misspelt `# bplan-disable…` ones, as kind `unknown`, for suppression-syntax). A
 * next-line directive covers the next line that is neither blank nor a comment. `insideValue` tells
 * whether an offset lies inside a YAML value (a quoted or block scalar), where `#` is no comment.
 */
export function findSuppressions(text: string, insideValue: (offset: number) => boolean = () => false): Suppression[] {
  const out: Suppression[] = [];
  for (let m = DIRECTIVE.exec(text); m; m = DIRECTIVE.exec(text)) {
    if (!startsComment(text, m.index, insideValue)) continue;
    const word = m[1]!;
    const kind = word === 'disable-next-line' ? 'next-line' : word === 'disable-file' ? 'file' : 'unknown';
    const rest = m[2]!;
    const restStart = m.index + m[0].length - rest.length;
    const dash = rest.indexOf('--');
    const list = dash >= 0 ? rest.slice(0, dash) : rest;
    const reason = dash >= 0 ? rest.slice(dash + 2).trim() : undefined;
    const rules: { id: string; span: { start: number; end: number } }[] = [];
    const idPattern = /[^\s,]+/g;
    for (let r = idPattern.exec(list); r; r = idPattern.exec(list)) {
      const start = restStart + r.index;
      rules.push({ id: r[0], span: { start, end: start + r[0].length } });
    }
    const span = { start: m.index, end: m.index + m[0].replace(/\s+$/, '').length };
    let target: { start: number; end: number } | undefined;
    if (kind === 'next-line') {
      let lineStart = text.indexOf('\n', m.index);
      while (lineStart >= 0) {
        lineStart += 1;
        const lineEnd = text.indexOf('\n', lineStart);
        const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
        if (line.trim() !== '' && !line.trim().startsWith('#')) {
          target = { start: lineStart, end: lineEnd < 0 ? text.length : lineEnd };
          break;
        }
        lineStart = lineEnd;
      }
    }
    out.push({ kind, directive: `bplan-${word}`, rules, reason: reason || undefined, span, target });
  }
  return out;
}

import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document } from 'yaml';
import type { Span } from './types';

/** Keys whose values are secrets; their values are never shown in any output. */
export const SECRET_KEY = /passphrase|password|secret/i;

/**
 * Spans of secret values in the text. Two passes, so a secret is masked even in a file whose YAML
 * is broken: the document's pairs where the tree exists, and a textual scan of `key: value`.
 */
export function findSecretSpans(text: string, doc: Document.Parsed | undefined): Span[] {
  const spans: Span[] = [];
  if (doc) {
    try {
      // An explicit stack rather than yaml's `visit`, which costs as much as the rest of this on a large plan.
      const stack: unknown[] = [doc.contents];
      while (stack.length) {
        const node = stack.pop();
        if (isSeq(node)) {
          for (const item of node.items) stack.push(item);
          continue;
        }
        if (!isMap(node)) continue;
        for (const pair of node.items) {
          stack.push(pair.key, pair.value);
          if (!isPair(pair) || !isScalar(pair.key) || !SECRET_KEY.test(String(pair.key.value))) continue;
          const value = pair.value;
          if (isScalar(value) && value.range && value.value !== null) spans.push({ start: value.range[0], end: value.range[1] });
          else if (isMap(value)) {
            // References ({ env }, { file }) are not secrets; any other value inside is.
            for (const item of value.items) {
              if (!isPair(item) || !isScalar(item.value) || !item.value.range) continue;
              if (isScalar(item.key) && (item.key.value === 'env' || item.key.value === 'file')) continue;
              spans.push({ start: item.value.range[0], end: item.value.range[1] });
            }
          } else if (isSeq(value)) {
            for (const item of value.items) if (isScalar(item) && item.range) spans.push({ start: item.range[0], end: item.range[1] });
          }
        }
      }
    } catch {
      // fall through to the textual scan
    }
  }
  const pattern = /(passphrase|password|secret)\w*["']?[ \t]*:[ \t]*("(?:[^"\\\r\n]|\\.)*"?|'[^'\r\n]*'?|[^\s{[&*#,][^\r\n#,}]*)/gi;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const value = m[2]!.replace(/\s+$/, '');
    if (!value) continue;
    const start = m.index + m[0].length - m[2]!.length;
    spans.push({ start, end: start + value.length });
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  return spans.filter((s, i) => i === 0 || s.start !== spans[i - 1]!.start || s.end !== spans[i - 1]!.end);
}

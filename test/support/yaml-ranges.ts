/** The ranges of every node of a YAML tree, in document order: the language features read positions from them. */
export function nodeRanges(contents: unknown): number[][] {
  const out: number[][] = [];
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { range?: number[]; items?: unknown[]; key?: unknown; value?: unknown };
    if (n.range) out.push([...n.range]);
    if ('key' in n && !n.range) {
      walk(n.key);
      walk(n.value);
    }
    for (const item of n.items ?? []) walk(item);
  };
  walk(contents);
  return out;
}

/**
 * Edit distance with adjacent transpositions counted as one edit (optimal string alignment), so
 * "tire1" is one edit from "tier1". Bounded: returns max + 1 once every path exceeds `max`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, beforePrevious[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidates close enough to `word` (case-insensitive) to be a likely typo, closest first (in
 * candidate order among equals).
 */
export function closeMatches(word: string, candidates: readonly string[]): string[] {
  const lower = word.toLowerCase();
  // Short words get no suggestion: "v5" is as close to "v1" as to nothing.
  const max = Math.floor(word.length / 3);
  return candidates
    .map((candidate) => ({ candidate, d: candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase(), max) }))
    .filter((c) => c.d <= max)
    .sort((a, b) => a.d - b.d)
    .map((c) => c.candidate);
}

/** The candidate closest to `word` (case-insensitive), if it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  return closeMatches(word, candidates)[0];
}

/** "a, b or c" */
export function listWords(words: readonly string[], last = 'or'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${last} ${words[words.length - 1]}`;
}

/** "1 day", "2 days", "1 recovery point per day": a number with its unit, singular for one. */
export function quantity(n: number, unit: string): string {
  if (n !== 1) return `${n} ${unit}`;
  const [head, ...rest] = unit.split(' per ');
  return `${n} ${[head!.replace(/s$/, ''), ...rest].join(' per ')}`;
}

/** Escapes plan text for Markdown prose and table cells: HTML-significant characters as entities, Markdown punctuation with a backslash. */
export function markdownEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

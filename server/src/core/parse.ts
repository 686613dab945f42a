import { isAlias, isMap, isNode, isPair, isScalar, isSeq, parseAllDocuments, visit, YAMLParseError } from 'yaml';
import type { Alias, Document, Node, Pair, YAMLMap } from 'yaml';
import type { Fix, Span } from './types';

/** A finding before the engine gives it a severity. */
export interface RawFinding {
  readonly ruleId: string;
  readonly message: string;
  readonly span: Span;
  readonly path: string;
  readonly related?: readonly { span: Span; message: string }[];
  readonly fixes?: readonly Fix[];
}

export interface ParsedText {
  readonly text: string;
  /** The first (and only valid) document; undefined when the text holds none. */
  readonly doc: Document.Parsed | undefined;
  /** The plain data of the document, or undefined when it could not be built safely. */
  readonly data: unknown;
  readonly findings: RawFinding[];
}

/** Aliases resolved in one document before bplan treats it as an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

export function spanOfNode(node: unknown, textLength: number): Span {
  if (isNode(node) && node.range) return clampSpan({ start: node.range[0], end: node.range[1] }, textLength);
  return { start: 0, end: 0 };
}

/** The span, widened where an end falls between the two halves of a surrogate pair (an emoji, 𐀀). */
export function wholeCharacters(text: string, span: Span): Span {
  const splits = (i: number) => i > 0 && i < text.length && /[\ud800-\udbff]/.test(text[i - 1]!) && /[\udc00-\udfff]/.test(text[i]!);
  const start = splits(span.start) ? span.start - 1 : span.start;
  const end = splits(span.end) ? span.end + 1 : span.end;
  return start === span.start && end === span.end ? span : { start, end };
}

function clampSpan(span: Span, textLength: number): Span {
  const start = Math.max(0, Math.min(span.start, textLength));
  const end = Math.max(start, Math.min(span.end, textLength));
  return { start, end };
}

const YAML_MESSAGES: Record<string, string> = {
  DUPLICATE_KEY: 'this key appears twice in the same mapping; YAML keeps only one of them: remove or rename one',
  TAB_AS_INDENT: 'tabs are not allowed for indentation in YAML; use spaces',
  MULTILINE_IMPLICIT_KEY: 'a key must fit on one line; a missing ":" or quote is the likely cause',
  BLOCK_AS_IMPLICIT_KEY: 'a block cannot be used as a key; a missing ":" is the likely cause',
  BAD_ALIAS: 'an alias refers to an anchor that does not exist',
  TAG_RESOLVE_FAILED: 'unknown tag',
};

function firstLine(message: string): string {
  if (/Maximum call stack/i.test(message)) return 'the YAML nests too deeply to read; a plan needs only a few levels of nesting';
  const line = message.split('\n')[0] ?? message;
  // yaml appends " at line L, column C" — the CLI and the editor already show the position.
  const trimmed = line.replace(/ at line \d+, column \d+:?$/, '').trim();
  // Messages start lower-case, like every other bplan message.
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}

/**
 * Parses a plan. Never throws: every YAML problem, including too many documents and alias bombs,
 * becomes a `yaml-syntax` finding.
 */
export function parsePlanText(text: string): ParsedText {
  const findings: RawFinding[] = [];
  const len = text.length;
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, {
      prettyErrors: false,
      // yaml checks each key against every earlier key of its map, O(n²): 50,000 keys took minutes.
      // addDuplicateKeyErrors does the same check with one index per map.
      uniqueKeys: false,
      strict: true,
      merge: true,
      // !!binary, !!set, !!omap, !!pairs and !!timestamp would become bytes, sets and dates: unknown tags, like any other.
      resolveKnownTags: false,
      // yaml also prints its warnings (process.emitWarning), quoting a mapping used as a key, which may hold a secret; they are findings here.
      logLevel: 'error',
    }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = []; // an empty stream yields an EmptyStream object
  } catch (error) {
    findings.push({
      ruleId: 'yaml-syntax',
      message: `the text could not be parsed as YAML (${firstLine(String((error as Error)?.message ?? error))})`,
      span: { start: 0, end: Math.min(len, 1) },
      path: '',
    });
    return { text, doc: undefined, data: undefined, findings };
  }

  const doc = docs[0];
  for (const extra of docs.slice(1)) {
    const start = extra.range?.[0] ?? 0;
    findings.push({
      ruleId: 'yaml-syntax',
      message: 'a plan is one YAML document; this file holds more than one ("---" starts another): move each plan to its own file',
      span: clampSpan({ start, end: start + 3 }, len),
      path: '',
    });
  }
  if (!doc) return { text, doc: undefined, data: undefined, findings };
  addDuplicateKeyErrors(doc, text);

  for (const problem of [...doc.errors, ...doc.warnings]) {
    const [start, end] = problem.pos;
    const known = YAML_MESSAGES[problem.code];
    let message = known && problem.code !== 'TAG_RESOLVE_FAILED' ? known : firstLine(problem.message);
    let spanEnd = Math.max(end, start + 1);
    if (problem.code === 'DUPLICATE_KEY') {
      const key = /^("(?:[^"\\\r\n]|\\.)*"|'[^'\r\n]*'|[^\s:#,{}[\]]+)/.exec(text.slice(start, start + 200))?.[0];
      if (key) {
        spanEnd = start + key.length;
        message = `the key ${key.startsWith('"') || key.startsWith("'") ? key : `"${key}"`} appears twice in the same mapping; YAML keeps only one of them: remove or rename one`;
      }
    }
    if (problem.code === 'TAG_RESOLVE_FAILED' || /Unresolved tag/.test(problem.message)) {
      const written = /^!\S*/.exec(text.slice(start, start + 200))?.[0];
      const tag = written ?? /tag: (\S+)/.exec(problem.message)?.[1];
      message = `unknown tag${tag ? ` ${tag}` : ''}: bplan plans use plain YAML values only; remove the tag`;
    }
    // A pathological file repeats one error thousands of times: past the first 20, one per kind, 50 at most.
    if (findings.length >= 50 || (findings.length >= 20 && findings.some((f) => f.message === message))) continue;
    // yaml marks one UTF-16 unit, half of an emoji there.
    findings.push({ ruleId: 'yaml-syntax', message, span: wholeCharacters(text, clampSpan({ start, end: spanEnd }, len)), path: '' });
  }

  findings.push(...nonPrintable(text, Math.max(0, 50 - findings.length)));

  let data: unknown;
  if (doc.errors.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      findings.push(...aliasProblems(doc, text, String((error as Error)?.message ?? error)));
      data = undefined;
    }
  }
  return { text, doc, data, findings };
}

/** Characters YAML does not allow in a stream (outside its printable set): C0 and C1 controls but tab and line breaks, DEL, U+FFFE/U+FFFF, unpaired surrogates. */
const NON_PRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * yaml reads control characters as text, but YAML does not allow them, and printed back (in a
 * message or a code frame) they can drive a terminal: each is a finding, at most `max` (20) of them.
 */
function nonPrintable(text: string, max: number): RawFinding[] {
  const found: RawFinding[] = [];
  NON_PRINTABLE.lastIndex = 0;
  for (let m = NON_PRINTABLE.exec(text); m && found.length < Math.min(max, 20); m = NON_PRINTABLE.exec(text)) {
    const code = m[0].charCodeAt(0);
    const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    const what = code >= 0xd800 && code <= 0xdfff ? `half of a surrogate pair (${name}), which is no character` : `the control character ${name}`;
    found.push({ ruleId: 'yaml-syntax', message: `the text holds ${what}; YAML does not allow it: remove it`, span: { start: m.index, end: m.index + 1 }, path: '' });
  }
  return found;
}

/**
 * Adds to `doc.errors` the DUPLICATE_KEY errors yaml's own `uniqueKeys` check would have made (same
 * equality: scalar keys with the same value; same position: where the key's text starts), in
 * document order among the other errors.
 */
function addDuplicateKeyErrors(doc: Document.Parsed, text: string): void {
  const found: YAMLParseError[] = [];
  // Iterative, so that a deeply nested document cannot overflow the stack here.
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        // NaN is never equal to itself (===), so `.nan` keys are never duplicates, as in yaml.
        if (isScalar(key) && !(typeof key.value === 'number' && Number.isNaN(key.value)) && key.range) {
          if (seen.has(key.value)) {
            const at = keyStart(text, key.range);
            found.push(new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
          } else {
            seen.add(key.value);
          }
        }
        stack.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      stack.push(...node.items);
    }
  }
  if (!found.length) return;
  // Each goes before the first of yaml's errors that lies after it; yaml's own order stays as it was.
  found.sort((a, b) => a.pos[0] - b.pos[0]);
  const merged: YAMLParseError[] = [];
  let next = 0;
  for (const error of doc.errors) {
    while (next < found.length && found[next]!.pos[0] < error.pos[0]) merged.push(found[next++]!);
    merged.push(error);
  }
  merged.push(...found.slice(next));
  doc.errors.splice(0, doc.errors.length, ...merged);
}

/** Where yaml places an error on a key: an empty key (`? ` alone) at the text after it, past blanks and comments. */
function keyStart(text: string, range: readonly [number, number, number]): number {
  if (range[1] > range[0]) return range[0];
  let at = range[0];
  while (at < text.length) {
    const c = text[at];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') at++;
    else if (c === '#') while (at < text.length && text[at] !== '\n') at++;
    else break;
  }
  return at;
}

/** Why the document's data could not be built: an alias without an anchor, or an alias bomb. */
function aliasProblems(doc: Document.Parsed, text: string, message: string): RawFinding[] {
  const len = text.length;
  const aliases: { node: Alias; resolved: unknown }[] = [];
  visit(doc, {
    Alias(_key, node) {
      aliases.push({ node, resolved: node.resolve(doc) });
    },
  });
  const missing: RawFinding[] = aliases
    .filter((a) => a.resolved === undefined)
    .map(({ node }) => ({
      ruleId: 'yaml-syntax',
      message: `the alias *${node.source} refers to no anchor: define &${node.source} before it, or write the value out`,
      span: spanOfNode(node, len),
      path: '',
    }));
  if (/unresolved alias/i.test(message) && missing.length) return missing.slice(0, 20);
  if (/merge sources/i.test(message)) {
    // yaml stops at the first bad merge: report every one, and the aliases without an anchor it did not reach.
    const bad: RawFinding[] = mergeSourcesNotMaps(doc).map((node) => ({
      ruleId: 'yaml-syntax',
      message: 'a merge key (<<) takes a mapping, an alias of one, or a list of them: point it at a mapping, or write the keys out',
      span: spanOfNode(node, len),
      path: '',
    }));
    if (bad.length) return [...bad, ...missing].sort((a, b) => a.span.start - b.span.start).slice(0, 20);
  }
  const first = aliases[0]?.node;
  return [
    {
      ruleId: 'yaml-syntax',
      message: /alias/i.test(message)
        ? `aliases expand too far (more than ${MAX_ALIAS_COUNT} alias uses, as in a "billion laughs" attack): write the values out`
        : `the document could not be read (${firstLine(message)})`,
      span: first ? spanOfNode(first, len) : spanOfNode(doc.contents, len),
      path: '',
    },
  ];
}

/** The values under merge keys (`<<: value`, or each item of `<<: [a, b]`) that are not mappings. */
function mergeSourcesNotMaps(doc: Document.Parsed): Node[] {
  const bad: Node[] = [];
  visit(doc, {
    Pair(_key, pair) {
      const key = pair.key;
      if (!isScalar(key) || (key.source !== '<<' && typeof key.value !== 'symbol')) return;
      const value = deref(doc, pair.value);
      const sources = isSeq(value) ? value.items : [pair.value];
      for (const source of sources) {
        // An alias without an anchor is reported as such.
        const target = deref(doc, source);
        if (isNode(source) && target !== undefined && !isMap(target)) bad.push(source);
      }
    },
  });
  return bad;
}

/** Resolves an alias to its anchored node; other nodes come back as they are. */
export function deref(doc: Document.Parsed, node: unknown): unknown {
  let current = node;
  for (let i = 0; i < 10 && isAlias(current); i++) current = current.resolve(doc);
  return current;
}

/**
 * The pair of a map under a plain key, or undefined. Keys merged in with `<<: *anchor` count, as
 * they do in the data (an own key wins over a merged one).
 */
export function findPair(map: YAMLMap, key: string, doc?: Document.Parsed, depth = 0): Pair | undefined {
  let merged: Pair | undefined;
  for (const item of map.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const value = item.key.value;
    // Strings first: the common case, without converting (and allocating) anything.
    if (value === key || (typeof value !== 'string' && typeof value !== 'symbol' && String(value) === key)) return item;
    // yaml represents a merge key as a scalar whose value is the symbol <<.
    if ((item.key.source === '<<' || (typeof value === 'symbol' && String(value) === 'Symbol(<<)')) && doc && depth < 10 && !merged) {
      const sources = isSeq(deref(doc, item.value)) ? (deref(doc, item.value) as { items: unknown[] }).items : [item.value];
      for (const source of sources) {
        const target = deref(doc, source);
        if (isMap(target)) merged ??= findPair(target, key, doc, depth + 1);
      }
    }
  }
  return merged;
}

/**
 * The node at a JSON path of the document (map keys and sequence indices), following aliases;
 * also returns the pair whose value it is, for key spans.
 */
export function nodeAtPath(
  doc: Document.Parsed,
  path: readonly (string | number)[],
): { node: unknown; pair?: Pair; parent?: unknown } {
  let node: unknown = doc.contents;
  let pair: Pair | undefined;
  let parent: unknown;
  for (const segment of path) {
    node = deref(doc, node);
    parent = node;
    if (isMap(node)) {
      pair = findPair(node, String(segment), doc);
      if (!pair) return { node: undefined, parent };
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      pair = undefined;
      node = node.items[segment];
      if (node === undefined) return { node: undefined, parent };
    } else {
      return { node: undefined, parent };
    }
  }
  return { node: deref(doc, node), pair, parent };
}

export type { Node };

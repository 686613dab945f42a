import { isAlias, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, visit } from 'yaml';
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
  readonly lineCounter: LineCounter;
}

/** Aliases resolved in one document before bplan treats it as an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

export function spanOfNode(node: unknown, textLength: number): Span {
  if (isNode(node) && node.range) return clampSpan({ start: node.range[0], end: node.range[1] }, textLength);
  return { start: 0, end: 0 };
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
  const lineCounter = new LineCounter();
  const findings: RawFinding[] = [];
  const len = text.length;
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, {
      lineCounter,
      prettyErrors: false,
      uniqueKeys: true,
      strict: true,
      merge: true,
    }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = []; // an empty stream yields an EmptyStream object
  } catch (error) {
    findings.push({
      ruleId: 'yaml-syntax',
      message: `the text could not be parsed as YAML (${firstLine(String((error as Error)?.message ?? error))})`,
      span: { start: 0, end: Math.min(len, 1) },
      path: '',
    });
    return { text, doc: undefined, data: undefined, findings, lineCounter };
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
  if (!doc) return { text, doc: undefined, data: undefined, findings, lineCounter };

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
    findings.push({ ruleId: 'yaml-syntax', message, span: clampSpan({ start, end: spanEnd }, len), path: '' });
  }

  let data: unknown;
  if (doc.errors.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      findings.push(...aliasProblems(doc, text, String((error as Error)?.message ?? error)));
      data = undefined;
    }
  }
  return { text, doc, data, findings, lineCounter };
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
  if (/unresolved alias/i.test(message)) {
    const missing = aliases.filter((a) => a.resolved === undefined);
    if (missing.length) {
      return missing.slice(0, 20).map(({ node }) => ({
        ruleId: 'yaml-syntax',
        message: `the alias *${node.source} refers to no anchor: define &${node.source} before it, or write the value out`,
        span: spanOfNode(node, len),
        path: '',
      }));
    }
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
    if (typeof item.key.value !== 'symbol' && String(item.key.value) === key) return item;
    // yaml represents a merge key as a scalar whose value is the symbol <<.
    if ((item.key.source === '<<' || String(item.key.value) === 'Symbol(<<)') && doc && depth < 10 && !merged) {
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

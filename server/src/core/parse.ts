import { isAlias, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import type { Span } from './types';

/** A finding before the engine gives it a severity. */
export interface RawFinding {
  readonly ruleId: string;
  readonly message: string;
  readonly span: Span;
  readonly path: string;
  readonly related?: readonly { span: Span; message: string }[];
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
  DUPLICATE_KEY: 'a key appears twice in the same mapping; YAML keeps only one of them',
  TAB_AS_INDENT: 'tabs are not allowed for indentation in YAML; use spaces',
  BAD_INDENT: 'the indentation does not line up with the surrounding block',
  MULTILINE_IMPLICIT_KEY: 'a key must fit on one line; a missing ":" or quote is the likely cause',
  BLOCK_AS_IMPLICIT_KEY: 'a block cannot be used as a key; a missing ":" is the likely cause',
  MISSING_CHAR: 'a closing character is missing',
  BAD_ALIAS: 'an alias refers to an anchor that does not exist',
  TAG_RESOLVE_FAILED: 'unknown tag',
};

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  // yaml appends " at line L, column C" — the CLI and the editor already show the position.
  return line.replace(/ at line \d+, column \d+:?$/, '').trim();
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
    if (problem.code === 'TAG_RESOLVE_FAILED' || /Unresolved tag/.test(problem.message)) {
      const tag = /tag: (\S+)/.exec(problem.message)?.[1];
      message = `unknown tag${tag ? ` ${tag}` : ''}: bplan plans use plain YAML values only; remove the tag`;
    }
    findings.push({ ruleId: 'yaml-syntax', message, span: clampSpan({ start, end: Math.max(end, start + 1) }, len), path: '' });
  }

  let data: unknown;
  if (doc.errors.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const message = String((error as Error)?.message ?? error);
      findings.push({
        ruleId: 'yaml-syntax',
        message: /alias/i.test(message)
          ? `aliases expand too far (more than ${MAX_ALIAS_COUNT} alias uses, as in a "billion laughs" attack): write the values out`
          : `the document could not be read (${firstLine(message)})`,
        span: spanOfNode(doc.contents, len),
        path: '',
      });
      data = undefined;
    }
  }
  return { text, doc, data, findings, lineCounter };
}

/** Resolves an alias to its anchored node; other nodes come back as they are. */
export function deref(doc: Document.Parsed, node: unknown): unknown {
  let current = node;
  for (let i = 0; i < 10 && isAlias(current); i++) current = current.resolve(doc);
  return current;
}

/** The pair of a map under a plain key, or undefined. */
export function findPair(map: YAMLMap, key: string): Pair | undefined {
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item;
  }
  return undefined;
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
      pair = findPair(node, String(segment));
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

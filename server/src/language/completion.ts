/**
 * Completion: keys valid at the cursor, enum values, names where a reference is expected, snippets.
 *
 * The place of the cursor is read two ways. Where the YAML parses cleanly and the cursor sits on a
 * key or value of the cursor's own line, `locate` gives the path. While the user types, the YAML
 * is often broken or misleading (a key typed without its colon continues the value above it), so
 * otherwise the line being typed is read as text and the path recovered from the indentation of
 * the lines above it: parent keys by smaller indentation, `- ` items counted into indices.
 */
import { CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind } from 'vscode-languageserver-types';
import type { Command, CompletionItem, CompletionList } from 'vscode-languageserver-types';
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import { deref, MAX_ALIAS_COUNT, nodeAtPath } from '../core/parse';
import type { Plan, Policy, Server } from '../core/model';
import { isProduct, PRODUCT_NAMES, productLabel } from '../core/products';
import type { PlanDocument } from './document';
import { locate } from './locate';
import type { PathSegment } from './locate';
import { describe, enumValuesOf, propertiesOf, schemasAt } from './schema-walk';
import type { JsonSchema } from './schema-walk';
import { itemSnippets, PASSPHRASE_SNIPPET, placeSnippet, planSnippet } from './snippets';
import type { ItemList, PlanSnippet } from './snippets';

const EMPTY: CompletionList = { isIncomplete: false, items: [] };

/** Where the cursor is, as completion needs it. */
interface Place {
  /** `key`: a key of the mapping at `path` is expected; `value`: the value of the node at `path`. */
  readonly kind: 'key' | 'value';
  readonly path: readonly PathSegment[];
  /** The word being typed (offsets); completions replace it. */
  readonly start: number;
  readonly end: number;
  /** The quote the typed value opened, kept around the completed value. */
  readonly quote?: '"' | "'";
  /** Text the insertion needs before it: a space after `key:` or after a bare `-`. */
  readonly lead: string;
  /** Column where the inserted key or value starts, for the lines of a multi-line insertion. */
  readonly column: number;
  /** Keys already in the mapping (key places). */
  readonly present: ReadonlySet<string>;
  /** Inside `{ }` or `[ ]`: insertions stay on one line. */
  readonly flow: boolean;
  /** A colon already follows the word: complete the key alone. */
  readonly colonFollows: boolean;
  /** The cursor starts an empty sequence item (`- |`): item snippets fit here. */
  readonly newItem: boolean;
}

interface Context {
  readonly doc: PlanDocument;
  readonly place: Place;
  readonly data: unknown;
  readonly eol: string;
  /** Indentation step of the document, in spaces. */
  readonly step: number;
}

export function complete(doc: PlanDocument, offset: number): CompletionList {
  try {
    if (!Number.isInteger(offset) || offset < 0 || offset > doc.text.length) return EMPTY;
    const data = planData(doc);
    const place = placeAt(doc, offset, data);
    if (!place) return EMPTY;
    const ctx: Context = { doc, place, data, eol: doc.text.includes('\r\n') ? '\r\n' : '\n', step: indentStep(doc.text) };
    const items = place.kind === 'key' ? keyPlaceItems(ctx) : valueItems(ctx, place.path, place.lead);
    if (place.kind === 'key' && place.path.length === 0 && doc.text.split('\n').every((l) => /^\s*(#.*)?$/.test(l))) items.unshift(planSnippetItem(ctx, offset));
    return { isIncomplete: false, items };
  } catch {
    return EMPTY;
  }
}

// ---------------------------------------------------------------------------------------------
// Where the cursor is

interface Line {
  readonly start: number;
  readonly text: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    lines.push({ start, text: text.slice(start, end > start && text[end - 1] === '\r' ? end - 1 : end) });
    if (nl < 0) return lines;
    start = nl + 1;
  }
}

/** What a block line starts with: `- ` item markers, then a key or a scalar. */
interface Token {
  readonly kind: 'dash' | 'key' | 'scalar';
  readonly col: number;
  readonly key?: string;
  /** A key with a value on its own line (not just an anchor or a tag): nothing nests under it. */
  readonly valued?: boolean;
}

/** A block key as written: double-quoted, single-quoted or plain (group 1). */
const KEY_TEXT = String.raw`("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#"'{}[\],&*!|>%@${'`'}][^#]*?)`;
/** A key and its colon, at the start of a line's content. */
const KEY = new RegExp(String.raw`^${KEY_TEXT}[ \t]*:(?=[ \t]|$)`);
/** A key, its colon, the spaces after it (group 2) and the value typed so far (group 3). */
const KEY_AND_VALUE = new RegExp(String.raw`^${KEY_TEXT}[ \t]*:([ \t]*)(.*)$`);
/** A key and its colon before a flow collection. */
const KEY_BEFORE_FLOW = new RegExp(String.raw`^${KEY_TEXT}[ \t]*:[ \t]*$`);

function unquote(key: string): string {
  if (key.startsWith('"')) {
    try {
      return JSON.parse(key) as string;
    } catch {
      return key.slice(1, -1);
    }
  }
  return key.startsWith("'") ? key.slice(1, -1).replace(/''/g, "'") : key;
}

/** The tokens of a line, or undefined for a blank line, a comment or a document marker. */
function tokensOf(line: string): Token[] | undefined {
  let pos = /^ */.exec(line)![0].length;
  if (pos >= line.length || line[pos] === '#' || (pos === 0 && /^(---|\.\.\.)(\s|$)/.test(line))) return undefined;
  const tokens: Token[] = [];
  while (line[pos] === '-' && (pos + 1 === line.length || line[pos + 1] === ' ')) {
    tokens.push({ kind: 'dash', col: pos });
    pos++;
    while (line[pos] === ' ') pos++;
  }
  if (pos >= line.length || line[pos] === '#') return tokens;
  const key = KEY.exec(line.slice(pos));
  if (!key) return [...tokens, { kind: 'scalar', col: pos }];
  const value = line.slice(pos + key[0].length).replace(/(^|\s)#.*$/, '').trim();
  return [...tokens, { kind: 'key', col: pos, key: unquote(key[1]!), valued: value !== '' && !/^([&!]\S*\s*)+$/.test(value) }];
}

/**
 * The path of the block mapping (or item) whose content starts at `column` on line `at`, and the
 * keys it already has, from the indentation of the lines around it. `here` are the tokens of line
 * `at` before that column (its `- ` markers). Undefined where the lines make no sense of it.
 */
function blockPath(lines: readonly Line[], at: number, column: number, here: readonly Token[]): { path: PathSegment[]; present: Set<string> } | undefined {
  const path: PathSegment[] = [];
  const present = new Set<string>();
  // In a mapping whose keys start at `col`, or in a sequence whose `- ` are at `col` (with `count`
  // items above ours); `innermost` while still in the mapping the cursor is in.
  const state = { mode: 'map' as 'map' | 'seq', col: column, count: 0, innermost: true };

  // Our node is the item of the `- ` at tokens[i], which starts on this line.
  const enterItem = (tokens: readonly Token[], i: number): boolean => {
    let k = i;
    // `- - x`: the inner sequence starts on this line, so ours is its first item.
    while (k > 0 && tokens[k - 1]!.kind === 'dash') {
      path.unshift(0);
      k--;
    }
    if (k > 0) return false;
    state.mode = 'seq';
    state.col = tokens[k]!.col;
    state.count = 0;
    state.innermost = false;
    return true;
  };

  // Reads one line above (or the cursor's own line); false when it contradicts the structure.
  const read = (tokens: readonly Token[]): boolean => {
    for (let guard = 0; guard < 16; guard++) {
      const first = tokens[0];
      if (!first || first.col > state.col) return true; // deeper: inside a sibling's value
      const before = tokens.filter((t) => t.col < state.col).length - 1;
      if (state.mode === 'map') {
        if (first.col === state.col) {
          if (first.kind === 'key' && state.innermost) present.add(first.key!);
          return true;
        }
        const t = tokens[before]!;
        if (t.kind === 'key') {
          // Under `key: value` nothing nests: a continuation line, or a block scalar's text.
          if (state.innermost && t.valued) return false;
          path.unshift(t.key!);
          state.col = t.col;
          state.innermost = false;
          continue; // the key's own mapping starts on this line too
        }
        if (t.kind === 'dash') {
          const next = tokens[before + 1];
          if (state.innermost && next?.kind === 'key' && next.col === state.col) present.add(next.key!);
          return enterItem(tokens, before);
        }
        return false;
      }
      const dash = tokens.findIndex((t) => t.kind === 'dash' && t.col === state.col);
      if (dash >= 0) {
        state.count++;
        if (dash === 0) return true;
        path.unshift(state.count);
        return tokens[dash - 1]!.kind === 'dash' && enterItem(tokens, dash - 1);
      }
      if (first.col === state.col && first.kind !== 'key') return false;
      // `key:` then `- item` at the same column or deeper: the sequence is the key's value.
      const t = first.col === state.col ? first : tokens[before]!;
      path.unshift(state.count);
      if (t.kind === 'dash') return enterItem(tokens, tokens.indexOf(t));
      if (t.kind !== 'key') return false;
      path.unshift(t.key!);
      state.mode = 'map';
      state.col = t.col;
      state.innermost = false;
    }
    return false;
  };

  if (!read(here)) return undefined;
  for (let i = at - 1; i >= 0; i--) {
    // At the top level, outside the cursor's own mapping, nothing above can change the path.
    if (state.mode === 'map' && state.col === 0 && !state.innermost) break;
    const tokens = tokensOf(lines[i]!.text);
    if (tokens && !read(tokens)) return undefined;
  }
  if (state.mode === 'seq') path.unshift(state.count);
  return { path, present };
}

/** Keys at `column` in the lines below `at`, up to the end of that mapping. */
function keysBelow(lines: readonly Line[], at: number, column: number, into: Set<string>): void {
  for (let i = at + 1; i < lines.length; i++) {
    const first = tokensOf(lines[i]!.text)?.[0];
    if (!first || first.col > column) continue;
    if (first.col < column) return;
    if (first.kind === 'key') into.add(first.key!);
  }
}

const WORD = /^[A-Za-z0-9_.-]*/;
/** A value or key being typed: a plain word, or the start of a quoted one. */
const PARTIAL = /^("[^"]*|'[^']*|[^\s#,"'{}[\]:]*)$/;

/** The end of the word at `offset`: word characters, and the closing quote of a quoted one. */
function wordEnd(line: string, col: number, quote: string | undefined): number {
  if (quote) {
    const close = line.indexOf(quote, col);
    return close < 0 ? line.length : close + 1;
  }
  return col + WORD.exec(line.slice(col))![0].length;
}

function quoteOf(partial: string): '"' | "'" | undefined {
  return partial.startsWith('"') ? '"' : partial.startsWith("'") ? "'" : undefined;
}

/** Whether a `#` before the cursor starts a comment (outside quotes, after a space). */
function inComment(prefix: string): boolean {
  let quote: string | undefined;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(prefix[i - 1]!))) return true;
  }
  return false;
}

function placeAt(doc: PlanDocument, offset: number, data: unknown): Place | undefined {
  const lines = splitLines(doc.text);
  let at = 0;
  while (at + 1 < lines.length && lines[at + 1]!.start <= offset) at++;
  const line = lines[at]!;
  const col = offset - line.start;
  if (col > line.text.length) return undefined; // between \r and \n
  const prefix = line.text.slice(0, col);
  if (inComment(prefix)) return undefined;
  return placeByLocate(doc, offset, line, col, data) ?? placeByText(lines, at, col);
}

/** The place from the parsed document, where it can be trusted: clean YAML, a node on this line. */
function placeByLocate(doc: PlanDocument, offset: number, line: Line, col: number, data: unknown): Place | undefined {
  const yaml = doc.yaml;
  if (!yaml || yaml.errors.length > 0) return undefined;
  const found = locate(yaml, offset);
  const span = found.span;
  const lineEnd = line.start + line.text.length;
  if ((found.kind !== 'key' && found.kind !== 'value') || !span || span.start < line.start || span.end > lineEnd) return undefined;
  if (offset < span.start || offset > span.end) return undefined;
  // A value on a line of its own: a key typed without its colon, read as the value above.
  const keyStart = (found.pair?.key as { range?: number[] } | undefined)?.range?.[0];
  if (found.kind === 'value' && keyStart !== undefined && keyStart < line.start) return undefined;
  const prefix = line.text.slice(0, col);
  const flow = openBrackets(line.text.slice(0, span.start - line.start)) > 0;
  const after = line.text.slice(span.end - line.start);
  const source = doc.text.slice(span.start, span.end);
  const base = {
    start: span.start,
    end: span.end,
    lead: '',
    column: span.start - line.start,
    flow,
    colonFollows: /^[ \t]*:/.test(after),
  };
  if (found.kind === 'key') {
    const present = new Set<string>();
    const map = deref(yaml, nodeAtPath(yaml, found.path.slice(0, -1)).node);
    if (isMap(map)) for (const item of map.items) if (isPair(item) && isScalar(item.key) && item.key !== found.node) present.add(String(item.key.value));
    return { ...base, kind: 'key', path: found.path.slice(0, -1), present, newItem: false };
  }
  // A scalar where a sequence of mappings expects an item: the first key of a new item, being typed.
  const parent = deref(yaml, nodeAtPath(yaml, found.path.slice(0, -1)).node);
  if (!found.pair && isSeq(parent) && isObjectPlace(schemasAt(found.path, data))) {
    // A bare `-` just typed is read from the text, which adds the space.
    if (!/^\s*-\s/.test(prefix) || !PARTIAL.test(source)) return undefined;
    return { ...base, kind: 'key', path: found.path, present: new Set(), newItem: !flow && /^\s*(#.*)?$/.test(after) };
  }
  const lead = doc.text[span.start - 1] === ':' ? ' ' : '';
  return { ...base, kind: 'value', path: found.path, quote: quoteOf(source), lead, present: new Set(), newItem: false };
}

/** How many `{` / `[` are open at the end of the text (quotes respected). */
function openBrackets(text: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && depth > 0) depth--;
  }
  return depth;
}

/** The place from the text of the line being typed and the indentation of the lines above. */
function placeByText(lines: readonly Line[], at: number, col: number): Place | undefined {
  const line = lines[at]!;
  const prefix = line.text.slice(0, col);
  if (prefix.includes('\t')) return undefined;
  let pos = /^ */.exec(prefix)![0].length;
  const dashes: Token[] = [];
  let lead = '';
  while (prefix[pos] === '-' && (pos + 1 === prefix.length || prefix[pos + 1] === ' ')) {
    dashes.push({ kind: 'dash', col: pos });
    if (pos + 1 === prefix.length) {
      // A bare `-` just typed: the item's content starts after the space the insertion adds.
      if (/^\S/.test(line.text.slice(col))) return undefined;
      lead = ' ';
      pos = col + 1;
      break;
    }
    pos++;
    while (prefix[pos] === ' ') pos++;
  }
  const content = Math.min(pos, col);
  const rest = prefix.slice(content);
  const offsetOf = (c: number) => line.start + c;

  if (openBrackets(rest) > 0) return flowPlace(lines, at, col, content, dashes, rest);

  const keyed = KEY_AND_VALUE.exec(rest);
  if (keyed) {
    const partial = keyed[3]!;
    if (!PARTIAL.test(partial)) return undefined;
    const block = blockPath(lines, at, pos, dashes);
    if (!block) return undefined;
    const quote = quoteOf(partial);
    const start = col - partial.length;
    const end = wordEnd(line.text, col, quote);
    if (!/^\s*(#.*)?$/.test(line.text.slice(end))) return undefined; // in front of text the value would run into
    return {
      kind: 'value',
      path: [...block.path, unquote(keyed[1]!)],
      start: offsetOf(start),
      end: offsetOf(end),
      quote,
      lead: keyed[2] === '' ? ' ' : '',
      column: start,
      present: new Set(),
      flow: false,
      colonFollows: false,
      newItem: false,
    };
  }
  if (!PARTIAL.test(rest)) return undefined;
  const block = blockPath(lines, at, pos, dashes);
  if (!block) return undefined;
  keysBelow(lines, at, pos, block.present);
  const quote = quoteOf(rest);
  const end = wordEnd(line.text, col, quote);
  const after = line.text.slice(end);
  const colonFollows = /^[ \t]*:/.test(after);
  if (!colonFollows && !/^\s*(#.*)?$/.test(after)) return undefined; // in front of text the key would run into
  return {
    kind: 'key',
    path: block.path,
    start: offsetOf(content),
    end: offsetOf(end),
    quote,
    lead,
    column: content,
    present: block.present,
    flow: false,
    colonFollows,
    newItem: dashes.length > 0 && block.present.size === 0 && /^\s*(#.*)?$/.test(after),
  };
}

interface Frame {
  readonly open: '{' | '[';
  index: number;
  key?: string;
  keys: string[];
  entryStart: number;
  valueStart: number;
}

/** The place inside a flow collection on the line being typed (`hardware: { cores: 4, mem| }`). */
function flowPlace(lines: readonly Line[], at: number, col: number, content: number, dashes: readonly Token[], rest: string): Place | undefined {
  const line = lines[at]!;
  const opener = rest.search(/[{[]/);
  const before = rest.slice(0, opener);
  const keyed = KEY_BEFORE_FLOW.exec(before);
  if (!keyed && before.trim() !== '') return undefined;
  const block = blockPath(lines, at, content, dashes);
  if (!block) return undefined;
  const path: PathSegment[] = keyed ? [...block.path, unquote(keyed[1]!)] : block.path;

  const frames: Frame[] = [];
  let quote: string | undefined;
  for (let i = opener; i < rest.length; i++) {
    const c = rest[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    const top = frames[frames.length - 1];
    if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') frames.push({ open: c, index: 0, keys: [], entryStart: i + 1, valueStart: i + 1 });
    else if (c === '}' || c === ']') {
      frames.pop();
      if (!frames.length) return undefined; // the collection closed before the cursor
    } else if (top && c === ',') {
      const key = top.key ?? rest.slice(top.entryStart, i).trim();
      if (key) top.keys.push(unquote(key));
      top.index++;
      top.key = undefined;
      top.entryStart = top.valueStart = i + 1;
    } else if (top && c === ':' && top.open === '{' && top.key === undefined && (i + 1 === rest.length || /[\s,\]}]/.test(rest[i + 1]!) || /["']/.test(rest[i - 1]!))) {
      top.key = unquote(rest.slice(top.entryStart, i).trim());
      top.valueStart = i + 1;
    }
  }
  const top = frames[frames.length - 1];
  if (!top) return undefined;
  for (const frame of frames.slice(0, -1)) {
    if (frame.open === '[') path.push(frame.index);
    else if (frame.key !== undefined) path.push(frame.key);
    else return undefined;
  }
  const isKey = top.open === '{' && top.key === undefined;
  const partial = rest.slice(isKey || top.open === '[' ? top.entryStart : top.valueStart).trimStart();
  if (!PARTIAL.test(partial)) return undefined;
  const wordQuote = quoteOf(partial);
  const start = col - partial.length;
  const end = wordEnd(line.text, col, wordQuote);
  const base = {
    start: line.start + start,
    end: line.start + end,
    quote: wordQuote,
    lead: '',
    column: start,
    flow: true,
    newItem: false,
  };
  if (!isKey) return { ...base, kind: 'value', path: top.open === '[' ? [...path, top.index] : [...path, top.key!], present: new Set(), colonFollows: false };
  const present = new Set(top.keys);
  for (const key of flowKeysAfter(line.text.slice(end))) present.add(key);
  return { ...base, kind: 'key', path, present, colonFollows: /^[ \t]*:/.test(line.text.slice(end)) };
}

/** Keys of the entries after the current one, up to the end of the flow mapping. */
function flowKeysAfter(text: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let entry = -1; // the current entry is the cursor's own: skip it
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth-- === 0) break;
    } else if (c === ',' && depth === 0) entry = i + 1;
    else if (c === ':' && depth === 0 && entry >= 0) {
      const key = text.slice(entry, i).trim();
      if (key) keys.push(unquote(key));
      entry = -1;
    }
  }
  return keys;
}

// ---------------------------------------------------------------------------------------------
// The plan's data, for the if/then branches of the schema

/** Plain data of the plan: the parse's, else what yaml recovered, else a skeleton from the model. */
function planData(doc: PlanDocument): unknown {
  const parsed = doc.analysis.parsed?.data;
  if (parsed !== undefined) return parsed;
  try {
    // A silent copy: yaml warns on stderr about a key that is a collection, quoting the key, which may hold a secret.
    const copy = doc.yaml?.clone();
    if (copy) copy.options.logLevel = 'silent';
    const recovered: unknown = copy?.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    if (recovered && typeof recovered === 'object') return recovered;
  } catch {
    // aliases that do not resolve: fall back to the model
  }
  const servers: Record<string, unknown>[] = [];
  for (const server of doc.plan.servers) servers[server.index] = { product: server.product?.value, version: server.version?.value };
  return { servers };
}

function indentStep(text: string): number {
  let step = 0;
  for (const match of text.matchAll(/^( +)[^\s#]/gm)) {
    if (!step || match[1]!.length < step) step = match[1]!.length;
    if (step <= 2) break;
  }
  return step >= 2 && step <= 8 ? step : 2;
}

// ---------------------------------------------------------------------------------------------
// Schemas

function typesOf(schemas: readonly JsonSchema[]): Set<string> {
  const types = new Set<string>();
  for (const s of schemas) {
    if (typeof s.type === 'string') types.add(s.type);
    else if (Array.isArray(s.type)) for (const t of s.type) types.add(t);
    if (s.properties) types.add('object');
    if (s.items) types.add('array');
    if (s.const !== undefined) types.add(typeof s.const);
  }
  return types;
}

function isObjectPlace(schemas: readonly JsonSchema[]): boolean {
  const types = typesOf(schemas);
  return types.size === 1 && types.has('object');
}

function isArrayPlace(schemas: readonly JsonSchema[]): boolean {
  const types = typesOf(schemas);
  return types.size === 1 && types.has('array');
}

/** A short type for the detail line: `mapping`, `list of mappings`, `geo | local | zone`, `boolean`. */
function typeSummary(schemas: readonly JsonSchema[], itemSchemas: () => readonly JsonSchema[]): string {
  const values = enumValuesOf(schemas);
  if (values.length) {
    const labels = [...new Set(values.map((v) => String(v.value)))];
    return labels.length > 5 ? `${labels.slice(0, 5).join(' | ')} | …` : labels.join(' | ');
  }
  if (isArrayPlace(schemas)) {
    const items = itemSchemas();
    return `list of ${isObjectPlace(items) ? 'mappings' : typeSummary(items, () => [])}`;
  }
  const types = [...typesOf(schemas)].map((t) => (t === 'object' ? 'mapping' : t));
  return types.join(' or ') || 'any value';
}

function markdown(value: string | undefined): CompletionItem['documentation'] {
  return value ? { kind: MarkupKind.Markdown, value } : undefined;
}

const SUGGEST: Command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

/** Whether completion has something to offer once the key is written (so suggest again). */
function suggestsValue(path: readonly PathSegment[], schemas: readonly JsonSchema[]): boolean {
  const types = typesOf(schemas);
  return enumValuesOf(schemas).length > 0 || types.has('boolean') || types.has('object') || types.has('array') || !!isReference(path) || isPassphrase(path);
}

function isReference(path: readonly PathSegment[]): 'server' | 'policy' | undefined {
  const [list, index, key] = path;
  return path.length === 3 && list === 'workloads' && typeof index === 'number' && (key === 'server' || key === 'policy') ? key : undefined;
}

function isPassphrase(path: readonly PathSegment[]): boolean {
  return path.join('.') === 'vault.encryption.passphrase';
}

// ---------------------------------------------------------------------------------------------
// Items

/** The edit replacing the word being typed; multi-line text carries its own indentation (asIs). */
function edit(ctx: Context, newText: string, start = ctx.place.start): Pick<CompletionItem, 'textEdit' | 'insertText' | 'insertTextMode'> {
  return { textEdit: { range: ctx.doc.range({ start, end: ctx.place.end }), newText }, insertText: newText, insertTextMode: InsertTextMode.asIs };
}

/** At a key place: the keys of the mapping, or list items where the place holds a list, or values. */
function keyPlaceItems(ctx: Context): CompletionItem[] {
  const { place } = ctx;
  const schemas = schemasAt(place.path, ctx.data);
  if (!schemas.length) return [];
  if (isArrayPlace(schemas)) {
    // The `- ` is not written yet: each completion starts the item.
    if (place.flow) return [];
    const itemPath = [...place.path, Number.MAX_SAFE_INTEGER];
    const items = schemasAt(itemPath, ctx.data);
    const lead = `${place.lead}- `;
    const column = place.column + place.lead.length + 2;
    if (!isObjectPlace(items)) return valueItems(ctx, itemPath, lead);
    return [...snippetItems(ctx, place.path, lead, column), ...keyItems(ctx, itemPath, items, new Set(), lead, column)];
  }
  if (isObjectPlace(schemas)) {
    const column = place.column + place.lead.length;
    const snippets = place.newItem ? snippetItems(ctx, place.path.slice(0, -1), place.lead, column) : [];
    return [...keyItems(ctx, place.path, schemas, place.present, place.lead, column), ...snippets];
  }
  // `key:` with its value on the next line.
  return place.present.size === 0 ? valueItems(ctx, place.path, place.lead) : [];
}

function keyItems(ctx: Context, path: readonly PathSegment[], schemas: readonly JsonSchema[], present: ReadonlySet<string>, lead: string, column: number): CompletionItem[] {
  const { place, eol, step } = ctx;
  const required = new Set(schemas.flatMap((s) => s.required ?? []));
  const items: CompletionItem[] = [];
  let order = 0;
  for (const name of propertiesOf(schemas).keys()) {
    order++;
    if (present.has(name)) continue;
    const keyPath = [...path, name];
    const own = schemasAt(keyPath, ctx.data);
    const detail = typeSummary(own, () => schemasAt([...keyPath, Number.MAX_SAFE_INTEGER], ctx.data));
    let text = `${name}: `;
    if (place.colonFollows) text = name;
    else if (!place.flow && isObjectPlace(own)) text = `${name}:${eol}${' '.repeat(column + step)}`;
    else if (!place.flow && isArrayPlace(own)) text = `${name}:${eol}${' '.repeat(column + step)}- `;
    const isRequired = required.has(name);
    items.push({
      label: name,
      kind: CompletionItemKind.Property,
      detail: isRequired ? `${detail} (required)` : detail,
      documentation: markdown(describe(own)),
      sortText: `${isRequired ? 0 : 2}-${String(order).padStart(3, '0')}`,
      filterText: name,
      ...edit(ctx, lead + text),
      ...(!place.colonFollows && suggestsValue(keyPath, own) ? { command: SUGGEST } : {}),
    });
  }
  return items;
}

/** Names usable as the default of a reference in a snippet, and in completions: never a secret. */
function visibleNames<T extends Server | Policy>(doc: PlanDocument, entities: readonly T[]): { entity: T; name: string }[] {
  const seen = new Set<string>();
  const out: { entity: T; name: string }[] = [];
  for (const entity of entities) {
    const name = entity.name;
    if (!name || !name.value || seen.has(name.value) || doc.touchesSecret(name.span) || /[\r\n]/.test(name.value)) continue;
    seen.add(name.value);
    out.push({ entity, name: name.value });
  }
  return out;
}

function snippetItems(ctx: Context, listPath: readonly PathSegment[], lead: string, column: number): CompletionItem[] {
  if (listPath.length !== 1 || ctx.place.flow) return [];
  const list = listPath[0];
  if (list !== 'servers' && list !== 'workloads' && list !== 'policies') return [];
  const plan: Plan = ctx.doc.plan;
  const names = { server: visibleNames(ctx.doc, plan.servers)[0]?.name, policy: visibleNames(ctx.doc, plan.policies)[0]?.name };
  return itemSnippets(list as ItemList, names, ctx.step).map((snippet, i) => snippetItem(ctx, snippet, lead + placeSnippet(snippet.lines, column, ctx.eol), `1-${i}`));
}

function snippetItem(ctx: Context, snippet: PlanSnippet, newText: string, sortText: string, start?: number): CompletionItem {
  return {
    label: snippet.label,
    kind: CompletionItemKind.Snippet,
    detail: snippet.detail,
    documentation: markdown(`${snippet.documentation}\n\n\`\`\`yaml\n${preview(snippet.lines)}\n\`\`\``),
    sortText,
    insertTextFormat: InsertTextFormat.Snippet,
    ...edit(ctx, newText, start),
  };
}

/** The body as it reads once inserted with its defaults. */
function preview(lines: readonly string[]): string {
  return lines
    .join('\n')
    .replace(/\$\{\d+:((?:[^}\\]|\\.)*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\([\\$}])/g, '$1')
    .trimEnd();
}

function planSnippetItem(ctx: Context, offset: number): CompletionItem {
  const snippet = planSnippet(ctx.step);
  const lineStart = ctx.doc.offsetAt({ line: ctx.doc.positionAt(offset).line, character: 0 });
  return snippetItem(ctx, snippet, placeSnippet(snippet.lines, 0, ctx.eol), '0-plan', lineStart);
}

function yamlScalar(value: unknown): string {
  const text = String(value);
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(text) ? text : JSON.stringify(text);
}

/** Values for the node at `path`: names where a reference is expected, enum values, booleans. */
function valueItems(ctx: Context, path: readonly PathSegment[], lead: string): CompletionItem[] {
  const { place } = ctx;
  const quote = place.quote ?? '';
  const text = (value: string) => (quote ? `${quote}${value}${quote}` : yamlScalar(value));
  const filter = (value: string) => `${quote}${value}`;
  const reference = isReference(path);
  if (reference === 'server') {
    return visibleNames(ctx.doc, ctx.doc.plan.servers).map(({ entity, name }, i) => ({
      label: name,
      kind: CompletionItemKind.Reference,
      detail: productLabel(entity),
      documentation: markdown(isProduct(entity.product?.value) ? `Server **${name}**: ${PRODUCT_NAMES[entity.product.value].long}.` : `Server **${name}**.`),
      sortText: String(i).padStart(4, '0'),
      filterText: filter(name),
      ...edit(ctx, lead + text(name)),
    }));
  }
  if (reference === 'policy') {
    return visibleNames(ctx.doc, ctx.doc.plan.policies).map(({ entity, name }, i) => ({
      label: name,
      kind: CompletionItemKind.Reference,
      detail: policySummary(entity),
      documentation: markdown(`Policy **${name}**: ${policySummary(entity)}.`),
      sortText: String(i).padStart(4, '0'),
      filterText: filter(name),
      ...edit(ctx, lead + text(name)),
    }));
  }
  if (isPassphrase(path) && !quote) {
    return [snippetItem(ctx, PASSPHRASE_SNIPPET, lead + PASSPHRASE_SNIPPET.lines.join(''), '0')];
  }

  const schemas = schemasAt(path, ctx.data);
  const about = describe(schemas);
  const defaults = schemas.filter((s) => s.default !== undefined).map((s) => s.default);
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const add = (value: unknown, description: string | undefined, kind: CompletionItemKind) => {
    const label = String(value);
    if (seen.has(label)) return;
    seen.add(label);
    const isDefault = defaults.some((d) => String(d) === label);
    items.push({
      label,
      kind,
      detail: [description, isDefault ? '(default)' : undefined].filter(Boolean).join(' ') || undefined,
      documentation: markdown([description && `\`${label}\`: ${description}`, about].filter(Boolean).join('\n\n')),
      sortText: String(items.length).padStart(4, '0'),
      filterText: filter(label),
      ...(isDefault ? { preselect: true } : {}),
      ...edit(ctx, lead + (typeof value === 'string' ? text(label) : label)),
    });
  };
  for (const { value, description } of enumValuesOf(schemas)) add(value, description, CompletionItemKind.EnumMember);
  if (!items.length && typesOf(schemas).has('boolean')) for (const value of [true, false]) add(value, undefined, CompletionItemKind.Value);
  return items;
}

/** One line on a policy's schedules: `disk: sync 1h, 2 recovery points a day, 14 days; vault: 1 a day, keep 30 d · 12 w`. */
function policySummary(policy: Policy): string {
  const parts: string[] = [];
  const disk = policy.disk;
  if (disk) {
    const bits = [
      disk.syncEvery && `sync ${disk.syncEvery.value}`,
      disk.recoveryPoints && `${disk.recoveryPoints.value.length} recovery point${disk.recoveryPoints.value.length === 1 ? '' : 's'} a day`,
      disk.retentionDays && `${disk.retentionDays.value} days`,
    ].filter(Boolean);
    parts.push(`disk: ${bits.join(', ') || 'no schedule'}`);
  }
  const online = policy.online;
  if (online) {
    const times = online.times?.value.map((t) => t.value);
    const keep = (['daily', 'weekly', 'monthly', 'yearly'] as const)
      .filter((tier) => online.retention?.[tier])
      .map((tier) => `${online.retention![tier]!.value} ${tier[0]}`);
    const bits = [times && `${times.length} a day${times.length ? ` (${times.join(', ')})` : ''}`, keep.length ? `keep ${keep.join(' · ')}` : undefined].filter(Boolean);
    parts.push(`vault: ${bits.join(', ') || 'no schedule'}`);
  }
  if (policy.tapeRetentionYears) parts.push(`tape: ${policy.tapeRetentionYears.value} years`);
  if (policy.azureVm) {
    const vm = policy.azureVm;
    parts.push(`Azure VM: ${[vm.policyType?.value ?? 'standard', vm.frequency?.value ?? 'daily'].join(', ')}`);
  }
  return parts.join('; ') || 'no schedule yet';
}

/**
 * The structure of a plan — its YAML tree, plain data, schema findings, typed model and secret
 * spans — built from the whole text, or after an edit by re-parsing only the list items the edit
 * touched. A plan is three lists of independent items (servers, workloads, policies): typing inside
 * one workload of 10,000 needs that workload parsed, checked against its schema and modelled again;
 * everything else keeps what it had, moved by the length the edit added or removed. The rules and
 * the estimator then run on the whole model as always (they are cheap next to parsing).
 *
 * Where the shortcut could differ from a fresh parse, it is not taken: the previous text had YAML
 * problems, anchors, aliases, merge keys, tags or directives; the edit reaches outside the items of
 * one list; or the re-parsed text is not the same number of block items at the same indentation,
 * free of problems. test/incremental.test.ts checks that results equal a fresh lint.
 */
import { isAlias, isMap, isNode, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node, YAMLMap, YAMLSeq } from 'yaml';
import { buildItem, buildPlan } from './model';
import type { ListName, Plan, Policy, Server, Workload } from './model';
import { parsePlanText } from './parse';
import type { ParsedText, RawFinding } from './parse';
import { checkListItems, checkSchema } from './schema';
import { findSecretSpans } from './secrets';
import { planEditedFrom } from './usage';
import type { Span } from './types';

export interface Structure {
  readonly text: string;
  readonly parsed: ParsedText;
  /** Schema problems; none while the YAML itself is broken (anything past it would be guesswork). */
  readonly schemaProblems: readonly RawFinding[];
  /** The typed plan; empty while the YAML has errors. */
  readonly plan: Plan;
  readonly secretSpans: readonly Span[];
  /** How it was made: the whole text parsed, or only the items an edit touched. */
  readonly reparsed: 'full' | 'items';
  /** Whether the whole text was parsed list slice by list slice (see slicedParse) rather than at once. */
  readonly sliced: boolean;
  /** Whether an edit may build on this structure: one clean document of plain block YAML. */
  readonly reusable: boolean;
}

const EMPTY_PLAN: Plan = { span: { start: 0, end: 0 }, servers: [], workloads: [], policies: [] };
const LISTS: readonly ListName[] = ['servers', 'workloads', 'policies'];

/** Structures an edit has built on: their YAML tree now belongs to the newer text, so they cannot be built on twice. */
const consumed = new WeakSet<Structure>();

/** Below this length one parse of the whole text is cheap; above it, the lists are parsed in slices. */
export const SLICED_PARSE_MIN_LENGTH = 64 * 1024;
/** List items per slice: large enough that the slices' own overhead does not show, small enough to keep the peak low. */
export const ITEMS_PER_SLICE = 256;

export interface FullStructureOptions {
  /** Parse the lists in slices of this many items whatever the text's length (tests); 0 never slices. */
  readonly itemsPerSlice?: number;
}

/** The structure of a whole text. Never throws on any text (parsePlanText and the builders do not). */
export function fullStructure(text: string, options: FullStructureOptions = {}): Structure {
  const perSlice = options.itemsPerSlice ?? (text.length >= SLICED_PARSE_MIN_LENGTH ? ITEMS_PER_SLICE : 0);
  const slices = perSlice > 0 ? slicedParse(text, perSlice) : undefined;
  const parsed = slices ?? parsePlanText(text);
  const yamlErrors = parsed.findings.length > 0;
  const schemaProblems: RawFinding[] =
    !yamlErrors && parsed.doc
      ? checkSchema(parsed.doc, parsed.data, text.length)
      : !yamlErrors
        ? [{ ruleId: 'schema', message: 'the file holds no plan: a plan starts with "bplan: 1"', span: { start: 0, end: Math.min(text.length, 1) }, path: '' }]
        : [];
  let plan = EMPTY_PLAN;
  if (!yamlErrors && parsed.doc) {
    try {
      plan = buildPlan(parsed.doc, text.length);
    } catch {
      plan = EMPTY_PLAN;
    }
  }
  const reusable = !yamlErrors && parsed.doc !== undefined && parsed.data !== undefined && plainBlockDocument(parsed.doc, text);
  return { text, parsed, schemaProblems, plan, secretSpans: findSecretSpans(text, parsed.doc), reparsed: 'full', sliced: slices !== undefined, reusable };
}

/**
 * The structure of `text`, an edit of `base.text`, re-parsing only the items the edit touched; or
 * undefined where that shortcut does not apply (the caller then parses the whole text).
 */
export function editedStructure(base: Structure, text: string): Structure | undefined {
  if (!base.reusable || consumed.has(base) || !base.parsed.doc) return undefined;
  const old = base.text;
  if (old === text) {
    // Nothing to parse again; the tree passes to the new structure all the same.
    consumed.add(base);
    return { ...base, reparsed: 'items' };
  }
  const change = changedRange(old, text);
  // From the start of the line: a line typed under the last line of an item reads, character by
  // character, as if typed at the start of the next item's `- ` line, which would take both items.
  const found = touchedItems(base.parsed.doc, old, lineStart(old, change.start), change.oldEnd);
  if (!found) return undefined;
  const { list, seq, first, last, regionStart, regionEnd } = found;
  const delta = text.length - old.length;
  const newRegionEnd = regionEnd + delta;
  // The items after the region must still start on a line of their own.
  if (newRegionEnd < text.length && text.charCodeAt(newRegionEnd - 1) !== 10) return undefined;
  const itemColumn = dashColumn(old, seq.items[first]);
  if (itemColumn === undefined || deepCommentBefore(text, newRegionEnd, itemColumn)) return undefined;

  const slice = text.slice(regionStart, newRegionEnd);
  const parsedSlice = parsePlanText(slice);
  const sliceDoc = parsedSlice.doc;
  if (parsedSlice.findings.length || !sliceDoc || !isSeq(sliceDoc.contents) || !Array.isArray(parsedSlice.data)) return undefined;
  const newItems = sliceDoc.contents.items;
  if (newItems.length !== last - first + 1 || !plainBlockDocument(sliceDoc, slice)) return undefined;
  const column = dashColumn(old, seq.items[first]);
  if (column === undefined || newItems.some((item) => dashColumn(slice, item) !== column)) return undefined;
  // The item after the region must start where the region ends: its `- ` on a line of its own.
  if (last + 1 < seq.items.length && dashColumn(old, seq.items[last + 1]) !== column) return undefined;

  // The only nodes outside the items with positions inside the region are the document, its root
  // mapping and the list, whose ends (and the list's start) are where the re-parsed list has them.
  const doc = base.parsed.doc;
  const root = doc.contents as YAMLMap;
  const oldSeq = seq.range;
  const sliceSeq = sliceDoc.contents.range;
  if (!oldSeq || !sliceSeq || !root.range || !doc.range) return undefined;
  const lastOfList = last === seq.items.length - 1;
  const moved = (x: number): number =>
    x < regionStart
      ? x
      : x >= regionEnd
        ? x + delta
        : x === oldSeq[0] && first === 0
          ? sliceSeq[0] + regionStart
          : x === oldSeq[1] && lastOfList
            ? sliceSeq[1] + regionStart
            : x === oldSeq[2] && lastOfList
              ? sliceSeq[2] + regionStart
              : Number.NaN;
  const ancestors = [doc, root, seq].map((node) => [node.range![0], node.range![1], node.range![2]].map(moved) as [number, number, number]);
  if (ancestors.some((range) => range.some(Number.isNaN))) return undefined;

  // Read from the slice before its positions move to the whole text's.
  const sliceSecrets = findSecretSpans(slice, sliceDoc);

  // From here on the base's tree is updated in place: it belongs to the new text.
  consumed.add(base);
  seq.items.splice(first, newItems.length);
  shiftTree(doc, regionEnd, delta);
  for (const item of newItems) moveTree(item, regionStart);
  seq.items.splice(first, 0, ...newItems);
  [doc.range, root.range, seq.range] = ancestors;

  const oldData = base.parsed.data as Record<string, unknown>;
  const listData = [...(oldData[list] as unknown[])];
  listData.splice(first, newItems.length, ...(parsedSlice.data as unknown[]));
  const data = { ...oldData, [list]: listData };
  const parsed: ParsedText = { text, doc, data, findings: [] };

  const outside = (span: Span) => span.start < regionStart || span.start >= regionEnd;
  const indices = newItems.map((_, i) => first + i);
  const schemaProblems = [
    ...base.schemaProblems.filter((f) => outside(f.span)).map((f) => shifted(f, regionEnd, delta)),
    ...checkListItems(doc, data, text.length, list, indices),
  ];

  const secretSpans = [
    ...base.secretSpans.filter((s) => s.end <= regionStart),
    ...sliceSecrets.map((s) => ({ start: s.start + regionStart, end: s.end + regionStart })),
    ...base.secretSpans.filter((s) => s.start >= regionEnd).map((s) => shiftSpan(s, regionEnd, delta)),
  ];

  return { text, parsed, schemaProblems, plan: editedPlan(base.plan, doc, text.length, list, first, last, regionEnd, delta), secretSpans, reparsed: 'items', sliced: false, reusable: true };
}

/** One top-level list written in block style: its key, the column of its items' `- `, where each item's line starts, and where the list's lines end. */
interface ListRegion {
  readonly key: ListName;
  readonly column: number;
  readonly starts: readonly number[];
  readonly end: number;
}

const LIST_KEY_LINE = /^(servers|workloads|policies)[ \t]*:[ \t]*(?:#.*)?\r?$/;
const BLANK_OR_COMMENT = /^[ \t]*(?:#.*)?\r?$/;

/**
 * The block lists of a plan found line by line, without parsing: a `servers:`, `workloads:` or
 * `policies:` line at column 0, then lines of `- ` items at one column. Only a guess at where to
 * cut: slicedParse checks every part against what yaml makes of it.
 */
function listRegions(text: string): ListRegion[] {
  const regions: ListRegion[] = [];
  let current: { key: ListName; column: number; starts: number[] } | undefined;
  let pendingKey: ListName | undefined;
  for (let at = 0; at < text.length; ) {
    const next = text.indexOf('\n', at);
    const end = next < 0 ? text.length : next + 1;
    const line = text.slice(at, next < 0 ? text.length : next);
    if (current) {
      const indent = line.length - line.trimStart().length;
      const isItem = indent === current.column && line.startsWith('- ', indent);
      if (isItem) current.starts.push(at);
      else if (!BLANK_OR_COMMENT.test(line) && (indent <= current.column || line.charCodeAt(0) === 9)) {
        regions.push({ ...current, end: at });
        current = undefined;
      }
    }
    if (!current) {
      if (pendingKey !== undefined && !BLANK_OR_COMMENT.test(line)) {
        const indent = line.length - line.trimStart().length;
        if (line.startsWith('- ', indent) && line.charCodeAt(0) !== 9) current = { key: pendingKey, column: indent, starts: [at] };
        pendingKey = undefined;
      } else if (pendingKey === undefined) {
        const key = LIST_KEY_LINE.exec(line)?.[1] as ListName | undefined;
        if (key) pendingKey = key;
      }
    }
    at = end;
  }
  if (current) regions.push({ ...current, end: text.length });
  return regions;
}

/**
 * The whole text parsed list slice by list slice: the text with each long list replaced by one
 * placeholder item, then each list's items a few hundred at a time, spliced into one tree with
 * their positions moved to the whole text's. A 10,000-workload plan then never holds the syntax
 * tokens of the whole text at once (the parse's peak memory fell from ~140 to ~80 MB above the
 * tree it leaves), and is parsed faster (less for the garbage collector to move).
 *
 * The result is what parsePlanText(text) gives, or undefined where that is not certain and the
 * caller parses the whole text: any YAML problem anywhere, anchors, aliases, tags, directives, or
 * a part that is not the number of block items at the column the line scan expected.
 * test/sliced-parse.test.ts compares both on every fixture, sample and many generated plans.
 */
function slicedParse(text: string, perSlice: number): ParsedText | undefined {
  try {
    const regions = listRegions(text).filter((r) => r.starts.length > 1);
    if (!regions.length || regions.reduce((n, r) => n + r.starts.length, 0) < 2 * perSlice) return undefined;

    // The skeleton: the text with each list's items replaced by one `- 0` item, on their first line.
    const pieces: string[] = [];
    const placeholders: { region: ListRegion; at: number; end: number }[] = [];
    let from = 0;
    let length = 0;
    for (const region of regions) {
      const before = text.slice(from, region.starts[0]);
      const lineEnd = text.charCodeAt(region.end - 1) === 10 ? (text.charCodeAt(region.end - 2) === 13 ? '\r\n' : '\n') : '';
      const placeholder = `${' '.repeat(region.column)}- 0${lineEnd}`;
      pieces.push(before, placeholder);
      length += before.length;
      placeholders.push({ region, at: length, end: length + placeholder.length });
      length += placeholder.length;
      from = region.end;
    }
    pieces.push(text.slice(from));
    const skeleton = pieces.join('');
    const base = parsePlanText(skeleton);
    const doc = base.doc;
    const root = doc?.contents;
    if (base.findings.length || !doc || !isMap(root) || !plainBlockDocument(doc, skeleton) || !base.data || typeof base.data !== 'object') return undefined;

    // A skeleton offset in the whole text: after a placeholder, moved by what it stood for.
    const toText = (x: number): number => {
      let shift = 0;
      for (const p of placeholders) {
        if (x < p.end) return x + shift;
        shift += p.region.end - p.region.starts[0]! - (p.end - p.at);
      }
      return x + shift;
    };

    // Each list, parsed in slices.
    const lists: { seq: YAMLSeq; skeletonRange: readonly number[]; range: [number, number, number]; items: unknown[]; data: unknown[]; key: ListName }[] = [];
    for (const { region, at } of placeholders) {
      const pair = root.items.find((p) => isScalar(p.key) && p.key.value === region.key && isSeq(p.value));
      const seq = pair?.value as YAMLSeq | undefined;
      const only = seq?.items[0];
      if (!seq?.range || seq.items.length !== 1 || !isScalar(only) || !only.range || only.range[0] !== at + region.column + 2) return undefined;
      const items: unknown[] = [];
      const data: unknown[] = [];
      let range: [number, number, number] | undefined;
      if (deepCommentBefore(text, region.end, region.column)) return undefined;
      for (let i = 0, next = 0; i < region.starts.length; i = next) {
        next = Math.min(i + perSlice, region.starts.length);
        while (next < region.starts.length && deepCommentBefore(text, region.starts[next]!, region.column)) next++;
        const start = region.starts[i]!;
        const count = next - i;
        const end = next < region.starts.length ? region.starts[next]! : region.end;
        const slice = text.slice(start, end);
        const part = parsePlanText(slice);
        const partDoc = part.doc;
        if (part.findings.length || !partDoc || !isSeq(partDoc.contents) || !partDoc.contents.range || !Array.isArray(part.data)) return undefined;
        const partItems = partDoc.contents.items;
        if (partItems.length !== count || part.data.length !== count || !plainBlockDocument(partDoc, slice)) return undefined;
        if (partItems.some((item) => dashColumn(slice, item) !== region.column)) return undefined;
        const partRange = partDoc.contents.range;
        if (i === 0) range = [partRange[0] + start, 0, 0];
        range![1] = partRange[1] + start;
        range![2] = partRange[2] + start;
        for (const item of partItems) {
          moveTree(item, start);
          items.push(item);
        }
        for (const value of part.data) data.push(value);
      }
      lists.push({ seq, skeletonRange: [...seq.range], range: range!, items, data, key: region.key });
    }

    // The document, its root mapping and the lists are the only nodes whose positions the lists
    // decide: their starts and ends fall where the lists' do. Any other position of theirs inside a
    // placeholder is a layout this does not know: parse the whole text instead.
    const ancestor = (x: number): number => {
      for (const list of lists) {
        const k = list.skeletonRange.indexOf(x);
        if (k >= 0) return list.range[k]!;
      }
      if (placeholders.some((p) => x > p.at && x < p.end)) return Number.NaN;
      return toText(x);
    };
    const docRange = doc.range.map(ancestor);
    const rootRange = root.range?.map(ancestor);
    if (!rootRange || [...docRange, ...rootRange].some(Number.isNaN)) return undefined;

    // Every other node of the skeleton (the vault, the top-level keys, values after a list) moves
    // by what the placeholders before it stood for.
    const stack: unknown[] = [];
    for (const pair of root.items) stack.push(pair.key, lists.some((l) => l.seq === pair.value) ? undefined : pair.value);
    while (stack.length) {
      const node = stack.pop();
      if (!isNode(node)) continue;
      const range = node.range as [number, number, number] | null | undefined;
      if (range) for (let k = 0; k < 3; k++) range[k] = toText(range[k]!);
      pushChildren(node, stack);
    }
    const data = base.data as Record<string, unknown>;
    for (const list of lists) {
      list.seq.items = list.items;
      list.seq.range = list.range;
      data[list.key] = list.data;
    }
    doc.range = docRange as typeof doc.range;
    root.range = rootRange as typeof root.range;
    return { text, doc, data, findings: [] };
  } catch {
    return undefined;
  }
}

/** The first and last offsets where two texts differ: the old text's [start, oldEnd) became the new text's [start, newEnd). */
function changedRange(old: string, text: string): { start: number; oldEnd: number } {
  const min = Math.min(old.length, text.length);
  // Whole blocks first (a string comparison is a memory comparison), then character by character.
  const BLOCK = 1024;
  let start = 0;
  while (start + BLOCK <= min && old.slice(start, start + BLOCK) === text.slice(start, start + BLOCK)) start += BLOCK;
  while (start < min && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let same = 0;
  const room = min - start;
  while (same + BLOCK <= room && old.slice(old.length - same - BLOCK, old.length - same) === text.slice(text.length - same - BLOCK, text.length - same)) same += BLOCK;
  while (same < room && old.charCodeAt(old.length - 1 - same) === text.charCodeAt(text.length - 1 - same)) same++;
  return { start, oldEnd: old.length - same };
}

/**
 * Whether the comment and blank lines just before `cut` (a line start) hold a comment indented
 * deeper than the items' `- `: yaml counts it in the item above and ends that item at the next
 * item's `- ` rather than at the line start, so a slice must not end there.
 */
function deepCommentBefore(text: string, cut: number, column: number): boolean {
  let end = cut;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 2) + 1;
    const line = text.slice(start, end).replace(/\r?\n$/, '');
    const content = line.trimStart();
    if (content.startsWith('#')) {
      if (line.length - content.length > column) return true;
    } else if (content !== '') {
      return false;
    }
    end = start;
  }
  return false;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The column of the `- ` that opens a block sequence item written `- key: …` on its own line; undefined for other layouts. */
function dashColumn(text: string, item: unknown): number | undefined {
  if (!isNode(item) || !item.range) return undefined;
  const start = lineStart(text, item.range[0]);
  const lead = /^( *)- +$/.exec(text.slice(start, item.range[0]));
  return lead ? lead[1]!.length : undefined;
}

interface Touched {
  readonly list: ListName;
  readonly seq: YAMLSeq;
  readonly first: number;
  readonly last: number;
  /** Where the first item's line starts, and where the line after the last item's text starts (old text). */
  readonly regionStart: number;
  readonly regionEnd: number;
}

/**
 * The items of one top-level list whose lines hold all of the old text's [start, end): from the
 * line of the first one's `- ` to the line where the next item (or the next top-level key) starts.
 */
function touchedItems(doc: Document.Parsed, old: string, start: number, end: number): Touched | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  for (let p = 0; p < root.items.length; p++) {
    const pair = root.items[p]!;
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    if (typeof key !== 'string' || !(LISTS as readonly string[]).includes(key) || !isSeq(pair.value) || !pair.value.items.length) continue;
    const seq = pair.value as YAMLSeq;
    const items = seq.items;
    const startOf = (i: number) => {
      const node = items[i];
      return isNode(node) && node.range ? lineStart(old, node.range[0]) : -1;
    };
    const next = root.items[p + 1]?.key;
    const listEnd = isNode(next) && next.range ? lineStart(old, next.range[0]) : old.length;
    if (start < startOf(0) || start >= listEnd) continue;
    // The last item whose line starts before the change, then the last one starting before its end.
    const before = (offset: number) => {
      let lo = 0;
      let hi = items.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (startOf(mid) < offset) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const first = before(start);
    let last = Math.max(first, before(end));
    // An item cannot end the region where a deeper comment closes it (see deepCommentBefore): take the next one too.
    const column = dashColumn(old, items[first]);
    if (column === undefined) return undefined;
    while (last + 1 < items.length && deepCommentBefore(old, startOf(last + 1), column)) last++;
    const regionEnd = last + 1 < items.length ? startOf(last + 1) : listEnd;
    if (deepCommentBefore(old, regionEnd, column)) return undefined;
    if (startOf(first) < 0 || regionEnd < 0 || end > regionEnd || start >= regionEnd) return undefined;
    return { list: key as ListName, seq, first, last, regionStart: startOf(first), regionEnd };
  }
  return undefined;
}

/**
 * Whether a document is plain block YAML an item-wise re-parse reads the same: a mapping (or, for a
 * re-parsed region, a sequence) with no anchors, aliases, merge keys or tags, and no directives.
 */
function plainBlockDocument(doc: Document.Parsed, text: string): boolean {
  const contents = doc.contents;
  if (!isNode(contents) || !contents.range || /^%/m.test(text.slice(0, contents.range[0]))) return false;
  const stack: unknown[] = [contents];
  while (stack.length) {
    const node = stack.pop();
    if (node === null || node === undefined) continue;
    if (isAlias(node)) return false;
    if (isNode(node) && (node.anchor || node.tag)) return false;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isScalar(pair.key) && (pair.key.source === '<<' || typeof pair.key.value === 'symbol')) return false;
        stack.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      stack.push(...node.items);
    }
  }
  return true;
}

/** Moves every position at or after `at` by `delta`, in place; subtrees that end before `at` are left alone. */
function shiftTree(doc: Document.Parsed, at: number, delta: number): void {
  if (delta === 0) return;
  if (doc.range) doc.range = doc.range.map((x) => (x >= at ? x + delta : x)) as typeof doc.range;
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (!isNode(node)) continue;
    const range = node.range as [number, number, number] | null | undefined;
    if (range) {
      if (range[2] < at) continue;
      // In place: each node has its own range array, and the tree now belongs to the new text.
      if (range[0] >= at) range[0] += delta;
      if (range[1] >= at) range[1] += delta;
      range[2] += delta;
    }
    pushChildren(node, stack);
  }
}

/** Moves every position of a subtree by `delta`, in place (a re-parsed item, from its slice to the whole text). */
function moveTree(root: unknown, delta: number): void {
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (!isNode(node)) continue;
    const range = node.range as [number, number, number] | null | undefined;
    if (range) {
      range[0] += delta;
      range[1] += delta;
      range[2] += delta;
    }
    pushChildren(node, stack);
  }
}

function pushChildren(node: Node, stack: unknown[]): void {
  if (isMap(node)) {
    for (const pair of (node as YAMLMap).items) if (isPair(pair)) stack.push(pair.key, pair.value);
  } else if (isSeq(node)) {
    stack.push(...node.items);
  }
}

function shiftSpan(span: Span, at: number, delta: number): Span {
  return span.start >= at || span.end >= at ? { start: span.start >= at ? span.start + delta : span.start, end: span.end >= at ? span.end + delta : span.end } : span;
}

/**
 * A copy of a model item or finding with every span at or after `at` moved by `delta` (a span is
 * an object of exactly `start` and `end`); parts that do not move are shared, not copied.
 */
function shifted<T>(value: T, at: number, delta: number): T {
  if (delta === 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const moved = shifted(value[i], at, delta);
      if (moved !== value[i]) (copy ??= [...value])[i] = moved;
    }
    return (copy ?? value) as T;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.start === 'number' && typeof record.end === 'number' && Object.keys(record).length === 2) return shiftSpan(record as unknown as Span, at, delta) as T;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const moved = shifted(record[key], at, delta);
    if (moved !== record[key]) (copy ??= { ...record })[key] = moved;
  }
  return (copy ?? value) as T;
}

/**
 * Moves, in place, every span of a model item that lies at or after `at` by `delta`. Items after an
 * edit hold tens of thousands of spans: copying them all on each keystroke cost more than the rules.
 * In place is safe because the builder gives every span its own object, and the plan they belong to
 * passes, like the YAML tree, to the new text.
 */
function shiftInPlace(value: unknown, at: number, delta: number): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) shiftInPlace(item, at, delta);
    return;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.start === 'number' && typeof record.end === 'number') {
    if (record.start >= at) record.start += delta;
    if (record.end >= at) record.end += delta;
    return;
  }
  for (const key in record) shiftInPlace(record[key], at, delta);
}

/** The plan after an edit: the touched items of `list` built again, the rest moved. */
function editedPlan(plan: Plan, doc: Document.Parsed, textLength: number, list: ListName, first: number, last: number, at: number, delta: number): Plan {
  const seq = (doc.contents as YAMLMap).items.find((pair) => isScalar(pair.key) && pair.key.value === list)?.value as YAMLSeq;
  const rebuilt: (Server | Workload | Policy)[] = [];
  for (let index = first; index <= last; index++) {
    const item = buildItem(doc, textLength, list, seq.items[index], index);
    if (item) rebuilt.push(item);
  }
  const edited = (plan[list] as readonly (Server | Workload | Policy)[]).filter((item) => item.index < first);
  edited.push(...rebuilt);
  for (const item of plan[list] as readonly (Server | Workload | Policy)[]) {
    if (item.index <= last) continue;
    if (delta !== 0) shiftInPlace(item, at, delta);
    edited.push(item);
  }
  const others = (name: ListName): readonly (Server | Workload | Policy)[] => {
    if (name === list) return edited;
    // Items wholly before the edit do not move.
    if (delta !== 0) for (const item of plan[name]) if (item.span.end >= at) shiftInPlace(item, at, delta);
    return plan[name];
  };
  const next: Plan = {
    ...plan,
    span: shiftSpan(plan.span, at, delta),
    name: shifted(plan.name, at, delta),
    vault: shifted(plan.vault, at, delta),
    servers: others('servers') as Server[],
    workloads: others('workloads') as Workload[],
    policies: others('policies') as Policy[],
  };
  // The rules' index of references is then updated from the old plan's, not built again (usage.ts).
  planEditedFrom(next, plan);
  return next;
}

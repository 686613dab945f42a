/** Outline (document symbols), folding ranges and selection ranges. */
import { isAlias, isMap, isPair, isScalar, isSeq, Scalar, visit } from 'yaml';
import type { Node, Pair } from 'yaml';
import { DocumentSymbol, FoldingRange, FoldingRangeKind, SelectionRange, SymbolKind } from 'vscode-languageserver-types';
import { findPair } from '../core/parse';
import type { Policy, Server, Workload } from '../core/model';
import { isProduct, PRODUCT_NAMES, versionLabel } from '../core/products';
import type { Located, Span } from '../core/types';
import type { PlanDocument } from './document';

/** A span without the line breaks and spaces yaml counts into a block node's range. */
function trimmed(text: string, start: number, end: number): Span {
  let e = Math.min(end, text.length);
  while (e > start && /\s/.test(text[e - 1]!)) e--;
  return { start, end: e };
}

function nodeSpan(text: string, node: unknown): Span | undefined {
  const r = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return r ? trimmed(text, r[0], r[1]) : undefined;
}

/** `key: value`, from the key to the end of the value. */
function pairSpan(text: string, pair: Pair): Span | undefined {
  const key = nodeSpan(text, pair.key);
  if (!key) return undefined;
  const value = nodeSpan(text, pair.value);
  return { start: key.start, end: Math.max(key.end, value?.end ?? key.end) };
}

/** A quoted scalar's text without its quotes: what a name selects. */
function unquoted(text: string, span: Span | undefined): Span | undefined {
  if (!span || span.end - span.start < 2 || !`"'`.includes(text[span.start]!)) return span;
  return { start: span.start + 1, end: span.end - 1 };
}

function contains(outer: Span, inner: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

// ---------------------------------------------------------------------------------------------
// Outline

const numberFormat = new Intl.NumberFormat('en-US');

/** An outline entry before it becomes a DocumentSymbol; spans, so containment is checked on offsets. */
interface Entry {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly span: Span;
  readonly selection?: Span;
  readonly detail?: string;
  readonly children?: readonly Entry[];
}

function toSymbol(doc: PlanDocument, entry: Entry): DocumentSymbol {
  const { span, selection } = entry;
  // Editors reject a symbol whose selection range lies outside its range: fall back to its start.
  const sel = selection && contains(span, selection) ? selection : { start: span.start, end: span.start };
  const children = entry.children?.filter((c) => contains(span, c.span)).map((c) => toSymbol(doc, c));
  return DocumentSymbol.create(entry.name, entry.detail || undefined, entry.kind, doc.range(span), doc.range(sel), children?.length ? children : undefined);
}

/** "1 server", "3 policies". */
function count(n: number, singular: string, plural: string): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** A model value as text, unless it overlaps a secret (a passphrase written in the plan). */
function safe(doc: PlanDocument, value: Located<unknown> | undefined): string | undefined {
  if (!value || doc.touchesSecret(value.span)) return undefined;
  const text = String(value.value);
  return text.trim() ? text : undefined;
}

/** "Azure Backup Server v3", "System Center Data Protection Manager 2012 R2", "Azure IaaS VM backup". */
function serverDetail(doc: PlanDocument, server: Server): string | undefined {
  const product = safe(doc, server.product);
  if (!product) return undefined;
  if (!isProduct(product)) return product;
  const version = product === 'azure-vm-backup' ? undefined : safe(doc, server.version);
  return version ? `${PRODUCT_NAMES[product].long} ${versionLabel(version)}` : PRODUCT_NAMES[product].long;
}

/** "sql-server · lyo-sql01 · 500 GB". */
function workloadDetail(doc: PlanDocument, workload: Workload): string {
  const size = workload.sizeGB ? `${numberFormat.format(workload.sizeGB.value)} GB` : undefined;
  return [safe(doc, workload.type), safe(doc, workload.host), size].filter(Boolean).join(' · ');
}

/** "sync 15m · 1 disk point/day · 2 online/day": the schedules at a glance. */
function policyDetail(doc: PlanDocument, policy: Policy): string {
  const parts: string[] = [];
  const sync = safe(doc, policy.disk?.syncEvery);
  if (sync) parts.push(`sync ${sync}`);
  const diskPoints = policy.disk?.recoveryPoints?.value.length;
  if (diskPoints !== undefined) parts.push(`${count(diskPoints, 'disk point', 'disk points')}/day`);
  const online = policy.online?.times?.value.length;
  if (online !== undefined) parts.push(`${online} online/day`);
  if (policy.tapeRetentionYears) parts.push(`tape ${policy.tapeRetentionYears.value}y`);
  const vm = policy.azureVm;
  if (vm) {
    parts.push(`Azure VM ${safe(doc, vm.policyType) ?? 'standard'}`);
    const frequency = safe(doc, vm.frequency) ?? 'daily';
    parts.push(frequency === 'hourly' && vm.everyHours ? `every ${vm.everyHours.value}h` : frequency);
  }
  return parts.join(' · ');
}

function entityName(doc: PlanDocument, list: string, index: number, name: Located<string> | undefined): string {
  return safe(doc, name) ?? `${list}[${index}]`;
}

/**
 * The plan as one root symbol (named after the plan) holding `vault`, `servers`, `workloads` and
 * `policies`, each list holding its items (servers as classes with their pool disks as fields,
 * workloads as objects, policies as structs). Built from `doc.plan`, which exists while the YAML is
 * mid-edit, so the outline keeps what precedes a syntax error.
 */
export function documentSymbols(doc: PlanDocument): DocumentSymbol[] {
  try {
    const root = doc.yaml?.contents;
    if (!isMap(root)) return [];
    const text = doc.text;
    const plan = doc.plan;
    const itemSpan = (span: Span) => trimmed(text, span.start, span.end);
    const children: Entry[] = [];
    const section = (key: string, kind: SymbolKind, detail: string | undefined, items?: Entry[]) => {
      const pair = findPair(root, key);
      const span = pair && pairSpan(text, pair);
      if (span) children.push({ name: key, kind, span, selection: nodeSpan(text, pair.key), detail, children: items });
    };

    section('vault', SymbolKind.Module, safe(doc, plan.vault?.name));
    section(
      'servers',
      SymbolKind.Array,
      count(plan.servers.length, 'server', 'servers'),
      plan.servers.map((server) => ({
        name: entityName(doc, 'servers', server.index, server.name),
        kind: SymbolKind.Class,
        span: itemSpan(server.span),
        selection: unquoted(text, server.name?.span),
        detail: serverDetail(doc, server),
        children: server.poolDisks.map((disk) => ({
          name: entityName(doc, 'disks', disk.index, disk.name),
          kind: SymbolKind.Field,
          span: itemSpan(disk.span),
          selection: unquoted(text, disk.name?.span),
          detail: [disk.sizeGB ? `${numberFormat.format(disk.sizeGB.value)} GB` : undefined, safe(doc, disk.type)].filter(Boolean).join(' · '),
        })),
      })),
    );
    section(
      'workloads',
      SymbolKind.Array,
      count(plan.workloads.length, 'workload', 'workloads'),
      plan.workloads.map((w) => ({
        name: entityName(doc, 'workloads', w.index, w.name),
        kind: SymbolKind.Object,
        span: itemSpan(w.span),
        selection: unquoted(text, w.name?.span),
        detail: workloadDetail(doc, w),
      })),
    );
    section(
      'policies',
      SymbolKind.Array,
      count(plan.policies.length, 'policy', 'policies'),
      plan.policies.map((p) => ({
        name: entityName(doc, 'policies', p.index, p.name),
        kind: SymbolKind.Struct,
        span: itemSpan(p.span),
        selection: unquoted(text, p.name?.span),
        detail: policyDetail(doc, p),
      })),
    );

    const span = nodeSpan(text, root) ?? { start: 0, end: text.length };
    return [toSymbol(doc, { name: safe(doc, plan.name) ?? 'plan', kind: SymbolKind.File, span, selection: unquoted(text, plan.name?.span), detail: 'backup plan', children })];
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Folding

/** Spans of scalars that run over several lines, where a `#` at the start of a line is text. */
function multiLineScalars(doc: PlanDocument): Span[] {
  const spans: Span[] = [];
  if (!doc.yaml) return spans;
  visit(doc.yaml, {
    Scalar(_key, node) {
      if (node.range && doc.text.slice(node.range[0], node.range[1]).includes('\n')) spans.push({ start: node.range[0], end: node.range[1] });
    },
  });
  return spans;
}

/**
 * Every mapping and sequence over several lines (from its key's line when it is a value, to its
 * last line with content), and every block of two or more full-line comments. The root mapping
 * is left out: folding the whole file is no use, and it would hide a leading comment block's fold.
 */
export function foldingRanges(doc: PlanDocument): FoldingRange[] {
  try {
    const text = doc.text;
    const line = (offset: number) => doc.positionAt(offset).line;
    const ranges: FoldingRange[] = [];
    const yaml = doc.yaml;
    if (yaml) {
      const collection = (node: Node, path: readonly unknown[]) => {
        if (node === yaml.contents || !node.range) return;
        const parent = path[path.length - 1];
        const start = isPair(parent) && parent.value === node ? (nodeSpan(text, parent.key)?.start ?? node.range[0]) : node.range[0];
        const end = trimmed(text, node.range[0], node.range[1]).end;
        const startLine = line(start);
        const endLine = line(Math.max(start, end - 1));
        if (endLine > startLine) ranges.push(FoldingRange.create(startLine, endLine));
      };
      visit(yaml, { Map: (_k, node, path) => collection(node, path), Seq: (_k, node, path) => collection(node, path) });
    }

    const scalars = multiLineScalars(doc);
    let blockStart = -1;
    let previous = -1;
    const flush = () => {
      if (blockStart >= 0 && previous > blockStart) ranges.push(FoldingRange.create(blockStart, previous, undefined, undefined, FoldingRangeKind.Comment));
      blockStart = -1;
    };
    for (const match of text.matchAll(/^[ \t]*#/gm)) {
      const hash = match.index + match[0].length - 1;
      if (scalars.some((s) => hash > s.start && hash < s.end)) continue;
      const lineNo = line(hash);
      if (lineNo !== previous + 1) flush();
      if (blockStart < 0) blockStart = lineNo;
      previous = lineNo;
    }
    flush();

    // One range per start line (editors keep one): the widest.
    ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
    return ranges.filter((r, i) => i === 0 || ranges[i - 1]!.startLine !== r.startLine);
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Selection ranges

/**
 * The spans around an offset, outermost first: the document, then each collection, `key: value`
 * pair and item down to the scalar (and, for a quoted scalar, the text inside its quotes).
 */
function spansAround(doc: PlanDocument, offset: number): Span[] {
  const text = doc.text;
  const spans: Span[] = [{ start: 0, end: text.length }];
  const push = (span: Span | undefined): boolean => {
    const last = spans[spans.length - 1]!;
    if (!span || offset < span.start || offset > span.end || !contains(last, span)) return false;
    if (span.start !== last.start || span.end !== last.end) spans.push(span);
    return true;
  };
  let node: unknown = doc.yaml?.contents;
  for (let depth = 0; depth < 64 && node; depth++) {
    if (!push(nodeSpan(text, node))) break;
    if (isScalar(node)) {
      const span = nodeSpan(text, node)!;
      if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) push({ start: span.start + 1, end: span.end - 1 });
      break;
    }
    if (isAlias(node) || !(isMap(node) || isSeq(node))) break;
    let next: unknown;
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        const span = pairSpan(text, item);
        if (!span || offset < span.start || offset > span.end) continue;
        push(span);
        const key = nodeSpan(text, item.key);
        // On the key itself the key is innermost; anywhere after it, the value.
        next = key && offset <= key.end ? item.key : item.value;
        break;
      }
      const span = nodeSpan(text, item);
      if (span && offset >= span.start && offset <= span.end) {
        next = item;
        break;
      }
    }
    node = next;
  }
  return spans;
}

export function selectionRanges(doc: PlanDocument, offsets: readonly number[]): SelectionRange[] {
  return offsets.map((offset) => {
    let spans: Span[];
    try {
      spans = spansAround(doc, offset);
    } catch {
      spans = [{ start: 0, end: doc.text.length }];
    }
    let range: SelectionRange | undefined;
    for (const span of spans) range = SelectionRange.create(doc.range(span), range);
    return range!;
  });
}

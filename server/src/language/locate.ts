/**
 * Where an offset falls in the plan: the JSON path of the key or value under it, and the entity
 * (server, workload, policy) around it. Shared by hover, completion, rename and code actions.
 */
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import { deref } from '../core/parse';
import type { Entity, Plan, Policy, Server, Workload } from '../core/model';
import type { Span } from '../core/types';

export type PathSegment = string | number;

export interface Location {
  /** Path of the node under the offset: `['servers', 0, 'storagePool', 'disks', 1, 'sizeGB']`. */
  readonly path: readonly PathSegment[];
  /** `key` when the offset is on a map key, `value` on a scalar value, `none` elsewhere (inside a map, on blank space). */
  readonly kind: 'key' | 'value' | 'none';
  /** The pair whose key or value is under the offset, where there is one. */
  readonly pair?: Pair;
  /** The node under the offset (the key scalar for `key`, the value for `value`). */
  readonly node?: Node;
  /** The span of that node. */
  readonly span?: Span;
}

function range(node: unknown): Span | undefined {
  const r = (node as { range?: [number, number, number] } | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

/** Inclusive of the end, so a cursor just after a word still counts as on it. */
function within(span: Span | undefined, offset: number): boolean {
  return !!span && offset >= span.start && offset <= span.end;
}

/** Locates an offset in a parsed document. Tolerant of documents with errors; never throws. */
export function locate(doc: Document.Parsed | undefined, offset: number): Location {
  const path: PathSegment[] = [];
  if (!doc) return { path, kind: 'none' };
  let node: unknown = doc.contents;
  try {
    for (let depth = 0; depth < 64; depth++) {
      node = deref(doc, node);
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && (within(range(p.key), offset) || within(range(p.value), offset))) as Pair | undefined;
        if (!pair || !isScalar(pair.key)) return { path, kind: 'none' };
        path.push(String(pair.key.value));
        const keySpan = range(pair.key);
        if (within(keySpan, offset) && !(pair.value && within(range(pair.value), offset) && offset > keySpan!.end)) {
          return { path, kind: 'key', pair, node: pair.key as Node, span: keySpan };
        }
        if (isScalar(pair.value)) return { path, kind: 'value', pair, node: pair.value, span: range(pair.value) };
        node = pair.value;
        continue;
      }
      if (isSeq(node)) {
        const index = node.items.findIndex((item) => within(range(item), offset));
        if (index < 0) return { path, kind: 'none' };
        path.push(index);
        const item = node.items[index];
        if (isScalar(item)) return { path, kind: 'value', node: item, span: range(item) };
        node = item;
        continue;
      }
      return { path, kind: 'none' };
    }
  } catch {
    // A cyclic or odd tree: what was found so far.
  }
  return { path, kind: 'none' };
}

export type EntityKind = 'server' | 'workload' | 'policy';

export interface EntityAt {
  readonly kind: EntityKind;
  readonly entity: Server | Workload | Policy;
}

function containing<T extends Entity>(items: readonly T[], offset: number): T | undefined {
  return items.find((e) => offset >= e.span.start && offset <= e.span.end);
}

/** The server, workload or policy whose item holds the offset. */
export function entityAt(plan: Plan, offset: number): EntityAt | undefined {
  const server = containing(plan.servers, offset);
  if (server) return { kind: 'server', entity: server };
  const workload = containing(plan.workloads, offset);
  if (workload) return { kind: 'workload', entity: workload };
  const policy = containing(plan.policies, offset);
  if (policy) return { kind: 'policy', entity: policy };
  return undefined;
}

/** The entity a path starts in: `['servers', 2, …]` → the third server. */
export function entityOfPath(plan: Plan, path: readonly PathSegment[]): EntityAt | undefined {
  const [list, index] = path;
  if (typeof index !== 'number') return undefined;
  const find = <T extends Entity>(items: readonly T[]) => items.find((e) => e.index === index);
  const server = list === 'servers' ? find(plan.servers) : undefined;
  if (server) return { kind: 'server', entity: server };
  const workload = list === 'workloads' ? find(plan.workloads) : undefined;
  if (workload) return { kind: 'workload', entity: workload };
  const policy = list === 'policies' ? find(plan.policies) : undefined;
  if (policy) return { kind: 'policy', entity: policy };
  return undefined;
}

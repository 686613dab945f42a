/**
 * Definition, references and rename for server and policy names.
 *
 * What refers to what (docs/format.md, schemas/bplan.schema.json):
 * - a workload's `server:` names a server and its `policy:` a policy; each binds to the first item
 *   of that name, as the rules do (`byName`);
 * - a server's name is its computer name, and a workload's `host:` is the machine its data lives on
 *   (for MARS, the MARS machine itself). A host whose computer name (before any DNS suffix, case
 *   aside, as rule mabs-domain-controller compares them) is a server's name is that server, so it is
 *   a reference too: renaming `dub-fs01` turns `host: dub-fs01.contoso.local` into
 *   `host: dub-fs02.contoso.local`.
 * - Nothing refers to a workload, so renaming a workload changes its name only (still checked for
 *   uniqueness). The plan, vault and disk names are plain values: no rename.
 *
 * A second item with an already used name is a duplicate that nothing binds to: renaming it renames
 * it alone. References to a name no item has can be renamed too (all of them at once), also to the
 * name of an existing item, which is how a misspelt reference is fixed in every workload at once.
 */
import { parse } from 'yaml';
import type { Location, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { Entity, Plan } from '../core/model';
import { schema } from '../core/schema';
import type { Located, Span } from '../core/types';
import type { PlanDocument } from './document';

type Kind = 'server' | 'policy' | 'workload';

interface Occurrence {
  /** The scalar node, quotes included. */
  readonly span: Span;
  /** The name's text within it: inside the quotes; for a host, its computer name only. */
  readonly name: Span;
  readonly declaration: boolean;
  /** A workload's host: renamed to the new name's computer name, keeping its own DNS suffix. */
  readonly host: boolean;
}

interface Target {
  readonly kind: Kind;
  readonly name: string;
  /** The item the name binds to, where the plan has one. */
  readonly declaration?: Entity;
  readonly occurrences: readonly Occurrence[];
  /** The occurrence under the offset. */
  readonly at: Occurrence;
}

/** Inclusive of the end, so a cursor just after a name still counts as on it. */
function within(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

/** A host or server name without its DNS suffix, in lower case: how Windows compares computer names. */
function computerName(name: string): string {
  return name.split('.')[0]!.toLowerCase();
}

function occurrence(doc: PlanDocument, located: Located<string>, declaration: boolean): Occurrence {
  const { span } = located;
  const quoted = doc.text[span.start] === '"' || doc.text[span.start] === "'";
  const name = quoted && span.end - span.start >= 2 ? { start: span.start + 1, end: span.end - 1 } : span;
  return { span, name, declaration, host: false };
}

/** A host naming a server: its computer name, found in the text as written (else it is not editable, so not counted). */
function hostOccurrence(doc: PlanDocument, host: Located<string>, server: string): Occurrence | undefined {
  const wanted = computerName(server);
  if (computerName(host.value) !== wanted) return undefined;
  const whole = occurrence(doc, host, false);
  const part = { start: whole.name.start, end: whole.name.start + wanted.length };
  if (doc.text.slice(part.start, part.end).toLowerCase() !== wanted) return undefined;
  return { span: host.span, name: part, declaration: false, host: true };
}

function itemsOf(plan: Plan, kind: Kind): readonly Entity[] {
  return kind === 'server' ? plan.servers : kind === 'policy' ? plan.policies : plan.workloads;
}

/** Every occurrence of a name: the item it binds to (or only `item`, a duplicate) and what refers to it. */
function occurrencesOf(doc: PlanDocument, kind: Kind, name: string, item?: Entity): { declaration?: Entity; occurrences: Occurrence[] } {
  const plan = doc.plan;
  const first = itemsOf(plan, kind).find((e) => e.name?.value === name);
  const declaration = item ?? first;
  const found: Occurrence[] = declaration?.name ? [occurrence(doc, declaration.name, true)] : [];
  if (kind !== 'workload' && (!item || item === first)) {
    for (const workload of plan.workloads) {
      const ref = kind === 'server' ? workload.server : workload.policy;
      if (ref?.value === name) found.push(occurrence(doc, ref, false));
      // A host binds to the first server of its computer name, like a reference to its name.
      const host = kind === 'server' && first && workload.host && hostOccurrence(doc, workload.host, name);
      if (host && plan.servers.find((s) => s.name && computerName(s.name.value) === computerName(name)) === first) found.push(host);
    }
  }
  // A merge key (`<<: *defaults`) makes several workloads share one node: one occurrence each.
  const unique = found.filter((o, i) => found.findIndex((p) => p.span.start === o.span.start && p.span.end === o.span.end) === i);
  unique.sort((a, b) => a.name.start - b.name.start);
  return { declaration, occurrences: unique };
}

function targetAt(doc: PlanDocument, offset: number): Target | undefined {
  const plan = doc.plan;
  const target = (kind: Kind, name: string, item?: Entity): Target | undefined => {
    const { declaration, occurrences } = occurrencesOf(doc, kind, name, item);
    const at = occurrences.find((o) => within(o.span, offset));
    return at && { kind, name, declaration, occurrences, at };
  };
  for (const kind of ['server', 'policy', 'workload'] as const) {
    const item = itemsOf(plan, kind).find((e) => e.name && within(e.name.span, offset));
    if (item?.name) return target(kind, item.name.value, item);
  }
  for (const workload of plan.workloads) {
    if (workload.server && within(workload.server.span, offset)) return target('server', workload.server.value);
    if (workload.policy && within(workload.policy.span, offset)) return target('policy', workload.policy.value);
    if (workload.host && within(workload.host.span, offset)) {
      const server = plan.servers.find((s) => s.name && computerName(s.name.value) === computerName(workload.host!.value));
      if (server?.name) return target('server', server.name.value);
    }
  }
  return undefined;
}

function location(doc: PlanDocument, span: Span): Location {
  return { uri: doc.uri, range: doc.range(span) };
}

export function definition(doc: PlanDocument, offset: number): Location[] {
  try {
    const target = targetAt(doc, offset);
    const declared = target?.occurrences.find((o) => o.declaration);
    return declared ? [location(doc, declared.name)] : [];
  } catch {
    return [];
  }
}

export function references(doc: PlanDocument, offset: number, includeDeclaration: boolean): Location[] {
  try {
    const target = targetAt(doc, offset);
    if (!target) return [];
    return target.occurrences.filter((o) => includeDeclaration || !o.declaration).map((o) => location(doc, o.name));
  } catch {
    return [];
  }
}

export function prepareRename(doc: PlanDocument, offset: number): { range: Range; placeholder: string } | null {
  try {
    const target = targetAt(doc, offset);
    return target ? { range: doc.range(target.at.name), placeholder: target.name } : null;
  } catch {
    return null;
  }
}

const NAME = (schema as { definitions: { name: { pattern: string; maxLength: number; 'x-expected': string } } }).definitions.name;
const NAME_PATTERN = new RegExp(NAME.pattern);

/** Whether a name reads back as the same string when written without quotes, in YAML 1.2 and in 1.1 (`yes`, `on`, `1_000`). */
function plainIsSafe(name: string): boolean {
  try {
    return parse(name, { logLevel: 'silent' }) === name && parse(name, { version: '1.1', logLevel: 'silent' }) === name;
  } catch {
    return false;
  }
}

/** The new name in the style the old one was written in; quoted where plain would not read back as the name. */
function written(original: string, name: string): string {
  if (original.startsWith("'")) return `'${name.replace(/'/g, "''")}'`;
  // A block scalar (`|`, `>`) spans its final line break, which the line after it needs.
  if (/^[|>]/.test(original)) return `${JSON.stringify(name)}${/\s*$/.exec(original)![0]}`;
  if (original.startsWith('"') || !plainIsSafe(name)) return JSON.stringify(name);
  return name;
}

/** Why a new name cannot be used, in the user's terms; undefined when it can. */
function refusal(doc: PlanDocument, target: Target, name: string): string | undefined {
  const kind = target.kind;
  if (!name) return `a ${kind} name cannot be empty`;
  const shown = JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
  if (name.length > NAME.maxLength) return `${shown} is ${name.length} characters long; a ${kind} name has at most ${NAME.maxLength}`;
  if (!NAME_PATTERN.test(name)) return `${shown} is not a valid ${kind} name: expected ${NAME['x-expected']}`;
  // References to a name no item has may take an existing name: that is how they get fixed.
  const other = target.declaration && itemsOf(doc.plan, kind).find((e) => e !== target.declaration && e.name?.value === name);
  if (other?.name) {
    const line = doc.positionAt(other.name.span.start).line + 1;
    return `another ${kind} is already named "${name}" (${kind === 'policy' ? 'policies' : `${kind}s`}[${other.index}], line ${line}): choose a name no other ${kind} has`;
  }
  return undefined;
}

/**
 * Renames a server, policy or workload and everything that refers to it, keeping each value's
 * quoting. Throws an Error with a user-facing message when the new name cannot be used.
 */
export function rename(doc: PlanDocument, offset: number, newName: string): WorkspaceEdit | null {
  let target: Target | undefined;
  try {
    target = targetAt(doc, offset);
  } catch {
    return null;
  }
  if (!target) return null;
  const name = String(newName ?? '').trim();
  const refused = refusal(doc, target, name);
  if (refused) throw new Error(refused);
  const hostName = name.split('.')[0]!;
  const edits: TextEdit[] = target.occurrences.map((o) => {
    const original = doc.text.slice(o.span.start, o.span.end);
    if (!o.host) return { range: doc.range(o.span), newText: written(original, name) };
    // A host with a DNS suffix: only its computer name changes; one without: the whole value.
    const suffix = o.name.end < o.span.end - (original.startsWith('"') || original.startsWith("'") ? 1 : 0);
    return suffix ? { range: doc.range(o.name), newText: hostName } : { range: doc.range(o.span), newText: written(original, hostName) };
  });
  return { changes: { [doc.uri]: edits } };
}

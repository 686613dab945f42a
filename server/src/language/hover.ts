/** Hover: what a key means, the limit that applies for this server's product and version, and estimates on names. */
import { MarkupKind } from 'vscode-languageserver-types';
import type { Hover } from 'vscode-languageserver-types';
import { isScalar, isSeq } from 'yaml';
import type { Quantity, ServerEstimate, WorkloadEstimate } from '../core/estimate';
import { findLimit } from '../core/limits';
import { byName } from '../core/model';
import type { Policy, Server, Workload, WorkloadType } from '../core/model';
import { nodeAtPath } from '../core/parse';
import { assumedNote, effectiveVersion, isFileData, isProduct, limitApplies, PRODUCT_NAMES, productLabel, versionLabel } from '../core/products';
import { RULES } from '../core/rules';
import { SECRET_KEY } from '../core/secrets';
import { quantity } from '../core/text';
import type { Limit, LimitSource, Product, Span } from '../core/types';
import { durationMinutes } from '../core/usage';
import type { PlanDocument } from './document';
import {
  code,
  estimatesOf,
  hoverSize,
  notApplicable,
  num,
  serverEstimateOf,
  workingBullet,
  workingNotes,
  workloadEstimateOf,
} from './estimate-text';
import { markdownEscape as md } from '../core/text';
import { entityOfPath, locate } from './locate';
import type { Location, PathSegment } from './locate';
import { enumValuesOf, schemasAt } from './schema-walk';
import type { JsonSchema } from './schema-walk';

const RULE_BY_ID = new Map(RULES.map((r) => [r.meta.id, r]));

export function hover(doc: PlanDocument, offset: number): Hover | null {
  try {
    if (!Number.isInteger(offset) || offset < 0 || offset > doc.text.length) return null;
    // A blank line says nothing, even where yaml counts it into a block scalar before it.
    const lineStart = doc.text.lastIndexOf('\n', offset - 1) + 1;
    const lineEnd = doc.text.indexOf('\n', offset);
    if (!doc.text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd).trim()) return null;
    const loc = locate(doc.yaml, offset);
    if (loc.kind === 'none' || !loc.span || loc.path.length === 0) return null;
    const value = loc.kind === 'value' ? valueHover(doc, loc) : keyHover(doc, loc.path);
    if (!value) return null;
    return { contents: { kind: MarkupKind.Markdown, value: scrub(doc, value) }, range: doc.range(loc.span) };
  } catch {
    return null;
  }
}

/**
 * Last line of defence: the hover is built without reading secret values, but should a secret's
 * text turn up anyway (a name that repeats it), it is masked.
 */
function scrub(doc: PlanDocument, text: string): string {
  let out = text;
  for (const span of doc.secretSpans) {
    const raw = doc.text.slice(span.start, span.end).trim();
    for (const secret of new Set([raw, raw.replace(/^(["'])(.*)\1$/s, '$2')])) if (secret.length >= 4) out = out.split(secret).join('•••');
  }
  return out;
}

function isSecretPath(path: readonly PathSegment[]): boolean {
  return path.some((segment) => typeof segment === 'string' && SECRET_KEY.test(segment));
}

/** `servers[].storagePool.disks[].sizeGB` */
function dotted(path: readonly PathSegment[]): string {
  return path.map((s, i) => (typeof s === 'number' ? '[]' : i === 0 ? s : `.${s}`)).join('');
}

function spanOf(node: unknown): Span | undefined {
  const r = (node as { range?: [number, number, number] } | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

// ---- values: names, references, enum values ------------------------------------------------------------

function valueHover(doc: PlanDocument, loc: Location): string | undefined {
  const path = loc.path;
  const secret = isSecretPath(path) || doc.touchesSecret(loc.span!);
  if (!secret) {
    const [list, index, key] = path;
    if (path.length === 3 && typeof index === 'number') {
      const entity = entityOfPath(doc.plan, path);
      if (list === 'servers' && key === 'name' && entity) return serverHover(doc, entity.entity as Server);
      if (list === 'workloads' && key === 'name' && entity) return workloadHover(doc, entity.entity as Workload);
      if (list === 'workloads' && key === 'server' && entity) {
        const target = (entity.entity as Workload).server;
        const server = target ? byName(doc.plan.servers).get(target.value) : undefined;
        if (server) return serverHover(doc, server);
      }
    }
    const value = isScalar(loc.node) ? loc.node.value : undefined;
    if (value !== undefined && value !== null) {
      const described = enumValuesOf(schemasAt(path, doc.analysis.parsed?.data)).find((e) => String(e.value) === String(value));
      if (described?.description) return `${code(dotted(path))}: ${code(String(value))}\n\n${md(described.description)}`;
    }
  }
  // A plain value, or an item of a list of values: what its key means.
  const keyPath = typeof path[path.length - 1] === 'number' ? path.slice(0, -1) : path;
  return keyHover(doc, keyPath);
}

// ---- keys ----------------------------------------------------------------------------------------------

const UNIT_IN_TEXT = /\bin (GB|percent|days|weeks|months|years|hours|minutes)\b/;

/** The unit of a key, from its description ("…, in GB") or its name (`retentionDays`). */
function unitOf(key: string, description: string | undefined): string | undefined {
  const stated = description ? UNIT_IN_TEXT.exec(description)?.[1] : undefined;
  if (stated) return stated;
  const suffix = /(GB|Percent|Days|Years|Hours)$/.exec(key)?.[1];
  if (suffix) return suffix === 'GB' ? 'GB' : suffix.toLowerCase();
  return key === 'cores' ? 'processor cores' : undefined;
}

/** Where a key sits, in words: "server `mabs01`". */
function contextOf(doc: PlanDocument, path: readonly PathSegment[]): string {
  const entity = entityOfPath(doc.plan, path);
  const name = entity?.entity.name?.value;
  return entity && name !== undefined ? ` — ${entity.kind} ${code(name)}` : '';
}

function keyHover(doc: PlanDocument, path: readonly PathSegment[]): string | undefined {
  const key = path[path.length - 1];
  if (typeof key !== 'string') return undefined;
  const data = doc.analysis.parsed?.data;
  // The property as written next to its $ref keeps its own description and rule, which expansion drops.
  const raw = schemasAt(path.slice(0, -1), data)
    .map((s) => s.properties?.[key])
    .filter((s): s is JsonSchema => s !== undefined);
  const expanded = schemasAt(path, data);
  const schemas = [...raw, ...expanded];
  if (!schemas.length) return undefined;
  const description = schemas.find((s) => s.description)?.description;
  const ruleId = schemas.find((s) => s['x-rule'])?.['x-rule'];
  const limitIds = [...new Set(schemas.flatMap((s) => s['x-limits'] ?? []))];
  const secret = isSecretPath(path);

  const out = [`**${code(dotted(path))}**${contextOf(doc, path)}`];
  if (description) out.push(md(description));
  const unit = unitOf(key, description);
  if (unit) out.push(`Unit: ${unit}.`);
  if (secret) out.push(secretNote(doc, path));
  out.push(...limitsSection(doc, path, key, ruleId, limitIds, secret));
  return out.join('\n\n');
}

function secretNote(doc: PlanDocument, path: readonly PathSegment[]): string {
  const kind = dotted(path) === 'vault.encryption.passphrase' ? doc.plan.vault?.passphrase?.kind : undefined;
  const base = 'The value is hidden: bplan never shows a passphrase or password, in hovers, messages or reports.';
  if (kind === 'literal') return `${base} ⚠ It is written in the plan itself (rule passphrase-literal): keep it in a secret store and write { env: NAME } or { file: PATH } instead.`;
  if (kind === 'env' || kind === 'file') return `${base} It is a reference ({ ${kind} }), which bplan never reads.`;
  return base;
}

// ---- limits ------------------------------------------------------------------------------------------

/** Words of a key or unit, for telling `cores` limits from `memoryGB` limits of one rule. */
function words(text: string): Set<string> {
  const stop = new Set(['of', 'per', 'the', 'in', 'an', 'a']);
  return new Set(
    text
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter((w) => w.length > 1 && !stop.has(w)),
  );
}

/** The limits of a rule that concern this key: those whose unit shares a word with it, else all. */
function relevant(limits: readonly Limit[], key: string): Limit[] {
  const keyWords = words(key);
  const matching = limits.filter((l) => [...words(l.unit)].some((w) => keyWords.has(w)));
  return matching.length ? matching : [...limits];
}

/**
 * Minimums written for a deployment (server-hardware): "on premises" for physical, Hyper-V and
 * VMware (and no deployment given), "as an Azure VM" for azure-vm. Azure Stack matches neither.
 */
function deploymentFits(limit: Limit, server: Server): boolean {
  const onPremises = /\bon premises\b/.test(limit.appliesTo);
  const azure = /\bas an Azure VM\b/.test(limit.appliesTo);
  if (!onPremises && !azure) return true;
  const d = server.deployment?.value;
  if (d === 'azure-vm') return azure;
  return onPremises && (d === undefined || d === 'physical' || d === 'hyperv-vm' || d === 'vmware-vm');
}

/**
 * Limits written for a kind of data (disk-sync-frequency, disk-recovery-points): SQL Server or
 * the rest, file data or application data. Kept when a workload concerned is of that kind, or when
 * no workload is known.
 */
function workloadFits(limit: Limit, types: readonly WorkloadType[]): boolean {
  if (!types.length) return true;
  const a = limit.appliesTo;
  if (/^SQL Server\b/.test(a)) return types.includes('sql-server');
  if (/^workloads other than SQL Server\b/.test(a)) return types.some((t) => t !== 'sql-server');
  if (/^file data\b/.test(a)) return types.some(isFileData);
  if (/^application data\b/.test(a)) return types.some((t) => !isFileData(t));
  return true;
}

/** `mabs@v3+` → "MABS v3 and later"; `dpm@2012-sp1..2012-r2` → "DPM 2012 SP1 to 2012 R2". */
function specLabel(spec: string): string {
  if (spec === '*') return 'all products';
  const [name, range] = spec.split('@') as [string, string | undefined];
  const product = isProduct(name) ? PRODUCT_NAMES[name].short : name;
  if (range === undefined) return product;
  if (range.endsWith('+')) return `${product} ${versionLabel(range.slice(0, -1))} and later`;
  const [from, to] = range.split('..') as [string, string | undefined];
  return to === undefined ? `${product} ${versionLabel(from)}` : `${product} ${versionLabel(from)} to ${versionLabel(to)}`;
}

/** "9,999 recovery points", singular for one. */
function plainQuantity(n: number, unit: string): string {
  return quantity(n, unit).replace(/^\S+/, num(n));
}

/** "**2** backups per day". */
function boldQuantity(n: number, unit: string): string {
  return quantity(n, unit).replace(/^\S+/, `**${num(n)}**`);
}

interface ValueContext {
  readonly key: string;
  readonly node: unknown;
  readonly span?: Span;
  readonly secret: boolean;
}

/** The value here to set against a limit: what a rule measured at this place, else the value as written. */
function valueHere(doc: PlanDocument, limit: Limit, at: ValueContext): { what: string; value: number; max: number } | undefined {
  if (at.secret) return undefined;
  if (at.span) {
    const measured = doc.analysis.measurements.find((m) => m.limit.id === limit.id && overlaps(m.span, at.span!));
    if (measured) return { what: measured.what, value: measured.value, max: measured.max };
  }
  const node = at.node;
  const here = `${at.key} here`;
  if (isScalar(node) && typeof node.value === 'number') return { what: here, value: node.value, max: limit.value };
  if (isScalar(node) && typeof node.value === 'string') {
    const minutes = limit.unit === 'minutes' ? durationMinutes(node.value) : undefined;
    if (minutes !== undefined) return { what: `${here} (${node.value})`, value: minutes, max: limit.value };
    if (limit.unit === 'characters') return { what: `length of ${at.key} here`, value: [...node.value].length, max: limit.value };
  }
  // A list of times of day: its length is the count per day.
  if (isSeq(node) && / per day$/.test(limit.unit)) return { what: `${here} (one per time of day)`, value: node.items.length, max: limit.value };
  return undefined;
}

function limitLine(doc: PlanDocument, limit: Limit, at: ValueContext): string {
  const bound = limit.bound === 'max' ? 'at most' : 'at least';
  const here = valueHere(doc, limit, at);
  if (!here) return `- ${bound} ${boldQuantity(limit.value, limit.unit)} (${limit.appliesTo})`;
  const broken = limit.bound === 'max' ? here.value > here.max : here.value < here.max;
  const configured = here.max !== limit.value ? `, as configured; the documented value is ${num(limit.value)}` : '';
  const mark = broken ? (limit.bound === 'max' ? ' ⚠ over the limit' : ' ⚠ below the minimum') : '';
  return `- ${md(here.what)}: **${num(here.value)}** of ${bound} ${boldQuantity(here.max, limit.unit)} (${limit.appliesTo}${configured})${mark}`;
}

interface Concerned {
  readonly servers: readonly Server[];
  /** Why no server is known, in words. */
  readonly reason?: string;
  /** What the workloads concerned protect (for limits that depend on the kind of data). */
  readonly types: readonly WorkloadType[];
}

/** The servers a key concerns: the server itself, a workload's server, or the servers of a policy's workloads. */
function concerned(doc: PlanDocument, path: readonly PathSegment[]): Concerned {
  const plan = doc.plan;
  const entity = entityOfPath(plan, path);
  if (!entity) return { servers: [], types: [] };
  const servers = byName(plan.servers);
  if (entity.kind === 'server') return { servers: [entity.entity as Server], types: [] };
  if (entity.kind === 'workload') {
    const workload = entity.entity as Workload;
    const types = workload.type ? [workload.type.value] : [];
    const server = workload.server ? servers.get(workload.server.value) : undefined;
    if (server) return { servers: [server], types };
    return { servers: [], types, reason: workload.server ? `no server named ${code(workload.server.value)} in the plan` : 'the workload names no server' };
  }
  const name = (entity.entity as Policy).name?.value;
  const found: Server[] = [];
  const types = new Set<WorkloadType>();
  for (const w of plan.workloads) {
    if (name === undefined || w.policy?.value !== name) continue;
    if (w.type) types.add(w.type.value);
    const server = w.server ? servers.get(w.server.value) : undefined;
    if (server && !found.includes(server)) found.push(server);
  }
  return found.length ? { servers: found, types: [...types] } : { servers: [], types: [...types], reason: 'no workload on a known server follows this policy' };
}

function sourceLines(limits: readonly Limit[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (s: LimitSource) => {
    const id = `${s.ref}\n${s.quote}`;
    if (seen.has(id)) return;
    seen.add(id);
    const where = s.ref.startsWith('seed ') ? 'shared/seeds' : 'product-limits.md';
    out.push(`Source **${s.ref}** (${where}):\n\n> ${s.quote.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\r?\n/g, ' ')}`);
  };
  for (const l of limits) l.sources.forEach(add);
  for (const l of limits) {
    if (l.alternatives?.length) {
      const others = l.alternatives.map((a) => `${boldQuantity(a.value, l.unit)} (${a.sources.map((s) => s.ref).join(', ')}): ${a.why}`);
      out.push(`*Documents disagree* on ${plainQuantity(l.value, l.unit)} (${l.appliesTo}): ${others.join('; ')}.`);
    } else if (l.note) {
      out.push(`*Note:* ${l.note}`);
    }
  }
  return out;
}

function limitsSection(doc: PlanDocument, path: readonly PathSegment[], key: string, ruleId: string | undefined, limitIds: readonly string[], secret: boolean): string[] {
  const rule = ruleId ? RULE_BY_ID.get(ruleId) : undefined;
  if (!rule) return [];
  const link = `Rule [${code(rule.meta.id)}](${rule.meta.docsUrl}): ${md(rule.meta.description)}`;
  const ids = limitIds.length ? limitIds : rule.meta.limits;
  const limits = relevant(ids.map(findLimit).filter((l): l is Limit => l !== undefined), key);
  if (!limits.length) return [link];

  const { node, pair } = doc.yaml ? nodeAtPath(doc.yaml, path) : { node: undefined, pair: undefined };
  const at: ValueContext = { key, node, span: spanOf(pair?.value ?? node), secret };
  const out: string[] = [];
  const shown: Limit[] = [];
  const universal = limits.filter((l) => l.products.every((p) => p === '*'));
  const specific = limits.filter((l) => !universal.includes(l));

  if (universal.length) {
    out.push(`**Limits**${specific.length ? ' (all products)' : ''}:\n\n${universal.map((l) => limitLine(doc, l, at)).join('\n')}`);
    shown.push(...universal);
  }
  if (specific.length) {
    const { servers, reason, types } = concerned(doc, path);
    const known = servers.filter((s) => isProduct(s.product?.value));
    // Servers that read the same (product, version, deployment) share one list.
    const groups = new Map<string, Server[]>();
    for (const s of known) {
      const id = `${productLabel(s)}|${assumedNote(s)}|${s.deployment?.value ?? ''}`;
      groups.set(id, [...(groups.get(id) ?? []), s]);
    }
    for (const group of groups.values()) {
      const first = group[0]!;
      const product = first.product!.value as Product;
      const { version } = effectiveVersion(first);
      const applicable = specific.filter((l) => limitApplies(l, product, version) && deploymentFits(l, first) && workloadFits(l, types));
      const names = group.map((s) => code(s.name?.value ?? `#${s.index + 1}`)).join(', ');
      const header = `**Limits for ${names}** (${md(productLabel(first))} — ${PRODUCT_NAMES[product].long})${md(assumedNote(first))}`;
      if (applicable.length) {
        out.push(`${header}:\n\n${applicable.map((l) => limitLine(doc, l, at)).join('\n')}`);
        shown.push(...applicable.filter((l) => !shown.includes(l)));
      } else {
        const covered = [...new Set(specific.flatMap((l) => l.products.map(specLabel)))].join(', ');
        out.push(`${header}: no documented limit for this product and version. The rule's limits cover ${covered}.`);
      }
    }
    if (!groups.size) {
      const rows = specific.map((l) => `| ${md(l.products.map(specLabel).join(', '))} | ${l.bound === 'max' ? 'at most' : 'at least'} ${plainQuantity(l.value, l.unit)} | ${md(l.appliesTo)} |`);
      const why = reason ?? (servers.length ? "the server's product is not given" : 'no server concerned here');
      out.push(`**Limits by product** (${why}):\n\n| product | limit | applies to |\n| --- | --- | --- |\n${rows.join('\n')}`);
      shown.push(...specific);
    }
  }
  out.push(...sourceLines(shown), link);
  return out;
}

// ---- estimates on names -------------------------------------------------------------------------------

const METHOD: Record<WorkloadEstimate['method'], string | undefined> = {
  legacy: 'legacy storage (DPM default allocation)',
  'modern-backup-storage': 'Modern Backup Storage',
  none: undefined,
};

function serverTitle(server: Server): string {
  const product = server.product?.value;
  const label = isProduct(product) ? `${md(productLabel(server))} — ${PRODUCT_NAMES[product].long}${md(assumedNote(server))}` : 'product not given';
  return `**Server ${code(server.name?.value ?? `#${server.index + 1}`)}** (${label})`;
}

function serverHover(doc: PlanDocument, server: Server): string {
  const estimate = serverEstimateOf(estimatesOf(doc), server);
  const out = [serverTitle(server)];
  if (!estimate) {
    out.push(server.name ? `No estimate: another server is named ${code(server.name.value)}; names must be unique (rule duplicate-name).` : 'No estimate: the server has no name.');
    return out.join('\n\n');
  }
  const methods = [...new Set(estimate.workloads.map((w) => METHOD[w.method]).filter((m): m is string => m !== undefined))];
  const onDisk = estimate.workloads.filter((w) => w.method !== 'none').length;
  out.push(
    `${estimate.workloads.length} workload${estimate.workloads.length === 1 ? '' : 's'}${methods.length ? `, ${onDisk} on disk with ${methods.join(' and ')}` : ''}.`,
  );
  const quantities: Quantity[] = [];
  const pool = estimate.storagePool;
  if (pool) {
    const needed = pool.requiredGB.value;
    const capacity = pool.capacityGB;
    const verdict =
      needed === null || capacity === null ? '' : needed > capacity ? ` ⚠ too small by ${hoverSize(needed - capacity)}` : ` (headroom ${hoverSize(capacity - needed)})`;
    const disks = server.poolDisks.map((d) => (d.sizeGB ? `${num(d.sizeGB.value)} GB${d.name ? ` (${md(d.name.value)})` : ''}` : `unknown${d.name ? ` (${md(d.name.value)})` : ''}`));
    const rec = pool.ruleOfThumbRecommendedGB;
    out.push(
      [
        `**Storage pool**: needs **${needed === null ? 'unknown' : md(hoverSize(needed))}** of **${capacity === null ? 'unknown' : md(hoverSize(capacity))}**${verdict}`,
        '',
        workingBullet('needed', pool.requiredGB),
        capacity === null
          ? `- capacity: **unknown** — needs storagePool.disks, each with sizeGB`
          : `- capacity: **${md(hoverSize(capacity))}** = Σ sizeGB of the storage pool disks = ${disks.join(' + ')}`,
        workingBullet('rule of thumb, minimum', pool.ruleOfThumbMinGB),
        rec.low === null || rec.high === null ? '- rule of thumb, recommended: **unknown**' : `- rule of thumb, recommended: **${md(hoverSize(rec.low))} to ${md(hoverSize(rec.high))}** (2–3 × protected data)`,
      ].join('\n'),
    );
    quantities.push(pool.requiredGB, pool.ruleOfThumbMinGB);
  }
  out.push(scratchSection(estimate));
  quantities.push(estimate.scratch.requiredGB);
  out.push(...workingNotes([...quantities, ...estimate.workloads.flatMap((w) => [w.replicaGB, w.recoveryPointVolumeGB])]));
  return out.join('\n\n');
}

function scratchSection(estimate: ServerEstimate): string {
  const q = estimate.scratch.requiredGB;
  if (notApplicable(q)) return `**Scratch**: ${md(q.formula)}`;
  const free = estimate.scratch.freeGB;
  const needed = q.value;
  const verdict = needed === null || free === null ? '' : needed > free ? ` ⚠ too small by ${hoverSize(needed - free)}` : ` (headroom ${hoverSize(free - needed)})`;
  return [
    `**Scratch**: needs **${needed === null ? 'unknown' : md(hoverSize(needed))}** of **${free === null ? 'unknown' : md(hoverSize(free))}** free${verdict}`,
    '',
    workingBullet('needed', q),
    free === null ? '- free: **unknown** — needs scratch.freeGB' : `- free: **${md(hoverSize(free))}** = scratch.freeGB`,
  ].join('\n');
}

function workloadHover(doc: PlanDocument, workload: Workload): string {
  const name = workload.name?.value ?? `#${workload.index + 1}`;
  const estimate = workloadEstimateOf(estimatesOf(doc), workload);
  const server = workload.server ? byName(doc.plan.servers).get(workload.server.value) : undefined;
  const facts = [
    workload.type?.value,
    workload.sizeGB ? `${num(workload.sizeGB.value)} GB` : 'size not given',
    server ? `on server ${code(server.name!.value)} (${md(productLabel(server))})` : undefined,
    estimate ? METHOD[estimate.method] : undefined,
  ].filter((f): f is string => f !== undefined);
  const out = [`**Workload ${code(name)}** — ${facts.join(', ')}`];
  if (!estimate) {
    out.push(workload.server ? `No estimate: no server named ${code(workload.server.value)} in the plan.` : 'No estimate: the workload names no server.');
    return out.join('\n\n');
  }
  const bullets: string[] = [];
  const quantities = [estimate.replicaGB, estimate.recoveryPointVolumeGB];
  if (notApplicable(estimate.replicaGB) && notApplicable(estimate.recoveryPointVolumeGB)) {
    bullets.push(`- disk: not applicable (${md(estimate.replicaGB.formula)})`);
  } else {
    const r = estimate.replicaGB.value;
    const p = estimate.recoveryPointVolumeGB.value;
    bullets.push(
      r === null || p === null ? '- on the storage pool: **unknown**' : `- on the storage pool: **${md(hoverSize(r + p))}** = replica + recovery point volume`,
      workingBullet('replica', estimate.replicaGB),
      workingBullet('recovery point volume', estimate.recoveryPointVolumeGB),
    );
  }
  if (!notApplicable(estimate.diskRecoveryPoints)) bullets.push(workingBullet('recovery points on disk', estimate.diskRecoveryPoints, estimate.diskRecoveryPointLimit));
  bullets.push(
    notApplicable(estimate.onlineRecoveryPoints)
      ? `- recovery points in the vault: not applicable (${md(estimate.onlineRecoveryPoints.formula)})`
      : workingBullet('recovery points in the vault', estimate.onlineRecoveryPoints, estimate.onlineRecoveryPointLimit),
  );
  if (!notApplicable(estimate.protectedInstances)) {
    bullets.push(workingBullet('protected instances', estimate.protectedInstances));
    quantities.push(estimate.protectedInstances);
  }
  out.push(bullets.join('\n'), ...workingNotes(quantities));
  return out.join('\n\n');
}

import { isMap, isScalar, isSeq } from 'yaml';
import type { Document, Pair, YAMLMap } from 'yaml';
import { deref, findPair, spanOfNode } from './parse';
import type { Located, Product, Span } from './types';

/**
 * The typed plan. Built from the YAML tree, not from plain data, so every value keeps its span.
 * Tolerant: a value of the wrong type is left out (the `schema` rule reports it), never thrown on.
 */
export interface Plan {
  readonly span: Span;
  readonly name?: Located<string>;
  readonly vault?: Vault;
  readonly servers: readonly Server[];
  readonly workloads: readonly Workload[];
  readonly policies: readonly Policy[];
}

export interface Vault {
  readonly span: Span;
  readonly keySpan?: Span;
  readonly name?: Located<string>;
  readonly region?: Located<string>;
  readonly redundancy?: Located<string>;
  readonly primaryBackup?: Located<boolean>;
  readonly passphrase?: Passphrase;
}

/** A passphrase is either a reference (`{ env }` / `{ file }`) or, wrongly, a literal. */
export interface Passphrase {
  readonly kind: 'literal' | 'env' | 'file' | 'other';
  readonly span: Span;
  readonly keySpan?: Span;
  /** Length of a literal, in characters; the value itself is never kept in the model. */
  readonly literalLength?: number;
}

export interface Entity {
  readonly index: number;
  readonly span: Span;
  /** `servers[mabs01]`, or `servers[0]` while the item has no name. */
  readonly path: string;
  readonly name?: Located<string>;
}

export interface Server extends Entity {
  readonly product?: Located<Product>;
  readonly version?: Located<string>;
  readonly updateRollup?: Located<number>;
  readonly deployment?: Located<string>;
  readonly os?: Located<string>;
  readonly edition?: Located<string>;
  readonly locale?: Located<string>;
  readonly domainJoined?: Located<boolean>;
  readonly domainController?: Located<boolean>;
  readonly sql?: Located<string>;
  readonly installedAgents?: Located<readonly Located<string>[]>;
  readonly cores?: Located<number>;
  readonly memoryGB?: Located<number>;
  readonly scratchFreeGB?: Located<number>;
  /** The `storagePool` key, where there is one. */
  readonly storagePoolKeySpan?: Span;
  readonly poolDisks: readonly PoolDisk[];
  readonly ntfsCompression?: Located<boolean>;
  readonly deduplication?: Located<boolean>;
  /** Replica growth alert threshold of the legacy default allocation, in percent. */
  readonly alertThresholdPercent?: Located<number>;
  readonly tapeEnabled?: Located<boolean>;
}

export interface PoolDisk {
  readonly index: number;
  readonly span: Span;
  readonly name?: Located<string>;
  readonly sizeGB?: Located<number>;
  readonly type?: Located<string>;
}

export type WorkloadType = 'files' | 'system-state' | 'bare-metal' | 'hyperv-vm' | 'vmware-vm' | 'sql-server' | 'sharepoint' | 'exchange' | 'azure-vm';

export interface Workload extends Entity {
  readonly type?: Located<WorkloadType>;
  readonly host?: Located<string>;
  readonly os?: Located<string>;
  readonly sizeGB?: Located<number>;
  readonly dailyChurnPercent?: Located<number>;
  readonly server?: Located<string>;
  readonly policy?: Located<string>;
  readonly fileAttributes?: Located<readonly Located<string>[]>;
}

export interface Policy extends Entity {
  readonly disk?: DiskGoals;
  readonly online?: OnlineGoals;
  /** The `tape:` mapping of the policy, where there is one. */
  readonly tape?: { readonly span: Span; readonly keySpan?: Span };
  readonly tapeRetentionYears?: Located<number>;
  readonly consistency?: Located<string>;
  readonly azureVm?: AzureVmGoals;
}

export interface AzureVmGoals {
  readonly span: Span;
  readonly keySpan?: Span;
  readonly policyType?: Located<string>;
  readonly frequency?: Located<string>;
  readonly everyHours?: Located<number>;
  readonly windowHours?: Located<number>;
  readonly instantRestoreDays?: Located<number>;
}

export interface DiskGoals {
  readonly span: Span;
  readonly keySpan?: Span;
  readonly syncEvery?: Located<string>;
  readonly recoveryPoints?: Located<readonly Located<string>[]>;
  readonly retentionDays?: Located<number>;
}

export interface OnlineGoals {
  readonly span: Span;
  readonly keySpan?: Span;
  readonly times?: Located<readonly Located<string>[]>;
  readonly retention?: Partial<Record<RetentionTier, Located<number>>>;
  /** Points kept per week, month and year in the long-term tiers (default 1). */
  readonly pointsPerPeriod?: Partial<Record<'weekly' | 'monthly' | 'yearly', Located<number>>>;
}

export type RetentionTier = 'daily' | 'weekly' | 'monthly' | 'yearly';
export const RETENTION_TIERS: readonly RetentionTier[] = ['daily', 'weekly', 'monthly', 'yearly'];

/** Names inherited by every plain object; never a valid enumerated value (see `Builder.str`). */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

class Builder {
  constructor(
    private readonly doc: Document.Parsed,
    private readonly textLength: number,
  ) {}

  span(node: unknown): Span {
    return spanOfNode(node, this.textLength);
  }

  map(node: unknown): YAMLMap | undefined {
    const n = deref(this.doc, node);
    return isMap(n) ? n : undefined;
  }

  pair(map: YAMLMap | undefined, key: string): Pair | undefined {
    return map ? findPair(map, key, this.doc) : undefined;
  }

  located<T>(map: YAMLMap | undefined, key: string, accept: (v: unknown) => v is T): Located<T> | undefined {
    const pair = this.pair(map, key);
    if (!pair) return undefined;
    const node = deref(this.doc, pair.value);
    if (!isScalar(node) || !accept(node.value)) return undefined;
    return { value: node.value, span: this.span(node), keySpan: this.span(pair.key) };
  }

  /**
   * A string of a field the schema enumerates (product, type, os, …). Rules look such values up in
   * plain-object tables, so one that names a property of Object.prototype (`constructor`,
   * `__proto__`, `toString`) would find a function there; no valid value does, so it is left out.
   */
  str(map: YAMLMap | undefined, key: string): Located<string> | undefined {
    return this.located(map, key, (v): v is string => typeof v === 'string' && !PROTOTYPE_NAMES.has(v));
  }

  /** A string, or a number written without quotes where a name or version is expected (e.g. `version: 2016`). */
  text(map: YAMLMap | undefined, key: string): Located<string> | undefined {
    const pair = this.pair(map, key);
    if (!pair) return undefined;
    const node = deref(this.doc, pair.value);
    if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) return undefined;
    return { value: String(node.source ?? node.value), span: this.span(node), keySpan: this.span(pair.key) };
  }

  num(map: YAMLMap | undefined, key: string): Located<number> | undefined {
    return this.located(map, key, (v): v is number => typeof v === 'number' && Number.isFinite(v));
  }

  bool(map: YAMLMap | undefined, key: string): Located<boolean> | undefined {
    return this.located(map, key, (v): v is boolean => typeof v === 'boolean');
  }

  /** A list of strings; items that are not strings are left out, and in an `enumerated` list also those `str` leaves out. */
  stringList(map: YAMLMap | undefined, key: string, enumerated = false): Located<readonly Located<string>[]> | undefined {
    const pair = this.pair(map, key);
    if (!pair) return undefined;
    const node = deref(this.doc, pair.value);
    if (!isSeq(node)) return undefined;
    const items: Located<string>[] = [];
    for (const item of node.items) {
      const n = deref(this.doc, item);
      if (isScalar(n) && typeof n.value === 'string' && !(enumerated && PROTOTYPE_NAMES.has(n.value))) items.push({ value: n.value, span: this.span(n) });
    }
    return { value: items, span: this.span(node), keySpan: this.span(pair.key) };
  }

  items(root: YAMLMap | undefined, key: string): { map: YAMLMap; index: number }[] {
    const pair = this.pair(root, key);
    const node = pair ? deref(this.doc, pair.value) : undefined;
    if (!isSeq(node)) return [];
    const out: { map: YAMLMap; index: number }[] = [];
    node.items.forEach((item, index) => {
      const map = this.map(item);
      if (map) out.push({ map, index });
    });
    return out;
  }

  /** `servers[mabs01]`, or `servers[0]` while the item has no name. */
  path(list: ListName, name: Located<string> | undefined, index: number): string {
    return `${list}[${name?.value ?? index}]`;
  }

  passphrase(map: YAMLMap | undefined): Passphrase | undefined {
    const pair = this.pair(map, 'passphrase');
    if (!pair) return undefined;
    const node = deref(this.doc, pair.value);
    const span = this.span(node);
    const keySpan = this.span(pair.key);
    if (isScalar(node) && node.value !== null && node.value !== undefined) {
      // A block scalar's value ends with its line break, which is not part of the passphrase.
      return { kind: 'literal', span, keySpan, literalLength: [...String(node.value).replace(/[\r\n]+$/, '')].length };
    }
    const ref = this.map(node);
    if (ref && this.pair(ref, 'env')) return { kind: 'env', span, keySpan };
    if (ref && this.pair(ref, 'file')) return { kind: 'file', span, keySpan };
    // A mapping that is not a reference but holds a value ({ value: … }) is a literal in disguise.
    if (ref?.items.some((item) => isScalar(deref(this.doc, (item as { value?: unknown }).value)))) return { kind: 'literal', span, keySpan };
    return { kind: 'other', span, keySpan };
  }

  build(): Plan {
    const root = this.map(this.doc.contents);
    const vaultPair = this.pair(root, 'vault');
    const vaultMap = this.map(vaultPair?.value);
    const vault: Vault | undefined = vaultMap && {
      span: this.span(vaultMap),
      keySpan: this.span(vaultPair?.key),
      name: this.text(vaultMap, 'name'),
      region: this.str(vaultMap, 'region'),
      redundancy: this.str(vaultMap, 'redundancy'),
      primaryBackup: this.bool(vaultMap, 'primaryBackup'),
      passphrase: this.passphrase(this.map(this.pair(vaultMap, 'encryption')?.value)),
    };

    const servers = this.items(root, 'servers').map(({ map, index }) => this.server(map, index));
    const workloads = this.items(root, 'workloads').map(({ map, index }) => this.workload(map, index));
    const policies = this.items(root, 'policies').map(({ map, index }) => this.policy(map, index));
    return {
      span: this.span(root ?? this.doc.contents),
      name: this.text(root, 'name'),
      vault,
      servers,
      workloads,
      policies,
    };
  }

  // Written out field by field, never as `{ ...entity, … }`: V8 gives every object built by such a
  // spread its own hidden class (992 for 1,000 workloads), and each rule reading them then ran ~10× slower.
  server(map: YAMLMap, index: number): Server {
    const name = this.text(map, 'name');
    const hardware = this.map(this.pair(map, 'hardware')?.value);
    const poolPair = this.pair(map, 'storagePool');
    const pool = this.map(poolPair?.value);
    return {
      index,
      span: this.span(map),
      path: this.path('servers', name, index),
      name,
      product: this.str(map, 'product') as Located<Product> | undefined,
      version: this.text(map, 'version'),
      updateRollup: this.num(map, 'updateRollup'),
      deployment: this.str(map, 'deployment'),
      os: this.str(map, 'os'),
      edition: this.str(map, 'edition'),
      locale: this.str(map, 'locale'),
      domainJoined: this.bool(map, 'domainJoined'),
      domainController: this.bool(map, 'domainController'),
      sql: this.str(map, 'sql'),
      installedAgents: this.stringList(map, 'installedAgents', true),
      cores: this.num(hardware, 'cores'),
      memoryGB: this.num(hardware, 'memoryGB'),
      scratchFreeGB: this.num(this.map(this.pair(map, 'scratch')?.value), 'freeGB'),
      storagePoolKeySpan: poolPair ? this.span(poolPair.key) : undefined,
      poolDisks: this.items(pool, 'disks').map(({ map: disk, index: i }): PoolDisk => ({
        index: i,
        span: this.span(disk),
        name: this.text(disk, 'name'),
        sizeGB: this.num(disk, 'sizeGB'),
        type: this.str(disk, 'type'),
      })),
      ntfsCompression: this.bool(pool, 'ntfsCompression'),
      deduplication: this.bool(pool, 'deduplication'),
      alertThresholdPercent: this.num(pool, 'alertThresholdPercent'),
      tapeEnabled: this.bool(this.map(this.pair(map, 'tape')?.value), 'enabled'),
    };
  }

  workload(map: YAMLMap, index: number): Workload {
    const name = this.text(map, 'name');
    return {
      index,
      span: this.span(map),
      path: this.path('workloads', name, index),
      name,
      type: this.str(map, 'type') as Located<WorkloadType> | undefined,
      host: this.text(map, 'host'),
      os: this.str(map, 'os'),
      sizeGB: this.num(map, 'sizeGB'),
      dailyChurnPercent: this.num(map, 'dailyChurnPercent'),
      server: this.text(map, 'server'),
      policy: this.text(map, 'policy'),
      fileAttributes: this.stringList(map, 'fileAttributes', true),
    };
  }

  policy(map: YAMLMap, index: number): Policy {
    const name = this.text(map, 'name');
    const diskPair = this.pair(map, 'disk');
    const diskMap = this.map(diskPair?.value);
    const onlinePair = this.pair(map, 'online');
    const onlineMap = this.map(onlinePair?.value);
    const retentionMap = this.map(this.pair(onlineMap, 'retention')?.value);
    const tapePair = this.pair(map, 'tape');
    const tapeMap = this.map(tapePair?.value);
    const vmPair = this.pair(map, 'azureVm');
    const vmMap = this.map(vmPair?.value);
    const retention: Partial<Record<RetentionTier, Located<number>>> = {};
    for (const tier of RETENTION_TIERS) {
      const value = this.num(retentionMap, tier);
      if (value) retention[tier] = value;
    }
    const perPeriodMap = this.map(this.pair(onlineMap, 'pointsPerPeriod')?.value);
    const pointsPerPeriod: Partial<Record<'weekly' | 'monthly' | 'yearly', Located<number>>> = {};
    for (const tier of ['weekly', 'monthly', 'yearly'] as const) {
      const value = this.num(perPeriodMap, tier);
      if (value) pointsPerPeriod[tier] = value;
    }
    return {
      index,
      span: this.span(map),
      path: this.path('policies', name, index),
      name,
      disk: diskMap && {
        span: this.span(diskMap),
        keySpan: this.span(diskPair?.key),
        syncEvery: this.text(diskMap, 'syncEvery'),
        recoveryPoints: this.stringList(diskMap, 'recoveryPoints'),
        retentionDays: this.num(diskMap, 'retentionDays'),
      },
      online: onlineMap && {
        span: this.span(onlineMap),
        keySpan: this.span(onlinePair?.key),
        times: this.stringList(onlineMap, 'times'),
        retention,
        pointsPerPeriod,
      },
      tape: tapeMap && { span: this.span(tapeMap), keySpan: this.span(tapePair?.key) },
      tapeRetentionYears: this.num(tapeMap, 'retentionYears'),
      consistency: this.str(map, 'consistency'),
      azureVm: vmMap && {
        span: this.span(vmMap),
        keySpan: this.span(vmPair?.key),
        policyType: this.str(vmMap, 'policyType'),
        frequency: this.str(vmMap, 'frequency'),
        everyHours: this.num(vmMap, 'everyHours'),
        windowHours: this.num(vmMap, 'windowHours'),
        instantRestoreDays: this.num(vmMap, 'instantRestoreDays'),
      },
    };
  }
}

export function buildPlan(doc: Document.Parsed, textLength: number): Plan {
  return new Builder(doc, textLength).build();
}

export type ListName = 'servers' | 'workloads' | 'policies';

/**
 * The model of one item of a top-level list, or undefined for an item that is not a mapping (as
 * `buildPlan` leaves it out): what an edit inside one item needs rebuilt.
 */
export function buildItem(doc: Document.Parsed, textLength: number, list: ListName, node: unknown, index: number): Server | Workload | Policy | undefined {
  const builder = new Builder(doc, textLength);
  const map = builder.map(node);
  if (!map) return undefined;
  return list === 'servers' ? builder.server(map, index) : list === 'workloads' ? builder.workload(map, index) : builder.policy(map, index);
}

/** Indexes by name; the first item of a name wins (duplicates are the `duplicate-name` rule's business). */
export function byName<T extends Entity>(items: readonly T[]): Map<string, T> {
  const index = new Map<string, T>();
  for (const item of items) {
    if (item.name && !index.has(item.name.value)) index.set(item.name.value, item);
  }
  return index;
}

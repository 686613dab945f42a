import type { Server, WorkloadType } from './model';
import type { Product } from './types';

export const PRODUCT_NAMES: Record<Product, { short: string; long: string }> = {
  mars: { short: 'MARS', long: 'Azure Backup (MARS) agent' },
  dpm: { short: 'DPM', long: 'System Center Data Protection Manager' },
  mabs: { short: 'MABS', long: 'Azure Backup Server' },
  'azure-vm-backup': { short: 'Azure VM backup', long: 'Azure IaaS VM backup' },
};

export const PRODUCTS = Object.keys(PRODUCT_NAMES) as Product[];

export function isProduct(value: unknown): value is Product {
  return typeof value === 'string' && value in PRODUCT_NAMES;
}

/** Known versions per product, oldest first; MARS and Azure VM backup are not versioned here. */
export const PRODUCT_VERSIONS: Partial<Record<Product, readonly string[]>> = {
  dpm: ['2012-sp1', '2012-r2', '2016', '2019', '2022'],
  mabs: ['v1', 'v2', 'v3', 'v4'],
};

/** Position of a version in its product's list, or -1 when unknown. */
export function versionRank(product: Product, version: string | undefined): number {
  const list = PRODUCT_VERSIONS[product];
  if (!list || version === undefined) return -1;
  return list.indexOf(version);
}

/** How a version id reads in prose: DPM "2012-r2" is "2012 R2". */
export function versionLabel(version: string): string {
  return version.replace(/-(sp\d+|r\d+)$/i, (_, v: string) => ` ${v.toUpperCase()}`);
}

/** "MABS v3", "DPM 2012 R2 UR5", "MARS" — how a server's product and version read in messages. */
export function productLabel(server: Pick<Server, 'product' | 'version' | 'updateRollup'>): string {
  const product = server.product?.value;
  if (!isProduct(product)) return 'this product';
  const parts = [PRODUCT_NAMES[product].short];
  if (server.version && product !== 'azure-vm-backup') parts.push(versionLabel(server.version.value));
  if (server.updateRollup && (product === 'dpm' || product === 'mabs')) parts.push(`UR${server.updateRollup.value}`);
  return parts.join(' ');
}

export const WORKLOAD_NAMES: Record<WorkloadType, string> = {
  files: 'files and folders',
  'system-state': 'system state',
  'bare-metal': 'bare-metal recovery',
  'hyperv-vm': 'Hyper-V VMs',
  'vmware-vm': 'VMware VMs',
  'sql-server': 'SQL Server',
  sharepoint: 'SharePoint',
  exchange: 'Exchange',
  'azure-vm': 'Azure VMs',
};

/**
 * File data is limited by VSS to 64 recovery points on the DPM/MABS disk; everything else is
 * application data (express full backups), limited to 448.
 */
export function isFileData(type: WorkloadType): boolean {
  return type === 'files';
}

/** Linux workloads are identified by their os id. */
export function isLinux(os: string | undefined): boolean {
  return os !== undefined && !os.startsWith('windows-');
}

/**
 * The version the source documents (2015–2018) describe, assumed when a plan gives none:
 * DPM 2012 R2 (seeds 000, 003, 004) and MABS v1 (seed 001).
 */
export const BASELINE_VERSION: Partial<Record<Product, string>> = { dpm: '2012-r2', mabs: 'v1' };

export interface EffectiveVersion {
  readonly version: string | undefined;
  /** True when the plan gave no (known) version and the baseline is assumed. */
  readonly assumed: boolean;
}

/** The server's version, or the documents' baseline when the plan gives none. */
export function effectiveVersion(server: Pick<Server, 'product' | 'version'>): EffectiveVersion {
  const product = server.product?.value;
  if (!isProduct(product)) return { version: undefined, assumed: false };
  const given = server.version?.value;
  const list = PRODUCT_VERSIONS[product];
  if (given !== undefined && (!list || list.includes(given))) return { version: given, assumed: false };
  return { version: BASELINE_VERSION[product], assumed: BASELINE_VERSION[product] !== undefined };
}

/** " (no version given: bplan assumes DPM 2012 R2, the version the source documents describe)" or "". */
export function assumedNote(server: Pick<Server, 'product' | 'version'>): string {
  const { version, assumed } = effectiveVersion(server);
  const product = server.product?.value;
  if (!assumed || !isProduct(product) || !version) return '';
  const given = server.version ? `version "${server.version.value}" is not one bplan knows` : 'no version given';
  return ` (${given}: bplan assumes ${PRODUCT_NAMES[product].short} ${versionLabel(version)}, the version the source documents describe)`;
}

/**
 * Whether a limit's product spec covers a product and version: `*`, `dpm`, `dpm@2016`, `dpm@2016+`,
 * `mabs@v1..v2`. A versioned spec never matches an unknown version.
 */
export function matchesSpec(spec: string, product: Product, version: string | undefined): boolean {
  if (spec === '*') return true;
  const [name, range] = spec.split('@');
  if (name !== product) return false;
  if (range === undefined) return true;
  const rank = versionRank(product, version);
  if (rank < 0) return false;
  if (range.endsWith('+')) return rank >= versionRank(product, range.slice(0, -1));
  const [from, to] = range.split('..');
  if (to === undefined) return rank === versionRank(product, from);
  return rank >= versionRank(product, from) && rank <= versionRank(product, to);
}

/** Whether any of a limit's specs covers the product and version. */
export function limitApplies(limit: { products: readonly string[] }, product: Product, version: string | undefined): boolean {
  return limit.products.some((spec) => matchesSpec(spec, product, version));
}

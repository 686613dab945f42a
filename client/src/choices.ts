/**
 * What "bplan: New backup plan" offers: products, their versions and the workload types each
 * protects, read from the core at build time (pure modules bundled into the client), so the client
 * offers only choices the scaffold accepts.
 */
import { PRODUCT_NAMES, PRODUCT_VERSIONS, PRODUCTS, versionLabel, WORKLOAD_NAMES } from '../../server/src/core/products';
import { defaultVersion, supportedWorkloads } from '../../server/src/core/scaffold';
import type { Product } from '../../server/src/core/types';

export interface ProductChoice {
  readonly product: Product;
  readonly label: string;
  readonly detail: string;
  /** Newest first; empty for products without versions here (MARS, Azure VM backup). */
  readonly versions: readonly { readonly version: string; readonly label: string; readonly newest: boolean }[];
}

export interface WorkloadChoice {
  readonly type: string;
  readonly label: string;
}

export function productChoices(): ProductChoice[] {
  return PRODUCTS.map((product) => {
    const versions = [...(PRODUCT_VERSIONS[product] ?? [])].reverse();
    const newest = defaultVersion(product);
    return {
      product,
      label: `${PRODUCT_NAMES[product].long}${PRODUCT_NAMES[product].long.includes(PRODUCT_NAMES[product].short) ? '' : ` (${PRODUCT_NAMES[product].short})`}`,
      detail: `protects ${supportedWorkloads(product).map((t) => WORKLOAD_NAMES[t]).join(', ')}`,
      versions: versions.map((version) => ({ version, label: `${PRODUCT_NAMES[product].short} ${versionLabel(version)}`, newest: version === newest })),
    };
  });
}

export function workloadChoices(product: Product, version: string | undefined): WorkloadChoice[] {
  return supportedWorkloads(product, version).map((type) => ({ type, label: WORKLOAD_NAMES[type] }));
}

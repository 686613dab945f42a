import { limit } from '../limits';
import type { LimitId } from '../limits';
import { assumedNote, effectiveVersion, isProduct, limitApplies, PRODUCT_NAMES, versionLabel } from '../products';
import { quantity } from '../text';
import type { Limit, Located, Product, RelatedLocation } from '../types';
import { defineRule } from './define-rule';

/**
 * The minimums per product and deployment; within each list the first limit that applies to the
 * server's version is used. `onPremises` covers physical, Hyper-V and VMware (and no deployment given).
 */
const MINIMUMS = {
  cores: {
    onPremises: [limit('server-cores-min-mabs'), limit('server-cores-min-dpm-2022')],
    azure: [limit('server-cores-min-mabs-azure'), limit('server-cores-min-mabs-azure-v3'), limit('server-cores-min-dpm-2022')],
  },
  memoryGB: {
    onPremises: [limit('server-memory-min-mabs'), limit('server-memory-min-mabs-v3'), limit('server-memory-min-dpm-2022')],
    azure: [limit('server-memory-min-mabs-azure'), limit('server-memory-min-mabs-azure-v3'), limit('server-memory-min-dpm-2022')],
  },
} as const;

const ALL = [...new Set(Object.values(MINIMUMS).flatMap((m) => [...m.onPremises, ...m.azure]))];

/** On-premises deployments; Azure Stack has no documented minimum among these and is not checked. */
const ON_PREMISES = new Set(['physical', 'hyperv-vm', 'vmware-vm']);

function nameOf(product: Product, version: string | undefined): string {
  return version ? `${PRODUCT_NAMES[product].short} ${versionLabel(version)}` : PRODUCT_NAMES[product].short;
}

export default defineRule({
  meta: {
    id: 'server-hardware',
    description: 'An Azure Backup Server or DPM 2022 server should have at least the documented minimum processor cores and memory.',
    defaultSeverity: 'warning',
    category: 'limits',
    limits: ALL.map((l) => l.id as LimitId),
    docs:
      'Checks `hardware.cores` and `hardware.memoryGB` against the minimum for the product, version and deployment. MABS on premises (physical, Hyper-V or VMware VM, or no deployment given): 2 cores and 4 GB for v1 and v2 (seed 002, A7), 2 cores and 8 GB for v3 and later (A8). MABS as an Azure VM: A2 Standard, 2 cores and 3.5 GB, for v1 and v2 (seed 002); Standard_A4_v2, 4 cores and 8 GB, for v3 and later (A8). DPM 2022: 4 cores and 4 GB (S11, which recommends 8 GB). Earlier DPM versions have no minimum in the catalogue, and a MABS Azure Stack VM is not checked. This is a warning and not an error: the sources call these minimum requirements and describe a prerequisite check in setup, but none says setup refuses a smaller machine; a server below them runs badly rather than not at all. Give the server more cores or memory (for an Azure VM, a larger size). A MABS server without a version is checked as v1, the version the source documents describe.',
  },
  check(ctx) {
    // A plan has many servers of few product versions: each version's minimum is looked up once.
    const minimums = new Map<string, Limit | undefined>();
    for (const server of ctx.plan.servers) {
      const product = server.product?.value;
      if (!isProduct(product) || (product !== 'mabs' && product !== 'dpm')) continue;
      const deployment = server.deployment?.value;
      const where = deployment === 'azure-vm' ? 'azure' : deployment === undefined || ON_PREMISES.has(deployment) ? 'onPremises' : undefined;
      if (!where) continue;
      const { version } = effectiveVersion(server);
      for (const key of ['cores', 'memoryGB'] as const) {
        const value: Located<number> | undefined = server[key];
        // Zero or negative values are the schema rule's business.
        if (!value || value.value <= 0) continue;
        const id = `${key} ${where} ${product}${version === undefined ? '' : `@${version}`}`;
        let min = minimums.get(id);
        if (!minimums.has(id)) {
          min = MINIMUMS[key][where].find((l) => limitApplies(l, product, version));
          minimums.set(id, min);
        }
        if (!min || value.value >= min.value) continue;
        const related: RelatedLocation[] = [];
        const anchor = server.version ?? server.product;
        if (anchor) related.push({ span: anchor.span, message: `${nameOf(product, version)}${server.version ? '' : ' (assumed)'} needs at least ${quantity(min.value, min.unit)}` });
        if (server.deployment) related.push({ span: server.deployment.span, message: where === 'azure' ? 'deployed as an Azure VM' : 'deployed on premises' });
        ctx.report({
          span: value.span,
          path: `${server.path}.hardware.${key}`,
          message: `hardware.${key} is ${value.value}; ${nameOf(product, version)} needs at least ${quantity(min.value, min.unit)} (${min.appliesTo}): ${where === 'azure' ? 'choose a larger VM size' : `give the server at least ${quantity(min.value, min.unit)}`}${assumedNote(server)}`,
          related,
        });
      }
    }
  },
});

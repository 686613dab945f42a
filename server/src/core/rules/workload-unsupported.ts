import type { Server, WorkloadType } from '../model';
import { PRODUCT_NAMES, productLabel, versionRank, WORKLOAD_NAMES } from '../products';
import { listWords } from '../text';
import type { LimitSource, Product } from '../types';
import { workloadRefs } from '../usage';
import { defineRule } from './define-rule';

const SUPPORT_TABLE: LimitSource = {
  ref: 'seed 004',
  quote:
    'Files and folders |Windows Server |[Azure Backup agent] [...] [System Center DPM] [...] [Azure Backup Server] [...] Hyper-V virtual machine (Windows) |Windows Server |[System Center DPM] [...] [Azure Backup Server] [...] Microsoft SQL Server |Windows Server |[System Center DPM] [...] Microsoft SharePoint |Windows Server |[System Center DPM] [...] Microsoft Exchange |Windows Server |[System Center DPM] [...] Azure IaaS VMs (Windows) |- |[Azure Backup (VM extension)]',
};
const MARS_SYSTEM_STATE: LimitSource = {
  ref: 'A3',
  quote: 'Windows Server 2022 (Standard, Datacenter, Essentials, Server IoT) / Yes / Yes',
};
const VMWARE_2016: LimitSource = {
  ref: 'seed 004',
  quote: 'Lack of heterogeneous support (VMware VM back up, Oracle workload back up).',
};

/** What each product protects (seed 004's support table; system state for MARS from A3, bare metal for DPM/MABS from A9). */
const PROTECTS: Record<Product, readonly WorkloadType[]> = {
  mars: ['files', 'system-state'],
  dpm: ['files', 'system-state', 'bare-metal', 'hyperv-vm', 'vmware-vm', 'sql-server', 'sharepoint', 'exchange'],
  mabs: ['files', 'system-state', 'bare-metal', 'hyperv-vm', 'vmware-vm', 'sql-server', 'sharepoint', 'exchange'],
  'azure-vm-backup': ['azure-vm'],
};

/** Versions documented (in 2016) without VMware protection: DPM 2012 SP1/R2 and MABS v1. */
function lacksVmware(version: string | undefined, product: Product): boolean {
  if (product === 'dpm') return versionRank('dpm', version) >= 0 && versionRank('dpm', version) <= versionRank('dpm', '2012-r2');
  if (product === 'mabs') return version === 'v1';
  return false;
}

/** The workload types a product at a version protects, as this rule judges them (the plan scaffold offers only these). */
export function protectedTypes(product: Product, version: string | undefined): readonly WorkloadType[] {
  return PROTECTS[product].filter((type) => !(type === 'vmware-vm' && lacksVmware(version, product)));
}

function why(type: WorkloadType, server: Server, product: Product): string | undefined {
  if (!PROTECTS[product].includes(type)) {
    const protects = listWords(PROTECTS[product].map((t) => WORKLOAD_NAMES[t]));
    const alternative =
      type === 'azure-vm'
        ? 'use a server with product azure-vm-backup'
        : product === 'azure-vm-backup' && (type === 'files' || type === 'system-state')
          ? 'protect it with the MARS agent, DPM or MABS'
          : product === 'azure-vm-backup' || product === 'mars'
            ? 'protect it with DPM or MABS'
            : '';
    return `${PRODUCT_NAMES[product].long} does not protect ${WORKLOAD_NAMES[type]}; it protects ${protects}${alternative ? `: ${alternative}` : ''}`;
  }
  if (type === 'vmware-vm' && lacksVmware(server.version?.value, product)) {
    return `${productLabel(server)} does not protect VMware VMs (documented for DPM 2012 SP1/R2 and MABS v1): upgrade the server, or protect the VM with an agent in the guest`;
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'workload-unsupported',
    description: 'Each workload should be of a type the product of its server protects.',
    defaultSeverity: 'error',
    category: 'correctness',
    limits: [],
    sources: [SUPPORT_TABLE, MARS_SYSTEM_STATE, VMWARE_2016],
    docs:
      'MARS protects files and folders and system state of the Windows machine it runs on; Azure VM backup protects Azure VMs only; DPM and MABS protect files, system state, bare metal, Hyper-V and VMware VMs, SQL Server, SharePoint and Exchange, but not Azure VMs. Whether a Linux workload can be protected is the business of `linux-unsupported`: this rule looks at the workload type only. The 2016 overview (seed 004) lists VMware as unsupported by DPM and MABS of that time (DPM 2012 SP1/R2, MABS v1); MABS v3 protects VMware 5.5–6.7 (A9). Later DPM versions are not flagged, since the sources read do not settle them.',
  },
  check(ctx) {
    for (const { workload, type, server, product } of workloadRefs(ctx)) {
      if (!type || !server || !product || !(type in WORKLOAD_NAMES)) continue;
      const reason = why(type, server, product);
      if (!reason) continue;
      ctx.report({
        span: workload.type!.span,
        path: `${workload.path}.type`,
        message: `workload "${workload.name?.value ?? workload.index}" (${WORKLOAD_NAMES[type]}) on server "${server.name?.value}": ${reason}`,
        related: server.product ? [{ span: server.product.span, message: `server "${server.name?.value}" runs ${PRODUCT_NAMES[product].long}` }] : undefined,
      });
    }
  },
});

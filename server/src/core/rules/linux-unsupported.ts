import type { Server, WorkloadType } from '../model';
import { assumedNote, effectiveVersion, isLinux, PRODUCT_NAMES, productLabel, versionRank, WORKLOAD_NAMES } from '../products';
import type { Product } from '../types';
import { workloadRefs } from '../usage';
import { defineRule } from './define-rule';

/**
 * DPM 2012 SP1/R2 and MABS v1 (the versions the 2016 overview describes) protect Linux only as a
 * Hyper-V guest; Linux VMware guests are documented later (A1, A9).
 */
function hyperVOnly(server: Server, product: Product): boolean {
  const { version } = effectiveVersion(server);
  if (product === 'dpm') {
    const rank = versionRank('dpm', version);
    return rank >= 0 && rank <= versionRank('dpm', '2012-r2');
  }
  return product === 'mabs' && version === 'v1';
}

/** Why the product cannot protect this Linux workload (the message after "runs <os>, a Linux system"), or undefined. */
function why(type: WorkloadType | undefined, server: Server, product: Exclude<Product, 'azure-vm-backup'>): string | undefined {
  const label = productLabel(server);
  if (product === 'mars') {
    return ', but the MARS agent runs only on Windows: protect the machine as a Hyper-V or VMware VM with DPM or MABS, or with Azure VM backup if it is an Azure VM';
  }
  // Azure VMs on DPM/MABS are workload-unsupported's, whatever their OS; Hyper-V guests are fine.
  if (type === 'azure-vm' || type === 'hyperv-vm') return undefined;
  const hyperV = hyperVOnly(server, product);
  if (type === 'vmware-vm') {
    if (!hyperV) return undefined;
    return `; ${label} protects Linux only as a Hyper-V guest VM (documented for DPM 2012 SP1/R2 and MABS v1; Linux VMware guests are documented for later versions): run the VM on Hyper-V, or upgrade the server${assumedNote(server)}`;
  }
  if (server.deployment?.value === 'azure-vm') {
    return `, on server "${server.name?.value}", which runs ${label} as an Azure VM; DPM and MABS cannot back up Linux Azure VMs: protect the VM with Azure VM backup (a server with product azure-vm-backup)`;
  }
  return `; ${label} protects Linux only as a whole ${hyperV ? 'Hyper-V' : 'Hyper-V or VMware'} guest VM, file-consistent: protect the whole VM (type ${hyperV ? 'hyperv-vm' : 'hyperv-vm or vmware-vm'})${assumedNote(server)}`;
}

export default defineRule({
  meta: {
    id: 'linux-unsupported',
    description: 'A Linux workload should be protected by Azure VM backup, or by DPM or MABS as a whole Hyper-V or VMware guest VM.',
    defaultSeverity: 'error',
    category: 'correctness',
    limits: [],
    sources: [
      { ref: 'seed 004', quote: 'Azure Backup (MARS) agent |Yes |No (Only Windows based agent)' },
      { ref: 'seed 004', quote: 'No support for Linux' },
      { ref: 'seed 004', quote: 'System Center Data Protection Manager |Yes (Agent in guest) |Only Hyper-V (Not Azure VM) Only file-consistent backup is possible' },
      { ref: 'seed 004', quote: 'Azure Backup Server (MABS) |Yes (Agent in guest) |Only Hyper-V (Not Azure VM) Only file-consistent backup is possible (Same as DPM)' },
      { ref: 'A1', quote: '**Using DPM to back up on-premises machines running Linux** / File-consistent backup of Linux Guest VMs on Hyper-V and VMware.' },
      { ref: 'A1', quote: '**Using MABS or DPM to back up Linux Azure VMs** / Not supported.' },
      { ref: 'A9', quote: 'Linux  running as Hyper-V or VMware guest' },
    ],
    docs:
      'A workload is Linux when its `os` is a Linux id. The MARS agent runs only on Windows. DPM and MABS protect Linux only as a whole guest VM (`type: hyperv-vm` or `vmware-vm`), file-consistent; the 2016 overview (seed 004) says "Only Hyper-V", which bplan applies to the versions it describes (DPM 2012 SP1/R2, MABS v1; a server with no version is assumed to be one of them), while later documents add VMware guests (MABS v3 UR1, A9; current DPM, A1). DPM and MABS never back up Linux Azure VMs: a Linux workload of another type on a DPM/MABS server running as an Azure VM is reported as one (protect it with Azure VM backup). Azure VM backup protects Linux Azure VMs. A Linux workload of `type: azure-vm` on DPM/MABS is left to `workload-unsupported`, which reports Azure VMs on DPM/MABS whatever their OS; Linux guests on a DPM/MABS server in Azure are left to `cloud-server-protects-onprem`.',
  },
  check(ctx) {
    for (const { workload, os: system, server, product } of workloadRefs(ctx)) {
      if (!isLinux(system) || !server || !product || product === 'azure-vm-backup') continue;
      const os = workload.os!;
      const reason = why(workload.type?.value, server, product);
      if (!reason) continue;
      const kind = workload.type && workload.type.value in WORKLOAD_NAMES ? ` (${WORKLOAD_NAMES[workload.type.value]})` : '';
      ctx.report({
        span: os.span,
        path: `${workload.path}.os`,
        message: `workload "${workload.name?.value ?? workload.index}"${kind} runs ${os.value}, a Linux system${reason}`,
        related: server.product ? [{ span: server.product.span, message: `server "${server.name?.value}" runs ${PRODUCT_NAMES[product].long}` }] : undefined,
      });
    }
  },
});

import type { WorkloadType } from '../model';
import { productLabel, WORKLOAD_NAMES } from '../products';
import { workloadRefs } from '../usage';
import { defineRule } from './define-rule';

/** Workload types that are on premises by their nature; the plan format has no per-workload location. */
const ON_PREMISES: Partial<Record<WorkloadType, string>> = {
  'hyperv-vm': 'Hyper-V VMs run on an on-premises Hyper-V host',
  'vmware-vm': 'VMware VMs run on an on-premises VMware host',
  'bare-metal': 'bare-metal recovery is for on-premises machines; Azure VMs do not support it',
};

export default defineRule({
  meta: {
    id: 'cloud-server-protects-onprem',
    description: 'A DPM or MABS server running as an Azure VM should protect only workloads in Azure, not on-premises machines.',
    defaultSeverity: 'error',
    category: 'correctness',
    limits: [],
    sources: [
      { ref: 'A2', quote: "DPM/MABS running in Azure can't back up on-premises machines." },
      { ref: 'A9', quote: 'System  state and  bare metal  (Not  supported when workload is running as Azure virtual machine)' },
    ],
    docs:
      'A DPM or MABS server with `deployment: azure-vm` protects workloads in Azure only. The plan format has no location per workload, so bplan reports only the workloads that are on premises by their type: Hyper-V VMs and VMware VMs (whole guests backed up through their on-premises host) and bare-metal recovery (on premises, and not supported for Azure VMs either). Files, system state, SQL Server, SharePoint and Exchange may run on Azure VMs and are not reported; check yourself that they do. Protect on-premises workloads with a DPM or MABS server on premises (physical, Hyper-V or VMware VM).',
  },
  check(ctx) {
    for (const { workload, server, product, type: typeId } of workloadRefs(ctx)) {
      const deployment = server?.deployment;
      if (!server || (product !== 'dpm' && product !== 'mabs') || deployment?.value !== 'azure-vm') continue;
      const why = typeId && ON_PREMISES[typeId];
      const type = workload.type;
      if (!why || !type) continue;
      const name = `"${server.name?.value ?? server.index}"`;
      ctx.report({
        span: type.span,
        path: `${workload.path}.type`,
        message: `workload "${workload.name?.value ?? workload.index}" (${WORKLOAD_NAMES[type.value]}) is on premises (${why}), but server ${name} runs ${productLabel(server)} as an Azure VM, and DPM/MABS running in Azure cannot back up on-premises machines: protect it with a DPM or MABS server on premises`,
        related: [{ span: deployment.span, message: `server ${name} is deployed as an Azure VM` }],
      });
    }
  },
});

import { setBooleanFix } from '../fixes';
import { productLabel } from '../products';
import { defineRule } from './define-rule';

const IN_AZURE = new Set(['azure-vm', 'azure-stack-vm']);
const NOT_HYPERV = new Set(['physical', 'vmware-vm']);
const DEPLOYMENT_WORDS: Record<string, string> = {
  'azure-vm': 'an Azure VM',
  'azure-stack-vm': 'an Azure Stack VM',
  physical: 'a physical server',
  'vmware-vm': 'a VMware VM',
};

export default defineRule({
  meta: {
    id: 'pool-deduplication',
    description: 'Storage pool deduplication should be used only when DPM or MABS runs as a Hyper-V VM on premises.',
    defaultSeverity: 'error',
    category: 'correctness',
    limits: [],
    sources: [
      {
        ref: 'seed 004',
        quote:
          'Deduplication is supported for System Center DPM and Backup Server when it is [deployed in a Hyper-V virtual machine](http://blogs.technet.com/b/dpm/archive/2015/01/06/deduplication-of-dpm-storage-reduce-dpm-storage-consumption.aspx). Deduplication is performed at the host level by using Windows Server deduplication on virtual hard disks (VHDs) that are attached to the virtual machine as backup storage.',
      },
      {
        ref: 'seed 004',
        quote:
          'Deduplication is not available in Azure for any of the Backup components. When System Center DPM and Backup Server are deployed in Azure, the storage disks attached to the VM cannot be deduplicated.',
      },
      {
        ref: 'seed 001',
        quote:
          'Q: Can I get dedup on a Microsoft Azure Backup server storage pool? / A: Yes, dedup is available on a Microsoft Azure Backup server storage pool. The user experience for Microsoft Azure Backup server is exactly as detailed in this [DPM blog post](http://blogs.technet.com/b/dpm/archive/2015/01/06/deduplication-of-dpm-storage-reduce-dpm-storage-consumption.aspx).',
      },
    ],
    docs:
      'Deduplication of DPM/MABS storage is documented for one setup: the server runs as a Hyper-V VM and the Hyper-V host deduplicates the VHDs attached to it as backup storage (seed 004; the MABS FAQ, seed 001, points to the same DPM blog post). `storagePool.deduplication: true` is reported as unsupported when the server runs in Azure (`deployment: azure-vm`; bplan treats `azure-stack-vm` the same way), where the disks cannot be deduplicated. On a physical server or a VMware VM the setup is not the documented one: that case is advice and reported as a warning; suppress the finding with a reason if you have confirmed support for your version. A server as a Hyper-V VM, or with no `deployment`, is not reported.',
  },
  check(ctx) {
    for (const server of ctx.plan.servers) {
      const dedup = server.deduplication;
      const product = server.product?.value;
      const deployment = server.deployment;
      if (!dedup?.value || (product !== 'dpm' && product !== 'mabs') || !deployment) continue;
      const where = DEPLOYMENT_WORDS[deployment.value];
      if (!where) continue;
      const name = `"${server.name?.value ?? server.index}"`;
      const label = productLabel(server);
      let message: string;
      let severity: 'warning' | undefined;
      if (IN_AZURE.has(deployment.value)) {
        message = `deduplication is on for the storage pool of server ${name}, which runs ${label} as ${where}; deduplication is not available in Azure: the disks attached to the VM cannot be deduplicated, so set deduplication: false`;
      } else if (NOT_HYPERV.has(deployment.value)) {
        message = `deduplication is on for the storage pool of server ${name}, which runs ${label} as ${where}; DPM/MABS storage deduplication is documented only for a server running as a Hyper-V VM, with the host deduplicating the VHDs attached as backup storage: run the server as a Hyper-V VM or set deduplication: false`;
        severity = 'warning';
      } else {
        continue;
      }
      ctx.report({
        span: dedup.span,
        path: `${server.path}.storagePool.deduplication`,
        message,
        related: [{ span: deployment.span, message: `server ${name} is deployed as ${where}` }],
        ...(severity ? { severity } : {}),
        fixes: [setBooleanFix('deduplication', dedup, false)],
      });
    }
  },
});

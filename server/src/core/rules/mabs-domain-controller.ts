import type { LimitSource } from '../types';
import { workloadsNaming } from '../usage';
import { defineRule } from './define-rule';

const LOCAL_ONLY: LimitSource = {
  ref: 'seed 001',
  quote:
    'Microsoft Azure Backup server can only protect local data sources if co-installed on the same server as a domain controller. For Microsoft Azure Backup server to protect workloads on other servers, do not install it on same machine as domain controller.',
};

/** A computer name without its DNS suffix, in lower case: hosts are compared as Windows does. */
function computerName(name: string): string {
  return name.split('.')[0]!.toLowerCase();
}

export default defineRule({
  meta: {
    id: 'mabs-domain-controller',
    description: 'Azure Backup Server installed on a domain controller should protect only data on that server.',
    defaultSeverity: 'error',
    category: 'correctness',
    limits: [],
    sources: [LOCAL_ONLY],
    docs:
      'Reported for each workload of a MABS server with `domainController: true` whose `host` is not the MABS server itself (compared without DNS suffix and case), or that names no host. Azure Backup Server co-installed on a domain controller protects only local data sources (seed 001). Install MABS on a member server that is not a domain controller, or protect only the data of the domain controller itself. Note that for a Hyper-V or VMware VM the plan\'s `host` is the guest, so a VM is reported even when it runs on the MABS machine. Later documents go further and list a domain controller among the machines MABS cannot be installed on at all (product-limits.md §7b); bplan applies the seed\'s narrower rule.',
  },
  check(ctx) {
    for (const server of ctx.plan.servers) {
      const dc = server.domainController;
      const name = server.name?.value;
      if (server.product?.value !== 'mabs' || dc?.value !== true || name === undefined) continue;
      for (const { workload } of workloadsNaming(ctx, name)) {
        const host = workload.host;
        if (host && computerName(host.value) === computerName(name)) continue;
        // A workload of the server names it.
        const anchor = host ?? workload.server!;
        const label = `workload "${workload.name?.value ?? workload.index}"`;
        ctx.report({
          span: anchor.span,
          path: `${workload.path}.${host ? 'host' : 'server'}`,
          message: host
            ? `${label} is on ${host.value}, but Azure Backup Server on a domain controller protects only local data sources (${LOCAL_ONLY.ref}): install MABS on a server that is not a domain controller, or protect only data on ${name}`
            : `${label} names no host, and Azure Backup Server on a domain controller protects only local data sources (${LOCAL_ONLY.ref}): set host: ${name} if the data is on the MABS server, or install MABS on a server that is not a domain controller`,
          related: [{ span: dc.span, message: `server "${name}" is a domain controller` }],
        });
      }
    }
  },
});

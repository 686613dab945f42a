import { setStringFix } from '../fixes';
import { isLinux, productLabel } from '../products';
import { firstBy, usesOf } from '../usage';
import type { PolicyUse } from '../usage';
import { defineRule } from './define-rule';

/** "workload "a" (ubuntu-22.04)", "workloads "a" (ubuntu-22.04) and "b" (rhel-9)", … */
function workloadList(uses: readonly PolicyUse[]): string {
  const names = uses.map((u) => `"${u.workload.name?.value ?? u.workload.index}" (${u.workload.os!.value})`);
  const shown = names.length > 3 ? [...names.slice(0, 3), `${names.length - 3} more`] : names;
  const text = shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
  return `${uses.length === 1 ? 'workload' : 'workloads'} ${text}`;
}

export default defineRule({
  meta: {
    id: 'linux-consistency',
    description: 'A policy followed by Linux VMs should ask for file-consistent backups, the only kind DPM and MABS take of Linux guests.',
    defaultSeverity: 'error',
    category: 'correctness',
    limits: [],
    sources: [
      { ref: 'seed 004', quote: 'System Center Data Protection Manager |Yes (Agent in guest) |Only Hyper-V (Not Azure VM) Only file-consistent backup is possible' },
      { ref: 'seed 004', quote: 'Azure Backup Server (MABS) |Yes (Agent in guest) |Only Hyper-V (Not Azure VM) Only file-consistent backup is possible (Same as DPM)' },
      { ref: 'A9', quote: 'Only file-consistent snapshots are supported.' },
      { ref: 'A1', quote: 'App-aware backup for Windows VMs; file-consistent backup for Linux VMs. You can configure app-consistency for Linux machines by using custom scripts.' },
    ],
    docs:
      'Reports `consistency: application` on a policy that Linux guest VMs (`type: hyperv-vm` or `vmware-vm` with a Linux `os`) of a DPM or MABS server follow: DPM and MABS take only file-consistent backups of Linux guests. Set `consistency: file`, or give the Linux guests a policy of their own. Azure VM backup takes file-consistent backups of Linux VMs too, but application consistency can be configured with custom pre/post scripts in the VM (A1): a policy with `consistency: application` followed by Linux Azure VMs is reported as well, as a warning; once the scripts are in place, suppress that finding with a reason. Linux workloads the product cannot protect at all are left to `linux-unsupported`.',
  },
  check(ctx) {
    for (const policy of ctx.plan.policies) {
      const consistency = policy.consistency;
      if (consistency?.value !== 'application') continue;
      const linux = usesOf(ctx, policy).filter((u) => isLinux(u.workload.os?.value) && u.workload.type);
      const policyName = `"${policy.name?.value ?? policy.index}"`;
      for (const uses of firstBy(linux, (u) => u.server.name?.value ?? String(u.server.index)).values()) {
        const { server, product } = uses[0]!;
        const serverName = `"${server.name?.value ?? server.index}"`;
        let message: string;
        let guests: PolicyUse[];
        let severity: 'warning' | undefined;
        if (product === 'dpm' || product === 'mabs') {
          guests = uses.filter((u) => u.workload.type!.value === 'hyperv-vm' || u.workload.type!.value === 'vmware-vm');
          if (guests.length === 0) continue;
          message = `policy ${policyName} asks for application-consistent backups, but ${productLabel(server)} takes only file-consistent backups of Linux guest VMs, and ${workloadList(guests)} on server ${serverName} ${guests.length === 1 ? 'follows' : 'follow'} it: set consistency: file, or give the Linux guests a policy of their own with consistency: file`;
        } else if (product === 'azure-vm-backup') {
          guests = uses.filter((u) => u.workload.type!.value === 'azure-vm');
          if (guests.length === 0) continue;
          message = `policy ${policyName} asks for application-consistent backups, but Azure VM backup takes file-consistent backups of Linux VMs, and ${workloadList(guests)} ${guests.length === 1 ? 'follows' : 'follow'} it; application consistency for Linux needs custom pre/post scripts in each VM: set consistency: file, or suppress this finding with a reason once the scripts are in place`;
          severity = 'warning';
        } else {
          continue;
        }
        ctx.report({
          span: consistency.span,
          path: `${policy.path}.consistency`,
          message,
          related: guests.map((u) => ({ span: u.workload.os!.span, message: `workload "${u.workload.name?.value ?? u.workload.index}" runs ${u.workload.os!.value}, a Linux system` })),
          ...(severity ? { severity } : {}),
          fixes: [setStringFix(ctx.text, 'consistency', consistency, 'file', 'Linux guests get file-consistent backups')],
        });
      }
    }
  },
});

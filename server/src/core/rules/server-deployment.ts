import type { Server } from '../model';
import { assumedNote, effectiveVersion, isProduct, PRODUCT_NAMES, versionLabel } from '../products';
import type { LimitSource, Product, RelatedLocation, Span } from '../types';
import { workloadsNaming } from '../usage';
import { defineRule } from './define-rule';
import type { RuleContext } from './define-rule';

const DEPLOYMENTS: LimitSource = {
  ref: 'seed 000',
  quote:
    'DPM can be running as a physical server or a Hyper-V virtual machine installed on System Center 2012 SP1 or System Center 2012 R2. It can also be running as an Azure virtual machine running on System Center 2012 R2 with at least DPM 2012 R2 Update Rollup 3 or a Windows virtual machine in VMWare running on System Center 2012 R2 with at least Update Rollup 5.',
};
const VMWARE_A6: LimitSource = { ref: 'A6', quote: 'DPM on a VMware VM / System Center 2012 R2 with Update Rollup 5 or later.' };
const AZURE_A6: LimitSource = { ref: 'A6', quote: 'DPM on an Azure VM / System Center 2012 R2 with DPM 2012 R2 Update Rollup 3 or later.' };
const SP1_UR2: LimitSource = {
  ref: 'seed 000',
  quote:
    'If you’re running DPM with System Center 2012 SP1 you should install Update Roll up 2 for System Center Data Protection Manager SP1. This is required before you can install the Azure Backup Agent.',
};
const AZURE_STACK: LimitSource = { ref: 'A2', quote: "DPM can't be used to back up Azure Stack VMs." };

/** DPM deployments that need System Center 2012 R2 with an update rollup (seed 000, A6); DPM 2016 and later need none. */
const DPM_2012_R2_ROLLUP: Readonly<Record<string, { rollup: number; where: string }>> = {
  'azure-vm': { rollup: 3, where: 'an Azure VM' },
  'vmware-vm': { rollup: 5, where: 'a VMware VM' },
};

/** DPM 2012 SP1 needs Update Rollup 2 before the Azure Backup agent can be installed (seed 000). */
const SP1_AGENT_ROLLUP = 2;

function nameOf(product: Product, version: string | undefined): string {
  return version && (product === 'dpm' || product === 'mabs') ? `${PRODUCT_NAMES[product].short} ${versionLabel(version)}` : PRODUCT_NAMES[product].short;
}

/** The server's version, or its product when the version is missing. */
function versionRelated(server: Server, product: Product, version: string | undefined, what: string): RelatedLocation[] {
  const anchor = server.version ?? server.product;
  if (!anchor) return [];
  return [{ span: anchor.span, message: `${nameOf(product, version)}${server.version ? '' : ' (assumed)'} ${what}` }];
}

/** The first policy of this server's workloads that sends data to the vault, with the workload. */
function firstOnline(ctx: RuleContext, server: Server): { span: Span; message: string } | undefined {
  const name = server.name?.value;
  if (name === undefined) return undefined;
  for (const { workload } of workloadsNaming(ctx, name)) {
    if (!workload.policy) continue;
    const policy = ctx.policiesByName.get(workload.policy.value);
    if (policy?.online) {
      return { span: policy.online.keySpan ?? policy.online.span, message: `policy "${policy.name?.value}" of workload "${workload.name?.value ?? workload.index}" sends backups to the vault` };
    }
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'server-deployment',
    description: 'A DPM server should run where its version and update rollup support it, and Azure VM backup should have no deployment.',
    defaultSeverity: 'error',
    category: 'correctness',
    limits: [],
    sources: [DEPLOYMENTS, AZURE_A6, VMWARE_A6, SP1_UR2, AZURE_STACK],
    docs:
      'DPM 2012 SP1 and 2012 R2 run as a physical server or a Hyper-V VM; as an Azure VM DPM needs System Center 2012 R2 with Update Rollup 3 or later, and as a VMware VM 2012 R2 with Update Rollup 5 or later (seed 000, repeated by A6 in 2020). DPM 2016 and later have no such requirement. DPM 2012 SP1 needs Update Rollup 2 before the Azure Backup agent can be installed, so it is reported when a workload of the server follows a policy with `online` goals. Only MABS can run as an Azure Stack VM: "DPM can\'t be used to back up Azure Stack VMs" (A2). Azure VM backup is a service and not installed anywhere, so a `deployment` on an `azure-vm-backup` server has no meaning and is reported as a warning; remove the key. Set `updateRollup` to the rollup installed; a missing one counts as none. A DPM server without a version is checked as DPM 2012 R2, the version the source documents describe.',
  },
  check(ctx) {
    for (const server of ctx.plan.servers) {
      const product = server.product?.value;
      if (!isProduct(product)) continue;
      const deployment = server.deployment;

      if (product === 'azure-vm-backup') {
        if (!deployment) continue;
        ctx.report({
          span: deployment.keySpan ?? deployment.span,
          path: `${server.path}.deployment`,
          message: `deployment has no meaning for Azure VM backup: it is a service of the vault and not installed on any machine; remove the key (the VMs it protects are the workloads)`,
          severity: 'warning',
        });
        continue;
      }
      if (product !== 'dpm') continue;

      const { version } = effectiveVersion(server);
      const note = assumedNote(server);
      const name = nameOf(product, version);
      const rollup = server.updateRollup;

      if (deployment?.value === 'azure-stack-vm') {
        ctx.report({
          span: deployment.span,
          path: `${server.path}.deployment`,
          message: `DPM cannot run as an Azure Stack VM; only Azure Backup Server (MABS) can (${AZURE_STACK.ref}): use MABS on Azure Stack, or run DPM on premises`,
          related: server.product ? [{ span: server.product.span, message: `server "${server.name?.value}" runs ${PRODUCT_NAMES[product].long}` }] : undefined,
        });
      } else if (deployment && deployment.value in DPM_2012_R2_ROLLUP && (version === '2012-sp1' || version === '2012-r2')) {
        const need = DPM_2012_R2_ROLLUP[deployment.value]!;
        const where = need.where;
        if (version === '2012-sp1') {
          ctx.report({
            span: deployment.span,
            path: `${server.path}.deployment`,
            message: `DPM 2012 SP1 cannot run as ${where}; that needs System Center 2012 R2 with Update Rollup ${need.rollup} or later (${DEPLOYMENTS.ref}): upgrade to DPM 2012 R2 UR${need.rollup} or a later DPM, or run it as a physical server or Hyper-V VM`,
            related: versionRelated(server, product, version, 'is installed'),
          });
        } else if (!rollup || rollup.value < need.rollup) {
          ctx.report({
            span: rollup ? rollup.span : deployment.span,
            path: `${server.path}.${rollup ? 'updateRollup' : 'deployment'}`,
            message: `${name} runs as ${where} only with Update Rollup ${need.rollup} or later (${DEPLOYMENTS.ref}), and ${rollup ? `updateRollup is ${rollup.value}` : 'no updateRollup is given'}: install Update Rollup ${need.rollup} or later${note}`,
            related: [
              ...(rollup ? [{ span: deployment.span, message: `deployed as ${where}` }] : []),
              ...versionRelated(server, product, version, `needs Update Rollup ${need.rollup} as ${where}`),
            ],
          });
        }
      }

      if (version === '2012-sp1' && (!rollup || rollup.value < SP1_AGENT_ROLLUP)) {
        const online = firstOnline(ctx, server);
        if (online) {
          const anchor = rollup ?? server.version!;
          ctx.report({
            span: anchor.span,
            path: `${server.path}.${rollup ? 'updateRollup' : 'version'}`,
            message: `DPM 2012 SP1 needs Update Rollup ${SP1_AGENT_ROLLUP} before the Azure Backup agent can be installed (${SP1_UR2.ref}), and ${rollup ? `updateRollup is ${rollup.value}` : 'no updateRollup is given'}: install Update Rollup ${SP1_AGENT_ROLLUP} or later before backing up to the vault`,
            related: [...(rollup && server.version ? [{ span: server.version.span, message: 'DPM 2012 SP1 is installed' }] : []), online],
          });
        }
      }
    }
  },
});

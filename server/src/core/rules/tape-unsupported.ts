import { setBooleanFix } from '../fixes';
import type { Server } from '../model';
import { isProduct, PRODUCT_NAMES, productLabel } from '../products';
import type { RelatedLocation } from '../types';
import { firstBy, usesOf } from '../usage';
import { defineRule } from './define-rule';

function serverName(server: Server): string {
  return `"${server.name?.value ?? server.index}"`;
}

function productRelated(server: Server): RelatedLocation[] {
  const product = server.product?.value;
  return server.product && isProduct(product) ? [{ span: server.product.span, message: `server ${serverName(server)} runs ${PRODUCT_NAMES[product].long}` }] : [];
}

function inAzure(server: Server): boolean {
  return server.deployment?.value === 'azure-vm';
}

export default defineRule({
  meta: {
    id: 'tape-unsupported',
    description: 'Tape should be used only by DPM on premises, and tape goals only by workloads of a DPM server with tape enabled.',
    defaultSeverity: 'error',
    category: 'correctness',
    limits: [],
    sources: [
      { ref: 'seed 004', quote: 'However, only System Center DPM provides the option to write data to a tape storage device.' },
      { ref: 'seed 004', quote: 'Locally attached disk, / Azure Backup vault, / tape (on-premises only)' },
      {
        ref: 'seed 001',
        quote:
          'Microsoft Azure Backup server inherits the functionality of Data Protection Manager (DPM) for workload backup, however, it does not provide protection on tape or integrate with System Center.',
      },
      {
        ref: 'seed 000',
        quote:
          'If DPM is deployed as an Azure virtual machine you can back up data to Azure disks attached to the DPM Azure virtual machine, or you can offload the data storage by backing it up to a Recovery Services vault.',
      },
      { ref: 'A8', quote: "Though Azure Backup Server shares much of the same functionality as DPM, Azure Backup Server doesn't back up to tape, nor does it integrate with System Center." },
      { ref: 'A2', quote: "DPM allows you to back up data for long-term storage on tape. MABS doesn't provide this functionality." },
    ],
    docs:
      'Only System Center DPM writes to tape, and only on premises: the 2016 overview (seed 004) lists tape as a target of DPM "on-premises only", and DPM as an Azure VM backs up to Azure disks and the vault (seed 000). Reported: `tape: { enabled: true }` on a MABS, MARS or Azure VM backup server, or on a DPM server with `deployment: azure-vm`; a policy with `tape` goals that workloads of such a server follow. A policy with `tape` goals followed by workloads of an on-premises DPM server whose tape is not enabled is reported too, since its tape goals do nothing there: that case is a plan inconsistency rather than a product limit and is reported as a warning. Keep long-term copies in the vault (`online.retention`) instead, or enable the tape library on the DPM server.',
  },
  check(ctx) {
    for (const server of ctx.plan.servers) {
      const enabled = server.tapeEnabled;
      const product = server.product?.value;
      if (!enabled?.value || !isProduct(product)) continue;
      const path = `${server.path}.tape.enabled`;
      if (product !== 'dpm') {
        ctx.report({
          span: enabled.span,
          path,
          message: `tape is enabled on server ${serverName(server)}, but ${PRODUCT_NAMES[product].long} cannot back up to tape; only System Center DPM can: set tape.enabled: false and keep long-term copies in the vault (online retention)`,
          related: productRelated(server),
          fixes: [setBooleanFix('tape.enabled', enabled, false)],
        });
      } else if (inAzure(server)) {
        ctx.report({
          span: enabled.span,
          path,
          message: `tape is enabled on server ${serverName(server)}, but ${productLabel(server)} running as an Azure VM cannot write to tape; DPM writes to tape on premises only: set tape.enabled: false and keep long-term copies in the vault (online retention)`,
          related: server.deployment ? [{ span: server.deployment.span, message: `server ${serverName(server)} is deployed as an Azure VM` }] : [],
          fixes: [setBooleanFix('tape.enabled', enabled, false)],
        });
      }
    }

    for (const policy of ctx.plan.policies) {
      if (!policy.tape) continue;
      const span = policy.tape.keySpan ?? policy.tape.span;
      const path = `${policy.path}.tape`;
      const policyName = `"${policy.name?.value ?? policy.index}"`;
      // One finding per product that has no tape, and one per DPM server that cannot use the goals.
      const groups = firstBy(usesOf(ctx, policy), (u) => (u.product === 'dpm' ? `server:${u.server.name?.value ?? u.server.index}` : `product:${u.product}`));
      for (const uses of groups.values()) {
        const { workload, server, product } = uses[0]!;
        const followed = `workload "${workload.name?.value ?? workload.index}" follows it on server ${serverName(server)}`;
        if (product !== 'dpm') {
          ctx.report({
            span,
            path,
            message: `policy ${policyName} has tape goals, but ${followed}, and ${PRODUCT_NAMES[product].long} cannot back up to tape; only System Center DPM can: remove the tape goals and keep long-term copies in the vault (online retention)`,
            related: productRelated(server),
          });
        } else if (inAzure(server)) {
          // A DPM server in Azure with tape enabled is reported on the server itself.
          if (server.tapeEnabled?.value) continue;
          ctx.report({
            span,
            path,
            message: `policy ${policyName} has tape goals, but ${followed}, and ${productLabel(server)} running as an Azure VM cannot write to tape; DPM writes to tape on premises only: remove the tape goals and keep long-term copies in the vault (online retention)`,
            related: server.deployment ? [{ span: server.deployment.span, message: `server ${serverName(server)} is deployed as an Azure VM` }] : [],
          });
        } else if (!server.tapeEnabled?.value) {
          const where = server.tapeEnabled ?? server.name;
          ctx.report({
            span,
            path,
            message: `policy ${policyName} has tape goals, but ${followed}, which has no tape library enabled, so the tape goals do nothing there: set tape: { enabled: true } on the server if it has a tape library, or remove the tape goals`,
            related: where ? [{ span: where.span, message: server.tapeEnabled ? `tape is not enabled on server ${serverName(server)}` : `server ${serverName(server)} has no tape: { enabled: true }` }] : [],
            severity: 'warning',
          });
        }
      }
    }
  },
});

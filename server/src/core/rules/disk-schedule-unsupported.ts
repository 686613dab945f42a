import { PRODUCT_NAMES } from '../products';
import { listWords } from '../text';
import { firstBy, firstUseByProduct, usesOf } from '../usage';
import { defineRule } from './define-rule';

/** Products that keep no recovery points on a local disk: they back up straight to the vault. */
const NO_DISK = new Set(['mars', 'azure-vm-backup']);

export default defineRule({
  meta: {
    id: 'disk-schedule-unsupported',
    description: 'A policy followed by MARS or Azure VM backup workloads should have no disk goals, since those products back up only to the vault.',
    defaultSeverity: 'warning',
    category: 'correctness',
    limits: [],
    sources: [
      { ref: 'seed 004', quote: 'Azure Backup agent | System Center DPM | Azure Backup Server | Azure Backup (VM extension)' },
      {
        ref: 'seed 004',
        quote:
          'Backup frequency (to disk) |Not applicable |Every 15 minutes for SQL Server / Every hour for other workloads |Every 15 minutes for SQL Server / Every hour for other workloads |Not applicable',
      },
      {
        ref: 'seed 004',
        quote: 'Recovery points on local disk |Not applicable |64 for File Servers, / 448 for Application Servers |64 for File Servers, / 448 for Application Servers |Not applicable',
      },
    ],
    docs:
      'Only DPM and MABS keep recovery points on a local disk; for the Azure Backup (MARS) agent and Azure VM backup (the VM extension), disk backup frequency and disk recovery points are "Not applicable" (seed 004). A `disk:` section on a policy that MARS or Azure VM backup workloads follow is ignored for them: remove it, or, where DPM or MABS workloads share the policy, give the MARS or Azure VM workloads a policy of their own without disk goals.',
  },
  check(ctx) {
    for (const policy of ctx.plan.policies) {
      const disk = policy.disk;
      if (!disk) continue;
      const byProduct = firstUseByProduct(ctx, policy);
      if (!byProduct.has('mars') && !byProduct.has('azure-vm-backup')) continue;
      const uses = usesOf(ctx, policy);
      const ignored = uses.filter((u) => NO_DISK.has(u.product));
      if (!ignored.length) continue;
      const groups = firstBy(ignored, (u) => u.product);
      const products = [...groups.keys()].map((p) => PRODUCT_NAMES[p].short);
      const shared = byProduct.has('dpm') || byProduct.has('mabs');
      const first = ignored[0]!.workload;
      const who =
        ignored.length === 1
          ? `workload "${first.name?.value ?? first.index}" follows it on ${products[0]}`
          : `${ignored.length} workloads on ${listWords(products, 'and')} follow it`;
      ctx.report({
        span: disk.keySpan ?? disk.span,
        path: `${policy.path}.disk`,
        message: shared
          ? `policy "${policy.name?.value}" has disk goals, which ${listWords(products, 'and')} ignore${products.length === 1 ? 's' : ''}: ${who}, and ${listWords(products, 'and')} back${products.length === 1 ? 's' : ''} up only to the vault; give ${ignored.length === 1 ? 'it' : 'them'} a policy of ${ignored.length === 1 ? 'its' : 'their'} own without disk goals`
          : `policy "${policy.name?.value}" has disk goals, but ${who}, and ${listWords(products, 'and')} keep${products.length === 1 ? 's' : ''} no recovery points on a local disk: the disk goals are ignored; remove the disk section`,
        related: [...groups.values()].map((group) => {
          const { server, product } = group[0]!;
          return { span: server.product?.span ?? server.span, message: `server "${server.name?.value}" runs ${PRODUCT_NAMES[product].long}, which backs up only to the vault` };
        }),
      });
    }
  },
});

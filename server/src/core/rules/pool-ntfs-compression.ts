import { setBooleanFix } from '../fixes';
import { isProduct, productLabel } from '../products';
import { defineRule } from './define-rule';

export default defineRule({
  meta: {
    id: 'pool-ntfs-compression',
    description: 'The volumes of a DPM or MABS storage pool should not use NTFS compression.',
    defaultSeverity: 'error',
    category: 'correctness',
    limits: [],
    sources: [
      { ref: 'A2', quote: "NTFS compression isn't supported on DPM/MABS volumes." },
      {
        ref: 'seed 001',
        quote:
          'Q: Is NTFS compression supported on Microsoft Azure Backup server disks/volumes which are used for disk backups? / A: NTFS is **not** supported on disks/volumes attached to Microsoft Azure Backup server.',
      },
    ],
    docs:
      'Reports `storagePool.ntfsCompression: true` on DPM and MABS of every version. The 2015 MABS FAQ (seed 001) answers the question about NTFS compression with "NTFS is not supported"; read with its question, and with the later support matrix (A2), it means NTFS compression. Turn compression off on the pool volumes (and set `ntfsCompression: false`); backups to the vault are compressed by the product itself.',
  },
  check(ctx) {
    for (const server of ctx.plan.servers) {
      const compression = server.ntfsCompression;
      if (!compression?.value) continue;
      const product = server.product?.value;
      if (isProduct(product) && product !== 'dpm' && product !== 'mabs') continue;
      const label = product === 'dpm' || product === 'mabs' ? productLabel(server) : 'DPM/MABS';
      ctx.report({
        span: compression.span,
        path: `${server.path}.storagePool.ntfsCompression`,
        message: `NTFS compression is on for the storage pool of server "${server.name?.value ?? server.index}"; ${label} does not support NTFS compression on its volumes (DPM and MABS, all versions): turn compression off on the pool volumes and set ntfsCompression: false`,
        fixes: [setBooleanFix('ntfsCompression', compression, false)],
      });
    }
  },
});

import type { Server } from '../model';
import { isProduct, productLabel } from '../products';
import { defineRule } from './define-rule';

/** The disk types a DPM/MABS storage pool cannot use, as they read in messages. */
const UNSUPPORTED: Record<string, { what: string; rule: string }> = {
  usb: { what: 'a USB drive', rule: 'USB and removable drives are not supported' },
  removable: { what: 'a removable drive', rule: 'USB and removable drives are not supported' },
  nas: { what: 'network-attached storage (NAS)', rule: 'NAS is not supported' },
};

/** A storage pool belongs to DPM or MABS; on a server of another product it means nothing here. */
function poolApplies(server: Server): boolean {
  const product = server.product?.value;
  return !isProduct(product) || product === 'dpm' || product === 'mabs';
}

export default defineRule({
  meta: {
    id: 'pool-disk-type',
    description: 'Storage pool disks should be fixed disks or VHDs, not USB, removable or network-attached storage.',
    defaultSeverity: 'error',
    category: 'correctness',
    limits: [],
    sources: [
      { ref: 'A2', quote: "USB or removable drives aren't supported." },
      { ref: 'A2', quote: "Network-attached storage (NAS) isn't supported for use in the DPM storage pool." },
      { ref: 'seed 001', quote: 'Q: Can USB or removal drives be used for a Microsoft Azure Backup server storage pool? / A: No.' },
      { ref: 'seed 001', quote: 'Q: Can I provide a virtual disk (VHD/HDx) in the Microsoft Azure Backup server storage pool? / A: Yes.' },
    ],
    docs:
      'Each disk of `storagePool.disks` with `type: usb`, `removable` or `nas` is reported, on DPM and MABS of every version. Use fixed local or SAN disks (`type: fixed`); a virtual hard disk attached to the server (`type: vhd`) is supported too, as is the case when DPM or MABS runs as a VM.',
  },
  check(ctx) {
    for (const server of ctx.plan.servers) {
      if (!poolApplies(server)) continue;
      const product = server.product?.value;
      for (const disk of server.poolDisks) {
        const type = disk.type;
        const bad = type ? UNSUPPORTED[type.value] : undefined;
        if (!type || !bad) continue;
        const pool = product === 'dpm' || product === 'mabs' ? `a ${productLabel(server)} storage pool` : 'a DPM/MABS storage pool';
        const diskName = disk.name ? `"${disk.name.value}"` : `#${disk.index + 1}`;
        ctx.report({
          span: type.span,
          path: `${server.path}.storagePool.disks[${disk.name?.value ?? disk.index}].type`,
          message: `storage pool disk ${diskName} of server "${server.name?.value ?? server.index}" is ${bad.what}; ${bad.rule} in ${pool}: use a fixed local or SAN disk (type: fixed) or a VHD attached to the server (type: vhd)`,
        });
      }
    }
  },
});

import type { Policy, Server, Workload } from '../model';
import { PRODUCT_NAMES, productLabel, WORKLOAD_NAMES } from '../products';
import type { LimitSource, Product, Severity } from '../types';
import { workloadRefs } from '../usage';
import { defineRule } from './define-rule';

/** Seed 000's two lists, item by item (each a bullet line of the seed). */
const SEED000 = (quote: string): LimitSource => ({ ref: 'seed 000', quote });

type Kind = 'skipped' | 'unsupported' | 'full-only';

/** Skipped files are missing from the backup; unsupported kinds are an unsupported setup; full-only costs time and storage. */
const SEVERITY: Record<Kind, Severity> = { skipped: 'warning', unsupported: 'error', 'full-only': 'info' };

/**
 * What Azure Backup does with each kind of file listed in `fileAttributes` when it backs up to the
 * vault. Kinds left out (compressed, sparse, compressed-sparse) are supported, incremental backups too.
 */
const ATTRIBUTES: Readonly<Record<string, { kind: Kind; what: string }>> = {
  'hard-links': { kind: 'skipped', what: 'hard links' },
  'reparse-points': { kind: 'skipped', what: 'reparse points' },
  'encrypted-compressed': { kind: 'skipped', what: 'files both encrypted and compressed' },
  'encrypted-sparse': { kind: 'skipped', what: 'files both encrypted and sparse' },
  'compressed-stream': { kind: 'unsupported', what: 'compressed streams' },
  'sparse-stream': { kind: 'unsupported', what: 'sparse streams' },
  'case-sensitive': { kind: 'unsupported', what: 'a case-sensitive file system' },
  encrypted: { kind: 'full-only', what: 'encrypted files' },
};

/** Workload types whose data is files on a volume (the types the seed's file lists speak of). */
const FILE_TYPES = new Set(['files', 'system-state']);

/**
 * Whether the workload's data goes to the vault: always with the MARS agent (it backs up only to
 * Azure); with DPM and MABS when its policy has online goals.
 */
function sentToVault(product: Product, policy: Policy | undefined): boolean {
  if (product === 'mars') return true;
  if (product === 'dpm' || product === 'mabs') return policy?.online !== undefined;
  return false;
}

function message(workload: Workload, server: Server, product: Product, attribute: string): string | undefined {
  const entry = ATTRIBUTES[attribute];
  if (!entry) return undefined;
  const name = `workload "${workload.name?.value ?? workload.index}"`;
  const via = product === 'mars' ? `the MARS agent on "${server.name?.value}"` : `${productLabel(server)} server "${server.name?.value}"`;
  switch (entry.kind) {
    case 'skipped':
      return `${name} holds ${entry.what}, which Azure Backup skips when ${via} backs up to the vault: these files will not be in the backup; protect them another way, or replace them with ordinary files`;
    case 'unsupported':
      return attribute === 'case-sensitive'
        ? `${name} is on a case-sensitive file system, and servers on case-sensitive file systems are not supported for backup to Azure (${via}): turn case sensitivity off for the protected folders, or protect this data another way`
        : `${name} holds ${entry.what}, which are not supported for backup to Azure and are left out of the backup that ${via} sends to the vault: protect them another way`;
    case 'full-only':
      return `${name} holds encrypted files, which are backed up to the vault in full every time, never incrementally: every backup transfers and stores their whole size again`;
  }
}

export default defineRule({
  meta: {
    id: 'file-attributes',
    description: 'Files sent to the vault should be of a kind Azure Backup backs up, not one it skips or does not support.',
    defaultSeverity: 'warning',
    category: 'correctness',
    limits: [],
    sources: [
      SEED000('These file types are supported for back up to Azure'),
      SEED000('Encrypted (Full backups only)'),
      SEED000('Compressed (Incremental backups supported)'),
      SEED000('Sparse (Incremental backups supported)'),
      SEED000('Compressed and sparse (Treated as Sparse)'),
      SEED000('And these are unsupported'),
      SEED000('Servers on case-sensitive file systems aren’t supported.'),
      SEED000('Hard links (Skipped)'),
      SEED000('Reparse points (Skipped)'),
      SEED000('Encrypted and compressed (Skipped)'),
      SEED000('Encrypted and sparse (Skipped)'),
      SEED000('Compressed stream'),
      SEED000('Sparse stream'),
      {
        ref: 'A3',
        quote:
          'Hard links/ Not supported. Skipped. / Reparse point/ Not supported. Skipped. / Encrypted and sparse /Not supported. Skipped. / Compressed stream/ Not supported. Skipped. / Sparse stream/ Not supported. Skipped. / OneDrive (synced files are sparse streams)/ Not supported. / Folders with DFS Replication enabled / Not supported.',
      },
      { ref: 'A4', quote: 'Encrypted + Compressed: Not supported, skipped' },
    ],
    docs:
      'Lists in `workloads[].fileAttributes` the kinds of files a files or system-state workload holds, and checks them against what Azure Backup does with them on the way to the vault (the MARS agent always; DPM and MABS when the policy has `online` goals). Hard links, reparse points, and files both encrypted and compressed or encrypted and sparse are skipped: they will not be in the backup. Compressed streams, sparse streams and servers on case-sensitive file systems are not supported (the MARS support matrix, A3, says the streams are skipped too). Encrypted files are backed up in full only, never incrementally, which costs transfer time and storage. Compressed, sparse, and compressed and sparse files are supported, incremental backups too, and are not reported. Each listed kind is reported on its own item: skipped kinds as a warning, unsupported kinds as an error, encrypted files as information. A level set for the rule in the configuration applies to all of them.',
  },
  check(ctx) {
    for (const { workload, type, server, product, policy } of workloadRefs(ctx)) {
      if (!type || !FILE_TYPES.has(type) || !server || !product || !sentToVault(product, policy)) continue;
      const attributes = workload.fileAttributes;
      if (!attributes) continue;
      attributes.value.forEach((item, i) => {
        const text = message(workload, server, product, item.value);
        if (!text) return;
        ctx.report({
          severity: SEVERITY[ATTRIBUTES[item.value]!.kind],
          span: item.span,
          path: `${workload.path}.fileAttributes[${i}]`,
          message: text,
          related: [
            ...(server.product ? [{ span: server.product.span, message: `server "${server.name?.value}" runs ${PRODUCT_NAMES[product].long}` }] : []),
            ...(product !== 'mars' && policy?.online?.keySpan
              ? [{ span: policy.online.keySpan, message: `policy "${policy.name?.value}" sends ${WORKLOAD_NAMES[workload.type!.value]} to the vault` }]
              : []),
          ],
        });
      });
    }
  },
});

import { limit } from '../limits';
import type { Located, Product, RelatedLocation } from '../types';
import type { Server } from '../model';
import { effectiveVersion, limitApplies, PRODUCT_NAMES, productLabel } from '../products';
import { workloadRefs } from '../usage';
import { defineRule } from './define-rule';

const MAX = limit('datasource-size-max');
const LEGACY = limit('datasource-size-max-legacy-os');

/** Windows versions on which the MARS agent backs up at most 1,700 GB per volume (A3). */
const LEGACY_OS: Readonly<Record<string, string>> = {
  'windows-server-2008-sp2': 'Windows Server 2008 SP2',
  'windows-server-2008-r2-sp1': 'Windows Server 2008 R2 SP1',
  'windows-7': 'Windows 7',
};

/** The related location that names the server's product. */
function runs(server: Server, product: Product): RelatedLocation {
  return { span: server.product!.span, message: `server "${server.name?.value}" runs ${PRODUCT_NAMES[product].long}` };
}

export default defineRule({
  meta: {
    id: 'datasource-size',
    description: 'A data source backed up to the vault by the MARS agent, DPM or MABS should not exceed 54400 GB, or 1700 GB for the MARS agent on Windows Server 2008 and Windows 7.',
    defaultSeverity: 'error',
    category: 'limits',
    limits: [MAX.id, LEGACY.id],
    docs:
      'Checks `sizeGB` of each workload protected by the MARS agent, DPM or MABS against the largest data source Azure Backup takes into a vault, 54,400 GB (seed 000, A1). The limit does not apply to Azure VM backup ("This limit doesn\'t apply to Azure VM backups"), nor to a DPM/MABS workload whose policy has no `online` goals (its data stays on disk or tape). The MARS agent on Windows Server 2008 SP2, Windows Server 2008 R2 SP1 or Windows 7 backs up at most 1,700 GB per volume (A3); the operating system is the workload\'s `os`, or else its MARS server\'s. Split a data source that is too large (separate volumes, folders or databases), or move a MARS machine to Windows Server 2012 or later.',
  },
  check(ctx) {
    // Which limits apply depends on the server only: worked out once per server.
    const limitsOf = new Map<Server, { max: boolean; legacy: boolean }>();
    for (const { workload, server, product, type, policy } of workloadRefs(ctx)) {
      if (!server || !product || type === 'azure-vm') continue;
      // Unless its policy is known and has no online goals (the data stays on disk or tape), a DPM/MABS workload is sent to the vault.
      if ((product === 'dpm' || product === 'mabs') && policy && policy.online === undefined) continue;
      let applies = limitsOf.get(server);
      if (!applies) {
        const { version } = effectiveVersion(server);
        applies = { max: limitApplies(MAX, product, version), legacy: limitApplies(LEGACY, product, version) };
        limitsOf.set(server, applies);
      }
      if (!applies.max) continue;
      const size = workload.sizeGB;
      if (!size) continue;

      const name = `data source "${workload.name?.value ?? workload.index}"`;
      const path = `${workload.path}.sizeGB`;
      const os: Located<string> | undefined = product === 'mars' ? (workload.os ?? server.os) : undefined;
      const legacy = os && LEGACY_OS[os.value] !== undefined && applies.legacy;

      if (legacy) {
        const osName = LEGACY_OS[os.value]!;
        if (size.value <= LEGACY.value) {
          ctx.measure({ limit: LEGACY, value: size.value, span: size.span, path, what: `size of ${name} (MARS on ${osName})` });
          continue;
        }
        ctx.report({
          span: size.span,
          path,
          message: `${name} is ${size.value} GB; the MARS agent on ${osName} backs up at most ${LEGACY.value} ${LEGACY.unit} per volume (${LEGACY.appliesTo}): split the data over volumes of at most ${LEGACY.value} GB, or move it to Windows Server 2012 or later, where the limit is ${MAX.value} GB`,
          related: [{ span: os.span, message: os === workload.os ? `the protected machine runs ${osName}` : `server "${server.name?.value}" runs ${osName}` }, runs(server, product)],
        });
        continue;
      }
      if (size.value <= MAX.value) {
        ctx.measure({ limit: MAX, value: size.value, span: size.span, path, what: `size of ${name}` });
        continue;
      }
      ctx.report({
        span: size.span,
        path,
        message: `${name} is ${size.value} GB; ${productLabel(server)} backs up a data source of at most ${MAX.value} ${MAX.unit} to the vault (${MAX.appliesTo}): split it into smaller data sources, such as separate volumes, folders or databases`,
        related: [runs(server, product)],
      });
    }
  },
});

import type { Server } from '../model';
import { assumedNote, effectiveVersion, isProduct, matchesSpec, PRODUCT_NAMES, versionLabel } from '../products';
import { listWords } from '../text';
import type { LimitSource, Product, RelatedLocation } from '../types';
import { defineRule } from './define-rule';

// --- Sources -------------------------------------------------------------------------------------

const MABS_V1_SEED: LimitSource = { ref: 'seed 001', quote: 'Microsoft Azure Backup can be installed on Windows Server 2008 R2 SP1, 2012 and 2012 R2.' };
const MABS_V1_A7: LimitSource = { ref: 'A7', quote: 'Windows Server 2012 R2 and latest SPs/ 64 bit/ Standard, Datacenter, Foundation' };
const MABS_V1_A7_2012: LimitSource = { ref: 'A7', quote: 'Windows Server 2012 and latest SPs' };
const MABS_V2: LimitSource = {
  ref: 'A18',
  quote:
    'You can install Backup Server v2 on Windows Server 2016 or Windows Server 2012 R2. To take advantage of new features like System Center 2016 Data Protection Manager Modern Backup Storage, you must install Backup Server v2 on Windows Server 2016.',
};
const MABS_V3: LimitSource = { ref: 'A8', quote: 'MABS v3 and later: Windows Server 2016 or Windows Server 2019' };
const MABS_V3_EARLY: LimitSource = {
  ref: 'A2a',
  quote:
    'MABS v3 and later: Windows Server 2019 (Standard, Datacenter, Essentials). / MABS v2 and later: Windows Server 2016 (Standard, Datacenter, Essentials). / All MABS versions: Windows Server 2012 R2. / All MABS versions: Windows Storage Server 2012 R2.',
};
const MABS_V4: LimitSource = {
  ref: 'A2',
  quote: 'MABS v4 and later: Windows Server 2022 or Windows Server 2019 / MABS v3, UR1 and UR2: Windows Server 2019 and Windows Server 2016',
};
const MABS_CORE: LimitSource = { ref: 'A2', quote: "Installing Azure Backup Server isn't supported on Windows Server Core or Microsoft Hyper-V Server." };
const MARS_CORE: LimitSource = { ref: 'A3', quote: 'The MARS agent does not support Windows Server Core SKUs.' };
const DPM_2012: LimitSource = {
  ref: 'A6',
  quote:
    'DPM on a physical server / System Center 2012 SP1 or later; System Center 2012 R2.',
};
const DPM_2016: LimitSource = {
  ref: 'S10',
  quote: 'Windows Server 2016, Datacenter, and Standard editions / Windows Server 2012 R2, Datacenter, and Standard editions',
};
const DPM_2019: LimitSource = {
  ref: 'S12',
  quote:
    'Windows Server 2019, Datacenter, and Standard editions (Windows Server Core 2019 is supported in DPM 2019 UR1) / Windows Server 2016, Datacenter, and Standard editions / Windows Server 2012 R2, Datacenter, and Standard editions (Not applicable for DPM 2019)',
};
const DPM_2022: LimitSource = {
  ref: 'S11',
  quote: 'Windows Server 2022, Datacenter, and Standard editions / Windows Server 2019, Datacenter, and Standard editions (Windows Server Core 2019 is supported)',
};

// --- The OS-support table ------------------------------------------------------------------------

interface OsRow {
  /** Product and versions, as a limit's product spec (products.ts `matchesSpec`). */
  readonly spec: string;
  /** The operating systems the product version installs on; undefined where no list was found. */
  readonly supported?: readonly string[];
  /** Operating systems newer than the source, which therefore cannot settle them: not flagged. */
  readonly unsettled?: readonly string[];
  readonly sources: readonly LimitSource[];
}

/**
 * Where each DPM and MABS version can be installed (os ids of the plan schema). MARS has no row:
 * its OS list changed with every agent release, and the plan's MARS version is an agent build.
 */
const OS_SUPPORT: readonly OsRow[] = [
  // Seed 001 (2015) adds 2008 R2 SP1 to A7's (2016) 2012 and 2012 R2; bplan accepts all three.
  { spec: 'mabs@v1', supported: ['windows-server-2008-r2-sp1', 'windows-server-2012', 'windows-server-2012-r2'], sources: [MABS_V1_SEED, MABS_V1_A7, MABS_V1_A7_2012] },
  { spec: 'mabs@v2', supported: ['windows-server-2012-r2', 'windows-server-2016'], sources: [MABS_V2] },
  // The 2019 matrix (A2a, first version) also says "All MABS versions: Windows Server 2012 R2"; the later text (A8, A2) does not: bplan applies the later one.
  { spec: 'mabs@v3', supported: ['windows-server-2016', 'windows-server-2019'], sources: [MABS_V3, MABS_V4, MABS_V3_EARLY] },
  // A2 (2023) predates Windows Server 2025.
  { spec: 'mabs@v4', supported: ['windows-server-2019', 'windows-server-2022'], unsettled: ['windows-server-2025'], sources: [MABS_V4] },
  // No OS list was found for DPM 2012 SP1/R2 (product-limits.md §7a): only a client OS is reported.
  { spec: 'dpm@2012-sp1..2012-r2', sources: [DPM_2012] },
  { spec: 'dpm@2016', supported: ['windows-server-2012-r2', 'windows-server-2016'], sources: [DPM_2016] },
  // S12 (07/06/2020) predates Windows Server 2022 and 2025.
  { spec: 'dpm@2019', supported: ['windows-server-2016', 'windows-server-2019'], unsettled: ['windows-server-2022', 'windows-server-2025'], sources: [DPM_2019] },
  // S11 (10/08/2024) predates Windows Server 2025.
  { spec: 'dpm@2022', supported: ['windows-server-2019', 'windows-server-2022'], unsettled: ['windows-server-2025'], sources: [DPM_2022] },
];

interface EditionRow {
  readonly spec: string;
  readonly editions: readonly string[];
  /** The edition is supported from this update rollup on. */
  readonly fromUpdateRollup?: number;
  readonly source: LimitSource;
}

/** Installation options a product does not support. DPM 2016 and 2022 are not restricted by the sources read. */
const EDITION_SUPPORT: readonly EditionRow[] = [
  { spec: 'mabs', editions: ['server-core', 'hyper-v-server'], source: MABS_CORE },
  { spec: 'mars', editions: ['server-core'], source: MARS_CORE },
  { spec: 'dpm@2019', editions: ['server-core'], fromUpdateRollup: 1, source: DPM_2019 },
];

/** The os ids of the plan schema; anything else is the schema rule's business. */
const KNOWN_OS = new Set([
  'windows-server-2008-sp2',
  'windows-server-2008-r2-sp1',
  'windows-server-2012',
  'windows-server-2012-r2',
  'windows-server-2016',
  'windows-server-2019',
  'windows-server-2022',
  'windows-server-2025',
  'windows-7',
  'windows-8',
  'windows-8.1',
  'windows-10',
  'windows-11',
]);

const EDITION_NAMES: Record<string, string> = { 'server-core': 'Windows Server Core', 'hyper-v-server': 'Microsoft Hyper-V Server' };

/** "windows-server-2012-r2" → "Windows Server 2012 R2", "windows-8.1" → "Windows 8.1". */
function osLabel(os: string): string {
  return os
    .split('-')
    .map((part) => (/^(r\d|sp\d)$/i.test(part) ? part.toUpperCase() : part.charAt(0).toUpperCase() + part.slice(1)))
    .join(' ');
}

function isClientOs(os: string): boolean {
  return os.startsWith('windows-') && !os.startsWith('windows-server-');
}

/** "MABS v3", "DPM 2012 R2", "MARS": product and (effective) version, without the update rollup. */
function nameOf(product: Product, version: string | undefined): string {
  return product === 'mars' || !version ? PRODUCT_NAMES[product].short : `${PRODUCT_NAMES[product].short} ${versionLabel(version)}`;
}

/** The server's version (or, without one, its product) as the related location. */
function versionRelated(server: Server, product: Product, version: string | undefined, what: string): RelatedLocation[] {
  const anchor = product === 'mars' ? server.product : (server.version ?? server.product);
  if (!anchor) return [];
  const assumed = product !== 'mars' && !server.version && version ? ' (assumed)' : '';
  return [{ span: anchor.span, message: `${nameOf(product, version)}${assumed} ${what}` }];
}

export default defineRule({
  meta: {
    id: 'server-os',
    description: 'DPM, Azure Backup Server and the MARS agent should be installed on an operating system and edition their version supports.',
    defaultSeverity: 'error',
    category: 'correctness',
    limits: [],
    sources: [MABS_V1_SEED, MABS_V1_A7, MABS_V1_A7_2012, MABS_V2, MABS_V3, MABS_V3_EARLY, MABS_V4, MABS_CORE, MARS_CORE, DPM_2012, DPM_2016, DPM_2019, DPM_2022],
    docs:
      'Checks `os` and `edition` of each DPM, MABS and MARS server against the operating systems its version installs on. MABS v1: Windows Server 2008 R2 SP1, 2012 or 2012 R2 (seed 001; the 2016 page A7 lists only 2012 and 2012 R2, bplan accepts all three); v2: 2012 R2 or 2016 (A18); v3: 2016 or 2019 (the first 2019 support matrix, A2a, also says "All MABS versions: Windows Server 2012 R2"; its later text and the install page A8 do not, and A2 gives "MABS v3, UR1 and UR2: Windows Server 2019 and Windows Server 2016": bplan applies the later, stricter text); v4: 2019 or 2022 (A2). DPM 2016: 2012 R2 or 2016 (S10); DPM 2019: 2016 or 2019, with 2012 R2 "Not applicable for DPM 2019" (S12); DPM 2022: 2019 or 2022 (S11). No OS list was found for DPM 2012 SP1/R2, so for them only a client OS (Windows 7 to 11) is reported: DPM and MABS are server products and every list found names Windows Server only. An OS released after the source of a version was written (Windows Server 2022 and 2025 for DPM 2019, 2025 for DPM 2022 and MABS v4) is not reported, since that source cannot settle it. The MARS agent\'s OS list changed with its releases and is not checked. Editions: MABS cannot be installed on Server Core or Hyper-V Server (A2, A8); the MARS agent does not support Server Core (A3); DPM 2019 supports Server Core from Update Rollup 1 (S12, which names Windows Server Core 2019); DPM 2022 supports Windows Server Core 2019 (S11). Install on a supported OS and edition, or choose a product version that supports the one you have. A server without a version is checked as the version the source documents describe (DPM 2012 R2, MABS v1).',
  },
  check(ctx) {
    // A plan has many servers of few product versions: each version's row is looked up once.
    const rows = new Map<string, OsRow | undefined>();
    for (const server of ctx.plan.servers) {
      const product = server.product?.value;
      if (!isProduct(product) || product === 'azure-vm-backup') continue;
      const { version } = effectiveVersion(server);
      // Texts for the messages only.
      const note = () => assumedNote(server);
      const name = () => nameOf(product, version);

      const os = server.os;
      const key = version === undefined ? product : `${product}@${version}`;
      let row = rows.get(key);
      if (!rows.has(key)) {
        row = OS_SUPPORT.find((r) => matchesSpec(r.spec, product, version));
        rows.set(key, row);
      }
      if (os && row && KNOWN_OS.has(os.value)) {
        const client = isClientOs(os.value);
        const listed = row.supported?.includes(os.value) ?? true;
        if (client || (!listed && !row.unsettled?.includes(os.value))) {
          const runsOn = row.supported ? listWords(row.supported.map(osLabel)) : 'Windows Server';
          const message = row.supported
            ? `${name()} is not supported on ${osLabel(os.value)}${client ? ', a client operating system' : ''}; it installs on ${runsOn} (${row.sources[0]!.ref}): install it on one of those${client ? '' : `, or use a version of ${PRODUCT_NAMES[product].short} that supports ${osLabel(os.value)}`}`
            : `${name()} is a server product and is not supported on ${osLabel(os.value)}, a client operating system: install it on Windows Server`;
          ctx.report({
            span: os.span,
            path: `${server.path}.os`,
            message: `${message}${note()}`,
            related: versionRelated(server, product, version, `installs on ${runsOn}`),
          });
        }
      }

      const edition = server.edition;
      if (!edition) continue;
      const rule = EDITION_SUPPORT.find((r) => matchesSpec(r.spec, product, version) && r.editions.includes(edition.value));
      if (!rule) continue;
      const editionName = EDITION_NAMES[edition.value] ?? edition.value;
      const path = `${server.path}.edition`;
      if (rule.fromUpdateRollup !== undefined) {
        const rollup = server.updateRollup;
        if (rollup && rollup.value >= rule.fromUpdateRollup) continue;
        ctx.report({
          span: edition.span,
          path,
          message: `${name()} supports ${editionName} only from Update Rollup ${rule.fromUpdateRollup} (${rule.source.ref}), and ${rollup ? `updateRollup is ${rollup.value}` : 'no updateRollup is given'}: install Update Rollup ${rule.fromUpdateRollup} or later, or install ${PRODUCT_NAMES[product].short} on Windows Server with the Desktop Experience${note()}`,
          related: rollup ? [{ span: rollup.span, message: `Update Rollup ${rollup.value} is installed` }] : versionRelated(server, product, version, `supports ${editionName} from Update Rollup ${rule.fromUpdateRollup}`),
        });
        continue;
      }
      const fix =
        product === 'mars'
          ? 'install the agent on Windows Server with the Desktop Experience, or protect this machine from a DPM or MABS server'
          : `install ${PRODUCT_NAMES[product].short} on Windows Server with the Desktop Experience`;
      ctx.report({
        span: edition.span,
        path,
        message: `${product === 'mars' ? 'the MARS agent' : name()} cannot be installed on ${editionName} (${rule.source.ref}): ${fix}${note()}`,
        related: versionRelated(server, product, version, `does not support ${editionName}`),
      });
    }
  },
});

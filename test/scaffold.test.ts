/**
 * The new-plan scaffold (server/src/core/scaffold.ts): for every product and version, each workload
 * type it protects alone and all of them together give a plan with no findings at all; what it does
 * not protect is refused with a message that lists what it does; the limit-bound values carry their
 * limits in comments, read from the catalogue.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText, RULES } from '../server/src/core';
import { limit } from '../server/src/core/limits';
import type { WorkloadType } from '../server/src/core/model';
import { PRODUCT_VERSIONS, PRODUCTS, WORKLOAD_NAMES } from '../server/src/core/products';
import { defaultVersion, scaffoldPlan, ScaffoldError, supportedWorkloads } from '../server/src/core/scaffold';
import { scaffoldPlanText } from '../server/src/lsp/requests';

const ALL_TYPES = Object.keys(WORKLOAD_NAMES) as WorkloadType[];

/** Every product with each version bplan knows (undefined: none, or the MARS agent without a build). */
const TARGETS = PRODUCTS.flatMap((product) => [...(PRODUCT_VERSIONS[product] ?? [undefined])].map((version) => ({ product, version })));

function findings(text: string): string[] {
  return lintText(text).findings.map((f) => `${f.ruleId} ${f.path}: ${f.message}`);
}

function throwsScaffold(options: Parameters<typeof scaffoldPlan>[0], message: string): void {
  assert.throws(
    () => scaffoldPlan(options),
    (error: unknown) => {
      assert.ok(error instanceof ScaffoldError, `not a ScaffoldError: ${String(error)}`);
      assert.equal(error.message, message);
      return true;
    },
  );
}

describe('scaffoldPlan lints clean', () => {
  for (const { product, version } of TARGETS) {
    const label = `${product}${version ? `@${version}` : ''}`;
    const types = supportedWorkloads(product, version);
    for (const type of types) {
      it(`${label}: ${type} alone`, () => {
        assert.deepEqual(findings(scaffoldPlan({ product, version, workloads: [type] })), []);
      });
    }
    it(`${label}: all ${types.length} supported types together`, () => {
      const text = scaffoldPlan({ product, version, workloads: [...types].reverse() });
      assert.deepEqual(findings(text), []);
      // One workload per type, in the product's order whatever the order asked.
      assert.deepEqual([...text.matchAll(/^ {4}type: ([a-z-]+)/gm)].map((m) => m[1]), [...types]);
    });
  }

  it('with a MARS agent build, a name to slug, and a name YAML would read as a number', () => {
    const mars = scaffoldPlan({ product: 'mars', version: '2.0.9262.0', workloads: ['files'], name: 'Contoso HQ!' });
    assert.deepEqual(findings(mars), []);
    assert.match(mars, /^name: contoso-hq$/m);
    assert.match(mars, /^ {2}name: contoso-hq-rsv$/m);
    assert.match(mars, /passphrase: \{ env: CONTOSO_HQ_PASSPHRASE \}/);
    assert.match(mars, /^ {4}version: "2\.0\.9262\.0"/m);

    const numeric = scaffoldPlan({ product: 'dpm', workloads: ['files'], name: '2024' });
    assert.deepEqual(findings(numeric), []);
    assert.match(numeric, /^name: "2024"$/m);
    assert.match(numeric, /^ {2}name: rsv-2024$/m);
    assert.match(numeric, /passphrase: \{ env: BPLAN_2024_PASSPHRASE \}/);
  });

  it('is a plan the server recognises by its first key, with comments before it', () => {
    const text = scaffoldPlan({ product: 'azure-vm-backup', workloads: ['azure-vm'] });
    assert.match(text, /^(#.*\n)+bplan: 1 {3}# format version\n/);
  });
});

describe('supportedWorkloads', () => {
  it('follows rule workload-unsupported: a type it leaves out is a finding of that rule, for every product and version', () => {
    for (const { product, version } of TARGETS) {
      const supported = supportedWorkloads(product, version);
      const first = supported[0]!;
      const base = scaffoldPlan({ product, version, workloads: [first] });
      for (const type of ALL_TYPES.filter((t) => !supported.includes(t))) {
        const changed = base.replace(new RegExp(`^( {4}type: )${first}\\b`, 'm'), `$1${type}`);
        assert.notEqual(changed, base);
        const ids = lintText(changed).findings.map((f) => f.ruleId);
        assert.ok(ids.includes('workload-unsupported'), `${product}@${version} ${type}: ${ids.join(', ')}`);
      }
    }
  });

  it('leaves VMware out for DPM 2012 SP1/R2 and MABS v1 only, and defaults to the newest version', () => {
    assert.deepEqual(supportedWorkloads('mars'), ['files', 'system-state']);
    assert.deepEqual(supportedWorkloads('azure-vm-backup'), ['azure-vm']);
    for (const [product, version] of [['dpm', '2012-sp1'], ['dpm', '2012-r2'], ['mabs', 'v1']] as const) {
      assert.ok(!supportedWorkloads(product, version).includes('vmware-vm'), `${product} ${version}`);
    }
    for (const [product, version] of [['dpm', '2016'], ['dpm', '2022'], ['mabs', 'v2'], ['mabs', 'v4']] as const) {
      assert.ok(supportedWorkloads(product, version).includes('vmware-vm'), `${product} ${version}`);
    }
    assert.equal(defaultVersion('dpm'), '2022');
    assert.equal(defaultVersion('mabs'), 'v4');
    assert.equal(defaultVersion('mars'), undefined);
    assert.match(scaffoldPlan({ product: 'mabs', workloads: ['files'] }), /^ {4}version: v4$/m);
  });
});

describe('scaffoldPlan refuses what it cannot honour', () => {
  it('a workload type the product does not protect, listing what it protects', () => {
    throwsScaffold(
      { product: 'mars', workloads: ['files', 'sql-server'] },
      'MARS does not protect SQL Server; it protects only files and folders (files) and system state (system-state)',
    );
    throwsScaffold(
      { product: 'mabs', version: 'v1', workloads: ['vmware-vm', 'azure-vm'] },
      'MABS v1 does not protect VMware VMs or Azure VMs; it protects only files and folders (files), system state (system-state), bare-metal recovery (bare-metal), Hyper-V VMs (hyperv-vm), SQL Server (sql-server), SharePoint (sharepoint) and Exchange (exchange)',
    );
    throwsScaffold({ product: 'azure-vm-backup', workloads: ['files'] }, 'Azure VM backup does not protect files and folders; it protects only Azure VMs (azure-vm)');
  });

  it('unknown products, versions and types, no workloads, and a version for Azure VM backup', () => {
    throwsScaffold({ product: 'veeam', workloads: ['files'] }, 'unknown product "veeam": choose mars, dpm, mabs or azure-vm-backup');
    throwsScaffold({ product: 'dpm', version: '2017', workloads: ['files'] }, 'DPM has no version "2017": choose 2012-sp1, 2012-r2, 2016, 2019 or 2022');
    throwsScaffold({ product: 'mars', version: 'latest', workloads: ['files'] }, '"latest" is not a MARS agent version: give the agent build, such as 2.0.9262.0, or no version');
    throwsScaffold({ product: 'azure-vm-backup', version: 'v2', workloads: ['azure-vm'] }, 'Azure IaaS VM backup has no version: it is a service of the vault; leave the version out');
    throwsScaffold({ product: 'mars', workloads: [] }, 'choose at least one workload type: MARS protects files and folders (files) and system state (system-state)');
    throwsScaffold({ product: 'mars', workloads: ['file'] }, 'unknown workload type "file": MARS protects files and folders (files) and system state (system-state)');
  });

  it('through the bplan/scaffold request too', () => {
    assert.deepEqual(scaffoldPlanText({ product: 'mars', workloads: ['files'] }), { text: scaffoldPlan({ product: 'mars', workloads: ['files'] }) });
    assert.throws(() => scaffoldPlanText({ product: 'mars', workloads: ['exchange'] }), /MARS does not protect Exchange; it protects only files and folders \(files\)/);
  });
});

describe('scaffoldPlan explains its limit-bound values', () => {
  const n = (id: Parameters<typeof limit>[0]) => limit(id).value.toLocaleString('en-US');
  /** The plan with its comment lines joined to the line before (without their #), so a sentence is found wherever it wraps. */
  const prose = (text: string) => text.replace(/\n *# /g, ' ');

  it('MABS: online backups a day, sync, disk recovery points, retention ranges, hardware, pool and scratch', () => {
    const text = prose(scaffoldPlan({ product: 'mabs', version: 'v3', workloads: ['files', 'sql-server'] }));
    assert.ok(text.includes(`times: ["13:00", "23:00"]   # twice a day; MABS allows at most ${n('online-backups-per-day-mabs')} backups to the vault a day`));
    assert.ok(text.includes(`syncEvery: 15m   # only SQL Server may sync every ${n('disk-sync-min-minutes-sql')} minutes; other workloads every ${n('disk-sync-min-minutes-other')} at the most`));
    assert.ok(text.includes(`File data: at most ${n('disk-recovery-points-file')} recovery points on disk and ${n('disk-recovery-points-file-per-day')} a day (VSS); 4 a day × 14 days = 56.`));
    assert.ok(text.includes(`retentionDays: 14   # kept ${n('disk-retention-days-min')}–${n('disk-retention-days-max')} days on disk`));
    assert.match(text, new RegExp(`Vault retention \\(online\\.retention\\) per tier: daily ${n('online-retention-daily-min')}–${n('online-retention-daily-max')} days, weekly 4–${n('online-retention-weekly-max-dpm')} weeks,`));
    assert.ok(text.includes(`# MABS v3 needs at least ${n('server-cores-min-mabs')} cores and ${n('server-memory-min-mabs-v3')} GB on premises`));
    assert.ok(text.includes(`The Recovery Services vault: ${n('vault-name-min-length')}–${n('vault-name-max-length')} characters`));
    assert.ok(text.includes(`At least ${n('passphrase-min-length')} characters, kept in a secret store`));
    // Pool and scratch come from the estimate of the plan itself: 800 GB protected, 3× recommended.
    assert.match(text, /The estimate needs [\d,]+ GB for the replicas and recovery points of these workloads; the documents ask for at least 1\.5× the 800 GB protected and recommend 2–3×\. 2,500 GB leaves room to grow\./);
    assert.match(text, /- \{ name: pool-disk1, sizeGB: 2500, type: fixed \}/);
    assert.match(text, /Scratch \(cache\) free space: at least 5 % of the data sent to the vault, here 40 GB; 80 GB leaves room to grow\.\n/);
    assert.match(text, /scratch: \{ freeGB: 80 \}/);
  });

  it('MARS and Azure VM backup: their own limits, and no disk goals', () => {
    const mars = prose(scaffoldPlan({ product: 'mars', workloads: ['files', 'system-state'] }));
    assert.ok(mars.includes(`MARS allows at most ${n('online-backups-per-day-mars')} backups to the vault a day`));
    assert.ok(mars.includes('plus 30–35 GB for System State'));
    assert.ok(!/^\s+disk:/m.test(mars));
    const vm = prose(scaffoldPlan({ product: 'azure-vm-backup', workloads: ['azure-vm'] }));
    assert.ok(vm.includes(`Azure VM backup (standard policy) allows at most ${n('online-backups-per-day-azure-vm-backup')} backup to the vault a day`));
    assert.ok(vm.includes(`instantRestoreDays: 2   # the standard policy keeps instant-restore snapshots ${n('azure-vm-instant-restore-days-min')}–${n('azure-vm-instant-restore-days-max')} days`));
    assert.ok(!/^\s+disk:/m.test(vm));
  });

  it('DPM 2012: the update rollup each version needs, with why', () => {
    assert.match(scaffoldPlan({ product: 'dpm', version: '2012-sp1', workloads: ['files'] }), /# DPM 2012 SP1 needs Update Rollup 2 or later before the Azure Backup agent can be installed\.\n {4}updateRollup: 2\n/);
    assert.match(scaffoldPlan({ product: 'dpm', version: '2012-r2', workloads: ['files'] }), /\n {4}updateRollup: 5\n/);
    assert.doesNotMatch(scaffoldPlan({ product: 'dpm', version: '2019', workloads: ['files'] }), /updateRollup/);
  });

  it('every rule the plan could trip is a rule bplan has (no stale ids in comments)', () => {
    const ids = new Set(RULES.map((r) => r.meta.id));
    for (const { product, version } of TARGETS) {
      const text = scaffoldPlan({ product, version, workloads: [...supportedWorkloads(product, version)] });
      for (const m of text.matchAll(/\(rule ([a-z-]+)\)/g)) assert.ok(ids.has(m[1]!), m[1]);
    }
  });
});

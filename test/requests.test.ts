/**
 * bplan's custom requests (server/src/lsp/requests.ts) and the pure parts of the client that show
 * them: the estimate report page is the `bplan estimate --format html` page of the open plan (no
 * script, no secret), the webview forces its own Content-Security-Policy, and the new-plan choices,
 * status bar text, restart budget and plan detection behave as the extension relies on.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { productChoices, workloadChoices } from '../client/src/choices';
import { globPattern, isPlanFile } from '../client/src/plan-files';
import { RestartBudget } from '../client/src/restart-budget';
import { statusSummary } from '../client/src/status-summary';
import { messagePage, REPORT_CSP, withReportCsp } from '../client/src/webview-csp';
import { formatEstimateHtml } from '../server/src/cli/format/estimate-html';
import { lintText } from '../server/src/core';
import { supportedWorkloads } from '../server/src/core/scaffold';
import { PlanDocument } from '../server/src/language/document';
import { estimateReport } from '../server/src/lsp/requests';
import { ROOT } from './support/cli';

const MABS_SAMPLE = readFileSync(join(ROOT, 'samples', 'mabs-v3-modern-storage.bplan.yaml'), 'utf8');
const SECRET = 'Correct-Horse-Battery-Staple-42';

/** A MABS plan that writes its passphrase in the file (a finding), to prove the page never shows it. */
const WITH_SECRET = `bplan: 1
name: secret-branch
vault:
  name: rsv-secret
  region: westeurope
  encryption:
    passphrase: "${SECRET}"
servers:
  - name: mabs-secret01
    product: mabs
    version: v3
    os: windows-server-2019
    domainJoined: true
    sql: local
    scratch: { freeGB: 100 }
    storagePool: { disks: [{ name: d1, sizeGB: 2000, type: fixed }] }
workloads:
  - { name: db1, type: sql-server, host: sql01, os: windows-server-2019, sizeGB: 300, dailyChurnPercent: 3, server: mabs-secret01, policy: p1 }
policies:
  - name: p1
    disk: { syncEvery: 15m, recoveryPoints: ["20:00"], retentionDays: 14 }
    online: { times: ["23:00"], retention: { daily: 30 } }
`;

describe('bplan/estimateReport', () => {
  it('is the page of bplan estimate --format html for the open plan, titled by the plan', () => {
    const uri = 'file:///work/plans/mabs-v3-modern-storage.bplan.yaml';
    const report = estimateReport(new PlanDocument(uri, 1, MABS_SAMPLE));
    assert.ok(report);
    assert.equal(report.title, 'Estimate: contoso-lyon-branch');
    const shown = 'mabs-v3-modern-storage.bplan.yaml (contoso-lyon-branch)';
    // The very page the CLI formatter writes for this plan under that name: nothing is re-implemented.
    assert.equal(report.html, formatEstimateHtml([{ file: shown, estimate: lintText(MABS_SAMPLE).estimates! }]));
    assert.ok(report.html.includes(`<h2>${shown}</h2>`));
    // The numbers of the estimate (as the HTML estimate test reads them for this sample), and the server.
    for (const text of ['4.52 TB', '7.81 TB', 'sales-db', '525 GB', 'lyo-mabs01']) assert.ok(report.html.includes(text), text);
    assert.doesNotMatch(report.html, /<script/i);
    assert.doesNotMatch(report.html, /\b(src|href)=["']?(https?:|\/\/)/i);
  });

  it('never shows a passphrase written in the plan', () => {
    const doc = new PlanDocument('file:///p/secret.bplan.yaml', 3, WITH_SECRET);
    assert.ok(lintText(WITH_SECRET).findings.some((f) => f.ruleId === 'passphrase-literal'));
    const report = estimateReport(doc);
    assert.ok(report);
    assert.ok(report.html.includes('mabs-secret01'));
    assert.ok(!report.html.includes(SECRET));
    assert.ok(!report.title.includes(SECRET));
  });

  it('escapes names from the plan and names an untitled document by its URI', () => {
    const text = MABS_SAMPLE.replace('name: contoso-lyon-branch', 'name: "<script>alert(1)</script>"');
    const report = estimateReport(new PlanDocument('untitled:Untitled-3', 1, text));
    assert.ok(report);
    assert.doesNotMatch(report.html, /<script/i);
    assert.ok(report.html.includes('Untitled-3 (&lt;script&gt;alert(1)&lt;/script&gt;)'));
    assert.equal(report.title, 'Estimate: <script>alert(1)</script>');
  });

  it('says so instead of estimating a plan whose YAML is broken', () => {
    const report = estimateReport(new PlanDocument('file:///p/broken.bplan.yaml', 1, 'bplan: 1\nservers: [\n'));
    assert.ok(report);
    assert.ok(report.html.includes('No estimate: the plan has a YAML error; the Problems panel shows it'));
    assert.equal(report.title, 'Estimate: broken.bplan.yaml');
  });
});

describe('client: the estimate webview', () => {
  it('replaces the page policy with its own, first in <head>, and keeps the rest of the page', () => {
    const page = estimateReport(new PlanDocument('file:///p/x.bplan.yaml', 1, MABS_SAMPLE))!.html;
    const html = withReportCsp(page);
    const policies = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)].map((m) => m[1]);
    assert.deepEqual(policies, [REPORT_CSP]);
    assert.equal(REPORT_CSP, "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<style>'));
    assert.equal(html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n?/g, ''), page.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n?/g, ''));
  });

  it('wraps a message page in the same policy and escapes it', () => {
    const html = messagePage('No estimate', 'a <b>plan</b> & "more"');
    assert.ok(html.includes(`content="${REPORT_CSP}"`));
    assert.ok(html.includes('a &#60;b&#62;plan&#60;/b&#62; &#38; &#34;more&#34;'));
    assert.doesNotMatch(html, /<script/i);
  });
});

describe('client: new-plan choices', () => {
  it('offers every product, versions newest first, and only the workload types the scaffold accepts', () => {
    const choices = productChoices();
    assert.deepEqual(choices.map((c) => c.product), ['mars', 'dpm', 'mabs', 'azure-vm-backup']);
    const mabs = choices.find((c) => c.product === 'mabs')!;
    assert.deepEqual(mabs.versions.map((v) => [v.version, v.label, v.newest]), [
      ['v4', 'MABS v4', true],
      ['v3', 'MABS v3', false],
      ['v2', 'MABS v2', false],
      ['v1', 'MABS v1', false],
    ]);
    assert.equal(mabs.label, 'Azure Backup Server (MABS)');
    assert.deepEqual(choices.find((c) => c.product === 'mars')!.versions, []);
    assert.deepEqual(workloadChoices('mabs', 'v1').map((w) => w.type), [...supportedWorkloads('mabs', 'v1')]);
    assert.ok(!workloadChoices('mabs', 'v1').some((w) => w.type === 'vmware-vm'));
    assert.deepEqual(workloadChoices('mars', undefined), [
      { type: 'files', label: 'files and folders' },
      { type: 'system-state', label: 'system state' },
    ]);
  });
});

describe('client: status bar text', () => {
  it('shows the worst severity with its count, and all counts in the tooltip', () => {
    assert.deepEqual(statusSummary({ errors: 3, warnings: 1, infos: 2 }), {
      text: '$(error) 3 bplan',
      tooltip: 'bplan: 3 errors, 1 warning, 2 information in this plan. Click to open the Problems panel.',
      worst: 'error',
    });
    assert.equal(statusSummary({ errors: 0, warnings: 1, infos: 0 }).text, '$(warning) 1 bplan');
    assert.equal(statusSummary({ errors: 0, warnings: 0, infos: 2 }).text, '$(info) 2 bplan');
    assert.deepEqual(statusSummary({ errors: 0, warnings: 0, infos: 0 }), { text: '$(check) bplan', tooltip: 'bplan: no findings in this plan', worst: 'none' });
  });
});

describe('client: restarting a server that stopped', () => {
  it('restarts 4 times in 3 minutes, then gives up until the window moves on or the user restarts it', () => {
    const budget = new RestartBudget();
    const t0 = 1_000_000;
    assert.deepEqual([1, 2, 3, 4].map((i) => budget.stopped(t0 + i * 1000)), [1, 2, 3, 4].map((restarts) => ({ restart: true, restarts })));
    assert.deepEqual(budget.stopped(t0 + 5000), { restart: false, restarts: 4 });
    // Three minutes after the first stops, they no longer count.
    assert.equal(budget.stopped(t0 + 3 * 60 * 1000 + 4500).restart, true);
    budget.reset();
    assert.deepEqual(budget.stopped(t0 + 3 * 60 * 1000 + 5000), { restart: true, restarts: 1 });
  });
});

describe('client: which YAML files are plans', () => {
  it('by name, by first key bplan (after comments), or by the bplan.files setting, as the server decides', () => {
    const never = () => false;
    assert.ok(isPlanFile('/w/site.bplan.yaml', 'anything: 1', never));
    assert.ok(isPlanFile('/w/site.BPLAN.yml', '', never));
    assert.ok(isPlanFile('/w/plan.yaml', '# a plan\n\n---\nbplan: 1\n', never));
    assert.ok(isPlanFile('Untitled-1', '\uFEFFbplan: 1\n', never));
    assert.ok(!isPlanFile('/w/ci.yaml', 'jobs:\n  bplan: 1\n', never));
    assert.ok(isPlanFile('/w/ci.yaml', 'jobs: {}', () => true));
    assert.equal(globPattern('*.plan.yaml'), '**/*.plan.yaml');
    assert.equal(globPattern('plans/**/*.yaml'), 'plans/**/*.yaml');
  });
});

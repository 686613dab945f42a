/**
 * The language server as an editor sees it: the built server (`bplan lsp --stdio`) started as a
 * process, initialized, sent documents; its diagnostics compared with the core's findings.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RULES } from '../server/src/core';
import { makeTmp, PACKAGE, SAMPLES } from './support/cli';
import { asExpected, expectedDiagnostics, fileUri, LspClient } from './support/lsp-client';

/** Findings of five rules, one with a related location, one an unused suppression, and columns after non-ASCII text. */
const BROKEN_PLAN = `bplan: 1
name: broken-branch
vault:
  name: rsv-broken
  region: chinaeast2
  encryption:
    passphrase: { env: BROKEN_PASSPHRASE }
servers:
  - name: mabs01
    product: mabs
    version: v3
  - name: mabs01
    product: mabs
    version: v4
  - { name: "café-😀", product: mabs, version: v3, hardware: { cores: 1, memoryGB: 4 } }
workloads:
  - name: share01
    type: files
    host: fs01
    os: windows-server-2019
    server: mabs01
    policy: files-daily
policies:
  - name: files-daily
    # bplan-disable-next-line disk-recovery-points -- two a day is fine here
    disk: { syncEvery: 1h, recoveryPoints: ["08:00", "12:00"], retentionDays: 14 }
    online:
      times: ["07:00", "13:00", "21:00"]
      retention: { daily: 30, weekly: 12 }
`;

describe('language server: lifecycle and diagnostics', () => {
  let client: LspClient;
  const tmp = makeTmp('bplan-lsp-');
  const uriOf = (name: string): string => fileUri(join(tmp.dir, name));

  before(async () => {
    client = await LspClient.start({ workspaceFolder: tmp.dir });
  });
  after(() => {
    client?.dispose();
    tmp.cleanup();
  });

  it('answers initialize with every capability it implements', () => {
    const result = client.initializeResult!;
    assert.deepEqual(result.serverInfo, { name: 'bplan', version: PACKAGE.version });
    const caps = result.capabilities;
    assert.equal(caps.textDocumentSync, 2, 'incremental sync');
    assert.equal(caps.hoverProvider, true);
    assert.ok(caps.completionProvider?.triggerCharacters?.includes(':'));
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix'], resolveProvider: false });
    assert.ok(caps.documentSymbolProvider);
    assert.equal(caps.definitionProvider, true);
    assert.equal(caps.referencesProvider, true);
    assert.deepEqual(caps.renameProvider, { prepareProvider: true });
    assert.deepEqual(caps.codeLensProvider, { resolveProvider: false });
    assert.equal(caps.foldingRangeProvider, true);
    assert.equal(caps.selectionRangeProvider, true);
    assert.deepEqual(caps.executeCommandProvider, { commands: ['bplan.showDocumentation'] });
    assert.deepEqual(caps.workspace?.workspaceFolders, { supported: true, changeNotifications: true });
  });

  for (const name of readdirSync(SAMPLES).filter((f) => f.endsWith('.bplan.yaml'))) {
    it(`publishes no diagnostics for samples/${name}`, async () => {
      const uri = fileUri(join(SAMPLES, name));
      client.open(uri, readFileSync(join(SAMPLES, name), 'utf8'));
      const published = await client.waitForDiagnostics(uri, 1);
      assert.deepEqual(published.diagnostics, []);
      client.close(uri);
      await client.waitForDiagnostics(uri);
    });
  }

  it('pulls the bplan settings section for each document, and registers for configuration changes', () => {
    const uri = fileUri(join(SAMPLES, 'mars-file-server.bplan.yaml'));
    assert.ok(
      client.configurationRequests.some((r) => r.items.some((i) => i.scopeUri === uri && i.section === 'bplan')),
      JSON.stringify(client.configurationRequests),
    );
    const methods = client.registrations.map((r) => r.method);
    assert.ok(methods.includes('workspace/didChangeConfiguration'), methods.join(', '));
  });

  describe('a plan with findings', () => {
    const uri = uriOf('broken.bplan.yaml');
    let published: Awaited<ReturnType<LspClient['waitForDiagnostics']>>;

    before(async () => {
      client.open(uri, BROKEN_PLAN);
      published = await client.waitForDiagnostics(uri, 1);
    });

    it('publishes the core findings with the same rules, messages and ranges (lines, UTF-16 columns)', () => {
      const expected = expectedDiagnostics(BROKEN_PLAN);
      assert.deepEqual(
        expected.map((d) => d.code),
        ['vault-region', 'duplicate-name', 'schema', 'server-hardware', 'server-hardware', 'unused-suppression', 'online-frequency'],
      );
      assert.deepEqual(published.diagnostics.map(asExpected), expected);
    });

    it('counts columns in UTF-16 code units after non-ASCII text', () => {
      const cores = published.diagnostics.filter((d) => d.code === 'server-hardware').map((d) => d.range);
      // "😀" is two UTF-16 code units: the 1 of `cores: 1` is at column 70 (69 code points).
      assert.deepEqual(cores, [
        { start: { line: 14, character: 70 }, end: { line: 14, character: 71 } },
        { start: { line: 14, character: 83 }, end: { line: 14, character: 84 } },
      ]);
    });

    it('gives each diagnostic the rule id as code, a link to its docs, bplan as source, and data for code actions', () => {
      for (const d of published.diagnostics) {
        const rule = RULES.find((r) => r.meta.id === d.code);
        assert.ok(rule, `code ${String(d.code)} is a rule id`);
        const href = d.codeDescription?.href ?? '';
        assert.equal(href, rule.meta.docsUrl);
        assert.ok(href.endsWith(`#${rule.meta.id}`), href);
        assert.equal(d.source, 'bplan');
        assert.equal((d.data as { ruleId?: string }).ruleId, rule.meta.id);
      }
      const severities = Object.fromEntries(published.diagnostics.map((d) => [d.code, d.severity]));
      assert.deepEqual(severities, { 'vault-region': 2, 'duplicate-name': 1, schema: 1, 'server-hardware': 2, 'unused-suppression': 2, 'online-frequency': 1 });
    });

    it('links a duplicate name to the first one through relatedInformation in the same document', () => {
      const duplicate = published.diagnostics.find((d) => d.code === 'duplicate-name');
      assert.deepEqual(duplicate?.range, { start: { line: 11, character: 10 }, end: { line: 11, character: 16 } });
      assert.deepEqual(duplicate?.relatedInformation, [
        { location: { uri, range: { start: { line: 8, character: 10 }, end: { line: 8, character: 16 } } }, message: 'the first server named "mabs01"' },
      ]);
    });

    it('tags an unused suppression as unnecessary, and nothing else', () => {
      const tagged = published.diagnostics.filter((d) => d.tags?.length);
      assert.deepEqual(
        tagged.map((d) => [d.code, d.tags, BROKEN_PLAN.split('\n')[d.range.start.line]!.slice(d.range.start.character, d.range.end.character)]),
        [['unused-suppression', [1], 'disk-recovery-points']],
      );
    });

    it('clears the diagnostics when the document is closed', async () => {
      client.close(uri);
      const cleared = await client.waitForDiagnostics(uri);
      assert.deepEqual(cleared.diagnostics, []);
    });
  });

  it('publishes an empty list for YAML that is not a plan', async () => {
    const uri = uriOf('other.yaml');
    client.open(uri, 'name: not-a-plan\nvault:\n  region: chinaeast2\nservers: 3\n');
    const published = await client.waitForDiagnostics(uri);
    assert.deepEqual(published.diagnostics, []);
    client.close(uri);
  });

  it('lints a .yaml file whose first key is bplan, after leading comments', async () => {
    const uri = uriOf('plan.yaml');
    const text = '# branch plan\nbplan: 1\nvault:\n  name: rsv-branch\n  region: usgovvirginia\n';
    client.open(uri, text);
    const published = await client.waitForDiagnostics(uri, 1);
    assert.deepEqual(published.diagnostics.map(asExpected), expectedDiagnostics(text));
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.range]),
      [['vault-region', { start: { line: 4, character: 10 }, end: { line: 4, character: 23 } }]],
    );
    client.close(uri);
  });

  it('counts lines the same way in a plan with CRLF line ends', async () => {
    const uri = uriOf('crlf.bplan.yaml');
    const text = BROKEN_PLAN.replaceAll('\n', '\r\n');
    client.open(uri, text);
    const published = await client.waitForDiagnostics(uri, 1);
    assert.deepEqual(published.diagnostics.map(asExpected), expectedDiagnostics(text));
    assert.deepEqual(
      published.diagnostics.map((d) => d.range.start.line),
      expectedDiagnostics(BROKEN_PLAN).map((d) => d.range.start.line),
    );
    client.close(uri);
  });

  it('shuts down and exits with code 0', async () => {
    assert.equal(await client.shutdown(), 0);
    assert.equal(client.running, false);
  });
});

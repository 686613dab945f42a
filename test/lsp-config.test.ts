/**
 * Editor settings (pulled through workspace/configuration) and bplan.config.yaml files as the
 * language server applies them: rule levels, changes at run time, and invalid configuration files.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTmp } from './support/cli';
import { asExpected, expectedDiagnostics, fileUri, LspClient } from './support/lsp-client';

/** A vault in Azure in China (vault-region, a warning) and three online backups a day on MABS (online-frequency, an error). */
const PLAN = `bplan: 1
vault:
  name: rsv-config
  region: chinaeast2
  encryption:
    passphrase: { env: CONFIG_PASSPHRASE }
servers:
  - name: mabs01
    product: mabs
    version: v3
workloads:
  - name: share01
    type: files
    host: fs01
    os: windows-server-2019
    server: mabs01
    policy: files-daily
policies:
  - name: files-daily
    disk: { syncEvery: 1h, recoveryPoints: ["08:00"], retentionDays: 14 }
    online:
      times: ["07:00", "13:00", "21:00"]
      retention: { daily: 30, weekly: 12 }
`;

/** Rule and severity of each diagnostic, in order. */
function levels(diagnostics: readonly { code?: string | number; severity?: number }[]): [string, number | undefined][] {
  return diagnostics.map((d) => [String(d.code), d.severity]);
}

describe('language server: settings and configuration files', () => {
  const tmp = makeTmp('bplan-lsp-config-');
  const clients: LspClient[] = [];
  after(() => {
    for (const c of clients) c.dispose();
    tmp.cleanup();
  });

  it('the plan has both findings by default', () => {
    assert.deepEqual(
      expectedDiagnostics(PLAN).map((d) => [d.code, d.severity]),
      [['vault-region', 2], ['online-frequency', 1]],
    );
  });

  describe('editor settings', () => {
    let client: LspClient;
    const dir = join(tmp.dir, 'settings');
    const uri = fileUri(join(dir, 'plan.bplan.yaml'));

    before(async () => {
      mkdirSync(dir);
      client = await LspClient.start({ workspaceFolder: dir, settings: { rules: { 'vault-region': 'off' } } });
      clients.push(client);
    });

    it('turns a rule off with bplan.rules', async () => {
      client.open(uri, PLAN);
      const published = await client.waitForDiagnostics(uri, 1);
      assert.deepEqual(published.diagnostics.map(asExpected), expectedDiagnostics(PLAN, { config: { rules: { 'vault-region': 'off' } } }));
      assert.deepEqual(levels(published.diagnostics), [['online-frequency', 1]]);
    });

    it('republishes after workspace/didChangeConfiguration, with the settings pulled again', async () => {
      const pulls = client.configurationRequests.length;
      client.changeSettings({ rules: { 'vault-region': 'error', 'online-frequency': 'info' } });
      const published = await client.waitForDiagnostics(uri, 1);
      assert.deepEqual(levels(published.diagnostics), [['vault-region', 1], ['online-frequency', 3]]);
      assert.ok(client.configurationRequests.length > pulls, 'the server asked for the new settings');
    });

    it('goes back to the default levels when the setting is removed', async () => {
      client.changeSettings({});
      const published = await client.waitForDiagnostics(uri, 1);
      assert.deepEqual(published.diagnostics.map(asExpected), expectedDiagnostics(PLAN));
    });

    it('publishes nothing for the plan when bplan.enable is false, and lints again when it is true', async () => {
      client.changeSettings({ enable: false });
      assert.deepEqual((await client.waitForDiagnostics(uri)).diagnostics, []);
      client.changeSettings({ enable: true });
      assert.deepEqual(levels((await client.waitForDiagnostics(uri, 1)).diagnostics), [['vault-region', 2], ['online-frequency', 1]]);
    });

    it('lints YAML files matched by bplan.files as plans', async () => {
      const other = fileUri(join(dir, 'branch-plan.yml'));
      const text = PLAN.replace('bplan: 1\n', '# the plan\nname: branch\nbplan: 1\n');
      client.open(other, text);
      assert.deepEqual((await client.waitForDiagnostics(other)).diagnostics, [], 'not a plan by name nor by its first key');
      client.changeSettings({ files: ['*-plan.yml'] });
      const published = (await client.waitForOpenDocuments()).get(other)!;
      assert.equal(published.version, 1);
      assert.deepEqual(published.diagnostics.map(asExpected), expectedDiagnostics(text));
      assert.equal(published.diagnostics.length, 2);
      client.close(other);
    });

    it('ignores malformed settings instead of failing', async () => {
      client.changeSettings({ rules: { 'vault-region': 'loud', 'online-frequency': 7 }, lintDelay: -3, enable: 'yes' });
      const published = await client.waitForDiagnostics(uri, 1);
      assert.deepEqual(levels(published.diagnostics), [['vault-region', 2], ['online-frequency', 1]]);
    });

    describe('bplan.configFile', () => {
      const customPath = join(dir, 'ci', 'lint-rules.yaml');
      const planUri = fileUri(join(dir, 'plans', 'plan.bplan.yaml'));

      before(() => {
        client.close(uri);
        mkdirSync(join(dir, 'ci'));
        mkdirSync(join(dir, 'plans'));
        writeFileSync(customPath, 'rules:\n  vault-region: error\n');
        // The nearest bplan.config.yaml, which the configured file replaces.
        writeFileSync(join(dir, 'plans', 'bplan.config.yaml'), 'rules:\n  vault-region: off\n');
        client.changeSettings({ configFile: 'ci/lint-rules.yaml' });
      });

      it('uses the configured file, relative to the workspace folder, instead of the nearest one', async () => {
        client.open(planUri, PLAN);
        assert.deepEqual(levels((await client.waitForDiagnostics(planUri, 1)).diagnostics), [['vault-region', 1], ['online-frequency', 1]]);
      });

      it('lints again when the configured file changes', async () => {
        writeFileSync(customPath, 'rules:\n  vault-region: info\n');
        client.watchedFilesChanged([{ uri: fileUri(customPath), type: 2 }]);
        // A relint publishes within tens of milliseconds; a shorter wait keeps this file fast while the server misses it.
        assert.deepEqual(levels((await client.waitForDiagnostics(planUri, 1, 2_000)).diagnostics), [['vault-region', 3], ['online-frequency', 1]]);
      });
    });
  });

  describe('bplan.config.yaml', () => {
    let client: LspClient;
    const dir = join(tmp.dir, 'with config');
    const configPath = join(dir, 'bplan.config.yaml');
    const configUri = fileUri(configPath);
    const uri = fileUri(join(dir, 'plan.bplan.yaml'));

    /** Writes the configuration file and tells the server, as an editor's file watcher would. */
    function rewriteConfig(text: string, type: 1 | 2 = 2): void {
      writeFileSync(configPath, text);
      client.watchedFilesChanged([{ uri: configUri, type }]);
    }

    before(async () => {
      mkdirSync(dir);
      writeFileSync(configPath, 'rules:\n  online-frequency: warning\n');
      client = await LspClient.start({ workspaceFolder: tmp.dir });
      clients.push(client);
    });

    it('applies the rule levels of the configuration file in the plan’s folder', async () => {
      client.open(uri, PLAN);
      const published = await client.waitForDiagnostics(uri, 1);
      assert.deepEqual(published.diagnostics.map(asExpected), expectedDiagnostics(PLAN, { config: { rules: { 'online-frequency': 'warning' } } }));
      assert.deepEqual(levels(published.diagnostics), [['vault-region', 2], ['online-frequency', 2]]);
    });

    // After the first diagnostics: the server has handled `initialized`, where it registers capabilities.
    it('asks a client that supports it to watch configuration files (editors other than VS Code watch nothing unasked)', () => {
      const watchers = client.registrations
        .filter((r) => r.method === 'workspace/didChangeWatchedFiles')
        .flatMap((r) => (r.registerOptions as { watchers?: { globPattern: unknown }[] } | undefined)?.watchers ?? [])
        .map((w) => JSON.stringify(w.globPattern));
      assert.ok(watchers.some((g) => /bplan\.config/.test(g)), `watchers registered: ${watchers.join(', ') || 'none'}`);
    });

    it('lints again when the file changes (workspace/didChangeWatchedFiles)', async () => {
      rewriteConfig('rules:\n  online-frequency: off\n  vault-region: info\n');
      const published = await client.waitForDiagnostics(uri, 1);
      assert.deepEqual(levels(published.diagnostics), [['vault-region', 3]]);
    });

    it('puts the editor’s per-rule settings over the file’s', async () => {
      client.changeSettings({ rules: { 'vault-region': 'error' } });
      assert.deepEqual(levels((await client.waitForDiagnostics(uri, 1)).diagnostics), [['vault-region', 1]]);
      client.changeSettings({});
      assert.deepEqual(levels((await client.waitForDiagnostics(uri, 1)).diagnostics), [['vault-region', 3]]);
    });

    it('reports an invalid configuration file on the file itself, and lints the plan with the defaults', async () => {
      const text = 'rules:\n  online-frequency: loud\n';
      rewriteConfig(text);
      const [config, plan] = await Promise.all([client.waitForDiagnostics(configUri), client.waitForDiagnostics(uri, 1)]);
      assert.equal(config.diagnostics.length, 1, JSON.stringify(config.diagnostics));
      const [problem] = config.diagnostics;
      assert.deepEqual(problem!.range, { start: { line: 1, character: 20 }, end: { line: 1, character: 24 } });
      assert.equal(problem!.severity, 1);
      assert.equal(problem!.source, 'bplan');
      assert.match(String(problem!.message), /"loud" is not valid for rules\.online-frequency.*off, info, warning or error/);
      assert.match(String(problem!.message), /ignores this configuration file until it is valid/);
      assert.deepEqual(plan.diagnostics.map(asExpected), expectedDiagnostics(PLAN));
    });

    it('updates the configuration file’s diagnostics when it is changed to another invalid content', async () => {
      rewriteConfig('rules:\n  vault-region: off\n  no-such-rule: warning\n');
      // A relint publishes within tens of milliseconds; a shorter wait keeps this file fast while the server misses it.
      const [config] = await Promise.all([client.waitForDiagnostics(configUri, undefined, 2_000), client.waitForDiagnostics(uri, 1)]);
      assert.deepEqual(
        config.diagnostics.map((d) => [d.range, String(d.message).slice(0, 37)]),
        [[{ start: { line: 2, character: 2 }, end: { line: 2, character: 14 } }, 'unknown key "no-such-rule" in rules; ']],
      );
    });

    it('clears the configuration file’s diagnostics once it is valid again, and applies it', async () => {
      rewriteConfig('rules:\n  vault-region: off\n');
      const [config, plan] = await Promise.all([client.waitForDiagnostics(configUri), client.waitForDiagnostics(uri, 1)]);
      assert.deepEqual(config.diagnostics, []);
      assert.deepEqual(levels(plan.diagnostics), [['online-frequency', 1]]);
    });

    it('finds a configuration file created in a parent folder after the plan was opened', async () => {
      const nested = join(dir, 'nested', 'deeper');
      mkdirSync(nested, { recursive: true });
      const nestedUri = fileUri(join(nested, 'branch.bplan.yaml'));
      client.open(nestedUri, PLAN);
      // The parent folder's file applies to the nested plan too.
      assert.deepEqual(levels((await client.waitForDiagnostics(nestedUri, 1)).diagnostics), [['online-frequency', 1]]);
      const nearer = join(dir, 'nested', 'bplan.config.yaml');
      writeFileSync(nearer, 'rules:\n  online-frequency: info\n');
      client.watchedFilesChanged([{ uri: fileUri(nearer), type: 1 }]);
      const published = await client.waitForOpenDocuments();
      assert.deepEqual(levels(published.get(nestedUri)!.diagnostics), [['vault-region', 2], ['online-frequency', 3]]);
      assert.deepEqual(levels(published.get(uri)!.diagnostics), [['online-frequency', 1]], 'the plan above keeps its file');
      client.close(nestedUri);
    });

    it('goes back to the defaults when the configuration file is deleted', async () => {
      rmSync(configPath);
      client.watchedFilesChanged([{ uri: configUri, type: 3 }]);
      assert.deepEqual((await client.waitForDiagnostics(uri, 1)).diagnostics.map(asExpected), expectedDiagnostics(PLAN));
    });
  });
});

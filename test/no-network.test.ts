/**
 * No network access, ever: a plan that points at remote documents — `$ref` and `$schema` keys at
 * every level, a yaml-language-server modeline, URLs as values — is linted, estimated and served
 * by the language server with a finding on each reference and not one connection. Two proofs: a
 * local HTTP server the URLs point at counts every connection it gets, and a preload
 * (test/support/record-network.cjs) records every socket, DNS lookup, http(s) request or fetch the
 * process attempts, anywhere.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { lintText } from '../server/src/core';
import { bplan, makeTmp, ROOT, SAMPLES } from './support/cli';
import { fileUri, LspClient } from './support/lsp-client';

const PRELOAD = join(ROOT, 'test', 'support', 'record-network.cjs');
const TIME = { timeout: 60_000 } as const;

describe('no network access, whatever a plan refers to', () => {
  let tmp: ReturnType<typeof makeTmp>;
  let server: Server;
  let connections = 0;
  let base = '';
  let planText = '';
  const logFile = () => join(tmp.dir, 'network.log');
  const attempts = () =>
    existsSync(logFile())
      ? readFileSync(logFile(), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { kind: string; detail: string })
      : [];

  before(async () => {
    tmp = makeTmp('bplan-no-network-');
    server = createServer((_req, res) => res.end('bplan: 1\n'));
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const sample = readFileSync(join(SAMPLES, 'mars-file-server.bplan.yaml'), 'utf8');
    planText = sample
      .replace(/^# yaml-language-server: \$schema=.*$/m, `# yaml-language-server: $schema=${base}/modeline.schema.json`)
      .replace(/^bplan: 1$/m, `bplan: 1\n$schema: ${base}/plan.schema.json\n$ref: ${base}/plan.yaml`)
      .replace(/^servers:\n  - name: (.*)$/m, `servers:\n  - name: $1\n    $ref: "${base}/server.yaml"`);
    writeFileSync(join(tmp.dir, 'remote.bplan.yaml'), planText);
    writeFileSync(join(tmp.dir, 'bplan.config.yaml'), `# yaml-language-server: $schema=${base}/config.schema.json\nrules: {}\n`);
  });
  after(async () => {
    tmp.cleanup();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('the test plan really holds the references (so the checks below cannot pass on a plan without them)', () => {
    assert.equal(planText.split(base).length - 1, 4, planText);
  });

  it('each $ref and $schema key is a finding that says bplan never fetches', () => {
    const found = lintText(planText).findings.filter((f) => /never follows references/.test(f.message));
    assert.deepEqual(
      found.map((f) => [planText.slice(f.span.start, f.span.end), f.path, f.message]),
      [
        ['$schema', '$schema', '"$schema" is not part of a plan: bplan never follows references or fetches anything over the network (its schema and the product limits ship with it); write the values in the plan itself'],
        ['$ref', '$ref', '"$ref" is not part of a plan: bplan never follows references or fetches anything over the network (its schema and the product limits ship with it); write the values in the plan itself'],
        ['$ref', found[2]?.path ?? '', '"$ref" is not part of a plan: bplan never follows references or fetches anything over the network (its schema and the product limits ship with it); write the values in the plan itself'],
      ],
    );
    assert.match(found[2]!.path, /^servers\[.+\]\.\$ref$/);
    // No quick fix offers to rename a reference into some other key.
    assert.ok(found.every((f) => !f.fixes?.length));
  });

  it('bplan lint (every format) and bplan estimate (every format) make no connection and attempt none', TIME, () => {
    const env = { NODE_OPTIONS: `--require ${PRELOAD}`, BPLAN_TEST_NETWORK_LOG: logFile() };
    const runs = [
      ['lint', '-f', 'stylish', '-f', 'json', '-o', 'r.json', '-f', 'sarif', '-o', 'r.sarif', '-f', 'junit', '-o', 'r.xml', 'remote.bplan.yaml'],
      ['lint', '-f', 'github', 'remote.bplan.yaml'],
      ['estimate', 'remote.bplan.yaml'],
      ['estimate', '--format', 'html', 'remote.bplan.yaml'],
      ['rules'],
      ['limits'],
    ];
    for (const args of runs) {
      const r = bplan(args, { cwd: tmp.dir, env: { ...env, GITHUB_STEP_SUMMARY: join(tmp.dir, 'summary.md') } });
      assert.ok(r.status === 0 || r.status === 1, `bplan ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
    }
    const seen = attempts();
    assert.equal(seen.filter((a) => a.kind === 'preloaded').length, runs.length, 'the preload ran in every process');
    assert.deepEqual(seen.filter((a) => a.kind !== 'preloaded'), []);
    assert.equal(connections, 0);
  });

  it('the language server serves the plan (diagnostics, hovers, code lens, estimate report) with no connection attempted', TIME, async () => {
    const client = await LspClient.start({ workspaceFolder: tmp.dir, env: { NODE_OPTIONS: `--require ${PRELOAD}`, BPLAN_TEST_NETWORK_LOG: logFile() } });
    try {
      const uri = fileUri(join(tmp.dir, 'remote.bplan.yaml'));
      client.open(uri, planText);
      const published = await client.waitForDiagnostics(uri);
      assert.equal(published.diagnostics.filter((d) => /never follows references/.test(String(d.message))).length, 3);
      const lines = planText.split('\n');
      for (const [line, text] of lines.entries()) {
        if (!text.includes(base)) continue;
        await client.request('textDocument/hover', { textDocument: { uri }, position: { line, character: text.indexOf(base) + 3 } });
        await client.request('textDocument/hover', { textDocument: { uri }, position: { line, character: Math.max(0, text.indexOf('$') + 1) } });
      }
      await client.request('textDocument/codeLens', { textDocument: { uri } });
      await client.request('bplan/estimateReport', { uri });
    } finally {
      await client.shutdown();
    }
    const seen = attempts();
    assert.ok(seen.some((a) => a.kind === 'preloaded' && /lsp/.test(a.detail)), 'the preload ran in the server');
    assert.deepEqual(seen.filter((a) => a.kind !== 'preloaded'), []);
    assert.equal(connections, 0);
  });

  it('the preload does catch an attempt (so an empty log means none was made)', () => {
    const probe = spawnSync(process.execPath, ['--require', PRELOAD, '-e', `try { require('node:http').get('${base}/x') } catch {}`], {
      env: { ...process.env, BPLAN_TEST_NETWORK_LOG: join(tmp.dir, 'probe.log') },
      encoding: 'utf8',
    });
    assert.equal(probe.status, 0, probe.stderr);
    assert.match(readFileSync(join(tmp.dir, 'probe.log'), 'utf8'), /"kind":"node:http\.get"/);
    assert.equal(connections, 0);
  });
});

/**
 * The server keeps answering whatever it is asked: requests about documents it never saw,
 * positions outside the text, methods it does not know, and documents that are not YAML at all.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Hover, Position } from 'vscode-languageserver-protocol/node';
import { makeTmp } from './support/cli';
import { asExpected, expectedDiagnostics, fileUri, LspClient } from './support/lsp-client';

const PLAN = `bplan: 1
vault:
  name: rsv-robust
  region: westeurope
  encryption:
    passphrase: { env: ROBUST_PASSPHRASE }
servers:
  - name: mars01
    product: mars
    os: windows-server-2019
`;

/** Every request about one document, with the empty answer each gives when there is nothing to say. */
function documentRequests(uri: string, position: Position): [method: string, params: unknown, empty: unknown][] {
  const textDocument = { uri };
  const range = { start: position, end: position };
  return [
    ['textDocument/hover', { textDocument, position }, null],
    ['textDocument/completion', { textDocument, position }, { isIncomplete: false, items: [] }],
    ['textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }, []],
    ['textDocument/documentSymbol', { textDocument }, []],
    ['textDocument/definition', { textDocument, position }, []],
    ['textDocument/references', { textDocument, position, context: { includeDeclaration: true } }, []],
    ['textDocument/prepareRename', { textDocument, position }, null],
    ['textDocument/rename', { textDocument, position, newName: 'x' }, null],
    ['textDocument/codeLens', { textDocument }, []],
    ['textDocument/foldingRange', { textDocument }, []],
    ['textDocument/selectionRange', { textDocument, positions: [position] }, []],
    ['bplan/estimateReport', { uri }, null],
  ];
}

describe('language server: robustness', () => {
  let client: LspClient;
  const tmp = makeTmp('bplan-lsp-robust-');
  const planUri = fileUri(join(tmp.dir, 'robust.bplan.yaml'));

  /** A request that works, to prove the server is still answering. */
  async function assertStillAnswers(): Promise<void> {
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: planUri }, position: { line: 8, character: 5 } });
    assert.match(JSON.stringify(h?.contents), /product/);
    assert.ok(client.running);
  }

  before(async () => {
    client = await LspClient.start({ workspaceFolder: tmp.dir });
    client.open(planUri, PLAN);
    assert.deepEqual((await client.waitForDiagnostics(planUri, 1)).diagnostics, []);
  });
  after(() => {
    client?.dispose();
    tmp.cleanup();
  });

  it('answers requests about a document it never opened with empty results, not errors', async () => {
    const uri = fileUri(join(tmp.dir, 'never-opened.bplan.yaml'));
    for (const [method, params, empty] of documentRequests(uri, { line: 0, character: 0 })) {
      assert.deepEqual(await client.request(method, params), empty, method);
    }
    await assertStillAnswers();
  });

  it('survives positions outside the text (past the last line, past a line’s end)', async () => {
    for (const position of [
      { line: 10_000, character: 10_000 },
      { line: 2, character: 500 },
      { line: 0, character: 2 ** 31 - 1 },
    ]) {
      for (const [method, params] of documentRequests(planUri, position)) {
        await client.request(method, params).catch((error: { code?: number }) => {
          // A feature may refuse a request, but with a proper error answer, never by dying.
          assert.ok(typeof error.code === 'number', `${method} at ${JSON.stringify(position)}: ${String(error)}`);
        });
      }
    }
    await assertStillAnswers();
  });

  it('answers MethodNotFound for a method it does not know, and goes on', async () => {
    await assert.rejects(client.request('bplan/noSuchRequest', { uri: planUri }), { code: -32601 });
    await assertStillAnswers();
  });

  it('answers InvalidParams for an unknown command', async () => {
    await assert.rejects(client.request('workspace/executeCommand', { command: 'bplan.noSuchCommand', arguments: [] }), { code: -32602 });
    await assertStillAnswers();
  });

  for (const [name, label, text] of [
    ['empty', 'an empty document', ''],
    ['binary', 'binary content', '\u0000\u0001\u0002\uFFFD\u0007PNG\r\n\u001a\n\u0000\u0000'],
    ['broken', 'broken YAML', 'bplan: 1\nservers:\n  - name: [unclosed\n    product: {\n'],
    ['nested', 'a plan nested 2000 levels deep', `bplan: 1\nservers: ${'['.repeat(2000)}${']'.repeat(2000)}\n`],
  ] as const) {
    it(`lints and answers every request on ${label} without failing`, async () => {
      const uri = fileUri(join(tmp.dir, `${name}.bplan.yaml`));
      client.open(uri, text);
      const published = await client.waitForDiagnostics(uri, 1);
      assert.ok(Array.isArray(published.diagnostics));
      for (const [method, params] of documentRequests(uri, { line: 0, character: 1 })) {
        await assert.doesNotReject(client.request(method, params), method);
      }
      client.close(uri);
      await assertStillAnswers();
    });
  }

  it('serves a client that announces no capabilities at all: defaults, no settings pulled, nothing registered', async () => {
    const bare = await LspClient.start({ workspaceFolder: tmp.dir, capabilities: {} });
    try {
      const uri = fileUri(join(tmp.dir, 'bare.bplan.yaml'));
      const text = PLAN.replace('westeurope', 'chinanorth');
      bare.open(uri, text);
      const published = await bare.waitForDiagnostics(uri, 1);
      assert.deepEqual(published.diagnostics.map(asExpected), expectedDiagnostics(text));
      assert.equal(published.diagnostics.length, 1);
      assert.deepEqual(bare.configurationRequests, []);
      assert.deepEqual(bare.registrations, []);
      assert.equal(bare.initializeResult?.capabilities.workspace, undefined, 'no workspace folder support announced to a client without it');
      assert.equal(await bare.shutdown(), 0);
    } finally {
      bare.dispose();
    }
  });

  it('logged no failing feature along the way (features return empty results rather than throw)', () => {
    assert.deepEqual(client.logMessages.filter((m) => /failed/.test(m)), []);
  });

  it('still shuts down cleanly after all that', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});

/**
 * The language server under faults, over a real stdio connection: malformed JSON-RPC, unknown
 * methods, unopened documents, positions outside the text, 1,000 edits in a burst, cancelled
 * requests, a rule and a feature that throw (injected through BPLAN_TEST_FAULTS, a test-only hook),
 * and plans over the size limit. Whatever happens, the server answers with an error where one is
 * due, goes on serving, keeps its memory bounded, and exits with code 0 when asked to.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import type { CompletionList, Diagnostic, DocumentSymbol, Hover, Position } from 'vscode-languageserver-protocol/node';
import { makeTmp, SAMPLES } from './support/cli';
import { asExpected, expectedDiagnostics, fileUri, frame, LspClient } from './support/lsp-client';

/** The MARS sample with two findings: a vault region in Azure China (vault-region) and a scratch volume too small (scratch-too-small). */
const PLAN = readFileSync(join(SAMPLES, 'mars-file-server.bplan.yaml'), 'utf8').replace('region: northeurope', 'region: chinanorth').replace('freeGB: 120', 'freeGB: 10');
/** Where `product: mars` is (line and column of `mars`), to hover on. */
const PRODUCT = ((): Position => {
  const lines = PLAN.split('\n');
  const line = lines.findIndex((l) => l.trim() === 'product: mars');
  return { line, character: lines[line]!.indexOf('mars') + 1 };
})();

const RequestCancelled = -32800;

/** A hover on `product: mars`, to prove the server still answers. */
async function assertServes(client: LspClient, uri: string): Promise<void> {
  const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: PRODUCT });
  assert.match(JSON.stringify(h?.contents), /MARS/);
  assert.ok(client.running);
}

/** A plan with `count` more file workloads on the MARS server: linting it takes a while. */
function largePlan(count: number): string {
  const workloads = Array.from(
    { length: count },
    (_, i) => `  - name: extra-${i}\n    type: files\n    host: dub-fs01\n    sizeGB: 10\n    server: dub-fs01\n    policy: files-twice-daily\n`,
  ).join('');
  return PLAN.replace('\npolicies:', `${workloads}\npolicies:`);
}

/** The server's resident memory in MB, after giving it a moment to settle. */
async function residentMB(client: LspClient): Promise<number | undefined> {
  await LspClient.quiet(300);
  const kb = client.residentKB();
  return kb === undefined ? undefined : Math.round(kb / 1024);
}

describe('language server under faults: malformed JSON-RPC and odd requests', () => {
  let client: LspClient;
  const tmp = makeTmp('bplan-lsp-faults-');
  const uri = fileUri(join(tmp.dir, 'faults.bplan.yaml'));

  before(async () => {
    client = await LspClient.start({ workspaceFolder: tmp.dir });
    client.open(uri, PLAN);
    assert.deepEqual((await client.waitForDiagnostics(uri, 1)).diagnostics.map(asExpected), expectedDiagnostics(PLAN));
  });
  after(() => {
    client?.dispose();
    tmp.cleanup();
  });

  it('drops a body that is not JSON (with no answer, as vscode-jsonrpc does), then answers the next request', async () => {
    await client.writeRaw(frame('{"jsonrpc": "2.0", "id": "raw-broken", "method": "textDocument/hover", "params": {'));
    await client.writeRaw(frame('\u0000\u00ff not json at all'));
    await assertServes(client, uri);
    // Its id could not be read, so there is nothing to answer.
    assert.equal(client.rawResponses.has('raw-broken'), false);
  });

  it('skips a header without Content-Length, with one that is not a number, or without a colon, and answers the requests after it', async () => {
    // vscode-jsonrpc drops such a header and stops reading what it has; it reads on when more data
    // arrives, so a client that sends nothing more waits: the test sends a no-op notification now and then.
    const answered = async (id: string): Promise<number | undefined> => {
      for (let i = 0; i < 50; i++) {
        const response = await client.rawResponse(id, 100).catch(() => undefined);
        if (response) return response.error?.code;
        await client.writeRaw(frame({ jsonrpc: '2.0', method: '$/bplanTestNudge' }));
      }
      throw new Error(`no answer to ${id}`);
    };
    const junk = ['Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n', 'Content-Length: twelve\r\n\r\n', 'no header at all\r\n\r\n'];
    for (const [i, header] of junk.entries()) {
      await client.writeRaw(header + frame({ jsonrpc: '2.0', id: `raw-after-header-${i}`, method: 'bplan/noSuchRequest', params: {} }));
      assert.equal(await answered(`raw-after-header-${i}`), -32601, JSON.stringify(header));
    }
    await assertServes(client, uri);
  });

  it('logs a message that is neither a request nor a notification, and goes on', async () => {
    await client.writeRaw(frame('42'));
    await client.writeRaw(frame({ jsonrpc: '2.0', id: { not: 'an id' }, method: 'textDocument/hover', params: {} }));
    await assertServes(client, uri);
    assert.equal(client.logMessages.filter((m) => /neither a response nor a notification/.test(m)).length, 2);
  });

  it('answers a request with missing or misshapen params with an error, or an empty result when it names no open document', async () => {
    const answers = new Map<unknown, { code?: number; result?: unknown }>([
      // No params at all, or params by position: InvalidParams.
      [undefined, { code: -32602 }],
      [[uri, PRODUCT], { code: -32602 }],
      // Params without the fields a hover reads: InternalError, for that request only.
      [null, { code: -32603 }],
      [{}, { code: -32603 }],
      // Fields of the wrong type name no open document: no hover.
      [{ textDocument: 'not an object', position: 'nowhere' }, { result: null }],
      [{ textDocument: { uri: 42 }, position: null }, { result: null }],
    ]);
    let n = 0;
    for (const [params, expected] of answers) {
      const id = `raw-params-${n++}`;
      await client.writeRaw(frame({ jsonrpc: '2.0', id, method: 'textDocument/hover', ...(params === undefined ? {} : { params }) }));
      const response = await client.rawResponse(id);
      assert.deepEqual(response.error ? { code: response.error.code } : { result: response.result }, expected, JSON.stringify(params));
    }
    await assertServes(client, uri);
  });

  it('answers MethodNotFound for unknown requests, ignores unknown notifications, and goes on', async () => {
    await assert.rejects(client.request('bplan/noSuchRequest', { uri }), { code: -32601 });
    await assert.rejects(client.request('textDocument/noSuchFeature', { textDocument: { uri } }), { code: -32601 });
    await client.connection.sendNotification('bplan/noSuchNotification', { uri });
    await client.connection.sendNotification('$/noSuchNotification', {});
    // A cancellation for a request that was never sent, or was answered long ago.
    await client.connection.sendNotification('$/cancelRequest', { id: 987_654 });
    await assertServes(client, uri);
  });

  it('answers requests about unopened documents, and documents of other schemes, with empty results', async () => {
    for (const other of [fileUri(join(tmp.dir, 'never-opened.bplan.yaml')), 'untitled:Untitled-1', 'not a uri at all', '']) {
      const textDocument = { uri: other };
      assert.equal(await client.request('textDocument/hover', { textDocument, position: { line: 0, character: 0 } }), null, other);
      assert.deepEqual(await client.request('textDocument/completion', { textDocument, position: { line: 0, character: 0 } }), { isIncomplete: false, items: [] });
      assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument }), []);
      assert.deepEqual(await client.request('textDocument/codeLens', { textDocument }), []);
    }
    // A change to a document that is not open is ignored (and publishes nothing).
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: fileUri(join(tmp.dir, 'never-opened.bplan.yaml')), version: 2 },
      contentChanges: [{ text: 'bplan: 1\n' }],
    });
    await assertServes(client, uri);
    assert.deepEqual(client.publishedFor(fileUri(join(tmp.dir, 'never-opened.bplan.yaml'))), []);
  });

  it('clamps positions outside the text: past the last line, past a line’s end, negative', async () => {
    const lines = PLAN.split('\n');
    const hoverAt = (position: Position): Promise<Hover | null> => client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
    // Past the end of `    product: mars` is its end, on the value `mars`.
    const endOfProductLine = await hoverAt({ line: PRODUCT.line, character: lines[PRODUCT.line]!.length });
    assert.match(JSON.stringify(endOfProductLine?.contents), /MARS/);
    assert.deepEqual(await hoverAt({ line: PRODUCT.line, character: 10_000 }), endOfProductLine);
    assert.deepEqual(await hoverAt({ line: PRODUCT.line, character: 2 ** 31 - 1 }), endOfProductLine);
    // Line 10^6 is the end of the text, and a negative line its start: both answer, neither fails.
    for (const position of [
      { line: 1_000_000, character: 0 },
      { line: 1_000_000, character: 1_000_000 },
      { line: -1, character: -1 },
      { line: PRODUCT.line, character: -5 },
    ]) {
      for (const [method, params] of [
        ['textDocument/hover', { textDocument: { uri }, position }],
        ['textDocument/completion', { textDocument: { uri }, position }],
        ['textDocument/definition', { textDocument: { uri }, position }],
        ['textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } }],
        ['textDocument/prepareRename', { textDocument: { uri }, position }],
        ['textDocument/selectionRange', { textDocument: { uri }, positions: [position] }],
        ['textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } }],
      ] as const) {
        await assert.doesNotReject(client.request(method, params), `${method} at ${JSON.stringify(position)}`);
      }
    }
    await assertServes(client, uri);
  });

  it('logged no failing feature along the way, and exits with code 0', async () => {
    assert.deepEqual(client.logMessages.filter((m) => /failed/.test(m)), []);
    assert.equal(await client.shutdown(), 0);
  });
});

describe('language server under faults: 1,000 edits in a burst', () => {
  let client: LspClient;
  const tmp = makeTmp('bplan-lsp-burst-');
  const uri = fileUri(join(tmp.dir, 'burst.bplan.yaml'));
  /** RSS in MB: after opening, after the first burst, after the second. */
  const rss: (number | undefined)[] = [];

  before(async () => {
    client = await LspClient.start({ workspaceFolder: tmp.dir });
    client.open(uri, PLAN);
    await client.waitForDiagnostics(uri, 1);
    rss.push(await residentMB(client));
  });
  after(() => {
    client?.dispose();
    tmp.cleanup();
  });

  /**
   * Types `block` at the end of the plan one character at a time, with a typo (typed, then
   * deleted) every 5th character, until 1,000 edits are sent; returns the last version.
   */
  function burst(block: string): number {
    let version = 0;
    let edits = 0;
    for (let i = 0; edits < 1000; i++) {
      const doc = client.document(uri);
      const end = doc.positionAt(doc.getText().length);
      if (i % 5 === 0 && edits < 998) {
        client.edit(uri, { start: end, end }, 'x');
        const after = client.document(uri).positionAt(client.text(uri).length);
        client.edit(uri, { start: end, end: after }, '');
        edits += 2;
      }
      const at = client.document(uri).positionAt(client.text(uri).length);
      version = client.edit(uri, { start: at, end: at }, block[i % block.length]!);
      edits++;
    }
    return version;
  }

  it('publishes, for the last version, what a fresh lint of the final text finds (and far fewer times than 1,000)', async (t) => {
    const before = client.publishedFor(uri).length;
    // A policy whose online backups run 4 times a day: more than MARS allows (online-frequency).
    const version = burst('\n  - name: four-a-day\n    online:\n      times: ["01:00", "07:00", "13:00", "19:00"]\n      retention: { daily: 30 }\n');
    assert.equal(version, 1001);
    const published = await client.waitForDiagnostics(uri, version, 30_000);
    const text = client.text(uri);
    assert.deepEqual(published.diagnostics.map(asExpected), expectedDiagnostics(text));
    assert.ok(published.diagnostics.length >= 2, `findings of the final text: ${published.diagnostics.map((d) => d.code).join(', ')}`);
    const publishes = client.publishedFor(uri).length - before;
    t.diagnostic(`${publishes} publishes for 1,000 edits`);
    assert.ok(publishes < 100, `${publishes} publishes for 1,000 edits: linting is not debounced`);
    rss.push(await residentMB(client));
    await assertServes(client, uri);
  });

  it('after a second burst, publishes the final text’s findings again, and its memory stays bounded', async (t) => {
    // Retype the whole text as a plan whose vault name breaks the naming rules, a character at a time.
    client.change(uri, [{ text: PLAN.replace('name: contoso-rsv-dub-office', 'name: 1') }]);
    const version = burst('# a comment typed in a burst, one character at a time\n');
    const published = await client.waitForDiagnostics(uri, version, 30_000);
    assert.deepEqual(published.diagnostics.map(asExpected), expectedDiagnostics(client.text(uri)));
    assert.ok(published.diagnostics.some((d) => d.code === 'vault-name'));
    rss.push(await residentMB(client));
    await assertServes(client, uri);
    t.diagnostic(`server RSS in MB: after open ${rss[0]}, after burst 1 ${rss[1]}, after burst 2 ${rss[2]}`);
    if (rss.some((m) => m === undefined)) return t.skip('no /proc/<pid>/status here to read the server’s memory from');
    const [opened, first, second] = rss as number[];
    assert.ok(first! < 300 && second! < 300, `server RSS ${first} MB and ${second} MB after the bursts; the bound is 300 MB`);
    // A second burst like the first must not grow the server by as much as it weighed after opening the plan.
    assert.ok(second! - first! < opened!, `server RSS grew from ${first} MB to ${second} MB over the second burst (${opened} MB after opening)`);
  });

  it('exits with code 0', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});

describe('language server under faults: cancellation', () => {
  let client: LspClient;
  const tmp = makeTmp('bplan-lsp-cancel-');
  const uri = fileUri(join(tmp.dir, 'cancel.bplan.yaml'));
  const large = largePlan(1500);

  before(async () => {
    client = await LspClient.start({ workspaceFolder: tmp.dir });
    client.open(uri, large);
    await client.waitForDiagnostics(uri, 1, 60_000);
  });
  after(() => {
    client?.dispose();
    tmp.cleanup();
  });

  it('answers RequestCancelled to a request cancelled before the server ran it', async () => {
    // The request and its cancellation in one write: the server reads both before it runs the request.
    const hover = { jsonrpc: '2.0', id: 'raw-cancelled', method: 'textDocument/hover', params: { textDocument: { uri }, position: PRODUCT } };
    await client.writeRaw(frame(hover) + frame({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: 'raw-cancelled' } }));
    const response = await client.rawResponse('raw-cancelled');
    assert.equal(response.error?.code, RequestCancelled);
    assert.equal(response.result, undefined);
    await assertServes(client, uri);
  });

  it('answers every request cancelled in flight, on a plan slow to lint, with its result or RequestCancelled, never not at all', async (t) => {
    const outcomes: string[] = [];
    for (const delay of [0, 100, 300]) {
      // An edit makes the next request analyse the whole plan again (most of a second or more for this one).
      const at = client.document(uri).positionAt(client.text(uri).length);
      client.edit(uri, { start: at, end: at }, `# cancelled after ${delay} ms\n`);
      const source = new CancellationTokenSource();
      let cancelledAt = Infinity;
      const settle = async <R>(request: Promise<R>): Promise<{ ok: boolean; code?: number; at: number }> => {
        try {
          await request;
          return { ok: true, at: Date.now() };
        } catch (error) {
          return { ok: false, code: (error as { code?: number }).code, at: Date.now() };
        }
      };
      const requests = [
        settle(client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: PRODUCT }, 60_000, source.token)),
        settle(client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } }, 60_000, source.token)),
        settle(client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: PRODUCT }, 60_000, source.token)),
      ];
      setTimeout(() => {
        cancelledAt = Date.now();
        source.cancel();
      }, delay);
      for (const outcome of await Promise.all(requests)) {
        if (outcome.ok) outcomes.push(`result after ${delay} ms`);
        else {
          assert.equal(outcome.code, RequestCancelled);
          outcomes.push(`cancelled after ${delay} ms`);
        }
        // An answer long after the cancellation reached the server was computed knowing it: RequestCancelled.
        if (outcome.at - cancelledAt > 1000) assert.equal(outcome.ok, false, `answered ${outcome.at - cancelledAt} ms after it was cancelled, with a result`);
      }
    }
    t.diagnostic(`outcomes: ${outcomes.join(', ')}`);
    // The edits were linted all the same: the last version's findings are published.
    const published = await client.waitForDiagnostics(uri, client.document(uri).version, 60_000);
    assert.deepEqual(published.diagnostics.map(asExpected), expectedDiagnostics(client.text(uri)));
    await assertServes(client, uri);
  });

  it('exits with code 0', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});

describe('language server under faults: a rule and a feature that throw (BPLAN_TEST_FAULTS)', () => {
  let client: LspClient;
  const tmp = makeTmp('bplan-lsp-injected-');
  const uri = fileUri(join(tmp.dir, 'injected.bplan.yaml'));
  let published: Diagnostic[];

  before(async () => {
    client = await LspClient.start({ workspaceFolder: tmp.dir, env: { BPLAN_TEST_FAULTS: 'rule:vault-region, feature:hover' } });
    client.open(uri, PLAN);
    published = (await client.waitForDiagnostics(uri, 1)).diagnostics;
  });
  after(() => {
    client?.dispose();
    tmp.cleanup();
  });

  it('publishes the failing rule as a finding at the start of the plan, and every other rule’s findings', () => {
    const failed = published.filter((d) => d.code === 'vault-region');
    assert.deepEqual(
      failed.map((d) => ({ range: d.range, message: d.message })),
      [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          message: 'rule vault-region failed on this plan (fault injected by BPLAN_TEST_FAULTS); please report this',
        },
      ],
    );
    const others = expectedDiagnostics(PLAN).filter((d) => d.code !== 'vault-region');
    assert.deepEqual(others.map((d) => d.code), ['scratch-too-small']);
    assert.deepEqual(published.filter((d) => d.code !== 'vault-region').map(asExpected), others);
    assert.ok(client.logMessages.some((m) => m === 'bplan: test faults injected by BPLAN_TEST_FAULTS (for tests only): rule vault-region, feature hover'));
  });

  it('answers the request whose feature throws with InternalError, and the others as usual', async () => {
    const hover = client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: PRODUCT });
    const symbols = client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    await assert.rejects(hover, (error: { code?: number; message?: string }) => {
      assert.equal(error.code, -32603);
      assert.equal(error.message, 'bplan: hover failed: fault injected by BPLAN_TEST_FAULTS');
      return true;
    });
    assert.deepEqual((await symbols).map((s) => s.name), ['contoso-dublin-office']);
    assert.ok(client.logMessages.some((m) => m === `bplan: hover failed on ${uri}: fault injected by BPLAN_TEST_FAULTS`));
  });

  it('answers later hovers, and lints later edits with the failing rule still reported', async () => {
    await assertServes(client, uri);
    const version = client.change(uri, [{ text: PLAN.replace('freeGB: 10', 'freeGB: 200') }]);
    const later = (await client.waitForDiagnostics(uri, version)).diagnostics;
    assert.deepEqual(later.map((d) => [d.code, d.range.start.line]), [['vault-region', 0]]);
    await assertServes(client, uri);
  });

  it('exits with code 0', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});

describe('language server under faults: plans over the size limit (bplan.maxFileSizeKB)', () => {
  let client: LspClient;
  const tmp = makeTmp('bplan-lsp-size-');
  const uri = fileUri(join(tmp.dir, 'big.bplan.yaml'));
  const small = fileUri(join(tmp.dir, 'small.bplan.yaml'));

  /** The plan padded with a comment of `é` (2 bytes in UTF-8, 1 UTF-16 unit) to exactly `bytes` bytes. */
  function planOfBytes(bytes: number): string {
    const pad = bytes - Buffer.byteLength(PLAN, 'utf8') - 3;
    const text = `${PLAN}# ${'é'.repeat(Math.floor(pad / 2))}${pad % 2 ? 'e' : ''}\n`;
    assert.equal(Buffer.byteLength(text, 'utf8'), bytes);
    return text;
  }

  function tooLarge(sizeKB: string, limitKB: string): Diagnostic {
    return {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: 3,
      source: 'bplan',
      code: 'file-too-large',
      message: `This plan is too large to check in the editor: ${sizeKB} KB, over the limit of ${limitKB} KB (setting bplan.maxFileSizeKB). Run \`bplan lint\` on the file to check it, or raise the setting.`,
    };
  }

  before(async () => {
    client = await LspClient.start({ workspaceFolder: tmp.dir, settings: { maxFileSizeKB: 16 } });
    client.open(small, PLAN);
    await client.waitForDiagnostics(small, 1);
  });
  after(() => {
    client?.dispose();
    tmp.cleanup();
  });

  it('checks a plan of exactly the limit in bytes, and not one a byte larger: one informational diagnostic instead', async () => {
    const atLimit = planOfBytes(16 * 1024);
    // The limit is on UTF-8 bytes, not on characters.
    assert.ok(atLimit.length < 16 * 1024 - 1000);
    client.open(uri, atLimit);
    assert.deepEqual((await client.waitForDiagnostics(uri, 1)).diagnostics.map(asExpected), expectedDiagnostics(atLimit));
    const version = client.change(uri, [{ text: planOfBytes(16 * 1024 + 1) }]);
    assert.deepEqual((await client.waitForDiagnostics(uri, version)).diagnostics, [tooLarge('17', '16')]);
  });

  it('answers feature requests on a plan over the limit with empty results', async () => {
    const textDocument = { uri };
    assert.equal(await client.request('textDocument/hover', { textDocument, position: PRODUCT }), null);
    assert.deepEqual(await client.request('textDocument/completion', { textDocument, position: PRODUCT }), { isIncomplete: false, items: [] });
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument }), []);
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument }), []);
    assert.deepEqual(await client.request('textDocument/foldingRange', { textDocument }), []);
    assert.deepEqual(await client.request('textDocument/references', { textDocument, position: PRODUCT, context: { includeDeclaration: true } }), []);
    assert.equal(await client.request('bplan/estimateReport', { uri }), null);
    // Plans under the limit are served as usual.
    await assertServes(client, small);
  });

  it('checks the plan once the setting allows it, and goes back to 4,096 KB when the setting is not a valid size', async () => {
    client.changeSettings({ maxFileSizeKB: 64 });
    const relinted = await client.waitForOpenDocuments();
    assert.deepEqual(relinted.get(uri)?.diagnostics.map(asExpected), expectedDiagnostics(client.text(uri)));
    await assertServes(client, uri);
    for (const invalid of [0, -5, '64', 2 ** 40]) {
      client.changeSettings({ maxFileSizeKB: invalid });
      await client.waitForOpenDocuments();
    }
    const version = client.change(uri, [{ text: planOfBytes(4096 * 1024 + 1) }]);
    assert.deepEqual((await client.waitForDiagnostics(uri, version, 20_000)).diagnostics, [tooLarge('4,097', '4,096')]);
    await assertServes(client, small);
  });

  it('exits with code 0', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});

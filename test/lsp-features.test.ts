/**
 * The language features through the real server: hover, completion, code actions (applied and
 * re-linted), rename, outline, code lens, definition and references, and the documentation command.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type {
  CodeAction,
  CodeLens,
  Command,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  Hover,
  Location,
  Position,
  Range,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { RULES } from '../server/src/core';
import { makeTmp } from './support/cli';
import { editsFor, expectedDiagnostics, fileUri, LspClient, urisOf } from './support/lsp-client';

/** A clean plan: a MABS server with two workloads, a MARS agent with one. */
const PLAN = `bplan: 1
name: features
vault:
  name: rsv-features
  region: westeurope
  encryption:
    passphrase: { env: FEATURES_PASSPHRASE }
servers:
  - name: mabs01
    product: mabs
    version: v3
    os: windows-server-2019
    scratch: { freeGB: 200 }
    storagePool:
      disks:
        - { name: vol1, sizeGB: 4000 }
  - name: mars01
    product: mars
    os: windows-server-2019
workloads:
  - name: share01
    type: files
    host: fs01
    os: windows-server-2019
    sizeGB: 500
    server: mabs01
    policy: files-daily
  - name: share02
    type: files
    host: fs02
    os: windows-server-2019
    sizeGB: 300
    server: mabs01
    policy: files-daily
  - name: laptop-docs
    type: files
    host: mars01
    os: windows-server-2019
    sizeGB: 50
    server: mars01
    policy: mars-nightly
policies:
  - name: files-daily
    disk: { syncEvery: 1h, recoveryPoints: ["08:00", "16:00"], retentionDays: 14 }
    online:
      times: ["21:00"]
      retention: { daily: 30, weekly: 12 }
  - name: mars-nightly
    online:
      times: ["22:00"]
      retention: { daily: 30 }
`;

/** The position of the `nth` occurrence of `needle` in `text`, plus `delta` characters. */
function at(text: string, needle: string, delta = 0, nth = 0): Position {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(needle, index + 1);
    assert.ok(index >= 0, `"${needle}" (occurrence ${nth}) is not in the text`);
  }
  const before = text.slice(0, index + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

/** The range of the `nth` occurrence of `needle` (a value such as a name). */
function rangeOf(text: string, needle: string, nth = 0): Range {
  const start = at(text, needle, 0, nth);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

function markdownOf(h: Hover | null): string {
  const c = h?.contents;
  return c && typeof c === 'object' && 'kind' in c ? c.value : JSON.stringify(c ?? null);
}

/** The names of the children of the outline symbol named `parent`, wherever it is. */
function childrenOf(symbols: readonly DocumentSymbol[], parent: string): string[] | undefined {
  for (const s of symbols) {
    if (s.name === parent) return (s.children ?? []).map((c) => c.name);
    const found = childrenOf(s.children ?? [], parent);
    if (found) return found;
  }
  return undefined;
}

describe('language server: features', () => {
  let client: LspClient;
  const tmp = makeTmp('bplan-lsp-features-');
  let count = 0;
  /** Opens a fresh copy of a plan (tests that edit it do not disturb the others) and waits for its first diagnostics. */
  async function openPlan(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = fileUri(join(tmp.dir, `plan-${++count}.bplan.yaml`));
    client.open(uri, text);
    return { uri, diagnostics: (await client.waitForDiagnostics(uri, 1)).diagnostics };
  }
  const td = (uri: string) => ({ textDocument: { uri } });

  before(async () => {
    client = await LspClient.start({ workspaceFolder: tmp.dir });
  });
  after(() => {
    client?.dispose();
    tmp.cleanup();
  });

  it('the plan is clean', async () => {
    assert.deepEqual(expectedDiagnostics(PLAN), []);
    assert.deepEqual((await openPlan(PLAN)).diagnostics, []);
  });

  describe('hover', () => {
    it('on a key gives the limit for the server’s product and version, with its source', async () => {
      const { uri } = await openPlan(PLAN);
      const h = await client.request<Hover | null>('textDocument/hover', { ...td(uri), position: at(PLAN, 'times: ["21:00"]', 2) });
      const text = markdownOf(h);
      assert.deepEqual(h?.range, rangeOf(PLAN, 'times', 0));
      assert.match(text, /mabs01/);
      assert.match(text, /MABS v3/);
      assert.match(text, /at most \*\*2\*\*/);
      assert.match(text, /seed 004/);
      assert.match(text, /rules\.md#online-frequency/);
    });

    it('on the same key under a MARS policy gives the MARS limit', async () => {
      const { uri } = await openPlan(PLAN);
      const text = markdownOf(await client.request<Hover | null>('textDocument/hover', { ...td(uri), position: at(PLAN, 'times: ["22:00"]', 2) }));
      assert.match(text, /mars01/);
      assert.match(text, /at most \*\*3\*\*/);
      assert.doesNotMatch(text, /at most \*\*2\*\*/);
    });
  });

  it('completes the four products at `product: `', async () => {
    const text = PLAN.replace('workloads:\n', '  - name: new01\n    product: \nworkloads:\n');
    const { uri } = await openPlan(text);
    const list = await client.request<CompletionList | null>('textDocument/completion', {
      ...td(uri),
      position: at(text, 'product: \n', 'product: '.length),
      context: { triggerKind: 1 },
    });
    assert.deepEqual(list?.items.map((i) => i.label).sort(), ['azure-vm-backup', 'dpm', 'mabs', 'mars']);
  });

  describe('code actions', () => {
    /** The quick fixes offered for one diagnostic of the document. */
    async function fixesFor(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
      const actions = await client.request<(CodeAction | Command)[] | null>('textDocument/codeAction', {
        ...td(uri),
        range: diagnostic.range,
        context: { diagnostics: [diagnostic], only: ['quickfix'], triggerKind: 1 },
      });
      return (actions ?? []).filter((a): a is CodeAction => 'edit' in a && !!a.edit);
    }

    /** Applies a code action's edit as the editor would, sends it, and returns the diagnostics of the new version. */
    async function apply(uri: string, edit: WorkspaceEdit): Promise<Diagnostic[]> {
      assert.deepEqual(urisOf(edit), [uri]);
      const version = client.applyEdits(uri, editsFor(edit, uri));
      return (await client.waitForDiagnostics(uri, version)).diagnostics;
    }

    it('fixes a misspelt policy name with the preferred quick fix, and the plan lints clean', async () => {
      const text = PLAN.replace('policy: mars-nightly', 'policy: mars-nihgtly');
      const { uri, diagnostics } = await openPlan(text);
      const diagnostic = diagnostics.find((d) => d.code === 'unknown-reference');
      assert.ok(diagnostic, JSON.stringify(diagnostics));
      const fixes = await fixesFor(uri, diagnostic);
      const fix = fixes.find((a) => a.isPreferred);
      assert.ok(fix, `no preferred quick fix among ${JSON.stringify(fixes.map((a) => a.title))}`);
      assert.equal(fix.title, 'Change policy to "mars-nightly"');
      assert.equal(fix.kind, 'quickfix');
      assert.deepEqual(fix.diagnostics?.map((d) => d.code), ['unknown-reference']);
      assert.deepEqual(await apply(uri, fix.edit!), []);
      assert.equal(client.text(uri), PLAN);
    });

    it('fixes too many online backups a day by keeping the first ones, and the plan lints clean', async () => {
      const text = PLAN.replace('times: ["21:00"]', 'times: ["07:00", "13:00", "21:00"]');
      const { uri, diagnostics } = await openPlan(text);
      const diagnostic = diagnostics.find((d) => d.code === 'online-frequency');
      assert.ok(diagnostic, JSON.stringify(diagnostics));
      const fix = (await fixesFor(uri, diagnostic)).find((a) => a.title.startsWith('Keep the first 2 times'));
      assert.ok(fix, 'no "Keep the first 2 times" fix');
      assert.deepEqual(await apply(uri, fix.edit!), []);
      assert.match(client.text(uri), /times: \["07:00", "13:00"\]\n/);
    });

    it('disables a rule for a line with a comment whose reason the user then writes, and the plan lints clean', async () => {
      const text = PLAN.replace('region: westeurope', 'region: chinaeast2');
      const { uri, diagnostics } = await openPlan(text);
      const diagnostic = diagnostics.find((d) => d.code === 'vault-region');
      assert.ok(diagnostic, JSON.stringify(diagnostics));
      const disable = (await fixesFor(uri, diagnostic)).find((a) => a.title.startsWith('Disable vault-region for this line'));
      assert.ok(disable, 'no "Disable vault-region for this line" action');
      const after = await apply(uri, disable.edit!);
      assert.match(client.text(uri), /\n  # bplan-disable-next-line vault-region -- \n  region: chinaeast2\n/);
      assert.deepEqual(after.map((d) => d.code), ['suppression-syntax'], 'the comment asks for its reason');
      const end = at(client.text(uri), 'vault-region -- ', 'vault-region -- '.length);
      const version = client.edit(uri, { start: end, end }, 'a sovereign-cloud test plan');
      assert.deepEqual((await client.waitForDiagnostics(uri, version)).diagnostics, []);
    });

    it('offers no edit for a diagnostic of an older version, whose range no longer points at the finding', async () => {
      const text = PLAN.replace('policy: mars-nightly', 'policy: mars-nihgtly');
      const { uri, diagnostics } = await openPlan(text);
      const stale = diagnostics.find((d) => d.code === 'unknown-reference')!;
      const version = client.edit(uri, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, '# a new first comment line\n');
      await client.waitForDiagnostics(uri, version);
      assert.deepEqual(await fixesFor(uri, stale), []);
    });

    it('offers the rule’s documentation for a diagnostic', async () => {
      const text = PLAN.replace('region: westeurope', 'region: chinaeast2');
      const { uri, diagnostics } = await openPlan(text);
      const diagnostic = diagnostics.find((d) => d.code === 'vault-region');
      assert.ok(diagnostic);
      const actions = await client.request<(CodeAction | Command)[]>('textDocument/codeAction', {
        ...td(uri),
        range: diagnostic.range,
        context: { diagnostics: [diagnostic], triggerKind: 1 },
      });
      const commands = actions.map((a) => (typeof a.command === 'string' ? a : a.command)).filter((c): c is Command => !!c);
      assert.ok(
        commands.some((c) => c.command === 'bplan.showDocumentation' && c.arguments?.[0] === 'vault-region'),
        JSON.stringify(actions.map((a) => a.title)),
      );
    });
  });

  describe('rename', () => {
    it('prepares on a server name with its range and the name as placeholder', async () => {
      const { uri } = await openPlan(PLAN);
      const prepared = await client.request('textDocument/prepareRename', { ...td(uri), position: at(PLAN, 'name: mabs01', 8) });
      assert.deepEqual(prepared, { range: rangeOf(PLAN, 'mabs01'), placeholder: 'mabs01' });
    });

    it('refuses to rename where there is no name (a key)', async () => {
      const { uri } = await openPlan(PLAN);
      assert.equal(await client.request('textDocument/prepareRename', { ...td(uri), position: at(PLAN, 'product: mabs', 2) }), null);
    });

    it('renames a server and every workload that names it, from a reference, and the plan lints clean', async () => {
      const { uri } = await openPlan(PLAN);
      const edit = await client.request<WorkspaceEdit | null>('textDocument/rename', {
        ...td(uri),
        position: at(PLAN, 'server: mabs01', 10, 1),
        newName: 'lyo-mabs01',
      });
      assert.ok(edit);
      const edits = editsFor(edit, uri);
      assert.deepEqual(
        edits.map((e) => e.range).sort((a, b) => a.start.line - b.start.line),
        [rangeOf(PLAN, 'mabs01', 0), rangeOf(PLAN, 'mabs01', 1), rangeOf(PLAN, 'mabs01', 2)],
      );
      assert.ok(edits.every((e) => e.newText === 'lyo-mabs01'));
      const version = client.applyEdits(uri, edits);
      assert.deepEqual((await client.waitForDiagnostics(uri, version)).diagnostics, []);
      assert.equal(client.text(uri), PLAN.replaceAll('mabs01', 'lyo-mabs01'));
    });
  });

  it('outlines the servers and the workloads by name', async () => {
    const { uri } = await openPlan(PLAN);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', td(uri));
    assert.deepEqual(childrenOf(symbols, 'servers'), ['mabs01', 'mars01']);
    assert.deepEqual(childrenOf(symbols, 'workloads'), ['share01', 'share02', 'laptop-docs']);
    assert.deepEqual(childrenOf(symbols, 'policies'), ['files-daily', 'mars-nightly']);
  });

  describe('code lens', () => {
    it('puts one lens on each server and workload, with an estimate as title', async () => {
      const { uri } = await openPlan(PLAN);
      const lenses = await client.request<CodeLens[]>('textDocument/codeLens', td(uri));
      const names = ['mabs01', 'mars01', 'share01', 'share02', 'laptop-docs'];
      assert.deepEqual(
        lenses.map((l) => l.range.start.line),
        names.map((n) => at(PLAN, `- name: ${n}\n`).line),
      );
      for (const lens of lenses) assert.ok(lens.command?.title, `lens on line ${lens.range.start.line} has no title`);
      assert.match(lenses[0]!.command!.title, /pool .* of .*scratch/);
    });

    it('gives no lens when bplan.codeLens is false', async () => {
      const { uri } = await openPlan(PLAN);
      client.changeSettings({ codeLens: false });
      try {
        assert.deepEqual(await client.request('textDocument/codeLens', td(uri)), []);
      } finally {
        client.changeSettings({});
      }
      assert.equal((await client.request<CodeLens[]>('textDocument/codeLens', td(uri))).length, 5);
    });
  });

  describe('definition and references', () => {
    it('goes from a workload’s server to the server’s name, and from its policy to the policy’s', async () => {
      const { uri } = await openPlan(PLAN);
      assert.deepEqual(await client.request<Location[]>('textDocument/definition', { ...td(uri), position: at(PLAN, 'server: mabs01', 10, 1) }), [
        { uri, range: rangeOf(PLAN, 'mabs01') },
      ]);
      assert.deepEqual(await client.request<Location[]>('textDocument/definition', { ...td(uri), position: at(PLAN, 'policy: mars-nightly', 9) }), [
        { uri, range: rangeOf(PLAN, 'mars-nightly', 1) },
      ]);
    });

    it('finds the references of a server, with and without its declaration', async () => {
      const { uri } = await openPlan(PLAN);
      const request = (includeDeclaration: boolean) =>
        client.request<Location[]>('textDocument/references', { ...td(uri), position: at(PLAN, 'name: mabs01', 9), context: { includeDeclaration } });
      const all = [rangeOf(PLAN, 'mabs01', 0), rangeOf(PLAN, 'mabs01', 1), rangeOf(PLAN, 'mabs01', 2)].map((range) => ({ uri, range }));
      assert.deepEqual(await request(true), all);
      assert.deepEqual(await request(false), all.slice(1));
    });
  });

  describe('workspace/executeCommand bplan.showDocumentation', () => {
    it('asks the client to open the rule’s documentation externally', async () => {
      const rule = RULES.find((r) => r.meta.id === 'vault-region')!;
      const before = client.showDocumentRequests.length;
      assert.equal(await client.request('workspace/executeCommand', { command: 'bplan.showDocumentation', arguments: ['vault-region'] }), null);
      assert.deepEqual(client.showDocumentRequests.slice(before), [{ uri: rule.meta.docsUrl, external: true }]);
      assert.ok(rule.meta.docsUrl.endsWith('#vault-region'));
    });

    it('answers InvalidParams for a rule that does not exist, and opens nothing', async () => {
      const before = client.showDocumentRequests.length;
      await assert.rejects(client.request('workspace/executeCommand', { command: 'bplan.showDocumentation', arguments: ['no-such-rule'] }), {
        code: -32602,
        message: /no rule no-such-rule/,
      });
      assert.equal(client.showDocumentRequests.length, before);
    });
  });

  it('never shows a passphrase written in the plan, in any feature', async () => {
    const secret = 'Tr0ub4dor-and-3-more-words';
    const text = PLAN.replace('passphrase: { env: FEATURES_PASSPHRASE }', `passphrase: "${secret}"`);
    const { uri, diagnostics } = await openPlan(text);
    assert.ok(diagnostics.some((d) => d.code === 'passphrase-literal'), JSON.stringify(diagnostics.map((d) => d.code)));
    const where = [at(text, 'passphrase:', 2), at(text, secret, 3), at(text, 'encryption', 1), at(text, 'name: rsv-features', 2)];
    const answers: unknown[] = [diagnostics];
    for (const position of where) {
      answers.push(await client.request('textDocument/hover', { ...td(uri), position }));
      answers.push(await client.request('textDocument/completion', { ...td(uri), position }));
      answers.push(await client.request('textDocument/codeAction', { ...td(uri), range: { start: position, end: position }, context: { diagnostics } }));
    }
    answers.push(await client.request('textDocument/documentSymbol', td(uri)));
    answers.push(await client.request('textDocument/codeLens', td(uri)));
    answers.push(await client.request('bplan/estimateReport', { uri }));
    const json = JSON.stringify(answers);
    assert.ok(json.includes('passphrase-literal'), 'the answers were collected');
    assert.ok(!json.includes(secret) && !json.includes('Tr0ub4dor'), 'a feature showed the passphrase');
  });

  it('logged no failing feature along the way', () => {
    assert.deepEqual(client.logMessages.filter((m) => /failed/.test(m)), []);
  });
});

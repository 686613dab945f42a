/**
 * Typing into a plan: a burst of incremental didChange notifications, some of them leaving the
 * YAML invalid. The server must end on the diagnostics of the last version, never publish an
 * older version after a newer one, and keep its copy of the text in step with the editor's.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { lintText } from '../server/src/core';
import { makeTmp } from './support/cli';
import { asExpected, expectedDiagnostics, fileUri, LspClient } from './support/lsp-client';

const PLAN = `bplan: 1
vault:
  name: rsv-typing
  region: westeurope
  encryption:
    passphrase: { env: TYPING_PASSPHRASE }
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
      retention: { daily: 30, weekly: 12 }
`;

/**
 * Keystrokes typed after `online:` ('\b' deletes the character before the cursor): a new times
 * line, a typo corrected on the way, and a comment with a character outside the BMP (two UTF-16 units).
 */
const KEYS = [...'\n      times: ["07:00", "13:00", "21:0', '9', '\b', ...'0"] # 🕘 x3'];
const FINAL = PLAN.replace('    online:\n', '    online:\n      times: ["07:00", "13:00", "21:00"] # 🕘 x3\n');

/** Types KEYS as one didChange each, without waiting; returns the text of every version sent (index = version). */
function typeBurst(client: LspClient, uri: string): string[] {
  const texts: string[] = [];
  texts[1] = PLAN;
  let cursor = PLAN.indexOf('    online:') + '    online:'.length;
  for (const key of KEYS) {
    const doc = client.document(uri);
    const version =
      key === '\b'
        ? client.edit(uri, { start: doc.positionAt(cursor - 1), end: doc.positionAt(cursor) }, '')
        : client.edit(uri, { start: doc.positionAt(cursor), end: doc.positionAt(cursor) }, key);
    cursor += key === '\b' ? -1 : key.length;
    texts[version] = client.text(uri);
  }
  return texts;
}

function assertInOrder(versions: readonly (number | undefined)[]): void {
  for (let i = 1; i < versions.length; i++) {
    assert.ok((versions[i] ?? 0) >= (versions[i - 1] ?? 0), `version ${versions[i]} published after ${versions[i - 1]}: ${versions.join(', ')}`);
  }
}

describe('language server: a burst of edits', () => {
  const tmp = makeTmp('bplan-lsp-edits-');
  const clients: LspClient[] = [];
  after(() => {
    for (const c of clients) c.dispose();
    tmp.cleanup();
  });

  it('types 50 keystrokes, some leaving the YAML invalid, and the final text has a finding', () => {
    assert.equal(KEYS.length, 50);
    let text = PLAN;
    let cursor = PLAN.indexOf('    online:') + '    online:'.length;
    const rules = new Set<string>();
    for (const key of KEYS) {
      text = key === '\b' ? text.slice(0, cursor - 1) + text.slice(cursor) : text.slice(0, cursor) + key + text.slice(cursor);
      cursor += key === '\b' ? -1 : key.length;
      for (const f of lintText(text).findings) rules.add(f.ruleId);
    }
    assert.equal(text, FINAL);
    assert.ok(rules.has('yaml-syntax'), [...rules].join(', '));
    assert.deepEqual(lintText(FINAL).findings.map((f) => f.ruleId), ['online-frequency']);
  });

  for (const lintDelay of [150, 0]) {
    describe(`with lintDelay ${lintDelay} ms`, () => {
      let client: LspClient;
      const uri = fileUri(join(tmp.dir, `typing-${lintDelay}.bplan.yaml`));
      let texts: string[];

      before(async () => {
        client = await LspClient.start({ workspaceFolder: tmp.dir, settings: { lintDelay } });
        clients.push(client);
        client.open(uri, PLAN);
        assert.deepEqual((await client.waitForDiagnostics(uri, 1)).diagnostics, []);
        texts = typeBurst(client, uri);
      });

      it('publishes the diagnostics of the last version, equal to a fresh lint of the final text', async () => {
        assert.equal(client.text(uri), FINAL);
        const last = await client.waitForDiagnostics(uri, 51);
        assert.deepEqual(last.diagnostics.map(asExpected), expectedDiagnostics(FINAL));
        assert.deepEqual(
          last.diagnostics.map((d) => [d.code, d.range]),
          [['online-frequency', { start: { line: 21, character: 13 }, end: { line: 21, character: 40 } }]],
        );
      });

      it('never publishes an older version after a newer one, nor anything after the last version', async () => {
        await LspClient.quiet(lintDelay + 300);
        const versions = client.publishedFor(uri).map((p) => p.version);
        assertInOrder(versions);
        assert.equal(versions.at(-1), 51, versions.join(', '));
      });

      it('publishes, for every version it reports, the findings of that version’s text', () => {
        for (const p of client.publishedFor(uri)) {
          assert.deepEqual(p.diagnostics.map(asExpected), expectedDiagnostics(texts[p.version!]!), `version ${p.version}`);
        }
      });

      if (lintDelay > 0) {
        it('waits for the typing to pause: one run for the whole burst', () => {
          assert.deepEqual(client.publishedFor(uri).map((p) => p.version), [1, 51]);
        });
      } else {
        it('applies several changes of one didChange in order (replace, delete across lines, insert)', async () => {
          const multi = fileUri(join(tmp.dir, 'multi.bplan.yaml'));
          client.open(multi, PLAN);
          await client.waitForDiagnostics(multi, 1);
          const doc = client.document(multi);
          const at = (needle: string, delta = 0) => doc.positionAt(PLAN.indexOf(needle) + delta);
          const version = client.change(multi, [
            // Each range is in the text as the previous changes left it: going from the end backward keeps the original positions valid.
            { range: { start: at('online:'), end: at('online:', 'online:'.length) }, text: 'online:\n      times: ["01:00", "02:00", "03:00"]' },
            { range: { start: at('workloads:'), end: at('policies:') }, text: '' },
            { range: { start: at('westeurope'), end: at('westeurope', 10) }, text: 'usgovvirginia' },
          ]);
          const expected = PLAN.replace(PLAN.slice(PLAN.indexOf('workloads:'), PLAN.indexOf('policies:')), '')
            .replace('online:', 'online:\n      times: ["01:00", "02:00", "03:00"]')
            .replace('westeurope', 'usgovvirginia');
          assert.equal(client.text(multi), expected);
          const published = await client.waitForDiagnostics(multi, version);
          assert.deepEqual(published.diagnostics.map(asExpected), expectedDiagnostics(expected));
          assert.deepEqual(published.diagnostics.map((d) => d.code), ['vault-region']);
        });
      }
    });
  }
});

/** Definition, references and rename (server/src/language/references.ts). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Location, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { lintText } from '../server/src/core';
import { PlanDocument } from '../server/src/language/document';
import { definition, prepareRename, references, rename } from '../server/src/language/references';

const SAMPLES = path.join(__dirname, '..', '..', 'samples');
const sampleNames = fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.bplan.yaml'));
const readSample = (name: string) => fs.readFileSync(path.join(SAMPLES, name), 'utf8');
const URI = 'file:///plan.bplan.yaml';
const docOf = (text: string) => new PlanDocument(URI, 1, text);

/** A range on one line, 0-based. */
const at = (line: number, start: number, end: number): Range => ({ start: { line, character: start }, end: { line, character: end } });
const ranges = (locations: readonly Location[]) => {
  for (const l of locations) assert.equal(l.uri, URI);
  return locations.map((l) => l.range);
};

/** The offset of the n-th occurrence of `needle`, plus `delta`. */
function offsetOf(text: string, needle: string, delta = 0, nth = 0): number {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(needle, index + 1);
    assert.ok(index >= 0, `${needle} #${nth} is in the text`);
  }
  return index + delta;
}

function editsOf(edit: WorkspaceEdit | null): TextEdit[] {
  assert.ok(edit?.changes, 'an edit');
  assert.deepEqual(Object.keys(edit.changes), [URI]);
  return edit.changes[URI]!;
}

/** Applies non-overlapping edits, from the last to the first. */
function applyEdits(doc: PlanDocument, edits: readonly TextEdit[]): string {
  const spans = edits.map((e) => ({ ...doc.spanOf(e.range), text: e.newText })).sort((a, b) => b.start - a.start);
  spans.forEach((s, i) => assert.ok(i === 0 || s.end <= spans[i - 1]!.start, 'edits do not overlap'));
  let text = doc.text;
  for (const s of spans) text = text.slice(0, s.start) + s.text + text.slice(s.end);
  return text;
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof Error);
    return error.message;
  }
  assert.fail('expected the rename to be refused');
}

const MABS = readSample('mabs-v3-modern-storage.bplan.yaml');
const SERVER_DECL = at(22, 10, 20);
const SERVER_REFS = [62, 70, 78, 88, 96, 104, 112, 120].map((line) => at(line, 12, 22));
const SQL_DECL = at(127, 10, 19);
const SQL_REFS = [at(63, 12, 21), at(71, 12, 21)];

describe('definition', () => {
  const doc = docOf(MABS);
  test("from a workload's server: and policy: to the name of the server and the policy", () => {
    assert.deepEqual(ranges(definition(doc, offsetOf(MABS, 'server: lyo-mabs01', 8))), [SERVER_DECL]);
    assert.deepEqual(ranges(definition(doc, offsetOf(MABS, 'server: lyo-mabs01', 18, 5))), [SERVER_DECL]);
    // A cursor just after the value still counts.
    assert.deepEqual(ranges(definition(doc, offsetOf(MABS, 'policy: sql-15min', 17, 1))), [SQL_DECL]);
    assert.deepEqual(ranges(definition(doc, offsetOf(MABS, 'policy: vms-nightly', 10))), [at(139, 10, 21)]);
  });

  test('on a name, the name itself', () => {
    assert.deepEqual(ranges(definition(doc, offsetOf(MABS, 'name: lyo-mabs01', 6))), [SERVER_DECL]);
    assert.deepEqual(ranges(definition(doc, offsetOf(MABS, 'name: sql-15min', 9))), [SQL_DECL]);
    assert.deepEqual(ranges(definition(doc, offsetOf(MABS, 'name: stock-db', 8))), [at(64, 10, 18)]);
  });

  test('elsewhere, nothing', () => {
    // Keys, other values, names nothing refers to (vault, disk), a host that is no server.
    for (const [needle, delta] of [['server: lyo', 2], ['policy: sql', 0], ['type: sql-server', 8], ['host: lyo-sql01', 8], ['name: contoso-rsv', 8], ['name: lyo-mbs-vol1', 8], ['bplan: 1', 7]] as const) {
      assert.deepEqual(definition(doc, offsetOf(MABS, needle, delta)), [], needle);
    }
  });

  test('a reference to a name no item has goes nowhere', () => {
    const text = MABS.replace('policy: sql-15min', 'policy: sql-15mn');
    assert.deepEqual(definition(docOf(text), offsetOf(text, 'sql-15mn', 2)), []);
  });
});

describe('references', () => {
  const doc = docOf(MABS);
  test('from the declaration and from any reference: every server: naming it, with the declaration when asked', () => {
    for (const offset of [offsetOf(MABS, 'lyo-mabs01', 0), offsetOf(MABS, 'server: lyo-mabs01', 12, 3)]) {
      assert.deepEqual(ranges(references(doc, offset, true)), [SERVER_DECL, ...SERVER_REFS]);
      assert.deepEqual(ranges(references(doc, offset, false)), SERVER_REFS);
    }
  });

  test('policies: only the workloads that follow that policy', () => {
    for (const offset of [offsetOf(MABS, 'name: sql-15min', 8), offsetOf(MABS, 'policy: sql-15min', 8, 1)]) {
      // In document order: the policies come after the workloads.
      assert.deepEqual(ranges(references(doc, offset, true)), [...SQL_REFS, SQL_DECL]);
      assert.deepEqual(ranges(references(doc, offset, false)), SQL_REFS);
    }
  });

  test('a workload name is referred to by nothing', () => {
    assert.deepEqual(ranges(references(doc, offsetOf(MABS, 'name: hv-app01', 8), true)), [at(82, 10, 18)]);
    assert.deepEqual(references(doc, offsetOf(MABS, 'name: hv-app01', 8), false), []);
  });

  test('a host that is a server (MARS protects its own machine) refers to that server, DNS suffix or not', () => {
    const text = readSample('mars-file-server.bplan.yaml').replace('host: dub-fs01\n', 'host: DUB-FS01.contoso.local\n');
    const mars = docOf(text);
    const all = ranges(references(mars, offsetOf(text, 'name: dub-fs01', 7), true));
    const texts = all.map((r) => text.slice(mars.offsetAt(r.start), mars.offsetAt(r.end)));
    assert.deepEqual(texts, ['dub-fs01', 'DUB-FS01', 'dub-fs01', 'dub-fs01', 'dub-fs01', 'dub-fs01', 'dub-fs01']);
    assert.deepEqual(all[1], at(50, 10, 18), 'the computer name of the host, without its suffix');
    assert.deepEqual(ranges(definition(mars, offsetOf(text, 'DUB-FS01', 12))), [at(27, 10, 18)]);
  });

  test('quoted names: the range is the name inside its quotes', () => {
    const text = MABS.replace('- name: lyo-mabs01', '- name: "lyo-mabs01"').replace('server: lyo-mabs01', "server: 'lyo-mabs01'");
    const quoted = docOf(text);
    const found = ranges(references(quoted, offsetOf(text, 'server: lyo-mabs01', 10), true));
    assert.deepEqual(found.slice(0, 2), [at(22, 11, 21), at(62, 13, 23)]);
    assert.equal(found.length, 9);
  });
});

/** A clean plan: server srv01 protects three workloads, srv02 one. */
const PLAN = `bplan: 1
name: rename-test
vault:
  name: rsv-rename-test
  encryption:
    passphrase: { env: BPLAN_PASSPHRASE }
servers:
  - name: "srv01"
    product: mabs
    version: v3
  - name: srv02
    product: mabs
    version: v3
workloads:
  - name: wl01
    type: files
    host: host01
    os: windows-server-2019
    server: srv01
    policy: pol01
  - name: wl02
    type: files
    host: host02
    os: windows-server-2019
    server: 'srv01'
    policy: pol01
  - { name: wl03, type: files, host: host03, os: windows-server-2019, server: srv01, policy: pol01 }
  - name: wl04
    type: files
    host: host04
    os: windows-server-2019
    server: srv02
    policy: pol02
policies:
  - name: pol01
    disk: { syncEvery: 1h, recoveryPoints: ["08:00"], retentionDays: 14 }
    online:
      times: ["21:00"]
      retention: { daily: 30 }
  - name: pol02
    online:
      times: ["22:00"]
      retention: { daily: 30 }
`;

describe('prepareRename', () => {
  const doc = docOf(PLAN);
  test('on a server, policy or workload name or a reference: its range and current name', () => {
    assert.deepEqual(prepareRename(doc, offsetOf(PLAN, 'srv01', 1)), { range: at(7, 11, 16), placeholder: 'srv01' });
    assert.deepEqual(prepareRename(doc, offsetOf(PLAN, "'srv01'", 3)), { range: at(24, 13, 18), placeholder: 'srv01' });
    assert.deepEqual(prepareRename(doc, offsetOf(PLAN, 'policy: pol02', 9)), { range: at(32, 12, 17), placeholder: 'pol02' });
    assert.deepEqual(prepareRename(doc, offsetOf(PLAN, 'name: wl03', 8)), { range: at(26, 12, 16), placeholder: 'wl03' });
  });

  test('elsewhere: null', () => {
    for (const needle of ['servers:', 'server: srv02', 'type: files', 'host: host01', 'rsv-rename-test', 'rename-test', 'BPLAN_PASSPHRASE', '"08:00"']) {
      assert.equal(prepareRename(doc, offsetOf(PLAN, needle, 2)), null, needle);
    }
    assert.equal(prepareRename(docOf(''), 0), null);
  });
});

describe('rename', () => {
  const doc = docOf(PLAN);
  assert.deepEqual(lintText(PLAN).findings, [], 'the plan starts clean');

  test('a server used by three workloads: four edits, quoting kept, and the plan still lints clean', () => {
    for (const offset of [offsetOf(PLAN, 'srv01', 2), offsetOf(PLAN, 'server: srv01', 10, 1)]) {
      const edits = editsOf(rename(doc, offset, 'lyo-mabs02'));
      assert.deepEqual(edits, [
        { range: at(7, 10, 17), newText: '"lyo-mabs02"' },
        { range: at(18, 12, 17), newText: 'lyo-mabs02' },
        { range: at(24, 12, 19), newText: "'lyo-mabs02'" },
        { range: at(26, 78, 83), newText: 'lyo-mabs02' },
      ]);
      const renamed = applyEdits(doc, edits);
      assert.match(renamed, /- name: "lyo-mabs02"\n/);
      assert.match(renamed, /server: 'lyo-mabs02'\n/);
      assert.doesNotMatch(renamed, /srv01/);
      assert.deepEqual(lintText(renamed).findings, []);
    }
  });

  test('a policy, from a reference', () => {
    const edits = editsOf(rename(doc, offsetOf(PLAN, 'policy: pol01', 9, 2), 'files-daily'));
    assert.equal(edits.length, 4);
    const renamed = applyEdits(doc, edits);
    assert.equal(renamed.match(/files-daily/g)?.length, 4);
    assert.deepEqual(lintText(renamed).findings, []);
  });

  test('a new name that YAML would read as something else is quoted where the old one was plain', () => {
    const edits = editsOf(rename(doc, offsetOf(PLAN, 'name: srv02', 7), '2024'));
    assert.deepEqual(
      edits.map((e) => e.newText),
      ['"2024"', '"2024"'],
    );
    const renamed = applyEdits(doc, edits);
    assert.deepEqual(lintText(renamed).findings, []);
    // YAML 1.1 booleans too, for the editors that still read them.
    assert.deepEqual(editsOf(rename(doc, offsetOf(PLAN, 'name: srv02', 7), 'yes')).map((e) => e.newText), ['"yes"', '"yes"']);
    // Surrounding spaces are not part of a name.
    assert.deepEqual(editsOf(rename(doc, offsetOf(PLAN, 'name: srv02', 7), '  srv03 ')).map((e) => e.newText), ['srv03', 'srv03']);
  });

  test('a name written as a block scalar becomes a quoted one, and the line after it stays', () => {
    const text = PLAN.replace('- name: srv02\n', '- name: |-\n      srv02\n');
    const block = docOf(text);
    const renamed = applyEdits(block, editsOf(rename(block, offsetOf(text, 'server: srv02', 9), 'srv03')));
    assert.match(renamed, /- name: "srv03"\n {4}product: mabs\n/);
    assert.deepEqual(lintText(renamed).findings, []);
  });

  test('a workload: its name only, nothing refers to it', () => {
    const edits = editsOf(rename(doc, offsetOf(PLAN, 'name: wl03', 7), 'wl03-renamed'));
    assert.deepEqual(edits, [{ range: at(26, 12, 16), newText: 'wl03-renamed' }]);
  });

  test('refused: a name another server or policy already has, saying which', () => {
    assert.equal(
      refusal(() => rename(doc, offsetOf(PLAN, 'srv01', 1), 'srv02')),
      'another server is already named "srv02" (servers[1], line 11): choose a name no other server has',
    );
    assert.equal(
      refusal(() => rename(doc, offsetOf(PLAN, 'policy: pol02', 9), 'pol01')),
      'another policy is already named "pol01" (policies[0], line 35): choose a name no other policy has',
    );
    assert.match(refusal(() => rename(doc, offsetOf(PLAN, 'name: wl01', 7), 'wl02')), /^another workload is already named "wl02"/);
    // Servers and policies are separate lists: a server may share a policy's name.
    assert.equal(editsOf(rename(doc, offsetOf(PLAN, 'name: srv02', 7), 'pol01')).length, 2);
  });

  test('refused: empty, or not a name', () => {
    assert.equal(refusal(() => rename(doc, offsetOf(PLAN, 'name: srv02', 7), '  ')), 'a server name cannot be empty');
    assert.equal(
      refusal(() => rename(doc, offsetOf(PLAN, 'name: pol02', 7), 'my policy')),
      `"my policy" is not a valid policy name: expected a name of letters, digits, '.', '_' and '-', starting with a letter or digit`,
    );
    for (const bad of ['-srv', 'srv:01', '#srv', 'srv\n01', '"srv"']) {
      assert.match(refusal(() => rename(doc, offsetOf(PLAN, 'name: srv02', 7), bad)), /is not a valid server name/, bad);
    }
    assert.match(refusal(() => rename(doc, offsetOf(PLAN, 'name: srv02', 7), 'a'.repeat(129))), /is 129 characters long; a server name has at most 128$/);
  });

  test('elsewhere: null', () => {
    assert.equal(rename(doc, offsetOf(PLAN, 'type: files', 7), 'x'), null);
  });

  test('a duplicate name is renamed alone; the references stay with the first', () => {
    const text = PLAN.replace('- name: srv02', '- name: srv01');
    const dup = docOf(text);
    const edits = editsOf(rename(dup, offsetOf(text, 'name: srv01', 7), 'srv02'));
    assert.deepEqual(edits, [{ range: at(10, 10, 15), newText: 'srv02' }]);
    assert.equal(editsOf(rename(dup, offsetOf(text, '"srv01"', 1), 'srv09')).length, 4);
  });

  test('references to a missing name are renamed together, also to an existing name', () => {
    const text = PLAN.replace(/policy: pol01/g, 'policy: pol1');
    const typo = docOf(text);
    assert.equal(lintText(text).findings.filter((f) => f.ruleId === 'unknown-reference').length, 3);
    const edits = editsOf(rename(typo, offsetOf(text, 'pol1', 1), 'pol01'));
    assert.equal(edits.length, 3);
    assert.deepEqual(lintText(applyEdits(typo, edits)).findings, []);
  });

  test('a server whose hosts name it (MARS): hosts follow, keeping their DNS suffix', () => {
    const text = readSample('mars-file-server.bplan.yaml').replace('host: dub-fs01\n', 'host: dub-fs01.contoso.local\n');
    const mars = docOf(text);
    assert.deepEqual(lintText(text).findings, []);
    const edits = editsOf(rename(mars, offsetOf(text, 'server: dub-fs01', 9), 'dub-fs02'));
    assert.equal(edits.length, 7);
    const renamed = applyEdits(mars, edits);
    assert.match(renamed, /host: dub-fs02\.contoso\.local\n/);
    assert.equal(renamed.match(/host: dub-fs02\n/g)?.length, 2);
    assert.equal(renamed.match(/server: dub-fs02\n/g)?.length, 3);
    // Comments are not values: the one explaining `host = dub-fs01` is left as it is.
    assert.doesNotMatch(renamed, /(name|server|host): dub-fs01[\n.]/);
    assert.deepEqual(lintText(renamed).findings, []);
  });

  test('works on a plan with a YAML error further down', () => {
    const text = `${PLAN}  - name: pol03\n    online: { times: ["01:00"\n  bad: : [\n`;
    const broken = docOf(text);
    assert.ok(broken.findings.some((f) => f.ruleId === 'yaml-syntax'));
    assert.deepEqual(ranges(definition(broken, offsetOf(text, 'server: srv02', 9))), [at(10, 10, 15)]);
    assert.equal(references(broken, offsetOf(text, 'srv01', 1), true).length, 4);
    assert.equal(editsOf(rename(broken, offsetOf(text, 'name: pol02', 7), 'pol-b')).length, 2);
  });
});

describe('robustness', () => {
  test('never throws at any offset of any sample', () => {
    for (const name of sampleNames) {
      const text = readSample(name);
      for (const piece of [text, `${text.slice(0, Math.floor(text.length * 0.6))} : [ "x`]) {
        const doc = docOf(piece);
        for (let offset = 0; offset <= piece.length; offset++) {
          definition(doc, offset);
          references(doc, offset, true);
          const prepared = prepareRename(doc, offset);
          const edit = rename(doc, offset, 'zz-new-name');
          assert.equal(edit === null, prepared === null, `${name}@${offset}: rename where prepareRename allows it`);
        }
      }
    }
  });
});

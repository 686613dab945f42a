/** Outline, folding ranges and selection ranges (server/src/language/symbols.ts). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FoldingRangeKind, SymbolKind } from 'vscode-languageserver-types';
import type { DocumentSymbol, Range, SelectionRange } from 'vscode-languageserver-types';
import { PlanDocument } from '../server/src/language/document';
import { documentSymbols, foldingRanges, selectionRanges } from '../server/src/language/symbols';

const SAMPLES = path.join(__dirname, '..', '..', 'samples');
const sampleNames = fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.bplan.yaml'));
const readSample = (name: string) => fs.readFileSync(path.join(SAMPLES, name), 'utf8');
const docOf = (text: string) => new PlanDocument('file:///plan.bplan.yaml', 1, text);

const kindName = (kind: SymbolKind) => Object.entries(SymbolKind).find(([, v]) => v === kind)?.[0] ?? String(kind);

/** `name | kind | detail`, children indented: the outline as it reads. */
function outline(symbols: readonly DocumentSymbol[], indent = ''): string[] {
  return symbols.flatMap((s) => [`${indent}${s.name} | ${kindName(s.kind)} | ${s.detail ?? ''}`, ...outline(s.children ?? [], `${indent}  `)]);
}

function textOf(doc: PlanDocument, range: Range): string {
  const span = doc.spanOf(range);
  return doc.text.slice(span.start, span.end);
}

function inside(outer: Range, inner: Range, doc: PlanDocument): boolean {
  const o = doc.spanOf(outer);
  const i = doc.spanOf(inner);
  return i.start >= o.start && i.end <= o.end;
}

/** Checks what editors require of an outline: each selection inside its range, each child inside its parent. */
function assertWellFormed(doc: PlanDocument, symbols: readonly DocumentSymbol[], parent?: DocumentSymbol): void {
  for (const s of symbols) {
    assert.ok(s.name.length > 0, 'a symbol has a name');
    assert.ok(inside(s.range, s.selectionRange, doc), `selection of ${s.name} inside its range`);
    if (parent) assert.ok(inside(parent.range, s.range, doc), `${s.name} inside ${parent.name}`);
    assertWellFormed(doc, s.children ?? [], s);
  }
}

describe('documentSymbols', () => {
  test('the MABS sample: the plan, vault, servers with their disks, workloads and policies', () => {
    const doc = docOf(readSample('mabs-v3-modern-storage.bplan.yaml'));
    const symbols = documentSymbols(doc);
    assert.deepEqual(outline(symbols), [
      'contoso-lyon-branch | File | backup plan',
      '  vault | Module | contoso-rsv-lyon-frc',
      '  servers | Array | 1 server',
      '    lyo-mabs01 | Class | Azure Backup Server v3',
      '      lyo-mbs-vol1 | Field | 4,000 GB · fixed',
      '      lyo-mbs-vol2 | Field | 4,000 GB · fixed',
      '  workloads | Array | 8 workloads',
      '    sales-db | Object | sql-server · lyo-sql01 · 500 GB',
      '    stock-db | Object | sql-server · lyo-sql01 · 200 GB',
      '    branch-shares | Object | files · lyo-fs01 · 1,200 GB',
      '    hv-app01 | Object | hyperv-vm · app01 · 150 GB',
      '    hv-rds01 | Object | hyperv-vm · rds01 · 100 GB',
      '    hv-web01 | Object | hyperv-vm · web01 · 80 GB',
      '    vmw-erp01 | Object | vmware-vm · erp01 · 250 GB',
      '    vmw-mon01 | Object | vmware-vm · mon01 · 120 GB',
      '  policies | Array | 3 policies',
      '    sql-15min | Struct | sync 15m · 1 disk point/day · 2 online/day',
      '    files-4x-daily | Struct | sync 1h · 4 disk points/day · 1 online/day',
      '    vms-nightly | Struct | sync 24h · 1 disk point/day · 1 online/day',
    ]);
    assertWellFormed(doc, symbols);

    const [plan] = symbols;
    const [vault, servers, workloads, policies] = plan!.children!;
    assert.equal(textOf(doc, plan!.selectionRange), 'contoso-lyon-branch');
    assert.equal(textOf(doc, vault!.selectionRange), 'vault');
    assert.match(textOf(doc, vault!.range), /^vault:\n {2}name: contoso-rsv-lyon-frc\n[\s\S]*CONTOSO_LYON_MABS_PASSPHRASE \}$/);
    const server = servers!.children![0]!;
    assert.deepEqual(server.selectionRange, { start: { line: 22, character: 10 }, end: { line: 22, character: 20 } });
    // The whole item, from its first key to its last line with content.
    assert.deepEqual(server.range, { start: { line: 22, character: 4 }, end: { line: 53, character: 28 } });
    assert.equal(textOf(doc, servers!.children![0]!.children![1]!.selectionRange), 'lyo-mbs-vol2');
    assert.equal(textOf(doc, workloads!.children![7]!.selectionRange), 'vmw-mon01');
    assert.match(textOf(doc, workloads!.children![7]!.range), /^name: vmw-mon01\n[\s\S]*policy: vms-nightly$/);
    assert.equal(textOf(doc, policies!.children![2]!.selectionRange), 'vms-nightly');
    assert.equal(policies!.range.end.line, 143);
  });

  test('other products, unnamed items and Azure VM policies', () => {
    const doc = docOf(
      [
        'bplan: 1',
        'servers:',
        '  - name: dpm01',
        '    product: dpm',
        '    version: 2012-r2',
        '    updateRollup: 5',
        '  - product: mars',
        '    version: 2.0.9262.0',
        '  - { name: "azure", product: azure-vm-backup, version: v9 }',
        '  - name: odd',
        '    product: tsm',
        'workloads:',
        '  - type: azure-vm',
        'policies:',
        '  - name: vm-hourly',
        '    azureVm: { policyType: enhanced, frequency: hourly, everyHours: 4 }',
        '    online: { times: [] }',
        '  - name: tape-only',
        '    tape: { retentionYears: 7 }',
        '',
      ].join('\n'),
    );
    const symbols = documentSymbols(doc);
    assert.deepEqual(outline(symbols), [
      'plan | File | backup plan',
      '  servers | Array | 4 servers',
      '    dpm01 | Class | System Center Data Protection Manager 2012 R2',
      '    servers[1] | Class | Azure Backup (MARS) agent 2.0.9262.0',
      '    azure | Class | Azure IaaS VM backup',
      '    odd | Class | tsm',
      '  workloads | Array | 1 workload',
      '    workloads[0] | Object | azure-vm',
      '  policies | Array | 2 policies',
      '    vm-hourly | Struct | 0 online/day · Azure VM enhanced · every 4h',
      '    tape-only | Struct | tape 7y',
    ]);
    assertWellFormed(doc, symbols);
    // An unnamed item is selected at its start; a quoted name without its quotes.
    const servers = symbols[0]!.children![0]!.children!;
    assert.deepEqual(servers[1]!.selectionRange, { start: servers[1]!.range.start, end: servers[1]!.range.start });
    assert.equal(textOf(doc, servers[2]!.selectionRange), 'azure');
  });

  test('never shows a passphrase written in the plan', () => {
    const secret = 'correct-horse-battery-staple-42';
    const doc = docOf(['bplan: 1', 'name: p', 'vault:', '  name: rsv-one', '  encryption:', `    passphrase: "${secret}"`, ''].join('\n'));
    assert.ok(doc.secretSpans.length > 0, 'the literal is a secret');
    const symbols = documentSymbols(doc);
    assert.deepEqual(outline(symbols), ['p | File | backup plan', '  vault | Module | rsv-one']);
    assert.ok(!JSON.stringify(symbols).includes('horse'));
  });

  test('a YAML error further down: the outline keeps what precedes it', () => {
    const text = readSample('mabs-v3-modern-storage.bplan.yaml').replace('      times: ["21:00"]\n', '      times: ["21:00"\n   bad: : [\n');
    const doc = docOf(text);
    assert.ok(doc.findings.some((f) => f.ruleId === 'yaml-syntax'), 'the YAML is broken');
    const lines = outline(documentSymbols(doc));
    assert.deepEqual(lines.slice(0, 6), [
      'contoso-lyon-branch | File | backup plan',
      '  vault | Module | contoso-rsv-lyon-frc',
      '  servers | Array | 1 server',
      '    lyo-mabs01 | Class | Azure Backup Server v3',
      '      lyo-mbs-vol1 | Field | 4,000 GB · fixed',
      '      lyo-mbs-vol2 | Field | 4,000 GB · fixed',
    ]);
    assert.ok(lines.includes('    vmw-mon01 | Object | vmware-vm · mon01 · 120 GB'));
    assert.ok(lines.includes('    sql-15min | Struct | sync 15m · 1 disk point/day · 2 online/day'));
  });

  test('no plan, no outline', () => {
    for (const text of ['', 'just a string', '- a\n- b\n', '\u0000\u0001binary', '[1, 2']) assert.deepEqual(documentSymbols(docOf(text)), [], JSON.stringify(text));
  });
});

describe('foldingRanges', () => {
  test('multi-line mappings and sequences to their last line with content, and comment blocks', () => {
    const doc = docOf(
      [
        '# A plan to fold.', //          0
        '# Its second comment line.', // 1
        'bplan: 1', //                   2
        'vault:', //                     3
        '  name: rsv-fold', //           4
        '', //                           5
        'servers:', //                   6
        '  - name: srv01', //            7
        '    product: mabs', //          8
        '    # a single comment line', //9
        '    hardware: { cores: 4,', //  10
        '      memoryGB: 8 }', //        11
        '', //                           12
        '  - name: srv02', //            13
        '    product: dpm', //           14
        'policies:', //                  15
        '  - { name: p1 }', //           16
        'description: |', //             17
        '  # not a comment', //          18
        '  # nor this', //               19
        '',
      ].join('\n'),
    );
    const expected = [
      { startLine: 0, endLine: 1, kind: FoldingRangeKind.Comment },
      { startLine: 3, endLine: 4 },
      { startLine: 6, endLine: 14 },
      { startLine: 7, endLine: 11 },
      { startLine: 10, endLine: 11 },
      { startLine: 13, endLine: 14 },
      { startLine: 15, endLine: 16 },
    ];
    assert.deepEqual(foldingRanges(doc), expected);
    assert.deepEqual(foldingRanges(docOf(doc.text.replace(/\n/g, '\r\n'))), expected, 'the same with CRLF line ends');
  });

  test('the MABS sample: the leading comment block and every section', () => {
    const ranges = foldingRanges(docOf(readSample('mabs-v3-modern-storage.bplan.yaml')));
    assert.deepEqual(ranges[0], { startLine: 0, endLine: 4, kind: FoldingRangeKind.Comment });
    for (const [start, end] of [
      [11, 19], // vault
      [21, 53], // servers
      [44, 51], // storagePool
      [55, 121], // workloads
      [123, 143], // policies
    ] as const) {
      assert.ok(ranges.some((r) => r.startLine === start && r.endLine === end && r.kind === undefined), `${start}-${end}`);
    }
    assert.equal(new Set(ranges.map((r) => r.startLine)).size, ranges.length, 'one range per start line');
  });
});

/** The texts of a selection range chain, innermost first. */
function chain(doc: PlanDocument, range: SelectionRange | undefined): string[] {
  const out: string[] = [];
  for (let r = range; r; r = r.parent) out.push(textOf(doc, r.range));
  return out;
}

describe('selectionRanges', () => {
  test('from the scalar to its pair, its mapping, its item, the list and the document', () => {
    const text = ['bplan: 1', 'policies:', '  - name: p1', '    online:', '      times: ["21:00", "22:00"]', ''].join('\n');
    const doc = docOf(text);
    const [range] = selectionRanges(doc, [text.indexOf('22:00') + 1]);
    assert.deepEqual(chain(doc, range), [
      '22:00',
      '"22:00"',
      '["21:00", "22:00"]',
      'times: ["21:00", "22:00"]',
      'online:\n      times: ["21:00", "22:00"]',
      'name: p1\n    online:\n      times: ["21:00", "22:00"]',
      '- name: p1\n    online:\n      times: ["21:00", "22:00"]',
      'policies:\n  - name: p1\n    online:\n      times: ["21:00", "22:00"]',
      'bplan: 1\npolicies:\n  - name: p1\n    online:\n      times: ["21:00", "22:00"]',
      text,
    ]);
    // On a key: the key, then its pair.
    const [onKey] = selectionRanges(doc, [text.indexOf('online') + 2]);
    assert.deepEqual(chain(doc, onKey).slice(0, 3), ['online', 'online:\n      times: ["21:00", "22:00"]', 'name: p1\n    online:\n      times: ["21:00", "22:00"]']);
  });

  test('one answer per offset, strictly nested, each holding its offset, at every offset of every sample', () => {
    for (const name of sampleNames) {
      const doc = docOf(readSample(name));
      const offsets = Array.from({ length: doc.text.length + 1 }, (_, i) => i);
      const ranges = selectionRanges(doc, offsets);
      assert.equal(ranges.length, offsets.length);
      ranges.forEach((range, offset) => {
        let depth = 0;
        for (let r: SelectionRange | undefined = range; r; r = r.parent, depth++) {
          const span = doc.spanOf(r.range);
          assert.ok(offset >= span.start && offset <= span.end, `${name}@${offset}: holds the offset`);
          if (r.parent) {
            const parent = doc.spanOf(r.parent.range);
            assert.ok(parent.start <= span.start && span.end <= parent.end, `${name}@${offset}: inside its parent`);
            assert.ok(parent.start < span.start || span.end < parent.end, `${name}@${offset}: strictly`);
          } else {
            assert.deepEqual(span, { start: 0, end: doc.text.length }, `${name}@${offset}: ends at the document`);
          }
        }
        assert.ok(depth >= 1);
      });
      // On a value deep in the plan the chain goes all the way down.
      const offset = doc.text.indexOf('name:', doc.text.indexOf('workloads:')) + 8;
      assert.ok(chain(doc, selectionRanges(doc, [offset])[0]).length >= 6, name);
    }
  });
});

describe('robustness', () => {
  test('never throws on the samples cut every 8 lines, with broken YAML at the cut', () => {
    for (const name of sampleNames) {
      const text = readSample(name);
      const cuts = [...text.matchAll(/\n/g)].map((m) => m.index).filter((_, i) => i % 8 === 0);
      for (const cut of cuts) {
        for (const piece of [text.slice(0, cut), `${text.slice(0, cut)} : [ "x`, text.slice(cut)]) {
          const doc = docOf(piece);
          assertWellFormed(doc, documentSymbols(doc));
          for (const r of foldingRanges(doc)) assert.ok(r.endLine > r.startLine);
          assert.equal(selectionRanges(doc, [0, Math.floor(piece.length / 2), piece.length]).length, 3);
        }
      }
    }
  });
});

/**
 * A large plan's first parse goes list slice by list slice (core/incremental.ts, slicedParse): it
 * must give exactly what one parse of the whole text gives — every node's range, the data, the
 * model, schema problems, secret spans — or decline and let the whole text be parsed. Compared here
 * on every fixture and sample, generated plans, and layouts written to trip the line scan, each
 * with slices of 1, 2 and 5 items (in use they hold 256, from 64 KB of text).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { generatePlan } from '../bench/generate';
import { fullStructure, SLICED_PARSE_MIN_LENGTH } from '../server/src/core/incremental';
import type { Structure } from '../server/src/core/incremental';
import { analyzeText } from '../server/src/core/lint';
import { ROOT } from './support/cli';
import { nodeRanges } from './support/yaml-ranges';

/** Every node's range in document order, the document's first. */
function ranges(structure: Structure): (number[] | null)[] {
  return [structure.parsed.doc ? [...structure.parsed.doc.range] : null, ...nodeRanges(structure.parsed.doc?.contents)];
}

const observable = (s: Structure) => ({
  ranges: ranges(s),
  data: s.parsed.data,
  findings: s.parsed.findings,
  plan: s.plan,
  schemaProblems: s.schemaProblems,
  secretSpans: s.secretSpans,
  reusable: s.reusable,
});

/** Compares the sliced parse with the whole one for each slice size; whether it sliced, per size. */
function compare(name: string, text: string): boolean[] {
  const whole = fullStructure(text, { itemsPerSlice: 0 });
  assert.equal(whole.sliced, false);
  return [1, 2, 5].map((itemsPerSlice) => {
    const sliced = fullStructure(text, { itemsPerSlice });
    assert.deepStrictEqual(observable(sliced), observable(whole), `${name}, ${itemsPerSlice} item(s) a slice`);
    return sliced.sliced;
  });
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []));
}

const SAMPLES = readdirSync(join(ROOT, 'samples'))
  .filter((f) => f.endsWith('.bplan.yaml'))
  .map((f) => ({ name: `samples/${f}`, text: readFileSync(join(ROOT, 'samples', f), 'utf8') }));
const GENERATED = [10, 40, 120].map((n) => ({ name: `generated ${n} workloads`, text: generatePlan(n) }));
const PLAIN = [...SAMPLES, ...GENERATED];

/** Layouts a line scan could misread; each must still slice (true) or decline (false). */
const withList = (text: string, list: string, f: (block: string) => string): string =>
  text.replace(new RegExp(`(^${list}:[^\\n]*\\n)((?:(?:  |#|\\s*\\n).*\\n?)*)`, 'm'), (_, head: string, block: string) => head + f(block));
const G = generatePlan(12);
const VARIANTS: { name: string; text: string; slices: boolean }[] = [
  { name: 'CRLF line ends', text: G.replace(/\n/g, '\r\n'), slices: true },
  { name: 'no line break at the end', text: G.replace(/\n+$/, ''), slices: true },
  { name: 'a BOM', text: `\uFEFF${G}`, slices: true },
  { name: 'comments and blank lines between items, at every column', text: G.replace(/^( {2}- name:)/gm, '\n# a comment at column 0\n    # deeper\n  # at the items\' column\n$1'), slices: true },
  { name: 'lists written at column 0', text: withList(withList(G, 'workloads', (b) => b.replace(/^ {2}/gm, '')), 'servers', (b) => b.replace(/^ {2}/gm, '')), slices: true },
  { name: 'lists indented by 4', text: withList(G, 'workloads', (b) => b.replace(/^(?=.)/gm, '  ')), slices: true },
  { name: 'a trailing comment on the list key', text: G.replace(/^workloads:$/m, 'workloads:   # all of them'), slices: true },
  { name: 'a block scalar with "- " lines in an item', text: G.replace(/^( {4}host: .*)$/m, '$1\n    notes: |\n      - not an item\n      - nor this'), slices: true },
  { name: 'a nested list at a deeper column', text: G.replace(/^( {4}host: .*)$/m, '$1\n    fileAttributes:\n    - compressed\n    - sparse'), slices: true },
  { name: 'a multi-line quoted value whose second line looks like an item', text: G.replace(/^( {4}host: ).*$/m, '$1"first\n  - second"'), slices: false },
  { name: 'an anchor and an alias', text: G.replace(/^( {4}policy: )(\S+)$/m, '$1&p $2').replace(/^( {4}policy: )(?!&)\S+$/m, '$1*p'), slices: false },
  { name: 'a tag', text: G.replace(/^( {4}sizeGB: )/m, '$1!!int '), slices: false },
  { name: 'a broken item', text: G.replace(/^( {4}host: .*)$/m, '$1\n    bad: [unclosed'), slices: false },
  { name: 'a tab-indented line', text: G.replace(/^ {4}(host: .*)$/m, '\t$1'), slices: false },
  { name: 'two documents', text: `${G}---\nbplan: 1\n`, slices: false },
  { name: 'a duplicate list key', text: `${G}workloads:\n  - name: again\n`, slices: false },
  // The line scan stops that list at the "-" line (the skeleton keeps the rest); the other lists slice.
  { name: 'an item written "-" on its own line', text: G.replace(/^ {2}- (name: .*)$/m, '  -\n    $1'), slices: true },
  { name: 'a comment indented into the item above, before the next item', text: G.replace(/^( {2}- name:)/gm, '    # sizeGB: 10\n$1'), slices: true },
  { name: 'a comment indented into the last item of a list', text: G.replace(/^policies:/m, '    # the last workload\npolicies:'), slices: false },
  { name: 'a flow list', text: G.replace(/^servers:\n((?: {2}.*\n)+)/m, 'servers: []\n'), slices: true },
];

describe('the sliced first parse', () => {
  test('equals one parse of the whole text on every fixture', () => {
    let count = 0;
    for (const file of files(join(ROOT, 'test', 'fixtures'))) {
      compare(file, readFileSync(file, 'utf8'));
      count++;
    }
    assert.ok(count > 100, `only ${count} fixtures`);
  });

  for (const { name, text } of PLAIN) {
    test(`${name}: slices, and equals one parse of the whole text`, () => {
      assert.deepEqual(compare(name, text).slice(0, 1), [true]);
    });
  }

  for (const { name, text, slices } of VARIANTS) {
    test(`${name}: ${slices ? 'slices' : 'declines'}, and equals one parse of the whole text`, () => {
      assert.notEqual(text, G, 'the variant changed the plan');
      assert.equal(compare(name, text)[0], slices);
    });
  }

  test('is what analyzeText uses from 64 KB on, its findings at the right place', () => {
    const text = generatePlan(1000);
    assert.ok(text.length >= SLICED_PARSE_MIN_LENGTH);
    assert.equal(analyzeText(text).structure?.sliced, true);
    assert.equal(analyzeText(generatePlan(10)).structure?.sliced, false);
    // A schema problem in the last workload, in the last slice: found, and pointing at its value.
    const at = text.lastIndexOf('    sizeGB: ') + '    sizeGB: '.length;
    const broken = `${text.slice(0, at)}x${text.slice(at)}`;
    const analysis = analyzeText(broken);
    assert.equal(analysis.structure?.sliced, true);
    const schema = analysis.result.findings.filter((f) => f.ruleId === 'schema');
    assert.equal(schema.length, 1, JSON.stringify(schema));
    assert.match(broken.slice(schema[0]!.span.start, schema[0]!.span.end), /^x\d+$/);
    assert.equal(schema[0]!.span.start, at);
  });
});

/**
 * Incremental analysis (core/incremental.ts): an edit inside list items re-parses only those items,
 * and the result — findings, secret spans, estimates, the typed plan, the measurements, the plain
 * data — equals a fresh analysis of the same text, after every edit of long random series. Edits
 * the shortcut cannot take (outside the lists, new items, anchors, broken YAML) fall back to a
 * full parse, and still equal it. Seeded like test/fuzz.test.ts (BPLAN_FUZZ_SEED replays another).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { analyzeText } from '../server/src/core/lint';
import type { Analysis } from '../server/src/core/lint';
import type { Plan } from '../server/src/core/model';
import { diskGoalsApply, firstUseByProduct, usesOf, workloadNamesakes, workloadRefs, workloadsNaming, workloadsOf } from '../server/src/core/usage';
import { PlanDocument } from '../server/src/language/document';
import { generatePlan } from '../bench/generate';
import { ROOT } from './support/cli';
import { nodeRanges } from './support/yaml-ranges';

const SEED = process.env.BPLAN_FUZZ_SEED ? Number(process.env.BPLAN_FUZZ_SEED) : 20_261_122;
const TIME = { timeout: 120_000 } as const;

const SAMPLES = readdirSync(join(ROOT, 'samples'))
  .filter((f) => f.endsWith('.bplan.yaml'))
  .map((f) => ({ name: f, text: readFileSync(join(ROOT, 'samples', f), 'utf8') }));
const GENERATED = { name: 'generated 40 workloads', text: generatePlan(40) };
const PLANS = [...SAMPLES, GENERATED];

/** Everything an analysis tells its hosts, as plain data. */
function observable(a: Analysis): unknown {
  return {
    findings: a.result.findings,
    secretSpans: a.result.secretSpans,
    estimates: a.result.estimates,
    plan: a.plan,
    measurements: a.measurements,
    data: a.parsed?.data,
    ranges: rangesOf(a),
  };
}

/** The ranges of every node of the YAML tree, in document order. */
function rangesOf(a: Analysis): number[][] {
  return nodeRanges(a.parsed?.doc?.contents);
}

/** An edit: replace [start, end) with text. */
interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const apply = (text: string, e: Edit) => text.slice(0, e.start) + e.text + text.slice(e.end);

const TYPED = ['1', '0', 'a', 'x', ' ', ':', '-', '#', '"', '\n', '\n    ', 'é', '😀'];
const NUMBERS = ['7', '99999', '0', '-1', '1.5', 'abc'];
const LINES = ['sizeGB: 12', 'policy: nope', 'bogus: 1', 'passphrase: s3cr3t-value', 'dailyChurnPercent: 90'];

/**
 * An edit a user makes while typing in a plan, chosen by three numbers: characters typed or
 * deleted, a number changed, a key line added, a line deleted — anywhere in the text.
 */
function editFrom(text: string, [kind, where, what]: readonly [number, number, number]): Edit {
  const at = where % (text.length + 1);
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = (text.indexOf('\n', at) + 1 || text.length + 1) - 1;
  switch (kind % 5) {
    case 0:
      return { start: at, end: at, text: TYPED[what % TYPED.length]! };
    case 1:
      return { start: at, end: Math.min(text.length, at + 1 + (what % 4)), text: '' };
    case 2: {
      const m = /\d+/.exec(text.slice(at));
      return m ? { start: at + m.index, end: at + m.index + m[0].length, text: NUMBERS[what % NUMBERS.length]! } : { start: at, end: at, text: '' };
    }
    case 3: {
      const indent = /^[ -]*/.exec(text.slice(lineStart, lineEnd))![0].replace(/-/g, ' ');
      return { start: lineEnd, end: lineEnd, text: `\n${indent}${LINES[what % LINES.length]}` };
    }
    default:
      return { start: lineStart, end: Math.min(text.length, lineEnd + 1), text: '' };
  }
}

describe('incremental analysis equals a fresh analysis', () => {
  for (const plan of PLANS) {
    test(`series of edits in ${plan.name}: every version equals a fresh lint, and most edits re-parse only items`, TIME, () => {
      let incremental = 0;
      let edits = 0;
      const step = fc.tuple(fc.nat(), fc.nat(), fc.nat());
      fc.assert(
        fc.property(fc.array(step, { minLength: 12, maxLength: 12 }), (steps) => {
          let text = plan.text;
          let previous = analyzeText(text);
          for (const [i, numbers] of steps.entries()) {
            const edit = editFrom(text, numbers);
            text = apply(text, edit);
            const next = analyzeText(text, {}, previous);
            edits++;
            if (next.structure?.reparsed === 'items') incremental++;
            assert.deepStrictEqual(observable(next), observable(analyzeText(text)), `after edit ${i + 1} ${JSON.stringify(edit)}`);
            previous = next;
          }
        }),
        { seed: SEED, numRuns: plan === GENERATED ? 20 : 10, interruptAfterTimeLimit: 8_000 },
      );
      // The shortcut is really taken here (a test of equality alone would pass if it never were);
      // random edits often break the YAML, after which edits parse whole until it is mended.
      assert.ok(incremental / edits > 0.1, `only ${incremental} of ${edits} edits re-parsed items only`);
    });
  }

  test('typing inside the items of a large plan (values changed, keys added, lines removed) re-parses only those items, always equal to a fresh lint', TIME, () => {
    let text = generatePlan(300);
    let previous = analyzeText(text);
    let incremental = 0;
    const lines = () => [...text.matchAll(/^ {4}(sizeGB|host|dailyChurnPercent|policy): .*$/gm)];
    for (let i = 0; i < 60; i++) {
      const all = lines();
      const line = all[(i * 7919) % all.length]!;
      const end = line.index! + line[0].length;
      const edit: Edit =
        i % 3 === 0
          ? { start: end - 1, end, text: String(i % 10) }
          : i % 3 === 1
            ? { start: end, end, text: `\n    bogus${i}: ${i}` }
            : { start: line.index!, end: end + 1, text: '' };
      text = apply(text, edit);
      const next = analyzeText(text, {}, previous);
      if (next.structure?.reparsed === 'items') incremental++;
      assert.deepStrictEqual(observable(next), observable(analyzeText(text)), `after edit ${i + 1} ${JSON.stringify(edit)}`);
      previous = next;
    }
    assert.equal(incremental, 60);
  });
});

/** Everything the rules read from a plan's index of references (core/usage.ts), as data. */
function indexOfPlan(plan: Plan): unknown {
  const ctx = { plan };
  return {
    refs: workloadRefs(ctx),
    namesakes: workloadNamesakes(ctx),
    servers: plan.servers.map((s) => ({ of: workloadsOf(ctx, s), naming: s.name ? workloadsNaming(ctx, s.name.value) : [] })),
    policies: plan.policies.map((p) => ({ uses: usesOf(ctx, p), first: [...firstUseByProduct(ctx, p)], disk: diskGoalsApply(ctx, p) })),
  };
}

describe("the rules' index of references after an edit", () => {
  test('is updated from the previous one where the edit renames nothing, and equals one built anew', () => {
    let text = generatePlan(120);
    let analysis = analyzeText(text);
    indexOfPlan(analysis.plan);
    const edits: [string, RegExp, string][] = [
      ['a workload size', /(sizeGB: )\d/, '$17'],
      ['a server scratch', /(freeGB: )\d/, '$19'],
      ['a policy retention', /(retentionDays: )\d+/, '$130'],
      ['a workload type', /(type: )files/, '$1system-state'],
      ['a server product', /(product: )dpm/, '$1mabs'],
      ['a workload os', /(os: )windows-server-2022/, '$1windows-server-2019'],
      ['a workload renamed (built anew)', /(name: )(files-\d+)/, '$1$2x'],
      ['a workload to another server (built anew)', /(server: dpm-000)1/, '$12'],
    ];
    for (const [what, pattern, replacement] of edits) {
      // The third match of the pattern, in the middle of the list.
      let n = 0;
      text = text.replace(new RegExp(pattern.source, 'g'), (...m) => (++n === 3 ? m[0].replace(pattern, replacement) : m[0]));
      assert.ok(n >= 3, what);
      const before = workloadRefs({ plan: analysis.plan });
      analysis = analyzeText(text, {}, analysis);
      assert.equal(analysis.structure?.reparsed, 'items', what);
      const after = workloadRefs({ plan: analysis.plan });
      const shared = after.filter((ref, i) => ref === before[i]).length;
      if (what.endsWith('(built anew)')) assert.equal(shared, 0, `${what}: a new index`);
      else assert.ok(shared > after.length / 2, `${what}: only ${shared} of ${after.length} references kept`);
      assert.deepStrictEqual(indexOfPlan(analysis.plan), indexOfPlan(analyzeText(text).plan), what);
      assert.deepStrictEqual(observable(analysis), observable(analyzeText(text)), what);
    }
  });
});

describe('when the shortcut applies, and when it does not', () => {
  const text = GENERATED.text;
  const at = (needle: string, from = 0) => {
    const i = text.indexOf(needle, from);
    assert.ok(i >= 0, needle);
    return i;
  };
  const cases: [string, Edit, 'items' | 'full'][] = [
    ['a digit of one workload', { start: at('sizeGB: 40') + 8, end: at('sizeGB: 40') + 9, text: '5' }, 'items'],
    ['a server name (its workloads then refer to nothing)', { start: at('- name: dpm-0001') + 8, end: at('- name: dpm-0001') + 16, text: 'dpm-x' }, 'items'],
    ['a key added to a policy', { start: at('retentionDays: 14 }') + 19, end: at('retentionDays: 14 }') + 19, text: '\n    consistency: daily' }, 'items'],
    ['the vault (outside the lists)', { start: at('region: westeurope') + 8, end: at('region: westeurope') + 18, text: 'northeurope' }, 'full'],
    ['a new workload', { start: at('  - name: files-00001'), end: at('  - name: files-00001'), text: '  - name: w-new\n    type: files\n' }, 'full'],
    ['an unclosed quote', { start: at('host: fs00001') + 6, end: at('host: fs00001') + 6, text: '"' }, 'full'],
  ];
  for (const [what, edit, expected] of cases) {
    test(`${what}: ${expected === 'items' ? 're-parses only the items' : 'parses the whole text'}, and equals a fresh lint`, () => {
      const next = apply(text, edit);
      const result = analyzeText(next, {}, analyzeText(text));
      assert.equal(result.structure?.reparsed, expected);
      assert.deepStrictEqual(observable(result), observable(analyzeText(next)));
    });
  }

  test('comments indented into an item, before the next one (yaml then ends the item at the next "- "): the shortcut takes both items, equal to a fresh lint', () => {
    // Before the fix, the re-parsed item's end was 2 characters short of a fresh parse's.
    const commented = text.replace(/^( {2}- name:)/gm, '    # sizeGB: 10\n$1');
    let analysis = analyzeText(commented);
    let current = commented;
    for (const needle of ['sizeGB: 40', 'sizeGB: 60', 'freeGB: ']) {
      const i = current.indexOf(needle) + needle.length;
      current = `${current.slice(0, i)}7${current.slice(i)}`;
      analysis = analyzeText(current, {}, analysis);
      assert.equal(analysis.structure?.reparsed, 'items', needle);
      assert.deepStrictEqual(observable(analysis), observable(analyzeText(current)), needle);
    }
    // Typing such a comment at the end of an item parses the whole text.
    const end = current.indexOf('\n  - name:', current.indexOf('workloads:')) + 1;
    const typed = `${current.slice(0, end)}    # x\n${current.slice(end)}`;
    const after = analyzeText(typed, {}, analysis);
    assert.deepStrictEqual(observable(after), observable(analyzeText(typed)));
  });

  test('a plan with anchors and aliases is always parsed whole', () => {
    const anchored = text.replace('  - name: files-00001\n', '  - name: files-00001\n    <<: &base { dailyChurnPercent: 1 }\n');
    const base = analyzeText(anchored);
    const edited = anchored.replace('sizeGB: 40', 'sizeGB: 41');
    const result = analyzeText(edited, {}, base);
    assert.equal(result.structure?.reparsed, 'full');
    assert.deepStrictEqual(observable(result), observable(analyzeText(edited)));
  });

  test('after broken YAML the next edit parses whole, then the shortcut resumes', () => {
    const broken = text.replace('host: fs00001', 'host: "fs00001');
    const a = analyzeText(broken, {}, analyzeText(text));
    assert.ok(a.result.findings.some((f) => f.ruleId === 'yaml-syntax'));
    const fixed = analyzeText(text, {}, a);
    assert.equal(fixed.structure?.reparsed, 'full');
    const again = text.replace('sizeGB: 40', 'sizeGB: 41');
    assert.equal(analyzeText(again, {}, fixed).structure?.reparsed, 'items');
  });

  test('an analysis built on twice (two versions from one base) parses the second whole, correctly', () => {
    const base = analyzeText(text);
    const one = text.replace('sizeGB: 40', 'sizeGB: 41');
    const two = text.replace('sizeGB: 40', 'sizeGB: 42');
    assert.equal(analyzeText(one, {}, base).structure?.reparsed, 'items');
    const second = analyzeText(two, {}, base);
    assert.equal(second.structure?.reparsed, 'full');
    assert.deepStrictEqual(observable(second), observable(analyzeText(two)));
  });

  test('PlanDocument versions build on the latest analysed version, skipping versions never analysed', () => {
    const v1 = new PlanDocument('file:///p.bplan.yaml', 1, text);
    void v1.analysis;
    const v2 = new PlanDocument('file:///p.bplan.yaml', 2, text.replace('sizeGB: 40', 'sizeGB: 4'), {}, v1);
    const v3Text = text.replace('sizeGB: 40', 'sizeGB: 49');
    const v3 = new PlanDocument('file:///p.bplan.yaml', 3, v3Text, {}, v2);
    assert.equal(v3.analysis.structure?.reparsed, 'items');
    assert.deepStrictEqual(observable(v3.analysis), observable(analyzeText(v3Text)));
  });
});

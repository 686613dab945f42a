/** Keeps the rule table, rule files, fixtures, limits, schema and docs in step (Bicep/eslint-style meta-tests). */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LIMITS, lintText, RULES } from '../server/src/core';
import { DOCS_BASE } from '../server/src/core/rules/define-rule';
import { SIZING } from '../server/src/core/sizing';
import { generated, ROOT } from '../scripts/generate';

const rulesDir = join(ROOT, 'server', 'src', 'core', 'rules');
const NOT_RULES = new Set(['index.ts', 'define-rule.ts']);

describe('rule table', () => {
  const files = readdirSync(rulesDir).filter((f) => f.endsWith('.ts') && !NOT_RULES.has(f));

  it('has one rule per file, and the file name is the rule id', () => {
    assert.deepEqual(
      RULES.map((r) => `${r.meta.id}.ts`).sort(),
      files.sort(),
    );
  });

  it('is sorted by id', () => {
    const ids = RULES.map((r) => r.meta.id);
    assert.deepEqual(ids, [...ids].sort());
  });

  it('index.ts imports each rule from the file of its id', () => {
    const index = readFileSync(join(rulesDir, 'index.ts'), 'utf8');
    for (const rule of RULES) assert.match(index, new RegExp(`from '\\./${rule.meta.id}'`), rule.meta.id);
  });

  for (const rule of RULES) {
    describe(rule.meta.id, () => {
      it('has a kebab-case id of at most 36 characters', () => {
        assert.match(rule.meta.id, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
        assert.ok(rule.meta.id.length <= 36);
      });
      it('has a one-sentence description: capital first, period last, no double quotes', () => {
        assert.match(rule.meta.description, /^[A-Z].*\.$/);
        assert.ok(!rule.meta.description.includes('"'));
      });
      it('has its docs URL computed from its id, and a section in docs/rules.md', () => {
        assert.equal(rule.meta.docsUrl, `${DOCS_BASE}#${rule.meta.id}`);
        const doc = readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8');
        assert.match(doc, new RegExp(`^## ${rule.meta.id}$`, 'm'));
      });
      it('cites a source for every limit it enforces', () => {
        for (const id of rule.meta.limits) {
          const limit = LIMITS.find((l) => l.id === id);
          assert.ok(limit, `unknown limit ${id}`);
          assert.ok(limit.sources.length > 0, `limit ${id} has no source`);
          for (const s of limit.sources) assert.ok(s.ref && s.quote.length > 10, `limit ${id} has an empty source`);
        }
        if (['limits', 'security'].includes(rule.meta.category) && rule.meta.phase !== 'final') {
          assert.ok(rule.meta.limits.length + (rule.meta.sources?.length ?? 0) > 0, 'a product rule needs a source');
        }
      });
      it('has golden fixtures whose expected output names it', () => {
        const dir = join(ROOT, 'test', 'fixtures', rule.meta.id);
        assert.ok(statSync(dir).isDirectory(), `missing test/fixtures/${rule.meta.id}/`);
        const outs = readdirSync(dir).filter((f) => f.endsWith('.out'));
        assert.ok(
          outs.some((f) => readFileSync(join(dir, f), 'utf8').includes(`[${rule.meta.id}]`)),
          `no .out in test/fixtures/${rule.meta.id}/ shows a [${rule.meta.id}] finding`,
        );
      });
    });
  }
});

describe('limits catalogue', () => {
  it('has unique ids', () => {
    const ids = LIMITS.map((l) => l.id);
    assert.equal(new Set(ids).size, ids.length);
  });
  it('has no limit that no rule enforces', () => {
    const used = new Set(RULES.flatMap((r) => r.meta.limits));
    assert.deepEqual(LIMITS.map((l) => l.id).filter((id) => !used.has(id)), []);
  });
  const seedsDir = join(ROOT, '..', 'shared', 'seeds');
  const referenceDir = join(ROOT, '..', 'shared', 'reference');
  // Table cells in the seeds break lines with HTML; quotes show a break as " / " (product-limits.md's convention).
  const norm = (s: string) =>
    s
      .replace(/(<br\s*\/?>|<\/?li>)+|<\/p>\s*<p>/g, ' / ')
      .replace(/<\/?p>/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  const seedTexts = new Map<string, string>();
  for (const f of readdirSync(seedsDir)) seedTexts.set(f.slice(0, 3), (seedTexts.get(f.slice(0, 3)) ?? '') + norm(readFileSync(join(seedsDir, f), 'utf8')));
  const productLimits = norm(readFileSync(join(referenceDir, 'product-limits.md'), 'utf8'));
  /** Documents other than seeds and product-limits.md keys that a source may cite, and their text. */
  const documents: Record<string, () => string> = {
    'docs/format.md': () => norm(readFileSync(join(ROOT, 'docs', 'format.md'), 'utf8')),
    'tool-anchors.md': () => norm(readFileSync(join(referenceDir, 'tool-anchors.md'), 'utf8')),
    'design-anchors.md': () => norm(readFileSync(join(referenceDir, 'design-anchors.md'), 'utf8')),
    'YAML 1.2': () => 'The content of a mapping node is an unordered set of key/value node pairs, with the restriction that each of the keys is unique.',
  };
  const allSources = [
    ...LIMITS.flatMap((l) => [...l.sources, ...(l.alternatives ?? []).flatMap((a) => a.sources)].map((s) => ({ owner: l.id, s }))),
    ...RULES.flatMap((r) => (r.meta.sources ?? []).map((s) => ({ owner: r.meta.id, s }))),
    ...SIZING.flatMap((c) => c.sources.map((s) => ({ owner: c.id, s }))),
  ];

  it('cites only seeds that exist, product-limits.md source keys, or known documents', () => {
    for (const { owner, s } of allSources) {
      const m = /^seed (\d{3})$/.exec(s.ref);
      if (m) assert.ok(seedTexts.has(m[1]!), `${owner} cites missing ${s.ref}`);
      else if (!(s.ref in documents)) {
        assert.match(s.ref, /^[ASTPB]\d+[a-z]?$/, `${owner}: ${s.ref} is neither a seed, a product-limits.md key nor a known document`);
        assert.ok(productLimits.includes(`| ${s.ref} |`), `${owner}: ${s.ref} is not a source key of product-limits.md`);
      }
    }
  });

  it('quotes seeds and documents word for word (each fragment between [...] omissions)', () => {
    for (const { owner, s } of allSources) {
      const m = /^seed (\d{3})$/.exec(s.ref);
      const text = m ? seedTexts.get(m[1]!) : s.ref in documents ? documents[s.ref]!() : undefined;
      if (text === undefined) continue;
      for (const fragment of s.quote.split('[...]').map(norm).filter(Boolean)) {
        assert.ok(text.includes(fragment), `${owner}: not found in ${s.ref}: ${fragment}`);
      }
    }
  });

  it('quotes product-limits.md sources as product-limits.md quotes them (each fragment)', () => {
    const stripMarkup = (t: string) => t.replace(/[*_`]/g, '');
    const plain = stripMarkup(productLimits);
    for (const { owner, s } of allSources) {
      if (/^seed /.test(s.ref) || s.ref in documents) continue;
      for (const fragment of s.quote.split('[...]').map(norm).map(stripMarkup).filter((f) => f.length > 3)) {
        assert.ok(plain.includes(fragment), `${owner}: not found in product-limits.md (${s.ref}): ${fragment}`);
      }
    }
  });
});

describe('core stays transport-free', () => {
  const coreDir = join(ROOT, 'server', 'src', 'core');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.ts')) files.push(join(dir, e.name));
    }
  };
  walk(coreDir);
  it('imports no vscode*, fs, process or child_process, and uses no process global', () => {
    assert.ok(files.length > 10);
    const banned = /from\s+['"](vscode[^'"]*|(node:)?(fs|fs\/promises|process|child_process|net|worker_threads))['"]|require\(/;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(text, banned, file);
      assert.doesNotMatch(text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ''), /\bprocess\.|\bconsole\./, file);
    }
  });
});

describe('language features stay transport-free', () => {
  const dir = join(ROOT, 'server', 'src', 'language');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));
  it('import only LSP types and text documents, never the connection, fs or process', () => {
    assert.ok(files.length >= 8);
    const banned = /from\s+['"](vscode-languageserver(\/[^'"]*)?|vscode-languageclient[^'"]*|vscode|(node:)?(fs|fs\/promises|process|child_process|net|worker_threads))['"]|require\(/;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(text, banned, file);
      assert.doesNotMatch(text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ''), /\bprocess\.|\bconsole\./, file);
    }
  });
});

describe('samples', () => {
  const dir = join(ROOT, 'samples');
  const samples = readdirSync(dir).filter((f) => /\.bplan\.ya?ml$/.test(f));
  it('has one sample per product at least', () => {
    const text = samples.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    for (const product of ['mars', 'dpm', 'mabs', 'azure-vm-backup']) assert.match(text, new RegExp(`product: ${product}\\b`), product);
  });
  for (const file of samples) {
    it(`${file} lints clean`, () => {
      const result = lintText(readFileSync(join(dir, file), 'utf8'));
      assert.deepEqual(result.findings.map((f) => `${f.ruleId}: ${f.message}`), []);
    });
  }
});

describe('generated docs', () => {
  for (const [file, content] of generated()) {
    it(`${file} is up to date (npm run generate)`, () => {
      assert.equal(readFileSync(join(ROOT, file), 'utf8'), content);
    });
  }
  it('docs/common-mistakes.md shows at least five mistakes, each with findings', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'common-mistakes.md'), 'utf8');
    const outputs = [...doc.matchAll(/```text\n([\s\S]*?)```/g)].map((m) => m[1]!);
    assert.ok(outputs.length >= 5);
    for (const out of outputs) assert.match(out, /✖ \d+ problems? \(/);
  });
});

describe('schema', () => {
  const schemaJson = JSON.parse(readFileSync(join(ROOT, 'schemas', 'bplan.schema.json'), 'utf8')) as Record<string, unknown>;
  const definitions = schemaJson.definitions as Record<string, Record<string, unknown>>;
  const documented = (node: Record<string, unknown>): boolean => {
    if (typeof node.description === 'string' && typeof node.markdownDescription === 'string') return true;
    const ref = typeof node.$ref === 'string' ? definitions[node.$ref.replace('#/definitions/', '')] : undefined;
    return ref !== undefined && documented(ref);
  };
  it('documents every key with a description and a markdownDescription', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      for (const [key, child] of Object.entries((n.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (!documented(child)) missing.push(`${path}.${key}`);
        walk(child, `${path}.${key}`);
      }
      if (n.items) walk(n.items, `${path}[]`);
    };
    walk(schemaJson, '');
    for (const [name, def] of Object.entries(definitions)) walk(def, `#${name}`);
    assert.deepEqual(missing, []);
  });
  it('names only rules and limits that exist in x-rule / x-limits', () => {
    const text = JSON.stringify(schemaJson);
    for (const m of text.matchAll(/"x-rule":"([^"]+)"/g)) assert.ok(RULES.some((r) => r.meta.id === m[1]), m[1]);
    for (const m of text.matchAll(/"x-limits":\[([^\]]*)\]/g)) {
      for (const id of JSON.parse(`[${m[1]}]`) as string[]) assert.ok(LIMITS.some((l) => l.id === id), id);
    }
  });
});

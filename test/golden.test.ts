/**
 * Golden fixtures, actionlint style: test/fixtures/<rule-id>/<case>.bplan.yaml is linted and the
 * findings, rendered one per line (see support/golden.ts), must equal <case>.out exactly.
 *
 *   UPDATE_GOLDEN=1 node scripts/run-tests.mjs golden   # (re)writes the .out files
 *
 * A rewritten .out file must be read and checked by eye before it is committed.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintText, RULES } from '../server/src/core';
import { fixtureCases, fixtureFolders, readIfExists, renderFindings, scalarValue, OUT_SUFFIX, PLAN_SUFFIX } from './support/golden';

const FIXTURES = path.join(__dirname, '..', '..', 'test', 'fixtures');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const RULE_IDS = RULES.map((r) => r.meta.id).sort();
const folders = fixtureFolders(FIXTURES);

/** The literal passphrases written in the passphrase-literal fixtures; none may ever be printed. */
const KNOWN_PASSPHRASES = ['Tr0ub4dor-horse-battery', 'correct-horse-battery-staple-42', 'Winter2024!Backup#Vault'];

describe('golden fixtures', () => {
  test('every rule has a fixture folder, and every fixture folder names a rule', () => {
    assert.ok(RULE_IDS.length >= 12, `expected the core to export its rules, got ${RULE_IDS.length}`);
    assert.deepEqual(
      RULE_IDS.filter((id) => !folders.includes(id)),
      [],
      'rules without a folder in test/fixtures',
    );
    assert.deepEqual(
      folders.filter((f) => !RULE_IDS.includes(f)),
      [],
      'fixture folders that name no rule',
    );
  });

  for (const ruleId of folders) {
    describe(ruleId, () => {
      const cases = fixtureCases(FIXTURES, ruleId);

      test('has at least two invalid cases and one ok-* case', () => {
        assert.ok(cases.filter((c) => !c.ok).length >= 2, `${ruleId}: fewer than 2 invalid cases`);
        assert.ok(cases.filter((c) => c.ok).length >= 1, `${ruleId}: no ok-* case`);
      });

      test('holds only <case>.bplan.yaml and <case>.out pairs', () => {
        const names = new Set(cases.map((c) => c.name));
        const files = fs.readdirSync(path.join(FIXTURES, ruleId));
        const stray = files.filter((f) => {
          if (f.endsWith(PLAN_SUFFIX)) return false;
          if (f.endsWith(OUT_SUFFIX)) return !names.has(f.slice(0, -OUT_SUFFIX.length));
          return true;
        });
        assert.deepEqual(stray, [], `${ruleId}: files that are not a case or the .out of one`);
      });

      for (const c of cases) {
        test(c.name, () => {
          const text = fs.readFileSync(c.planPath, 'utf8');
          // One line says what the fixture shows; only a bplan directive may follow it as a comment.
          assert.match(text, /^# \S.*\n(?!#(?!\s*bplan-disable))/, `${c.ruleId}/${c.name}: a fixture starts with a one-line comment saying what it shows`);

          const { findings } = lintText(text);
          const actual = renderFindings(text, findings);
          if (UPDATE) {
            fs.writeFileSync(c.outPath, actual);
          } else {
            const expected = readIfExists(c.outPath);
            assert.ok(expected !== undefined, `${c.outPath} is missing; run with UPDATE_GOLDEN=1 and check it by eye`);
            assert.equal(actual, expected, `${c.ruleId}/${c.name}: findings differ from ${path.basename(c.outPath)}`);
          }

          if (c.ok) {
            assert.deepEqual(findings, [], `${c.ruleId}/${c.name}: an ok-* case must produce no findings`);
          } else {
            assert.ok(
              findings.some((f) => f.ruleId === c.ruleId),
              `${c.ruleId}/${c.name}: expected at least one ${c.ruleId} finding, got ${findings.map((f) => f.ruleId).join(', ') || 'none'}`,
            );
          }
        });
      }
    });
  }

  test('no .out file and no message holds a literal passphrase', () => {
    const secrets = new Set(KNOWN_PASSPHRASES);
    const passphraseCases = fixtureCases(FIXTURES, 'passphrase-literal').filter((c) => !c.ok);
    assert.ok(passphraseCases.length >= 2);
    for (const c of passphraseCases) {
      const text = fs.readFileSync(c.planPath, 'utf8');
      const { findings, secretSpans } = lintText(text);
      const literal = findings.find((f) => f.ruleId === 'passphrase-literal');
      assert.ok(literal, `${c.name}: passphrase-literal reports the literal`);
      assert.ok(
        secretSpans.some((s) => s.start <= literal.span.start && literal.span.end <= s.end),
        `${c.name}: the literal the finding sits on is reported as a secret span`,
      );
      const source = text.slice(literal.span.start, literal.span.end);
      const value = scalarValue(source);
      assert.ok(value.length >= 8, `${c.name}: fixture passphrases are long enough to be recognised (${value.length})`);
      secrets.add(value);
      secrets.add(source.trim());
    }
    // Every known literal is really in a fixture, so the check below checks something.
    const fixtureTexts = passphraseCases.map((c) => fs.readFileSync(c.planPath, 'utf8')).join('\n');
    for (const known of KNOWN_PASSPHRASES) assert.ok(fixtureTexts.includes(known), `"${known}" is written in a passphrase-literal fixture`);

    for (const ruleId of folders) {
      for (const c of fixtureCases(FIXTURES, ruleId)) {
        const out = readIfExists(c.outPath) ?? '';
        const messages = lintText(fs.readFileSync(c.planPath, 'utf8')).findings.flatMap((f) => [f.message, ...(f.related ?? []).map((r) => r.message)]);
        for (const secret of secrets) {
          assert.ok(!out.includes(secret), `${ruleId}/${c.name}.out holds a literal passphrase`);
          for (const m of messages) assert.ok(!m.includes(secret), `${ruleId}/${c.name}: a message holds a literal passphrase: ${m.replace(secret, '***')}`);
        }
      }
    }
  });
});

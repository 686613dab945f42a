/**
 * Code actions: a finding's fixes as quick fixes, "Disable <rule> for this line" (a suppression
 * comment above the line, or the id added to one already there), "Show documentation for <rule>",
 * the kinds asked for, one disable and one documentation action per rule, and never a secret.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CodeActionKind } from 'vscode-languageserver-types';
import type { CodeAction, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import { codeActions, SHOW_DOCUMENTATION_COMMAND } from '../server/src/language/code-actions';
import { diagnostics } from '../server/src/language/diagnostics';
import { PlanDocument } from '../server/src/language/document';
import { applyLspEdits } from './support/edits';

const URI = 'file:///plan.bplan.yaml';
const SECRET = 'Zq9-unique-secret-771';

/** A MABS plan whose one finding is three online backups a day (line 19). */
const PLAN = `bplan: 1
name: actions
vault:
  name: contoso-rsv
  region: westeurope
  encryption:
    passphrase: { env: CONTOSO_RSV_PASSPHRASE }
servers:
  - name: mabs01
    product: mabs
    version: v3
workloads:
  - { name: sales-db, type: sql-server, host: sql01, os: windows-server-2019, server: mabs01, policy: sql-daily }
policies:
  - name: sql-daily
    # the policy of the SQL databases
    disk: { syncEvery: 15m, recoveryPoints: ["21:00"], retentionDays: 14 }
    online:
      times: ["07:00", "13:00", "23:00"]   # three runs
      retention: { daily: 30 }
`;

function docOf(text: string, version = 1): PlanDocument {
  return new PlanDocument(URI, version, text);
}

/** The document's diagnostics of one rule. */
function diagnosticsOf(doc: PlanDocument, ruleId: string): Diagnostic[] {
  return diagnostics(doc).filter((d) => d.code === ruleId);
}

/** The code actions for every diagnostic of a rule, asked over the first one's range. */
function actionsFor(doc: PlanDocument, ruleId: string, only?: string[]): CodeAction[] {
  const ds = diagnosticsOf(doc, ruleId);
  assert.ok(ds.length > 0, `no ${ruleId} diagnostic; got ${diagnostics(doc).map((d) => d.code).join(', ') || 'none'}`);
  return codeActions(doc, ds[0]!.range, ds, only);
}

function editsOf(action: CodeAction | undefined): TextEdit[] {
  assert.ok(action?.edit?.changes, `no edit in ${action?.title}`);
  assert.deepEqual(Object.keys(action.edit.changes), [URI]);
  return action.edit.changes[URI]!;
}

function titled(actions: readonly CodeAction[], prefix: string): CodeAction {
  const found = actions.filter((a) => a.title.startsWith(prefix));
  assert.equal(found.length, 1, `one action titled "${prefix}…" among: ${actions.map((a) => a.title).join(' | ')}`);
  return found[0]!;
}

const rulesOf = (text: string) => docOf(text).findings.map((f) => f.ruleId);
const range = (sl: number, sc: number, el: number, ec: number): Range => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

describe('code actions', () => {
  it('offers the fix, the disable comment and the documentation for a finding, in that order', () => {
    const doc = docOf(PLAN);
    const [diagnostic] = diagnosticsOf(doc, 'online-frequency');
    const actions = actionsFor(doc, 'online-frequency');
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred ?? false]),
      [
        ['Keep the first 2 times (07:00, 13:00), the MABS maximum', CodeActionKind.QuickFix, false],
        ['Disable online-frequency for this line (write the reason after --)', CodeActionKind.QuickFix, false],
        ['Show documentation for online-frequency', CodeActionKind.QuickFix, false],
      ],
    );
    for (const action of actions) assert.deepEqual(action.diagnostics, [diagnostic]);
    // The fix deletes `, "23:00"` on line 19 (0-based 18), nothing else.
    assert.deepEqual(editsOf(actions[0]), [{ range: range(18, 30, 18, 39), newText: '' }]);
    assert.equal(applyLspEdits(PLAN, editsOf(actions[0])), PLAN.replace('"13:00", "23:00"]', '"13:00"]'));
  });

  it('marks the preferred fix of several, and offers each', () => {
    const text = PLAN.replace('policy: sql-daily }', 'policy: sql-dayly }');
    const actions = actionsFor(docOf(text), 'unknown-reference');
    assert.deepEqual(
      actions.filter((a) => a.edit && !a.title.startsWith('Disable')).map((a) => [a.title, a.isPreferred]),
      [['Change policy to "sql-daily"', true]],
    );
  });

  it('disables the rule for the line with a comment above it, at its indentation; with a reason written, the finding is suppressed and suppression-syntax is silent', () => {
    const action = titled(actionsFor(docOf(PLAN), 'online-frequency'), 'Disable online-frequency');
    const edits = editsOf(action);
    assert.deepEqual(edits, [{ range: range(18, 0, 18, 0), newText: '      # bplan-disable-next-line online-frequency -- \n' }]);

    const disabled = applyLspEdits(PLAN, edits);
    assert.equal(disabled.split('\n')[18], '      # bplan-disable-next-line online-frequency -- ');
    assert.equal(disabled.split('\n')[19], '      times: ["07:00", "13:00", "23:00"]   # three runs');
    // Until the reason is written, suppression-syntax asks for it (what the title says).
    assert.deepEqual(
      docOf(disabled).findings.map((f) => [f.ruleId, f.message]),
      [['suppression-syntax', 'this suppression gives no reason: add one after "--", as in # bplan-disable-file vault-redundancy -- a secondary copy']],
    );

    const reasoned = disabled.replace('online-frequency -- ', 'online-frequency -- the third run is removed after go-live');
    assert.deepEqual(rulesOf(reasoned), []);
  });

  it('keeps CRLF line endings in the comment it inserts', () => {
    const crlf = PLAN.replace(/\n/g, '\r\n');
    const edits = editsOf(titled(actionsFor(docOf(crlf), 'online-frequency'), 'Disable online-frequency'));
    assert.deepEqual(edits, [{ range: range(18, 0, 18, 0), newText: '      # bplan-disable-next-line online-frequency -- \r\n' }]);
    const reasoned = applyLspEdits(crlf, edits).replace('-- \r\n', '-- a test run\r\n');
    assert.doesNotMatch(reasoned, /[^\r]\n/, 'no bare LF');
    assert.deepEqual(rulesOf(reasoned), []);
  });

  it('adds the rule to a bplan-disable-next-line comment already above the line', () => {
    const text = PLAN.replace(
      '    disk: { syncEvery: 15m, recoveryPoints: ["21:00"], retentionDays: 14 }',
      '    # bplan-disable-next-line disk-retention-range -- the auditors ask for 500 days\n    disk: { syncEvery: 10m, recoveryPoints: ["21:00"], retentionDays: 500 }',
    ).replace('"13:00", "23:00"]', '"13:00"]');
    assert.deepEqual(rulesOf(text), ['disk-sync-frequency', 'disk-recovery-points']);
    const action = titled(actionsFor(docOf(text), 'disk-sync-frequency'), 'Disable disk-sync-frequency');
    assert.equal(action.title, 'Disable disk-sync-frequency for this line (added to the comment above)');
    const after = applyLspEdits(text, editsOf(action));
    assert.match(after, /\n {4}# bplan-disable-next-line disk-retention-range, disk-sync-frequency -- the auditors ask for 500 days\n {4}disk: /);
    assert.deepEqual(rulesOf(after), ['disk-recovery-points']);
  });

  it('offers the documentation as the bplan.showDocumentation command with the rule id', () => {
    const action = titled(actionsFor(docOf(PLAN), 'online-frequency'), 'Show documentation');
    assert.equal(SHOW_DOCUMENTATION_COMMAND, 'bplan.showDocumentation');
    assert.deepEqual(action.command, { title: 'Show documentation for online-frequency', command: 'bplan.showDocumentation', arguments: ['online-frequency'] });
    assert.equal(action.edit, undefined);
  });

  it('offers only the documentation for broken YAML', () => {
    const doc = docOf('bplan: 1\nvault: [name: x\n');
    assert.deepEqual(
      actionsFor(doc, 'yaml-syntax').map((a) => a.title),
      ['Show documentation for yaml-syntax'],
    );
  });

  it('offers no disable comment for the suppression rules, which a comment cannot silence', () => {
    const text = PLAN.replace('    online:\n', '    # bplan-disable-next-line vault-redundancy -- not here\n    online:\n');
    assert.deepEqual(
      actionsFor(docOf(text), 'unused-suppression').map((a) => a.title),
      ['Show documentation for unused-suppression'],
    );
  });

  it('respects the kinds asked for', () => {
    const doc = docOf(PLAN);
    assert.equal(actionsFor(doc, 'online-frequency', [CodeActionKind.QuickFix]).length, 3);
    assert.equal(actionsFor(doc, 'online-frequency', ['']).length, 3);
    assert.deepEqual(actionsFor(doc, 'online-frequency', [CodeActionKind.Refactor]), []);
    assert.deepEqual(actionsFor(doc, 'online-frequency', [CodeActionKind.SourceFixAll]), []);
    assert.deepEqual(actionsFor(doc, 'online-frequency', ['quickfix.bplan']), []);
  });

  it('gives several findings of one rule one disable and one documentation action, and each its fix', () => {
    const text = PLAN.replace('retention: { daily: 30 }', 'retention: { daily: 3, weekly: 2 }').replace('"13:00", "23:00"]', '"13:00"]');
    const doc = docOf(text);
    const ds = diagnosticsOf(doc, 'online-retention-range');
    assert.equal(ds.length, 2);
    const actions = actionsFor(doc, 'online-retention-range');
    assert.deepEqual(
      actions.map((a) => a.title),
      [
        'Set retention.daily to 7 (the minimum for vault retention, all products)',
        'Set retention.weekly to 4 (the minimum for vault retention, all products)',
        'Disable online-retention-range for this line (write the reason after --)',
        'Show documentation for online-retention-range',
      ],
    );
    assert.deepEqual(actions[2]!.diagnostics, ds);
    assert.deepEqual(actions[3]!.diagnostics, ds);
    assert.equal(editsOf(actions[2]).length, 1);
  });

  it('disables a rule reported on two lines with one action and a comment above each', () => {
    const text = PLAN.replace('recoveryPoints: ["21:00"]', 'recoveryPoints: ["9:00"]').replace('times: ["07:00", "13:00", "23:00"]', 'times: ["7:00"]');
    const doc = docOf(text);
    assert.equal(diagnosticsOf(doc, 'schedule-times').length, 2);
    const actions = actionsFor(doc, 'schedule-times');
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Write 09:00', 'Write 07:00', 'Disable schedule-times for these 2 lines (write the reason after --)', 'Show documentation for schedule-times'],
    );
    const after = applyLspEdits(text, editsOf(actions[2])).replace(/schedule-times -- /g, 'schedule-times -- written by the old tool');
    assert.deepEqual(rulesOf(after), []);
  });

  it('offers one fix for two findings that share it (passphrase-literal and passphrase-length), never showing the passphrase', () => {
    const short = 'Zq9-771';
    const text = PLAN.replace('{ env: CONTOSO_RSV_PASSPHRASE }', `"${short}"`);
    const doc = docOf(text);
    const ds = diagnostics(doc).filter((d) => d.code === 'passphrase-literal' || d.code === 'passphrase-length');
    assert.equal(ds.length, 2);
    const actions = codeActions(doc, ds[0]!.range, ds);
    const fixes = actions.filter((a) => a.title.startsWith('Replace'));
    assert.equal(fixes.length, 1);
    assert.equal(fixes[0]!.title, 'Replace the passphrase with { env: CONTOSO_RSV_PASSPHRASE }');
    assert.deepEqual(fixes[0]!.diagnostics, ds);
    assert.ok(!JSON.stringify(actions).includes(short));
  });

  it('never puts the planted secret in a title, an edit or a command, for any finding of a plan that holds it', () => {
    for (const form of [`"${SECRET}"`, `|\n      ${SECRET}`, `{ value: ${SECRET} }`]) {
      const text = PLAN.replace('{ env: CONTOSO_RSV_PASSPHRASE }', form);
      const doc = docOf(text);
      const all = diagnostics(doc);
      assert.ok(all.some((d) => d.code === 'passphrase-literal'), form);
      const actions = codeActions(doc, range(0, 0, 30, 0), all);
      assert.ok(actions.some((a) => a.title === 'Replace the passphrase with { env: CONTOSO_RSV_PASSPHRASE }'), form);
      assert.ok(!JSON.stringify(actions).includes(SECRET), form);
      // And the fix works: no passphrase finding, the secret gone from the text.
      const fixed = applyLspEdits(text, editsOf(titled(actions, 'Replace the passphrase')));
      assert.ok(!fixed.includes(SECRET));
      assert.deepEqual(rulesOf(fixed).filter((id) => id.startsWith('passphrase')), []);
    }
  });

  it('ignores diagnostics whose finding is gone, and never throws', () => {
    const doc = docOf(PLAN);
    const [diagnostic] = diagnosticsOf(doc, 'online-frequency');
    const edited = docOf(PLAN.replace('"13:00", "23:00"]', '"13:00"]'), 2);
    assert.deepEqual(codeActions(edited, diagnostic!.range, [diagnostic!]), []);
    const bogus: Diagnostic = { range: range(99, 0, 99, 5), message: 'x', code: 'online-frequency' };
    assert.deepEqual(codeActions(docOf(''), bogus.range, [bogus]), []);
    assert.deepEqual(codeActions(docOf('\u0000\u0001binary'), bogus.range, [bogus, { ...bogus, code: undefined }]), []);
  });
});

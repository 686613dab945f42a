import { closest } from '../text';
import { defineRule } from './define-rule';

export default defineRule({
  meta: {
    id: 'suppression-syntax',
    description: 'A suppression comment should name known rules and give a reason after --.',
    defaultSeverity: 'warning',
    category: 'structure',
    phase: 'suppressions',
    limits: [],
    sources: [{ ref: 'design-anchors.md', quote: 'A line comment disables diagnostics on the next line' }],
    docs:
      'The form is `# bplan-disable-next-line <rule-id>[, <rule-id>] -- reason` (the next line that is not blank or a comment) or `# bplan-disable-file <rule-id>[, <rule-id>] -- reason` (the whole file). The reason says why the finding does not apply, for the next reader.',
  },
  check(ctx) {
    const ids = knownRuleIds();
    for (const s of ctx.suppressions) {
      if (s.kind === 'unknown') {
        const suggestion = closest(s.directive, ['bplan-disable-next-line', 'bplan-disable-file']);
        ctx.report({
          span: s.span,
          path: '',
          message: `"${s.directive}" is not a bplan directive${suggestion ? `; did you mean "${suggestion}"?` : ''}: use bplan-disable-next-line or bplan-disable-file`,
        });
        continue;
      }
      if (!s.rules.length) {
        ctx.report({ span: s.span, path: '', message: 'this suppression names no rule: write the rule id after the directive, as in # bplan-disable-next-line online-frequency -- reason' });
        continue;
      }
      for (const r of s.rules) {
        if (ids.includes(r.id)) continue;
        const suggestion = closest(r.id, ids);
        ctx.report({ span: r.span, path: '', message: `"${r.id}" is not a bplan rule${suggestion ? `; did you mean "${suggestion}"?` : ''}` });
      }
      if (!s.reason) {
        ctx.report({ span: s.span, path: '', message: 'this suppression gives no reason: add one after "--", as in # bplan-disable-file vault-redundancy -- a secondary copy' });
      }
    }
  },
});

let ruleIds: string[] | undefined;
/** Filled by the rule table once it is built (rules/index.ts), since this file cannot import it. */
export function setKnownRuleIds(ids: readonly string[]): void {
  ruleIds = [...ids];
}
export function knownRuleIds(): readonly string[] {
  return ruleIds ?? [];
}

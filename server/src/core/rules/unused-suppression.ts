import { defineRule } from './define-rule';
import { knownRuleIds } from './suppression-syntax';

export default defineRule({
  meta: {
    id: 'unused-suppression',
    description: 'A suppression comment should suppress at least one finding.',
    defaultSeverity: 'warning',
    category: 'structure',
    phase: 'suppressions',
    limits: [],
    sources: [{ ref: 'design-anchors.md', quote: 'A line comment disables diagnostics on the next line' }],
    docs:
      'A `# bplan-disable-next-line <rule-id> -- reason` or `# bplan-disable-file <rule-id> -- reason` comment that no longer suppresses anything hides nothing but may hide a future mistake: remove it. Rules turned off in the configuration are not reported here.',
  },
  check(ctx) {
    const known = new Set(knownRuleIds());
    for (const s of ctx.suppressions) {
      if (s.kind === 'unknown') continue; // suppression-syntax reports the directive
      for (const r of s.rules) {
        // Unknown ids are suppression-syntax's to report ("did you mean"), not "unused".
        if (ctx.usedSuppressions.has(r.span.start) || ctx.disabledRules.has(r.id) || !known.has(r.id)) continue;
        ctx.report({
          span: r.span,
          path: '',
          message: `this suppression of ${r.id} suppresses nothing${s.kind === 'next-line' ? ' on the next line' : ' in this file'}: remove it`,
        });
      }
    }
  },
});

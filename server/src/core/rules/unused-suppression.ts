import { defineRule } from './define-rule';

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
    for (const s of ctx.suppressions) {
      for (const r of s.rules) {
        if (ctx.usedSuppressions.has(r.span.start) || ctx.disabledRules.has(r.id)) continue;
        ctx.report({
          span: r.span,
          path: '',
          message: `this suppression of ${r.id} suppresses nothing${s.kind === 'next-line' ? ' on the next line' : ' in this file'}: remove it`,
        });
      }
    }
  },
});

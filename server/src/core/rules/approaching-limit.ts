import { quantity } from '../text';
import { defineRule } from './define-rule';

/** How close to a maximum a value must be to be reported: within 10 % of it. */
const THRESHOLD = 0.9;
/**
 * Below this maximum a 10 % band is narrower than one unit, so only a value exactly at the limit
 * would be reported: 2 of 2 backups a day is a plain choice, not a cliff ahead.
 */
const SMALLEST_MAX = 10;

export default defineRule({
  meta: {
    id: 'approaching-limit',
    description: 'Values within 10 % of a documented maximum should be known before they reach it.',
    defaultSeverity: 'info',
    category: 'limits',
    phase: 'final',
    limits: [],
    sources: [
      {
        ref: 'tool-anchors.md',
        quote: 'a YAML/JSON template linter with explicit *product-limit* rules, plus "approaching the limit" rules that fire at 90 %.',
      },
    ],
    docs:
      'Every rule that checks a value against a documented maximum reports it to this rule when the value is within the limit. Values at 90 % of the maximum or more (for example 60 of 64 recovery points on disk, or 50,000 of 54,400 GB) are reported as information. Limits below 10 are left out, since there the band is less than one unit (2 of 2 backups a day is a choice, not a cliff). Turn the rule off in the configuration to silence it.',
  },
  check(ctx) {
    const seen = new Set<string>();
    for (const m of ctx.measurements) {
      if (m.max < SMALLEST_MAX || m.value > m.max || m.value < THRESHOLD * m.max) continue;
      const key = `${m.span.start}:${m.limit.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const percent = Math.round((m.value / m.max) * 100);
      ctx.report({
        span: m.span,
        path: m.path,
        message: `${m.what} is ${m.value} of at most ${quantity(m.max, m.limit.unit)} (${percent} %, ${m.limit.appliesTo}): within 10 % of the limit of rule ${m.ruleId}`,
      });
    }
  },
});

import { clampFix } from '../fixes';
import { limit } from '../limits';
import { quantity } from '../text';
import { diskGoalsApply } from '../usage';
import { defineRule } from './define-rule';

const MIN = limit('disk-retention-days-min');
const MAX = limit('disk-retention-days-max');

export default defineRule({
  meta: {
    id: 'disk-retention-range',
    description: 'Short-term retention on the DPM/MABS disk should be 1 to 448 days.',
    defaultSeverity: 'error',
    category: 'limits',
    limits: [MIN.id, MAX.id],
    docs: 'Keep longer-term copies in the vault (`online.retention`) or on tape (`tape.retentionYears`, DPM only).',
  },
  check(ctx) {
    for (const policy of ctx.plan.policies) {
      const days = policy.disk?.retentionDays;
      if (!days) continue;
      if (!diskGoalsApply(ctx, policy)) continue;
      const path = `${policy.path}.disk.retentionDays`;
      if (days.value < MIN.value) {
        ctx.report({
          span: days.span,
          path,
          message: `disk retention is ${quantity(days.value, MIN.unit)}; DPM and MABS keep recovery points on disk for at least ${quantity(MIN.value, MIN.unit)} (${MIN.appliesTo})`,
          fixes: [clampFix('retentionDays', days.span, MIN)],
        });
      } else if (days.value <= MAX.value) {
        ctx.measure({ limit: MAX, value: days.value, span: days.span, path, what: 'disk retention in days' });
      } else {
        ctx.report({
          span: days.span,
          path,
          message: `disk retention is ${quantity(days.value, MAX.unit)}; DPM and MABS keep recovery points on disk for at most ${quantity(MAX.value, MAX.unit)} (${MAX.appliesTo}): keep older copies in the vault or on tape`,
          fixes: [clampFix('retentionDays', days.span, MAX)],
        });
      }
    }
  },
});

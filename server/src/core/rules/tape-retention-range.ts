import { clampFix } from '../fixes';
import { limit } from '../limits';
import { quantity } from '../text';
import { firstUseByProduct } from '../usage';
import { defineRule } from './define-rule';

const MIN = limit('tape-retention-years-min');
const MAX = limit('tape-retention-years-max');

export default defineRule({
  meta: {
    id: 'tape-retention-range',
    description: `Long-term retention on tape should be ${MIN.value} to ${MAX.value} ${MAX.unit}.`,
    defaultSeverity: 'error',
    category: 'limits',
    limits: [MIN.id, MAX.id],
    docs:
      'Checks `tape.retentionYears` of each policy against the range the DPM protection group wizard allows. A policy that only workloads of servers without tape (MABS, MARS, Azure VM backup) follow is left to `tape-unsupported`.',
  },
  check(ctx) {
    for (const policy of ctx.plan.policies) {
      const years = policy.tapeRetentionYears;
      if (!years) continue;
      const byProduct = firstUseByProduct(ctx, policy);
      if (byProduct.size > 0 && !byProduct.has('dpm')) continue;
      const path = `${policy.path}.tape.retentionYears`;
      const unit = MIN.unit;
      if (years.value < MIN.value) {
        ctx.report({
          span: years.span,
          path,
          message: `tape retention is ${quantity(years.value, unit)}; the minimum is ${quantity(MIN.value, unit)} (${MIN.appliesTo}): keep tape data for ${MIN.value} to ${quantity(MAX.value, unit)}`,
          fixes: [clampFix('tape.retentionYears', years.span, MIN)],
        });
      } else if (years.value <= MAX.value) {
        ctx.measure({ limit: MAX, value: years.value, span: years.span, path, what: 'retention on tape' });
      } else {
        ctx.report({
          span: years.span,
          path,
          message: `tape retention is ${quantity(years.value, unit)}; the maximum is ${quantity(MAX.value, unit)} (${MAX.appliesTo}): keep tape data for at most ${quantity(MAX.value, unit)}`,
          fixes: [clampFix('tape.retentionYears', years.span, MAX)],
        });
      }
    }
  },
});

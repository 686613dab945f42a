import { fixOf, removeFlowItems } from '../fixes';
import { limit } from '../limits';
import type { LimitId } from '../limits';
import { PRODUCT_NAMES } from '../products';
import { firstUseByProduct } from '../usage';
import { defineRule } from './define-rule';

const PER_PRODUCT = {
  mars: limit('online-backups-per-day-mars'),
  dpm: limit('online-backups-per-day-dpm'),
  mabs: limit('online-backups-per-day-mabs'),
  'azure-vm-backup': limit('online-backups-per-day-azure-vm-backup'),
} as const;

export default defineRule({
  meta: {
    id: 'online-frequency',
    description: 'Backups to the vault per day should not exceed what the protecting product allows.',
    defaultSeverity: 'error',
    category: 'limits',
    limits: Object.values(PER_PRODUCT).map((l) => l.id as LimitId),
    docs:
      'The number of backups to the vault per day is the number of `online.times` in the policy. It is checked against the product of every server whose workloads follow the policy: MARS 3, DPM 2, MABS 2, Azure VM backup 1.',
  },
  check(ctx) {
    for (const policy of ctx.plan.policies) {
      const times = policy.online?.times;
      if (!times) continue;
      const perDay = times.value.length;
      for (const [product, first] of firstUseByProduct(ctx, policy)) {
        const max = PER_PRODUCT[product];
        if (perDay <= max.value) {
          ctx.measure({ limit: max, value: perDay, span: times.span, path: `${policy.path}.online.times`, what: `online backups per day on ${PRODUCT_NAMES[product].short}` });
          continue;
        }
        const server = first.server;
        const trim = removeFlowItems(ctx.text, times, max.value, perDay);
        const kept = times.value.slice(0, max.value).map((t) => t.value);
        ctx.report({
          span: times.span,
          path: `${policy.path}.online.times`,
          message: `online backups per day is ${perDay}; ${PRODUCT_NAMES[first.product].short} allows at most ${max.value} (${max.appliesTo}): keep ${max.value} time${max.value === 1 ? '' : 's'} of day`,
          related: server.product ? [{ span: server.product.span, message: `server "${server.name?.value}" runs ${PRODUCT_NAMES[first.product].long}` }] : undefined,
          // Which times to drop is the user's choice: offered, never preferred.
          fixes: trim ? [fixOf(`Keep the first ${kept.length === 1 ? 'time' : `${kept.length} times`} (${kept.join(', ')}), the ${PRODUCT_NAMES[first.product].short} maximum`, trim, false)] : undefined,
        });
      }
    }
  },
});

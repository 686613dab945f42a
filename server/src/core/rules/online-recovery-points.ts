import { setNumberFix } from '../fixes';
import { limit } from '../limits';
import type { OnlineGoals } from '../model';
import { PRODUCT_NAMES, productLabel } from '../products';
import type { RelatedLocation, Span } from '../types';
import { listWords } from '../text';
import { firstBy, usesOf } from '../usage';
import { defineRule } from './define-rule';

const MAX = limit('online-recovery-points-max');
/** Shortening the daily tier is a fix only down to its own minimum. */
const DAILY_MIN = limit('online-retention-daily-min');

import { countOnlineRecoveryPoints } from '../estimate';

/** The count lives with the estimates (one truth); re-exported for the rule's tests. */
export { countOnlineRecoveryPoints };

/** From the first retention key to the last value: the `retention` mapping's content. */
function retentionSpan(online: OnlineGoals): Span | undefined {
  let start = Infinity;
  let end = -Infinity;
  for (const v of Object.values(online.retention ?? {})) {
    if (v === undefined) continue;
    start = Math.min(start, v.keySpan?.start ?? v.span.start);
    end = Math.max(end, v.span.end);
  }
  return start === Infinity ? undefined : { start, end };
}

export default defineRule({
  meta: {
    id: 'online-recovery-points',
    description: 'Recovery points kept in the vault per protected instance should not exceed 9999.',
    defaultSeverity: 'error',
    category: 'limits',
    limits: [MAX.id],
    sources: [
      {
        ref: 'A10',
        quote:
          'Two points per day for seven days = 14 recovery points / Two points per week for four weeks = 8 [...] Two points per month for 12 months = 24 [...] One point per year per 10 years = 10 [...] The total number of recovery points is 56.',
      },
    ],
    docs:
      'Recovery points kept in the vault = backups per day (the number of `online.times`) × daily retention days + weekly + monthly + yearly points. One point per week, month and year is counted unless `online.pointsPerPeriod` says more: DPM and MABS can keep several points of a period in the long-term tiers, as A10\'s example does with two a week and two a month ("Two points per day for seven days = 14 recovery points / Two points per week for four weeks = 8 [...] Two points per month for 12 months = 24 [...] One point per year per 10 years = 10 [...] The total number of recovery points is 56."), which bplan counts as 56 with `pointsPerPeriod: { weekly: 2, monthly: 2 }`. The limit is 9,999 per protected instance (A1, A10); the 2016 documents said recovery points were unlimited (seed 004, A4), and DPM 2012 allowed 120 (S14).',
  },
  check(ctx) {
    for (const policy of ctx.plan.policies) {
      const online = policy.online;
      if (!online) continue;
      const span = retentionSpan(online);
      if (!span) continue;
      const count = countOnlineRecoveryPoints(online);
      const path = `${policy.path}.online.retention`;
      if (count.total <= MAX.value) {
        ctx.measure({ limit: MAX, value: count.total, span, path, what: `recovery points kept in the vault (${count.working})` });
        continue;
      }
      const byProduct = firstBy(usesOf(ctx, policy), (u) => u.product);
      const users = [...byProduct.values()].map((uses) => uses[0]!);
      const related: RelatedLocation[] = [
        ...(online.times ? [{ span: online.times.span, message: `${count.perDay} backup${count.perDay === 1 ? '' : 's'} to the vault a day` }] : []),
        ...users.flatMap((u) => (u.server.product ? [{ span: u.server.product.span, message: `server "${u.server.name?.value}" runs ${PRODUCT_NAMES[u.product].long}` }] : [])),
      ];
      const others = count.weekly + count.monthly + count.yearly;
      const maxDays = Math.floor((MAX.value - others) / count.perDay);
      const fix =
        count.daily > 0 && maxDays >= 1
          ? `keep daily points at most ${maxDays} days at ${count.perDay} a day, or shorten the weekly, monthly or yearly retention`
          : 'shorten the weekly, monthly or yearly retention';
      const who = users.length > 0 ? `; workloads on ${listWords(users.map((u) => productLabel(u.server)), 'and')} follow this policy` : '';
      ctx.report({
        span,
        path,
        message: `recovery points kept in the vault is ${count.working} per protected instance; the vault keeps at most ${MAX.value} ${MAX.unit} (${MAX.appliesTo}${who}): ${fix}`,
        related: related.length > 0 ? related : undefined,
        fixes:
          online.retention?.daily && count.daily > 0 && maxDays >= DAILY_MIN.value
            ? [setNumberFix('retention.daily', online.retention.daily.span, maxDays, `${maxDays * count.perDay + others} recovery points in the vault; at most ${MAX.value}`)]
            : undefined,
      });
    }
  },
});

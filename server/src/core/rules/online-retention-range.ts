import { clampFix } from '../fixes';
import { limit } from '../limits';
import type { Limit } from '../types';
import { RETENTION_TIERS } from '../model';
import type { RetentionTier } from '../model';
import { quantity } from '../text';
import { firstUseByProduct } from '../usage';
import { defineRule } from './define-rule';

const RANGES: Record<RetentionTier, { min: Limit; max: Limit; maxDpm?: Limit }> = {
  daily: { min: limit('online-retention-daily-min'), max: limit('online-retention-daily-max') },
  weekly: {
    min: limit('online-retention-weekly-min'),
    max: limit('online-retention-weekly-max'),
    maxDpm: limit('online-retention-weekly-max-dpm'),
  },
  monthly: { min: limit('online-retention-monthly-min'), max: limit('online-retention-monthly-max') },
  yearly: { min: limit('online-retention-yearly-min'), max: limit('online-retention-yearly-max') },
};

export default defineRule({
  meta: {
    id: 'online-retention-range',
    description: 'Vault retention should be 7–9999 days, 4–5163 weeks (5148 on DPM and MABS), 3–1188 months and 1–99 years.',
    defaultSeverity: 'error',
    category: 'limits',
    limits: RETENTION_TIERS.flatMap((t) => [RANGES[t].min.id, RANGES[t].max.id, ...(RANGES[t].maxDpm ? [RANGES[t].maxDpm.id] : [])]),
    options: {
      weeklyMaxWeeks: {
        description: `The weekly maximum: by-product (${RANGES.weekly.maxDpm!.value} weeks on DPM and MABS, DPM's own validation; ${RANGES.weekly.max.value} on the MARS agent and Azure VM backup, the MARS table), or ${RANGES.weekly.maxDpm!.value} or ${RANGES.weekly.max.value} for every product.`,
        type: 'string',
        enum: ['by-product', String(RANGES.weekly.maxDpm!.value), String(RANGES.weekly.max.value)],
        default: 'by-product',
      },
    },
    docs: 'Checks each tier of `online.retention`. Where one product\'s documents disagree, bplan applies the stricter value: DPM\'s own validation (error 206) rejects more than 5148 weeks, so DPM and MABS get 5148 rather than the MARS table\'s 5163. DPM\'s validation does not govern the MARS agent or Azure VM backup, which keep the 5163 weeks of the MARS table; the `weeklyMaxWeeks` option applies 5148 (or 5163) to every product instead.',
  },
  check(ctx) {
    // Each tier's maximum with and without DPM/MABS workloads, as configured.
    const choice = ctx.options.weeklyMaxWeeks;
    const maxima = {} as Record<RetentionTier, { dpmLike: Limit; other: Limit }>;
    for (const tier of RETENTION_TIERS) {
      const range = RANGES[tier];
      const pick = (dpmLike: boolean): Limit =>
        tier === 'weekly' && choice === String(range.maxDpm?.value) ? range.maxDpm! : tier === 'weekly' && choice === String(range.max.value) ? range.max : dpmLike && range.maxDpm ? range.maxDpm : range.max;
      maxima[tier] = { dpmLike: pick(true), other: pick(false) };
    }
    for (const policy of ctx.plan.policies) {
      const retention = policy.online?.retention;
      if (!retention) continue;
      const byProduct = firstUseByProduct(ctx, policy);
      const dpmLike = byProduct.has('dpm') || byProduct.has('mabs');
      for (const tier of RETENTION_TIERS) {
        const value = retention[tier];
        if (!value) continue;
        const range = RANGES[tier];
        const max = dpmLike ? maxima[tier].dpmLike : maxima[tier].other;
        const unit = range.min.unit;
        const path = `${policy.path}.online.retention.${tier}`;
        if (value.value < range.min.value) {
          ctx.report({
            span: value.span,
            path,
            message: `${tier} retention in the vault is ${quantity(value.value, unit)}; the minimum is ${quantity(range.min.value, unit)} (${range.min.appliesTo})`,
            fixes: [clampFix(`retention.${tier}`, value.span, range.min)],
          });
        } else if (value.value <= max.value) {
          ctx.measure({ limit: max, value: value.value, span: value.span, path, what: `${tier} retention in the vault` });
        } else {
          ctx.report({
            span: value.span,
            path,
            message: `${tier} retention in the vault is ${quantity(value.value, unit)}; the maximum is ${quantity(max.value, unit)} (${max.appliesTo})`,
            fixes: [clampFix(`retention.${tier}`, value.span, max)],
          });
        }
      }
    }
  },
});

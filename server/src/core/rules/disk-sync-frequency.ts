import { setStringFix } from '../fixes';
import { limit } from '../limits';
import { WORKLOAD_NAMES } from '../products';
import { diskGoalsApply, durationMinutes, formatMinutes, usesOf } from '../usage';
import type { PolicyUse } from '../usage';
import { defineRule } from './define-rule';

const MIN_SQL = limit('disk-sync-min-minutes-sql');
const MIN_OTHER = limit('disk-sync-min-minutes-other');
const MAX = limit('disk-sync-max-minutes');

export default defineRule({
  meta: {
    id: 'disk-sync-frequency',
    description: 'Disk synchronization should run no more often than every 15 minutes for SQL Server and every hour for other workloads, and at least once a day.',
    defaultSeverity: 'error',
    category: 'limits',
    limits: [MIN_SQL.id, MIN_OTHER.id, MAX.id],
    docs:
      'Applies to `disk.syncEvery` of policies followed by DPM or MABS workloads. `before-recovery-point` (synchronize just before each recovery point) is always allowed. A policy shared by SQL Server and other workloads must meet the hourly limit; give SQL Server a policy of its own to synchronize every 15 minutes.',
  },
  check(ctx) {
    for (const policy of ctx.plan.policies) {
      const sync = policy.disk?.syncEvery;
      if (!sync) continue;
      if (!diskGoalsApply(ctx, policy)) continue;
      const minutes = durationMinutes(sync.value);
      if (minutes === undefined) continue;
      const path = `${policy.path}.disk.syncEvery`;
      // Fixes are built only for a finding: writing a scalar back checks how YAML reads it.
      const setTo = (to: number, why: string) => [setStringFix(ctx.text, 'syncEvery', sync, formatMinutes(to), why)];
      if (minutes > MAX.value) {
        ctx.report({
          span: sync.span,
          path,
          message: `disk synchronization every ${sync.value} is longer than the longest interval of ${formatMinutes(MAX.value)} (${MAX.appliesTo}): synchronize at least daily`,
          fixes: setTo(MAX.value, 'the longest interval'),
        });
        continue;
      }
      if (minutes >= MIN_SQL.value && minutes >= MIN_OTHER.value) continue;
      // DPM/MABS workloads other than SQL Server: the first five are all a finding names.
      const offenders: PolicyUse[] = [];
      for (const u of usesOf(ctx, policy)) {
        if ((u.product === 'dpm' || u.product === 'mabs') && u.type && u.type !== 'sql-server' && offenders.push(u) === 5) break;
      }
      // The shortest interval every workload of the policy accepts, so the fix raises no new finding.
      const shortest = () =>
        offenders.length ? setTo(MIN_OTHER.value, 'the shortest interval for workloads other than SQL Server') : setTo(MIN_SQL.value, 'the shortest interval');
      if (minutes < MIN_SQL.value) {
        ctx.report({
          span: sync.span,
          path,
          message: `disk synchronization every ${sync.value} is more often than the shortest interval of ${formatMinutes(MIN_SQL.value)} (${MIN_SQL.appliesTo.replace('SQL Server on ', '')}): use ${formatMinutes(MIN_SQL.value)} or longer`,
          fixes: shortest(),
        });
        continue;
      }
      if (!offenders.length) continue;
      const first = offenders[0]!.workload;
      const kind = WORKLOAD_NAMES[first.type!.value] ?? first.type!.value;
      ctx.report({
        span: sync.span,
        path,
        message: `disk synchronization every ${sync.value} is too often for ${kind} (workload "${first.name?.value}"); only SQL Server can synchronize more often than every ${formatMinutes(MIN_OTHER.value)} (DPM and MABS, all versions): use ${formatMinutes(MIN_OTHER.value)}, or give SQL Server a policy of its own`,
        fixes: shortest(),
        related: offenders.map((u) => ({
          span: u.workload.type!.span,
          message: `workload "${u.workload.name?.value}" (${WORKLOAD_NAMES[u.workload.type!.value] ?? u.workload.type!.value}) follows policy "${policy.name?.value}"`,
        })),
      });
    }
  },
});

import { fixOf, removeFlowItems, setNumberFix } from '../fixes';
import { limit } from '../limits';
import { isFileData, WORKLOAD_NAMES } from '../products';
import { quantity } from '../text';
import { usesOf } from '../usage';
import type { PolicyUse } from '../usage';
import { defineRule } from './define-rule';

const FILE = limit('disk-recovery-points-file');
const FILE_PER_DAY = limit('disk-recovery-points-file-per-day');
const APP = limit('disk-recovery-points-app');
/** The other value a source gives for file data (S7), which the configuration may choose. */
const FILE_ALTERNATIVE = FILE.alternatives![0]!.value;

export default defineRule({
  meta: {
    id: 'disk-recovery-points',
    description: 'Recovery points kept on the DPM/MABS disk should not exceed 64 for file data or 448 for application data.',
    defaultSeverity: 'error',
    category: 'limits',
    limits: [FILE.id, FILE_PER_DAY.id, APP.id],
    options: {
      fileRecoveryPoints: {
        description: `The limit for file data: ${FILE.value} (the VSS limit, stated by every source but one) or ${FILE_ALTERNATIVE} (the current "How does DPM work?" page).`,
        type: 'number',
        enum: [FILE.value, FILE_ALTERNATIVE],
        default: FILE.value,
      },
    },
    docs:
      'Recovery points on disk = recovery point times per day (`disk.recoveryPoints`) × days kept (`disk.retentionDays`). File data (workload type `files`) is limited by the Volume Shadow Copy Service to 64 recovery points and 8 scheduled recovery points a day; application data (SQL Server, Exchange, SharePoint, VMs, system state, bare metal) to 448 express full backups.',
  },
  check(ctx) {
    for (const policy of ctx.plan.policies) {
      const points = policy.disk?.recoveryPoints;
      const days = policy.disk?.retentionDays;
      if (!points || points.value.length === 0) continue;
      const perDay = points.value.length;
      // The first DPM/MABS workload of each kind of data.
      let fileUse: PolicyUse | undefined;
      let appUse: PolicyUse | undefined;
      for (const u of usesOf(ctx, policy)) {
        if ((u.product !== 'dpm' && u.product !== 'mabs') || !u.type) continue;
        if (isFileData(u.type)) fileUse ??= u;
        else appUse ??= u;
        if (fileUse && appUse) break;
      }
      const path = `${policy.path}.disk.recoveryPoints`;
      const related = (use: typeof fileUse) =>
        [
          ...(days ? [{ span: days.span, message: `kept for ${quantity(days.value, 'days')}` }] : []),
          ...(use ? [{ span: use.workload.type!.span, message: `workload "${use.workload.name?.value}" is ${WORKLOAD_NAMES[use.workload.type!.value]}` }] : []),
        ];

      const fileMax = ctx.options.fileRecoveryPoints === FILE_ALTERNATIVE ? FILE_ALTERNATIVE : FILE.value;
      if (fileUse && perDay > FILE_PER_DAY.value) {
        // Keeping the first times is a fix only where the days kept then stay within the total.
        const keep = FILE_PER_DAY.value;
        const trim = !days || keep * days.value <= fileMax ? removeFlowItems(ctx.text, points, keep, perDay) : undefined;
        ctx.report({
          span: points.span,
          path,
          message: `recovery points on disk per day is ${perDay}; file data allows at most ${FILE_PER_DAY.value} scheduled recovery points a day (${FILE_PER_DAY.appliesTo})`,
          related: related(fileUse),
          fixes: trim ? [fixOf(`Keep the first ${keep} recovery point times (${points.value.slice(0, keep).map((p) => p.value).join(', ')})`, trim, false)] : undefined,
        });
        continue;
      }
      if (!days || days.value <= 0) continue;
      const total = perDay * days.value;
      const check = fileUse
        ? { use: fileUse, limit: FILE, max: fileMax, kind: 'file data' }
        : appUse
          ? { use: appUse, limit: APP, max: APP.value, kind: 'application data' }
          : undefined;
      if (!check) continue;
      if (total <= check.max) {
        ctx.measure({ limit: check.limit, max: check.max, value: total, span: points.span, path, what: `recovery points on disk for ${check.kind} (${perDay} a day × ${days.value} days)` });
        continue;
      }
      const maxDays = Math.floor(check.max / perDay);
      ctx.report({
        span: points.span,
        path,
        message: `recovery points on disk is ${perDay} a day × ${days.value} days = ${total}; ${check.kind} allows at most ${check.max} (${check.limit.appliesTo}${check.max !== check.limit.value ? ', as configured' : ''}): keep at most ${maxDays} days at ${perDay} a day, or fewer recovery points a day`,
        related: related(check.use),
        fixes: maxDays >= 1 ? [setNumberFix('retentionDays', days.span, maxDays, `${maxDays * perDay} recovery points at ${perDay} a day; ${check.kind} allows ${check.max}`)] : undefined,
      });
    }
  },
});

import { clampFix, setNumberFix } from '../fixes';
import { limit } from '../limits';
import type { Policy } from '../model';
import { PRODUCT_NAMES } from '../products';
import { listWords, quantity } from '../text';
import type { Fix, Limit, Located, RelatedLocation, Severity, Span } from '../types';
import { firstUseByProduct } from '../usage';
import type { PolicyUse } from '../usage';
import { defineRule } from './define-rule';
import type { RuleContext } from './define-rule';

const RESTORE_MIN = limit('azure-vm-instant-restore-days-min');
/** The standard policy's maximum, which is also the fixed retention of weekly policies (A11). */
const RESTORE_MAX = limit('azure-vm-instant-restore-days-max');
const RESTORE_MAX_ENHANCED = limit('azure-vm-instant-restore-days-max-enhanced');
const RESTORE_MAX_4H = limit('azure-vm-instant-restore-days-max-enhanced-4h');
const RESTORE_MAX_6H = limit('azure-vm-instant-restore-days-max-enhanced-6h');
const WINDOW_MIN = limit('azure-vm-window-hours-min');
const WINDOW_MAX = limit('azure-vm-window-hours-max');

/** The hours an enhanced hourly schedule can be set to: an enumeration (A12), not a range. */
const EVERY_HOURS = [4, 6, 8, 12];
/** Enhanced hourly schedules whose instant-restore retention is capped below the enhanced maximum (A12). */
const CAPPED: Readonly<Record<number, Limit>> = { 4: RESTORE_MAX_4H, 6: RESTORE_MAX_6H };

function describeUse(u: PolicyUse): RelatedLocation {
  return { span: u.server.product?.span ?? u.server.span, message: `server "${u.server.name?.value}" runs ${PRODUCT_NAMES[u.product].long}` };
}

function checkVmPolicy(ctx: RuleContext, policy: Policy, related: RelatedLocation[]): void {
  const vm = policy.azureVm;
  const enhanced = vm?.policyType?.value === 'enhanced';
  const kind = enhanced ? 'the enhanced policy' : 'the standard policy';
  const frequency = vm?.frequency?.value ?? 'daily';
  const path = `${policy.path}.azureVm`;
  const report = (span: Span, key: string, message: string, extra: RelatedLocation[] = [], severity?: Severity, fixes?: Fix[]) =>
    ctx.report({ span, path: key ? `${path}.${key}` : path, message, related: [...extra, ...related], ...(severity ? { severity } : {}), ...(fixes ? { fixes } : {}) });
  const typeRelated: RelatedLocation[] = vm?.policyType ? [{ span: vm.policyType.span, message: `policy type ${vm.policyType.value}` }] : [];

  // Frequency: hourly needs the enhanced policy. Its interval and window are then not looked at:
  // the policy type is the mistake.
  const every = vm?.everyHours;
  const window = vm?.windowHours;
  const hourly = frequency === 'hourly' && enhanced;
  if (frequency === 'hourly' && !enhanced && vm?.frequency) {
    report(
      vm.frequency.span,
      'frequency',
      `hourly backups need the enhanced policy; ${kind} of Azure VM backup backs up once a day or once a week: set policyType: enhanced (for VMs new to Azure Backup), or back up daily`,
      typeRelated,
    );
  } else if (hourly) {
    if (!every) {
      report(vm!.frequency!.span, 'frequency', `an hourly schedule needs everyHours, the hours between backups: ${listWords(EVERY_HOURS.map(String))}`);
    } else if (!EVERY_HOURS.includes(every.value)) {
      const next = EVERY_HOURS.find((h) => h > every.value);
      report(
        every.span,
        'everyHours',
        `a backup every ${quantity(every.value, 'hours')} is not possible: the hourly schedule of the enhanced policy backs up every ${listWords(EVERY_HOURS.map(String))} hours; ${next === undefined ? 'for one backup a day, use frequency: daily' : `use ${next}`}`,
        [],
        undefined,
        next === undefined ? undefined : [setNumberFix('everyHours', every.span, next, `the next interval the enhanced policy allows`)],
      );
    }
    if (window) {
      if (window.value < WINDOW_MIN.value) {
        report(window.span, 'windowHours', `the backup window is ${quantity(window.value, 'hours')}; it must be at least ${quantity(WINDOW_MIN.value, WINDOW_MIN.unit)} (${WINDOW_MIN.appliesTo})`, [], undefined, [
          clampFix('windowHours', window.span, WINDOW_MIN),
        ]);
      } else if (window.value > WINDOW_MAX.value) {
        report(
          window.span,
          'windowHours',
          `the backup window is ${quantity(window.value, 'hours')}; it can be at most ${quantity(WINDOW_MAX.value, WINDOW_MAX.unit)} (${WINDOW_MAX.appliesTo}): use ${WINDOW_MAX.value}`,
          [],
          undefined,
          [clampFix('windowHours', window.span, WINDOW_MAX)],
        );
      } else {
        ctx.measure({ limit: WINDOW_MAX, value: window.value, span: window.span, path: `${path}.windowHours`, what: 'the backup window of an hourly Azure VM policy' });
      }
    }
  } else {
    // everyHours and windowHours belong to an hourly schedule only.
    const why = enhanced ? `this policy backs up ${frequency}` : `${kind} has no hourly schedule`;
    for (const [key, value] of [['everyHours', every], ['windowHours', window]] as const) {
      if (value) report(value.keySpan ?? value.span, key, `${key} applies only to an hourly schedule of the enhanced policy, and ${why}: it is ignored; remove it`, [], 'warning');
    }
  }

  // Instant-restore snapshot retention.
  const days = vm?.instantRestoreDays;
  if (days) checkInstantRestore(ctx, days, { enhanced, frequency, every: hourly ? every?.value : undefined, path: `${path}.instantRestoreDays`, report: (m, extra, fix) => report(days.span, 'instantRestoreDays', m, extra, undefined, fix && [fix]) }, vm);

  // The standard policy's one backup time (online-frequency reports more than one).
  const online = policy.online;
  if (!online?.times) {
    const what = hourly ? 'the start of its backup window' : frequency === 'weekly' ? 'the time of its weekly backup' : 'the time of its one daily backup';
    const span = online?.keySpan ?? policy.name?.span ?? policy.span;
    ctx.report({
      span,
      path: online ? `${policy.path}.online` : policy.path,
      message: `policy "${policy.name?.value ?? policy.index}" gives no online.times; Azure VM backup needs ${what}: add times: ["HH:MM"] under online`,
      related,
    });
  }
}

function checkInstantRestore(
  ctx: RuleContext,
  days: Located<number>,
  o: { enhanced: boolean; frequency: string; every: number | undefined; path: string; report: (message: string, extra?: RelatedLocation[], fix?: Fix) => void },
  vm: Policy['azureVm'],
): void {
  const value = quantity(days.value, 'days');
  const frequencyRelated: RelatedLocation[] = vm?.frequency ? [{ span: vm.frequency.span, message: `the policy backs up ${o.frequency}` }] : [];
  if (o.frequency === 'weekly') {
    if (days.value !== RESTORE_MAX.value) {
      o.report(`instant-restore snapshots are kept ${value}; for weekly policies the snapshot retention is fixed to ${quantity(RESTORE_MAX.value, RESTORE_MAX.unit)} (Azure VM backup): set instantRestoreDays to ${RESTORE_MAX.value}`, frequencyRelated, setNumberFix('instantRestoreDays', days.span, RESTORE_MAX.value, 'fixed for weekly policies'));
    }
    return;
  }
  if (days.value < RESTORE_MIN.value) {
    o.report(`instant-restore snapshots are kept ${value}; the minimum is ${quantity(RESTORE_MIN.value, RESTORE_MIN.unit)} (${RESTORE_MIN.appliesTo})`, [], clampFix('instantRestoreDays', days.span, RESTORE_MIN));
    return;
  }
  const capped = o.every !== undefined ? CAPPED[o.every] : undefined;
  const max = !o.enhanced ? RESTORE_MAX : (capped ?? RESTORE_MAX_ENHANCED);
  if (days.value <= max.value) {
    ctx.measure({ limit: max, value: days.value, span: days.span, path: o.path, what: 'instant-restore snapshot retention' });
    return;
  }
  const advice = !o.enhanced
    ? `keep at most ${max.value}, or use the enhanced policy (up to ${quantity(RESTORE_MAX_ENHANCED.value, RESTORE_MAX_ENHANCED.unit)}) for VMs new to Azure Backup`
    : capped
      ? `keep at most ${max.value}, or back up less often (up to ${quantity(RESTORE_MAX_ENHANCED.value, RESTORE_MAX_ENHANCED.unit)} every ${EVERY_HOURS.filter((h) => !CAPPED[h]).join(' or ')} hours)`
      : `keep at most ${max.value}`;
  const everyRelated: RelatedLocation[] = capped && vm?.everyHours ? [{ span: vm.everyHours.span, message: `a backup every ${quantity(vm.everyHours.value, 'hours')}` }] : [];
  o.report(`instant-restore snapshots are kept ${value}; the maximum is ${quantity(max.value, max.unit)} (${max.appliesTo}): ${advice}`, everyRelated, clampFix('instantRestoreDays', days.span, max));
}

export default defineRule({
  meta: {
    id: 'azure-vm-policy',
    description: 'An Azure VM backup policy should use a schedule and snapshot retention its policy type allows.',
    defaultSeverity: 'error',
    category: 'limits',
    limits: [RESTORE_MIN.id, RESTORE_MAX.id, RESTORE_MAX_ENHANCED.id, RESTORE_MAX_4H.id, RESTORE_MAX_6H.id, WINDOW_MIN.id, WINDOW_MAX.id],
    sources: [
      { ref: 'A15', quote: 'Maximum backup frequency to vault (Azure VM extension) / Once a day.' },
      {
        ref: 'A11',
        quote:
          'The default snapshot retention for each policy is set to two days. You can change the value to a minimum of 1 and a maximum of five days. For weekly policies, the snapshot retention is fixed to five days.',
      },
      {
        ref: 'A12',
        quote:
          '`$ScheduleInterval`: Defines the difference (in hours) between two successive backups per day. Currently, the acceptable values are *4*, *6*, *8* and *12*.',
      },
      {
        ref: 'A12',
        quote: 'Hourly backup has a minimum RPO of 4 hours and a maximum of 24 hours. You can set the backup schedule to 4, 6, 8, 12, and 24 hours respectively.',
      },
      { ref: 'T1', quote: '`instant_restore_retention_days` **must** be set to `5` if the backup frequency is set to `Weekly`.' },
    ],
    docs:
      'Applies to `azureVm` of policies followed by Azure VM backup workloads (and of policies no workload follows yet). The standard policy (the default) backs up daily or weekly and keeps instant-restore snapshots 1 to 5 days (default 2); weekly policies keep them exactly 5 days (A11; Terraform, T1, enforces the same for either policy type, and so does bplan). Hourly backups need `policyType: enhanced` (A12): `everyHours` 4, 6, 8 or 12 (the portal text also lists 24, which is a daily backup: use `frequency: daily`), a `windowHours` backup window of 4 to 23 hours (Microsoft\'s PowerShell documentation; the Terraform provider accepts up to 24, bplan applies 23), and snapshots kept 1 to 30 days, at most 17 days when backing up every 4 hours and 22 days every 6 hours. `everyHours` and `windowHours` on a policy that is not hourly are ignored and reported as a warning. A policy needs `online.times`: the time of the daily or weekly backup, or the start of the hourly backup window (rule online-frequency reports more than one time a day). An `azureVm` section on a policy that only MARS, DPM or MABS workloads follow is ignored, and reported as a warning.',
  },
  check(ctx) {
    for (const policy of ctx.plan.policies) {
      const firsts = firstUseByProduct(ctx, policy);
      const vmUse = firsts.get('azure-vm-backup');
      if (vmUse) {
        checkVmPolicy(ctx, policy, [describeUse(vmUse)]);
        continue;
      }
      const vm = policy.azureVm;
      if (!vm) continue;
      if (!firsts.size) {
        // A policy no workload follows yet: its azureVm section says it is meant for Azure VMs.
        checkVmPolicy(ctx, policy, []);
        continue;
      }
      const products = [...firsts.keys()].map((p) => PRODUCT_NAMES[p].short);
      ctx.report({
        severity: 'warning',
        span: vm.keySpan ?? vm.span,
        path: `${policy.path}.azureVm`,
        message: `policy "${policy.name?.value}" has Azure VM backup settings, but only workloads on ${listWords(products, 'and')} follow it: azureVm is ignored for them; remove it`,
        related: [...firsts.values()].map(describeUse),
      });
    }
  },
});

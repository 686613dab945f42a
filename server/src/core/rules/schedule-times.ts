import { fixOf, removeFlowItems, scalarText } from '../fixes';
import type { Policy } from '../model';
import { WORKLOAD_NAMES } from '../products';
import type { Located, RelatedLocation } from '../types';
import { diskGoalsApply, durationMinutes, formatMinutes, usesOf } from '../usage';
import { defineRule } from './define-rule';
import type { RuleContext } from './define-rule';

/** Minutes in a day (a property of the clock, not a product limit). */
const DAY = 24 * 60;
const WELL_FORMED = /^([01]\d|2[0-3]):[0-5]\d$/;
/** One-digit hours ("8:00") are read, to find duplicates and to say how to write them. */
const READABLE = /^(\d{1,2}):([0-5]\d)$/;

interface Time {
  readonly item: Located<string>;
  readonly index: number;
  /** Minutes after midnight. */
  readonly minutes: number;
}

function digitAt(text: string, i: number): number {
  const d = text.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
}

/** Minutes after midnight of a well-formed HH:MM (what nearly every plan writes), without a regular expression; else undefined. */
function clockMinutes(text: string): number | undefined {
  if (text.length !== 5 || text.charCodeAt(2) !== 58 /* : */) return undefined;
  const hours = digitAt(text, 0) * 10 + digitAt(text, 1);
  const minutes = digitAt(text, 3) * 10 + digitAt(text, 4);
  return hours <= 23 && minutes <= 59 ? hours * 60 + minutes : undefined;
}

function minutesOf(text: string): number | undefined {
  const m = READABLE.exec(text);
  if (!m) return undefined;
  const hours = Number(m[1]);
  return hours <= 23 ? hours * 60 + Number(m[2]) : undefined;
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * Checks one list of times: each malformed or duplicate item is reported once (a duplicate first,
 * since it is the bigger mistake). Returns the distinct times that are readable, in list order.
 */
function checkList(ctx: RuleContext, list: Located<readonly Located<string>[]>, path: string, what: string): Time[] {
  const seen = new Map<number, Time>();
  const out: Time[] = [];
  list.value.forEach((item, index) => {
    const clock = clockMinutes(item.value);
    const minutes = clock ?? minutesOf(item.value.trim());
    if (minutes !== undefined) {
      const first = seen.get(minutes);
      if (first) {
        const same = first.item.value === item.value ? '' : ` (as "${first.item.value}" and "${item.value}")`;
        const removal = removeFlowItems(ctx.text, list, index, index + 1);
        ctx.report({
          span: item.span,
          path: `${path}[${index}]`,
          message: `${what} ${hhmm(minutes)} is listed twice${same}: remove this one`,
          related: [{ span: first.item.span, message: 'first listed here' }],
          fixes: removal ? [fixOf(`Remove the duplicate ${hhmm(minutes)}`, removal)] : undefined,
        });
        return;
      }
    }
    if (clock === undefined && !WELL_FORMED.test(item.value)) {
      ctx.report({
        span: item.span,
        path: `${path}[${index}]`,
        message: `"${item.value}" is not a time of day as HH:MM on the 24-hour clock (00:00 to 23:59)${minutes !== undefined ? `: write "${hhmm(minutes)}"` : ''}`,
        fixes: minutes !== undefined ? [fixOf(`Write ${hhmm(minutes)}`, { span: item.span, newText: scalarText(hhmm(minutes), ctx.text.slice(item.span.start, item.span.end)) })] : undefined,
      });
    }
    if (minutes === undefined) return;
    const time = { item, index, minutes };
    seen.set(minutes, time);
    out.push(time);
  });
  return out;
}

/** Minutes from a to b going forward on the clock (through midnight if need be). */
function forward(a: number, b: number): number {
  return (b - a + DAY) % DAY;
}

/**
 * File data on DPM/MABS disk gets its recovery points from the replica, which only a synchronization
 * updates: recovery points closer together than the synchronization interval may hold the same data.
 */
function checkSyncSpacing(ctx: RuleContext, policy: Policy, points: readonly Time[]): void {
  const sync = policy.disk?.syncEvery;
  if (!sync || points.length < 2) return;
  const interval = durationMinutes(sync.value);
  if (interval === undefined) return;
  const fileUse = usesOf(ctx, policy).find((u) => (u.product === 'dpm' || u.product === 'mabs') && u.type === 'files');
  if (!fileUse) return;
  const sorted = [...points].sort((a, b) => a.minutes - b.minutes);
  sorted.forEach((time, i) => {
    // The first point of the day pairs with the last one of the day before, unless the replica is
    // synchronized only once a day: then every point after the first shares that day's sync.
    if (i === 0 && interval >= DAY) return;
    const previous = sorted[(i - 1 + sorted.length) % sorted.length]!;
    const gap = forward(previous.minutes, time.minutes);
    if (gap >= interval) return;
    const related: RelatedLocation[] = [
      { span: previous.item.span, message: `the recovery point before it, ${formatMinutes(gap)} earlier` },
      { span: sync.span, message: `the replica is synchronized every ${sync.value}` },
      { span: fileUse.workload.type!.span, message: `workload "${fileUse.workload.name?.value}" is ${WORKLOAD_NAMES.files}` },
    ];
    ctx.report({
      severity: 'warning',
      span: time.item.span,
      path: `${policy.path}.disk.recoveryPoints[${time.index}]`,
      message: `the disk recovery point at ${hhmm(time.minutes)} comes ${formatMinutes(gap)} after the one at ${hhmm(previous.minutes)}, less than the synchronization interval of ${formatMinutes(interval)}: the replica may not be synchronized between them, and this recovery point then holds the same data as the one before; space recovery points at least ${formatMinutes(interval)} apart, synchronize more often, or use syncEvery: before-recovery-point`,
      related,
    });
  });
}

/** bplan's advice: an online backup and a disk recovery point starting together compete for the replica. */
function checkCollisions(ctx: RuleContext, policy: Policy, online: readonly Time[], disk: readonly Time[]): void {
  for (const time of online) {
    const point = disk.find((d) => d.minutes === time.minutes);
    if (!point) continue;
    ctx.report({
      severity: 'warning',
      span: time.item.span,
      path: `${policy.path}.online.times[${time.index}]`,
      message: `the online backup at ${hhmm(time.minutes)} starts at the same time as a disk recovery point: the two jobs start together and compete for the same replica; stagger them, for example by an hour (bplan's advice)`,
      related: [{ span: point.item.span, message: `disk recovery point at ${hhmm(point.minutes)}` }],
    });
  }
}

export default defineRule({
  meta: {
    id: 'schedule-times',
    description: 'Times of day in a policy should be valid HH:MM times, listed once, and spaced so that each backup job can do its work.',
    defaultSeverity: 'error',
    category: 'correctness',
    limits: [],
    sources: [
      {
        ref: 'S7',
        quote:
          'You can change the synchronization frequency to any interval between 15 minutes and 24 hours. You can also select to synchronize just before a recovery point is created, rather than on a specified time schedule.',
      },
      {
        ref: 'S6',
        quote:
          'You can change the synchronization frequency to any interval between 15 minutes and 24 hours. You can also select to synchronize just before a recovery point is created, rather than on a specified time schedule.',
      },
    ],
    docs:
      'Checks `disk.recoveryPoints` and `online.times` of every policy. Each time is HH:MM on the 24-hour clock (`08:00`, not `8:00`, `8am` or `24:00`); a time listed twice (also `8:00` beside `08:00`) is reported on the second. For file data on DPM or MABS, recovery points are made from the replica, which a synchronization brings up to date every `syncEvery` (between 15 minutes and 24 hours, or just before each recovery point, S6/S7): two disk recovery points closer together than that interval may have no synchronization between them, and the later one then holds the same data (with `syncEvery: 4h`, points at 08:00 and 10:00 collapse). Space them at least one interval apart, or use `syncEvery: before-recovery-point`. Application data is not checked, since its recovery points are express full backups. Finally, an online backup time equal to a disk recovery point time of the same policy is reported: the two jobs start together and compete for the replica. That last check is bplan\'s advice, not a documented limit: stagger the two, for example by an hour. Malformed and duplicate times are errors; the two spacing checks are warnings.',
  },
  check(ctx) {
    for (const policy of ctx.plan.policies) {
      const points = policy.disk?.recoveryPoints;
      const times = policy.online?.times;
      const disk = points ? checkList(ctx, points, `${policy.path}.disk.recoveryPoints`, 'the disk recovery point time') : [];
      const online = times ? checkList(ctx, times, `${policy.path}.online.times`, 'the online backup time') : [];
      if (!points || !diskGoalsApply(ctx, policy)) continue;
      checkSyncSpacing(ctx, policy, disk);
      checkCollisions(ctx, policy, online, disk);
    }
  },
});

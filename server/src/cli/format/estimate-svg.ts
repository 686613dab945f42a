/**
 * The two inline SVG charts of the HTML estimate, drawn by hand (no chart library): a bar chart of
 * the storage pool (needed, capacity, the 1.5× minimum and the 2–3× recommended range) and the
 * scratch location (needed, free), and a line chart of the pool's use over the retention window.
 * Each SVG is `role="img"` with a <title> and a <desc> that say in words what it shows. All text is
 * escaped; coordinates are rounded to one decimal so the output is stable.
 */
import { sizing } from '../../core/sizing';
import type { ServerView } from './estimate-common';
import { num, size } from './estimate-common';

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const r1 = (n: number) => String(Math.round(n * 10) / 10);

export const COLOURS = {
  needed: '#2563eb',
  over: '#dc2626',
  available: '#64748b',
  band: '#bbf7d0',
  bandEdge: '#16a34a',
  minimum: '#b45309',
  grid: '#e2e8f0',
  axis: '#475569',
  text: '#0f172a',
  muted: '#475569',
};

/** Round steps (1, 2, 2.5, 5 × 10^k) from 0 past `max`. */
export function niceTicks(max: number, target = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let i = 0; i * step < max + step * 0.999; i++) ticks.push(Math.round(i * step * 1e6) / 1e6);
  if (ticks[ticks.length - 1]! < max) ticks.push(Math.round(ticks.length * step * 1e6) / 1e6);
  return ticks;
}

/** The display unit of an axis whose largest value is `maxGB`: TB from 1,000 GB, as `size` does. */
function axisUnit(maxGB: number): { unit: 'GB' | 'TB'; div: number } {
  return maxGB >= 1000 ? { unit: 'TB', div: 1024 } : { unit: 'GB', div: 1 };
}

/** A white outline behind a label, so it stays readable where it crosses a line. */
const HALO = 'stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"';

let ids = 0;
/** Resets the id counter, so each document numbers its charts from 1. */
export function resetChartIds(): void {
  ids = 0;
}

function open(cls: string, width: number, height: number, title: string, desc: string): string {
  const n = ++ids;
  return (
    `<svg class="chart ${cls}" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-labelledby="chart${n}-title chart${n}-desc" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="chart${n}-title">${esc(title)}</title><desc id="chart${n}-desc">${esc(desc)}</desc>`
  );
}

function text(x: number, y: number, s: string, attrs = ''): string {
  return `<text x="${r1(x)}" y="${r1(y)}"${attrs ? ` ${attrs}` : ''}>${esc(s)}</text>`;
}

interface Bar {
  readonly label: string;
  readonly GB: number | null;
  readonly colour: string;
  /** Shown when the value is unknown. */
  readonly unknown?: string;
}

interface Panel {
  readonly title: string;
  readonly bars: readonly Bar[];
  readonly minimumGB?: number | null;
  readonly range?: { readonly low: number | null; readonly high: number | null };
}

const W = 580;
const LEFT = 92;
const RIGHT = 24;
const BAR_H = 26;
const GAP = 10;

/** One horizontal bar panel with its own axis; returns the SVG fragment and its height. */
function panel(p: Panel, top: number): { svg: string; height: number } {
  const values = [...p.bars.map((b) => b.GB), p.minimumGB ?? null, p.range?.high ?? null].filter((v): v is number => v !== null && v > 0);
  const maxGB = Math.max(1, ...values);
  const { unit, div } = axisUnit(maxGB);
  const ticks = niceTicks((maxGB / div) * 1.12);
  const domain = ticks[ticks.length - 1]!;
  const plotW = W - LEFT - RIGHT;
  const x = (gb: number) => LEFT + (gb / div / domain) * plotW;
  const markTop = top + 30;
  const barsTop = markTop + 8;
  const barsBottom = barsTop + p.bars.length * (BAR_H + GAP) - GAP;
  const axisY = barsBottom + 10;
  const parts: string[] = [];
  parts.push(text(0, top + 14, p.title, `class="panel-title" font-weight="600" font-size="14" fill="${COLOURS.text}"`));

  // Grid and axis.
  for (const t of ticks) {
    const gx = LEFT + (t / domain) * plotW;
    parts.push(`<line x1="${r1(gx)}" y1="${r1(markTop)}" x2="${r1(gx)}" y2="${r1(axisY)}" stroke="${COLOURS.grid}" stroke-width="1"/>`);
    parts.push(text(gx, axisY + 16, num(t), `text-anchor="middle" font-size="11" fill="${COLOURS.muted}"`));
  }
  parts.push(`<line x1="${LEFT}" y1="${r1(axisY)}" x2="${r1(W - RIGHT)}" y2="${r1(axisY)}" stroke="${COLOURS.axis}" stroke-width="1"/>`);
  parts.push(text(LEFT + plotW / 2, axisY + 34, `${p.title}, ${unit}`, `class="axis-title" text-anchor="middle" font-size="12" fill="${COLOURS.muted}"`));

  // The rule-of-thumb range and minimum, behind the bars.
  if (p.range && p.range.low !== null && p.range.high !== null && p.range.high > 0) {
    const a = x(p.range.low);
    const b = x(p.range.high);
    parts.push(`<rect class="rule-range" x="${r1(a)}" y="${r1(markTop)}" width="${r1(b - a)}" height="${r1(axisY - markTop)}" fill="${COLOURS.band}" fill-opacity="0.55" stroke="${COLOURS.bandEdge}" stroke-opacity="0.5" stroke-dasharray="2 2"/>`);
    parts.push(
      text(a + 4, markTop - 4, `${sizing('pool-rule-of-thumb-recommended-low')}–${sizing('pool-rule-of-thumb-recommended-high')}× recommended`, `font-size="11" fill="#166534"`),
    );
  }
  if (p.minimumGB !== undefined && p.minimumGB !== null && p.minimumGB > 0) {
    const m = x(p.minimumGB);
    parts.push(`<line class="rule-minimum" x1="${r1(m)}" y1="${r1(markTop - 2)}" x2="${r1(m)}" y2="${r1(axisY)}" stroke="${COLOURS.minimum}" stroke-width="2" stroke-dasharray="5 3"/>`);
    parts.push(text(m - 4, markTop - 4, `${sizing('pool-rule-of-thumb-min')}× minimum`, `text-anchor="end" font-size="11" fill="${COLOURS.minimum}"`));
  }

  p.bars.forEach((bar, i) => {
    const y = barsTop + i * (BAR_H + GAP);
    parts.push(text(LEFT - 10, y + BAR_H / 2 + 4, bar.label, `text-anchor="end" font-size="12" fill="${COLOURS.text}"`));
    if (bar.GB === null) {
      parts.push(text(LEFT + 6, y + BAR_H / 2 + 4, bar.unknown ?? 'unknown', `font-size="12" font-style="italic" fill="${COLOURS.over}"`));
      return;
    }
    const w = Math.max(1, x(bar.GB) - LEFT);
    parts.push(`<rect class="bar" x="${LEFT}" y="${r1(y)}" width="${r1(w)}" height="${BAR_H}" rx="3" fill="${bar.colour}"><title>${esc(`${bar.label}: ${size(bar.GB)}`)}</title></rect>`);
    parts.push(text(LEFT + w + 6, y + BAR_H / 2 + 4, size(bar.GB), `font-size="12" font-weight="600" fill="${COLOURS.text}"`));
  });
  return { svg: parts.join(''), height: axisY + 44 - top };
}

/** The bar chart of a server: its pool (when it has one) and its scratch location (when it uses one). */
export function barChart(view: ServerView): string | undefined {
  const sp = view.server.storagePool;
  const scratch = view.server.scratch;
  const panels: Panel[] = [];
  const desc: string[] = [];
  if (sp) {
    const needed = sp.requiredGB.value;
    const over = needed !== null && sp.capacityGB !== null && needed > sp.capacityGB;
    panels.push({
      title: 'Storage pool',
      bars: [
        { label: 'needed', GB: needed, colour: over ? COLOURS.over : COLOURS.needed, unknown: 'unknown: see the working' },
        { label: 'capacity', GB: sp.capacityGB, colour: COLOURS.available, unknown: 'unknown: no pool disk sizes' },
      ],
      minimumGB: sp.ruleOfThumbMinGB.value,
      range: sp.ruleOfThumbRecommendedGB,
    });
    const p = view.pool!;
    desc.push(`Storage pool: needed ${p.needed}, capacity ${p.capacity}; rule of thumb ${p.minimum} minimum (1.5 times the protected data) and ${p.recommended} recommended (2 to 3 times).`);
  }
  if (!('notApplicable' in view.scratch)) {
    const needed = scratch.requiredGB.value;
    const over = needed !== null && scratch.freeGB !== null && needed > scratch.freeGB;
    panels.push({
      title: 'Scratch',
      bars: [
        { label: 'needed', GB: needed, colour: over ? COLOURS.over : COLOURS.needed, unknown: 'unknown: see the working' },
        { label: 'free', GB: scratch.freeGB, colour: COLOURS.available, unknown: 'unknown: no scratch.freeGB' },
      ],
    });
    desc.push(`Scratch location: needed ${view.scratch.needed}, free ${view.scratch.free}.`);
  }
  if (panels.length === 0) return undefined;
  let top = 4;
  const body: string[] = [];
  for (const p of panels) {
    const { svg, height } = panel(p, top);
    body.push(svg);
    top += height + 18;
  }
  const height = Math.round(top - 14);
  const title = `${view.name}: ${panels.map((p) => p.title.toLowerCase()).join(' and ')}, needed against available`;
  return `${open('chart-bars', W, height, title, desc.join(' '))}<g font-family="inherit">${body.join('')}</g></svg>`;
}

/** The line chart of the pool's use by day over the longest retention window of the server's workloads. */
export function growthChart(view: ServerView): string {
  const H = 330;
  const L = 64;
  const R = 24;
  const T = 34;
  const B = 60;
  const { points, excluded } = view.growth;
  const capacity = view.server.storagePool?.capacityGB ?? null;
  const title = `${view.name}: storage pool use over the retention window`;
  if (points.length === 0) {
    const why = excluded.length ? `no workload on disk has all its inputs (${excluded.join(', ')})` : 'no workload of this server keeps recovery points on disk';
    return `${open('chart-growth', W, 120, title, `No growth to show: ${why}.`)}${text(W / 2, 64, `No growth to show: ${why}.`, `text-anchor="middle" font-size="13" fill="${COLOURS.muted}"`)}</svg>`;
  }
  const maxDay = Math.max(1, points[points.length - 1]!.day);
  const maxGB = Math.max(1, ...points.map((p) => p.GB), capacity ?? 0);
  const { unit, div } = axisUnit(maxGB);
  const yTicks = niceTicks((maxGB / div) * 1.08);
  const yMax = yTicks[yTicks.length - 1]!;
  const xTicks = niceTicks(maxDay, 7).filter((t) => t <= maxDay || t === 0);
  if (xTicks[xTicks.length - 1] !== maxDay) xTicks.push(maxDay);
  const x = (day: number) => L + (day / maxDay) * (W - L - R);
  const y = (gb: number) => H - B - (gb / div / yMax) * (H - T - B);
  const parts: string[] = [];
  for (const t of yTicks) {
    parts.push(`<line x1="${L}" y1="${r1(y(t * div))}" x2="${W - R}" y2="${r1(y(t * div))}" stroke="${COLOURS.grid}"/>`);
    parts.push(text(L - 8, y(t * div) + 4, num(t), `text-anchor="end" font-size="11" fill="${COLOURS.muted}"`));
  }
  for (const t of xTicks) {
    // A tick squeezed against the last day would overlap its label.
    if (t !== maxDay && maxDay - t < maxDay / 14) continue;
    parts.push(`<line x1="${r1(x(t))}" y1="${H - B}" x2="${r1(x(t))}" y2="${H - B + 5}" stroke="${COLOURS.axis}"/>`);
    parts.push(text(x(t), H - B + 18, num(t), `text-anchor="middle" font-size="11" fill="${COLOURS.muted}"`));
  }
  parts.push(`<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="${COLOURS.axis}"/>`);
  parts.push(`<line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="${COLOURS.axis}"/>`);
  parts.push(text(L + (W - L - R) / 2, H - 14, 'Day of the retention window', `class="axis-title" text-anchor="middle" font-size="12" fill="${COLOURS.muted}"`));
  parts.push(
    text(0, 0, `Pool use, ${unit}`, `class="axis-title" text-anchor="middle" font-size="12" fill="${COLOURS.muted}" transform="translate(18 ${r1(T + (H - T - B) / 2)}) rotate(-90)"`),
  );

  if (capacity !== null) {
    const cy = y(capacity);
    parts.push(`<line class="capacity" x1="${L}" y1="${r1(cy)}" x2="${W - R}" y2="${r1(cy)}" stroke="${COLOURS.available}" stroke-width="1.5" stroke-dasharray="6 4"/>`);
    // At the left, where the rising line is lowest and the last point's label is far away.
    parts.push(text(L + 6, cy - 6, `capacity ${size(capacity)}`, `font-size="11" fill="${COLOURS.available}" ${HALO}`));
  }
  const line = points.map((p, i) => `${i ? 'L' : 'M'}${r1(x(p.day))} ${r1(y(p.GB))}`).join(' ');
  const area = `${line} L${r1(x(points[points.length - 1]!.day))} ${H - B} L${r1(x(points[0]!.day))} ${H - B} Z`;
  parts.push(`<path class="growth-area" d="${area}" fill="${COLOURS.needed}" fill-opacity="0.1"/>`);
  parts.push(`<path class="growth-line" d="${line}" fill="none" stroke="${COLOURS.needed}" stroke-width="2.5" stroke-linejoin="round"/>`);
  if (points.length <= 40) {
    for (const p of points) {
      parts.push(`<circle cx="${r1(x(p.day))}" cy="${r1(y(p.GB))}" r="2.5" fill="${COLOURS.needed}"><title>${esc(`day ${p.day}: ${size(p.GB)}`)}</title></circle>`);
    }
  }
  const first = points[0]!;
  const last = points[points.length - 1]!;
  // The line rises, so the first label sits below it (unless that would hit the axis) and the last above it.
  const firstY = y(first.GB) + 18 > H - B - 6 ? y(first.GB) - 10 : y(first.GB) + 18;
  parts.push(text(x(first.day) + 8, firstY, `day ${first.day}: ${size(first.GB)}`, `font-size="11" fill="${COLOURS.text}" ${HALO}`));
  // Above the last point, unless the capacity line runs through there: then above that line, or below the point.
  const clear = (ty: number) => ty > T + 10 && ty < H - B - 4 && (capacity === null || Math.abs(ty - 4 - y(capacity)) > 9);
  const lastY = [y(last.GB) - 10, ...(capacity !== null ? [y(capacity) - 8] : []), y(last.GB) + 20].find(clear) ?? y(last.GB) - 10;
  parts.push(text(x(last.day) - 6, lastY, `day ${last.day}: ${size(last.GB)}`, `text-anchor="end" font-size="11" font-weight="600" fill="${COLOURS.text}" ${HALO}`));
  parts.push(text(L, 18, `Pool use by day${excluded.length ? ` (without ${excluded.join(', ')}: inputs missing)` : ''}`, `font-size="13" font-weight="600" fill="${COLOURS.text}"`));

  const desc =
    `Pool use grows from ${size(first.GB)} on day ${first.day} (the replicas) to ${size(last.GB)} on day ${last.day}, ` +
    `the sum of each workload's replica plus its recovery point volume as it fills over its retention range` +
    `${capacity !== null ? `; the pool's capacity is ${size(capacity)}` : ''}` +
    `${excluded.length ? `; not included for missing inputs: ${excluded.join(', ')}` : ''}.`;
  return `${open('chart-growth', W, H, title, desc)}${parts.join('')}</svg>`;
}

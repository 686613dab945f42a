/**
 * `bplan estimate --format html`: one self-contained page (inline CSS, inline SVG; no scripts, fonts,
 * images or network). Per server: summary figures, a bar chart of pool and scratch needed against
 * what is there, a line chart of the pool's growth, the workload table and the numbered working.
 * A Content-Security-Policy forbids every fetch, so a browser that opens the file loads nothing else.
 * Every text that comes from the plan is escaped.
 */
import { sizing } from '../../core/sizing';
import type { FileEstimate, ServerView } from './estimate-common';
import { COLUMNS, hasUnknown, notApplicable, NUMERIC, num, planTotals, serverView, size } from './estimate-common';
import { barChart, esc, growthChart, resetChartIds } from './estimate-svg';

const CSS = `
:root { color-scheme: light; --text: #0f172a; --muted: #475569; --line: #e2e8f0; --soft: #f8fafc; --accent: #2563eb; --warn: #dc2626; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif; color: var(--text); background: #fff; }
header.page { padding: 28px 40px 20px; border-bottom: 1px solid var(--line); background: var(--soft); }
header.page h1 { margin: 0 0 4px; font-size: 24px; }
header.page p { margin: 0; color: var(--muted); }
main { padding: 8px 40px 40px; max-width: 1240px; }
h2 { font-size: 19px; margin: 32px 0 8px; padding-bottom: 6px; border-bottom: 2px solid var(--text); word-break: break-all; }
section.server { margin: 24px 0 36px; }
h3 { font-size: 18px; margin: 0 0 2px; }
h3 .label { font-weight: 400; color: var(--muted); font-size: 15px; margin-left: 8px; }
p.storage { margin: 0 0 14px; color: var(--muted); }
h4 { font-size: 15px; margin: 24px 0 8px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 12px; margin: 12px 0 20px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: #fff; }
.card .k { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.card .v { font-size: 20px; font-weight: 650; font-variant-numeric: tabular-nums; }
.card .s { font-size: 13px; color: var(--muted); }
.card.over .v { color: var(--warn); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 20px 36px; align-items: start; margin: 8px 0 8px; }
figure { margin: 0 0 12px; max-width: 580px; }
figure figcaption { font-size: 13px; color: var(--muted); margin-top: 2px; }
svg.chart { max-width: 100%; height: auto; display: block; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 13px; color: var(--muted); margin: 2px 0 0; padding: 0; list-style: none; }
.legend .sw { display: inline-block; width: 14px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
.legend .sw.line { height: 0; border-top: 2px dashed; border-radius: 0; vertical-align: middle; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 14px; font-variant-numeric: tabular-nums; }
th, td { padding: 6px 9px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
thead th { white-space: normal; vertical-align: bottom; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); background: var(--soft); }
td.n, th.n { text-align: right; }
tbody th { font-size: 14px; text-transform: none; letter-spacing: 0; color: inherit; background: none; font-weight: 600; }
td.unknown { color: var(--warn); font-weight: 600; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; background: var(--soft); padding: 1px 4px; border-radius: 4px; }
details.working { margin-top: 18px; border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; background: var(--soft); }
details.working summary { cursor: pointer; font-weight: 600; }
.working h5 { font-size: 14px; margin: 16px 0 4px; }
.working ol { margin: 0; padding-left: 2.6em; }
.working li { margin: 3px 0; }
.working .f { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 13px; overflow-wrap: anywhere; }
.working .src { font-size: 12px; color: var(--muted); margin-left: 6px; white-space: nowrap; }
.working ul.assumptions { margin: 4px 0 0; padding-left: 2.6em; font-size: 13px; color: var(--muted); }
.working .symbols { font-size: 13px; color: var(--muted); margin: 8px 0 0; padding-left: 1.2em; }
p.note { color: var(--muted); }
table.totals td:first-child { color: var(--muted); }
footer { padding: 16px 40px 32px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); }
`;

function card(key: string, value: string, sub: string, over = false): string {
  return `<div class="card${over ? ' over' : ''}"><div class="k">${esc(key)}</div><div class="v">${esc(value)}</div><div class="s">${esc(sub)}</div></div>`;
}

function percent(a: number | null, b: number | null): string {
  return a === null || b === null || b === 0 ? '' : ` (${num((a / b) * 100, 0)}\u00a0%)`;
}

/** A working line with its label ("replica", "pool needed") in bold. */
function workingHtml(line: string): string {
  const m = /^(.+?)( = |: )/.exec(line);
  return m ? `<b>${esc(m[1]!)}</b>${esc(line.slice(m[1]!.length))}` : esc(line);
}

function serverHtml(view: ServerView, anchor: string): string {
  const s = view.server;
  const out: string[] = [];
  out.push(`<section class="server" id="${esc(anchor)}">`);
  out.push(`<h3>${esc(view.name)}<span class="label">${esc(view.title)}</span></h3>`);
  if (view.storage) out.push(`<p class="storage">Storage: ${esc(view.storage)}</p>`);

  const cards: string[] = [];
  if (s.storagePool && view.pool) {
    const sp = s.storagePool;
    const over = sp.requiredGB.value !== null && sp.capacityGB !== null && sp.requiredGB.value > sp.capacityGB;
    cards.push(card('Pool needed', view.pool.needed, `of ${view.pool.capacity} capacity${percent(sp.requiredGB.value, sp.capacityGB)}`, over));
    cards.push(card('Pool rule of thumb', view.pool.minimum, `minimum (1.5×); ${view.pool.recommended} recommended`));
  }
  if ('notApplicable' in view.scratch) {
    cards.push(card('Scratch', 'not applicable', view.scratch.notApplicable));
  } else {
    const over = s.scratch.requiredGB.value !== null && s.scratch.freeGB !== null && s.scratch.requiredGB.value > s.scratch.freeGB;
    cards.push(card('Scratch needed', view.scratch.needed, `of ${view.scratch.free} free${percent(s.scratch.requiredGB.value, s.scratch.freeGB)}`, over));
  }
  const protectedGB = s.workloads.reduce<number | null>((sum, w) => (sum === null || w.sizeGB === null ? null : sum + w.sizeGB), 0);
  cards.push(card('Protected data', protectedGB === null ? '?' : size(protectedGB), `${s.workloads.length} workload${s.workloads.length === 1 ? '' : 's'}`));
  const toVault = s.workloads.filter((w) => !notApplicable(w.protectedInstances));
  const instances = toVault.reduce<number | null>((sum, w) => (sum === null || w.protectedInstances.value === null ? null : sum + w.protectedInstances.value), 0);
  cards.push(card('Protected instances', instances === null ? '?' : num(instances), `${toVault.length} workload${toVault.length === 1 ? '' : 's'} sent to the vault`));
  out.push(`<div class="cards">${cards.join('')}</div>`);

  const anyOver =
    (s.storagePool?.requiredGB.value ?? 0) > (s.storagePool?.capacityGB ?? Infinity) ||
    (s.scratch.requiredGB.value ?? 0) > (s.scratch.freeGB ?? Infinity);
  const charts: string[] = [];
  const bars = barChart(view);
  if (bars) {
    const legend = [
      `<li><span class="sw" style="background:#2563eb"></span>needed</li>`,
      `<li><span class="sw" style="background:#64748b"></span>${s.storagePool && !('notApplicable' in view.scratch) ? 'capacity / free' : s.storagePool ? 'capacity' : 'free'}</li>`,
      ...(s.storagePool
        ? [
            `<li><span class="sw line" style="border-color:#b45309"></span>${sizing('pool-rule-of-thumb-min')}× protected data (minimum)</li>`,
            `<li><span class="sw" style="background:#bbf7d0;border:1px dashed #16a34a"></span>${sizing('pool-rule-of-thumb-recommended-low')}–${sizing('pool-rule-of-thumb-recommended-high')}× protected data (recommended)</li>`,
          ]
        : []),
      ...(anyOver ? [`<li><span class="sw" style="background:#dc2626"></span>needed exceeds what is there</li>`] : []),
    ];
    charts.push(`<figure>${bars}<ul class="legend">${legend.join('')}</ul></figure>`);
  }
  if (s.storagePool) {
    const caption = view.growth.points.length
      ? `<figcaption>Each workload's pool use grows from its replica (day 0) by its recovery point volume spread over its retention range, and then stays full; the line is their sum.</figcaption>`
      : '';
    charts.push(`<figure>${growthChart(view)}${caption}</figure>`);
  }
  if (charts.length) out.push(`<div class="charts">${charts.join('')}</div>`);

  out.push('<h4>Workloads</h4>');
  if (view.rows.length) {
    const head = COLUMNS.map((c, i) => `<th scope="col"${NUMERIC[i] ? ' class="n"' : ''}>${esc(c)}</th>`).join('');
    const rows = view.rows.map(
      (r) =>
        `<tr>${r
          .map((c, i) => {
            const cls = [NUMERIC[i] ? 'n' : '', c === '?' || c.startsWith('? ') ? 'unknown' : ''].filter(Boolean).join(' ');
            const content = i === 0 ? `<th scope="row">${esc(c)}</th>` : undefined;
            return content ?? `<td${cls ? ` class="${cls}"` : ''}>${i === 1 && c !== '?' ? `<code>${esc(c)}</code>` : esc(c)}</td>`;
          })
          .join('')}</tr>`,
    );
    out.push(`<div class="table-wrap"><table class="workloads"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`);
  } else {
    out.push('<p class="note">No workloads.</p>');
  }

  out.push(`<details class="working" open><summary>Working: every number with its formula, inputs, assumptions and sources</summary>`);
  if (hasUnknown(view)) out.push('<p class="note">? in the table: unknown; the working says what is missing.</p>');
  if (view.legend.length) out.push(`<ul class="symbols">${view.legend.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`);
  for (const g of view.working) {
    out.push(`<h5>${esc(g.title)}</h5>`);
    out.push(
      `<ol start="${g.items[0]?.n ?? 1}">${g.items
        .map((i) => `<li><span class="f">${workingHtml(i.text)}</span>${i.sources.length ? `<span class="src">[${esc(i.sources.join(', '))}]</span>` : ''}</li>`)
        .join('')}</ol>`,
    );
    if (g.assumptions.length) {
      out.push(`<ul class="assumptions">${g.assumptions.map((a) => `<li>assumption (${a.items.join(', ')}): ${esc(a.text)}</li>`).join('')}</ul>`);
    }
  }
  out.push('</details>');
  out.push('</section>');
  return out.join('\n');
}

export function formatEstimateHtml(files: readonly FileEstimate[]): string {
  resetChartIds();
  const body: string[] = [];
  files.forEach((f, fi) => {
    body.push(`<section class="file">`, `<h2>${esc(f.file)}</h2>`);
    if (f.note) body.push(`<p class="note">No estimate: ${esc(f.note)}</p>`);
    else if (f.estimate.servers.length === 0) body.push('<p class="note">No servers to estimate.</p>');
    else {
      f.estimate.servers.forEach((server, si) => body.push(serverHtml(serverView(server), `f${fi + 1}-s${si + 1}`)));
      const totals = planTotals(f.estimate)
        .map(([k, v]) => `<tr><td>${esc(k)}</td><td class="n">${esc(v)}</td></tr>`)
        .join('');
      body.push(`<h4>Plan totals</h4><table class="totals"><tbody>${totals}</tbody></table>`);
    }
    body.push('</section>');
  });
  const names = files.map((f) => f.file).join(', ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(`bplan estimate — ${names || 'no plans'}`)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="page"><h1>Backup plan estimate</h1><p>${esc(names || 'no plans')}</p></header>
<main>
${body.join('\n')}
</main>
<footer>Sizes in GB below 1,000 GB and in TB (1 TB = 1,024 GB) from 1,000 GB. Estimates are for planning; <code>bplan lint</code> checks the plan against the documented limits. Sources are the refs of bplan's limits catalogue (<code>bplan limits</code>).</footer>
</body>
</html>
`;
}

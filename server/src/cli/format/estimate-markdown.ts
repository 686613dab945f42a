/**
 * `bplan estimate --format markdown`: the table format's content as GitHub-flavoured Markdown, for
 * pull-request comments. The working sits in a collapsed <details> block under each server. Text
 * from the plan is escaped, so a name cannot inject Markdown or HTML.
 */
import { markdownEscape as md } from '../../core/text';
import { sizing } from '../../core/sizing';
import type { FileEstimate, ServerView } from './estimate-common';
import { COLUMNS, hasUnknown, NUMERIC, planTotals, serverView } from './estimate-common';


function table(header: readonly string[], numeric: readonly boolean[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.map(md).join(' | ')} |`,
    `| ${header.map((_, i) => (numeric[i] ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(md).join(' | ')} |`),
  ];
}

function serverMarkdown(view: ServerView): string[] {
  const out = [`### ${md(view.name)} — ${md(view.title)}${view.storage ? ` · ${md(view.storage)}` : ''}`, ''];
  if (view.rows.length) out.push(...table([...COLUMNS].map((c) => c.toLowerCase().replace(/rps/g, 'RPs').replace(/^rp /, 'RP ')), [...NUMERIC], view.rows));
  else out.push('No workloads.');
  out.push('');
  const rows: string[][] = [];
  if (view.pool) {
    const p = view.pool;
    rows.push([
      'storage pool',
      p.needed,
      p.capacity,
      p.headroom,
      `${p.minimum} minimum (${sizing('pool-rule-of-thumb-min')}×), ${p.recommended} recommended (${sizing('pool-rule-of-thumb-recommended-low')}–${sizing('pool-rule-of-thumb-recommended-high')}×)`,
    ]);
  }
  if ('notApplicable' in view.scratch) rows.push(['scratch', '—', '—', '—', `not applicable: ${view.scratch.notApplicable}`]);
  else rows.push(['scratch', view.scratch.needed, view.scratch.free, view.scratch.headroom, '']);
  out.push(...table(['', 'needed', 'available', 'headroom', 'rule of thumb'], [false, true, true, true, false], rows), '');

  out.push('<details><summary>Working</summary>', '');
  if (hasUnknown(view)) out.push('? in the tables: unknown; the working says what is missing.', '');
  if (view.legend.length) out.push(`Symbols: ${view.legend.map(md).join('; ')}.`, '');
  for (const g of view.working) {
    out.push(`**${md(g.title)}**`, '');
    for (const item of g.items) out.push(`${item.n}. ${md(item.text)}${item.sources.length ? ` — sources: ${md(item.sources.join(', '))}` : ''}`);
    out.push('');
    if (g.assumptions.length) {
      for (const a of g.assumptions) out.push(`- *assumption (${a.items.join(', ')}):* ${md(a.text)}`);
      out.push('');
    }
  }
  out.push('</details>', '');
  return out;
}

export function formatEstimateMarkdown(files: readonly FileEstimate[]): string {
  const out: string[] = [];
  for (const f of files) {
    out.push(`## ${md(f.file)}`, '');
    if (f.note) {
      out.push(`No estimate: ${md(f.note)}`, '');
      continue;
    }
    if (f.estimate.servers.length === 0) {
      out.push('No servers to estimate.', '');
      continue;
    }
    for (const server of f.estimate.servers) out.push(...serverMarkdown(serverView(server)));
    out.push('#### Plan totals', '', ...table(['total', 'value'], [false, true], planTotals(f.estimate)), '');
  }
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

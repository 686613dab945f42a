/**
 * `bplan estimate --format table` (the default): per file and server, the workloads as an aligned
 * table, the server's pool and scratch against what it has, and a numbered working list; then the
 * plan totals. Plain text, no colour.
 */
import { printable } from '../report';
import { sizing } from '../../core/sizing';
import type { FileEstimate, ServerView, WorkingGroup } from './estimate-common';
import { COLUMNS, hasUnknown, NUMERIC, planTotals, serverView } from './estimate-common';

/** Rows as aligned columns: numbers right-aligned, two spaces between columns, no trailing spaces. */
export function alignTable(rows: readonly (readonly string[])[], numeric: readonly boolean[], indent = '  '): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  return rows.map((r, ri) =>
    (
      indent +
      r
        .map((c, i) => {
          const pad = widths[i]! - [...c].length;
          return numeric[i] && ri > 0 ? ' '.repeat(pad) + c : c + ' '.repeat(pad);
        })
        .join('  ')
    ).trimEnd(),
  );
}

export function workingLines(groups: readonly WorkingGroup[], indent: string): string[] {
  const width = String(Math.max(0, ...groups.flatMap((g) => g.items.map((i) => i.n)))).length;
  const out: string[] = [];
  for (const g of groups) {
    out.push(`${indent}${g.title}`);
    for (const item of g.items) {
      const refs = item.sources.length ? `  [${item.sources.join(', ')}]` : '';
      out.push(`${indent}  ${String(item.n).padStart(width)}. ${item.text}${refs}`);
    }
    for (const a of g.assumptions) out.push(`${indent}  ${' '.repeat(width)}  assumption (${a.items.join(', ')}): ${a.text}`);
  }
  return out;
}

function serverLines(view: ServerView): string[] {
  const out = [`${view.name}  ${view.title}${view.storage ? ` · ${view.storage}` : ''}`, ''];
  if (view.rows.length) out.push(...alignTable([[...COLUMNS], ...view.rows], [...NUMERIC]));
  else out.push('  no workloads');
  out.push('');
  const label = (s: string) => `  ${s.padEnd(12)}  `;
  if (view.pool) {
    const p = view.pool;
    out.push(`${label('storage pool')}needed ${p.needed} · capacity ${p.capacity} · headroom ${p.headroom}`);
    out.push(
      `${label('')}rule of thumb: ${p.minimum} minimum (${sizing('pool-rule-of-thumb-min')}×), ${p.recommended} recommended (${sizing('pool-rule-of-thumb-recommended-low')}–${sizing('pool-rule-of-thumb-recommended-high')}×)`,
    );
  }
  if ('notApplicable' in view.scratch) out.push(`${label('scratch')}not applicable: ${view.scratch.notApplicable}`);
  else out.push(`${label('scratch')}needed ${view.scratch.needed} · free ${view.scratch.free} · headroom ${view.scratch.headroom}`);
  out.push('');
  out.push(`  Working${hasUnknown(view) ? ' (? in the table: unknown, the working says what is missing)' : ''}`);
  for (const l of view.legend) out.push(`    ${l}`);
  out.push(...workingLines(view.working, '    '));
  return out;
}

export function formatEstimateTable(files: readonly FileEstimate[]): string {
  const out: string[] = [];
  for (const f of files) {
    if (out.length) out.push('');
    out.push(f.file, '='.repeat(Math.max(8, [...f.file].length)), '');
    if (f.note) {
      out.push(`no estimate: ${f.note}`);
      continue;
    }
    if (f.estimate.servers.length === 0) {
      out.push('no servers to estimate');
      continue;
    }
    for (const server of f.estimate.servers) {
      out.push(...serverLines(serverView(server)), '');
    }
    out.push('Plan totals');
    const totals = planTotals(f.estimate);
    const w = Math.max(...totals.map(([k]) => k.length));
    for (const [k, v] of totals) out.push(`  ${k.padEnd(w)}  ${v}`);
  }
  // Names come from the plan: control characters in them must not reach the terminal as such.
  return out.map(printable).join('\n') + '\n';
}

import { findLimit } from './limits';
import { quantity } from './text';
import type { Rule } from './rules';
import type { Limit, LimitSource } from './types';

/** Where a source ref points, in words: seeds are shipped documents, other refs are product-limits.md keys. */
export function sourceLabel(source: LimitSource): string {
  return source.ref.startsWith('seed ') ? `${source.ref} (shared/seeds)` : `${source.ref} (product-limits.md)`;
}

export function ruleLimits(rule: Rule): Limit[] {
  return rule.meta.limits.map((id) => findLimit(id)).filter((l): l is Limit => l !== undefined);
}

/** "at most 64 recovery points" */
export function limitText(l: Limit): string {
  return `${l.bound === 'min' ? 'at least' : 'at most'} ${quantity(l.value, l.unit)}`;
}

/** Plain-text help for a rule: what it checks, each limit with its source and quote. */
export function ruleHelpText(rule: Rule): string {
  const lines = [rule.meta.description];
  if (rule.meta.docs) lines.push('', rule.meta.docs.replace(/`/g, ''));
  const limits = ruleLimits(rule);
  if (limits.length) {
    lines.push('', 'Limits:');
    for (const l of limits) {
      lines.push(`- ${l.id}: ${limitText(l)} (${l.appliesTo})`);
      for (const s of l.sources) lines.push(`    ${sourceLabel(s)}: "${s.quote}"`);
      if (l.note) lines.push(`    Note: ${l.note}`);
    }
  }
  for (const s of rule.meta.sources ?? []) lines.push(`Source: ${sourceLabel(s)}: "${s.quote}"`);
  lines.push('', `Documentation: ${rule.meta.docsUrl}`);
  return lines.join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Markdown help for a rule (SARIF help.markdown, the rules reference). */
export function ruleHelpMarkdown(rule: Rule, headingLevel = 0): string {
  const out: string[] = [];
  if (headingLevel) out.push(`${'#'.repeat(headingLevel)} ${rule.meta.id}`, '');
  out.push(rule.meta.description, '');
  out.push(`Default severity: **${rule.meta.defaultSeverity}** · category: ${rule.meta.category}`, '');
  if (rule.meta.docs) out.push(rule.meta.docs, '');
  const limits = ruleLimits(rule);
  if (limits.length) {
    out.push('| limit | value | applies to | products | source |', '| --- | --- | --- | --- | --- |');
    for (const l of limits) {
      const sources = l.sources.map((s) => `${sourceLabel(s)}: “${escapeCell(s.quote)}”`).join('<br>');
      const products = l.products.map((p) => `\`${p}\``).join(', ');
      out.push(`| \`${l.id}\` | ${limitText(l)} | ${escapeCell(l.appliesTo)} | ${products} | ${sources} |`);
    }
    out.push('');
    for (const l of limits) {
      if (l.note) out.push(`> **Sources disagree (${l.id}).** ${l.note}`, '');
      else if (l.alternatives?.length) {
        const alt = l.alternatives.map((a) => `${a.value} ${l.unit} (${a.sources.map((s) => s.ref).join(', ')}): ${a.why}`).join('; ');
        out.push(`> **Other values (${l.id}).** ${alt}.`, '');
      }
    }
  }
  const options = Object.entries(rule.meta.options ?? {});
  if (options.length) {
    out.push('Options (in `bplan.config.yaml`, under `rules.' + rule.meta.id + '.options`):', '');
    for (const [name, o] of options) {
      out.push(`- \`${name}\`${o.enum ? ` (${o.enum.map((v) => `\`${v}\``).join(' \\| ')})` : ''}, default \`${o.default}\`: ${o.description}`);
    }
    out.push('');
  }
  if (rule.meta.sources?.length) {
    out.push('Sources:', '');
    for (const s of rule.meta.sources) out.push(`- ${sourceLabel(s)}: “${s.quote}”`);
    out.push('');
  }
  return out.join('\n');
}

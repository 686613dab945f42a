import { findLimit } from './limits';
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
  return `${l.bound === 'min' ? 'at least' : 'at most'} ${l.value} ${l.unit}`;
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
    out.push('| limit | value | applies to | source |', '| --- | ---: | --- | --- |');
    for (const l of limits) {
      const sources = l.sources.map((s) => `${sourceLabel(s)}: “${escapeCell(s.quote)}”`).join('<br>');
      out.push(`| \`${l.id}\` | ${limitText(l)} | ${escapeCell(l.appliesTo)} | ${sources} |`);
    }
    out.push('');
    for (const l of limits) if (l.note) out.push(`> **Sources disagree (${l.id}).** ${l.note}`, '');
  }
  if (rule.meta.sources?.length) {
    out.push('Sources:', '');
    for (const s of rule.meta.sources) out.push(`- ${sourceLabel(s)}: “${s.quote}”`);
    out.push('');
  }
  return out.join('\n');
}

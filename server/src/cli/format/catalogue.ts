import { LIMITS, RULES } from '../../core';
import type { Limit, Product, Rule } from '../../core';
import { limitApplies } from '../../core/products';
import { limitText, ruleHelpMarkdown, ruleLimits, sourceLabel } from '../../core/rule-docs';

/** Every source of a rule: its own and those of the limits it enforces. */
export function ruleSources(rule: Rule) {
  return [...(rule.meta.sources ?? []), ...ruleLimits(rule).flatMap((l) => l.sources)];
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

export function formatRules(format: string): string {
  if (format === 'json') {
    const rules = RULES.map((rule) => ({
      id: rule.meta.id,
      description: rule.meta.description,
      defaultSeverity: rule.meta.defaultSeverity,
      category: rule.meta.category,
      docsUrl: rule.meta.docsUrl,
      limits: ruleLimits(rule).map((l) => ({ id: l.id, bound: l.bound, value: l.value, unit: l.unit, products: l.products, appliesTo: l.appliesTo })),
      sources: ruleSources(rule).map((s) => ({ ref: s.ref, quote: s.quote })),
      options: rule.meta.options ?? {},
    }));
    return JSON.stringify({ version: 1, rules }, null, 2) + '\n';
  }
  if (format === 'markdown') return RULES.map((r) => ruleHelpMarkdown(r, 2)).join('\n');
  return table([
    ['RULE', 'DEFAULT', 'DESCRIPTION'],
    ...RULES.map((r) => [r.meta.id, r.meta.defaultSeverity, r.meta.description]),
  ]);
}

export function selectLimits(product: Product | undefined, version: string | undefined): Limit[] {
  return LIMITS.filter((l) => !product || limitApplies(l, product, version) || l.products.includes('*'));
}

export function formatLimits(limits: readonly Limit[], format: string): string {
  const enforcedBy = (l: Limit) => RULES.filter((r) => r.meta.limits.includes(l.id)).map((r) => r.meta.id);
  if (format === 'json') {
    return (
      JSON.stringify(
        { version: 1, limits: limits.map((l) => ({ ...l, enforcedBy: enforcedBy(l) })) },
        null,
        2,
      ) + '\n'
    );
  }
  if (format === 'markdown') {
    const out = ['| limit | value | applies to | products | rule | source |', '| --- | --- | --- | --- | --- | --- |'];
    for (const l of limits) {
      const sources = l.sources.map((s) => `${sourceLabel(s)}: “${s.quote.replace(/\|/g, '\\|')}”`).join('<br>');
      const alternatives = (l.alternatives ?? [])
        .map((a) => `<br>*Alternative:* ${a.value} ${l.unit} (${a.sources.map((s) => s.ref).join(', ')}): ${a.why}`)
        .join('');
      out.push(
        `| \`${l.id}\` | ${limitText(l)} | ${l.appliesTo} | ${l.products.map((p) => `\`${p}\``).join(', ')} | ${enforcedBy(l).map((r) => `\`${r}\``).join(', ')} | ${sources}${alternatives} |`,
      );
    }
    return out.join('\n') + '\n';
  }
  return table([
    ['LIMIT', 'VALUE', 'PRODUCTS', 'SOURCE'],
    ...limits.map((l) => [l.id, limitText(l), l.products.join(','), l.sources.map((s) => s.ref).join(', ')]),
  ]);
}

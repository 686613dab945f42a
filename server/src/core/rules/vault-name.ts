import { fixOf, scalarText } from '../fixes';
import { limit } from '../limits';
import { defineRule } from './define-rule';

const MIN = limit('vault-name-min-length');
const MAX = limit('vault-name-max-length');

/**
 * A valid name derived from the written one: each run of other characters becomes a hyphen, a name
 * starting with a digit gets the `rsv-` prefix, and the result is cut to the length limit.
 * Undefined where too little is left (fewer than the minimum of characters).
 */
export function validVaultName(value: string): string | undefined {
  let name = value.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  if (/^[0-9]/.test(name)) name = `rsv-${name}`;
  name = name.slice(0, MAX.value).replace(/-+$/, '');
  return name.length >= MIN.value ? name : undefined;
}

export default defineRule({
  meta: {
    id: 'vault-name',
    description: 'The vault name should be 2 to 50 characters, start with a letter and hold only letters, digits and hyphens.',
    defaultSeverity: 'error',
    category: 'limits',
    limits: [MIN.id, MAX.id],
    docs: 'Azure rejects any other name when the vault is created. The name must also be unique in the subscription, which bplan cannot check.',
  },
  check(ctx) {
    const name = ctx.plan.vault?.name;
    if (!name) return;
    const value = name.value;
    const length = [...value].length;
    const problems: string[] = [];
    if (length < MIN.value || length > MAX.value) {
      problems.push(`is ${length} character${length === 1 ? '' : 's'} long; vault names are ${MIN.value} to ${MAX.value} characters`);
    }
    if (!/^[A-Za-z]/.test(value)) problems.push('must start with a letter');
    const bad = [...new Set([...value].filter((c) => !/[A-Za-z0-9-]/.test(c)))];
    if (bad.length) problems.push(`may hold only letters, digits and hyphens, not ${bad.map((c) => JSON.stringify(c)).join(' ')}`);
    if (!problems.length) return;
    const valid = validVaultName(value);
    ctx.report({
      span: name.span,
      path: 'vault.name',
      message: `vault name "${value}" ${problems.join(', and ')} (${MIN.appliesTo}, all regions)`,
      fixes: valid ? [fixOf(`Rename the vault to ${valid}`, { span: name.span, newText: scalarText(valid, ctx.text.slice(name.span.start, name.span.end)) })] : undefined,
    });
  },
});

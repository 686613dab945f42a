import { limit } from '../limits';
import { defineRule } from './define-rule';

const MIN = limit('vault-name-min-length');
const MAX = limit('vault-name-max-length');

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
    ctx.report({
      span: name.span,
      path: 'vault.name',
      message: `vault name "${value}" ${problems.join(', and ')} (${MIN.appliesTo}, all regions)`,
    });
  },
});

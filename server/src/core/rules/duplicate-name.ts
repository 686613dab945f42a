import type { Entity } from '../model';
import { defineRule } from './define-rule';

export default defineRule({
  meta: {
    id: 'duplicate-name',
    description: 'Each server, workload and policy should have a name of its own.',
    defaultSeverity: 'error',
    category: 'correctness',
    limits: [],
    sources: [
      {
        ref: 'docs/format.md',
        quote: 'Workloads refer to servers and policies by name: each name must be unique within its list, and each reference must name an item defined in the plan.',
      },
    ],
    docs:
      'Workloads refer to servers and policies by name, so two items of one kind with the same name make the plan ambiguous. The finding sits on the second name and points at the first.',
  },
  check(ctx) {
    const kinds: [string, readonly Entity[]][] = [
      ['server', ctx.plan.servers],
      ['workload', ctx.plan.workloads],
      ['policy', ctx.plan.policies],
    ];
    for (const [kind, items] of kinds) {
      const first = new Map<string, Entity>();
      for (const item of items) {
        if (!item.name) continue;
        const earlier = first.get(item.name.value);
        if (!earlier?.name) {
          first.set(item.name.value, item);
          continue;
        }
        ctx.report({
          span: item.name.span,
          path: `${item.path.replace(/\[[^\]]*\]$/, '')}[${item.index}].name`,
          message: `another ${kind} is already named "${item.name.value}"; give each ${kind} a name of its own`,
          related: [{ span: earlier.name.span, message: `the first ${kind} named "${item.name.value}"` }],
        });
      }
    }
  },
});

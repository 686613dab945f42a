import type { Entity } from '../model';
import type { Located } from '../types';
import { workloadNamesakes } from '../usage';
import { defineRule } from './define-rule';

type Named = Entity & { readonly name: Located<string> };

function isNamed(item: Entity): item is Named {
  return item.name !== undefined;
}

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
    const report = (kind: string, item: Named, earlier: Named) =>
      ctx.report({
        span: item.name.span,
        path: `${item.path.replace(/\[[^\]]*\]$/, '')}[${item.index}].name`,
        message: `another ${kind} is already named "${item.name.value}"; give each ${kind} a name of its own`,
        related: [{ span: earlier.name.span, message: `the first ${kind} named "${item.name.value}"` }],
      });
    const byFirstName = (kind: string, items: readonly Entity[]) => {
      const first = new Map<string, Named>();
      for (const item of items) {
        if (!isNamed(item)) continue;
        const earlier = first.get(item.name.value);
        if (earlier) report(kind, item, earlier);
        else first.set(item.name.value, item);
      }
    };
    byFirstName('server', ctx.plan.servers);
    // Workloads are many: the plan's index already found those that share a name.
    for (const { workload, first } of workloadNamesakes(ctx)) report('workload', workload, first);
    byFirstName('policy', ctx.plan.policies);
  },
});

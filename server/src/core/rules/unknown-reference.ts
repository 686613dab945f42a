import { fixOf, scalarText } from '../fixes';
import type { Entity, Workload } from '../model';
import { closeMatches } from '../text';
import type { Located } from '../types';
import { workloadRefs } from '../usage';
import { defineRule } from './define-rule';

export default defineRule({
  meta: {
    id: 'unknown-reference',
    description: "A workload's server and policy should name a server and a policy defined in the plan.",
    defaultSeverity: 'error',
    category: 'correctness',
    limits: [],
    sources: [
      {
        ref: 'docs/format.md',
        quote: 'Workloads refer to servers and policies by name: each name must be unique within its list, and each reference must name an item defined in the plan.',
      },
    ],
    docs: 'The message suggests the closest defined name when one is close enough to be a typo.',
  },
  check(ctx) {
    const check = (ref: Located<string> | undefined, kind: 'server' | 'policy', defined: ReadonlyMap<string, Entity>, workload: Workload) => {
      if (!ref || defined.has(ref.value)) return;
      const owner = workload.name?.value ?? String(workload.index);
      const candidates = closeMatches(ref.value, [...defined.keys()]);
      const suggestion = candidates[0];
      const source = ctx.text.slice(ref.span.start, ref.span.end);
      const target = suggestion ? defined.get(suggestion) : undefined;
      const known = [...defined.keys()];
      ctx.report({
        span: ref.span,
        path: `${workload.path}.${kind}`,
        message: `workload "${owner}" names ${kind} "${ref.value}", which is not defined in the plan${
          suggestion ? `; did you mean "${suggestion}"?` : known.length ? `; defined ${kind === 'policy' ? 'policies' : 'servers'}: ${known.slice(0, 10).join(', ')}` : `; the plan defines no ${kind === 'policy' ? 'policies' : 'servers'}`
        }`,
        related: target?.name ? [{ span: target.name.span, message: `the ${kind} "${suggestion}"` }] : undefined,
        // One fix per likely name, the closest preferred.
        fixes: candidates.map((name, i) => fixOf(`Change ${kind} to "${name}"`, { span: ref.span, newText: scalarText(name, source) }, i === 0)),
      });
    };
    // Only a reference that did not resolve can be unknown.
    for (const { workload, server, policy } of workloadRefs(ctx)) {
      if (!server) check(workload.server, 'server', ctx.serversByName, workload);
      if (!policy) check(workload.policy, 'policy', ctx.policiesByName, workload);
    }
  },
});

import { defineRule } from './define-rule';

export default defineRule({
  meta: {
    id: 'schema',
    description: 'The plan should match the plan format: known keys, the right types, valid values and every required key.',
    defaultSeverity: 'error',
    category: 'structure',
    limits: [],
    sources: [
      {
        ref: 'docs/format.md',
        quote: 'The JSON Schema [`schemas/bplan.schema.json`](../schemas/bplan.schema.json) is the one structural truth: bplan validates with it, and any YAML editor can use it',
      },
    ],
    docs:
      'Checks the plan against `schemas/bplan.schema.json`, the same JSON Schema editors use. Unknown keys are reported with the closest known key ("did you mean"). Messages name the key by its path in the plan (for example `servers[mabs01].version`), never by a JSON Schema keyword.',
  },
  check(ctx) {
    for (const problem of ctx.schemaProblems) ctx.report(problem);
  },
});

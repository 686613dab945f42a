import { round } from '../estimate';
import { sizingConstant } from '../sizing';
import { defineRule } from './define-rule';

export default defineRule({
  meta: {
    id: 'scratch-too-small',
    description: 'The scratch (cache) location should have free space of at least 5 % of the data backed up to the vault.',
    defaultSeverity: 'error',
    category: 'limits',
    limits: [],
    sources: [...sizingConstant('scratch-fraction').sources, ...sizingConstant('mars-system-state-extra-min').sources],
    docs:
      'Scratch space needed = 5 % of the data the server sends to the vault (the size of its workloads whose policy has online goals), plus 30 GB on a MARS machine that backs up System State (30–35 GB, A5). The MARS agent matrix of 2019 and later asks for 5 to 10 %; bplan applies the seeds\' 5 % as the minimum. Checked against `scratch.freeGB`; a server that gives no free space is not checked, and one whose workloads lack a size is not either (`bplan estimate` says what is missing).',
  },
  check(ctx) {
    for (const server of ctx.estimates.servers) {
      const { requiredGB, freeGB } = server.scratch;
      const required = requiredGB.value;
      if (freeGB === null || required === null || required <= 0) continue;
      const model = ctx.serversByName.get(server.name);
      const free = model?.scratchFreeGB;
      if (!free) continue;
      if (freeGB < required) {
        ctx.report({
          span: free.span,
          path: `${server.path}.scratch.freeGB`,
          message: `scratch free space on server "${server.name}" (${server.label}) is ${round(freeGB)} GB; it needs at least ${round(required)} GB (${requiredGB.formula}, of ${requiredGB.inputs.vaultGB} GB): free ${round(required - freeGB)} GB more, or move the scratch location`,
        });
      }
    }
  },
});

import type { LimitSource } from '../types';
import { defineRule } from './define-rule';

const LOCAL_ONLY: LimitSource = { ref: 'seed 001', quote: 'No, Microsoft Azure Backup server can only use a local SQL Server instance.' };
const NOT_REMOTE: LimitSource = {
  ref: 'seed 002',
  quote: 'Azure Backup Server will not work with a remote SQL Server instance. The instance being used by Azure Backup Server needs to be local.',
};

export default defineRule({
  meta: {
    id: 'mabs-remote-sql',
    description: 'Azure Backup Server should use a local SQL Server instance.',
    defaultSeverity: 'error',
    category: 'correctness',
    limits: [],
    sources: [LOCAL_ONLY, NOT_REMOTE],
    docs:
      'Reported when a MABS server has `sql: remote`. Unlike DPM, Azure Backup Server works only with a SQL Server instance on the MABS machine itself (seed 001, seed 002; the v3 install page A8 says the same). Let MABS setup install its own instance, or use an existing local one.',
  },
  check(ctx) {
    for (const server of ctx.plan.servers) {
      if (server.product?.value !== 'mabs' || server.sql?.value !== 'remote') continue;
      ctx.report({
        span: server.sql.span,
        path: `${server.path}.sql`,
        message: `Azure Backup Server works only with a local SQL Server instance (${NOT_REMOTE.ref}), and sql is remote: let MABS setup install its own instance, or use an existing instance on the MABS machine`,
        related: [{ span: server.product.span, message: `server "${server.name?.value}" runs Azure Backup Server` }],
      });
    }
  },
});

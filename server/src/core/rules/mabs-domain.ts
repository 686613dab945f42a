import type { LimitSource } from '../types';
import { defineRule } from './define-rule';

const MUST_JOIN: LimitSource = { ref: 'seed 001', quote: 'Microsoft Azure Backup server must be domain joined.' };
const NO_MOVE: LimitSource = {
  ref: 'seed 001',
  quote: 'No, moving Microsoft Azure Backup server to a new domain post deployment is **not** supported.',
};
const JOIN_FIRST: LimitSource = {
  ref: 'seed 002',
  quote:
    'If you plan to join Azure Backup Server to a domain, it is recommended that you join the physical server or virtual machine to the domain before installing the Azure Backup Server software. Moving an Azure Backup Server to a new domain, after deployment, is *not supported*.',
};

export default defineRule({
  meta: {
    id: 'mabs-domain',
    description: 'Azure Backup Server should be joined to a domain.',
    defaultSeverity: 'error',
    category: 'correctness',
    limits: [],
    sources: [MUST_JOIN, NO_MOVE, JOIN_FIRST],
    docs:
      'Reported when a MABS server has `domainJoined: false`; a server that does not say is not reported. Join the machine to its domain before installing Azure Backup Server, and choose that domain for good: moving MABS to a new domain after deployment is not supported (seed 001, seed 002). The 2017 page (seed 002) words the domain join as a plan ("If you plan to join Azure Backup Server to a domain"), the 2015 one (seed 001) as a requirement; bplan applies the requirement to every version.',
  },
  check(ctx) {
    for (const server of ctx.plan.servers) {
      if (server.product?.value !== 'mabs' || server.domainJoined?.value !== false) continue;
      ctx.report({
        span: server.domainJoined.span,
        path: `${server.path}.domainJoined`,
        message: `Azure Backup Server must be joined to a domain (${MUST_JOIN.ref}), and domainJoined is false: join the machine to the domain before installing MABS, since moving MABS to a new domain after deployment is not supported`,
        related: [{ span: server.product.span, message: `server "${server.name?.value}" runs Azure Backup Server` }],
      });
    }
  },
});

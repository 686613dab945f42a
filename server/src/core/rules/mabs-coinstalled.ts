import type { LimitSource } from '../types';
import { defineRule } from './define-rule';

const DPM_AGENTS: LimitSource = {
  ref: 'seed 001',
  quote: 'Microsoft Azure Backup server cannot be installed on a machine which has the SCDPM or SCDPM RA agent installed.',
};
const MARS_AGENT: LimitSource = {
  ref: 'seed 001',
  quote: 'Microsoft Azure Backup server cannot be installed on a machine that has Microsoft Azure Backup agent installed and registered with an Azure Backup vault.',
};

/** What each installedAgents value is, why it blocks MABS, and what to do. */
const BLOCKING: Readonly<Record<string, { what: string; fix: string; source: LimitSource }>> = {
  'dpm-protection-agent': {
    what: 'the DPM protection agent (SCDPM agent)',
    fix: 'remove the machine from its DPM server and uninstall the agent, or install MABS on another machine',
    source: DPM_AGENTS,
  },
  'dpm-remote-administration': {
    what: 'DPM Remote Administration (SCDPM RA)',
    fix: 'uninstall DPM Remote Administration, or install MABS on another machine',
    source: DPM_AGENTS,
  },
  'mars-agent-registered': {
    what: 'a MARS agent registered with a vault',
    fix: 'unregister and uninstall the MARS agent first (MABS setup installs and registers its own), or install MABS on another machine',
    source: MARS_AGENT,
  },
};

export default defineRule({
  meta: {
    id: 'mabs-coinstalled',
    description: 'Azure Backup Server should not be installed on a machine that has a DPM agent or a registered MARS agent.',
    defaultSeverity: 'error',
    category: 'correctness',
    limits: [],
    sources: [DPM_AGENTS, MARS_AGENT],
    docs:
      'Reported for each entry of `installedAgents` on a MABS server: `dpm-protection-agent` and `dpm-remote-administration` (the SCDPM and SCDPM RA agents), and `mars-agent-registered` (a MARS agent already registered with a vault). Setup of Azure Backup Server installs and registers its own MARS agent; remove the other agents before installing MABS, or choose another machine. The sources state this for MABS v1 (seed 001) and no later source read lifts it, so it is applied to every version.',
  },
  check(ctx) {
    for (const server of ctx.plan.servers) {
      if (server.product?.value !== 'mabs' || !server.installedAgents) continue;
      for (const item of server.installedAgents.value) {
        const blocking = BLOCKING[item.value];
        if (!blocking) continue;
        ctx.report({
          span: item.span,
          path: `${server.path}.installedAgents[${item.value}]`,
          message: `Azure Backup Server cannot be installed on a machine that has ${blocking.what} (${blocking.source.ref}): ${blocking.fix}`,
          related: [{ span: server.product.span, message: `server "${server.name?.value}" runs Azure Backup Server` }],
        });
      }
    }
  },
});

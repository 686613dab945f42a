import { defineRule } from './define-rule';

/** Region id prefixes of the sovereign clouds: Azure Government (US) and Azure operated in China. */
const SOVEREIGN: readonly { prefix: string; cloud: string }[] = [
  { prefix: 'usgov', cloud: 'Azure Government' },
  { prefix: 'usdod', cloud: 'Azure Government' },
  { prefix: 'usnat', cloud: 'Azure Government' },
  { prefix: 'ussec', cloud: 'Azure Government' },
  { prefix: 'china', cloud: 'Azure in China' },
];

export default defineRule({
  meta: {
    id: 'vault-region',
    description: 'The vault should be in a region of global Azure, where the source documents offer Azure Recovery Services.',
    defaultSeverity: 'warning',
    category: 'correctness',
    limits: [],
    sources: [
      {
        ref: 'seed 001',
        quote:
          'Currently, Microsoft Azure Recovery Services is available in all geographies in which Azure is available other than Microsoft Azure Government datacenter and Microsoft Azure in China.',
      },
    ],
    docs:
      'Reported when `vault.region` is an Azure Government region (ids starting with `usgov`, `usdod`, `usnat` or `ussec`, such as usgovvirginia or usdodeast) or an Azure China region (ids starting with `china`, such as chinanorth or chinaeast2). The 2015 Azure Backup Server document (seed 001) says Recovery Services is available everywhere but in those clouds. Later Azure documentation lists Recovery Services and Azure Backup in the sovereign clouds too, so the finding reflects the era of the source documents, which is why it is a warning and not an error: for a sovereign-cloud plan, check that cloud\'s current Azure Backup documentation for the features you use, and turn the rule off in the configuration.',
  },
  check(ctx) {
    const region = ctx.plan.vault?.region;
    if (!region) return;
    const id = region.value.toLowerCase();
    const match = SOVEREIGN.find((s) => id.startsWith(s.prefix));
    if (!match) return;
    ctx.report({
      span: region.span,
      path: 'vault.region',
      message: `vault region ${region.value} is in ${match.cloud}; the source documents (Azure Backup Server, 2015) say Azure Recovery Services is available in every Azure geography except Azure Government and Azure in China: put the vault in a region of global Azure, or check the current Azure Backup documentation of ${match.cloud}, which later lists Recovery Services there`,
    });
  },
});

import { setBooleanFix, setStringFix } from '../fixes';
import type { LimitSource } from '../types';
import { defineRule } from './define-rule';

const SEED_ADVICE = (ref: 'seed 000' | 'seed 003'): LimitSource => ({
  ref,
  quote:
    "Leave the option set to geo-redundant storage if this is your primary backup. Choose locally redundant storage if you want a cheaper option that isn't quite as durable.",
});
const A1_CHANGE: LimitSource = {
  ref: 'A1',
  quote:
    "You can modify the storage replication type (either geo-redundant storage or locally redundant storage) for a vault before backups are stored. After backups begin in the vault, the replication type can't be modified.",
};
const A14_CHANGE: LimitSource = {
  ref: 'A14',
  quote:
    'Changing **Storage Replication type** (Locally-redundant/ Geo-redundant) for a Recovery services vault has to be done before configuring backups in the vault. Once you configure backup, the option to modify is disabled',
};

export default defineRule({
  meta: {
    id: 'vault-redundancy',
    description: 'A vault that holds the primary backup should keep geo-redundant storage.',
    defaultSeverity: 'info',
    category: 'correctness',
    limits: [],
    sources: [SEED_ADVICE('seed 000'), SEED_ADVICE('seed 003'), A1_CHANGE, A14_CHANGE],
    docs:
      'Reported when `vault.redundancy` is `local` (locally redundant storage, LRS) and the vault holds the primary backup (`vault.primaryBackup` is true or left out; it defaults to true). The documents advise geo-redundant storage (GRS, the default) for a primary backup and LRS only as a cheaper, less durable option. Decide before the first backup: the replication type can only be changed before backups are stored in the vault (A1, A14). If the vault holds a secondary copy (for example a long-term copy of data that also stays on a DPM/MABS disk or tape and you accept the risk), set `primaryBackup: false`. Zone-redundant storage (`zone`) is not reported.',
  },
  check(ctx) {
    const vault = ctx.plan.vault;
    const redundancy = vault?.redundancy;
    if (!vault || redundancy?.value !== 'local') return;
    const primary = vault.primaryBackup;
    if (primary && primary.value === false) return;
    ctx.report({
      span: redundancy.span,
      path: 'vault.redundancy',
      message:
        "the vault uses locally redundant storage but holds the primary backup; the documents advise geo-redundant storage for a primary backup (locally redundant storage is cheaper but less durable), and the replication type can't be changed once backups are stored: set redundancy: geo before the first backup, or primaryBackup: false if the vault holds only a secondary copy",
      related: primary ? [{ span: primary.span, message: 'the vault is marked as holding the primary backup' }] : undefined,
      // Marking the vault as a secondary copy is a fix only where primaryBackup is written (edits replace values, never add keys).
      fixes: [
        setStringFix(ctx.text, 'redundancy', redundancy, 'geo', 'before the first backup'),
        ...(primary ? [setBooleanFix('primaryBackup', primary, false, false)] : []),
      ],
    });
  },
});

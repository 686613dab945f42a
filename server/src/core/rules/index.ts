/** The rule table, sorted by id. Each rule lives in the file named after its id. */
import diskRecoveryPoints from './disk-recovery-points';
import diskRetentionRange from './disk-retention-range';
import diskSyncFrequency from './disk-sync-frequency';
import duplicateName from './duplicate-name';
import onlineFrequency from './online-frequency';
import onlineRetentionRange from './online-retention-range';
import passphraseLiteral from './passphrase-literal';
import schema from './schema';
import unknownReference from './unknown-reference';
import vaultName from './vault-name';
import workloadUnsupported from './workload-unsupported';
import yamlSyntax from './yaml-syntax';
import type { Rule } from './define-rule';

export const RULES: readonly Rule[] = [
  diskRecoveryPoints,
  diskRetentionRange,
  diskSyncFrequency,
  duplicateName,
  onlineFrequency,
  onlineRetentionRange,
  passphraseLiteral,
  schema,
  unknownReference,
  vaultName,
  workloadUnsupported,
  yamlSyntax,
];

export type { Report, Rule, RuleContext } from './define-rule';

/** The rule table, sorted by id. Each rule lives in the file named after its id. */
import approachingLimit from './approaching-limit';
import azureVmPolicy from './azure-vm-policy';
import cloudServerProtectsOnprem from './cloud-server-protects-onprem';
import datasourceSize from './datasource-size';
import diskRecoveryPoints from './disk-recovery-points';
import diskRetentionRange from './disk-retention-range';
import diskScheduleUnsupported from './disk-schedule-unsupported';
import diskSyncFrequency from './disk-sync-frequency';
import duplicateName from './duplicate-name';
import fileAttributes from './file-attributes';
import linuxConsistency from './linux-consistency';
import linuxUnsupported from './linux-unsupported';
import mabsCoinstalled from './mabs-coinstalled';
import mabsDomain from './mabs-domain';
import mabsDomainController from './mabs-domain-controller';
import mabsLocale from './mabs-locale';
import mabsRemoteSql from './mabs-remote-sql';
import onlineFrequency from './online-frequency';
import onlineRecoveryPoints from './online-recovery-points';
import onlineRetentionRange from './online-retention-range';
import passphraseLength from './passphrase-length';
import passphraseLiteral from './passphrase-literal';
import policySpansServers from './policy-spans-servers';
import poolDeduplication from './pool-deduplication';
import poolDiskType from './pool-disk-type';
import poolNtfsCompression from './pool-ntfs-compression';
import poolTooSmall from './pool-too-small';
import scheduleTimes from './schedule-times';
import schema from './schema';
import scratchTooSmall from './scratch-too-small';
import serverDeployment from './server-deployment';
import serverHardware from './server-hardware';
import serverOs from './server-os';
import suppressionSyntax from './suppression-syntax';
import tapeRetentionRange from './tape-retention-range';
import tapeUnsupported from './tape-unsupported';
import unknownReference from './unknown-reference';
import unusedSuppression from './unused-suppression';
import vaultCapacity from './vault-capacity';
import vaultName from './vault-name';
import vaultRedundancy from './vault-redundancy';
import vaultRegion from './vault-region';
import workloadUnsupported from './workload-unsupported';
import yamlSyntax from './yaml-syntax';
import type { Rule } from './define-rule';
import { setKnownRuleIds } from './suppression-syntax';

export const RULES: readonly Rule[] = [
  approachingLimit,
  azureVmPolicy,
  cloudServerProtectsOnprem,
  datasourceSize,
  diskRecoveryPoints,
  diskRetentionRange,
  diskScheduleUnsupported,
  diskSyncFrequency,
  duplicateName,
  fileAttributes,
  linuxConsistency,
  linuxUnsupported,
  mabsCoinstalled,
  mabsDomain,
  mabsDomainController,
  mabsLocale,
  mabsRemoteSql,
  onlineFrequency,
  onlineRecoveryPoints,
  onlineRetentionRange,
  passphraseLength,
  passphraseLiteral,
  policySpansServers,
  poolDeduplication,
  poolDiskType,
  poolNtfsCompression,
  poolTooSmall,
  scheduleTimes,
  schema,
  scratchTooSmall,
  serverDeployment,
  serverHardware,
  serverOs,
  suppressionSyntax,
  tapeRetentionRange,
  tapeUnsupported,
  unknownReference,
  unusedSuppression,
  vaultCapacity,
  vaultName,
  vaultRedundancy,
  vaultRegion,
  workloadUnsupported,
  yamlSyntax,
];

setKnownRuleIds(RULES.map((rule) => rule.meta.id));

export type { Measurement, Report, Rule, RuleContext, Suppression } from './define-rule';

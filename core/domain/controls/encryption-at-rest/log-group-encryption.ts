/**
 * `log-group-encryption`: CloudWatch log groups are encrypted with KMS. Judged from the log group's
 * configuration item (Config, or the sweep's logs collector) and from AssociateKmsKey /
 * DisassociateKmsKey calls.
 *
 * Test: test/core/domain/controls/encryption-at-rest/log-group-encryption.test.ts
 * Fixtures: test/fixtures/events/config-ci-log-group.json
 */
import { field, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';

/** Judges `log-group-encryption`: a verdict, or undefined when the facts do not bear on it. */
export const logGroupEncryption: Evaluator = (facts) => {
  const ci = onConfig('AWS::Logs::LogGroup', facts);
  if (ci) {
    return str(field(ci.configuration, 'kmsKeyId'))
      ? compliant('log group is encrypted with a KMS key')
      : nonCompliant('log group is not encrypted with a KMS key');
  }
  const call = onCall(facts, 'AssociateKmsKey', 'DisassociateKmsKey');
  if (!call) return undefined;
  return call.eventName === 'AssociateKmsKey'
    ? compliant('a KMS key was associated with the log group')
    : nonCompliant('the KMS key was disassociated from the log group');
};

/** `log-group-encryption` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'log-group-encryption',
  title: 'CloudWatch log groups are encrypted with KMS',
  family: 'encryption-at-rest',
  citations: ['164.312(a)(2)(iv)'],
  configRules: ['cloudwatch-log-group-encrypted'],
  prowlerChecks: ['cloudwatch_log_group_kms_encryption_enabled'],
  cloudTrailEvents: ['AssociateKmsKey', 'DisassociateKmsKey'],
  resourceTypes: ['AWS::Logs::LogGroup'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation: 'Associate a KMS key with the log group (aws logs associate-kms-key).',
  evaluate: logGroupEncryption,
};

/**
 * `ebs-volume-encryption`: EBS volumes are encrypted. Judged from the volume's Config configuration item.
 *
 * Test: test/core/domain/controls/encryption-at-rest/ebs-volume-encryption.test.ts
 * Fixtures: test/fixtures/events/config-ci-ebs-volume.json
 */
import { bool, field } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onConfig } from '../evaluator-kit';

/** Judges `ebs-volume-encryption`: a verdict, or undefined when the facts do not bear on it. */
export const ebsVolumeEncryption: Evaluator = (facts) => {
  const ci = onConfig('AWS::EC2::Volume', facts);
  if (!ci) return undefined;
  return bool(field(ci.configuration, 'encrypted')) === true
    ? compliant('volume is encrypted')
    : nonCompliant('volume is not encrypted');
};

/** `ebs-volume-encryption` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'ebs-volume-encryption',
  title: 'EBS volumes are encrypted',
  family: 'encryption-at-rest',
  citations: ['164.312(a)(2)(iv)'],
  // ec2-ebs-encryption-by-default judges the account's default, not volumes: ebs-default-encryption
  configRules: ['encrypted-volumes'],
  prowlerChecks: ['ec2_ebs_volume_encryption'],
  cloudTrailEvents: [],
  resourceTypes: ['AWS::EC2::Volume'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Replace the volume with an encrypted copy (snapshot, copy encrypted, restore) and turn on EBS encryption by default.',
  evaluate: ebsVolumeEncryption,
};

/**
 * `ebs-default-encryption`: EBS encryption by default is on in every region the account is swept in,
 * so every new volume (and the snapshots of it) is encrypted whoever creates it. Judged per account and
 * region (the subject is named by the account id, see core/domain/controls/detection-sources.ts) from
 * the setting's item as the sweep's ec2 collector writes it (GetEbsEncryptionByDefault's
 * `ebsEncryptionByDefault`; AWS Config has no resource type for it) and from the calls that change it:
 * EnableEbsEncryptionByDefault and DisableEbsEncryptionByDefault (ec2.amazonaws.com). The Config rule
 * ec2-ebs-encryption-by-default judges this setting (it reports on AWS::::Account), so its verdicts are
 * this control's.
 *
 * Test: test/core/domain/controls/encryption-at-rest/ebs-default-encryption.test.ts
 * Fixtures: test/fixtures/controls/threat-detection.ts
 */
import { bool, field } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { EBS_DEFAULT_ENCRYPTION } from '../detection-sources';
import { onCall, onConfig } from '../evaluator-kit';

const ON = 'EBS encryption by default is on in this region: new volumes are encrypted';
const OFF = 'EBS encryption by default is off in this region: new volumes may be created unencrypted';

/** Judges `ebs-default-encryption`: a verdict, or undefined when the facts do not bear on it. */
export const ebsDefaultEncryption: Evaluator = (facts) => {
  const ci = onConfig('AWS::EC2::EBSEncryptionByDefault', facts);
  if (ci) {
    const on = bool(field(ci.configuration, 'ebsEncryptionByDefault'));
    if (on === undefined) return undefined;
    return on ? compliant(ON) : nonCompliant(OFF);
  }
  const call = onCall(facts, ...EBS_DEFAULT_ENCRYPTION.calls);
  if (!call || call.eventSource !== EBS_DEFAULT_ENCRYPTION.eventSource) return undefined;
  return call.eventName === 'EnableEbsEncryptionByDefault'
    ? compliant(`${call.eventName}: ${ON}`)
    : nonCompliant(`${call.eventName}: ${OFF}`);
};

/** `ebs-default-encryption` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'ebs-default-encryption',
  title: 'EBS encryption by default is on in every region the account uses',
  family: 'encryption-at-rest',
  citations: ['164.312(a)(2)(iv)'],
  configRules: ['ec2-ebs-encryption-by-default'],
  prowlerChecks: ['ec2_ebs_default_encryption'],
  cloudTrailEvents: [...EBS_DEFAULT_ENCRYPTION.calls],
  resourceTypes: [...EBS_DEFAULT_ENCRYPTION.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation: 'Turn on EBS encryption by default in the region (aws ec2 enable-ebs-encryption-by-default).',
  evaluate: ebsDefaultEncryption,
};

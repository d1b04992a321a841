/**
 * `rds-storage-encryption`: RDS DB instance storage is encrypted. Judged from the instance's Config
 * configuration item.
 *
 * Test: test/core/domain/controls/encryption-at-rest/rds-storage-encryption.test.ts
 * Fixtures: test/fixtures/events/config-ci-rds-instance.json
 */
import { bool, field } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onConfig } from '../evaluator-kit';

/** Judges `rds-storage-encryption`: a verdict, or undefined when the facts do not bear on it. */
export const rdsStorageEncryption: Evaluator = (facts) => {
  const ci = onConfig('AWS::RDS::DBInstance', facts);
  if (!ci) return undefined;
  return bool(field(ci.configuration, 'storageEncrypted')) === true
    ? compliant('DB instance storage is encrypted')
    : nonCompliant('DB instance storage is not encrypted');
};

/** `rds-storage-encryption` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'rds-storage-encryption',
  title: 'RDS DB instance storage is encrypted',
  family: 'encryption-at-rest',
  citations: ['164.312(a)(2)(iv)'],
  configRules: ['rds-storage-encrypted', 'rds-snapshot-encrypted'],
  prowlerChecks: ['rds_instance_storage_encrypted'],
  cloudTrailEvents: [],
  resourceTypes: ['AWS::RDS::DBInstance'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Restore the instance from an encrypted copy of its snapshot (RDS storage cannot be encrypted in place).',
  evaluate: rdsStorageEncryption,
};

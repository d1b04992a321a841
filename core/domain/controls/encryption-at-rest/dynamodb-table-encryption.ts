/**
 * `dynamodb-table-encryption`: DynamoDB tables are encrypted at rest. Judged from the table's Config
 * configuration item (its SSE description).
 *
 * Test: test/core/domain/controls/encryption-at-rest/dynamodb-table-encryption.test.ts
 * Fixtures: test/fixtures/events/config-ci-dynamodb-table.json
 */
import { field, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onConfig } from '../evaluator-kit';

/** Judges `dynamodb-table-encryption`: a verdict, or undefined when the facts do not bear on it. */
export const dynamodbTableEncryption: Evaluator = (facts) => {
  const ci = onConfig('AWS::DynamoDB::Table', facts);
  if (!ci) return undefined;
  const sse = field(ci.configuration, 'sSEDescription');
  const status = str(field(sse, 'status'));
  if (sse === undefined || sse === null) {
    // DynamoDB encrypts every table at rest; without an SSE description the key is AWS owned.
    return compliant('encrypted at rest with an AWS owned key (DynamoDB default)');
  }
  if (status === 'ENABLED' || status === 'UPDATING' || status === 'ENABLING') {
    return compliant(`encrypted at rest with ${str(field(sse, 'sSEType')) ?? 'KMS'}`);
  }
  return nonCompliant(`server-side encryption status is ${status ?? 'unknown'}`);
};

/** `dynamodb-table-encryption` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'dynamodb-table-encryption',
  title: 'DynamoDB tables are encrypted at rest',
  family: 'encryption-at-rest',
  citations: ['164.312(a)(2)(iv)'],
  configRules: ['dynamodb-table-encrypted-kms', 'dynamodb-table-encryption-enabled'],
  prowlerChecks: ['dynamodb_tables_kms_cmk_encryption_enabled'],
  cloudTrailEvents: [],
  resourceTypes: ['AWS::DynamoDB::Table'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Turn server-side encryption back on for the table (aws dynamodb update-table --sse-specification Enabled=true).',
  evaluate: dynamodbTableEncryption,
};

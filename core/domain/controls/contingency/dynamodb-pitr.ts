/**
 * `dynamodb-pitr`: DynamoDB tables have point-in-time recovery on, so a table can be restored to any
 * second of the recovery period after an accidental write or delete. Judged from the table's
 * configuration item (supplementaryConfiguration.ContinuousBackupsDescription.pointInTimeRecoveryDescription
 * .pointInTimeRecoveryStatus, ENABLED or DISABLED; Config, or the sweep's dynamodb collector from
 * DescribeContinuousBackups in Config's spelling) and from UpdateContinuousBackups calls, which carry the
 * new setting (requestParameters.pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled).
 *
 * Test: test/core/domain/controls/contingency/dynamodb-pitr.test.ts
 * Fixtures: test/fixtures/controls/storage.ts
 */
import { field, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onConfig } from '../evaluator-kit';
import { flagVerdict, resourceView, type SettingSource } from '../setting-kit';

/** DynamoDB tables: their item, and the call that turns point-in-time recovery on or off. */
export const DYNAMODB_TABLE: SettingSource = {
  resourceTypes: ['AWS::DynamoDB::Table'],
  eventSource: 'dynamodb.amazonaws.com',
  calls: ['UpdateContinuousBackups'],
};

/** Judges `dynamodb-pitr`: a verdict, or undefined when the facts do not bear on it. */
export const dynamodbPitr: Evaluator = (facts) => {
  const ci = onConfig('AWS::DynamoDB::Table', facts);
  if (ci) {
    const backups = field(ci.supplementaryConfiguration, 'ContinuousBackupsDescription');
    // an item without continuous backups (a failed sweep read) says nothing
    const status = str(field(backups, 'pointInTimeRecoveryDescription', 'pointInTimeRecoveryStatus'));
    if (status === undefined) return undefined;
    return status === 'ENABLED'
      ? compliant('point-in-time recovery is enabled')
      : nonCompliant(`point-in-time recovery is ${status.toLowerCase()}`);
  }
  const view = resourceView(facts, DYNAMODB_TABLE);
  if (view?.via !== 'call') return undefined;
  return flagVerdict(
    view,
    field(view.call.requestParameters, 'pointInTimeRecoverySpecification', 'pointInTimeRecoveryEnabled'),
    {
      noun: 'table',
      safe: true,
      on: 'has point-in-time recovery turned on',
      off: 'has point-in-time recovery turned off',
    },
  );
};

/** `dynamodb-pitr` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'dynamodb-pitr',
  title: 'DynamoDB tables have point-in-time recovery enabled',
  family: 'contingency',
  citations: ['164.308(a)(7)(ii)(A)', '164.310(d)(2)(iv)'],
  configRules: ['dynamodb-pitr-enabled'],
  prowlerChecks: ['dynamodb_tables_pitr_enabled'],
  cloudTrailEvents: [...DYNAMODB_TABLE.calls],
  resourceTypes: [...DYNAMODB_TABLE.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [{ api: 'dynamodb:DescribeContinuousBackups', scope: 'tables' }],
  remediation: 'Turn on point-in-time recovery for the table (aws dynamodb update-continuous-backups).',
  evaluate: dynamodbPitr,
};

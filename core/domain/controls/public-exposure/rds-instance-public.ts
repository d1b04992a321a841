/**
 * `rds-instance-public`: RDS DB instances are not publicly accessible (no public DNS address that
 * resolves from outside the VPC). Judged from the instance's configuration item
 * (configuration.publiclyAccessible) and from CreateDBInstance / ModifyDBInstance calls that set it.
 *
 * Test: test/core/domain/controls/public-exposure/rds-instance-public.test.ts
 * Fixtures: test/fixtures/events/config-ci-rds-instance.json test/fixtures/events/ct-modify-db-instance-public.json
 */
import { bool, field } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';

/** Judges `rds-instance-public`: a verdict, or undefined when the facts do not bear on it. */
export const rdsInstancePublic: Evaluator = (facts) => {
  const ci = onConfig('AWS::RDS::DBInstance', facts);
  const call = onCall(facts, 'CreateDBInstance', 'ModifyDBInstance');
  // a create reports the instance's resulting setting in its response; a modify that does not set
  // publiclyAccessible says nothing about it
  const value = ci
    ? field(ci.configuration, 'publiclyAccessible')
    : call
      ? (field(call.requestParameters, 'publiclyAccessible') ??
        field(call.responseElements, 'publiclyAccessible'))
      : undefined;
  if (value === undefined) return undefined;
  return bool(value) === true
    ? nonCompliant(
        ci
          ? 'the DB instance is publicly accessible'
          : `${call?.eventName} made the DB instance publicly accessible`,
      )
    : compliant(
        ci ? 'the DB instance is not publicly accessible' : `${call?.eventName} left the DB instance private`,
      );
};

/** `rds-instance-public` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'rds-instance-public',
  title: 'RDS DB instances are not publicly accessible',
  family: 'public-exposure',
  citations: ['164.312(a)(1)', '164.312(e)(1)'],
  configRules: ['rds-instance-public-access-check'],
  cloudTrailEvents: ['CreateDBInstance', 'ModifyDBInstance'],
  resourceTypes: ['AWS::RDS::DBInstance'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  prowlerChecks: ['rds_instance_no_public_access'],
  remediation: 'Modify the DB instance with --no-publicly-accessible (and keep it in private subnets).',
  evaluate: rdsInstancePublic,
};

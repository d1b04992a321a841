import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/public-exposure/rds-instance-public';
import { apiCallFacts, observationOf, setAt } from '../../../../fixtures/builders';
import { conf, describeControl, fixture, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'DB instance CI with publiclyAccessible false',
    observation: fixture('config-ci-rds-instance'),
    status: 'COMPLIANT',
  },
  {
    name: 'DB instance CI with publiclyAccessible true',
    observation: fixture('config-ci-rds-instance', (d) => setAt(d, [...conf, 'publiclyAccessible'], true)),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ModifyDBInstance setting publiclyAccessible true',
    observation: fixture('ct-modify-db-instance-public'),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateDBInstance with publiclyAccessible false',
    observation: fromFacts(
      apiCallFacts('CreateDBInstance', {
        requestParameters: { dBInstanceIdentifier: 'ehr-replica', publiclyAccessible: false },
      }),
    ),
    status: 'COMPLIANT',
  },
]);

describe('rds-instance-public on calls that do not set it', () => {
  it('says nothing about a ModifyDBInstance that leaves publiclyAccessible alone', () => {
    // Prepare
    const obs = observationOf(
      apiCallFacts('ModifyDBInstance', {
        requestParameters: { dBInstanceIdentifier: 'ehr-primary', allocatedStorage: 400 },
      }),
    );
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });

  it('files the call under the ARN Config gives the instance', () => {
    // Prepare
    const call = fixture('ct-modify-db-instance-public')();
    const ci = fixture('config-ci-rds-instance')();
    // Act
    const arns = [call.subject.arn, ci.subject.arn];
    // Assess
    expect(arns[0]).toBe('arn:aws:rds:us-east-1:111122223333:db:ehr-primary');
    expect(arns[0]).toBe(arns[1]);
  });
});

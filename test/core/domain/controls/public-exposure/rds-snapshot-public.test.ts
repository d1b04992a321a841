import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/public-exposure/rds-snapshot-public';
import { apiCallFacts, observationOf, setAt } from '../../../../fixtures/builders';
import { describeControl, fixture, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'ModifyDBSnapshotAttribute adding restore "all"',
    observation: fixture('ct-modify-db-snapshot-attribute-public'),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ModifyDBSnapshotAttribute whose response leaves only a named account',
    observation: fixture('ct-modify-db-snapshot-attribute-public', (d) => {
      setAt(d, ['detail', 'requestParameters', 'valuesToAdd'], ['444455556666']);
      setAt(
        d,
        ['detail', 'responseElements', 'dBSnapshotAttributes', 0, 'attributeValues'],
        ['444455556666'],
      );
    }),
    status: 'COMPLIANT',
  },
  {
    name: 'ModifyDBClusterSnapshotAttribute removing restore "all" (no response)',
    observation: fromFacts(
      apiCallFacts('ModifyDBClusterSnapshotAttribute', {
        requestParameters: {
          dBClusterSnapshotIdentifier: 'ehr-cluster-2025-03-01',
          attributeName: 'restore',
          valuesToRemove: ['all'],
        },
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'ModifyDBClusterSnapshotAttribute adding restore "all" (no response)',
    observation: fromFacts(
      apiCallFacts('ModifyDBClusterSnapshotAttribute', {
        requestParameters: {
          dBClusterSnapshotIdentifier: 'ehr-cluster-2025-03-01',
          attributeName: 'restore',
          valuesToAdd: ['all'],
        },
      }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('rds-snapshot-public when the call does not bear on public sharing', () => {
  it('says nothing about sharing with a named account alone, without a response', () => {
    // Prepare
    const obs = observationOf(
      apiCallFacts('ModifyDBSnapshotAttribute', {
        requestParameters: {
          dBSnapshotIdentifier: 's',
          attributeName: 'restore',
          valuesToAdd: ['444455556666'],
        },
      }),
    );
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });

  it('files the call under the snapshot’s ARN', () => {
    // Prepare / Act
    const obs = fixture('ct-modify-db-snapshot-attribute-public')();
    // Assess
    expect(obs.subject).toMatchObject({
      resourceType: 'AWS::RDS::DBSnapshot',
      arn: 'arn:aws:rds:us-east-1:111122223333:snapshot:ehr-primary-2025-03-01',
    });
  });
});

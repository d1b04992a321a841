import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/public-exposure/ebs-snapshot-public';
import { apiCallFacts, observationOf, setAt } from '../../../../fixtures/builders';
import { describeControl, fixture } from '../control-cases';

const permission = ['detail', 'requestParameters', 'createVolumePermission'];

describeControl(control, [
  {
    name: 'ModifySnapshotAttribute adding group "all"',
    observation: fixture('ct-modify-snapshot-attribute-public'),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ModifySnapshotAttribute removing group "all"',
    observation: fixture('ct-modify-snapshot-attribute-public', (d) =>
      setAt(d, permission, { remove: { items: [{ group: 'all' }] } }),
    ),
    status: 'COMPLIANT',
  },
]);

describe('ebs-snapshot-public when the call does not bear on public restore', () => {
  it('says nothing about sharing with a named account', () => {
    // Prepare
    const obs = observationOf(
      apiCallFacts('ModifySnapshotAttribute', {
        requestParameters: {
          snapshotId: 'snap-0a1b2c3d4e5f60718',
          createVolumePermission: { add: { items: [{ userId: '444455556666' }] } },
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
    const obs = fixture('ct-modify-snapshot-attribute-public')();
    // Assess
    expect(obs.subject).toMatchObject({
      resourceType: 'AWS::EC2::Snapshot',
      resourceId: 'snap-0a1b2c3d4e5f60718',
      arn: 'arn:aws:ec2:us-east-1:111122223333:snapshot/snap-0a1b2c3d4e5f60718',
    });
  });
});

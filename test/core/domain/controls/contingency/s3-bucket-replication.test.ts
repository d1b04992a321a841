import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/contingency/s3-bucket-replication';
import { observationOf } from '../../../../fixtures/builders';
import { bucketFacts, s3Call } from '../../../../fixtures/controls/storage';
import { describeControl, fromFacts } from '../control-cases';

const role = 'arn:aws:iam::111122223333:role/s3-replication';
const rule = (ID: string, Status: string) => ({
  ID,
  Status,
  Priority: 1,
  Filter: { Prefix: '' },
  Destination: { Bucket: 'arn:aws:s3:::clinic-phi-intake-dr' },
  DeleteMarkerReplication: { Status: 'Disabled' },
});

describeControl(control, [
  { name: 'bucket CI with an enabled rule', observation: fromFacts(bucketFacts()), status: 'COMPLIANT' },
  {
    name: 'bucket CI without replication (recorded null)',
    observation: fromFacts(bucketFacts({ BucketReplicationConfiguration: null })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'bucket CI with a disabled rule beside an enabled one',
    observation: fromFacts(
      bucketFacts({
        BucketReplicationConfiguration: {
          roleARN: role,
          rules: {
            a: { status: 'Enabled', destinationConfig: { bucketARN: 'arn:aws:s3:::dr' } },
            b: { status: 'Disabled', destinationConfig: { bucketARN: 'arn:aws:s3:::dr' } },
          },
        },
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'PutBucketReplication with one enabled rule',
    observation: fromFacts(
      s3Call('PutBucketReplication', {
        replication: '',
        ReplicationConfiguration: { Role: role, Rule: rule('dr', 'Enabled') },
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'PutBucketReplication with its only rule disabled',
    observation: fromFacts(
      s3Call('PutBucketReplication', {
        replication: '',
        ReplicationConfiguration: { Role: role, Rule: [rule('dr', 'Disabled')] },
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'DeleteBucketReplication',
    observation: fromFacts(s3Call('DeleteBucketReplication', { replication: '' })),
    status: 'NON_COMPLIANT',
  },
]);

describe('s3-bucket-replication on facts that do not bear on it', () => {
  it.each([
    ['a bucket CI without the field', bucketFacts({ BucketReplicationConfiguration: undefined })],
    ['a PutBucketReplication without a configuration', s3Call('PutBucketReplication', { replication: '' })],
    ['an unrelated S3 call', s3Call('PutBucketTagging', { tagging: '' })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});

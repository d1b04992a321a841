import { describe, expect, it } from 'vitest';
import { assess } from '../../../../core/domain/catalog';
import { type JsonObject, loadEvent, observe, setAt } from '../../../fixtures/builders';

/** The RDS call fixture turned into a storage call (same caller, time and account). */
function call(
  eventSource: string,
  eventName: string,
  requestParameters: JsonObject,
  responseElements: JsonObject = {},
) {
  const raw = loadEvent('ct-modify-db-instance-public');
  setAt(raw, ['detail', 'eventSource'], eventSource);
  setAt(raw, ['detail', 'eventName'], eventName);
  setAt(raw, ['detail', 'requestParameters'], requestParameters);
  setAt(raw, ['detail', 'responseElements'], responseElements);
  return raw;
}

const bucket = { bucketName: 'clinic-phi-intake', Host: 'clinic-phi-intake.s3.amazonaws.com' };

describe('storage calls are filed under the resource Config names', () => {
  it.each([
    [
      call('s3.amazonaws.com', 'PutBucketVersioning', {
        ...bucket,
        VersioningConfiguration: { Status: 'Suspended' },
      }),
      'AWS::S3::Bucket',
      'clinic-phi-intake',
      'arn:aws:s3:::clinic-phi-intake',
    ],
    [
      call('s3.amazonaws.com', 'PutObjectLockConfiguration', {
        ...bucket,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' },
      }),
      'AWS::S3::Bucket',
      'clinic-phi-intake',
      'arn:aws:s3:::clinic-phi-intake',
    ],
    [
      call('s3.amazonaws.com', 'DeleteBucketReplication', { ...bucket, replication: '' }),
      'AWS::S3::Bucket',
      'clinic-phi-intake',
      'arn:aws:s3:::clinic-phi-intake',
    ],
    [
      call('s3.amazonaws.com', 'PutBucketReplication', {
        ...bucket,
        ReplicationConfiguration: { Role: 'arn:aws:iam::111122223333:role/r', Rule: { Status: 'Enabled' } },
      }),
      'AWS::S3::Bucket',
      'clinic-phi-intake',
      'arn:aws:s3:::clinic-phi-intake',
    ],
    [
      call('s3.amazonaws.com', 'PutBucketLogging', { ...bucket, BucketLoggingStatus: {} }),
      'AWS::S3::Bucket',
      'clinic-phi-intake',
      'arn:aws:s3:::clinic-phi-intake',
    ],
  ])('files call %# under its resource, as Config names it', (raw, resourceType, resourceId, arn) => {
    // Prepare / Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject).toMatchObject({ resourceType, resourceId, arn });
    expect(assess(obs).length).toBeGreaterThan(0);
  });
});

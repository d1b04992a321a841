import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/public-exposure/s3-bucket-public-access-block';
import { apiCallFacts, setAt } from '../../../../fixtures/builders';
import { describeControl, fixture, fromFacts, supp } from '../control-cases';

const allOn = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

describeControl(control, [
  {
    name: 'bucket CI with all four settings on',
    observation: fixture('config-ci-s3-bucket', (d) =>
      setAt(d, [...supp, 'PublicAccessBlockConfiguration'], allOn),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'bucket CI with restrictPublicBuckets off',
    observation: fixture('config-ci-s3-bucket', (d) =>
      setAt(d, [...supp, 'PublicAccessBlockConfiguration'], { ...allOn, restrictPublicBuckets: false }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'PutBucketPublicAccessBlock turning all four on',
    observation: fixture('ct-put-bucket-public-access-block'),
    status: 'COMPLIANT',
  },
  {
    name: 'PutBucketPublicAccessBlock leaving BlockPublicPolicy off',
    observation: fixture('ct-put-bucket-public-access-block', (d) =>
      setAt(d, ['detail', 'requestParameters', 'PublicAccessBlockConfiguration', 'BlockPublicPolicy'], false),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'DeleteBucketPublicAccessBlock',
    observation: fromFacts(
      apiCallFacts('DeleteBucketPublicAccessBlock', { requestParameters: { bucketName: 'b' } }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('s3-bucket-public-access-block on a bucket item without the setting', () => {
  it('says nothing: an item that does not carry the setting is no evidence of it', () => {
    // Prepare
    const obs = fixture('config-ci-s3-bucket')();
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).toEqual([
      's3-bucket-encryption',
      's3-bucket-tls',
      's3-bucket-public-read-write',
      // the item carries versioning and logging (storage controls)
      's3-bucket-versioning',
      's3-bucket-logging',
    ]);
  });

  it('is NON_COMPLIANT for a bucket the sweep found without the setting (null)', () => {
    // Prepare
    const obs = fixture('config-ci-s3-bucket', (d) =>
      setAt(d, [...supp, 'PublicAccessBlockConfiguration'], null),
    )();
    // Act
    const found = assess(obs).find((a) => a.controlId === control.id);
    // Assess
    expect(found?.status).toBe('NON_COMPLIANT');
  });
});

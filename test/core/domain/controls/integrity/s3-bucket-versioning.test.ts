import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/integrity/s3-bucket-versioning';
import { observationOf } from '../../../../fixtures/builders';
import { bucketFacts, s3Call } from '../../../../fixtures/controls/storage';
import { describeControl, fromFacts } from '../control-cases';

const versioning = (Status: string) => ({
  versioning: '',
  VersioningConfiguration: { Status, xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' },
});

describeControl(control, [
  { name: 'versioned bucket CI', observation: fromFacts(bucketFacts()), status: 'COMPLIANT' },
  {
    name: 'bucket CI that never had versioning (Off)',
    observation: fromFacts(
      bucketFacts({ BucketVersioningConfiguration: { status: 'Off', isMfaDeleteEnabled: null } }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'bucket CI with versioning suspended',
    observation: fromFacts(
      bucketFacts({ BucketVersioningConfiguration: { status: 'Suspended', isMfaDeleteEnabled: null } }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'PutBucketVersioning enabling it',
    observation: fromFacts(s3Call('PutBucketVersioning', versioning('Enabled'))),
    status: 'COMPLIANT',
  },
  {
    name: 'PutBucketVersioning suspending it',
    observation: fromFacts(s3Call('PutBucketVersioning', versioning('Suspended'))),
    status: 'NON_COMPLIANT',
  },
]);

describe('s3-bucket-versioning on facts that do not bear on it', () => {
  it.each([
    [
      'a bucket CI without the setting (a failed sweep read)',
      bucketFacts({ BucketVersioningConfiguration: undefined }),
    ],
    ['a PutBucketVersioning without a status', s3Call('PutBucketVersioning', { versioning: '' })],
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

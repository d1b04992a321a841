import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/integrity/s3-bucket-object-lock';
import { observationOf } from '../../../../fixtures/builders';
import { bucketFacts, s3Call } from '../../../../fixtures/controls/storage';
import { describeControl, fromFacts } from '../control-cases';

describeControl(control, [
  { name: 'bucket CI with Object Lock', observation: fromFacts(bucketFacts()), status: 'COMPLIANT' },
  {
    name: 'bucket CI with Object Lock and no default retention',
    observation: fromFacts(bucketFacts({ ObjectLockConfiguration: { objectLockEnabled: 'Enabled' } })),
    status: 'COMPLIANT',
  },
  {
    name: 'bucket CI without Object Lock (recorded null)',
    observation: fromFacts(bucketFacts({ ObjectLockConfiguration: null })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'PutObjectLockConfiguration enabling it with a default retention',
    observation: fromFacts(
      s3Call('PutObjectLockConfiguration', {
        'object-lock': '',
        ObjectLockConfiguration: {
          xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 6 } },
        },
      }),
    ),
    status: 'COMPLIANT',
  },
]);

describe('s3-bucket-object-lock on facts that do not bear on it', () => {
  it.each([
    [
      'a bucket CI without the field (Config does not record it)',
      bucketFacts({ ObjectLockConfiguration: undefined }),
    ],
    [
      'a PutObjectLockConfiguration without ObjectLockEnabled',
      s3Call('PutObjectLockConfiguration', { 'object-lock': '' }),
    ],
    ['an unrelated S3 call', s3Call('PutBucketTagging', { tagging: '' })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });

  it('names the default retention in its reason', () => {
    // Prepare / Act
    const verdict = control.evaluate(bucketFacts());
    // Assess
    expect(verdict?.reason).toContain('GOVERNANCE 30 days');
  });
});

import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/audit/s3-bucket-logging';
import { observationOf } from '../../../../fixtures/builders';
import { bucketFacts, s3Call } from '../../../../fixtures/controls/storage';
import { describeControl, fromFacts } from '../control-cases';

const xmlns = 'http://doc.s3.amazonaws.com/2006-03-01';

describeControl(control, [
  { name: 'bucket CI logging to a log bucket', observation: fromFacts(bucketFacts()), status: 'COMPLIANT' },
  {
    name: 'bucket CI with logging off',
    observation: fromFacts(
      bucketFacts({ BucketLoggingConfiguration: { destinationBucketName: null, logFilePrefix: null } }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'PutBucketLogging turning it on',
    observation: fromFacts(
      s3Call('PutBucketLogging', {
        logging: '',
        BucketLoggingStatus: {
          xmlns,
          LoggingEnabled: { TargetBucket: 'clinic-access-logs', TargetPrefix: 'phi-intake/' },
        },
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'PutBucketLogging with an empty status (turning it off)',
    observation: fromFacts(s3Call('PutBucketLogging', { logging: '', BucketLoggingStatus: { xmlns } })),
    status: 'NON_COMPLIANT',
  },
]);

describe('s3-bucket-logging on facts that do not bear on it', () => {
  it.each([
    ['a bucket CI without the field', bucketFacts({ BucketLoggingConfiguration: undefined })],
    ['a PutBucketLogging without a status', s3Call('PutBucketLogging', { logging: '' })],
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

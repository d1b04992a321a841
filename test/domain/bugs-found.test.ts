/**
 * Behaviour the domain code gets wrong today. Each test asserts the correct behaviour and fails until the
 * code is fixed; the comment above it names the file, the input, what is expected and what happens.
 * Move a test into the file for its module once it passes.
 */
import { describe, expect, it } from 'vitest';
import { toIsoTime } from '../../evidence-schemas';
import { assess } from '../../lambdas/domain/catalog';
import { prepareRecord } from '../../lambdas/domain/chain';
import { deniesInsecureTransport } from '../../lambdas/domain/evaluators';
import { parseEvent } from '../../lambdas/domain/normalize';
import { subjectKey } from '../../lambdas/domain/observation';
import { type FixtureName, loadEvent, observe, observeFixture, setAt } from '../fixtures/builders';

describe('tag values reach the evidence record (normalize.ts fromConfigItem)', () => {
  // fromConfigItem keeps only the keys of `tags`, "tag values can be anything a customer typed, PHI
  // included", but Config repeats the tags inside configuration / supplementaryConfiguration, which are
  // stored after secret redaction only: S3 in supplementaryConfiguration.BucketTaggingConfiguration,
  // RDS in supplementaryConfiguration.Tags, EC2 volumes in configuration.tags.
  // Expected: no tag value in the prepared record. Actual: each value below is in it.
  it.each([
    ['config-ci-s3-bucket', 'dr-ines-okafor'],
    ['config-ci-rds-instance', 'dr-samuel-achterberg'],
    ['config-ci-ebs-volume', 'oncology-trial-2291'],
  ] as const)('%s: the tag value %s is not stored', (name: FixtureName, tagValue) => {
    // Prepare
    const obs = observeFixture(name);
    // Act
    const stored = JSON.stringify(prepareRecord(obs, assess(obs)));
    // Assess
    expect(stored).not.toContain(tagValue);
  });
});

describe('KMS key rotation from a Config item (evaluators.ts kmsKeyRotation)', () => {
  // AWS Config records rotation of a customer managed key as supplementaryConfiguration.KeyRotationStatus
  // (awslabs/aws-config-resource-schema, AWS::KMS::Key); configuration has no keyRotationEnabled field.
  // kmsKeyRotation reads only configuration.keyRotationEnabled, so it answers undefined for every real CI.
  // Input: config-ci-kms-key (CUSTOMER, SYMMETRIC_DEFAULT, KeyRotationStatus "false").
  // Expected: kms-key-rotation NON_COMPLIANT. Actual: no assessment at all.
  it('judges KeyRotationStatus "false" non-compliant', () => {
    // Prepare
    const obs = observeFixture('config-ci-kms-key');
    // Act
    const out = assess(obs);
    // Assess
    expect(out.find((a) => a.controlId === 'kms-key-rotation')?.status).toBe('NON_COMPLIANT');
  });

  it('judges KeyRotationStatus true compliant', () => {
    // Prepare
    const obs = observeFixture('config-ci-kms-key', (d) =>
      setAt(d, ['detail', 'configurationItem', 'supplementaryConfiguration', 'KeyRotationStatus'], true),
    );
    // Act
    const out = assess(obs);
    // Assess
    expect(out.find((a) => a.controlId === 'kms-key-rotation')?.status).toBe('COMPLIANT');
  });
});

describe('a failed IAM-user sign-in lands on another subject (normalize.ts callerSubject)', () => {
  // CloudTrail omits userIdentity.arn on a failed ConsoleLogin (AWS's documented example does too).
  // callerSubject passes u.arn (undefined) to makeSubject, and deriveArn has no AWS::IAM::User case, so
  // the subject has no ARN and subjectKey falls back to "111122223333/global/AWS::IAM::User/contractor.temp",
  // while the same user's successful sign-in is keyed "arn:aws:iam::111122223333:user/contractor.temp".
  // (CreateAccessKey already builds arn:<partition>:iam::<account>:user/<name> for a userName.)
  // Expected: one subject key for both. Actual: two chains for one user.
  it('gives the failed and the successful sign-in of one user the same subject key', () => {
    // Prepare
    const failed = loadEvent('signin-failure');
    const succeeded = loadEvent('signin-iam-user-no-mfa');
    // Act
    const keys = [observe(failed), observe(succeeded)].map((o) => subjectKey(o.subject));
    // Assess
    expect(keys[0]).toBe(keys[1]);
  });
});

describe('impossible calendar dates are accepted (evidence-schemas/common.ts toIsoTime)', () => {
  // ISO_LIKE matches, then Date.parse rolls the day over instead of failing.
  // Input: '2025-02-30T00:00:00Z'. Expected: undefined (not a plausible time).
  // Actual: '2025-03-02T00:00:00.000Z', so a corrupt time is stored as a different, valid one.
  it.each([['2025-02-30T00:00:00Z'], ['2025-04-31T12:00:00Z'], ['2023-02-29T00:00:00Z']])(
    'rejects %s',
    (input) => {
      // Prepare / Act
      const iso = toIsoTime(input);
      // Assess
      expect(iso).toBeUndefined();
    },
  );
});

describe('a partial TLS deny counts as compliant (evaluators.ts deniesInsecureTransport)', () => {
  // Any Deny statement with aws:SecureTransport false makes the bucket COMPLIANT, whatever its
  // Action and Principal, so a policy that refuses plain HTTP only for s3:GetObject by one role still
  // lets everyone else PutObject over HTTP. The managed rule s3-bucket-ssl-requests-only this control
  // maps to requires the deny to cover every principal and every S3 action.
  // Expected: false (NON_COMPLIANT). Actual: true (COMPLIANT).
  it('does not accept a deny limited to one action and one principal', () => {
    // Prepare
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: { AWS: 'arn:aws:iam::111122223333:role/Reader' },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::clinic-phi-intake/*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    };
    // Act
    const result = deniesInsecureTransport(policy);
    // Assess
    expect(result).toBe(false);
  });
});

describe('an anonymous S3 data event is invalid, not ignored (evidence-schemas/cloudtrail.ts UserIdentitySchema)', () => {
  // CloudTrail writes userIdentity.accountId "ANONYMOUS_PRINCIPAL" for unauthenticated S3 requests.
  // UserIdentitySchema requires 12 digits, so such a record in a log file is quarantined as invalid
  // before parseEvent can see that GetObject bears on no control.
  // Expected: kind 'ignored'. Actual: kind 'invalid' ("detail.userIdentity.accountId: an AWS account id ...").
  it('ignores an anonymous GetObject', () => {
    // Prepare
    const raw = loadEvent('ct-put-bucket-policy');
    setAt(raw, ['detail', 'eventName'], 'GetObject');
    setAt(raw, ['detail', 'userIdentity'], {
      type: 'AWSAccount',
      principalId: '',
      accountId: 'ANONYMOUS_PRINCIPAL',
    });
    setAt(raw, ['detail', 'requestParameters'], { bucketName: 'clinic-phi-intake', key: 'public/logo.png' });
    // Act
    const out = parseEvent(raw);
    // Assess
    expect(out.kind).toBe('ignored');
  });
});

import { describe, expect, it } from 'vitest';
import { deniesInsecureTransport } from '../../../../core/domain/controls/evaluator-kit';
import type { JsonObject } from '../../../fixtures/builders';
import { ALLOW_ONLY_POLICY, TRUSTED_POLICY } from '../../../fixtures/controls/transmission/s3-bucket-tls';

describe('deniesInsecureTransport', () => {
  /** A Deny statement covering every principal and every S3 action unless told otherwise. */
  const deny = (overrides: JsonObject = {}): JsonObject => ({
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
    Condition: { Bool: { 'aws:SecureTransport': false } },
    ...overrides,
  });

  it.each([
    ['an object policy', TRUSTED_POLICY],
    ['a JSON string policy', JSON.stringify(TRUSTED_POLICY)],
    ['a single Statement object with boolean false', { Statement: deny() }],
    [
      'a condition value list',
      { Statement: [deny({ Condition: { Bool: { 'aws:SecureTransport': ['false'] } } })] },
    ],
    ['Principal {AWS: "*"}', { Statement: [deny({ Principal: { AWS: '*' } })] }],
    [
      'a Principal AWS list containing "*"',
      { Statement: [deny({ Principal: { AWS: ['arn:aws:iam::111122223333:role/Reader', '*'] } })] },
    ],
    ['Action "*"', { Statement: [deny({ Action: '*' })] }],
    ['an Action list containing "s3:*"', { Statement: [deny({ Action: ['s3:GetObject', 's3:*'] })] }],
    ['an Action list containing "*"', { Statement: [deny({ Action: ['*'] })] }],
    [
      'a partial deny next to a full one',
      { Statement: [deny({ Action: 's3:GetObject' }), deny({ Principal: { AWS: ['*'] } })] },
    ],
  ])('accepts %s', (_name, policy) => {
    // Prepare / Act
    const result = deniesInsecureTransport(policy);
    // Assess
    expect(result).toBe(true);
  });

  it.each([
    ['an Allow-only policy', ALLOW_ONLY_POLICY],
    [
      'a Deny on aws:SecureTransport true',
      { Statement: [deny({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } })] },
    ],
    ['an Allow on aws:SecureTransport false', { Statement: [deny({ Effect: 'Allow' })] }],
    ['a Deny without a condition', { Statement: [deny({ Condition: undefined })] }],
    [
      'a Deny without Principal or Action',
      { Statement: { Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': false } } } },
    ],
    ['a Deny without Principal', { Statement: [deny({ Principal: undefined })] }],
    ['a Deny without Action', { Statement: [deny({ Action: undefined })] }],
    [
      'a Deny for one role only',
      { Statement: [deny({ Principal: { AWS: 'arn:aws:iam::111122223333:role/Reader' } })] },
    ],
    ['a Deny for a service principal', { Statement: [deny({ Principal: { Service: '*' } })] }],
    ['a Deny of one action', { Statement: [deny({ Action: 's3:GetObject' })] }],
    ['a Deny of a list of actions', { Statement: [deny({ Action: ['s3:GetObject', 's3:PutObject'] })] }],
    ['a Deny of every action of another service', { Statement: [deny({ Action: 'kms:*' })] }],
    ['an unparsable string', '{"Statement": ['],
    ['null', null],
  ])('rejects %s', (_name, policy) => {
    // Prepare / Act
    const result = deniesInsecureTransport(policy);
    // Assess
    expect(result).toBe(false);
  });

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

describe('deniesInsecureTransport action names', () => {
  it('treats action names case-insensitively, as IAM does', () => {
    // Prepare
    const policy = {
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'S3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    };
    // Act
    const denies = deniesInsecureTransport(policy);
    // Assess
    expect(denies).toBe(true);
  });
});

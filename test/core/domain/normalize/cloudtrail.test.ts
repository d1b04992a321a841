import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { assess } from '../../../../core/domain/catalog';
import { prepareRecord } from '../../../../core/domain/chain';
import { expandDocument, parseEvent } from '../../../../core/domain/normalize';
import { subjectKey } from '../../../../core/domain/observation';
import { REDACTED } from '../../../../core/domain/redact';
import { CloudTrailRecordSchema } from '../../../../evidence-schemas';
import {
  ACCOUNT,
  deleteAt,
  detailOf,
  type FixtureName,
  getAt,
  type JsonObject,
  loadEvent,
  OTHER_ACCOUNT,
  observe,
  observeFixture,
  setAt,
} from '../../../fixtures/builders';
import { S3_ARN, TRAIL_ARN } from './fixture-arns';

describe('CloudTrail actors', () => {
  it.each([
    [
      'ct-stop-logging',
      {
        principalType: 'AssumedRole',
        principalArn: `arn:aws:sts::${ACCOUNT}:assumed-role/PlatformAdmin/mallory.ops`,
        mfaAuthenticated: true,
      },
    ],
    [
      'ct-create-access-key-iam-user',
      {
        principalType: 'IAMUser',
        principalArn: `arn:aws:iam::${ACCOUNT}:user/priya.secops`,
        userName: 'priya.secops',
      },
    ],
    [
      'ct-create-access-key-root',
      { principalType: 'Root', principalArn: `arn:aws:iam::${OTHER_ACCOUNT}:root`, mfaAuthenticated: false },
    ],
    [
      'ct-put-retention-policy',
      { principalType: 'AssumedRole', invokedBy: 'cloudformation.amazonaws.com', mfaAuthenticated: false },
    ],
    [
      'signin-root',
      {
        principalType: 'Root',
        principalArn: `arn:aws:iam::${OTHER_ACCOUNT}:root`,
        sourceIpAddress: '198.51.100.140',
      },
    ],
  ] as const)('%s has the expected actor', (name, expected) => {
    // Prepare
    const raw = loadEvent(name);
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.actor).toMatchObject(expected);
  });

  it('has no actor for Config evidence', () => {
    // Prepare / Act
    const obs = observeFixture('config-ci-s3-bucket');
    // Assess
    expect(obs.actor).toBeUndefined();
  });

  it('records a failed call with its error code in source and facts', () => {
    // Prepare / Act
    const obs = observeFixture('ct-access-denied');
    // Assess
    expect(obs.source.errorCode).toBe('AccessDenied');
    expect(obs.facts).toMatchObject({
      type: 'api-call',
      eventName: 'StopLogging',
      errorCode: 'AccessDenied',
      callerType: 'IAMUser',
    });
  });

  it('reads a console sign-in result and MFA use', () => {
    // Prepare
    const names: FixtureName[] = [
      'signin-root',
      'signin-iam-user-mfa',
      'signin-iam-user-no-mfa',
      'signin-failure',
    ];
    // Act
    const facts = names.map((n) => observeFixture(n).facts);
    // Assess
    expect(facts).toEqual([
      {
        type: 'console-sign-in',
        eventName: 'ConsoleLogin',
        result: 'Success',
        mfaUsed: false,
        identityType: 'Root',
      },
      {
        type: 'console-sign-in',
        eventName: 'ConsoleLogin',
        result: 'Success',
        mfaUsed: true,
        identityType: 'IAMUser',
      },
      {
        type: 'console-sign-in',
        eventName: 'ConsoleLogin',
        result: 'Success',
        mfaUsed: false,
        identityType: 'IAMUser',
      },
      {
        type: 'console-sign-in',
        eventName: 'ConsoleLogin',
        result: 'Failure',
        mfaUsed: false,
        identityType: 'IAMUser',
      },
    ]);
  });
});

describe('CloudTrail via EventBridge and via a log file', () => {
  it('gives the same source event id, so the two deliveries dedupe', () => {
    // Prepare
    const viaEventBridge = loadEvent('ct-stop-logging');
    const records = expandDocument(loadEvent('cloudtrail-log-file'));
    // Act
    const a = observe(viaEventBridge);
    const fromFile = records.map((r) => parseEvent(r)).filter((o) => o.kind === 'observation');
    const b = fromFile.map((o) => o.observation).find((o) => o.source.eventName === 'StopLogging');
    // Assess
    expect(b?.source.eventId).toBe(a.source.eventId);
    expect(b?.source.eventId).toBe(getAt(viaEventBridge, ['detail', 'eventID']));
    expect(b && prepareRecord(b, assess(b)).content.evidenceId).toBe(
      prepareRecord(a, assess(a)).content.evidenceId,
    );
  });
});

describe('CloudTrail records without eventID (first log format)', () => {
  /** StopLogging as CloudTrail's first log format writes it: eventVersion 1.0 and no eventID. */
  const firstFormat = (): JsonObject => {
    const record = deleteAt(detailOf('ct-stop-logging'), ['eventID']);
    return setAt(record, ['eventVersion'], '1.0');
  };
  const sha256OfParsed = (record: JsonObject): string =>
    createHash('sha256')
      .update(canonicalize(CloudTrailRecordSchema.parse(record)) ?? '')
      .digest('hex');

  it('derives the source event id from the SHA-256 of the canonical parsed record', () => {
    // Prepare
    const record = firstFormat();
    // Act
    const obs = observe(record);
    // Assess
    expect(obs.source.eventId).toBe(`cloudtrail-sha256:${sha256OfParsed(record)}`);
    expect(obs.source.eventId).toMatch(/^cloudtrail-sha256:[0-9a-f]{64}$/);
    expect(obs.source.kind).toBe('cloudtrail-api-call');
    expect(obs.subject.arn).toBe(TRAIL_ARN);
  });

  it('gives one record the same id on every ingestion and by either delivery, so it dedupes', () => {
    // Prepare
    const viaEventBridge = setAt(loadEvent('ct-stop-logging'), ['detail'], firstFormat());
    // Act
    const observations = [observe(firstFormat()), observe(firstFormat()), observe(viaEventBridge)];
    // Assess
    const ids = observations.map((o) => o.source.eventId);
    expect(new Set(ids).size).toBe(1);
    const evidenceIds = observations.map((o) => prepareRecord(o, assess(o)).content.evidenceId);
    expect(new Set(evidenceIds).size).toBe(1);
  });

  it('hashes the parsed record, so two spellings of one eventTime give one id', () => {
    // Prepare
    const spellings = ['2025-03-08T02:14:05Z', '2025-03-08T02:14:05.000Z', 1741400045];
    // Act
    const ids = spellings.map((t) => observe(setAt(firstFormat(), ['eventTime'], t)).source.eventId);
    // Assess
    expect(new Set(ids).size).toBe(1);
  });

  it.each([
    [['eventTime'], '2025-03-08T02:14:06Z'],
    [['sourceIPAddress'], '198.51.100.24'],
    [['userAgent'], 'aws-cli/2.22.11'],
    [['requestID'], '5e7a9c1b-3d5f-4a80-b2c4-e6f8a0b2c4d7'],
    [['userIdentity', 'principalId'], 'AROAEXAMPLEROLE00017:eve.ops'],
  ] as const)('gives a different id when %j changes', (path, value) => {
    // Prepare
    const changed = setAt(firstFormat(), path, value);
    // Act
    const ids = [observe(firstFormat()).source.eventId, observe(changed).source.eventId];
    // Assess
    expect(ids[1]).toMatch(/^cloudtrail-sha256:/);
    expect(ids[1]).not.toBe(ids[0]);
  });

  it('keeps the record’s own eventID when there is one', () => {
    // Prepare
    const record = detailOf('ct-stop-logging');
    // Act
    const obs = observe(record);
    // Assess
    expect(obs.source.eventId).toBe('8f2b4d6e-0a1c-4e3f-9b5d-7c9e1a3b5d7f');
  });
});

describe('CloudTrail accounts', () => {
  it('takes a caller account from userIdentity and left-pads it when recipientAccountId is absent', () => {
    // Prepare
    const record = deleteAt(detailOf('ct-put-bucket-policy'), ['recipientAccountId']);
    setAt(record, ['userIdentity', 'accountId'], '11112222333');
    // Act
    const obs = observe(record);
    // Assess
    expect(obs.subject.accountId).toBe('011112222333');
  });

  it('keeps the recipient account when the caller is ANONYMOUS_PRINCIPAL', () => {
    // Prepare
    const raw = setAt(loadEvent('ct-put-bucket-policy'), ['detail', 'userIdentity'], {
      type: 'AWSAccount',
      principalId: '',
      accountId: 'ANONYMOUS_PRINCIPAL',
    });
    setAt(raw, ['detail', 'errorCode'], 'AccessDenied');
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject).toMatchObject({ accountId: ACCOUNT, arn: S3_ARN });
    expect(obs.actor).toMatchObject({ principalType: 'AWSAccount', accountId: 'ANONYMOUS_PRINCIPAL' });
  });
});

describe('a failed IAM-user console sign-in', () => {
  it('gives the failed and the successful sign-in of one user the same subject key', () => {
    // Prepare
    const failed = loadEvent('signin-failure');
    const succeeded = loadEvent('signin-iam-user-no-mfa');
    // Act
    const keys = [observe(failed), observe(succeeded)].map((o) => subjectKey(o.subject));
    // Assess
    expect(getAt(failed, ['detail', 'userIdentity', 'arn'])).toBeUndefined();
    expect(keys).toEqual([`arn:aws:iam::${ACCOUNT}:user/contractor.temp`, keys[0]]);
  });

  it('derives the user ARN in the partition of the region', () => {
    // Prepare
    const raw = setAt(loadEvent('signin-failure'), ['detail', 'awsRegion'], 'us-gov-west-1');
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject.arn).toBe(`arn:aws-us-gov:iam::${ACCOUNT}:user/contractor.temp`);
  });
});

describe('redaction of call parameters', () => {
  it('redacts an ECS environment inside a CloudTrail call before it reaches a record', () => {
    // Prepare
    const raw = loadEvent('ct-put-bucket-policy');
    setAt(
      raw,
      ['detail', 'requestParameters', 'environment'],
      [{ name: 'API_URL', value: 'sk-live-EXAMPLE' }],
    );
    setAt(raw, ['detail', 'requestParameters', 'Tags'], [{ Key: 'patient', Value: 'jane-roe' }]);
    // Act
    const obs = observe(raw);
    const stored = JSON.stringify(prepareRecord(obs, assess(obs)));
    // Assess
    expect(getAt(obs.facts, ['requestParameters', 'environment'])).toEqual([
      { name: 'API_URL', value: REDACTED },
    ]);
    expect(getAt(obs.facts, ['requestParameters', 'Tags'])).toEqual({ tagKeys: ['patient'] });
    expect(stored).not.toContain('sk-live-EXAMPLE');
    expect(stored).not.toContain('jane-roe');
  });
});

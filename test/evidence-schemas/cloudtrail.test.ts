import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../core/domain/normalize';
import {
  CloudTrailEventBridgeSchema,
  CloudTrailInsightEventBridgeSchema,
  CloudTrailLogFileSchema,
  CloudTrailRecordSchema,
} from '../../evidence-schemas';
import { deleteAt, type FixtureName, getAt, loadEvent, setAt } from '../fixtures/builders';

const EVENTBRIDGE_FIXTURES: FixtureName[] = [
  'ct-stop-logging',
  'ct-start-logging',
  'ct-delete-trail',
  'ct-update-trail',
  'ct-put-retention-policy',
  'ct-delete-retention-policy',
  'ct-put-bucket-policy',
  'ct-create-access-key-iam-user',
  'ct-create-access-key-root',
  'ct-access-denied',
  'ct-service-event-kms-rotate-key',
  'ct-console-action',
  'signin-root',
  'signin-iam-user-mfa',
  'signin-iam-user-no-mfa',
  'signin-failure',
];

const paths = (issues: { path: PropertyKey[] }[] | undefined) => (issues ?? []).map((i) => i.path.join('.'));

describe('CloudTrailEventBridgeSchema', () => {
  it.each(EVENTBRIDGE_FIXTURES)('accepts %s and normalizes eventTime', (name) => {
    // Prepare
    const raw = loadEvent(name);
    // Act
    const result = CloudTrailEventBridgeSchema.safeParse(raw);
    // Assess
    expect(result.error).toBeUndefined();
    expect(result.data?.detail.eventTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
  });

  it.each([
    [
      'a non-digit recipient account',
      ['detail', 'recipientAccountId'],
      'acct-1111',
      'detail.recipientAccountId',
    ],
    [
      'a 13-digit recipient account',
      ['detail', 'recipientAccountId'],
      '1111222233334',
      'detail.recipientAccountId',
    ],
    ['a bad eventTime', ['detail', 'eventTime'], 'at noon', 'detail.eventTime'],
    ['an empty eventID', ['detail', 'eventID'], '', 'detail.eventID'],
    ['an empty eventName', ['detail', 'eventName'], '', 'detail.eventName'],
    ['a bad awsRegion', ['detail', 'awsRegion'], 'us_east_1', 'detail.awsRegion'],
    ['an unexpected detail-type', ['detail-type'], 'AWS API Call via CloudTrail (v2)', 'detail-type'],
    ['an empty envelope id', ['id'], '', 'id'],
  ] as const)('rejects %s, naming the field', (_name, path, value, field) => {
    // Prepare
    const raw = setAt(loadEvent('ct-stop-logging'), path, value);
    // Act
    const result = CloudTrailEventBridgeSchema.safeParse(raw);
    // Assess
    expect(result.success).toBe(false);
    expect(paths(result.error?.issues)).toContain(field);
  });

  it('says what is wrong with a bad recipient account', () => {
    // Prepare
    const raw = setAt(loadEvent('ct-stop-logging'), ['detail', 'recipientAccountId'], 'acct-1111');
    // Act
    const result = CloudTrailEventBridgeSchema.safeParse(raw);
    // Assess
    expect(result.error?.issues.find((i) => i.path.join('.') === 'detail.recipientAccountId')?.message).toBe(
      'an AWS account id is 12 digits, got "acct-1111"',
    );
  });

  it('restores the leading zero of a recipient account given as a number', () => {
    // Prepare
    const raw = setAt(loadEvent('ct-stop-logging'), ['detail', 'recipientAccountId'], 11112222333);
    // Act
    const result = CloudTrailEventBridgeSchema.safeParse(raw);
    // Assess
    expect(result.data?.detail.recipientAccountId).toBe('011112222333');
  });

  it('accepts a record without eventID (first log format) and says an empty one is empty', () => {
    // Prepare
    const missing = deleteAt(loadEvent('ct-stop-logging'), ['detail', 'eventID']);
    setAt(missing, ['detail', 'eventVersion'], '1.0');
    const empty = setAt(loadEvent('ct-stop-logging'), ['detail', 'eventID'], '');
    // Act
    const results = [missing, empty].map((e) => CloudTrailEventBridgeSchema.safeParse(e));
    // Assess
    expect(results[0]?.error).toBeUndefined();
    expect(results[0]?.data?.detail).not.toHaveProperty('eventID');
    expect(paths(results[1]?.error?.issues)).toEqual(['detail.eventID']);
    expect(results[1]?.error?.issues[0]?.message).toBe('CloudTrail eventID is empty');
  });

  it('accepts MFA flags as strings or booleans', () => {
    // Prepare
    const raw = setAt(
      loadEvent('ct-stop-logging'),
      ['detail', 'userIdentity', 'sessionContext', 'attributes', 'mfaAuthenticated'],
      true,
    );
    // Act
    const result = CloudTrailEventBridgeSchema.safeParse(raw);
    // Assess
    expect(result.success).toBe(true);
  });
});

describe('CloudTrailInsightEventBridgeSchema', () => {
  it('accepts an Insights event and keeps the anomaly it names', () => {
    // Prepare
    const raw = loadEvent('ct-insight');
    // Act
    const result = CloudTrailInsightEventBridgeSchema.safeParse(raw);
    // Assess
    expect(result.error).toBeUndefined();
    expect(result.data?.detail.insightDetails).toMatchObject({
      state: 'Start',
      insightType: 'ApiCallRateInsight',
      eventName: 'CreateAccessKey',
    });
  });

  it('is not a CloudTrail record, and an API call is not an Insights event', () => {
    // Prepare
    const insight = loadEvent('ct-insight');
    const call = loadEvent('ct-stop-logging');
    // Act
    const results = [
      CloudTrailEventBridgeSchema.safeParse(insight),
      CloudTrailInsightEventBridgeSchema.safeParse(call),
    ];
    // Assess
    expect(paths(results[0]?.error?.issues)).toEqual(
      expect.arrayContaining(['detail-type', 'detail.eventSource', 'detail.eventName']),
    );
    expect(paths(results[1]?.error?.issues)).toEqual(
      expect.arrayContaining(['detail-type', 'detail.eventType']),
    );
  });
});

describe('CloudTrailRecordSchema', () => {
  it('accepts every record of a log file', () => {
    // Prepare
    const file = CloudTrailLogFileSchema.parse(loadEvent('cloudtrail-log-file'));
    // Act
    const results = file.Records.map((r) => CloudTrailRecordSchema.safeParse(r));
    // Assess
    expect(results.map((r) => r.success)).toEqual([true, true, true]);
  });

  it('takes the account from userIdentity when recipientAccountId is absent', () => {
    // Prepare
    const record = deleteAt(getAt(loadEvent('ct-stop-logging'), ['detail']), ['recipientAccountId']);
    // Act
    const result = CloudTrailRecordSchema.safeParse(record);
    // Assess
    expect(result.success).toBe(true);
  });

  it('rejects a record that names no account at all', () => {
    // Prepare
    const record = getAt(loadEvent('ct-put-bucket-policy'), ['detail']);
    deleteAt(record, ['recipientAccountId']);
    deleteAt(record, ['userIdentity', 'accountId']);
    // Act
    const result = CloudTrailRecordSchema.safeParse(record);
    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      'CloudTrail record names no account (neither recipientAccountId nor userIdentity.accountId)',
    );
  });

  it('keeps a caller accountId that is not an account, such as ANONYMOUS_PRINCIPAL', () => {
    // Prepare
    const record = getAt(loadEvent('ct-put-bucket-policy'), ['detail']);
    setAt(record, ['userIdentity'], {
      type: 'AWSAccount',
      principalId: '',
      accountId: 'ANONYMOUS_PRINCIPAL',
    });
    // Act
    const result = CloudTrailRecordSchema.safeParse(record);
    // Assess
    expect(result.error).toBeUndefined();
    expect(result.data?.userIdentity?.accountId).toBe('ANONYMOUS_PRINCIPAL');
    expect(result.data?.recipientAccountId).toBe('111122223333');
  });

  it.each([['ANONYMOUS_PRINCIPAL'], ['1111222233334'], ['']])(
    'rejects a record whose only account is the caller accountId %j',
    (accountId) => {
      // Prepare
      const record = getAt(loadEvent('ct-put-bucket-policy'), ['detail']);
      deleteAt(record, ['recipientAccountId']);
      setAt(record, ['userIdentity', 'accountId'], accountId);
      // Act
      const result = CloudTrailRecordSchema.safeParse(record);
      // Assess
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/^CloudTrail record names no account /);
    },
  );

  it('accepts null requestParameters and responseElements', () => {
    // Prepare
    const record = getAt(loadEvent('ct-create-access-key-root'), ['detail']);
    setAt(record, ['responseElements'], null);
    // Act
    const result = CloudTrailRecordSchema.safeParse(record);
    // Assess
    expect(result.data?.requestParameters).toBeNull();
    expect(result.data?.responseElements).toBeNull();
  });
});

describe('an anonymous S3 data event', () => {
  it('is ignored by parseEvent, not quarantined as invalid', () => {
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
    expect(out).toEqual({ kind: 'ignored', reason: 'CloudTrail event GetObject bears on no control' });
  });
});

describe('CloudTrailLogFileSchema', () => {
  it('requires a Records array', () => {
    // Prepare
    const good = loadEvent('cloudtrail-log-file');
    const bad = { Records: { eventName: 'StopLogging' } };
    // Act
    const results = [CloudTrailLogFileSchema.safeParse(good), CloudTrailLogFileSchema.safeParse(bad)];
    // Assess
    expect(results.map((r) => r.success)).toEqual([true, false]);
    expect(paths(results[1]?.error?.issues)).toEqual(['Records']);
  });
});

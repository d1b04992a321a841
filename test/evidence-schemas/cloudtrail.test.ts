import { describe, expect, it } from 'vitest';
import {
  CloudTrailEventBridgeSchema,
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
    ['a bad recipient account', ['detail', 'recipientAccountId'], '1111222233', 'detail.recipientAccountId'],
    [
      'a bad caller account',
      ['detail', 'userIdentity', 'accountId'],
      'ANONYMOUS',
      'detail.userIdentity.accountId',
    ],
    ['a bad eventTime', ['detail', 'eventTime'], 'at noon', 'detail.eventTime'],
    ['an empty eventID', ['detail', 'eventID'], '', 'detail.eventID'],
    ['an empty eventName', ['detail', 'eventName'], '', 'detail.eventName'],
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

  it('rejects a missing eventID by name and says an empty one is empty', () => {
    // Prepare
    const missing = deleteAt(loadEvent('ct-stop-logging'), ['detail', 'eventID']);
    const empty = setAt(loadEvent('ct-stop-logging'), ['detail', 'eventID'], '');
    // Act
    const results = [missing, empty].map((e) => CloudTrailEventBridgeSchema.safeParse(e));
    // Assess
    expect(paths(results[0]?.error?.issues)).toEqual(['detail.eventID']);
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

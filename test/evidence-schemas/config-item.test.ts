import { describe, expect, it } from 'vitest';
import { ConfigItemSchema, ConfigItemSummarySchema } from '../../evidence-schemas';
import { deleteAt, getAt, type JsonObject, loadEvent, setAt } from '../fixtures/builders';

/** The configurationItem of an EventBridge fixture, as a bare item. */
function itemOf(name: 'config-ci-s3-bucket' | 'config-ci-rds-instance' | 'config-ci-ebs-volume'): JsonObject {
  const ci = getAt(loadEvent(name), ['detail', 'configurationItem']);
  if (ci === null || typeof ci !== 'object' || Array.isArray(ci))
    throw new Error(`${name} has no configurationItem`);
  return { ...ci };
}

describe('ConfigItemSchema', () => {
  it('accepts the EventBridge spelling (awsAccountId, ARN)', () => {
    // Prepare
    const item = itemOf('config-ci-s3-bucket');
    // Act
    const ci = ConfigItemSchema.parse(item);
    // Assess
    expect(ci.accountId).toBe('111122223333');
    expect(ci.arn).toBe('arn:aws:s3:::clinic-phi-intake');
  });

  it('accepts the API spelling (accountId, arn), a JSON-string configuration and epoch seconds', () => {
    // Prepare
    const item = loadEvent('config-item-api');
    // Act
    const ci = ConfigItemSchema.parse(item);
    // Assess
    expect(ci).toMatchObject({
      accountId: '444455556666',
      region: 'us-west-2',
      arn: 'arn:aws:s3:::radiology-exports-west',
      captureTime: '2025-02-18T13:46:55.270Z',
      stateId: '1739886415270',
      configuration: { name: 'radiology-exports-west', creationDate: '2024-08-30T06:40:00.000Z' },
    });
  });

  it('decodes JSON-string supplementary values, one level per value', () => {
    // Prepare
    const item = loadEvent('config-item-api');
    // Act
    const ci = ConfigItemSchema.parse(item);
    // Assess
    expect(ci.supplementaryConfiguration.ServerSideEncryptionConfiguration).toEqual({
      rules: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256', kmsMasterKeyID: null },
          bucketKeyEnabled: false,
        },
      ],
    });
    expect(getAt(ci.supplementaryConfiguration, ['BucketPolicy', 'policyText'])).toEqual(
      expect.stringContaining('"aws:SecureTransport":false'),
    );
    expect(ci.supplementaryConfiguration.IsRequesterPaysEnabled).toBe('false');
  });

  it('prefers awsAccountId and ARN when both spellings are present', () => {
    // Prepare
    const item = { ...itemOf('config-ci-s3-bucket'), accountId: '444455556666', arn: 'arn:aws:s3:::other' };
    // Act
    const ci = ConfigItemSchema.parse(item);
    // Assess
    expect(ci.accountId).toBe('111122223333');
    expect(ci.arn).toBe('arn:aws:s3:::clinic-phi-intake');
  });

  it('normalizes tags given as a map, as key/value pairs or as Key/Value pairs', () => {
    // Prepare
    const base = itemOf('config-ci-rds-instance');
    const forms = [
      { a: 'x', n: 5 },
      [
        { key: 'a', value: 'x' },
        { key: 'n', value: 5 },
      ],
      [
        { Key: 'a', Value: 'x' },
        { Key: 'n', Value: 5 },
      ],
    ];
    // Act
    const tags = forms.map((t) => ConfigItemSchema.parse({ ...base, tags: t }).tags);
    // Assess
    expect(tags).toEqual([
      { a: 'x', n: '5' },
      { a: 'x', n: '5' },
      { a: 'x', n: '5' },
    ]);
  });

  it('turns a null configuration, unparsable JSON or odd tags into empty objects', () => {
    // Prepare
    const base = itemOf('config-ci-ebs-volume');
    // Act
    const nulled = ConfigItemSchema.parse({
      ...base,
      configuration: null,
      supplementaryConfiguration: null,
      tags: null,
    });
    const broken = ConfigItemSchema.parse({ ...base, configuration: '{oops', tags: 'k=v' });
    // Assess
    expect([nulled.configuration, nulled.supplementaryConfiguration, nulled.tags]).toEqual([{}, {}, {}]);
    expect([broken.configuration, broken.tags]).toEqual([{}, {}]);
  });

  it.each([
    ['a non-digit account id', ['awsAccountId'], 'acct-1111', 'awsAccountId'],
    ['a 13-digit account id', ['awsAccountId'], '1111222233334', 'awsAccountId'],
    [
      'a bad capture time',
      ['configurationItemCaptureTime'],
      'sometime in March',
      'configurationItemCaptureTime',
    ],
    ['a region with underscores', ['awsRegion'], 'us_east_1', 'awsRegion'],
    ['a one-letter region', ['awsRegion'], 'x', 'awsRegion'],
    ['an empty resource id', ['resourceId'], '', 'resourceId'],
  ] as const)('rejects %s, naming the field', (_name, path, value, field) => {
    // Prepare
    const item = setAt(itemOf('config-ci-s3-bucket'), path, value);
    // Act
    const result = ConfigItemSchema.safeParse(item);
    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(field);
  });

  it('restores the leading zeros of an account id a tool turned into a number', () => {
    // Prepare
    const api = setAt(loadEvent('config-item-api'), ['accountId'], 11112222333);
    const event = setAt(itemOf('config-ci-s3-bucket'), ['awsAccountId'], '22223333');
    // Act
    const ids = [ConfigItemSchema.parse(api).accountId, ConfigItemSchema.parse(event).accountId];
    // Assess
    expect(ids).toEqual(['011112222333', '000022223333']);
  });

  it('rejects an item with no account in either spelling', () => {
    // Prepare
    const item = deleteAt(loadEvent('config-item-api'), ['accountId']);
    // Act
    const result = ConfigItemSchema.safeParse(item);
    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      'configuration item has neither awsAccountId nor accountId',
    );
  });
});

describe('ConfigItemSummarySchema', () => {
  it('normalizes a summary and never carries configuration', () => {
    // Prepare
    const summary = getAt(loadEvent('config-ci-oversized'), ['detail', 'configurationItemSummary']);
    // Act
    const s = ConfigItemSummarySchema.parse(summary);
    // Assess
    expect(s).toEqual({
      accountId: '111122223333',
      region: 'us-east-1',
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'clinic-imaging-archive',
      resourceName: 'clinic-imaging-archive',
      arn: 'arn:aws:s3:::clinic-imaging-archive',
      captureTime: '2025-03-05T11:20:41.005Z',
      status: 'OK',
      stateId: '1741173641005',
      configuration: {},
      supplementaryConfiguration: {},
      tags: {},
    });
  });
});

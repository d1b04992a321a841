import { describe, expect, it } from 'vitest';
import {
  AccountIdSchema,
  ArnSchema,
  decodeJsonString,
  IsoTimeSchema,
  JsonObjectSchema,
  RegionSchema,
  TimestampSchema,
  toIsoTime,
} from '../../evidence-schemas';

describe('toIsoTime', () => {
  it.each([
    ['ISO with Z and no millis', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00.000Z'],
    ['ISO with millis', '2025-01-01T00:00:00.123Z', '2025-01-01T00:00:00.123Z'],
    ['ISO with one fraction digit', '2025-01-01T00:00:00.1Z', '2025-01-01T00:00:00.100Z'],
    ['ISO with microseconds and an offset', '2017-02-04T06:10:33.880000-05:00', '2017-02-04T11:10:33.880Z'],
    ['ISO with a basic offset', '2025-01-01T05:00:00+0500', '2025-01-01T00:00:00.000Z'],
    ['ISO without zone (UTC assumed)', '2025-01-01T00:00:00', '2025-01-01T00:00:00.000Z'],
    ['space separator without seconds', '2025-01-01 08:30', '2025-01-01T08:30:00.000Z'],
    ['epoch seconds', 1735689600, '2025-01-01T00:00:00.000Z'],
    ['fractional epoch seconds', 1739886415.27, '2025-02-18T13:46:55.270Z'],
    ['epoch milliseconds', 1735689600123, '2025-01-01T00:00:00.123Z'],
    ['epoch seconds as a digit string', '1735689600', '2025-01-01T00:00:00.000Z'],
    ['epoch milliseconds as a digit string', '1741082297904', '2025-03-04T09:58:17.904Z'],
    ['RFC 2822', 'Wed, 01 Jan 2025 00:00:00 GMT', '2025-01-01T00:00:00.000Z'],
    ['padded', '  2025-01-01T00:00:00Z  ', '2025-01-01T00:00:00.000Z'],
  ])('normalizes %s', (_name, input, expected) => {
    // Prepare / Act
    const iso = toIsoTime(input);
    // Assess
    expect(iso).toBe(expected);
    expect(IsoTimeSchema.safeParse(iso).success).toBe(true);
  });

  it.each([
    ['an empty string', ''],
    ['words', 'yesterday'],
    ['an impossible month', '2025-13-01T00:00:00Z'],
    ['a time before AWS existed', '1999-12-31T23:59:59Z'],
    ['a time after 2200', '2201-01-01T00:00:00Z'],
    ['a tiny epoch number', 1],
    ['a negative number', -1735689600],
    ['NaN', Number.NaN],
    ['a boolean', true],
    ['null', null],
    ['an object', { seconds: 1735689600 }],
  ])('rejects %s', (_name, input) => {
    // Prepare / Act
    const iso = toIsoTime(input);
    // Assess
    expect(iso).toBeUndefined();
  });
});

describe('TimestampSchema', () => {
  it('transforms every accepted spelling to ISO with milliseconds', () => {
    // Prepare
    const inputs = ['2025-01-01T00:00:00Z', 1735689600, '1735689600000'];
    // Act
    const out = inputs.map((i) => TimestampSchema.parse(i));
    // Assess
    expect(out).toEqual(Array(3).fill('2025-01-01T00:00:00.000Z'));
  });

  it('says which value is not a timestamp', () => {
    // Prepare / Act
    const result = TimestampSchema.safeParse('last tuesday');
    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('not a valid timestamp: "last tuesday"');
  });
});

describe('identifier schemas', () => {
  it.each([
    [AccountIdSchema, '111122223333', true],
    [AccountIdSchema, '11112222333', false],
    [AccountIdSchema, '1111222233334', false],
    [AccountIdSchema, 'abcdefghijkl', false],
    [RegionSchema, 'us-east-1', true],
    [RegionSchema, 'us-gov-west-1', true],
    [RegionSchema, 'ap-southeast-4', true],
    [RegionSchema, 'global', true],
    [RegionSchema, 'US-EAST-1', false],
    [RegionSchema, 'us-east', false],
    [ArnSchema, 'arn:aws:s3:::clinic-phi-intake', true],
    [ArnSchema, 'arn:aws:iam::111122223333:root', true],
    [ArnSchema, 'arn:aws-us-gov:logs:us-gov-west-1:111122223333:log-group:/a', true],
    [ArnSchema, 'arn:aws:iam::1111:root', false],
    [ArnSchema, 'clinic-phi-intake', false],
  ] as const)('%#: %s valid=%s', (schema, value, valid) => {
    // Prepare / Act
    const result = schema.safeParse(value);
    // Assess
    expect(result.success).toBe(valid);
  });

  it('explains a bad account id', () => {
    // Prepare / Act
    const result = AccountIdSchema.safeParse('1234');
    // Assess
    expect(result.error?.issues[0]?.message).toBe('an AWS account id is exactly 12 digits');
  });
});

describe('JSON carried in strings', () => {
  it('accepts an object or a JSON-encoded object for JsonObjectSchema', () => {
    // Prepare
    const inputs = [{ a: 1 }, '{"a":1}', ' {"a":1} '];
    // Act
    const out = inputs.map((i) => JsonObjectSchema.safeParse(i));
    // Assess
    expect(out.map((r) => r.data)).toEqual([{ a: 1 }, { a: 1 }, { a: 1 }]);
  });

  it.each([['[1,2]'], ['"text"'], ['{broken'], ['null']])('rejects %s as a JSON object', (input) => {
    // Prepare / Act
    const result = JsonObjectSchema.safeParse(input);
    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('expected a JSON object or a JSON-encoded object string');
  });

  it('decodes JSON objects and arrays in strings and leaves everything else alone', () => {
    // Prepare
    const inputs: unknown[] = ['{"policyText":null}', '[1]', 'false', 'plain', '{not json', 7, null];
    // Act
    const out = inputs.map((i) => decodeJsonString(i));
    // Assess
    expect(out).toEqual([{ policyText: null }, [1], 'false', 'plain', '{not json', 7, null]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  AccountIdSchema,
  ArnSchema,
  decodeJsonString,
  IsoTimeSchema,
  JsonObjectSchema,
  RegionSchema,
  readTime,
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
    ['February 29th of a leap year', '2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
    ['the last second of April', '2025-04-30T23:59:59Z', '2025-04-30T23:59:59.000Z'],
    [
      'a real date whose offset crosses into the next month',
      '2025-02-28T23:30:00-01:00',
      '2025-03-01T00:30:00.000Z',
    ],
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
    ['February 30th', '2025-02-30T00:00:00Z'],
    ['April 31st', '2025-04-31T12:00:00Z'],
    ['February 29th of a common year', '2023-02-29T00:00:00Z'],
    ['day zero', '2025-01-00T00:00:00Z'],
    ['hour 24', '2025-01-01T24:00:00Z'],
    ['minute 60', '2025-01-01T10:60:00Z'],
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

describe('AccountIdSchema', () => {
  it.each([
    ['a 12-digit string', '111122223333', '111122223333'],
    ['a 12-digit string with leading zeros', '000011112222', '000011112222'],
    ['an all-zero string of 9 digits', '000000000', '000000000000'],
    ['an 11-digit string', '11112222333', '011112222333'],
    ['an 11-digit number', 11112222333, '011112222333'],
    ['a 12-digit number', 111122223333, '111122223333'],
    ['a one-digit number', 7, '000000000007'],
  ] as const)('accepts %s and left-pads it to 12 digits', (_name, input, expected) => {
    // Prepare / Act
    const result = AccountIdSchema.safeParse(input);
    // Assess
    expect(result.data).toBe(expected);
  });

  it.each([
    ['a 13-digit string', '1111222233334', '"1111222233334"'],
    ['a 13-digit number', 1111222233334, '1111222233334'],
    ['letters', 'abcdefghijkl', '"abcdefghijkl"'],
    ['an id with a prefix', 'acct-1111', '"acct-1111"'],
    ['dashes between digit groups', '1111-2222-3333', '"1111-2222-3333"'],
    ['surrounding spaces', ' 111122223333 ', '" 111122223333 "'],
    ['an empty string', '', '""'],
  ] as const)('rejects %s with a message that shows the value', (_name, input, shown) => {
    // Prepare / Act
    const result = AccountIdSchema.safeParse(input);
    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(`an AWS account id is 12 digits, got ${shown}`);
  });

  it.each([
    ['a negative number', -1],
    ['a fraction', 1111.5],
    ['null', null],
    ['a boolean', true],
  ] as const)('rejects %s', (_name, input) => {
    // Prepare / Act
    const result = AccountIdSchema.safeParse(input);
    // Assess
    expect(result.success).toBe(false);
  });
});

describe('RegionSchema', () => {
  it.each([
    'us-east-1',
    'us-gov-west-1',
    'ap-southeast-4',
    'global',
    'us-east',
    'us-isob-east-1',
    'mx-central-1',
    'abcd',
    'a'.repeat(32),
  ])('accepts %s', (value) => {
    // Prepare / Act
    const result = RegionSchema.safeParse(value);
    // Assess
    expect(result.success).toBe(true);
  });

  it.each([
    'US-EAST-1',
    'US East 1',
    'us_east_1',
    'x',
    'abc',
    'a'.repeat(33),
    '1us-east-1',
    'us-east-',
    '-us-east-1',
    '',
  ])('rejects %j', (value) => {
    // Prepare / Act
    const result = RegionSchema.safeParse(value);
    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('not an AWS region name (for example us-east-1)');
  });
});

describe('ArnSchema', () => {
  it.each([
    ['arn:aws:s3:::clinic-phi-intake', true],
    ['arn:aws:iam::111122223333:root', true],
    ['arn:aws-us-gov:logs:us-gov-west-1:111122223333:log-group:/a', true],
    ['arn:aws:iam::1111:root', false],
    ['clinic-phi-intake', false],
  ] as const)('%s valid=%s', (value, valid) => {
    // Prepare / Act
    const result = ArnSchema.safeParse(value);
    // Assess
    expect(result.success).toBe(valid);
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

describe('readTime says why a time is refused', () => {
  it('names an implausibly old time instead of calling it invalid (event time sanity)', () => {
    const read = readTime('2000-01-01T00:00:00Z');
    expect(read).toEqual({
      problem: expect.stringMatching(/^implausibly old time 2000-01-01T00:00:00.000Z .*cannot predate 2006/),
    });
    expect(TimestampSchema.safeParse('2000-01-01T00:00:00Z').error?.issues[0]?.message).toMatch(
      /implausibly old time/,
    );
  });

  it('tells an impossible date, a far-future time and garbage apart', () => {
    expect(readTime('2026-02-30T00:00:00Z')).toEqual({
      problem: expect.stringMatching(/no such date or time/),
    });
    expect(readTime('2300-01-01T00:00:00Z')).toEqual({ problem: expect.stringMatching(/after 2199/) });
    expect(readTime('yesterday')).toEqual({ problem: expect.stringMatching(/^not a valid timestamp/) });
    expect(readTime('2026-10-01T12:00:00Z')).toEqual({ iso: '2026-10-01T12:00:00.000Z' });
  });
});

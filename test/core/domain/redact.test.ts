import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactionPolicy, tagKeysOf } from '../../../core/domain/redact';
import { ConfigItemChangeEventSchema } from '../../../evidence-schemas';
import { getAt, loadEvent } from '../../fixtures/builders';

describe('redaction', () => {
  it('replaces every value of a Lambda environment.variables map, keeping the names', () => {
    // Prepare
    const raw = ConfigItemChangeEventSchema.parse(loadEvent('config-ci-lambda-function'));
    if (raw.detail.messageType !== 'ConfigurationItemChangeNotification')
      throw new Error('fixture is not a full CI');
    const configuration = raw.detail.configurationItem.configuration;
    // Act
    const out = redact(configuration, redactionPolicy());
    // Assess
    expect(getAt(out, ['environment', 'variables'])).toEqual({
      CLEARINGHOUSE_URL: REDACTED,
      DB_CONN: REDACTED,
    });
    expect(getAt(out, ['functionName'])).toBe('claims-intake');
    expect(JSON.stringify(out)).not.toContain('Tr0ub4dor');
    expect(getAt(configuration, ['environment', 'variables', 'DB_CONN'])).toContain('Tr0ub4dor');
  });

  it('keeps booleans and nulls under secret-looking keys, and honours extra patterns', () => {
    // Prepare
    const value = {
      passwordEnabled: true,
      tokenExpiry: null,
      ssn: '000-00-0000',
      nested: [{ clientSecret: 'x' }],
    };
    // Act
    const out = redact(value, redactionPolicy(['SSN']));
    // Assess
    expect(out).toEqual({
      passwordEnabled: true,
      tokenExpiry: null,
      ssn: REDACTED,
      nested: [{ clientSecret: REDACTED }],
    });
  });

  it.each(['tags', 'Tags', 'TAGS', 'TagSet', 'tagSets', 'tagList', 'TagList', 'BucketTaggingConfiguration'])(
    'replaces an object or array under %s by its sorted tag keys',
    (key) => {
      // Prepare
      const value = {
        nested: { [key]: { ward: 'oncology', 'attending-md': 'dr-okafor' } },
        list: [{ [key]: [{ Key: 'patient', Value: 'jane-roe' }] }],
      };
      // Act
      const out = redact(value, redactionPolicy());
      // Assess
      expect(out).toEqual({
        nested: { [key]: { tagKeys: ['attending-md', 'ward'] } },
        list: [{ [key]: { tagKeys: ['patient'] } }],
      });
    },
  );

  it('leaves a scalar under a tag key and keys that merely contain "tag" alone', () => {
    // Prepare
    const value = { tags: 'none', tagging: { a: 'b' }, imageTag: 'v1', TagSet: null };
    // Act
    const out = redact(value, redactionPolicy());
    // Assess
    expect(out).toEqual(value);
  });

  it.each([
    ['a map', { b: 'x', a: 'y' }, ['a', 'b']],
    [
      'key/value pairs',
      [
        { key: 'b', value: 'x' },
        { key: 'a', value: 'y' },
      ],
      ['a', 'b'],
    ],
    ['Key/Value pairs', [{ Key: 'owner', Value: 'dr-okafor' }], ['owner']],
    ['S3 tagSets', { tagSets: [{ tags: { b: 'x' } }, { tags: { a: 'y', b: 'z' } }] }, ['a', 'b']],
    ['a PutBucketTagging TagSet', { TagSet: [{ Tag: [{ Key: 'ward', Value: 'icu' }] }] }, ['ward']],
    ['nothing', [], []],
  ])('tagKeysOf reads %s', (_name, tags, keys) => {
    // Prepare / Act
    const out = tagKeysOf(tags);
    // Assess
    expect(out).toEqual(keys);
  });

  it('replaces the value of every [{name, value}] entry of an ECS-style environment, keeping the names', () => {
    // Prepare
    const value = {
      containerDefinitions: [
        {
          name: 'intake',
          environment: [
            { name: 'DB_URL', value: 'postgres://intake:Tr0ub4dor@db.example/phi' },
            { name: 'REGION', value: 'us-east-1' },
          ],
        },
      ],
    };
    // Act
    const out = redact(value, redactionPolicy());
    // Assess
    expect(out).toEqual({
      containerDefinitions: [
        {
          name: 'intake',
          environment: [
            { name: 'DB_URL', value: REDACTED },
            { name: 'REGION', value: REDACTED },
          ],
        },
      ],
    });
    expect(getAt(value, ['containerDefinitions', 0, 'environment', 0, 'value'])).toContain('Tr0ub4dor');
  });
});

describe('redaction of tag shapes found in review', () => {
  it('keeps only the keys of CloudTrail tagsList and KMS TagKey/TagValue tags', () => {
    // Prepare
    const input = {
      tagsList: [{ key: 'patient', value: 'jane-roe' }],
      Tags: [{ TagKey: 'owner', TagValue: 'dr-who' }],
    };
    // Act
    const out = JSON.stringify(redact(input, redactionPolicy()));
    // Assess
    expect(out).not.toContain('jane-roe');
    expect(out).not.toContain('dr-who');
    expect(out).toContain('"tagKeys":["patient"]');
    expect(out).toContain('"tagKeys":["owner"]');
  });
});

import { describe, expect, it } from 'vitest';
import { assess } from '../../../../core/domain/catalog';
import { prepareRecord } from '../../../../core/domain/chain';
import { fromConfigItem } from '../../../../core/domain/normalize/config-item';
import { REDACTED } from '../../../../core/domain/redact';
import { ConfigItemChangeEventSchema } from '../../../../evidence-schemas';
import {
  type FixtureName,
  getAt,
  loadEvent,
  OTHER_ACCOUNT,
  observe,
  observeFixture,
  setAt,
} from '../../../fixtures/builders';

describe('configuration items', () => {
  it('normalizes an API-style item: accountId/arn, JSON-string configuration, epoch-seconds time', () => {
    // Prepare
    const raw = loadEvent('config-item-api');
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject).toEqual({
      accountId: OTHER_ACCOUNT,
      region: 'us-west-2',
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'radiology-exports-west',
      arn: 'arn:aws:s3:::radiology-exports-west',
    });
    expect(obs.observedAt).toBe('2025-02-18T13:46:55.270Z');
    expect(obs.facts).toMatchObject({
      type: 'configuration',
      configuration: { name: 'radiology-exports-west' },
      supplementaryConfiguration: {
        ServerSideEncryptionConfiguration: { rules: [expect.any(Object)] },
        IsRequesterPaysEnabled: 'false',
      },
    });
    expect(assess(obs).map((a) => [a.controlId, a.status])).toEqual([
      ['s3-bucket-encryption', 'COMPLIANT'],
      ['s3-bucket-tls', 'COMPLIANT'],
      ['s3-bucket-public-read-write', 'COMPLIANT'],
      // the item's versioning was never turned on ("Off")
      ['s3-bucket-versioning', 'NON_COMPLIANT'],
    ]);
  });

  it('marks deleted and no-longer-recorded resources as deleted', () => {
    // Prepare
    const deleted = loadEvent('config-ci-deleted');
    const notRecorded = setAt(
      loadEvent('config-ci-deleted'),
      ['detail', 'configurationItem', 'configurationItemStatus'],
      'ResourceNotRecorded',
    );
    // Act
    const facts = [observe(deleted).facts, observe(notRecorded).facts];
    // Assess
    expect(facts).toEqual([
      expect.objectContaining({
        type: 'configuration',
        status: 'ResourceDeleted',
        deleted: true,
        configuration: {},
      }),
      expect.objectContaining({ status: 'ResourceNotRecorded', deleted: true }),
    ]);
  });

  it('tags a sweep with its own source kind', () => {
    // Prepare
    const parsed = ConfigItemChangeEventSchema.parse(loadEvent('config-ci-ebs-volume'));
    if (parsed.detail.messageType !== 'ConfigurationItemChangeNotification')
      throw new Error('fixture is not a full CI');
    // Act
    const out = fromConfigItem(parsed.detail.configurationItem, 'sweep');
    // Assess
    expect(out.kind === 'observation' && out.observation.source.kind).toBe('sweep');
  });
});

describe('redaction of configuration items', () => {
  it('redacts environment variables inside evidence that reaches a record', () => {
    // Prepare
    const raw = loadEvent('config-ci-cloudtrail-trail');
    setAt(raw, ['detail', 'configurationItem', 'configuration', 'environment'], {
      variables: { CLEARINGHOUSE_URL: 'https://intake:sk-live-0000EXAMPLE@clearinghouse.example' },
    });
    // Act
    const obs = observe(raw);
    const stored = JSON.stringify(prepareRecord(obs, assess(obs)));
    // Assess
    expect(getAt(obs.facts, ['configuration', 'environment', 'variables', 'CLEARINGHOUSE_URL'])).toBe(
      REDACTED,
    );
    expect(stored).not.toContain('sk-live-0000EXAMPLE');
  });

  it('keeps only tag keys of the top-level tags', () => {
    // Prepare
    const raw = loadEvent('config-ci-kms-key');
    // Act
    const obs = observe(raw);
    const stored = JSON.stringify(prepareRecord(obs, assess(obs)));
    // Assess
    expect(getAt(obs.facts, ['tagKeys'])).toEqual(['owner-email']);
    expect(stored).toContain('owner-email');
    expect(stored).not.toContain('security-lead@clinic.example');
  });

  it.each([
    ['config-ci-s3-bucket', 'dr-ines-okafor'],
    ['config-ci-rds-instance', 'dr-samuel-achterberg'],
    ['config-ci-ebs-volume', 'oncology-trial-2291'],
  ] as const)('%s: the tag value %s repeated inside the configuration is not stored', (name, tagValue) => {
    // Prepare
    const obs = observeFixture(name);
    // Act
    const stored = JSON.stringify(prepareRecord(obs, assess(obs)));
    // Assess
    expect(JSON.stringify(loadEvent(name))).toContain(tagValue);
    expect(stored).not.toContain(tagValue);
  });

  it('keeps the tag keys where Config repeats the tags in a configuration item', () => {
    // Prepare
    const names: FixtureName[] = ['config-ci-s3-bucket', 'config-ci-rds-instance', 'config-ci-ebs-volume'];
    // Act
    const [s3, rds, ebs] = names.map((n) => observeFixture(n).facts);
    // Assess
    expect(getAt(s3, ['supplementaryConfiguration', 'BucketTaggingConfiguration'])).toEqual({
      tagKeys: ['cost-center', 'data-owner'],
    });
    expect(getAt(rds, ['supplementaryConfiguration', 'Tags'])).toEqual({ tagKeys: ['attending-physician'] });
    expect(getAt(ebs, ['configuration', 'tags'])).toEqual({ tagKeys: ['patient-cohort'] });
  });
});

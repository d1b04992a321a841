import { describe, expect, it } from 'vitest';
import { configItemChange } from '../../../cli/demo/events';
import { DEFAULT_EPHI_TAGS, ephiScopeOf, tagPairs } from '../../../core/domain/ephi';
import { parseEvent } from '../../../core/domain/normalize';
import { redactionPolicy } from '../../../core/domain/redact';
import { where } from '../../helpers/events';

const bucket = (tags: Record<string, string>, supplementaryConfiguration: Record<string, unknown> = {}) =>
  configItemChange(where, '2026-10-01T00:00:00.000Z', {
    resourceType: 'AWS::S3::Bucket',
    resourceId: 'clinic-records',
    arn: 'arn:aws:s3:::clinic-records',
    configuration: { name: 'clinic-records' },
    supplementaryConfiguration,
    tags,
  });

function factsOf(raw: unknown, policy = redactionPolicy()) {
  const outcome = parseEvent(raw, policy);
  if (outcome.kind !== 'observation' || outcome.observation.facts.type !== 'configuration')
    throw new Error(`expected a configuration observation, got ${JSON.stringify(outcome)}`);
  return outcome.observation.facts;
}

describe('ePHI scope from tags', () => {
  it.each([
    [{ ephi: 'true' }, 'ephi'],
    [{ ephi: 'TRUE' }, 'ephi'],
    [{ 'data-classification': 'ePHI' }, 'data-classification'],
    [{ 'data-classification': ' ephi ' }, 'data-classification'],
  ])('puts %j in scope by the default rules', (tags, key) => {
    expect(factsOf(bucket(tags)).ephi).toEqual({ inScope: true, matchedTagKey: key });
  });

  it.each([
    [{ ephi: 'false' }],
    [{ 'data-classification': 'public' }],
    [{ EPHI: 'true' }], // tag keys are case-sensitive in AWS
    [{}],
  ])('leaves %j out of scope', (tags) => {
    expect(factsOf(bucket(tags)).ephi).toBeUndefined();
  });

  it('applies configured rules instead of the defaults, in their order', () => {
    // Prepare
    const policy = redactionPolicy(
      [],
      [
        { key: 'compliance', values: ['HIPAA', 'hitrust'] },
        { key: 'ephi', values: ['yes'] },
      ],
    );
    // Act + Assess
    expect(factsOf(bucket({ compliance: 'hipaa', ephi: 'yes' }), policy).ephi).toEqual({
      inScope: true,
      matchedTagKey: 'compliance',
    });
    expect(factsOf(bucket({ ephi: 'true' }), policy).ephi).toBeUndefined();
  });

  it('reads supplementaryConfiguration.Tags, the list some resource types carry their tags in', () => {
    // Prepare
    const supplementary = { Tags: [{ key: 'data-classification', value: 'EPHI' }] };
    // Act
    const facts = factsOf(bucket({}, supplementary));
    // Assess
    expect(facts.ephi).toEqual({ inScope: true, matchedTagKey: 'data-classification' });
    expect(tagPairs({ a: '1' }, { Tags: [{ Key: 'b', Value: '2' }, 'junk', { key: 3 }] })).toEqual([
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
    ]);
  });

  it('never keeps a tag value in the observation', () => {
    // Prepare
    const raw = bucket(
      { 'data-classification': 'ephi-zone-7', owner: 'Dr Jane Roe MRN 4471' },
      { Tags: [{ key: 'patient', value: 'Jane Roe' }] },
    );
    const policy = redactionPolicy([], [{ key: 'data-classification', values: ['EPHI-ZONE-7'] }]);
    // Act
    const facts = factsOf(raw, policy);
    // Assess
    expect(facts.ephi).toEqual({ inScope: true, matchedTagKey: 'data-classification' });
    const text = JSON.stringify(facts);
    expect(text).not.toMatch(/Jane Roe|ephi-zone-7|4471/i);
    expect(facts.tagKeys).toEqual(['data-classification', 'owner']);
  });

  it('matches nothing with no rules', () => {
    expect(ephiScopeOf([{ key: 'ephi', value: 'true' }], [])).toBeUndefined();
    expect(ephiScopeOf([{ key: 'ephi', value: 'true' }], DEFAULT_EPHI_TAGS)).toEqual({
      inScope: true,
      matchedTagKey: 'ephi',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/audit/cloudtrail-s3-data-events';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import { advancedS3Selectors, basicSelectors, trailCall } from '../../../../fixtures/controls/identity';
import { describeControl, fromFacts } from '../control-cases';

const trail = (selectors: Record<string, unknown>) =>
  configFacts('AWS::CloudTrail::Trail', { name: 'org-audit', isMultiRegionTrail: true, ...selectors });

describeControl(control, [
  {
    name: 'trail CI with basic selectors recording S3 reads and writes of all buckets',
    observation: fromFacts(trail({ eventSelectors: basicSelectors('All') })),
    status: 'COMPLIANT',
  },
  {
    name: 'trail CI recording management events only',
    observation: fromFacts(trail({ eventSelectors: basicSelectors() })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'trail CI with advanced selectors for all S3 data events',
    observation: fromFacts(trail({ advancedEventSelectors: advancedS3Selectors() })),
    status: 'COMPLIANT',
  },
  {
    name: 'trail CI with advanced selectors for S3 reads only',
    observation: fromFacts(trail({ advancedEventSelectors: advancedS3Selectors('true') })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'PutEventSelectors adding S3 reads and writes of all buckets',
    observation: fromFacts(
      trailCall('PutEventSelectors', { trailName: 'org-audit', eventSelectors: basicSelectors('All') }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'PutEventSelectors with advanced selectors for writes only',
    observation: fromFacts(
      trailCall('PutEventSelectors', {
        trailName: 'org-audit',
        advancedEventSelectors: advancedS3Selectors('false'),
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'PutEventSelectors removing data events',
    observation: fromFacts(
      trailCall('PutEventSelectors', { trailName: 'org-audit', eventSelectors: basicSelectors() }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('cloudtrail-s3-data-events reasons', () => {
  it.each([
    [{ eventSelectors: basicSelectors('ReadOnly') }, 'the trail records no S3 data writes'],
    [
      { eventSelectors: basicSelectors('All', ['arn:aws:s3:::phi-intake/']) },
      'the trail records S3 data reads of some buckets or events only and S3 data writes of some buckets or events only',
    ],
    [
      {
        advancedEventSelectors: [
          {
            name: 'one bucket',
            fieldSelectors: [
              { field: 'eventCategory', equals: ['Data'] },
              { field: 'resources.type', equals: ['AWS::S3::Object'] },
              { field: 'resources.ARN', startsWith: ['arn:aws:s3:::phi-intake/'] },
            ],
          },
        ],
      },
      'the trail records S3 data reads of some buckets or events only and S3 data writes of some buckets or events only',
    ],
  ])('explains what is missing (%#)', (selectors, reason) => {
    // Prepare
    const obs = observationOf(trail(selectors));
    // Act
    const found = assess(obs).find((a) => a.controlId === control.id);
    // Assess
    expect(found).toMatchObject({ status: 'NON_COMPLIANT', reason });
  });

  it.each([
    ['a trail CI without selectors', trail({})],
    [
      'a PutInsightSelectors',
      trailCall('PutInsightSelectors', { trailName: 'org-audit', insightSelectors: [] }),
    ],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});

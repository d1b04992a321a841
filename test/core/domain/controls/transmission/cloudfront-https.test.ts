import { describe, expect, it } from 'vitest';
import { control } from '../../../../../core/domain/controls/transmission/cloudfront-https';
import { apiCallFacts, configFacts } from '../../../../fixtures/builders';
import {
  allowAllConfig,
  cloudFrontCall,
  DISTRIBUTION_ID,
  distribution,
  distributionConfig,
} from '../../../../fixtures/controls/edge';
import { describeControl, fromFacts } from '../control-cases';

const DISTRIBUTION = 'AWS::CloudFront::Distribution';

describeControl(control, [
  {
    name: 'a distribution CI redirecting every behavior to HTTPS',
    observation: fromFacts(configFacts(DISTRIBUTION, distribution())),
    status: 'COMPLIANT',
  },
  {
    name: 'a distribution CI with a behavior allowing HTTP',
    observation: fromFacts(configFacts(DISTRIBUTION, distribution(allowAllConfig()))),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'a swept distribution summary whose default behavior allows HTTP',
    observation: fromFacts(
      configFacts(DISTRIBUTION, {
        id: DISTRIBUTION_ID,
        defaultCacheBehavior: { viewerProtocolPolicy: 'allow-all' },
        cacheBehaviors: { quantity: 0, items: [] },
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateDistribution requiring HTTPS',
    observation: fromFacts(
      cloudFrontCall(
        'CreateDistribution',
        { distributionConfig: distributionConfig() },
        { distribution: distribution() },
      ),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'CreateDistributionWithTags allowing HTTP',
    observation: fromFacts(
      cloudFrontCall('CreateDistributionWithTags', {
        distributionConfigWithTags: {
          distributionConfig: allowAllConfig(),
          tags: { items: [{ key: 'team' }] },
        },
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'UpdateDistribution allowing HTTP',
    observation: fromFacts(
      cloudFrontCall('UpdateDistribution2020_05_31', {
        id: DISTRIBUTION_ID,
        ifMatch: 'E2QWRUHEXAMPLE',
        distributionConfig: allowAllConfig(),
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'UpdateDistribution requiring HTTPS',
    observation: fromFacts(
      cloudFrontCall('UpdateDistribution', { id: DISTRIBUTION_ID, distributionConfig: distributionConfig() }),
    ),
    status: 'COMPLIANT',
  },
]);

describe('cloudfront-https on facts that do not bear on it', () => {
  it.each([
    [
      'Lightsail’s CreateDistribution',
      apiCallFacts('CreateDistribution', {
        eventSource: 'lightsail.amazonaws.com',
        requestParameters: { distributionName: 'x' },
      }),
    ],
    ['an UpdateDistribution without a config', cloudFrontCall('UpdateDistribution', { id: DISTRIBUTION_ID })],
    ['an unrelated item', configFacts('AWS::S3::Bucket', {})],
  ])('is undefined for %s', (_name, facts) => {
    // Act
    const v = control.evaluate(facts);
    // Assess
    expect(v).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/encryption-at-rest/sns-topic-encryption';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import { snsTopic, storeCall } from '../../../../fixtures/controls/stores';
import { describeControl, fromFacts } from '../control-cases';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:lab-results';

describeControl(control, [
  {
    name: 'topic CI with a KMS key',
    observation: fromFacts(configFacts('AWS::SNS::Topic', snsTopic())),
    status: 'COMPLIANT',
  },
  {
    name: 'topic CI without a KMS key',
    observation: fromFacts(configFacts('AWS::SNS::Topic', { ...snsTopic(), KmsMasterKeyId: undefined })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateTopic with KmsMasterKeyId',
    observation: fromFacts(
      storeCall(
        'sns',
        'CreateTopic',
        { name: 'lab-results', attributes: { KmsMasterKeyId: 'alias/aws/sns' } },
        { topicArn: TOPIC },
      ),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'CreateTopic without attributes',
    observation: fromFacts(storeCall('sns', 'CreateTopic', { name: 'alerts' })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'SetTopicAttributes setting a KMS key',
    observation: fromFacts(
      storeCall('sns', 'SetTopicAttributes', {
        topicArn: TOPIC,
        attributeName: 'KmsMasterKeyId',
        attributeValue: 'alias/clinic-messages',
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'SetTopicAttributes clearing the KMS key',
    observation: fromFacts(
      storeCall('sns', 'SetTopicAttributes', {
        topicArn: TOPIC,
        attributeName: 'KmsMasterKeyId',
        attributeValue: '',
      }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('sns-topic-encryption on facts that do not bear on it', () => {
  it.each([
    [
      'a SetTopicAttributes of another attribute',
      storeCall('sns', 'SetTopicAttributes', {
        topicArn: TOPIC,
        attributeName: 'DisplayName',
        attributeValue: 'x',
      }),
    ],
    ['a CreateTopic of another service', storeCall('example', 'CreateTopic', { name: 'x' })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});

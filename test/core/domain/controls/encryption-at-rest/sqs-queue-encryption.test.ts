import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/encryption-at-rest/sqs-queue-encryption';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import { sqsQueue, storeCall } from '../../../../fixtures/controls/stores';
import { describeControl, fromFacts } from '../control-cases';

const URL = 'https://sqs.us-east-1.amazonaws.com/111122223333/intake';

describeControl(control, [
  {
    name: 'queue CI with SSE-SQS',
    observation: fromFacts(configFacts('AWS::SQS::Queue', sqsQueue())),
    status: 'COMPLIANT',
  },
  {
    name: 'queue CI with a KMS key',
    observation: fromFacts(
      configFacts('AWS::SQS::Queue', {
        ...sqsQueue(),
        SqsManagedSseEnabled: 'false',
        KmsMasterKeyId: 'alias/q',
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'queue CI with neither',
    observation: fromFacts(configFacts('AWS::SQS::Queue', { ...sqsQueue(), SqsManagedSseEnabled: 'false' })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateQueue with no encryption attributes (SSE-SQS by default)',
    observation: fromFacts(storeCall('sqs', 'CreateQueue', { queueName: 'intake' }, { queueUrl: URL })),
    status: 'COMPLIANT',
  },
  {
    name: 'CreateQueue turning SSE-SQS off',
    observation: fromFacts(
      storeCall('sqs', 'CreateQueue', { queueName: 'plain', attributes: { SqsManagedSseEnabled: 'false' } }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'SetQueueAttributes setting a KMS key',
    observation: fromFacts(
      storeCall('sqs', 'SetQueueAttributes', { queueUrl: URL, attributes: { KmsMasterKeyId: 'alias/q' } }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'SetQueueAttributes turning SSE-SQS off',
    observation: fromFacts(
      storeCall('sqs', 'SetQueueAttributes', {
        queueUrl: URL,
        attributes: { SqsManagedSseEnabled: 'false' },
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'SetQueueAttributes removing the KMS key',
    observation: fromFacts(
      storeCall('sqs', 'SetQueueAttributes', { queueUrl: URL, attributes: { KmsMasterKeyId: '' } }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('sqs-queue-encryption on facts that do not bear on it', () => {
  it.each([
    [
      'a SetQueueAttributes of other attributes',
      storeCall('sqs', 'SetQueueAttributes', { queueUrl: URL, attributes: { VisibilityTimeout: '60' } }),
    ],
    ['a CreateQueue of another service', storeCall('example', 'CreateQueue', { queueName: 'x' })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});

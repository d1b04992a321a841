import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/encryption-at-rest/kinesis-stream-encryption';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import { kinesisStream, STORE_KEY, storeCall } from '../../../../fixtures/controls/stores';
import { describeControl, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'stream CI encrypted with KMS',
    observation: fromFacts(configFacts('AWS::Kinesis::Stream', kinesisStream())),
    status: 'COMPLIANT',
  },
  {
    name: 'stream CI without StreamEncryption',
    observation: fromFacts(
      configFacts('AWS::Kinesis::Stream', { ...kinesisStream(), StreamEncryption: undefined }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'StartStreamEncryption with KMS',
    observation: fromFacts(
      storeCall('kinesis', 'StartStreamEncryption', {
        streamName: 'vitals',
        encryptionType: 'KMS',
        keyId: STORE_KEY,
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'StopStreamEncryption',
    observation: fromFacts(
      storeCall('kinesis', 'StopStreamEncryption', {
        streamName: 'vitals',
        encryptionType: 'KMS',
        keyId: STORE_KEY,
      }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateStream (created unencrypted)',
    observation: fromFacts(storeCall('kinesis', 'CreateStream', { streamName: 'vitals', shardCount: 1 })),
    status: 'NON_COMPLIANT',
  },
]);

describe('kinesis-stream-encryption on facts that do not bear on it', () => {
  it.each([
    [
      'a Firehose CreateDeliveryStream',
      storeCall('firehose', 'CreateDeliveryStream', { deliveryStreamName: 'x' }),
    ],
    ['a CreateStream of another service', storeCall('ivs', 'CreateStream', { streamName: 'x' })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});

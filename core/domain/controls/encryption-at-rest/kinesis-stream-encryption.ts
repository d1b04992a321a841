/**
 * `kinesis-stream-encryption`: Kinesis data streams encrypt their records at rest with a KMS key
 * (server-side encryption). Judged from the configuration item's `StreamEncryption.EncryptionType`
 * (Config's AWS::Kinesis::Stream records StreamEncryption only for an encrypted stream; the sweep writes
 * DescribeStreamSummary's answer in the same spelling): KMS is compliant, none is not. Judged as well
 * from StartStreamEncryption (compliant), StopStreamEncryption (not), and CreateStream, which has no
 * encryption option: a stream is created unencrypted until StartStreamEncryption.
 *
 * Test: test/core/domain/controls/encryption-at-rest/kinesis-stream-encryption.test.ts
 * Fixtures: test/fixtures/controls/stores.ts
 */
import { field, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { resourceView, subjectOf } from '../setting-kit';
import { KINESIS_STREAM } from '../store-sources';

/** Judges `kinesis-stream-encryption`: a verdict, or undefined when the facts do not bear on it. */
export const kinesisStreamEncryption: Evaluator = (facts) => {
  const view = resourceView(facts, KINESIS_STREAM);
  if (!view) return undefined;
  const who = subjectOf(view, 'Kinesis stream');
  let type: string | undefined;
  let key: string | undefined;
  if (view.via === 'config') {
    const enc = view.read('StreamEncryption');
    type = str(field(enc, 'EncryptionType'));
    key = str(field(enc, 'KeyId'));
  } else if (view.call.eventName === 'StartStreamEncryption') {
    type = str(field(view.call.requestParameters, 'encryptionType'));
    key = str(field(view.call.requestParameters, 'keyId'));
  } else if (view.call.eventName === 'StopStreamEncryption') {
    return nonCompliant(`${who}'s server-side encryption was stopped`);
  } else {
    return nonCompliant(`${who} is created unencrypted (no StartStreamEncryption yet)`);
  }
  return type?.toUpperCase() === 'KMS'
    ? compliant(`${who} is encrypted at rest with KMS key ${key ?? '(unnamed)'}`)
    : nonCompliant(`${who} is not encrypted at rest (encryption type ${type ?? 'NONE'})`);
};

/** `kinesis-stream-encryption` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'kinesis-stream-encryption',
  title: 'Kinesis data streams are encrypted at rest',
  family: 'encryption-at-rest',
  citations: ['164.312(a)(2)(iv)'],
  configRules: ['kinesis-stream-encrypted'],
  cloudTrailEvents: [...KINESIS_STREAM.calls],
  resourceTypes: [...KINESIS_STREAM.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Encrypt the stream: aws kinesis start-stream-encryption --stream-name <name> --encryption-type KMS --key-id <key>.',
  evaluate: kinesisStreamEncryption,
};

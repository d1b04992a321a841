/**
 * `sqs-queue-encryption`: SQS queues encrypt the messages they hold, with SQS-managed keys (SSE-SQS) or
 * a KMS key (SSE-KMS). Judged from the configuration item's `KmsMasterKeyId` and `SqsManagedSseEnabled`
 * (Config's AWS::SQS::Queue; the sweep writes GetQueueAttributes' answer in the same spelling), and from
 * CreateQueue and SetQueueAttributes (their `attributes`). A queue created without either attribute gets
 * SSE-SQS, the default for new queues; SetQueueAttributes that names neither says nothing.
 *
 * No AWS Config managed rule checks SQS encryption (none is in the HIPAA pack): configRules is empty.
 *
 * Test: test/core/domain/controls/encryption-at-rest/sqs-queue-encryption.test.ts
 * Fixtures: test/fixtures/controls/stores.ts
 */
import { bool, field, str } from '../../facts-access';
import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { resourceView, subjectOf } from '../setting-kit';
import { SQS_QUEUE } from '../store-sources';

/** Judges `sqs-queue-encryption`: a verdict, or undefined when the facts do not bear on it. */
export const sqsQueueEncryption: Evaluator = (facts) => {
  const view = resourceView(facts, SQS_QUEUE);
  if (!view) return undefined;
  const attrs =
    view.via === 'config' ? view.ci.configuration : field(view.call.requestParameters, 'attributes');
  const rawKey = field(attrs, 'KmsMasterKeyId');
  const key = str(rawKey);
  const sse = bool(field(attrs, 'SqsManagedSseEnabled'));
  const who = subjectOf(view, 'SQS queue');
  if (key) return compliant(`${who} is encrypted at rest with KMS key ${key} (SSE-KMS)`);
  if (sse === true) return compliant(`${who} is encrypted at rest with SQS-managed keys (SSE-SQS)`);
  const off: Verdict = nonCompliant(`${who} is not encrypted at rest (neither SSE-SQS nor SSE-KMS)`);
  if (view.via === 'config' || sse === false) return off;
  if (view.call.eventName === 'CreateQueue')
    return compliant(`${who} is encrypted at rest with SQS-managed keys (SSE-SQS, the default)`);
  // SetQueueAttributes: an empty KmsMasterKeyId removes SSE-KMS without turning SSE-SQS on
  return rawKey === '' ? off : undefined;
};

/** `sqs-queue-encryption` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'sqs-queue-encryption',
  title: 'SQS queues are encrypted at rest',
  family: 'encryption-at-rest',
  citations: ['164.312(a)(2)(iv)'],
  configRules: [],
  cloudTrailEvents: [...SQS_QUEUE.calls],
  resourceTypes: [...SQS_QUEUE.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Turn on encryption: aws sqs set-queue-attributes --queue-url <url> --attributes SqsManagedSseEnabled=true (or KmsMasterKeyId).',
  evaluate: sqsQueueEncryption,
};

/**
 * `sns-topic-encryption`: SNS topics encrypt the messages they hold with a KMS key (server-side
 * encryption). Judged from the configuration item's `KmsMasterKeyId` (Config's AWS::SNS::Topic; the
 * sweep writes GetTopicAttributes' answer in the same spelling): a key is compliant, none is not. Judged
 * as well from CreateTopic (its `attributes.KmsMasterKeyId`; a topic created without one is unencrypted)
 * and from SetTopicAttributes naming KmsMasterKeyId (an empty value turns encryption off).
 *
 * Test: test/core/domain/controls/encryption-at-rest/sns-topic-encryption.test.ts
 * Fixtures: test/fixtures/controls/stores.ts
 */
import { field, str } from '../../facts-access';
import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { resourceView, subjectOf } from '../setting-kit';
import { SNS_TOPIC } from '../store-sources';

const KEY = 'KmsMasterKeyId';

/** Judges `sns-topic-encryption`: a verdict, or undefined when the facts do not bear on it. */
export const snsTopicEncryption: Evaluator = (facts) => {
  const view = resourceView(facts, SNS_TOPIC);
  if (!view) return undefined;
  let key: string | undefined;
  if (view.via === 'config') key = str(view.read(KEY));
  else if (view.call.eventName === 'CreateTopic')
    key = str(field(view.call.requestParameters, 'attributes', KEY));
  else {
    // SetTopicAttributes sets one attribute at a time
    if (str(field(view.call.requestParameters, 'attributeName')) !== KEY) return undefined;
    key = str(field(view.call.requestParameters, 'attributeValue'));
  }
  return verdict(subjectOf(view, 'SNS topic'), key);
};

function verdict(who: string, key: string | undefined): Verdict {
  return key
    ? compliant(`${who} is encrypted at rest with KMS key ${key}`)
    : nonCompliant(`${who} is not encrypted at rest (no KmsMasterKeyId)`);
}

/** `sns-topic-encryption` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'sns-topic-encryption',
  title: 'SNS topics are encrypted at rest with KMS',
  family: 'encryption-at-rest',
  citations: ['164.312(a)(2)(iv)'],
  configRules: ['sns-encrypted-kms'],
  prowlerChecks: ['sns_topics_kms_encryption_at_rest_enabled'],
  cloudTrailEvents: [...SNS_TOPIC.calls],
  resourceTypes: [...SNS_TOPIC.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Set a KMS key: aws sns set-topic-attributes --topic-arn <arn> --attribute-name KmsMasterKeyId --attribute-value <key>.',
  evaluate: snsTopicEncryption,
};

/**
 * `secrets-cmk`: Secrets Manager secrets are encrypted with a customer managed KMS key, whose policy
 * the organisation controls, rather than the AWS managed key aws/secretsmanager. Judged from the
 * configuration item's `KMSKeyId` (Config's AWS::SecretsManager::Secret; the sweep writes ListSecrets'
 * answer in the same spelling; absent means the AWS managed key) and from CreateSecret and UpdateSecret
 * (their `kmsKeyId`; an UpdateSecret without one leaves the key as it was). A key named by its id or
 * ARN is taken for a customer key: only the alias tells the AWS managed key apart without a KMS read.
 *
 * Test: test/core/domain/controls/encryption-at-rest/secrets-cmk.test.ts
 * Fixtures: test/fixtures/controls/stores.ts
 */
import { field, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { resourceView, subjectOf } from '../setting-kit';
import { SECRET } from '../store-sources';

const KEYED = { ...SECRET, calls: ['CreateSecret', 'UpdateSecret'] };
const AWS_MANAGED = /(^|:)alias\/aws\/secretsmanager$/;

/** Judges `secrets-cmk`: a verdict, or undefined when the facts do not bear on it. */
export const secretsCmk: Evaluator = (facts) => {
  const view = resourceView(facts, KEYED);
  if (!view) return undefined;
  const key =
    view.via === 'config' ? str(view.read('KMSKeyId')) : str(field(view.call.requestParameters, 'kmsKeyId'));
  if (!key && view.via === 'call' && view.call.eventName === 'UpdateSecret') return undefined;
  const who = subjectOf(view, 'secret');
  return key && !AWS_MANAGED.test(key)
    ? compliant(`${who} is encrypted with customer managed key ${key}`)
    : nonCompliant(`${who} is encrypted with the AWS managed key aws/secretsmanager`);
};

/** `secrets-cmk` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'secrets-cmk',
  title: 'Secrets Manager secrets are encrypted with a customer managed key',
  family: 'encryption-at-rest',
  citations: ['164.312(a)(2)(iv)'],
  configRules: ['secretsmanager-using-cmk'],
  cloudTrailEvents: [...KEYED.calls],
  resourceTypes: [...SECRET.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Re-encrypt with a customer managed key: aws secretsmanager update-secret --secret-id <id> --kms-key-id <key>.',
  evaluate: secretsCmk,
};

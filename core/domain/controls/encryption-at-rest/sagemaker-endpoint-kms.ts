/**
 * `sagemaker-endpoint-kms`: SageMaker endpoint configurations name a customer-managed KMS key for the
 * storage volumes of the instances that host their models. Judged from the configuration item's
 * `KmsKeyId` and from CreateEndpointConfig's `kmsKeyId` (an endpoint configuration cannot be changed).
 *
 * Test: test/core/domain/controls/encryption-at-rest/sagemaker-endpoint-kms.test.ts
 * Fixtures: test/fixtures/controls/analytics.ts
 */
import { str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { SAGEMAKER_ENDPOINT_CONFIG } from '../analytics-sources';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { resourceView, subjectOf } from '../setting-kit';

/** Judges `sagemaker-endpoint-kms`: a verdict, or undefined when the facts do not bear on it. */
export const sagemakerEndpointKms: Evaluator = (facts) => {
  const view = resourceView(facts, SAGEMAKER_ENDPOINT_CONFIG);
  if (!view) return undefined;
  const key = str(view.read('KmsKeyId'));
  const who = subjectOf(view, 'SageMaker endpoint configuration');
  return key
    ? compliant(`${who} encrypts its hosting volumes with KMS key ${key}`)
    : nonCompliant(`${who} names no KMS key for its hosting volumes`);
};

/** `sagemaker-endpoint-kms` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'sagemaker-endpoint-kms',
  title: 'SageMaker endpoint configurations are encrypted with a KMS key',
  family: 'encryption-at-rest',
  citations: ['164.312(a)(2)(iv)'],
  configRules: ['sagemaker-endpoint-configuration-kms-key-configured'],
  cloudTrailEvents: [...SAGEMAKER_ENDPOINT_CONFIG.calls],
  resourceTypes: [...SAGEMAKER_ENDPOINT_CONFIG.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation: 'Create a new endpoint configuration with --kms-key-id and update the endpoint to use it.',
  evaluate: sagemakerEndpointKms,
};

/**
 * `sagemaker-notebook-kms`: SageMaker notebook instances encrypt their ML storage volume with a
 * customer-managed KMS key. Judged from the configuration item's `KmsKeyId` and from
 * CreateNotebookInstance's `kmsKeyId` (the key cannot be changed later, so no update call bears on it).
 * A notebook without a key of its own uses an AWS managed key, which the sagemaker-notebook-instance-kms-key-configured
 * rule and this control count as not configured.
 *
 * Test: test/core/domain/controls/encryption-at-rest/sagemaker-notebook-kms.test.ts
 * Fixtures: test/fixtures/controls/analytics.ts
 */
import { str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { SAGEMAKER_NOTEBOOK } from '../analytics-sources';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { resourceView, subjectOf } from '../setting-kit';

/** Judges `sagemaker-notebook-kms`: a verdict, or undefined when the facts do not bear on it. */
export const sagemakerNotebookKms: Evaluator = (facts) => {
  const view = resourceView(facts, SAGEMAKER_NOTEBOOK);
  if (!view) return undefined;
  const key = str(view.read('KmsKeyId'));
  const who = subjectOf(view, 'SageMaker notebook instance');
  return key
    ? compliant(`${who} encrypts its storage volume with KMS key ${key}`)
    : nonCompliant(`${who} has no customer-managed KMS key for its storage volume`);
};

/** `sagemaker-notebook-kms` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'sagemaker-notebook-kms',
  title: 'SageMaker notebook instances are encrypted with a KMS key',
  family: 'encryption-at-rest',
  citations: ['164.312(a)(2)(iv)'],
  configRules: ['sagemaker-notebook-instance-kms-key-configured'],
  prowlerChecks: ['sagemaker_notebook_instance_encryption_enabled'],
  cloudTrailEvents: [...SAGEMAKER_NOTEBOOK.calls],
  resourceTypes: [...SAGEMAKER_NOTEBOOK.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Recreate the notebook instance with a customer-managed KMS key (--kms-key-id); the key cannot be added later.',
  evaluate: sagemakerNotebookKms,
};

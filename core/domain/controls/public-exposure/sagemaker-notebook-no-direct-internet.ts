/**
 * `sagemaker-notebook-no-direct-internet`: SageMaker notebook instances reach the internet, if at all,
 * only through their VPC (`DirectInternetAccess` Disabled), not through SageMaker's own network.
 * Judged from the configuration item's `DirectInternetAccess` and from CreateNotebookInstance's
 * `directInternetAccess`, which defaults to Enabled when left out (it cannot be changed later).
 *
 * Test: test/core/domain/controls/public-exposure/sagemaker-notebook-no-direct-internet.test.ts
 * Fixtures: test/fixtures/controls/analytics.ts
 */
import { str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { SAGEMAKER_NOTEBOOK } from '../analytics-sources';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { resourceView, subjectOf } from '../setting-kit';

/** Judges `sagemaker-notebook-no-direct-internet`: a verdict, or undefined when the facts do not bear on it. */
export const sagemakerNotebookNoDirectInternet: Evaluator = (facts) => {
  const view = resourceView(facts, SAGEMAKER_NOTEBOOK);
  if (!view) return undefined;
  const access = str(view.read('DirectInternetAccess'));
  // a configuration item always records it; a create call that leaves it out gets the default, Enabled
  if (access === undefined && view.via === 'config') return undefined;
  const who = subjectOf(view, 'SageMaker notebook instance');
  return access?.toLowerCase() === 'disabled'
    ? compliant(`${who} has no direct internet access (DirectInternetAccess Disabled)`)
    : nonCompliant(
        `${who} has direct internet access (DirectInternetAccess ${access ?? 'Enabled, the default'})`,
      );
};

/** `sagemaker-notebook-no-direct-internet` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'sagemaker-notebook-no-direct-internet',
  title: 'SageMaker notebook instances have no direct internet access',
  family: 'public-exposure',
  citations: ['164.312(a)(1)', '164.312(e)(1)'],
  configRules: ['sagemaker-notebook-no-direct-internet-access'],
  prowlerChecks: ['sagemaker_notebook_instance_without_direct_internet_access_configured'],
  cloudTrailEvents: [...SAGEMAKER_NOTEBOOK.calls],
  resourceTypes: [...SAGEMAKER_NOTEBOOK.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Recreate the notebook instance in a VPC subnet with --direct-internet-access Disabled; it cannot be changed later.',
  evaluate: sagemakerNotebookNoDirectInternet,
};

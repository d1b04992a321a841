/**
 * `lambda-function-url-public`: no Lambda function URL takes requests without authentication (AuthType
 * NONE). Judged from the function's configuration item (supplementaryConfiguration.FunctionUrlConfigs,
 * each URL's authType, as the sweep's lambda collector records them) and from the function URL calls,
 * which CloudTrail names with Lambda's API version: Create/UpdateFunctionUrlConfig20211031 carry the
 * resulting AuthType (response, else request); deleting the URL removes the exposure.
 *
 * Test: test/core/domain/controls/public-exposure/lambda-function-url-public.test.ts
 * Fixtures: test/fixtures/events/ct-create-function-url-none.json
 */
import { field, list, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';

const SET_URL = ['CreateFunctionUrlConfig20211031', 'UpdateFunctionUrlConfig20211031'];
const DELETE_URL = 'DeleteFunctionUrlConfig20211031';

/** Judges `lambda-function-url-public`: a verdict, or undefined when the facts do not bear on it. */
export const lambdaFunctionUrlPublic: Evaluator = (facts) => {
  const ci = onConfig('AWS::Lambda::Function', facts);
  if (ci) {
    const urls = field(ci.supplementaryConfiguration, 'FunctionUrlConfigs');
    // a configuration item that does not list the URLs is no evidence either way
    if (!Array.isArray(urls)) return undefined;
    const open = list(urls).filter((u) => str(field(u, 'authType')) === 'NONE');
    if (open.length > 0)
      return nonCompliant(
        `${open.length} function URL(s) take requests without authentication (AuthType NONE)`,
      );
    return compliant(
      urls.length === 0
        ? 'the function has no function URL'
        : 'every function URL requires IAM authentication',
    );
  }
  const call = onCall(facts, ...SET_URL, DELETE_URL);
  if (!call) return undefined;
  if (call.eventName === DELETE_URL) return compliant('the function URL was deleted');
  const auth =
    str(field(call.responseElements, 'authType')) ?? str(field(call.requestParameters, 'authType'));
  if (auth === undefined) return undefined;
  return auth === 'NONE'
    ? nonCompliant('the function URL takes requests without authentication (AuthType NONE)')
    : compliant(`the function URL requires ${auth} authentication`);
};

/** `lambda-function-url-public` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'lambda-function-url-public',
  title: 'Lambda function URLs require authentication',
  family: 'public-exposure',
  citations: ['164.312(a)(1)', '164.312(e)(1)'],
  // the pack's lambda-function-public-access-prohibited judges the policy (lambda-function-public-policy)
  configRules: [],
  cloudTrailEvents: [...SET_URL, DELETE_URL],
  resourceTypes: ['AWS::Lambda::Function'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [{ api: 'lambda:ListFunctionUrlConfigs', scope: 'functions' }],
  prowlerChecks: ['awslambda_function_url_public'],
  remediation: 'Set the function URL AuthType to AWS_IAM, or delete the URL.',
  evaluate: lambdaFunctionUrlPublic,
};

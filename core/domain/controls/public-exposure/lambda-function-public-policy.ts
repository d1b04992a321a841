/**
 * `lambda-function-public-policy`: no Lambda function's resource-based policy lets anyone invoke or
 * manage it (the lambda-function-public-access-prohibited rule): an Allow statement for a wildcard
 * principal that no condition (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID) narrows. Judged from
 * the function's configuration item (supplementaryConfiguration.Policy, the policy document as Lambda's
 * GetPolicy returns it) and from AddPermission calls (CloudTrail names them with Lambda's API version,
 * AddPermission20150331v2): a grant to principal "*" without a source or organization is NON_COMPLIANT; a
 * narrower grant says nothing about the statements the policy already has.
 *
 * Test: test/core/domain/controls/public-exposure/lambda-function-public-policy.test.ts
 * Fixtures: test/fixtures/events/ct-add-permission-public.json
 */
import { field, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig, publicStatements } from '../evaluator-kit';

/** The names CloudTrail gives Lambda's AddPermission (the API version is part of the name). */
export const ADD_PERMISSION_EVENTS = ['AddPermission20150331', 'AddPermission20150331v2', 'AddPermission'];

/** Judges `lambda-function-public-policy`: a verdict, or undefined when the facts do not bear on it. */
export const lambdaFunctionPublicPolicy: Evaluator = (facts) => {
  const ci = onConfig('AWS::Lambda::Function', facts);
  if (ci) {
    const policy = field(ci.supplementaryConfiguration, 'Policy');
    // a configuration item without the policy is no evidence; the sweep records "no policy" as null
    if (policy === undefined) return undefined;
    const open = policy === null ? [] : publicStatements(policy);
    return open.length > 0
      ? nonCompliant(`the function policy lets anyone invoke it (statement ${open.join(', ')})`)
      : compliant('the function policy grants nothing to everyone');
  }
  const call = onCall(facts, ...ADD_PERMISSION_EVENTS);
  if (!call) return undefined;
  const req = call.requestParameters;
  const narrowedBy = ['sourceArn', 'sourceAccount', 'principalOrgID'].filter((k) => str(field(req, k)));
  if (str(field(req, 'principal')) !== '*' || narrowedBy.length > 0) return undefined;
  const sid = str(field(req, 'statementId'));
  const action = str(field(req, 'action')) ?? 'the function';
  return nonCompliant(`permission ${sid ? `"${sid}" ` : ''}lets anyone (principal "*") call ${action}`);
};

/** `lambda-function-public-policy` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'lambda-function-public-policy',
  title: 'Lambda function policies do not let anyone invoke the function',
  family: 'public-exposure',
  citations: ['164.312(a)(1)', '164.312(e)(1)'],
  configRules: ['lambda-function-public-access-prohibited'],
  cloudTrailEvents: ADD_PERMISSION_EVENTS,
  resourceTypes: ['AWS::Lambda::Function'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [{ api: 'lambda:GetPolicy', scope: 'functions' }],
  prowlerChecks: ['awslambda_function_not_publicly_accessible'],
  remediation:
    'Remove the permission granted to principal "*" (aws lambda remove-permission) or add a source ARN or account.',
  evaluate: lambdaFunctionPublicPolicy,
};

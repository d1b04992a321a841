/**
 * `securityhub-enabled`: AWS Security Hub is enabled in every region the account is swept in, so
 * findings of GuardDuty, Config and the security standards are gathered where they are reviewed.
 * Judged per account and region (one hub per account and region; the subject is named by the account
 * id, see core/domain/controls/detection-sources.ts) from the hub's configuration item (Config records
 * an AWS::SecurityHub::Hub only while it is enabled; the sweep's securityhub collector writes one with
 * `Enabled: false` when DescribeHub answers that the account is not subscribed) and from the calls that
 * change it: EnableSecurityHub and DisableSecurityHub.
 *
 * Test: test/core/domain/controls/threat-detection/securityhub-enabled.test.ts
 * Fixtures: test/fixtures/controls/threat-detection.ts
 */
import { bool, field } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { SECURITY_HUB } from '../detection-sources';
import { onCall, onConfig } from '../evaluator-kit';

const ON = 'Security Hub is enabled in this region';
const OFF = 'Security Hub is not enabled in this region: its findings are not gathered for review';

/** Judges `securityhub-enabled`: a verdict, or undefined when the facts do not bear on it. */
export const securityhubEnabled: Evaluator = (facts) => {
  const ci = onConfig('AWS::SecurityHub::Hub', facts);
  if (ci) return bool(field(ci.configuration, 'Enabled')) === false ? nonCompliant(OFF) : compliant(ON);
  const call = onCall(facts, ...SECURITY_HUB.calls);
  if (!call || call.eventSource !== SECURITY_HUB.eventSource) return undefined;
  return call.eventName === 'EnableSecurityHub'
    ? compliant(`${call.eventName}: ${ON}`)
    : nonCompliant(`${call.eventName}: ${OFF}`);
};

/** `securityhub-enabled` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'securityhub-enabled',
  title: 'Security Hub is enabled in every region the account uses',
  family: 'threat-detection',
  // Security Hub's standards checks are a standing technical evaluation of the account (Prowler maps
  // securityhub_enabled to 164.308(a)(8) too); the periodic, non-technical evaluation stays a document
  citations: ['164.308(a)(1)(ii)(D)', '164.308(a)(6)(i)', '164.308(a)(6)(ii)', '164.308(a)(8)'],
  configRules: ['securityhub-enabled'],
  prowlerChecks: ['securityhub_enabled'],
  cloudTrailEvents: [...SECURITY_HUB.calls],
  resourceTypes: [...SECURITY_HUB.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation: 'Enable Security Hub in the region (aws securityhub enable-security-hub).',
  evaluate: securityhubEnabled,
};

/**
 * `guardduty-high-severity-findings`: no high-severity GuardDuty finding (severity 7 or more) is left
 * open in the region: each has been acted on and archived. Judged per account and region (the
 * GuardDuty subject, see core/domain/controls/detection-sources.ts) from the detector's item as the
 * sweep writes it: its supplementary `HighSeverityFindings` holds the number of unarchived findings of
 * severity >= 7 (ListFindings) and their count by finding type (GetFindings, of which only `Type` is
 * kept: a finding's details name resources and principals, and may name ePHI-bearing ones). Config's
 * own items do not carry findings and are not judged; no CloudTrail call carries the state (findings
 * are raised by the service, and ArchiveFindings names ids, not severities).
 *
 * Test: test/core/domain/controls/threat-detection/guardduty-high-severity-findings.test.ts
 * Fixtures: test/fixtures/controls/threat-detection.ts
 */
import { field, num } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { GUARDDUTY } from '../detection-sources';
import { onConfig } from '../evaluator-kit';

/** The severity from which GuardDuty calls a finding high (7.0-8.9 high, 9.0-10.0 critical). */
export const HIGH_SEVERITY = 7;

/** "2 CryptoCurrency:EC2/BitcoinTool.B!DNS, 1 UnauthorizedAccess:EC2/SSHBruteForce": the types, most first. */
function describeTypes(byType: unknown): string {
  if (byType === null || typeof byType !== 'object') return '';
  const entries = Object.entries(byType)
    .flatMap(([type, n]) => (num(n) === undefined ? [] : [[type, num(n) ?? 0] as const]))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length > 0 ? `: ${entries.map(([t, n]) => `${n} ${t}`).join(', ')}` : '';
}

/** Judges `guardduty-high-severity-findings`: a verdict, or undefined when the facts do not bear on it. */
export const guarddutyHighSeverityFindings: Evaluator = (facts) => {
  const ci = onConfig('AWS::GuardDuty::Detector', facts);
  if (!ci) return undefined;
  const findings = field(ci.supplementaryConfiguration, 'HighSeverityFindings');
  const count = num(field(findings, 'count'));
  if (count === undefined) return undefined;
  return count === 0
    ? compliant(`no open GuardDuty finding of severity ${HIGH_SEVERITY} or more in this region`)
    : nonCompliant(
        `${count} open GuardDuty finding${count === 1 ? '' : 's'} of severity ${HIGH_SEVERITY} or more in this region${describeTypes(field(findings, 'byType'))}`,
      );
};

/** `guardduty-high-severity-findings` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'guardduty-high-severity-findings',
  title: 'No high-severity GuardDuty findings are left open',
  family: 'threat-detection',
  citations: ['164.308(a)(6)(ii)'],
  configRules: [],
  prowlerChecks: ['guardduty_no_high_severity_findings'],
  cloudTrailEvents: [],
  resourceTypes: [...GUARDDUTY.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [
    { api: 'guardduty:ListFindings', scope: 'detectors' },
    { api: 'guardduty:GetFindings', scope: 'detectors' },
  ],
  remediation:
    'Investigate each open GuardDuty finding of severity 7 or more, respond to it, then archive it (aws guardduty archive-findings).',
  evaluate: guarddutyHighSeverityFindings,
};

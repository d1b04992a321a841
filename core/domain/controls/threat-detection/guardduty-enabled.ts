/**
 * `guardduty-enabled`: Amazon GuardDuty watches every region the account is swept in: the region has a
 * detector and it is enabled. Judged per account and region (one detector is allowed per account and
 * region; the subject is named by the account id, see core/domain/controls/detection-sources.ts), from
 * the detector's configuration item (`Enable`, or the `Status` GetDetector reports) and from the
 * GuardDuty calls that carry the new state: CreateDetector and UpdateDetector (`enable`), DeleteDetector.
 * The sweep's guardduty collector writes an item without an `Id` when ListDetectors finds no detector:
 * a region the account is swept in (one it uses) without GuardDuty is non-compliant. A Config item
 * reporting the detector deleted is judged NOT_APPLICABLE by the catalog, like every deleted resource;
 * the DeleteDetector call and the next sweep carry the non-compliant verdict.
 *
 * Test: test/core/domain/controls/threat-detection/guardduty-enabled.test.ts
 * Fixtures: test/fixtures/controls/threat-detection.ts
 */
import { bool, field, str } from '../../facts-access';
import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { GUARDDUTY } from '../detection-sources';
import { onCall, onConfig } from '../evaluator-kit';

const DETECTOR = 'AWS::GuardDuty::Detector';

/** "GuardDuty is ...", or "UpdateDetector: GuardDuty is ..." when a call says it. */
const on = (prefix: string) => compliant(`${prefix}GuardDuty is enabled in this region`);
const off = (prefix: string, why: string) =>
  nonCompliant(`${prefix}GuardDuty is not watching this region (${why}): threats go undetected`);

/** A detector's state from its item: Config's `Enable`, or GetDetector's `Status` the sweep keeps. */
function detectorVerdict(configuration: Record<string, unknown>): Verdict | undefined {
  if (str(field(configuration, 'Id')) === undefined) return off('', 'no detector');
  const enable = bool(field(configuration, 'Enable'));
  const status = str(field(configuration, 'Status'));
  const enabled = enable ?? (status === undefined ? undefined : status === 'ENABLED');
  if (enabled === undefined) return undefined;
  return enabled ? on('') : off('', `detector ${status ?? 'disabled'}`);
}

/** Judges `guardduty-enabled`: a verdict, or undefined when the facts do not bear on it. */
export const guarddutyEnabled: Evaluator = (facts) => {
  const ci = onConfig(DETECTOR, facts);
  if (ci) return detectorVerdict(ci.configuration);
  const call = onCall(facts, ...GUARDDUTY.calls);
  if (!call || call.eventSource !== GUARDDUTY.eventSource) return undefined;
  const prefix = `${call.eventName}: `;
  if (call.eventName === 'DeleteDetector') return off(prefix, 'detector deleted');
  // CreateDetector requires `enable`; an UpdateDetector that leaves it out says nothing about it
  const enable = bool(field(call.requestParameters, 'enable'));
  if (enable === undefined) return undefined;
  return enable ? on(prefix) : off(prefix, 'detector disabled');
};

/** `guardduty-enabled` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'guardduty-enabled',
  title: 'GuardDuty is enabled in every region the account uses',
  family: 'threat-detection',
  citations: ['164.308(a)(1)(ii)(D)', '164.308(a)(5)(ii)(B)', '164.308(a)(6)(i)', '164.308(a)(6)(ii)'],
  configRules: ['guardduty-enabled-centralized'],
  prowlerChecks: ['guardduty_is_enabled'],
  cloudTrailEvents: [...GUARDDUTY.calls],
  resourceTypes: [...GUARDDUTY.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Enable GuardDuty in the region (aws guardduty create-detector --enable, or update-detector --enable on the suspended detector).',
  evaluate: guarddutyEnabled,
};

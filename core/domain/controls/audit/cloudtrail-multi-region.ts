/**
 * `cloudtrail-multi-region`: CloudTrail records every region. Judged from the trail's configuration
 * item and from CreateTrail / UpdateTrail calls that set `isMultiRegionTrail`.
 *
 * Test: test/core/domain/controls/audit/cloudtrail-multi-region.test.ts
 * Fixtures: test/fixtures/events/config-ci-cloudtrail-trail.json
 */
import { bool } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { trailSetting } from '../evaluator-kit';

/** Judges `cloudtrail-multi-region`: a verdict, or undefined when the facts do not bear on it. */
export const cloudTrailMultiRegion: Evaluator = (facts) => {
  const s = trailSetting(facts, 'isMultiRegionTrail');
  if (!s) return undefined;
  return bool(s.value) === true
    ? compliant('trail records all regions')
    : nonCompliant('trail is not multi-region');
};

/** `cloudtrail-multi-region` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'cloudtrail-multi-region',
  title: 'CloudTrail records every region',
  family: 'audit',
  citations: ['164.312(b)'],
  configRules: ['multi-region-cloudtrail-enabled', 'multi-region-cloud-trail-enabled'],
  prowlerChecks: ['cloudtrail_multi_region_enabled'],
  cloudTrailEvents: ['CreateTrail', 'UpdateTrail'],
  resourceTypes: ['AWS::CloudTrail::Trail'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation: 'Make the trail record every region (aws cloudtrail update-trail --is-multi-region-trail).',
  evaluate: cloudTrailMultiRegion,
};

/**
 * `cloudtrail-logging`: CloudTrail trails are logging. Judged from the trail's configuration item
 * (`isLogging`, which only the sweep's cloudtrail collector reads: Config does not record it) and from
 * StopLogging / StartLogging / DeleteTrail / CreateTrail calls.
 *
 * Test: test/core/domain/controls/audit/cloudtrail-logging.test.ts
 * Fixtures: test/fixtures/events/ct-start-logging.json, test/fixtures/events/ct-stop-logging.json,
 * test/fixtures/events/ct-delete-trail.json
 */
import { bool, field } from '../../facts-access';
import { activity, compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';

/** Judges `cloudtrail-logging`: a verdict, or undefined when the facts do not bear on it. */
export const cloudTrailLogging: Evaluator = (facts) => {
  const ci = onConfig('AWS::CloudTrail::Trail', facts);
  if (ci) {
    const logging =
      bool(field(ci.configuration, 'isLogging')) ??
      bool(field(ci.supplementaryConfiguration, 'TrailStatus', 'isLogging'));
    if (logging === undefined) return undefined;
    return logging ? compliant('trail is logging') : nonCompliant('trail is not logging');
  }
  const call = onCall(facts, 'StopLogging', 'StartLogging', 'DeleteTrail', 'CreateTrail');
  if (!call) return undefined;
  switch (call.eventName) {
    case 'StopLogging':
      return nonCompliant('trail logging was stopped');
    case 'DeleteTrail':
      return nonCompliant('trail was deleted');
    case 'StartLogging':
      return compliant('trail logging was started');
    default:
      return activity('trail created; logging starts with StartLogging');
  }
};

/** `cloudtrail-logging` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'cloudtrail-logging',
  title: 'CloudTrail trails are logging',
  family: 'audit',
  citations: ['164.312(b)'],
  configRules: ['cloudtrail-enabled', 'cloud-trail-enabled', 'cloudtrail-security-trail-enabled'],
  cloudTrailEvents: ['StopLogging', 'StartLogging', 'DeleteTrail', 'CreateTrail'],
  resourceTypes: ['AWS::CloudTrail::Trail'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [
    { api: 'cloudtrail:GetTrailStatus', scope: 'trails' },
    { api: 'cloudtrail:GetEventSelectors', scope: 'trails' },
  ],
  remediation:
    'Start logging on the trail (aws cloudtrail start-logging) and find out who stopped it and why.',
  evaluate: cloudTrailLogging,
};

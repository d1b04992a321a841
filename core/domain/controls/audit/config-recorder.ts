/**
 * `config-recorder`: AWS Config keeps recording configuration changes. Judged from the recorder status
 * the sweep reads and from Stop/Start/DeleteConfigurationRecorder calls.
 *
 * Test: test/core/domain/controls/audit/config-recorder.test.ts
 * Fixtures: none on disk; the test builds its calls with test/fixtures/builders.ts
 */
import type { RecorderStatusFacts } from '../../sweep-facts';
import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall } from '../evaluator-kit';

/** Config's last delivery status: SUCCESS and PENDING are healthy, FAILURE is not. */
function judgeRecorder(f: RecorderStatusFacts): Verdict {
  if (!f.exists) return nonCompliant('no configuration recorder exists in this region');
  if (!f.recording) return nonCompliant(`configuration recorder ${f.name} is not recording`);
  if (f.lastStatus?.toUpperCase() === 'FAILURE')
    return nonCompliant(
      `configuration recorder ${f.name} is recording but its last status is FAILURE${f.lastErrorCode ? ` (${f.lastErrorCode})` : ''}`,
    );
  return compliant(
    `configuration recorder ${f.name} is recording (last status ${f.lastStatus ?? 'unknown'})`,
  );
}

/** Judges `config-recorder`: a verdict, or undefined when the facts do not bear on it. */
export const configRecorder: Evaluator = (facts) => {
  if (facts.type === 'config-recorder-status') return judgeRecorder(facts);
  const call = onCall(
    facts,
    'StopConfigurationRecorder',
    'StartConfigurationRecorder',
    'DeleteConfigurationRecorder',
  );
  if (!call) return undefined;
  if (call.eventName === 'StartConfigurationRecorder') return compliant('configuration recorder was started');
  return nonCompliant(
    call.eventName === 'StopConfigurationRecorder'
      ? 'configuration recorder was stopped'
      : 'configuration recorder was deleted',
  );
};

/** `config-recorder` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'config-recorder',
  title: 'AWS Config keeps recording configuration changes',
  family: 'audit',
  citations: ['164.312(b)'],
  configRules: [],
  prowlerChecks: ['config_recorder_all_regions_enabled'],
  cloudTrailEvents: [
    'StopConfigurationRecorder',
    'StartConfigurationRecorder',
    'DeleteConfigurationRecorder',
  ],
  resourceTypes: [],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [{ api: 'config:DescribeConfigurationRecorderStatus', scope: 'unscoped' }],
  remediation:
    'Restart the AWS Config recorder (aws configservice start-configuration-recorder) and check its role.',
  evaluate: configRecorder,
};

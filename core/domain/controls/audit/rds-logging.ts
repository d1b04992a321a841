/**
 * `rds-logging`: RDS DB instances and DB clusters export their database logs to CloudWatch Logs, where
 * they are retained and reviewed with the rest of the audit trail. Judged from the configuration
 * item's `enabledCloudwatchLogsExports` and from the calls that set the exports: a create or restore
 * names them (`enableCloudwatchLogsExports`, else the response's resulting list); a modify changes
 * them (`cloudwatchLogsExportConfiguration`), applied to the list its response reports. An Aurora
 * instance's logs are its cluster's exports and are judged there.
 *
 * Compliant means at least one log type is exported (Prowler's rds_instance_integration_cloudwatch_logs);
 * Config's rds-logging-enabled also expects every log type of the engine, and its verdicts arrive
 * through the managed rule.
 *
 * Test: test/core/domain/controls/audit/rds-logging.test.ts
 * Fixtures: test/fixtures/controls/databases.ts
 */
import { field, list, str } from '../../facts-access';
import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { inDbCluster, RDS_CLUSTER, RDS_INSTANCE } from '../database-sources';
import { type ResourceView, resourceView, subjectOf } from '../setting-kit';

const names = (v: unknown): string[] => list(v).flatMap((x) => (str(x) ? [str(x) as string] : []));

/** The log types exported after the call or in the item; undefined when the facts do not say. */
function exportsOf(view: ResourceView): { exported: string[]; stopped: string[] } | undefined {
  if (view.via === 'config')
    return { exported: names(view.read('enabledCloudwatchLogsExports')), stopped: [] };
  const { call } = view;
  const current = field(call.responseElements, 'enabledCloudwatchLogsExports');
  if (!call.eventName.startsWith('Modify')) {
    const set = field(call.requestParameters, 'enableCloudwatchLogsExports') ?? current;
    return set === undefined && str(view.read('engine')) === undefined
      ? undefined
      : { exported: names(set), stopped: [] };
  }
  const change = field(call.requestParameters, 'cloudwatchLogsExportConfiguration');
  // a modify that does not touch the exports says nothing about them
  if (change === undefined) return undefined;
  const enable = names(field(change, 'enableLogTypes'));
  const disable = names(field(change, 'disableLogTypes'));
  // without the response's list, a change that only stops exports leaves the rest unknown
  if (current === undefined && enable.length === 0) return undefined;
  const before = names(current);
  return {
    exported: [...new Set([...before, ...enable])].filter((t) => !disable.includes(t)),
    stopped: disable,
  };
}

/** Judges `rds-logging`: a verdict, or undefined when the facts do not bear on it. */
export const rdsLogging: Evaluator = (facts): Verdict | undefined => {
  const cluster = resourceView(facts, RDS_CLUSTER);
  const instance = cluster ? undefined : resourceView(facts, RDS_INSTANCE);
  const view = cluster ?? instance;
  if (!view || (instance && inDbCluster(instance))) return undefined;
  const state = exportsOf(view);
  if (!state) return undefined;
  const who = subjectOf(view, cluster ? 'DB cluster' : 'DB instance');
  const stopped = state.stopped.length > 0 ? ` (stopped: ${state.stopped.join(', ')})` : '';
  return state.exported.length > 0
    ? compliant(`${who} exports its ${state.exported.join(', ')} logs to CloudWatch Logs${stopped}`)
    : nonCompliant(`${who} exports no database logs to CloudWatch Logs${stopped}`);
};

/** `rds-logging` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'rds-logging',
  title: 'RDS DB instances and clusters export their logs to CloudWatch Logs',
  family: 'audit',
  citations: ['164.312(b)', '164.308(a)(5)(ii)(C)'],
  configRules: ['rds-logging-enabled'],
  prowlerChecks: ['rds_instance_integration_cloudwatch_logs'],
  cloudTrailEvents: [...RDS_INSTANCE.calls, ...RDS_CLUSTER.calls],
  resourceTypes: [...RDS_INSTANCE.resourceTypes, ...RDS_CLUSTER.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    "Export the engine's logs (aws rds modify-db-instance --cloudwatch-logs-export-configuration EnableLogTypes=...).",
  evaluate: rdsLogging,
};

/**
 * What the database controls (RDS, Redshift, ElastiCache) share: one setting of a resource read either
 * from its configuration item or from the CloudTrail call that changed it, and the verdict on a
 * minimum retention. A call carries the new value in its request; when the request leaves it out, the
 * response (which describes the resource after the call) says what it is. Calls are matched by service
 * as well as name, because names such as CreateCluster recur across services.
 */
import { bool, field, num } from '../facts-access';
import type { Facts } from '../observation';
import { compliant, nonCompliant, type Verdict } from '../verdict';
import { onCall, onConfig } from './evaluator-kit';

type ApiCall = Extract<Facts, { type: 'api-call' }>;
type Configuration = Extract<Facts, { type: 'configuration' }>;

/** Where a control reads its resource: the item types, and the calls of one service that change it. */
export interface SettingSource {
  resourceTypes: readonly string[];
  /** eventSource of the calls, e.g. rds.amazonaws.com */
  eventSource: string;
  calls: readonly string[];
}

/** The resource the facts describe, with a reader for any of its settings. */
export type ResourceView =
  | { via: 'config'; ci: Configuration; read: (name: string) => unknown }
  | { via: 'call'; call: ApiCall; read: (name: string) => unknown };

/**
 * The resource a configuration item of one of `src.resourceTypes` or a call of `src.calls` describes;
 * undefined for other facts. An item is read from its configuration; a call from its request, then
 * from its response.
 */
export function resourceView(facts: Facts, src: SettingSource): ResourceView | undefined {
  for (const type of src.resourceTypes) {
    const ci = onConfig(type, facts);
    if (ci) return { via: 'config', ci, read: (name) => field(ci.configuration, name) };
  }
  const call = onCall(facts, ...src.calls);
  if (!call || call.eventSource !== src.eventSource) return undefined;
  return {
    via: 'call',
    call,
    read: (name) => field(call.requestParameters, name) ?? field(call.responseElements, name),
  };
}

/** "the DB instance", or "ModifyDBInstance: the DB instance" for a call: the subject of a reason. */
export function subjectOf(view: ResourceView, noun: string): string {
  return view.via === 'call' ? `${view.call.eventName}: the ${noun}` : `the ${noun}`;
}

/**
 * The verdict on a retention setting that must be at least `minDays` (backups kept `what`): undefined
 * when the value is not a number (a call that does not set it says nothing about it).
 */
export function retentionVerdict(
  view: ResourceView,
  value: unknown,
  opts: { noun: string; what: string; minDays: number },
): Verdict | undefined {
  const days = num(value);
  if (days === undefined) return undefined;
  const who = subjectOf(view, opts.noun);
  if (days <= 0) return nonCompliant(`${who} has ${opts.what} turned off (retention 0 days)`);
  return days >= opts.minDays
    ? compliant(`${who} keeps ${opts.what} for ${days} days`)
    : nonCompliant(`${who} keeps ${opts.what} for ${days} days, under the ${opts.minDays} required`);
}

/**
 * The verdict on an on/off setting whose safe state is `safe`: `on` and `off` describe the resource
 * with the setting true and false. Undefined when the value is not a boolean (a call that does not set
 * it says nothing about it).
 */
export function flagVerdict(
  view: ResourceView,
  value: unknown,
  opts: { noun: string; safe: boolean; on: string; off: string },
): Verdict | undefined {
  const flag = bool(value);
  if (flag === undefined) return undefined;
  const reason = `${subjectOf(view, opts.noun)} ${flag ? opts.on : opts.off}`;
  return flag === opts.safe ? compliant(reason) : nonCompliant(reason);
}

/**
 * `cloudtrail-s3-data-events`: CloudTrail records S3 data events (object reads and writes: GetObject,
 * PutObject, DeleteObject) for every bucket, so who read or changed which ePHI object can be shown.
 *
 * Subject: the trail. Config's cloudtrail-s3-dataevents-enabled and Prowler's two checks ask that at
 * least one trail of the account record them; a trail's own settings are all that a call, a Config item
 * or the sweep shows, and the sweep sees only the trails whose home region it reads. So each trail is
 * judged on whether it records S3 data events for reads and writes of all buckets, and the rule's
 * account-level verdict (on AWS::::Account) is kept beside them. An account that means to record data
 * events on one trail only records an approved exception for its other trails.
 *
 * Judged from the trail's event selectors: basic `eventSelectors` (a data resource of type
 * AWS::S3::Object whose values include "arn:aws:s3" or "arn:aws:s3:::", i.e. every bucket; readWriteType
 * All, ReadOnly or WriteOnly) or `advancedEventSelectors` (eventCategory Data, resources.type
 * AWS::S3::Object, optionally readOnly; any other field narrows it to some events or buckets), read from
 * the configuration item (Config, or the sweep's cloudtrail collector, which writes GetEventSelectors)
 * and from PutEventSelectors, which replaces them all (its request, then its response).
 *
 * Test: test/core/domain/controls/audit/cloudtrail-s3-data-events.test.ts
 * Fixtures: test/fixtures/controls/identity.ts
 */
import { field, list, str } from '../../facts-access';
import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';

const S3_OBJECT = 'AWS::S3::Object';
/** The values of a basic selector that select the objects of every bucket. */
const ALL_BUCKETS = /^arn:[a-z-]+:s3(:::)?$/;

/** What S3 data events selectors record: reads and writes of all buckets, or of some only. */
interface Coverage {
  read: 'all' | 'some' | 'none';
  write: 'all' | 'some' | 'none';
}

const better = (a: Coverage['read'], b: Coverage['read']) =>
  a === 'all' || b === 'all' ? 'all' : a === 'some' || b === 'some' ? 'some' : 'none';

function basicCoverage(selectors: unknown[]): Coverage {
  const out: Coverage = { read: 'none', write: 'none' };
  for (const s of selectors) {
    const s3 = list(field(s, 'dataResources')).filter((r) => str(field(r, 'type')) === S3_OBJECT);
    if (s3.length === 0) continue;
    const values = s3
      .flatMap((r) => list(field(r, 'values')))
      .filter((v): v is string => typeof v === 'string');
    const scope = values.some((v) => ALL_BUCKETS.test(v)) ? 'all' : values.length > 0 ? 'some' : 'none';
    const rw = str(field(s, 'readWriteType')) ?? 'All';
    if (rw !== 'WriteOnly') out.read = better(out.read, scope);
    if (rw !== 'ReadOnly') out.write = better(out.write, scope);
  }
  return out;
}

function advancedCoverage(selectors: unknown[]): Coverage {
  const out: Coverage = { read: 'none', write: 'none' };
  for (const s of selectors) {
    const fields = list(field(s, 'fieldSelectors'));
    const equals = (name: string) =>
      fields
        .filter((f) => str(field(f, 'field')) === name)
        .flatMap((f) => list(field(f, 'equals')))
        .filter((v): v is string => typeof v === 'string');
    if (!equals('eventCategory').includes('Data') || !equals('resources.type').includes(S3_OBJECT)) continue;
    // any field other than these (resources.ARN, eventName, a notEquals ...) narrows the selector
    const narrowed = fields.some((f) => {
      const name = str(field(f, 'field'));
      const known = name === 'eventCategory' || name === 'resources.type' || name === 'readOnly';
      const operators = f !== null && typeof f === 'object' ? Object.entries(f) : [];
      const other = operators.some(
        ([k, v]) => !['field', 'equals'].includes(k.toLowerCase()) && list(v).length > 0,
      );
      return !known || other;
    });
    const scope = narrowed ? 'some' : 'all';
    const readOnly = equals('readOnly');
    if (readOnly.length === 0 || readOnly.includes('true')) out.read = better(out.read, scope);
    if (readOnly.length === 0 || readOnly.includes('false')) out.write = better(out.write, scope);
  }
  return out;
}

/** What a trail's selectors (either kind, from an item or a call) record; undefined when neither is given. */
export function s3DataEventCoverage(source: unknown): Coverage | undefined {
  const basic = field(source, 'eventSelectors');
  const advanced = field(source, 'advancedEventSelectors');
  if (!Array.isArray(basic) && !Array.isArray(advanced)) return undefined;
  const a = basicCoverage(list(basic));
  const b = advancedCoverage(list(advanced));
  return { read: better(a.read, b.read), write: better(a.write, b.write) };
}

function judge(c: Coverage, who: string): Verdict {
  if (c.read === 'all' && c.write === 'all')
    return compliant(`${who} records S3 data events (reads and writes) for all buckets`);
  const gap = (what: string, v: Coverage['read']) =>
    v === 'none'
      ? [`no S3 data ${what}`]
      : v === 'some'
        ? [`S3 data ${what} of some buckets or events only`]
        : [];
  return nonCompliant(`${who} records ${[...gap('reads', c.read), ...gap('writes', c.write)].join(' and ')}`);
}

/** Judges `cloudtrail-s3-data-events`: a verdict, or undefined when the facts do not bear on it. */
export const cloudTrailS3DataEvents: Evaluator = (facts) => {
  const ci = onConfig('AWS::CloudTrail::Trail', facts);
  if (ci) {
    const c = s3DataEventCoverage(ci.configuration);
    return c ? judge(c, 'the trail') : undefined;
  }
  const call = onCall(facts, 'PutEventSelectors');
  if (call?.eventSource !== 'cloudtrail.amazonaws.com') return undefined;
  const c = s3DataEventCoverage(call.requestParameters) ?? s3DataEventCoverage(call.responseElements);
  return c ? judge(c, 'PutEventSelectors: the trail') : undefined;
};

/** `cloudtrail-s3-data-events` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'cloudtrail-s3-data-events',
  title: 'CloudTrail records S3 data events for reads and writes',
  family: 'audit',
  citations: ['164.312(b)'],
  configRules: ['cloudtrail-s3-dataevents-enabled'],
  prowlerChecks: ['cloudtrail_s3_dataevents_read_enabled', 'cloudtrail_s3_dataevents_write_enabled'],
  cloudTrailEvents: ['PutEventSelectors'],
  resourceTypes: ['AWS::CloudTrail::Trail'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  // the selectors come from cloudtrail:GetEventSelectors, which cloudtrail-logging declares
  sweepCalls: [{ api: 'cloudtrail:GetEventSelectors', scope: 'trails' }],
  remediation:
    'Log S3 data events for all buckets, reads and writes (aws cloudtrail put-event-selectors --advanced-event-selectors ...).',
  evaluate: cloudTrailS3DataEvents,
};

import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/threat-detection/cloudwatch-security-alarms';
import { configFacts, type JsonObject, observationOf } from '../../../../fixtures/builders';
import {
  AUTH_FAILURES_PATTERN,
  alarmCall,
  securityAlarms,
} from '../../../../fixtures/controls/threat-detection';
import { describeControl, fromFacts } from '../control-cases';

const ALARMS = 'AWS::CloudWatch::SecurityAlarms';

/** The fixture after an edit of a fresh copy. */
const edited = (edit: (c: JsonObject & { metricFilters: JsonObject[]; alarms: JsonObject[] }) => void) => {
  const c = securityAlarms() as JsonObject & { metricFilters: JsonObject[]; alarms: JsonObject[] };
  edit(c);
  return c;
};

describeControl(control, [
  {
    name: 'both CIS filters on the trail log group, each with an alarm that notifies',
    observation: fromFacts(configFacts(ALARMS, securityAlarms())),
    status: 'COMPLIANT',
  },
  {
    name: 'the root-usage alarm has no action',
    observation: fromFacts(
      configFacts(
        ALARMS,
        edited((c) => {
          c.alarms = c.alarms.map((a) => (a.alarmName === 'root-usage' ? { ...a, alarmActions: 0 } : a));
        }),
      ),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'the auth-failure alarm has its actions disabled',
    observation: fromFacts(
      configFacts(
        ALARMS,
        edited((c) => {
          c.alarms = c.alarms.map((a) =>
            a.alarmName === 'console-auth-failures' ? { ...a, actionsEnabled: false } : a,
          );
        }),
      ),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'the filters sit on a log group no trail delivers to',
    observation: fromFacts(
      configFacts(
        ALARMS,
        edited((c) => {
          c.cloudTrailLogGroups = ['another-log-group'];
        }),
      ),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'no trail delivers to CloudWatch Logs',
    observation: fromFacts(configFacts(ALARMS, { cloudTrailLogGroups: [], metricFilters: [], alarms: [] })),
    status: 'NON_COMPLIANT',
  },
]);

describe('cloudwatch-security-alarms', () => {
  it('names the pattern left without an alarm', () => {
    // Prepare
    const obs = observationOf(
      configFacts(
        ALARMS,
        edited((c) => {
          c.metricFilters = c.metricFilters.filter((f) => f.filterPattern === AUTH_FAILURES_PATTERN);
        }),
      ),
    );
    // Act
    const found = assess(obs).find((a) => a.controlId === control.id);
    // Assess
    expect(found?.reason).toBe('no metric filter with an alarm that acts on root account usage');
  });

  it('accepts the patterns however they are spaced and quoted', () => {
    // Prepare
    const obs = observationOf(
      configFacts(
        ALARMS,
        edited((c) => {
          c.metricFilters = c.metricFilters.map((f) =>
            f.filterName === 'root-usage'
              ? {
                  ...f,
                  filterPattern:
                    '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType!="AwsServiceEvent"}',
                }
              : f,
          );
        }),
      ),
    );
    // Act
    const found = assess(obs).find((a) => a.controlId === control.id);
    // Assess
    expect(found?.status).toBe('COMPLIANT');
  });

  it.each([
    [
      'PutMetricFilter',
      alarmCall('logs.amazonaws.com', 'PutMetricFilter', {
        logGroupName: 'aws-cloudtrail-logs-111122223333',
        filterName: 'root-usage',
        filterPattern: '{ $.userIdentity.type = "Root" }',
        metricTransformations: [
          { metricNamespace: 'CISBenchmark', metricName: 'RootAccountUsage', metricValue: '1' },
        ],
      }),
    ],
    [
      'DeleteMetricFilter',
      alarmCall('logs.amazonaws.com', 'DeleteMetricFilter', {
        logGroupName: 'aws-cloudtrail-logs-111122223333',
        filterName: 'root-usage',
      }),
    ],
    [
      'PutMetricAlarm',
      alarmCall('monitoring.amazonaws.com', 'PutMetricAlarm', {
        alarmName: 'root-usage',
        namespace: 'CISBenchmark',
        metricName: 'RootAccountUsage',
        alarmActions: ['arn:aws:sns:us-east-1:111122223333:security-alerts'],
      }),
    ],
    ['DeleteAlarms', alarmCall('monitoring.amazonaws.com', 'DeleteAlarms', { alarmNames: ['root-usage'] })],
  ])('keeps %s as activity that does not move posture', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const found = assess(obs).find((a) => a.controlId === control.id);
    // Assess
    expect(found).toMatchObject({ status: 'NOT_APPLICABLE', affectsPosture: false });
  });

  it.each([
    ['a PutMetricAlarm named by another service', alarmCall('logs.amazonaws.com', 'PutMetricAlarm', {})],
    ['a log group item', configFacts('AWS::Logs::LogGroup', { logGroupName: 'x', retentionInDays: 30 })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});

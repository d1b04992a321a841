import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/audit/cloudtrail-cloudwatch-logs';
import { apiCallFacts, deleteAt, observationOf } from '../../../../fixtures/builders';
import { conf, describeControl, fixture, fromFacts } from '../control-cases';

const GROUP = 'arn:aws:logs:us-east-1:111122223333:log-group:org-audit:*';
const ROLE = 'arn:aws:iam::111122223333:role/CloudTrail_CloudWatchLogs_Role';
const trailCall = (eventName: string, requestParameters: Record<string, unknown>, responseElements = {}) =>
  apiCallFacts(eventName, { eventSource: 'cloudtrail.amazonaws.com', requestParameters, responseElements });

describeControl(control, [
  {
    name: 'trail CI delivering to a log group',
    observation: fixture('config-ci-cloudtrail-trail'),
    status: 'COMPLIANT',
  },
  {
    name: 'trail CI without a log group',
    observation: fixture('config-ci-cloudtrail-trail', (d) =>
      deleteAt(d, [...conf, 'cloudWatchLogsLogGroupArn']),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateTrail with a log group (in the response too)',
    observation: fromFacts(
      trailCall(
        'CreateTrail',
        {
          name: 'org-audit',
          s3BucketName: 'audit-logs',
          cloudWatchLogsLogGroupArn: GROUP,
          cloudWatchLogsRoleArn: ROLE,
        },
        { name: 'org-audit', cloudWatchLogsLogGroupArn: GROUP, cloudWatchLogsRoleArn: ROLE },
      ),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'CreateTrail delivering to S3 only',
    observation: fromFacts(trailCall('CreateTrail', { name: 'org-audit', s3BucketName: 'audit-logs' })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'UpdateTrail adding a log group',
    observation: fromFacts(
      trailCall('UpdateTrail', {
        name: 'org-audit',
        cloudWatchLogsLogGroupArn: GROUP,
        cloudWatchLogsRoleArn: ROLE,
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'UpdateTrail removing the log group ("")',
    observation: fromFacts(
      trailCall('UpdateTrail', {
        name: 'org-audit',
        cloudWatchLogsLogGroupArn: '',
        cloudWatchLogsRoleArn: '',
      }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('cloudtrail-cloudwatch-logs reasons and unrelated facts', () => {
  it('names the log group', () => {
    // Prepare
    const obs = observationOf(
      trailCall('UpdateTrail', { name: 'org-audit', cloudWatchLogsLogGroupArn: GROUP }),
    );
    // Act
    const found = assess(obs).find((a) => a.controlId === control.id);
    // Assess
    expect(found?.reason).toBe('trail delivers its events to CloudWatch Logs (log group org-audit)');
  });

  it.each([
    [
      'an UpdateTrail that leaves delivery alone',
      trailCall('UpdateTrail', { name: 'org-audit', isMultiRegionTrail: true }),
    ],
    ['a StopLogging', trailCall('StopLogging', { name: 'org-audit' })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});

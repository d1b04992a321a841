import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';

/**
 * An alarm on a dead-letter queue holding anything at all: a message there is evidence that did not
 * arrive (or a schedule that did not run). Routed to `actions` when given; without them the alarm is
 * still recorded and visible, and the cdk-nag finding says so.
 */
export function queueDepthAlarm(
  scope: Construct,
  id: string,
  props: {
    queue: sqs.IQueue;
    description: string;
    actions: readonly cloudwatch.IAlarmAction[] | undefined;
    /** how often the depth is sampled @default Duration.minutes(1) */
    period?: Duration;
    /** where the alarm state is visible without actions, for the acknowledgement @default 'CloudWatch' */
    visibleIn?: string;
  },
): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmDescription: props.description,
    metric: props.queue.metricApproximateNumberOfMessagesVisible({
      period: props.period ?? Duration.minutes(1),
      statistic: cloudwatch.Stats.MAXIMUM,
    }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  if (props.actions && props.actions.length > 0) {
    alarm.addAlarmAction(...props.actions);
  } else {
    NagSuppressions.addResourceSuppressions(alarm, [
      {
        id: 'HIPAA.Security-CloudWatchAlarmAction',
        reason:
          'No notification channel was configured (alarmActions prop): the alarm state is still recorded ' +
          `and visible in ${props.visibleIn ?? 'CloudWatch'}; pass alarmActions (e.g. an SNS topic) to route it.`,
      },
    ]);
  }
  return alarm;
}

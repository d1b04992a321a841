import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';

/**
 * A dead-letter queue as every one here is: KMS-encrypted with `key`, TLS only, messages kept 14 days.
 * Nothing consumes it, so a redrive policy of its own could never apply (Serverless-SQSRedrivePolicy);
 * and unless an SQS redrive policy names it, cdk-nag cannot tell it is a DLQ (AwsSolutions-SQS3).
 */
export function deadLetterQueue(
  scope: Construct,
  id: string,
  props: {
    key: kms.IKey;
    /** what fails into it, for the acknowledgements: "the drift stream mapping" */
    of: string;
    /** an SQS redrive policy names it, so cdk-nag recognises it as a DLQ @default false */
    namedByRedrivePolicy?: boolean;
  },
): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: props.key,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const reason =
    `This queue is itself the dead-letter queue of ${props.of}; nothing consumes it, so a redrive policy ` +
    'or a DLQ of its own could never apply. Its depth is alarmed and messages are kept 14 days.';
  NagSuppressions.addResourceSuppressions(queue, [
    ...(props.namedByRedrivePolicy ? [] : [{ id: 'AwsSolutions-SQS3', reason }]),
    { id: 'Serverless-SQSRedrivePolicy', reason },
  ]);
  return queue;
}

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

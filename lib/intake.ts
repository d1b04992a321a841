import { fileURLToPath } from 'node:url';
import { Duration, Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { BY_DAY_INDEX, WRITER_PARTITIONS } from '../core/adapters/dynamodb/table-schema';
import { deadLetterQueue, queueDepthAlarm } from './dead-letter';
import { assertPatternSize, evidenceRuleSpecs } from './event-patterns';
import { EvidenceFunction, TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from './evidence-function';
import type { EvidencePipelineProps } from './evidence-pipeline';
import { acknowledgeSynchronousFunction } from './function-findings';

/** The collect handler shipped with this project. */
export const DEFAULT_COLLECT_ENTRY = fileURLToPath(new URL('../lambdas/collect.ts', import.meta.url));

const COLLECT_TIMEOUT = Duration.seconds(60);

/** Properties of {@link evidenceIntake}: the pipeline's intake props and what the intake writes with. */
export interface IntakeProps
  extends Pick<
    EvidencePipelineProps,
    'collectEntry' | 'tracing' | 'logRetention' | 'vpc' | 'vpcSubnets' | 'alarmActions' | 'organizationId'
  > {
  /** The pipeline key: queues, log group, and what EventBridge sends. */
  readonly key: kms.Key;
  /** The evidence table the collect function writes. */
  readonly table: dynamodb.ITable;
  /** Reserved concurrency of the collect function, also the event source's maximum concurrency. */
  readonly reservedConcurrency: number;
  /** The evidence configuration (rule mappings, redact keys, ePHI tags) of the collect function. */
  readonly evidenceEnvironment: Readonly<Record<string, string>>;
}

/** What {@link evidenceIntake} creates; see the members of the same names on `EvidencePipeline`. */
export interface Intake {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly collectFunction: EvidenceFunction;
  readonly configRule: events.Rule;
  readonly cloudTrailRule: events.Rule;
  readonly signInRule: events.Rule;
  readonly organizationBus?: events.EventBus;
  readonly organizationRules: readonly events.Rule[];
  readonly deadLetterAlarm: cloudwatch.Alarm;
}

/**
 * The intake of the pipeline, added to `scope` (the pipeline): EventBridge rules for AWS Config and
 * CloudTrail changes (on the default bus, and on the organization bus with `organizationId`) deliver to a
 * KMS-encrypted SQS queue with an alarmed DLQ, consumed by the collect function, which writes the table.
 */
export function evidenceIntake(scope: Construct, props: IntakeProps): Intake {
  // EventBridge encrypts what it sends to the queues; only rules of this account may use the key.
  props.key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowEventBridgeRulesOfThisAccount',
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
    }),
  );

  const dlq = deadLetterQueue(scope, 'DeadLetterQueue', {
    key: props.key,
    of: 'the intake queue and of the rule targets',
    namedByRedrivePolicy: true,
  });
  const queue = new sqs.Queue(scope, 'Queue', {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: props.key,
    enforceSSL: true,
    // AWS guidance for Lambda consumers: six times the function timeout.
    visibilityTimeout: Duration.seconds(COLLECT_TIMEOUT.toSeconds() * 6),
    deadLetterQueue: { queue: dlq, maxReceiveCount: 5 },
  });
  const collectFunction = collect(scope, props, queue);

  const target = new IntakeQueueTarget(queue, dlq);
  const [configRule, cloudTrailRule, signInRule] = intakeRules(scope, undefined, '', target) as [
    events.Rule,
    events.Rule,
    events.Rule,
  ];
  const organization =
    props.organizationId !== undefined ? organizationIntake(scope, props.organizationId, target) : undefined;

  const deadLetterAlarm = queueDepthAlarm(scope, 'DeadLetterAlarm', {
    queue: dlq,
    description: 'Evidence could not be collected: messages are waiting in the dead-letter queue',
    actions: props.alarmActions,
  });
  return {
    queue,
    deadLetterQueue: dlq,
    collectFunction,
    configRule,
    cloudTrailRule,
    signInRule,
    ...(organization ? { organizationBus: organization.bus } : {}),
    organizationRules: organization?.rules ?? [],
    deadLetterAlarm,
  };
}

/** The collect function (construct id `Collect`), consuming `queue` and writing the evidence table. */
function collect(scope: Construct, props: IntakeProps, queue: sqs.IQueue): EvidenceFunction {
  const collectFunction = new EvidenceFunction(scope, 'Collect', {
    entry: props.collectEntry ?? DEFAULT_COLLECT_ENTRY,
    description: 'Collects AWS Config / CloudTrail events as HIPAA evidence',
    encryptionKey: props.key,
    timeout: COLLECT_TIMEOUT,
    memorySize: 512,
    reservedConcurrentExecutions: props.reservedConcurrency,
    tracing: props.tracing,
    logRetention: props.logRetention,
    vpc: props.vpc,
    vpcSubnets: props.vpcSubnets,
    environment: {
      TABLE_NAME: props.table.tableName,
      POWERTOOLS_SERVICE_NAME: 'evidence-collect',
      LOG_LEVEL: 'INFO',
      ...props.evidenceEnvironment,
    },
  });
  collectFunction.grantTableItemAccess(props.table, [BY_DAY_INDEX.name], TABLE_READ_ACTIONS);
  // writes only evidence: chains, quarantine and identity aliases, never checkpoints or the ledger
  collectFunction.grantTableItemAccess(props.table, [], TABLE_WRITE_ACTIONS, {
    leadingKeys: WRITER_PARTITIONS.evidence,
  });
  collectFunction.grantKeyUse(props.key);
  collectFunction.consumeQueue(queue, {
    batchSize: 10,
    maxBatchingWindow: Duration.seconds(5),
    maxConcurrency: props.reservedConcurrency,
  });
  collectFunction.addToPolicy(
    new iam.PolicyStatement({
      actions: ['config:GetResourceConfigHistory', 'config:BatchGetResourceConfig'],
      resources: ['*'],
    }),
  );
  NagSuppressions.addResourceSuppressions(collectFunction.policy, [
    {
      id: 'AwsSolutions-IAM5',
      reason:
        'config:GetResourceConfigHistory and config:BatchGetResourceConfig support no resource-level ' +
        'permissions (Service Authorization Reference), so Resource "*" is the only valid value; ' +
        'the statement is read-only and limited to these two actions.',
      appliesTo: ['Resource::*'],
    },
  ]);
  acknowledgeSynchronousFunction(collectFunction, {
    inVpc: props.vpc !== undefined,
    dlqReason:
      'The function is invoked only synchronously by the SQS event source mapping; a function DLQ applies ' +
      'to asynchronous invocations only. Failed messages move to the intake queue DLQ ' +
      '(maxReceiveCount 5), which is alarmed.',
    reaches: 'AWS APIs (DynamoDB, SQS, KMS, Config, CloudWatch Logs) over TLS with IAM authentication',
  });
  return collectFunction;
}

/** One rule per {@link evidenceRuleSpecs} entry on `eventBus` (default bus when undefined). */
function intakeRules(
  scope: Construct,
  eventBus: events.IEventBus | undefined,
  idPrefix: string,
  target: events.IRuleTarget,
): events.Rule[] {
  return evidenceRuleSpecs().map((spec) => {
    const rule = new events.Rule(scope, `${idPrefix}${spec.id}`, {
      description: `${spec.description} to the evidence intake queue${eventBus ? ' (from member accounts)' : ''}`,
      eventBus,
      eventPattern: spec.eventPattern,
      targets: [target],
    });
    assertPatternSize(rule);
    return rule;
  });
}

/**
 * The organization's event bus: member accounts of `organizationId` (and only they) may put events on
 * it; the same rules as on the default bus route them to the intake queue. Events keep their own
 * `account`, so evidence subjects stay per member account.
 */
function organizationIntake(scope: Construct, organizationId: string, target: events.IRuleTarget) {
  const bus = new events.EventBus(scope, 'OrganizationBus', {
    description: `HIPAA evidence: events forwarded by the member accounts of ${organizationId}`,
  });
  bus.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowPutEventsFromOrganizationMembers',
      // Any principal, narrowed by the condition to principals of the organization's accounts.
      principals: [new iam.StarPrincipal()],
      actions: ['events:PutEvents'],
      resources: [bus.eventBusArn],
      conditions: { StringEquals: { 'aws:PrincipalOrgID': organizationId } },
    }),
  );
  return { bus, rules: intakeRules(scope, bus, 'Organization', target) };
}

/**
 * Delivers a rule's events to the intake queue, with delivery failures going to the DLQ. The queue
 * policies allow `events.amazonaws.com` to send only on behalf of the rules bound here
 * (`aws:SourceArn`), independent of feature flags; KMS use is granted once in the key policy.
 */
class IntakeQueueTarget implements events.IRuleTarget {
  constructor(
    private readonly queue: sqs.IQueue,
    private readonly deadLetterQueue: sqs.IQueue,
  ) {}

  public bind(rule: events.IRuleRef): events.RuleTargetConfig {
    const ruleArn = events.CfnRule.arnForRule(rule);
    for (const queue of [this.queue, this.deadLetterQueue]) {
      queue.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('events.amazonaws.com')],
          actions: ['sqs:SendMessage'],
          resources: [queue.queueArn],
          conditions: { ArnEquals: { 'aws:SourceArn': ruleArn } },
        }),
      );
    }
    return {
      arn: this.queue.queueArn,
      targetResource: this.queue,
      deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
      retryPolicy: { maximumEventAgeInSeconds: 24 * 60 * 60, maximumRetryAttempts: 185 },
    };
  }
}

import {
  CfnParameter,
  DefaultStackSynthesizer,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
} from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue, queueDepthAlarm } from './dead-letter';
import { assertPatternSize, evidenceRuleSpecs } from './event-patterns';

/** Properties of {@link MemberAccountForwarder}. */
export interface MemberAccountForwarderProps {
  /**
   * ARN of the central account's organization event bus (`EvidencePipeline.organizationBus`, created by
   * the `organizationId` prop), e.g. `arn:aws:events:eu-west-1:111122223333:event-bus/Name`.
   */
  readonly centralEventBusArn: string;
  /**
   * Key that encrypts the forwarding dead-letter queue. Its key policy must let `events.amazonaws.com` use
   * `kms:GenerateDataKey` and `kms:Decrypt` (EventBridge itself writes the DLQ); the created key does.
   * @default - a customer-managed key with rotation on, created here
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * How long EventBridge keeps retrying a forward that fails (60 seconds to 24 hours).
   * @default Duration.hours(24)
   */
  readonly maxEventAge?: Duration;
  /**
   * Retries of a forward that fails before the event goes to the dead-letter queue (0 to 185).
   * @default 185
   */
  readonly retryAttempts?: number;
  /**
   * Actions of the DLQ-depth alarm (e.g. an SNS topic action of the member account).
   * @default - none: the alarm state is visible in the member account's CloudWatch only
   */
  readonly alarmActions?: readonly cloudwatch.IAlarmAction[];
}

/**
 * Deployed in each member account (e.g. with a service-managed CloudFormation StackSet): EventBridge
 * rules on the account's default bus with exactly the pipeline's event patterns
 * ({@link evidenceRuleSpecs}), each forwarding to the central account's organization bus through a role
 * that may only `events:PutEvents` on that bus. Forwards that keep failing land in a KMS-encrypted DLQ
 * in the member account. Events keep their `account` field, so evidence stays per member account.
 */
export class MemberAccountForwarder extends Construct {
  /** The role EventBridge assumes to put events on the central bus. */
  public readonly role: iam.Role;
  /** The customer-managed policy of {@link role}: `events:PutEvents` on the central bus only. */
  public readonly policy: iam.ManagedPolicy;
  /** The forwarding rules, one per pipeline event pattern. */
  public readonly rules: readonly events.Rule[];
  /** Dead-letter queue of forwards that failed after every retry. */
  public readonly deadLetterQueue: sqs.Queue;
  /** Key of {@link deadLetterQueue}. */
  public readonly key: kms.IKey;
  /** Alarm raised when any event reaches {@link deadLetterQueue}: evidence that did not reach the centre. */
  public readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: MemberAccountForwarderProps) {
    super(scope, id);
    validate(this, props);
    const stack = Stack.of(this);

    if (props.encryptionKey) {
      this.key = props.encryptionKey;
    } else {
      const key = new kms.Key(this, 'Key', {
        description:
          'HIPAA evidence forwarding: dead-letter queue of events not delivered to the central bus',
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
        pendingWindow: Duration.days(30),
      });
      // EventBridge itself writes undeliverable events to the encrypted DLQ; only rules of this account.
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowEventBridgeRulesOfThisAccount',
          principals: [new iam.ServicePrincipal('events.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          // In a key policy "*" means this key.
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
        }),
      );
      this.key = key;
    }

    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', {
      key: this.key,
      of: 'the forwarding rules',
    });

    this.deadLetterAlarm = queueDepthAlarm(this, 'DeadLetterAlarm', {
      queue: this.deadLetterQueue,
      description:
        'HIPAA evidence events were not delivered to the central account: they wait in the forwarding DLQ',
      actions: props.alarmActions,
      period: Duration.minutes(5),
      visibleIn: 'the member account',
    });

    this.role = new iam.Role(this, 'Role', {
      description: 'EventBridge: forwards HIPAA evidence events to the central organization bus',
      // Only EventBridge rules of this account may assume it (confused-deputy guard).
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'PutEvents on the central HIPAA evidence bus only',
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [props.centralEventBusArn] }),
      ],
    });

    const target = new CentralBusTarget(props, this.role, this.deadLetterQueue);
    this.rules = evidenceRuleSpecs().map((spec) => {
      const rule = new events.Rule(this, spec.id, {
        description: `${spec.description} forwarded to the central HIPAA evidence bus`,
        eventPattern: spec.eventPattern,
        targets: [target],
      });
      assertPatternSize(rule);
      // The put is authorised by the policy; CloudFormation must attach it before the rule uses the role.
      rule.node.addDependency(this.policy);
      return rule;
    });
  }
}

/** Puts a rule's events on the central bus with the forwarder's role; failures go to the DLQ. */
class CentralBusTarget implements events.IRuleTarget {
  constructor(
    private readonly props: MemberAccountForwarderProps,
    private readonly role: iam.IRole,
    private readonly deadLetterQueue: sqs.IQueue,
  ) {}

  public bind(rule: events.IRuleRef): events.RuleTargetConfig {
    this.deadLetterQueue.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': events.CfnRule.arnForRule(rule) } },
      }),
    );
    return {
      arn: this.props.centralEventBusArn,
      role: this.role,
      deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
      retryPolicy: {
        maximumEventAgeInSeconds: (this.props.maxEventAge ?? Duration.hours(24)).toSeconds(),
        maximumRetryAttempts: this.props.retryAttempts ?? 185,
      },
    };
  }
}

function validate(scope: Construct, props: MemberAccountForwarderProps): void {
  const fail = (message: string): never => {
    throw new Error(`${scope.node.path}: ${message}`);
  };
  const arn = props.centralEventBusArn;
  if (!Token.isUnresolved(arn)) {
    const ok = /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[A-Za-z0-9._-]+$/.test(arn);
    if (!ok) fail(`centralEventBusArn must be an EventBridge event bus ARN, got "${arn}"`);
    if (arn.endsWith(':event-bus/default')) {
      fail('centralEventBusArn must name the organization bus of the central account, not its default bus');
    }
  }
  const age = props.maxEventAge?.toSeconds();
  if (age !== undefined && (age < 60 || age > 86400)) {
    fail(`maxEventAge must be between 60 seconds and 24 hours, got ${age} seconds`);
  }
  const retries = props.retryAttempts;
  if (retries !== undefined && (!Number.isInteger(retries) || retries < 0 || retries > 185)) {
    fail(`retryAttempts must be an integer from 0 to 185, got ${retries}`);
  }
}

/**
 * A member account's stack for a service-managed StackSet: one {@link MemberAccountForwarder} whose
 * central bus ARN is the template parameter `CentralEventBusArn`. It has no assets and no bootstrap
 * version check, so the synthesized template deploys into accounts that were never CDK-bootstrapped.
 */
export class MemberAccountStack extends Stack {
  /** The forwarder. */
  public readonly forwarder: MemberAccountForwarder;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, {
      ...props,
      synthesizer: props.synthesizer ?? new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
    });
    const busArn = new CfnParameter(this, 'CentralEventBusArn', {
      type: 'String',
      description: 'ARN of the central account organization event bus (EvidencePipeline organizationBus)',
      allowedPattern: '^arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[A-Za-z0-9._-]+$',
    });
    this.forwarder = new MemberAccountForwarder(this, 'Forwarder', {
      centralEventBusArn: busArn.valueAsString,
    });
  }
}

import { Stack, Token } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import { cloudTrailEventNames } from '../core/domain/catalog';

/**
 * One EventBridge rule of the pipeline: what it matches and why. The central account
 * ({@link EvidencePipeline}) and each member account ({@link MemberAccountForwarder}) build their rules
 * from the same list, so a member forwards exactly what the centre would have collected locally.
 */
export interface EvidenceRuleSpec {
  /** Construct id of the rule (stable: it names the CloudFormation resource). */
  readonly id: string;
  /** Rule description. */
  readonly description: string;
  /** The event pattern. */
  readonly eventPattern: events.EventPattern;
}

/** AWS Config compliance changes and configuration item changes. */
export function configChangePattern(): events.EventPattern {
  return {
    source: ['aws.config'],
    detailType: ['Config Rules Compliance Change', 'Config Configuration Item Change'],
  };
}

/**
 * The CloudTrail management events the control catalog evaluates or the notable-activity review reads
 * (policy attachments; by event name, any source). A refused call is forwarded when its name is listed:
 * denied attempts on calls outside the list reach the pipeline only from CloudTrail log files.
 */
export function cloudTrailApiCallPattern(): events.EventPattern {
  return {
    detailType: ['AWS API Call via CloudTrail'],
    detail: { eventName: cloudTrailEventNames() },
  };
}

/** Console sign-in events. */
export function consoleSignInPattern(): events.EventPattern {
  return { source: ['aws.signin'], detailType: ['AWS Console Sign In via CloudTrail'] };
}

/** Every rule the pipeline needs, in a fixed order (Config, CloudTrail API calls, console sign-in). */
export function evidenceRuleSpecs(): readonly EvidenceRuleSpec[] {
  return [
    {
      id: 'ConfigChangeRule',
      description: 'AWS Config compliance and configuration item changes',
      eventPattern: configChangePattern(),
    },
    {
      id: 'CloudTrailApiCallRule',
      description: 'CloudTrail management events evaluated by the control catalog',
      eventPattern: cloudTrailApiCallPattern(),
    },
    {
      id: 'ConsoleSignInRule',
      description: 'Console sign-in events',
      eventPattern: consoleSignInPattern(),
    },
  ];
}

/** EventBridge rejects event patterns larger than this many characters. */
export const MAX_EVENT_PATTERN_CHARS = 4096;

/** Fails synth when a rule's pattern is larger than EventBridge accepts (the catalog's name list grows). */
export function assertPatternSize(rule: events.Rule): void {
  const pattern = Stack.of(rule).toJsonString(
    (rule.node.defaultChild as events.CfnRule).eventPattern as Record<string, unknown>,
  );
  if (!Token.isUnresolved(pattern) && pattern.length > MAX_EVENT_PATTERN_CHARS) {
    throw new Error(
      `${rule.node.path}: event pattern is ${pattern.length} characters; EventBridge allows ${MAX_EVENT_PATTERN_CHARS}`,
    );
  }
}

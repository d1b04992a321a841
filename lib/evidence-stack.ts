import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { EvidencePipeline, type EvidencePipelineProps, SLACK_SECRET_PUT_COMMAND } from './evidence-pipeline';

/** Properties of {@link EvidenceStack}. */
export interface EvidenceStackProps extends StackProps {
  /**
   * Settings of the evidence pipeline.
   * @default - the pipeline's secure defaults
   */
  readonly pipeline?: EvidencePipelineProps;
}

/** A deployable stack holding one {@link EvidencePipeline} and its outputs. */
export class EvidenceStack extends Stack {
  /** The pipeline deployed by this stack. */
  public readonly pipeline: EvidencePipeline;

  constructor(scope: Construct, id: string, props: EvidenceStackProps = {}) {
    super(scope, id, props);
    this.pipeline = new EvidencePipeline(this, 'Pipeline', props.pipeline);

    new CfnOutput(this, 'TableName', {
      description: 'Evidence table (use with the CLI: evidence --table NAME)',
      value: this.pipeline.table.tableName,
    });
    new CfnOutput(this, 'QueueUrl', {
      description: 'Evidence intake queue',
      value: this.pipeline.queue.queueUrl,
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      description: 'Dead-letter queue: messages here were not collected',
      value: this.pipeline.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'SlackSecretArn', {
      description: `Slack webhook secret of the drift notifications; set it with: ${SLACK_SECRET_PUT_COMMAND}`,
      value: this.pipeline.slackSecret.secretArn,
    });
    new CfnOutput(this, 'BinderBucketName', {
      description: 'Bucket of exported evidence binders (Object Lock, compliance mode)',
      value: this.pipeline.binderBucket.bucketName,
    });
    new CfnOutput(this, 'BinderSigningKeyArn', {
      description:
        'KMS Ed25519 key that signs binders, checkpoints and tree heads; its fingerprint, for auditors: evidence key --kms-key <this ARN>',
      value: this.pipeline.binderSigningKey.keyArn,
    });
    new CfnOutput(this, 'ExportFunctionName', {
      description: 'Binder export function (invoke it with the CLI: evidence binder --remote)',
      value: this.pipeline.exportFunction.function.functionName,
    });
    new CfnOutput(this, 'ShardedExportStateMachineArn', {
      description:
        'Sharded binder export for periods too long for the export function (evidence binder --remote <function> --state-machine <this ARN>)',
      value: this.pipeline.shardedExport.stateMachine.stateMachineArn,
    });
    new CfnOutput(this, 'DriftDeadLetterQueueUrl', {
      description: 'Drift dead-letter queue: stream records whose Slack notifications were not delivered',
      value: this.pipeline.driftDeadLetterQueue.queueUrl,
    });
    if (this.pipeline.organizationBus) {
      new CfnOutput(this, 'OrganizationBusArn', {
        description:
          'Organization event bus: the CentralEventBusArn parameter of the member-account StackSet',
        value: this.pipeline.organizationBus.eventBusArn,
      });
    }
  }
}

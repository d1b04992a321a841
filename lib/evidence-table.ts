import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { BY_DAY_INDEX, BY_RECORDED_TIME_INDEX, TABLE_KEY } from '../core/adapters/dynamodb/table-schema';

// The parts of EvidencePipeline add their resources to the pipeline itself, under the ids they always had:
// logical ids derive from construct paths, and a changed one would replace the deployed table or key.

/**
 * The pipeline's customer-managed key (construct id `Key`, rotation on, kept on stack deletion), which
 * encrypts the table, the queues, the buckets and the log groups. The key policy lets CloudWatch Logs use
 * it only for log groups of this account and region.
 */
export function pipelineKey(scope: Construct): kms.Key {
  const stack = Stack.of(scope);
  const key = new kms.Key(scope, 'Key', {
    description: 'HIPAA evidence pipeline: evidence table, queues and log groups',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
    pendingWindow: Duration.days(30),
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchLogsOfThisAccountAndRegion',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: [
        'kms:Encrypt',
        'kms:Decrypt',
        'kms:ReEncryptFrom',
        'kms:ReEncryptTo',
        'kms:GenerateDataKey',
        'kms:GenerateDataKeyWithoutPlaintext',
        'kms:DescribeKey',
      ],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
  return key;
}

/** Properties of {@link evidenceTable}. */
export interface EvidenceTableProps {
  /** The pipeline key, the table's customer-managed encryption key. */
  readonly key: kms.IKey;
  /** Deletion protection of the table (the RETAIN removal policy holds either way). */
  readonly deletionProtection: boolean;
}

/**
 * The evidence table (construct id `Table`): the key schema and both GSIs of
 * `core/adapters/dynamodb/table-schema.ts`, on demand, encrypted with the pipeline key, point-in-time
 * recovery on, kept on stack deletion, and a NEW_AND_OLD_IMAGES stream for the drift notifications.
 */
export function evidenceTable(scope: Construct, props: EvidenceTableProps): dynamodb.Table {
  const table = new dynamodb.Table(scope, 'Table', {
    partitionKey: { name: TABLE_KEY.partitionKey, type: dynamodb.AttributeType.STRING },
    sortKey: { name: TABLE_KEY.sortKey, type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: props.key,
    deletionProtection: props.deletionProtection,
    stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  table.addGlobalSecondaryIndex({
    indexName: BY_DAY_INDEX.name,
    partitionKey: { name: BY_DAY_INDEX.partitionKey, type: dynamodb.AttributeType.STRING },
    sortKey: { name: BY_DAY_INDEX.sortKey, type: dynamodb.AttributeType.STRING },
    projectionType: dynamodb.ProjectionType.ALL,
  });
  // the evidence log by stamp time (records and quarantined input): what each signed tree head appends;
  // its record entries are also the leaves of each day's Merkle checkpoint
  table.addGlobalSecondaryIndex({
    indexName: BY_RECORDED_TIME_INDEX.name,
    partitionKey: { name: BY_RECORDED_TIME_INDEX.partitionKey, type: dynamodb.AttributeType.STRING },
    sortKey: { name: BY_RECORDED_TIME_INDEX.sortKey, type: dynamodb.AttributeType.STRING },
    projectionType: dynamodb.ProjectionType.KEYS_ONLY,
  });
  NagSuppressions.addResourceSuppressions(table, [
    {
      id: 'HIPAA.Security-DynamoDBInBackupPlan',
      reason:
        'Continuous backups are on (PITR, 35 days) and the table has deletion protection and a RETAIN policy; ' +
        'evidence is append-only and never expires. Multi-year backup copies belong to the account owner ' +
        'central AWS Backup plan and vault, which this construct does not compete with.',
    },
  ]);
  return table;
}

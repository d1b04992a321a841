import { fileURLToPath } from 'node:url';
import { App, Aspects, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json';
import { sweepCollectors } from '../../core/adapters/sweep';
import { SWEEP_API_CONTROLS, sweepIamActions } from '../../core/domain/sweep-apis';
import {
  DEFAULT_CHECKPOINT_ENTRY,
  DEFAULT_SWEEP_ENTRY,
  EvidencePipeline,
  MIN_LOG_RETENTION_DAYS,
  ScheduledEvidence,
  type ScheduledEvidenceProps,
  SWEEP_READ_ACTIONS,
} from '../../lib';
import { ACCOUNT_ID, healthyAccount, REGION, serveAccount } from '../helpers/fake-aws-account';

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
}
type Resources = Record<string, { Properties: Record<string, unknown>; DependsOn?: string[] }>;

const SWEEP_FIXTURE = fileURLToPath(new URL('./fixtures/sweep-handler.ts', import.meta.url));
const CHECKPOINT_FIXTURE = fileURLToPath(new URL('./fixtures/checkpoint-handler.ts', import.meta.url));
const OPS_TOPIC = 'arn:aws:sns:eu-west-1:111111111111:evidence-ops';
const opsAlarmAction: cloudwatch.IAlarmAction = { bind: () => ({ alarmActionArn: OPS_TOPIC }) };
const KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555';
const ANY_MESSAGE = Match.stringLikeRegexp('.*');

let stack: Stack;
let template: Template;
let pipeline: EvidencePipeline;
let scheduled: ScheduledEvidence;

beforeAll(() => {
  // Prepare: the real pipeline provides the table and keys, as the lead will wire it; fixture handlers.
  const app = new App({ context: cdkJson.context });
  stack = new Stack(app, 'Scheduled');
  pipeline = new EvidencePipeline(stack, 'Pipeline');
  const base = {
    table: pipeline.table,
    key: pipeline.key,
    signingKey: pipeline.binderSigningKey,
    anchorBucket: pipeline.binderBucket,
    sweepEntry: SWEEP_FIXTURE,
    checkpointEntry: CHECKPOINT_FIXTURE,
  };
  scheduled = new ScheduledEvidence(stack, 'Daily', base);
  new ScheduledEvidence(stack, 'Tuned', {
    ...base,
    sweepSchedule: 'cron(15 1 ? * MON-FRI *)',
    checkpointSchedule: 'rate(12 hours)',
    timeZone: 'America/New_York',
    retryAttempts: 2,
    maxEventAge: Duration.hours(1),
    alarmActions: [opsAlarmAction],
    sweepEnvironment: { SWEEP_REGIONS: 'us-east-1,eu-west-1' },
  });
  for (const pack of [new AwsSolutionsChecks(), new HIPAASecurityChecks(), new ServerlessChecks()]) {
    Aspects.of(app).add(pack);
  }
  // Act
  app.synth();
  template = Template.fromStack(stack);
});

const idOf = (type: string, prefix: string): string => {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids, `${type} ${prefix}*`).toHaveLength(1);
  return ids[0] as string;
};
const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });
/** What the sweep function needs besides reading posture: its logs, the table, the key and the DLQ. */
const SWEEP_RUNTIME_ACTIONS = [
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:DeleteItem',
  'dynamodb:Query',
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:DescribeTable',
  // the coverage check at the end of each sweep reads every chain head
  'dynamodb:Scan',
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:GenerateDataKey',
  'sqs:SendMessage',
];
const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
function statementsOf(type: 'AWS::IAM::ManagedPolicy', prefix: string): Statement[] {
  const policy = template.findResources(type)[idOf(type, prefix)] as Resources[string];
  return (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
}
const resourceOf = (statements: Statement[], action: string) =>
  statements.filter((s) => actionsOf(s).includes(action)).map((s) => s.Resource);
const schedule = (prefix: string) =>
  (
    template.findResources('AWS::Scheduler::Schedule')[
      idOf('AWS::Scheduler::Schedule', prefix)
    ] as Resources[string]
  ).Properties;

describe('ScheduledEvidence with defaults', () => {
  it('defaults to the repository sweep and checkpoint handlers', () => {
    expect(DEFAULT_SWEEP_ENTRY).toMatch(/lambdas[/\\]sweep\.ts$/);
    expect(DEFAULT_CHECKPOINT_ENTRY).toMatch(/lambdas[/\\]checkpoint\.ts$/);
  });

  it('runs the sweep daily at 02:00 UTC and the checkpoint every 15 minutes, in one schedule group', () => {
    const groupId = idOf('AWS::Scheduler::ScheduleGroup', 'DailyGroup');
    const group = template.findResources('AWS::Scheduler::ScheduleGroup')[groupId]?.Properties.Name;
    expect(group).toEqual(expect.any(String));
    expect(schedule('DailySweepSchedule')).toMatchObject({
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      GroupName: group,
    });
    expect(schedule('DailyCheckpointSchedule')).toMatchObject({
      ScheduleExpression: 'rate(15 minutes)',
      ScheduleExpressionTimezone: 'UTC',
      GroupName: group,
    });
  });

  it('invokes each function with its own role, a retry policy, the DLQ and the scheduled time as input', () => {
    for (const [name, fn] of [
      ['Sweep', 'DailySweepFunction'],
      ['Checkpoint', 'DailyCheckpointFunction'],
    ] as const) {
      const target = schedule(`Daily${name}Schedule`).Target as Record<string, unknown>;
      expect(target).toMatchObject({
        Arn: getAtt(idOf('AWS::Lambda::Function', fn)),
        RoleArn: getAtt(idOf('AWS::IAM::Role', `Daily${name}ScheduleRole`)),
        RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 21600 },
        DeadLetterConfig: { Arn: getAtt(idOf('AWS::SQS::Queue', 'DailyDeadLetterQueue')) },
      });
      expect(JSON.parse(String(target.Input))).toEqual({
        scheduledTime: '<aws.scheduler.scheduled-time>',
        executionId: '<aws.scheduler.execution-id>',
        attempt: '<aws.scheduler.attempt-number>',
      });
    }
  });

  it('lets Scheduler assume each role only for its group, and the role only invoke its own function', () => {
    for (const [name, fn] of [
      ['Sweep', 'DailySweepFunction'],
      ['Checkpoint', 'DailyCheckpointFunction'],
    ] as const) {
      const role =
        template.findResources('AWS::IAM::Role')[idOf('AWS::IAM::Role', `Daily${name}ScheduleRole`)];
      expect(role?.Properties.AssumeRolePolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: {
              StringEquals: {
                'aws:SourceAccount': { Ref: 'AWS::AccountId' },
                'aws:SourceArn': getAtt(idOf('AWS::Scheduler::ScheduleGroup', 'DailyGroup')),
              },
            },
          },
        ],
      });
      expect(role?.Properties.Policies).toBeUndefined();
      const statements = statementsOf('AWS::IAM::ManagedPolicy', `Daily${name}SchedulePolicy`);
      expect(statements.flatMap(actionsOf).sort()).toEqual(
        ['kms:Decrypt', 'kms:GenerateDataKey', 'lambda:InvokeFunction', 'sqs:SendMessage'].sort(),
      );
      expect(resourceOf(statements, 'lambda:InvokeFunction')).toEqual([
        getAtt(idOf('AWS::Lambda::Function', fn)),
      ]);
      expect(resourceOf(statements, 'sqs:SendMessage')).toEqual([
        getAtt(idOf('AWS::SQS::Queue', 'DailyDeadLetterQueue')),
      ]);
      expect(resourceOf(statements, 'kms:Decrypt')).toEqual([getAtt(idOf('AWS::KMS::Key', 'PipelineKey'))]);
      // The schedule is created after its permissions exist.
      expect(
        template.findResources('AWS::Scheduler::Schedule')[
          idOf('AWS::Scheduler::Schedule', `Daily${name}Schedule`)
        ]?.DependsOn,
      ).toContain(idOf('AWS::IAM::ManagedPolicy', `Daily${name}SchedulePolicy`));
    }
    // No inline policy anywhere: the LambdaInvoke target's own grants were not applied.
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  it('keeps undeliverable and failed runs in a CMK-encrypted, TLS-only, alarmed DLQ', () => {
    const dlqId = idOf('AWS::SQS::Queue', 'DailyDeadLetterQueue');
    expect(template.findResources('AWS::SQS::Queue')[dlqId]?.Properties).toMatchObject({
      KmsMasterKeyId: getAtt(idOf('AWS::KMS::Key', 'PipelineKey')),
      MessageRetentionPeriod: 1209600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: dlqId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [{ Name: 'QueueName', Value: getAtt(dlqId, 'QueueName') }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    for (const fn of ['DailySweepFunction', 'DailyCheckpointFunction']) {
      expect(
        template.findResources('AWS::Lambda::Function')[idOf('AWS::Lambda::Function', fn)]?.Properties,
      ).toMatchObject({
        DeadLetterConfig: { TargetArn: getAtt(dlqId) },
        ReservedConcurrentExecutions: 1,
        Architectures: ['arm64'],
      });
    }
  });

  it("gives the checkpoint the memory and time for a backfill day's tree", () => {
    // a day of 10 million records is 560 MB packed, more while its leaves are sorted
    expect(
      template.findResources('AWS::Lambda::Function')[
        idOf('AWS::Lambda::Function', 'DailyCheckpointFunction')
      ]?.Properties,
    ).toMatchObject({ MemorySize: 2048, Timeout: 900 });
  });

  it('logs both functions to CMK-encrypted log groups kept at least six years', () => {
    for (const name of ['DailySweepLogGroup', 'DailyCheckpointLogGroup']) {
      const group = template.findResources('AWS::Logs::LogGroup')[idOf('AWS::Logs::LogGroup', name)];
      expect(Number(group?.Properties.RetentionInDays)).toBeGreaterThanOrEqual(MIN_LOG_RETENTION_DAYS);
      expect(group?.Properties.KmsKeyId).toEqual(getAtt(idOf('AWS::KMS::Key', 'PipelineKey')));
    }
  });

  it('grants the sweep exactly its read actions, scoped by resource type where the API allows', () => {
    const statements = statementsOf('AWS::IAM::ManagedPolicy', 'DailySweepPolicy');
    const reads = Object.values(SWEEP_READ_ACTIONS).flat();
    // 27 before config:ListDiscoveredResources, which the Config collector calls, was derived into the role;
    // 42 with the public-exposure reads (EC2, RDS snapshots, Lambda, bucket and account Block Public Access, ACLs);
    // 49 with the database reads (RDS instances and clusters, Redshift, ElastiCache);
    // 60 with the store reads (EFS and its backup policy, SNS, SQS, Kinesis, Secrets Manager, EKS);
    // 66 with the OpenSearch domain and SageMaker notebook and endpoint configuration reads;
    // 73 with the network-edge reads (load balancers: one elasticloadbalancing action serves both
    // APIs; CloudFront distributions; ACM certificates; API Gateway's GET on REST APIs and stages);
    // 77 with the storage reads (bucket versioning, Object Lock, replication and logging);
    // 84 with DynamoDB tables (list, describe, continuous backups) and AWS Backup plans and vaults
    // 94 with the threat-detection reads: GuardDuty's detector and findings, Security Hub's
    // DescribeHub, the VPCs and their flow logs, EBS encryption by default, the metric filters and alarms
    // 97 with the identity reads (the account password policy, customer managed policies)
    expect(reads).toHaveLength(97);
    expect(statements.flatMap(actionsOf).sort()).toEqual([...reads, ...SWEEP_RUNTIME_ACTIONS].sort());
    const star = statements.filter((s) => s.Resource === '*').flatMap(actionsOf);
    expect(star.sort()).toEqual([...SWEEP_READ_ACTIONS.unscoped].sort());
    const joined = (s: unknown) => JSON.stringify(s);
    expect(joined(resourceOf(statements, 'iam:ListAccessKeys'))).toContain(':user/*');
    expect(joined(resourceOf(statements, 'iam:GetRole'))).toContain(':role/*');
    expect(joined(resourceOf(statements, 'iam:GetPolicyVersion'))).toContain(':policy/*');
    expect(joined(resourceOf(statements, 'kms:GetKeyRotationStatus'))).toContain(':key/*');
    expect(joined(resourceOf(statements, 's3:GetBucketPolicy'))).toContain(':s3:::*');
    expect(joined(resourceOf(statements, 'config:DescribeConfigRules'))).toContain(':config-rule/*');
    expect(joined(resourceOf(statements, 'cloudtrail:GetTrailStatus'))).toContain(':trail/*');
    expect(joined(resourceOf(statements, 'logs:DescribeLogGroups'))).toContain(':log-group:*');
    expect(joined(resourceOf(statements, 'lambda:GetPolicy'))).toContain(':function:*');
    expect(joined(resourceOf(statements, 'rds:DescribeDBSnapshotAttributes'))).toContain(':snapshot:*');
    expect(joined(resourceOf(statements, 's3:GetBucketAcl'))).toContain(':s3:::*');
    expect(joined(resourceOf(statements, 'redshift:DescribeLoggingStatus'))).toContain(':cluster:*');
    // stores: the per-resource reads are scoped to this region's resources of their kind
    expect(joined(resourceOf(statements, 'elasticfilesystem:DescribeBackupPolicy'))).toContain(
      ':file-system/*',
    );
    expect(joined(resourceOf(statements, 'sns:GetTopicAttributes'))).toContain(':sns:');
    expect(joined(resourceOf(statements, 'sqs:GetQueueAttributes'))).toContain(':sqs:');
    expect(joined(resourceOf(statements, 'kinesis:DescribeStreamSummary'))).toContain(':stream/*');
    expect(joined(resourceOf(statements, 'eks:DescribeCluster'))).toContain(':cluster/*');
    // no action that reads a secret's value
    expect(statements.flatMap(actionsOf)).not.toContain('secretsmanager:GetSecretValue');
    expect(joined(resourceOf(statements, 'es:DescribeDomains'))).toContain(':domain/*');
    expect(joined(resourceOf(statements, 'sagemaker:DescribeNotebookInstance'))).toContain(
      ':notebook-instance/*',
    );
    expect(joined(resourceOf(statements, 'dynamodb:DescribeContinuousBackups'))).toContain(':table/*');
    expect(joined(resourceOf(statements, 'guardduty:ListFindings'))).toContain(':detector/*');
    expect(joined(resourceOf(statements, 'securityhub:DescribeHub'))).toContain(':hub/*');
    expect(joined(resourceOf(statements, 'logs:DescribeMetricFilters'))).toContain(':log-group:*');
    // Nothing that writes outside the table, the DLQ and the credential report.
    for (const action of statements.flatMap(actionsOf))
      expect(action).not.toMatch(/\*|^(iam|s3|kms):(Put|Create|Delete|Update)/);
  });

  it('grants the checkpoint table reads, checkpoint and head puts, anchor put/get and signing with the signing key only', () => {
    const statements = statementsOf('AWS::IAM::ManagedPolicy', 'DailyCheckpointPolicy');
    expect(statements.flatMap(actionsOf).sort()).toEqual(
      [
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'dynamodb:Query',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        // the first run finds the day the log starts (keys only)
        'dynamodb:Scan',
        'kms:Encrypt',
        'kms:Decrypt',
        'kms:GenerateDataKey',
        'kms:Sign',
        'kms:GetPublicKey',
        'sqs:SendMessage',
        // anchors in the Object Lock bucket: create and read under anchors/, list that prefix only
        's3:PutObject',
        's3:GetObject',
        's3:ListBucket',
      ].sort(),
    );
    const tableId = idOf('AWS::DynamoDB::Table', 'PipelineTable');
    expect(resourceOf(statements, 'dynamodb:Query')).toEqual([
      [getAtt(tableId), { 'Fn::Join': ['', [getAtt(tableId), '/index/byRecordedTime']] }],
    ]);
    const bucketArn = getAtt(idOf('AWS::S3::Bucket', 'PipelineBinderBucket'));
    expect(resourceOf(statements, 's3:PutObject')).toEqual([{ 'Fn::Join': ['', [bucketArn, '/anchors/*']] }]);
    expect(statements.find((s) => actionsOf(s).includes('s3:ListBucket'))).toMatchObject({
      Resource: bucketArn,
      Condition: { StringLike: { 's3:prefix': ['anchors/*'] } },
    });
    expect(statements.flatMap(actionsOf)).not.toContain('s3:DeleteObject');
    const signingKey = getAtt(idOf('AWS::KMS::Key', 'PipelineBinderSigningKey'));
    expect(resourceOf(statements, 'kms:Sign')).toEqual([signingKey]);
    expect(resourceOf(statements, 'kms:GetPublicKey')).toEqual([signingKey]);
    const fn =
      template.findResources('AWS::Lambda::Function')[
        idOf('AWS::Lambda::Function', 'DailyCheckpointFunction')
      ];
    expect(fn?.Properties.Environment).toEqual({
      Variables: {
        TABLE_NAME: { Ref: tableId },
        SIGNING_KEY_ARN: signingKey,
        ANCHOR_BUCKET: { Ref: idOf('AWS::S3::Bucket', 'PipelineBinderBucket') },
        ANCHOR_PREFIX: 'anchors/',
        ANCHOR_KMS_KEY_ARN: getAtt(idOf('AWS::KMS::Key', 'PipelineKey')),
        POWERTOOLS_SERVICE_NAME: 'evidence-checkpoint',
        LOG_LEVEL: 'INFO',
      },
    });
    expect(scheduled.checkpointFunction.function.runtime.name).toBe('nodejs22.x');
  });

  it('is free of unacknowledged AwsSolutions, HIPAA Security and Serverless findings', () => {
    const annotations = Annotations.fromStack(stack);
    expect(annotations.findError('*', ANY_MESSAGE)).toEqual([]);
    expect(annotations.findWarning('*', ANY_MESSAGE)).toEqual([]);
  });
});

/** Operations IAM authorizes under another action name (Service Authorization Reference, Amazon S3). */
const IAM_ACTION_OF_OPERATION: Record<string, string> = {
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
  // the SDK's EFS client is efs; IAM's prefix is elasticfilesystem
  'efs:DescribeFileSystems': 'elasticfilesystem:DescribeFileSystems',
  'efs:DescribeBackupPolicy': 'elasticfilesystem:DescribeBackupPolicy',
  // OpenSearch Service's IAM prefix is still es
  'opensearch:ListDomainNames': 'es:ListDomainNames',
  'opensearch:DescribeDomains': 'es:DescribeDomains',
  // network edge: both Elastic Load Balancing APIs authorize under one service prefix
  'elb:DescribeLoadBalancers': 'elasticloadbalancing:DescribeLoadBalancers',
  'elb:DescribeLoadBalancerAttributes': 'elasticloadbalancing:DescribeLoadBalancerAttributes',
  'elb:DescribeLoadBalancerPolicies': 'elasticloadbalancing:DescribeLoadBalancerPolicies',
  'elbv2:DescribeLoadBalancers': 'elasticloadbalancing:DescribeLoadBalancers',
  'elbv2:DescribeLoadBalancerAttributes': 'elasticloadbalancing:DescribeLoadBalancerAttributes',
  'elbv2:DescribeListeners': 'elasticloadbalancing:DescribeListeners',
  // API Gateway authorizes by HTTP verb on the resource's path
  'apigateway:GetRestApis': 'apigateway:GET',
  'apigateway:GetStages': 'apigateway:GET',
  // storage
  's3:GetBucketReplication': 's3:GetReplicationConfiguration',
  's3:GetObjectLockConfiguration': 's3:GetBucketObjectLockConfiguration',
};

interface SentCall {
  /** service:Operation, from the client the command went through and the command's class */
  api: string;
  input: Record<string, unknown>;
}

/** Every command a full sweep of a healthy fake account sends, recorded at each SDK client's `send`. */
async function recordFullSweep(): Promise<SentCall[]> {
  const account = healthyAccount();
  // one resource of each public-exposure kind, so each of their calls is made
  account.exposure = {
    securityGroups: [{ id: 'sg-1' }],
    networkAcls: [{ id: 'acl-1', allowSshFromAnywhere: false }],
    instances: [{ id: 'i-1' }],
    ebsSnapshots: [{ id: 'snap-1', public: false }],
    dbSnapshots: [
      { id: 'db-snap-1', restore: [] },
      { id: 'cluster-snap-1', restore: [], cluster: true },
    ],
    functions: [{ name: 'fn-1' }],
    accountBlock: true,
  };
  // and of each database kind
  account.databases = {
    rdsInstances: [{ DBInstanceIdentifier: 'db-1', DbiResourceId: 'db-ONE' }],
    rdsClusters: [{ DBClusterIdentifier: 'cluster-1', DbClusterResourceId: 'cluster-ONE' }],
    redshiftClusters: [
      {
        cluster: { ClusterIdentifier: 'rs-1', ClusterParameterGroups: [{ ParameterGroupName: 'rs-params' }] },
        logging: { LoggingEnabled: true },
      },
    ],
    redshiftParameters: { 'rs-params': [{ ParameterName: 'require_ssl', ParameterValue: 'true' }] },
    replicationGroups: [{ ReplicationGroupId: 'rg-1' }],
    cacheClusters: [{ CacheClusterId: 'cc-1' }],
  };
  // and of each store
  account.stores = {
    fileSystems: [{ fileSystem: { FileSystemId: 'fs-1', Encrypted: true } }],
    topics: { [`arn:aws:sns:${REGION}:${ACCOUNT_ID}:topic-1`]: { KmsMasterKeyId: 'alias/k' } },
    queues: {
      [`https://sqs.${REGION}.amazonaws.com/${ACCOUNT_ID}/queue-1`]: { SqsManagedSseEnabled: 'true' },
    },
    streams: [{ StreamName: 'stream-1', EncryptionType: 'KMS' }],
    secrets: [
      { ARN: `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:secret-1-AbCdEf`, RotationEnabled: true },
    ],
    clusters: [{ name: 'eks-1' }],
  };
  // and of each search and machine-learning kind
  account.analytics = {
    domains: [
      {
        DomainName: 'search-1',
        DomainId: `${ACCOUNT_ID}/search-1`,
        ARN: `arn:aws:es:${REGION}:${ACCOUNT_ID}:domain/search-1`,
        ClusterConfig: {},
      },
    ],
    notebooks: [{ NotebookInstanceName: 'nb-1' }],
    endpointConfigs: [
      {
        EndpointConfigName: 'ec-1',
        EndpointConfigArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT_ID}:endpoint-config/ec-1`,
        ProductionVariants: [],
        CreationTime: new Date(0),
      },
    ],
  };
  // and of each network-edge kind (a classic load balancer with a TLS listener, so its policies are read)
  account.edge = {
    classicLoadBalancers: [
      {
        lb: {
          LoadBalancerName: 'clb-1',
          ListenerDescriptions: [
            { Listener: { Protocol: 'HTTPS', LoadBalancerPort: 443, InstancePort: 80 }, PolicyNames: ['p'] },
          ],
        },
        attributes: { AccessLog: { Enabled: true } },
      },
    ],
    loadBalancers: [
      {
        lb: {
          LoadBalancerArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT_ID}:loadbalancer/app/alb-1/1`,
        },
        attributes: [],
        listeners: [],
      },
    ],
    distributions: [{ Id: 'E1', ARN: `arn:aws:cloudfront::${ACCOUNT_ID}:distribution/E1` }],
    certificates: [{ CertificateArn: `arn:aws:acm:${REGION}:${ACCOUNT_ID}:certificate/1` }],
    restApis: [{ api: { id: 'api-1' }, stages: [{ stageName: 'prod' }] }],
  };
  // and of each storage kind
  account.storage = {
    tables: [{ name: 'table-1', pitr: true }],
    backupPlans: [
      {
        id: 'plan-1',
        name: 'daily',
        rules: [{ RuleName: 'd', TargetBackupVaultName: 'v', ScheduleExpression: 'cron(0 5 ? * * *)' }],
      },
    ],
    backupVaults: [{ BackupVaultName: 'vault-1', Locked: true }],
  };
  // and the threat-detection state (a detector with an open finding, so every read is made)
  account.detection = {
    detectors: [{ id: 'det-1', status: 'ENABLED', findingTypes: ['Recon:EC2/PortProbeUnprotectedPort'] }],
    securityHub: true,
    vpcs: [{ VpcId: 'vpc-1' }],
    flowLogs: [{ FlowLogId: 'fl-1', ResourceId: 'vpc-1', FlowLogStatus: 'ACTIVE' }],
    ebsEncryptionByDefault: true,
    metricFilters: [
      {
        logGroupName: 'org-audit-events',
        filterName: 'root-usage',
        filterPattern: '{ $.userIdentity.type = "Root" }',
        metricTransformations: [{ metricNamespace: 'CIS', metricName: 'RootUsage', metricValue: '1' }],
      },
    ],
    alarms: [{ AlarmName: 'root-usage', Namespace: 'CIS', MetricName: 'RootUsage', AlarmActions: ['x'] }],
  };
  // a trail delivering to CloudWatch Logs, so its log group's metric filters are read
  account.trails = account.trails.map((t, i) => (i === 0 ? { ...t, logGroup: 'org-audit-events' } : t));
  const aws = serveAccount(account);
  const sent: SentCall[] = [];
  try {
    for (const [service, client] of Object.entries(aws.clients)) {
      // the clients' overloaded `send` is wrapped as the one shape every overload shares
      const c = client as unknown as { send: (command: object, ...rest: unknown[]) => Promise<unknown> };
      const send = c.send.bind(c);
      c.send = (command, ...rest) => {
        const input = (command as { input?: Record<string, unknown> }).input ?? {};
        sent.push({ api: `${service}:${command.constructor.name.replace(/Command$/, '')}`, input });
        return send(command, ...rest);
      };
    }
    const ctx = {
      region: REGION,
      startedAt: new Date('2026-11-22T02:00:00.000Z'),
      concurrency: 2,
      accountId: ACCOUNT_ID,
    };
    for (const collector of sweepCollectors(aws.clients, undefined, { reportPollMs: 0 }))
      await collector.collect(ctx);
  } finally {
    aws.restore();
  }
  return sent;
}

/** The ARN a call acts on, from its input, as IAM authorizes it; undefined for calls on no one resource. */
function requestArn({ api, input }: SentCall): string | undefined {
  const [service] = api.split(':');
  const str = (k: string) => (typeof input[k] === 'string' ? (input[k] as string) : undefined);
  if (service === 's3' && str('Bucket')) return `arn:aws:s3:::${str('Bucket')}`;
  if (service === 'kms' && str('KeyId')) {
    const id = str('KeyId') as string;
    return id.startsWith('arn:') ? id : `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/${id}`;
  }
  if (service === 'iam' && str('UserName')) return `arn:aws:iam::${ACCOUNT_ID}:user/${str('UserName')}`;
  if (service === 'iam' && str('RoleName')) return `arn:aws:iam::${ACCOUNT_ID}:role/${str('RoleName')}`;
  if (service === 'cloudtrail') return str('Name') ?? str('TrailName');
  if (service === 'lambda' && str('FunctionName'))
    return `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${str('FunctionName')}`;
  if (service === 'rds' && str('DBSnapshotIdentifier'))
    return `arn:aws:rds:${REGION}:${ACCOUNT_ID}:snapshot:${str('DBSnapshotIdentifier')}`;
  if (service === 'rds' && str('DBClusterSnapshotIdentifier'))
    return `arn:aws:rds:${REGION}:${ACCOUNT_ID}:cluster-snapshot:${str('DBClusterSnapshotIdentifier')}`;
  if (service === 'dynamodb' && str('TableName'))
    return `arn:aws:dynamodb:${REGION}:${ACCOUNT_ID}:table/${str('TableName')}`;
  if (service === 'backup' && str('BackupVaultName'))
    return `arn:aws:backup:${REGION}:${ACCOUNT_ID}:backup-vault:${str('BackupVaultName')}`;
  if (service === 'backup' && str('BackupPlanId'))
    return `arn:aws:backup:${REGION}:${ACCOUNT_ID}:backup-plan:${str('BackupPlanId')}`;
  if (service === 'redshift' && str('ClusterIdentifier'))
    return `arn:aws:redshift:${REGION}:${ACCOUNT_ID}:cluster:${str('ClusterIdentifier')}`;
  if (service === 'redshift' && str('ParameterGroupName'))
    return `arn:aws:redshift:${REGION}:${ACCOUNT_ID}:parametergroup:${str('ParameterGroupName')}`;
  if (service === 'efs' && str('FileSystemId'))
    return `arn:aws:elasticfilesystem:${REGION}:${ACCOUNT_ID}:file-system/${str('FileSystemId')}`;
  if (service === 'sns' && str('TopicArn')) return str('TopicArn');
  if (service === 'sqs' && str('QueueUrl'))
    return `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:${(str('QueueUrl') as string).split('/').pop()}`;
  if (service === 'kinesis' && str('StreamName'))
    return `arn:aws:kinesis:${REGION}:${ACCOUNT_ID}:stream/${str('StreamName')}`;
  if (service === 'eks' && str('name')) return `arn:aws:eks:${REGION}:${ACCOUNT_ID}:cluster/${str('name')}`;
  // DescribeDomains names up to five domains, each authorized on its ARN (the fake sweep has one)
  const domains = Array.isArray(input.DomainNames) ? (input.DomainNames as string[]) : [];
  if (service === 'opensearch' && domains[0])
    return `arn:aws:es:${REGION}:${ACCOUNT_ID}:domain/${domains[0]}`;
  if (service === 'sagemaker' && str('NotebookInstanceName'))
    return `arn:aws:sagemaker:${REGION}:${ACCOUNT_ID}:notebook-instance/${str('NotebookInstanceName')?.toLowerCase()}`;
  if (service === 'sagemaker' && str('EndpointConfigName'))
    return `arn:aws:sagemaker:${REGION}:${ACCOUNT_ID}:endpoint-config/${str('EndpointConfigName')?.toLowerCase()}`;
  if (service === 'apigateway')
    return `arn:aws:apigateway:${REGION}::/restapis${str('restApiId') ? `/${str('restApiId')}/stages` : ''}`;
  // DescribeHub without HubArn reads the caller's hub in the region
  if (service === 'securityhub') return `arn:aws:securityhub:${REGION}:${ACCOUNT_ID}:hub/default`;
  if (service === 'guardduty' && str('DetectorId'))
    return `arn:aws:guardduty:${REGION}:${ACCOUNT_ID}:detector/${str('DetectorId')}`;
  // a rule's ARN ends in its id (config-rule/config-rule-ab12cd), not its name: any rule of this account
  if (service === 'config' && str('ConfigRuleName'))
    return `arn:aws:config:${REGION}:${ACCOUNT_ID}:config-rule/config-rule-${str('ConfigRuleName')}`;
  return undefined;
}

/** A statement resource with the stack's pseudo parameters filled in (the fake account's). */
function resolve(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as { Ref?: string; 'Fn::Join'?: [string, unknown[]] };
  if (v.Ref === 'AWS::Partition') return 'aws';
  if (v.Ref === 'AWS::Region') return REGION;
  if (v.Ref === 'AWS::AccountId') return ACCOUNT_ID;
  if (v['Fn::Join']) return v['Fn::Join'][1].map(resolve).join(v['Fn::Join'][0]);
  return `<unresolved ${JSON.stringify(value)}>`;
}

const globMatches = (pattern: string, arn: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(arn);

describe('the sweep role and the calls the sweep makes', () => {
  let sent: SentCall[];
  beforeAll(async () => {
    sent = await recordFullSweep();
  });

  it('allows every call a full sweep makes, on the resource the call names', () => {
    // Prepare
    const statements = statementsOf('AWS::IAM::ManagedPolicy', 'DailySweepPolicy');
    const resourcesOf = (action: string) =>
      statements
        .filter((s) => s.Effect === 'Allow' && actionsOf(s).includes(action))
        .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]))
        .map(resolve);
    // Act
    const denied = sent.flatMap((call) => {
      const action = IAM_ACTION_OF_OPERATION[call.api] ?? call.api;
      const resources = resourcesOf(action);
      const arn = requestArn(call);
      const service = action.split(':')[0];
      const allowed = arn
        ? resources.some((r) => globMatches(r, arn))
        : // a call on no one resource: Resource "*" or every resource of its own service
          resources.some((r) => r === '*' || (r.startsWith(`arn:aws:${service}:`) && r.endsWith('*')));
      return allowed ? [] : [`${call.api} (${action}) on ${arn ?? 'no one resource'}`];
    });
    // Assess
    expect(sent.length).toBeGreaterThan(0);
    expect([...new Set(denied)]).toEqual([]);
    expect(resourcesOf('config:ListDiscoveredResources')).toEqual(['*']);
  });

  it('allows nothing more: the posture actions are the declared ones, and a full sweep uses each', () => {
    // Prepare
    const statements = statementsOf('AWS::IAM::ManagedPolicy', 'DailySweepPolicy');
    // Act
    // dynamodb:DescribeTable is both a runtime action (the evidence table) and a posture read (every table)
    const declared = sweepIamActions();
    const posture = [
      ...new Set(
        statements
          .flatMap(actionsOf)
          .filter((a) => !SWEEP_RUNTIME_ACTIONS.includes(a) || declared.includes(a)),
      ),
    ];
    const used = sent.map((call) => IAM_ACTION_OF_OPERATION[call.api] ?? call.api);
    // Assess
    expect(posture.sort()).toEqual(sweepIamActions());
    expect([...new Set(used)].sort()).toEqual(sweepIamActions());
    // and a failed call of each is charged to the controls it serves
    expect([...new Set(sent.map((call) => call.api))].sort()).toEqual(Object.keys(SWEEP_API_CONTROLS).sort());
  });
});

describe('ScheduledEvidence with options', () => {
  it('uses the given expressions, time zone, retry policy, alarm actions and sweep configuration', () => {
    expect(schedule('TunedSweepSchedule')).toMatchObject({
      ScheduleExpression: 'cron(15 1 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'America/New_York',
      Target: expect.objectContaining({
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
      }),
    });
    expect(schedule('TunedCheckpointSchedule')).toMatchObject({
      ScheduleExpression: 'rate(12 hours)',
      ScheduleExpressionTimezone: 'America/New_York',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [OPS_TOPIC] });
    const fn =
      template.findResources('AWS::Lambda::Function')[idOf('AWS::Lambda::Function', 'TunedSweepFunction')];
    expect(fn?.Properties.Environment).toMatchObject({ Variables: { SWEEP_REGIONS: 'us-east-1,eu-west-1' } });
  });

  const build = (props: Partial<ScheduledEvidenceProps>) => () => {
    const s = new Stack(new App(), 'Bad');
    return new ScheduledEvidence(s, 'Daily', {
      table: dynamodb.Table.fromTableArn(
        s,
        'Table',
        'arn:aws:dynamodb:eu-west-1:111111111111:table/evidence',
      ),
      key: kms.Key.fromKeyArn(s, 'Key', KEY_ARN),
      signingKey: kms.Key.fromKeyArn(s, 'SigningKey', KEY_ARN),
      anchorBucket: s3.Bucket.fromBucketName(s, 'Anchors', 'evidence-binders'),
      sweepEntry: SWEEP_FIXTURE,
      checkpointEntry: CHECKPOINT_FIXTURE,
      ...props,
    });
  };

  it('rejects schedule expressions Scheduler does not accept, naming the expression', () => {
    expect(build({ sweepSchedule: 'daily' })).toThrow(/Bad\/Daily: schedule "daily" must be cron/);
    expect(build({ checkpointSchedule: 'cron(0 2 * * ?)' })).toThrow(/schedule "cron\(0 2 \* \* \?\)"/);
    expect(build({ sweepSchedule: 'rate(0 days)' })).toThrow(/schedule "rate\(0 days\)"/);
  });

  it('rejects an unknown time zone and an out-of-range retry policy', () => {
    expect(build({ timeZone: 'Mars/Olympus' })).toThrow(/timeZone "Mars\/Olympus" is not an IANA time zone/);
    expect(build({ retryAttempts: -1 })).toThrow(/retryAttempts must be an integer from 0 to 185, got -1/);
    expect(build({ maxEventAge: Duration.days(2) })).toThrow(
      /maxEventAge must be between 60 seconds and 24 hours/,
    );
  });
});

import { ACMClient } from '@aws-sdk/client-acm';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { BackupClient } from '@aws-sdk/client-backup';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EFSClient } from '@aws-sdk/client-efs';
import { EKSClient } from '@aws-sdk/client-eks';
import { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { OpenSearchClient } from '@aws-sdk/client-opensearch';
import { RDSClient } from '@aws-sdk/client-rds';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';

/** The SDK clients the sweep reads with; tests inject their own (aws-sdk-client-mock). */
export interface SweepClients {
  config: ConfigServiceClient;
  cloudtrail: CloudTrailClient;
  iam: IAMClient;
  logs: CloudWatchLogsClient;
  kms: KMSClient;
  s3: S3Client;
  s3control: S3ControlClient;
  ec2: EC2Client;
  rds: RDSClient;
  lambda: LambdaClient;
  // databases
  redshift: RedshiftClient;
  elasticache: ElastiCacheClient;
  // stores
  efs: EFSClient;
  sns: SNSClient;
  sqs: SQSClient;
  kinesis: KinesisClient;
  secretsmanager: SecretsManagerClient;
  eks: EKSClient;
  // search and machine learning
  opensearch: OpenSearchClient;
  sagemaker: SageMakerClient;
  // network edge
  elb: ElasticLoadBalancingClient;
  elbv2: ElasticLoadBalancingV2Client;
  cloudfront: CloudFrontClient;
  acm: ACMClient;
  apigateway: APIGatewayClient;
  // storage
  dynamodb: DynamoDBClient;
  backup: BackupClient;
  // threat detection
  guardduty: GuardDutyClient;
  securityhub: SecurityHubClient;
  cloudwatch: CloudWatchClient;
}

export interface SweepClientOptions {
  /** default: the SDK's chain (AWS_REGION, the profile's region) */
  region?: string;
  /** a named profile of the shared config files; default: the SDK's default credential chain */
  profile?: string;
  /** attempts per call, throttling included (default: AWS_MAX_ATTEMPTS when set, else 8) */
  maxAttempts?: number;
}

/** Retry settings of every sweep client. */
export const SWEEP_RETRY = { retryMode: 'adaptive', maxAttempts: 8 } as const;

/**
 * Clients with adaptive retry: a sweep makes bursts of calls (several per user, bucket and key), and
 * adaptive mode slows the client down when the service throttles instead of failing the call.
 */
export function createSweepClients(opts: SweepClientOptions = {}): SweepClients {
  const common = {
    retryMode: SWEEP_RETRY.retryMode,
    // the SDK's own AWS_MAX_ATTEMPTS is honoured: explicit client settings would otherwise override it
    maxAttempts: opts.maxAttempts ?? (Number(process.env.AWS_MAX_ATTEMPTS) || SWEEP_RETRY.maxAttempts),
    ...(opts.region ? { region: opts.region } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
  };
  return {
    config: new ConfigServiceClient(common),
    cloudtrail: new CloudTrailClient(common),
    // IAM is global; its endpoint is chosen by the SDK from the partition of the region
    iam: new IAMClient(common),
    logs: new CloudWatchLogsClient(common),
    kms: new KMSClient(common),
    s3: new S3Client(common),
    s3control: new S3ControlClient(common),
    ec2: new EC2Client(common),
    rds: new RDSClient(common),
    lambda: new LambdaClient(common),
    // databases
    redshift: new RedshiftClient(common),
    elasticache: new ElastiCacheClient(common),
    // stores
    efs: new EFSClient(common),
    sns: new SNSClient(common),
    sqs: new SQSClient(common),
    kinesis: new KinesisClient(common),
    secretsmanager: new SecretsManagerClient(common),
    eks: new EKSClient(common),
    // search and machine learning
    opensearch: new OpenSearchClient(common),
    sagemaker: new SageMakerClient(common),
    // network edge
    elb: new ElasticLoadBalancingClient(common),
    elbv2: new ElasticLoadBalancingV2Client(common),
    // CloudFront is global, like IAM; its endpoint is chosen by the SDK from the partition of the region
    cloudfront: new CloudFrontClient(common),
    acm: new ACMClient(common),
    apigateway: new APIGatewayClient(common),
    // storage
    dynamodb: new DynamoDBClient(common),
    backup: new BackupClient(common),
    // threat detection
    guardduty: new GuardDutyClient(common),
    securityhub: new SecurityHubClient(common),
    cloudwatch: new CloudWatchClient(common),
  };
}

export function destroySweepClients(clients: SweepClients): void {
  for (const c of Object.values(clients)) c.destroy();
}

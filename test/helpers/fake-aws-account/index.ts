/**
 * A small AWS account in memory, served through aws-sdk-client-mock with the response shapes of the
 * AWS API references (pages with NextToken, Marker/IsTruncated, NextMarker/Truncated,
 * ContinuationToken, nextToken; errors by their documented codes). Tests edit the state between
 * sweeps. Lists are served PAGE items at a time so every paginator sees several pages.
 *
 * One module per service (config, cloudtrail, iam, logs, kms, s3; public-exposure.ts for ec2, rds,
 * lambda and s3control; databases.ts for redshift and elasticache; stores.ts for efs, sns, sqs,
 * kinesis, secretsmanager and eks; analytics.ts for opensearch and sagemaker; edge.ts for elb, elbv2,
 * cloudfront, acm and apigateway; storage.ts for dynamodb and backup; detection.ts for guardduty,
 * securityhub and cloudwatch) mocks its client; account.ts holds the state they serve and serve.ts
 * what they share. This index assembles them into one account.
 */
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
import type { SweepClients } from '../../../core/adapters/sweep';
import { type FakeAccount, REGION } from './account';
import { serveAnalytics } from './analytics';
import { serveCloudTrail } from './cloudtrail';
import { serveConfig } from './config';
import { serveDatabases } from './databases';
import { serveDetection } from './detection';
import { serveEdge } from './edge';
import { serveIam } from './iam';
import { serveKms } from './kms';
import { serveLogs } from './logs';
import { servePublicExposure } from './public-exposure';
import { serveS3 } from './s3';
import { serving } from './serve';
import { serveStorage } from './storage';
import { serveStores } from './stores';

export {
  ACCOUNT_ID,
  emptyAccount,
  type FakeAccount,
  type FakeExposure,
  type FakeUser,
  healthyAccount,
  keyArn,
  PAGE,
  REGION,
  TLS_POLICY,
  trailArn,
  userArn,
} from './account';
export { NO_ANALYTICS } from './analytics';
export { volumeConfiguration, volumeItem } from './config';
export { NO_DATABASES } from './databases';
export { NO_DETECTION } from './detection';
export { type FakeEdge, NO_EDGE } from './edge';
export { credentialReport } from './iam';
export { NO_EXPOSURE } from './public-exposure';
export { NO_STORAGE } from './storage';
export { NO_STORES } from './stores';

/** The mocked clients of a served account, the calls made to them, and how to undo the mocks. */
export interface FakeAws {
  clients: SweepClients;
  /** every call made, as service:Operation */
  calls: string[];
  restore(): void;
}

/**
 * Serves `account` (read at every call, so edits between sweeps show) through mocked SDK clients.
 * The clients are real SDK clients; only their `send` is replaced.
 */
export function serveAccount(account: FakeAccount): FakeAws {
  const calls: string[] = [];
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' };
  const clients: SweepClients = {
    config: new ConfigServiceClient({ region: REGION, credentials }),
    cloudtrail: new CloudTrailClient({ region: REGION, credentials }),
    iam: new IAMClient({ region: REGION, credentials }),
    logs: new CloudWatchLogsClient({ region: REGION, credentials }),
    kms: new KMSClient({ region: REGION, credentials }),
    s3: new S3Client({ region: REGION, credentials }),
    s3control: new S3ControlClient({ region: REGION, credentials }),
    ec2: new EC2Client({ region: REGION, credentials }),
    rds: new RDSClient({ region: REGION, credentials }),
    lambda: new LambdaClient({ region: REGION, credentials }),
    // databases
    redshift: new RedshiftClient({ region: REGION, credentials }),
    elasticache: new ElastiCacheClient({ region: REGION, credentials }),
    // stores
    efs: new EFSClient({ region: REGION, credentials }),
    sns: new SNSClient({ region: REGION, credentials }),
    sqs: new SQSClient({ region: REGION, credentials }),
    kinesis: new KinesisClient({ region: REGION, credentials }),
    secretsmanager: new SecretsManagerClient({ region: REGION, credentials }),
    eks: new EKSClient({ region: REGION, credentials }),
    // search and machine learning
    opensearch: new OpenSearchClient({ region: REGION, credentials }),
    sagemaker: new SageMakerClient({ region: REGION, credentials }),
    // network edge
    elb: new ElasticLoadBalancingClient({ region: REGION, credentials }),
    elbv2: new ElasticLoadBalancingV2Client({ region: REGION, credentials }),
    cloudfront: new CloudFrontClient({ region: REGION, credentials }),
    acm: new ACMClient({ region: REGION, credentials }),
    apigateway: new APIGatewayClient({ region: REGION, credentials }),
    // storage
    dynamodb: new DynamoDBClient({ region: REGION, credentials }),
    backup: new BackupClient({ region: REGION, credentials }),
    // threat detection
    guardduty: new GuardDutyClient({ region: REGION, credentials }),
    securityhub: new SecurityHubClient({ region: REGION, credentials }),
    cloudwatch: new CloudWatchClient({ region: REGION, credentials }),
  };
  const serve = serving(account, calls);
  const exposure = servePublicExposure(account, serve);
  const logs = serveLogs(account, serve);
  const stubs = [
    serveConfig(account, serve),
    serveCloudTrail(account, serve),
    serveIam(account, serve),
    logs,
    serveKms(account, serve),
    serveS3(account, serve),
    ...exposure.stubs,
    // databases (RDS instances and clusters through the account's one RDS stub)
    ...serveDatabases(account, serve, exposure.rds),
    // stores: EFS, SNS, SQS, Kinesis, Secrets Manager, EKS
    ...serveStores(account, serve),
    // search and machine learning
    ...serveAnalytics(account, serve),
    // network edge
    ...serveEdge(account, serve),
    // storage: DynamoDB and AWS Backup
    ...serveStorage(account, serve, clients),
    // threat detection
    ...serveDetection(account, serve, exposure.ec2, logs),
  ];
  return {
    clients,
    calls,
    restore() {
      for (const s of stubs) s.restore();
    },
  };
}

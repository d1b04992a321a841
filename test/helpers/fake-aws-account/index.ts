/**
 * A small AWS account in memory, served through aws-sdk-client-mock with the response shapes of the
 * AWS API references (pages with NextToken, Marker/IsTruncated, NextMarker/Truncated,
 * ContinuationToken, nextToken; errors by their documented codes). Tests edit the state between
 * sweeps. Lists are served PAGE items at a time so every paginator sees several pages.
 *
 * One module per service (config, cloudtrail, iam, logs, kms, s3; public-exposure.ts for ec2, rds,
 * lambda and s3control; databases.ts for redshift and elasticache; detection.ts for guardduty, securityhub and cloudwatch) mocks its client; account.ts holds
 * the state they serve and serve.ts what they share. This index assembles them into one account.
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { RDSClient } from '@aws-sdk/client-rds';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { SweepClients } from '../../../core/adapters/sweep';
import { type FakeAccount, REGION } from './account';
import { serveCloudTrail } from './cloudtrail';
import { serveConfig } from './config';
import { serveDatabases } from './databases';
import { serveDetection } from './detection';
import { serveIam } from './iam';
import { serveKms } from './kms';
import { serveLogs } from './logs';
import { servePublicExposure } from './public-exposure';
import { serveS3 } from './s3';
import { serving } from './serve';

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
export { volumeConfiguration, volumeItem } from './config';
export { NO_DATABASES } from './databases';
export { NO_DETECTION } from './detection';
export { credentialReport } from './iam';
export { NO_EXPOSURE } from './public-exposure';

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

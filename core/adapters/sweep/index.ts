import { SWEEP_SERVICE_NAMES } from '../../../evidence-schemas/sweep-request';
import type { SweepCollector } from '../../ports/sweep-collector';
import { opensearchCollector, sagemakerCollector } from './analytics';
import type { SweepClients } from './clients';
import { cloudTrailCollector } from './cloudtrail';
import { cloudwatchCollector } from './cloudwatch';
import { configCollector } from './config';
import { elasticacheCollector, redshiftCollector } from './databases';
import { ec2Collector } from './ec2';
import { acmCollector, apiGatewayCollector, cloudFrontCollector } from './edge';
import { guarddutyCollector } from './guardduty';
import { type IamCollectorOptions, iamCollector } from './iam';
import { kmsCollector } from './kms';
import { lambdaCollector } from './lambda';
import { elbCollector, elbv2Collector } from './load-balancers';
import { logsCollector } from './logs';
import { rdsCollector } from './rds';
import { s3Collector } from './s3';
import { s3ControlCollector } from './s3control';
import { securityhubCollector } from './securityhub';
import { backupCollector, dynamodbCollector } from './storage';
import {
  efsCollector,
  eksCollector,
  kinesisCollector,
  secretsManagerCollector,
  snsCollector,
  sqsCollector,
} from './stores';

export { createSweepClients, destroySweepClients, type SweepClients } from './clients';

/** The services the sweep can read, in the order they are listed. */
export const SWEEP_SERVICES = SWEEP_SERVICE_NAMES;
export type SweepService = (typeof SWEEP_SERVICES)[number];

/** One collector per requested service (default: all), reading through the given clients. */
export function sweepCollectors(
  clients: SweepClients,
  services: readonly SweepService[] = SWEEP_SERVICES,
  iam: IamCollectorOptions = {},
): SweepCollector[] {
  const make: Record<SweepService, () => SweepCollector> = {
    config: () => configCollector(clients.config),
    cloudtrail: () => cloudTrailCollector(clients.cloudtrail),
    iam: () => iamCollector(clients.iam, iam),
    logs: () => logsCollector(clients.logs),
    kms: () => kmsCollector(clients.kms),
    s3: () => s3Collector(clients.s3),
    s3control: () => s3ControlCollector(clients.s3control),
    ec2: () => ec2Collector(clients.ec2),
    rds: () => rdsCollector(clients.rds),
    lambda: () => lambdaCollector(clients.lambda),
    // databases
    redshift: () => redshiftCollector(clients.redshift),
    elasticache: () => elasticacheCollector(clients.elasticache),
    // stores
    efs: () => efsCollector(clients.efs),
    sns: () => snsCollector(clients.sns),
    sqs: () => sqsCollector(clients.sqs),
    kinesis: () => kinesisCollector(clients.kinesis),
    secretsmanager: () => secretsManagerCollector(clients.secretsmanager),
    eks: () => eksCollector(clients.eks),
    // search and machine learning
    opensearch: () => opensearchCollector(clients.opensearch),
    sagemaker: () => sagemakerCollector(clients.sagemaker),
    // network edge
    elb: () => elbCollector(clients.elb),
    elbv2: () => elbv2Collector(clients.elbv2),
    cloudfront: () => cloudFrontCollector(clients.cloudfront),
    acm: () => acmCollector(clients.acm),
    apigateway: () => apiGatewayCollector(clients.apigateway),
    // storage
    dynamodb: () => dynamodbCollector(clients.dynamodb),
    backup: () => backupCollector(clients.backup),
    // threat detection
    guardduty: () => guarddutyCollector(clients.guardduty),
    securityhub: () => securityhubCollector(clients.securityhub),
    cloudwatch: () => cloudwatchCollector(clients),
  };
  return services.map((s) => make[s]());
}

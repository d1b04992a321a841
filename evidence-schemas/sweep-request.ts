import { z } from 'zod';

/** The services the scheduled sweep can read. */
export const SWEEP_SERVICE_NAMES = [
  'config',
  'cloudtrail',
  'iam',
  'logs',
  'kms',
  's3',
  's3control',
  'ec2',
  'rds',
  'lambda',
  // databases
  'redshift',
  'elasticache',
  // stores: EFS, SNS, SQS, Kinesis, Secrets Manager, EKS
  'efs',
  'sns',
  'sqs',
  'kinesis',
  'secretsmanager',
  'eks',
  // search and machine learning
  'opensearch',
  'sagemaker',
  // network edge
  'elb',
  'elbv2',
  'cloudfront',
  'acm',
  'apigateway',
  // storage
  'dynamodb',
  'backup',
  // threat detection
  'guardduty',
  'securityhub',
  'cloudwatch',
] as const;

/**
 * What invokes the sweep function: an EventBridge schedule's event (any shape; all services are swept)
 * or a constant input such as {"services": ["config", "logs"]}, so IAM (global) can be swept from one
 * region only.
 */
export const SweepRequestSchema = z
  .object({ services: z.array(z.enum(SWEEP_SERVICE_NAMES)).min(1).optional() })
  .loose();
export type SweepRequest = z.infer<typeof SweepRequestSchema>;

/** ARNs of the fixture resources, as every normalizer must name them (test/fixtures/events). */
import { ACCOUNT } from '../../../fixtures/builders';

export const S3_ARN = 'arn:aws:s3:::clinic-phi-intake';
export const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-audit-trail`;
export const LOG_GROUP_ARN = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/claims-intake`;

/**
 * Which catalog controls the evidence of each API the sweep calls serves. When an API is denied or
 * fails, these are the controls left unevidenced, and its collection gap is NON_COMPLIANT for each.
 * The coverage check reads them from the gap's assessments. The list is also the sweep's IAM policy.
 */
import { CONTROLS } from './catalog';

const ruleControls = CONTROLS.filter((c) => c.configRules.length > 0).map((c) => c.id);
const byType = (...types: string[]) =>
  CONTROLS.filter((c) => c.resourceTypes.some((t) => types.includes(t))).map((c) => c.id);

/** Resource types the sweep reads from their own service's API rather than from AWS Config. */
export const DIRECT_RESOURCE_TYPES = [
  'AWS::CloudTrail::Trail',
  'AWS::Logs::LogGroup',
  'AWS::KMS::Key',
  'AWS::S3::Bucket',
] as const;

const configItemControls = CONTROLS.filter((c) =>
  c.resourceTypes.some((t) => !(DIRECT_RESOURCE_TYPES as readonly string[]).includes(t)),
).map((c) => c.id);

const trail = byType('AWS::CloudTrail::Trail');
const logGroup = byType('AWS::Logs::LogGroup');
const kms = byType('AWS::KMS::Key');
const s3 = byType('AWS::S3::Bucket');

/** service:Operation -> control ids. */
export const SWEEP_API_CONTROLS: Readonly<Record<string, readonly string[]>> = {
  'config:DescribeConfigRules': ruleControls,
  'config:GetComplianceDetailsByConfigRule': ruleControls,
  'config:DescribeConfigurationRecorderStatus': ['config-recorder'],
  'config:ListDiscoveredResources': configItemControls,
  'config:BatchGetResourceConfig': configItemControls,
  'cloudtrail:DescribeTrails': trail,
  'cloudtrail:GetTrailStatus': ['cloudtrail-logging'],
  'cloudtrail:GetEventSelectors': ['cloudtrail-logging'],
  'iam:GenerateCredentialReport': ['root-account-use', 'iam-user-mfa'],
  'iam:GetCredentialReport': ['root-account-use', 'iam-user-mfa'],
  'iam:ListUsers': ['iam-user-mfa', 'iam-access-keys'],
  'iam:ListMFADevices': ['iam-user-mfa'],
  'iam:ListAccessKeys': ['iam-access-keys'],
  'iam:GetAccessKeyLastUsed': ['iam-access-keys'],
  // who has access to what: the access snapshot an access review signs off
  'iam:ListAttachedUserPolicies': ['access-review'],
  'iam:ListUserPolicies': ['access-review'],
  'iam:ListGroupsForUser': ['access-review'],
  'iam:ListRoles': ['access-review'],
  'iam:GetRole': ['access-review'],
  'iam:ListAttachedRolePolicies': ['access-review'],
  'iam:ListRolePolicies': ['access-review'],
  'logs:DescribeLogGroups': logGroup,
  'kms:ListKeys': kms,
  'kms:DescribeKey': kms,
  'kms:GetKeyRotationStatus': kms,
  's3:ListBuckets': s3,
  's3:GetBucketEncryption': ['s3-bucket-encryption'],
  's3:GetBucketPolicy': ['s3-bucket-tls'],
};

/** The IAM actions the sweep needs (the deployed function's policy). */
export function sweepIamActions(): string[] {
  const actions = Object.keys(SWEEP_API_CONTROLS).map((api) => {
    const [service, operation] = api.split(':');
    // the S3 permissions are named differently from their operations
    if (api === 's3:GetBucketEncryption') return 's3:GetEncryptionConfiguration';
    if (api === 's3:ListBuckets') return 's3:ListAllMyBuckets';
    return `${service}:${operation}`;
  });
  return [...new Set(actions)].sort();
}

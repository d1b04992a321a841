/**
 * One pure evaluator per control. Each takes the facts of one observation and answers a verdict, or
 * undefined when those facts do not bear on the control. Config rule evaluations are mapped to
 * controls by the catalog, not here: an evaluator judges configuration and activity only.
 */

import { bool, field, list, num, str } from './facts-access';
import type { Facts } from './observation';
import type { IamRootFacts, IamUserFacts, RecorderStatusFacts } from './sweep-facts';
import { activity, compliant, nonCompliant, notApplicable, type Verdict } from './verdict';

export type Evaluator = (facts: Facts) => Verdict | undefined;

type ApiCall = Extract<Facts, { type: 'api-call' }>;
type Configuration = Extract<Facts, { type: 'configuration' }>;

function onConfig(resourceType: string, facts: Facts): Configuration | undefined {
  return facts.type === 'configuration' && facts.resourceType === resourceType && !facts.deleted
    ? facts
    : undefined;
}

function onCall(facts: Facts, ...names: string[]): ApiCall | undefined {
  return facts.type === 'api-call' && names.includes(facts.eventName) ? facts : undefined;
}

/** Minimum CloudWatch Logs retention: six years, 45 CFR 164.316(b)(2)(i). */
export const MIN_RETENTION_DAYS = 2192;

export const s3BucketEncryption: Evaluator = (facts) => {
  const ci = onConfig('AWS::S3::Bucket', facts);
  if (ci) {
    const rules = list(field(ci.supplementaryConfiguration, 'ServerSideEncryptionConfiguration', 'rules'));
    const algorithms = rules
      .map((r) => str(field(r, 'applyServerSideEncryptionByDefault', 'sseAlgorithm')))
      .filter((a): a is string => a !== undefined);
    return algorithms.length > 0
      ? compliant(`default encryption ${algorithms.join(', ')} is configured`)
      : nonCompliant('no default server-side encryption is configured');
  }
  const call = onCall(facts, 'PutBucketEncryption', 'DeleteBucketEncryption');
  if (!call) return undefined;
  if (call.eventName === 'DeleteBucketEncryption') {
    return nonCompliant('the bucket default encryption configuration was deleted');
  }
  const rules = list(
    field(call.requestParameters, 'ServerSideEncryptionConfiguration', 'Rule') ??
      field(call.requestParameters, 'ServerSideEncryptionConfiguration', 'rules'),
  );
  const algorithm = rules
    .map((r) => str(field(r, 'ApplyServerSideEncryptionByDefault', 'SSEAlgorithm')))
    .find((a) => a !== undefined);
  const single = str(
    field(
      call.requestParameters,
      'ServerSideEncryptionConfiguration',
      'Rule',
      'ApplyServerSideEncryptionByDefault',
      'SSEAlgorithm',
    ),
  );
  const algo = algorithm ?? single;
  return algo
    ? compliant(`default encryption set to ${algo}`)
    : compliant('default encryption configuration set');
};

export const s3BucketTls: Evaluator = (facts) => {
  const ci = onConfig('AWS::S3::Bucket', facts);
  if (ci) {
    const policy = field(ci.supplementaryConfiguration, 'BucketPolicy', 'policyText');
    return deniesInsecureTransport(policy)
      ? compliant('bucket policy denies requests without TLS (aws:SecureTransport false)')
      : nonCompliant('bucket policy does not deny requests made without TLS');
  }
  const call = onCall(facts, 'PutBucketPolicy', 'DeleteBucketPolicy');
  if (!call) return undefined;
  if (call.eventName === 'DeleteBucketPolicy')
    return nonCompliant('the bucket policy was deleted: non-TLS requests are no longer denied');
  return deniesInsecureTransport(field(call.requestParameters, 'bucketPolicy'))
    ? compliant('new bucket policy denies requests without TLS')
    : nonCompliant('new bucket policy does not deny requests made without TLS');
};

/**
 * True when a policy (object or JSON string) denies every principal every S3 action when
 * aws:SecureTransport is false, as the s3-bucket-ssl-requests-only rule requires: a deny limited to
 * some actions or some principals leaves other requests allowed over plain HTTP.
 */
export function deniesInsecureTransport(policy: unknown): boolean {
  let doc = policy;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return false;
    }
  }
  const statements = field(doc, 'Statement');
  const list_ = Array.isArray(statements) ? statements : statements ? [statements] : [];
  // IAM compares action names case-insensitively
  const all = (v: unknown, wide: string[]) =>
    (Array.isArray(v) ? v : [v]).some((x) => typeof x === 'string' && wide.includes(x.toLowerCase()));
  return list_.some((s) => {
    if (field(s, 'Effect') !== 'Deny') return false;
    const principal = field(s, 'Principal');
    if (!(principal === '*' || all(field(principal, 'AWS'), ['*']))) return false;
    if (!all(field(s, 'Action'), ['*', 's3:*'])) return false;
    const secure = field(s, 'Condition', 'Bool', 'aws:SecureTransport');
    const values = Array.isArray(secure) ? secure : [secure];
    return values.some((v) => bool(v) === false);
  });
}

export const ebsVolumeEncryption: Evaluator = (facts) => {
  const ci = onConfig('AWS::EC2::Volume', facts);
  if (!ci) return undefined;
  return bool(field(ci.configuration, 'encrypted')) === true
    ? compliant('volume is encrypted')
    : nonCompliant('volume is not encrypted');
};

export const rdsStorageEncryption: Evaluator = (facts) => {
  const ci = onConfig('AWS::RDS::DBInstance', facts);
  if (!ci) return undefined;
  return bool(field(ci.configuration, 'storageEncrypted')) === true
    ? compliant('DB instance storage is encrypted')
    : nonCompliant('DB instance storage is not encrypted');
};

export const dynamodbTableEncryption: Evaluator = (facts) => {
  const ci = onConfig('AWS::DynamoDB::Table', facts);
  if (!ci) return undefined;
  const sse = field(ci.configuration, 'sSEDescription');
  const status = str(field(sse, 'status'));
  if (sse === undefined || sse === null) {
    // DynamoDB encrypts every table at rest; without an SSE description the key is AWS owned.
    return compliant('encrypted at rest with an AWS owned key (DynamoDB default)');
  }
  if (status === 'ENABLED' || status === 'UPDATING' || status === 'ENABLING') {
    return compliant(`encrypted at rest with ${str(field(sse, 'sSEType')) ?? 'KMS'}`);
  }
  return nonCompliant(`server-side encryption status is ${status ?? 'unknown'}`);
};

export const logGroupEncryption: Evaluator = (facts) => {
  const ci = onConfig('AWS::Logs::LogGroup', facts);
  if (ci) {
    return str(field(ci.configuration, 'kmsKeyId'))
      ? compliant('log group is encrypted with a KMS key')
      : nonCompliant('log group is not encrypted with a KMS key');
  }
  const call = onCall(facts, 'AssociateKmsKey', 'DisassociateKmsKey');
  if (!call) return undefined;
  return call.eventName === 'AssociateKmsKey'
    ? compliant('a KMS key was associated with the log group')
    : nonCompliant('the KMS key was disassociated from the log group');
};

export const logRetention: Evaluator = (facts) => {
  const ci = onConfig('AWS::Logs::LogGroup', facts);
  if (ci) return judgeRetention(num(field(ci.configuration, 'retentionInDays')));
  const call = onCall(facts, 'PutRetentionPolicy', 'DeleteRetentionPolicy');
  if (!call) return undefined;
  if (call.eventName === 'DeleteRetentionPolicy')
    return compliant('retention policy removed: events never expire');
  return judgeRetention(num(field(call.requestParameters, 'retentionInDays')));
};

function judgeRetention(days: number | undefined): Verdict {
  if (days === undefined) return compliant('events never expire');
  return days >= MIN_RETENTION_DAYS
    ? compliant(`events are kept ${days} days (at least ${MIN_RETENTION_DAYS})`)
    : nonCompliant(`events are kept only ${days} days; six years (${MIN_RETENTION_DAYS} days) are required`);
}

type TrailFlag = 'isMultiRegionTrail' | 'logFileValidationEnabled' | 'kmsKeyId';

/** Reads one trail setting from a configuration item or from a CreateTrail/UpdateTrail call. */
function trailSetting(facts: Facts, flag: TrailFlag): { value: unknown; via: 'config' | 'call' } | undefined {
  const ci = onConfig('AWS::CloudTrail::Trail', facts);
  if (ci) return { value: field(ci.configuration, flag), via: 'config' };
  const call = onCall(facts, 'CreateTrail', 'UpdateTrail');
  if (!call) return undefined;
  const requestName = flag === 'logFileValidationEnabled' ? 'enableLogFileValidation' : flag;
  const fromResponse = field(call.responseElements, flag);
  const fromRequest = field(call.requestParameters, requestName);
  const value = fromResponse !== undefined ? fromResponse : fromRequest;
  // an UpdateTrail that does not touch this setting says nothing about it
  if (value === undefined && call.eventName === 'UpdateTrail') return undefined;
  return { value, via: 'call' };
}

export const cloudTrailMultiRegion: Evaluator = (facts) => {
  const s = trailSetting(facts, 'isMultiRegionTrail');
  if (!s) return undefined;
  return bool(s.value) === true
    ? compliant('trail records all regions')
    : nonCompliant('trail is not multi-region');
};

export const cloudTrailLogValidation: Evaluator = (facts) => {
  const s = trailSetting(facts, 'logFileValidationEnabled');
  if (!s) return undefined;
  return bool(s.value) === true
    ? compliant('log file integrity validation is enabled')
    : nonCompliant('log file integrity validation is disabled');
};

export const cloudTrailEncryption: Evaluator = (facts) => {
  const s = trailSetting(facts, 'kmsKeyId');
  if (!s) return undefined;
  return str(s.value)
    ? compliant('trail logs are encrypted with a KMS key')
    : nonCompliant('trail logs are not encrypted with a KMS key');
};

export const cloudTrailLogging: Evaluator = (facts) => {
  const ci = onConfig('AWS::CloudTrail::Trail', facts);
  if (ci) {
    const logging =
      bool(field(ci.configuration, 'isLogging')) ??
      bool(field(ci.supplementaryConfiguration, 'TrailStatus', 'isLogging'));
    if (logging === undefined) return undefined;
    return logging ? compliant('trail is logging') : nonCompliant('trail is not logging');
  }
  const call = onCall(facts, 'StopLogging', 'StartLogging', 'DeleteTrail', 'CreateTrail');
  if (!call) return undefined;
  switch (call.eventName) {
    case 'StopLogging':
      return nonCompliant('trail logging was stopped');
    case 'DeleteTrail':
      return nonCompliant('trail was deleted');
    case 'StartLogging':
      return compliant('trail logging was started');
    default:
      return activity('trail created; logging starts with StartLogging');
  }
};

export const configRecorder: Evaluator = (facts) => {
  if (facts.type === 'config-recorder-status') return judgeRecorder(facts);
  const call = onCall(
    facts,
    'StopConfigurationRecorder',
    'StartConfigurationRecorder',
    'DeleteConfigurationRecorder',
  );
  if (!call) return undefined;
  if (call.eventName === 'StartConfigurationRecorder') return compliant('configuration recorder was started');
  return nonCompliant(
    call.eventName === 'StopConfigurationRecorder'
      ? 'configuration recorder was stopped'
      : 'configuration recorder was deleted',
  );
};

export const kmsKeyRotation: Evaluator = (facts) => {
  const ci = onConfig('AWS::KMS::Key', facts);
  if (ci) {
    if (str(field(ci.configuration, 'keyManager')) === 'AWS')
      return compliant('AWS managed key: rotated by AWS every year');
    if (
      str(field(ci.configuration, 'keySpec')) !== undefined &&
      str(field(ci.configuration, 'keySpec')) !== 'SYMMETRIC_DEFAULT'
    ) {
      return undefined; // rotation applies to symmetric encryption keys only
    }
    // Config records rotation as supplementaryConfiguration.KeyRotationStatus
    const rotation =
      bool(field(ci.supplementaryConfiguration, 'KeyRotationStatus')) ??
      bool(field(ci.configuration, 'keyRotationEnabled'));
    if (rotation === undefined) return undefined;
    return rotation
      ? compliant('automatic key rotation is enabled')
      : nonCompliant('automatic key rotation is disabled');
  }
  const call = onCall(facts, 'EnableKeyRotation', 'DisableKeyRotation');
  if (!call) return undefined;
  return call.eventName === 'EnableKeyRotation'
    ? compliant('automatic key rotation was enabled')
    : nonCompliant('automatic key rotation was disabled');
};

export const rootAccountUse: Evaluator = (facts) => {
  if (facts.type === 'iam-root') return judgeRoot(facts);
  if (facts.type === 'console-sign-in' && facts.identityType === 'Root') {
    if (facts.result !== 'Success') return activity(`root sign-in attempt failed (${facts.result})`);
    return nonCompliant(
      `the root user signed in to the console${facts.mfaUsed ? ' (with MFA)' : ' without MFA'}`,
    );
  }
  const call = onCall(facts, 'CreateAccessKey');
  if (call && call.callerType === 'Root' && field(call.requestParameters, 'userName') === undefined) {
    return nonCompliant('an access key was created for the root user');
  }
  return undefined;
};

export const iamUserMfa: Evaluator = (facts) => {
  if (facts.type === 'iam-user') return judgeUserMfa(facts);
  if (facts.type === 'console-sign-in' && facts.identityType === 'IAMUser') {
    if (facts.result !== 'Success') return activity(`console sign-in attempt failed (${facts.result})`);
    if (facts.mfaUsed === undefined) return undefined;
    return facts.mfaUsed
      ? compliant('console sign-in used MFA')
      : nonCompliant('console sign-in without MFA');
  }
  const call = onCall(
    facts,
    'EnableMFADevice',
    'DeactivateMFADevice',
    'DeleteVirtualMFADevice',
    'CreateLoginProfile',
  );
  if (!call) return undefined;
  switch (call.eventName) {
    case 'EnableMFADevice':
      return compliant('an MFA device was enabled for the user');
    case 'CreateLoginProfile':
      return activity('console password created for the user; MFA is assessed by iam-user-mfa-enabled');
    default:
      return activity(
        'an MFA device was removed; whether another remains is assessed by iam-user-mfa-enabled',
      );
  }
};

export const iamAccessKeys: Evaluator = (facts) => {
  if (facts.type === 'iam-user') return judgeAccessKeys(facts);
  const call = onCall(facts, 'CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey');
  if (!call) return undefined;
  const keyId =
    str(field(call.responseElements, 'accessKey', 'accessKeyId')) ??
    str(field(call.requestParameters, 'accessKeyId'));
  const key = keyId ? ` ${keyId.slice(0, 8)}…` : '';
  switch (call.eventName) {
    case 'CreateAccessKey':
      return activity(
        `long-lived access key${key} created; its rotation and use are assessed by access-keys-rotated`,
      );
    case 'UpdateAccessKey':
      return activity(`access key${key} set ${str(field(call.requestParameters, 'status')) ?? 'updated'}`);
    default:
      return activity(`access key${key} deleted`);
  }
};

// --- judgements of what the scheduled sweep observes (IAM, root, the Config recorder) ---

/** An active access key older than this is due for rotation (CIS, access-keys-rotated default). */
export const MAX_ACCESS_KEY_AGE_DAYS = 90;
/** An active access key not used for this long is an unused credential to remove. */
export const MAX_ACCESS_KEY_UNUSED_DAYS = 90;

const DAY_MS = 86_400_000;

/** Whole days from one YYYY-MM-DD day to another. */
function daysBetween(from: string, to: string): number {
  return Math.floor((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function judgeUserMfa(f: IamUserFacts): Verdict | undefined {
  if (f.consoleAccess === undefined) return undefined; // the credential report could not be read
  if (!f.consoleAccess) return notApplicable('no console password: console MFA does not apply');
  return f.mfaDevices.length > 0
    ? compliant(`console access with ${f.mfaDevices.length} MFA device(s)`)
    : nonCompliant('console password enabled without an MFA device');
}

function judgeAccessKeys(f: IamUserFacts): Verdict {
  const active = f.accessKeys.filter((k) => k.status === 'Active');
  if (active.length === 0) return compliant('no active access keys');
  const problems: string[] = [];
  for (const k of active) {
    // the reasons name days, never ages, so a verdict that holds does not change its text every day
    if (daysBetween(k.createdOn, f.context.asOf) > MAX_ACCESS_KEY_AGE_DAYS)
      problems.push(`key ${k.id} created ${k.createdOn} is older than ${MAX_ACCESS_KEY_AGE_DAYS} days`);
    const lastUsed = f.context.keysLastUsedOn[k.id];
    if (daysBetween(lastUsed ?? k.createdOn, f.context.asOf) > MAX_ACCESS_KEY_UNUSED_DAYS)
      problems.push(
        lastUsed
          ? `key ${k.id} unused since ${lastUsed} (over ${MAX_ACCESS_KEY_UNUSED_DAYS} days)`
          : `key ${k.id} never used in over ${MAX_ACCESS_KEY_UNUSED_DAYS} days`,
      );
  }
  return problems.length > 0
    ? nonCompliant(problems.join('; '))
    : compliant(
        `${active.length} active access key(s), each younger than ${MAX_ACCESS_KEY_AGE_DAYS} days and used within ${MAX_ACCESS_KEY_UNUSED_DAYS} days`,
      );
}

function judgeRoot(f: IamRootFacts): Verdict {
  const problems = [
    ...(f.activeAccessKeys > 0 ? [`the root user has ${f.activeAccessKeys} active access key(s)`] : []),
    ...(f.mfaActive ? [] : ['the root user has no MFA']),
  ];
  return problems.length > 0
    ? nonCompliant(problems.join('; '))
    : compliant('the root user has MFA and no active access keys');
}

/** Config's last delivery status: SUCCESS and PENDING are healthy, FAILURE is not. */
function judgeRecorder(f: RecorderStatusFacts): Verdict {
  if (!f.exists) return nonCompliant('no configuration recorder exists in this region');
  if (!f.recording) return nonCompliant(`configuration recorder ${f.name} is not recording`);
  if (f.lastStatus?.toUpperCase() === 'FAILURE')
    return nonCompliant(
      `configuration recorder ${f.name} is recording but its last status is FAILURE${f.lastErrorCode ? ` (${f.lastErrorCode})` : ''}`,
    );
  return compliant(
    `configuration recorder ${f.name} is recording (last status ${f.lastStatus ?? 'unknown'})`,
  );
}

/**
 * CloudTrail records, delivered through EventBridge (API calls, console sign-ins, AWS service events,
 * console actions) or read from a log file: an event on a resource some control watches becomes an
 * observation of that resource, with the caller as its actor; a console sign-in becomes an observation
 * of the identity that signed in. Whatever its kind, a record's event name decides whether it is kept
 * (a control or the activity review, notable.ts, reads it); a refused call on audit, logging,
 * encryption or IAM is kept whatever its name, on the identity that tried when no target is named. Insights records summarise call rates; they bear on no control and are ignored.
 */
import {
  AccountIdSchema,
  type Actor,
  type CloudTrailInsightRecord,
  type CloudTrailRecord,
  type Subject,
} from '../../../evidence-schemas';
import { partitionOf } from '../arn';
import { cloudTrailEventNames } from '../catalog';
import { field, str } from '../facts-access';
import { hashCanonical } from '../hashing';
import { guarded, isDeniedError } from '../notable';
import { type RedactionPolicy, redactObject } from '../redact';
import { analyticsSubject } from './analytics-subjects';
import { databaseSubject } from './database-subjects';
import { detectionSubject } from './detection-subjects';
import { edgeSubject } from './edge-subjects';
import { identitySubject } from './identity-subjects';
import { ignored, invalid, type ParseOutcome } from './outcome';
import { storageSubject } from './storage-subjects';
import { fromUnwatchedService, storeSubject } from './store-subjects';
import { makeSubject } from './subject';

const RELEVANT_EVENTS = new Set(cloudTrailEventNames());

/**
 * The caller's identity type. AWS's own service events may carry an identity with no type (only the
 * account and `invokedBy`): the record's eventType says AWS acted, so say that rather than "Unknown".
 */
function principalTypeOf(r: CloudTrailRecord): string {
  return r.userIdentity?.type ?? (r.eventType === 'AwsServiceEvent' ? 'AWSService' : 'Unknown');
}

/** How an ignored record's reason names its kind, by eventType (API calls stay plain "event"). */
const KIND_LABEL: Record<string, string> = {
  AwsServiceEvent: 'service event',
  AwsConsoleAction: 'console action',
};

function actorOf(r: CloudTrailRecord): Actor {
  const u = r.userIdentity;
  const mfa = u?.sessionContext?.attributes?.mfaAuthenticated;
  return {
    principalType: principalTypeOf(r),
    ...(u?.arn ? { principalArn: u.arn } : {}),
    ...(u?.accountId ? { accountId: u.accountId } : {}),
    ...(u?.userName ? { userName: u.userName } : {}),
    ...(u?.invokedBy ? { invokedBy: u.invokedBy } : {}),
    ...(r.sourceIPAddress ? { sourceIpAddress: r.sourceIPAddress } : {}),
    ...(mfa !== undefined ? { mfaAuthenticated: mfa === true || mfa === 'true' } : {}),
  };
}

/** The resource a CloudTrail call acts on, from its request (or response) parameters. */
function cloudTrailSubject(r: CloudTrailRecord, account: string): Subject | undefined {
  const req = r.requestParameters ?? {};
  const res = r.responseElements ?? {};
  const region = r.awsRegion;
  const p = partitionOf(region);
  const userTarget = (): Subject | undefined => {
    const userName = str(field(req, 'userName'));
    if (userName)
      return makeSubject(
        account,
        'global',
        'AWS::IAM::User',
        userName,
        `arn:${p}:iam::${account}:user/${userName}`,
      );
    return callerSubject(r, account);
  };
  // stores: EFS, SNS, SQS, Kinesis, Secrets Manager, EKS (matched by service, before the databases)
  const store = storeSubject(r, account);
  if (store) return store;
  // databases: RDS clusters, Redshift, ElastiCache
  const database = databaseSubject(r, account);
  if (database) return database;
  // search and machine learning: OpenSearch domains, SageMaker notebooks and endpoint configurations
  const analytics = analyticsSubject(r, account);
  if (analytics) return analytics;
  // network edge: load balancers, CloudFront, API Gateway, ACM
  const edge = edgeSubject(r, account);
  if (edge) return edge;
  // storage: DynamoDB tables, AWS Backup plans and vaults
  const storage = storageSubject(r, account);
  if (storage) return storage;
  // threat detection: GuardDuty, Security Hub, EBS encryption by default, VPC flow logs
  const detection = detectionSubject(r, account);
  if (detection) return detection;
  // access: password policy, IAM policies; KMS key state; trail settings
  const identity = identitySubject(r, account);
  if (identity) return identity;
  switch (r.eventName) {
    case 'StopLogging':
    case 'StartLogging':
    case 'DeleteTrail':
    case 'UpdateTrail':
    case 'CreateTrail': {
      const name = str(field(res, 'trailARN')) ?? str(field(req, 'name'));
      if (!name) return undefined;
      if (name.startsWith('arn:'))
        return makeSubject(account, region, 'AWS::CloudTrail::Trail', name.split('/').pop() ?? name, name);
      return makeSubject(account, region, 'AWS::CloudTrail::Trail', name);
    }
    case 'StopConfigurationRecorder':
    case 'StartConfigurationRecorder':
    case 'DeleteConfigurationRecorder': {
      const name = str(field(req, 'configurationRecorderName'));
      return name ? makeSubject(account, region, 'AWS::Config::ConfigurationRecorder', name) : undefined;
    }
    case 'PutRetentionPolicy':
    case 'DeleteRetentionPolicy':
    case 'AssociateKmsKey':
    case 'DisassociateKmsKey': {
      const name = str(field(req, 'logGroupName'));
      return name ? makeSubject(account, region, 'AWS::Logs::LogGroup', name) : undefined;
    }
    case 'PutBucketEncryption':
    case 'DeleteBucketEncryption':
    case 'PutBucketPublicAccessBlock':
    case 'DeleteBucketPublicAccessBlock':
    case 'PutBucketPolicy':
    case 'PutBucketAcl':
    case 'DeleteBucketPolicy':
    // storage integrity, contingency and audit logging
    case 'PutBucketVersioning':
    case 'PutObjectLockConfiguration':
    case 'PutBucketReplication':
    case 'DeleteBucketReplication':
    case 'PutBucketLogging': {
      const name = str(field(req, 'bucketName'));
      return name ? makeSubject(account, region, 'AWS::S3::Bucket', name) : undefined;
    }
    case 'PutAccountPublicAccessBlock':
    case 'DeleteAccountPublicAccessBlock':
      // the setting belongs to the account (Config's resource id for it is the account id); it has no ARN
      return makeSubject(account, region, 'AWS::S3::AccountPublicAccessBlock', account);
    case 'CreateDBInstance':
    case 'ModifyDBInstance':
    case 'RestoreDBInstanceFromDBSnapshot':
    case 'RestoreDBInstanceToPointInTime':
    case 'RestoreDBInstanceFromS3': {
      // a point-in-time restore names the new instance targetDBInstanceIdentifier
      const name = str(field(req, 'dBInstanceIdentifier')) ?? str(field(req, 'targetDBInstanceIdentifier'));
      const arn =
        str(field(res, 'dBInstanceArn')) ?? (name && `arn:${p}:rds:${region}:${account}:db:${name}`);
      // Config names the instance by its DbiResourceId; the ARN (which keys the subject) is shared
      const id = str(field(res, 'dbiResourceId')) ?? name;
      return id && arn ? makeSubject(account, region, 'AWS::RDS::DBInstance', id, arn) : undefined;
    }
    case 'ModifyDBSnapshotAttribute':
    case 'ModifyDBClusterSnapshotAttribute': {
      const cluster = r.eventName === 'ModifyDBClusterSnapshotAttribute';
      const id = str(field(req, cluster ? 'dBClusterSnapshotIdentifier' : 'dBSnapshotIdentifier'));
      if (!id) return undefined;
      const type = cluster ? 'AWS::RDS::DBClusterSnapshot' : 'AWS::RDS::DBSnapshot';
      // a snapshot may be named by its ARN
      if (id.startsWith('arn:')) return makeSubject(account, region, type, id.split(':').pop() ?? id, id);
      return makeSubject(account, region, type, id);
    }
    case 'ModifySnapshotAttribute': {
      const id = str(field(req, 'snapshotId'));
      return id ? makeSubject(account, region, 'AWS::EC2::Snapshot', id) : undefined;
    }
    case 'AuthorizeSecurityGroupIngress': {
      // groupName alone (default VPC) is answered with the rules' groupId
      const rules = field(res, 'securityGroupRuleSet', 'items');
      const first = Array.isArray(rules) ? rules[0] : undefined;
      const id = str(field(req, 'groupId')) ?? str(field(first, 'groupId'));
      return id ? makeSubject(account, region, 'AWS::EC2::SecurityGroup', id) : undefined;
    }
    case 'CreateNetworkAclEntry':
    case 'ReplaceNetworkAclEntry': {
      const id = str(field(req, 'networkAclId'));
      return id ? makeSubject(account, region, 'AWS::EC2::NetworkAcl', id) : undefined;
    }
    case 'AssociateAddress': {
      const id = str(field(req, 'instanceId'));
      return id ? makeSubject(account, region, 'AWS::EC2::Instance', id) : undefined;
    }
    case 'AddPermission20150331':
    case 'AddPermission20150331v2':
    case 'AddPermission':
    case 'CreateFunctionUrlConfig20211031':
    case 'UpdateFunctionUrlConfig20211031':
    case 'DeleteFunctionUrlConfig20211031': {
      // functionName may be a name, a partial ARN or an ARN (with a version or alias); Config names the
      // function by its name
      const given = str(field(req, 'functionName'));
      const name = given?.startsWith('arn:') ? given.split(':')[6] : given?.split(':')[0];
      return name ? makeSubject(account, region, 'AWS::Lambda::Function', name) : undefined;
    }
    case 'EnableKeyRotation':
    case 'DisableKeyRotation': {
      const keyId = str(field(req, 'keyId'));
      if (!keyId) return undefined;
      const id = keyId.startsWith('arn:') ? (keyId.split('/').pop() ?? keyId) : keyId;
      return makeSubject(account, region, 'AWS::KMS::Key', id);
    }
    case 'CreateAccessKey':
    case 'UpdateAccessKey':
    case 'DeleteAccessKey':
    case 'EnableMFADevice':
    case 'DeactivateMFADevice':
    case 'DeleteVirtualMFADevice':
    case 'CreateLoginProfile':
    case 'AttachUserPolicy':
    case 'PutUserPolicy':
      return userTarget();
    case 'AttachRolePolicy':
    case 'PutRolePolicy':
      return iamNamed(account, p, 'Role', str(field(req, 'roleName')));
    case 'AttachGroupPolicy':
    case 'PutGroupPolicy':
      return iamNamed(account, p, 'Group', str(field(req, 'groupName')));
    default:
      return undefined;
  }
}

/** An IAM role or group by its name (IAM is global: its ARN has no region). */
function iamNamed(
  account: string,
  partition: string,
  kind: 'Role' | 'Group',
  name: string | undefined,
): Subject | undefined {
  if (!name) return undefined;
  const arn = `arn:${partition}:iam::${account}:${kind.toLowerCase()}/${name}`;
  return makeSubject(account, 'global', `AWS::IAM::${kind}`, name, arn);
}

/**
 * The subject of a denied call whose target the request does not name: the identity that tried, so
 * the attempt is kept as evidence of that principal (a role by the role its session was issued by).
 */
function attemptSubject(r: CloudTrailRecord, account: string): Subject | undefined {
  const caller = callerSubject(r, account);
  if (caller) return caller;
  const issuer = r.userIdentity?.sessionContext?.sessionIssuer;
  const name = issuer?.arn?.split('/').pop();
  if (issuer?.type !== 'Role' || !issuer.arn || !name) return undefined;
  return makeSubject(account, 'global', 'AWS::IAM::Role', name, issuer.arn);
}

/** The identity that made a call or signed in. */
function callerSubject(r: CloudTrailRecord, account: string): Subject | undefined {
  const u = r.userIdentity;
  if (u?.type === 'Root') return makeSubject(account, 'global', 'AWS::::Account', account);
  if (u?.type === 'IAMUser') {
    const name = u.userName ?? u.arn?.split('/').pop();
    if (!name) return undefined;
    // a failed sign-in carries no arn: derive it, so the user's successes and failures share a chain
    const arn = u.arn ?? `arn:${partitionOf(r.awsRegion)}:iam::${account}:user/${name}`;
    return makeSubject(account, 'global', 'AWS::IAM::User', name, arn, u.principalId);
  }
  return undefined;
}

/** The record's own eventID, or for first-format records without one, a hash of the record itself. */
function cloudTrailEventId(r: CloudTrailRecord): string {
  return r.eventID ?? `cloudtrail-sha256:${hashCanonical(r)}`;
}

/** Observation of one CloudTrail record (the record already validated by its schema). */
export function fromCloudTrail(r: CloudTrailRecord, policy: RedactionPolicy): ParseOutcome {
  const account = r.recipientAccountId ?? AccountIdSchema.parse(r.userIdentity?.accountId);
  const actor = actorOf(r);
  const base = {
    eventId: cloudTrailEventId(r),
    eventTime: r.eventTime,
    eventName: r.eventName,
    eventSource: r.eventSource,
    ...(r.errorCode ? { errorCode: r.errorCode } : {}),
  };
  if (r.eventName === 'ConsoleLogin') {
    const subject = callerSubject(r, account);
    if (!subject)
      return ignored(
        `console sign-in by a ${r.userIdentity?.type ?? 'unknown'} identity bears on no control`,
      );
    const result = str(field(r.responseElements, 'ConsoleLogin')) ?? (r.errorCode ? 'Failure' : 'Unknown');
    const mfa = str(field(r.additionalEventData, 'MFAUsed'));
    return {
      kind: 'observation',
      observation: {
        subject,
        source: { kind: 'cloudtrail-console-sign-in', ...base },
        actor,
        observedAt: r.eventTime,
        facts: {
          type: 'console-sign-in',
          eventName: r.eventName,
          result,
          ...(mfa ? { mfaUsed: mfa === 'Yes' } : {}),
          identityType: r.userIdentity?.type ?? 'Unknown',
          ...(r.errorCode ? { errorCode: r.errorCode } : {}),
        },
      },
    };
  }
  // a refused call on audit, logging, encryption or IAM is kept whatever its name: the activity review reads it
  const deniedAttempt = isDeniedError(r.errorCode) && guarded(r.eventSource, r.eventName);
  // a name a control watches, made by another service (ECS's CreateCluster, Lightsail's
  // CreateLoadBalancer, another service's CreateDetector), bears on no control
  if ((!RELEVANT_EVENTS.has(r.eventName) || fromUnwatchedService(r)) && !deniedAttempt) {
    const kind = KIND_LABEL[r.eventType ?? ''] ?? 'event';
    return ignored(`CloudTrail ${kind} ${r.eventName} bears on no control`);
  }
  const subject = cloudTrailSubject(r, account) ?? (deniedAttempt ? attemptSubject(r, account) : undefined);
  if (!subject) {
    // a relevant call whose target we cannot name is still evidence: keep it, with the reason
    return invalid(`CloudTrail ${r.eventName} names no resource in requestParameters; kept for review`);
  }
  return {
    kind: 'observation',
    observation: {
      subject,
      source: { kind: 'cloudtrail-api-call', ...base },
      actor,
      observedAt: r.eventTime,
      facts: {
        type: 'api-call',
        callerType: principalTypeOf(r),
        eventSource: r.eventSource,
        eventName: r.eventName,
        ...(r.errorCode ? { errorCode: r.errorCode } : {}),
        requestParameters: redactObject(r.requestParameters ?? {}, policy),
        responseElements: redactObject(r.responseElements ?? {}, policy),
      },
    },
  };
}

/**
 * A CloudTrail Insights record (from a log file, or the detail of an `AWS Insight via CloudTrail`
 * event): an anomaly in call or error rates, not a call on a resource, so no control evaluates it yet.
 * Ignored, with what the anomaly was about in the reason.
 */
export function fromCloudTrailInsight(r: CloudTrailInsightRecord): ParseOutcome {
  const d = r.insightDetails;
  const what = [d?.insightType, d?.state, d?.eventSource, d?.eventName].filter(Boolean).join(' ');
  return ignored(
    `CloudTrail Insights event${what ? ` (${what})` : ''}: an anomaly summary, not an API call; no control evaluates Insights yet`,
  );
}

/**
 * A realistic month (October 2026) in a small healthcare organisation's AWS account, as the events AWS
 * Config and CloudTrail would deliver. A bucket of patient records loses its default encryption and is
 * fixed the next day, a log group's retention is cut to 30 days, a contractor stops the trail (restarted
 * the next morning), an access key is created for a user without MFA, the root user signs in, and
 * GuardDuty is suspended in the region (not turned back on by month end).
 * One event is delivered twice and one arrives two weeks late, as happens in real pipelines.
 */
import {
  apiCall,
  complianceChange,
  configItemChange,
  consoleSignIn,
  type Identity,
  type Where,
} from './events';
import { exposureEvents } from './exposure';

export const DEMO_ORG = 'Riverside Community Health (demo)';
export const DEMO_PERIOD = { from: '2026-10-01T00:00:00.000Z', to: '2026-10-31T23:59:59.999Z' };

const prod: Where = { account: '111122223333', region: 'us-east-1' };
const bucket = 'rch-ephi-patient-records';
const bucketArn = `arn:aws:s3:::${bucket}`;
const logGroup = '/rch/ehr/application';
const logGroupArn = `arn:aws:logs:us-east-1:${prod.account}:log-group:${logGroup}:*`;
const trail = 'rch-organization-trail';
const trailArn = `arn:aws:cloudtrail:us-east-1:${prod.account}:trail/${trail}`;
const kmsKeyId = '5c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const kmsKeyArn = `arn:aws:kms:us-east-1:${prod.account}:key/${kmsKeyId}`;
const detectorId = '7ab2c4d6e8f0a1b3c5d7e9f1a3b5c7d9';

/** The region's GuardDuty detector as Config records it (CloudFormation's property names). */
function detectorItem(time: string, enabled: boolean) {
  return configItemChange(prod, time, {
    resourceType: 'AWS::GuardDuty::Detector',
    resourceId: detectorId,
    arn: `arn:aws:guardduty:us-east-1:${prod.account}:detector/${detectorId}`,
    configuration: { Id: detectorId, Enable: enabled, FindingPublishingFrequency: 'SIX_HOURS' },
  });
}

/** IAM's unique ids of the account's users: CloudTrail, the sweep and Config rules name them alike. */
export const DEMO_USER_IDS = {
  alice: 'AIDAALICE0EXAMPLE0001',
  bob: 'AIDABOB00EXAMPLE00003',
} as const;
const alice: Identity = { type: 'IAMUser', name: 'alice.nguyen', userId: DEMO_USER_IDS.alice }; // security engineer
const bob: Identity = { type: 'IAMUser', name: 'bob.devops', userId: DEMO_USER_IDS.bob };
const contractor: Identity = { type: 'AssumedRole', name: 'j.smith', role: 'ContractorAdmin' };
const root: Identity = { type: 'Root', name: 'root' };
/** The billing user created on the 21st: her name and IAM unique id (how Config rules name her). */
export const CAROL = { userName: 'carol.billing', userId: 'AIDACAROL0EXAMPLE0002' } as const;

const tlsPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ],
});

function bucketItem(time: string, encrypted: boolean) {
  return configItemChange(prod, time, {
    resourceType: 'AWS::S3::Bucket',
    resourceId: bucket,
    arn: bucketArn,
    configuration: { name: bucket, owner: { id: 'a1b2c3' }, creationDate: '2024-03-02T10:00:00.000Z' },
    supplementaryConfiguration: {
      BucketPolicy: { policyText: tlsPolicy },
      ...(encrypted
        ? {
            ServerSideEncryptionConfiguration: {
              rules: [
                {
                  applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyID: kmsKeyArn },
                  bucketKeyEnabled: true,
                },
              ],
            },
          }
        : {}),
      BucketVersioningConfiguration: { status: 'Enabled', isMfaDeleteEnabled: null },
    },
    tags: { 'data-classification': 'ephi', owner: 'health-records-team' },
  });
}

const trailConfiguration = {
  name: trail,
  s3BucketName: 'rch-cloudtrail-logs',
  includeGlobalServiceEvents: true,
  isMultiRegionTrail: true,
  homeRegion: 'us-east-1',
  trailARN: trailArn,
  logFileValidationEnabled: true,
  kmsKeyId: kmsKeyArn,
  isOrganizationTrail: false,
};

function trailItem(time: string) {
  return configItemChange(prod, time, {
    resourceType: 'AWS::CloudTrail::Trail',
    resourceId: trail,
    arn: trailArn,
    configuration: trailConfiguration,
  });
}

/** Resources of the catalog's types that only AWS Config reads (the sweep asks Config for them). */
const configOnlyItems = [
  {
    resourceType: 'AWS::EC2::Volume',
    resourceId: 'vol-0a1b2c3d4e5f60718',
    arn: `arn:aws:ec2:us-east-1:${prod.account}:volume/vol-0a1b2c3d4e5f60718`,
    capturedAt: '2026-10-01T08:03:00.000Z',
    configuration: {
      volumeId: 'vol-0a1b2c3d4e5f60718',
      encrypted: true,
      kmsKeyId: kmsKeyArn,
      size: 200,
      state: 'in-use',
    },
  },
  {
    resourceType: 'AWS::RDS::DBInstance',
    resourceId: 'db-RCHEHRPROD7QWERTY',
    resourceName: 'rch-ehr-prod',
    arn: `arn:aws:rds:us-east-1:${prod.account}:db:rch-ehr-prod`,
    capturedAt: '2026-10-01T08:04:00.000Z',
    configuration: {
      dBInstanceIdentifier: 'rch-ehr-prod',
      engine: 'postgres',
      storageEncrypted: true,
      kmsKeyId: kmsKeyArn,
      masterUsername: 'ehradmin',
      masterUserPassword: 'never-stored-demo-value',
    },
  },
  {
    resourceType: 'AWS::DynamoDB::Table',
    resourceId: 'rch-appointments',
    arn: `arn:aws:dynamodb:us-east-1:${prod.account}:table/rch-appointments`,
    capturedAt: '2026-10-01T08:05:00.000Z',
    configuration: {
      tableName: 'rch-appointments',
      tableStatus: 'ACTIVE',
      sSEDescription: { status: 'ENABLED', sSEType: 'KMS', kMSMasterKeyArn: kmsKeyArn },
    },
  },
];

/** The demo account's id, region and resources, for the simulated daily sweep (account.ts). */
export const DEMO_ACCOUNT = prod.account;
export const DEMO_REGION = prod.region;
export const DEMO_RESOURCES = {
  bucket,
  bucketPolicy: tlsPolicy,
  logGroup,
  logGroupArn,
  trail,
  trailArn,
  trailConfiguration,
  kmsKeyId,
  kmsKeyArn,
  detectorId,
  configItems: configOnlyItems,
};

/** One event and when it reached the pipeline (minutes after it happened, or two weeks late). */
export interface DemoDelivery {
  at: string;
  event: unknown;
}

/** Config and CloudTrail deliver within minutes: the demo says two. */
const DELIVERY_DELAY_MS = 2 * 60_000;

/** The month's events in delivery order. */
export function demoEvents(): unknown[] {
  return demoDeliveries().map((d) => d.event);
}

/** The month's events in delivery order, each with its delivery time. */
export function demoDeliveries(): DemoDelivery[] {
  const day = (d: number, hm: string) => `2026-10-${String(d).padStart(2, '0')}T${hm}:00.000Z`;
  const stopLogging = apiCall(prod, day(14, '22:47'), contractor, {
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    requestParameters: { name: trailArn },
    sourceIPAddress: '203.0.113.77',
  });
  const lateTrailItem = trailItem(day(13, '09:00'));
  const onTime = (event: { time: string }): DemoDelivery => ({
    at: new Date(Date.parse(event.time) + DELIVERY_DELAY_MS).toISOString(),
    event,
  });
  const onTimeEvents = [
    // baseline: the account as Config first records it
    bucketItem(day(1, '08:00'), true),
    trailItem(day(1, '08:01')),
    configItemChange(prod, day(1, '08:02'), {
      resourceType: 'AWS::Logs::LogGroup',
      resourceId: logGroup,
      arn: logGroupArn,
      configuration: { logGroupName: logGroup, retentionInDays: 2557, kmsKeyId: kmsKeyArn, storedBytes: 0 },
    }),
    ...configOnlyItems.map(({ capturedAt, ...item }) => configItemChange(prod, capturedAt, item)),
    detectorItem(day(1, '08:04'), true),
    apiCall(prod, day(1, '08:30'), alice, {
      eventSource: 'kms.amazonaws.com',
      eventName: 'EnableKeyRotation',
      requestParameters: { keyId: kmsKeyArn },
    }),
    complianceChange(prod, day(1, '09:00'), {
      name: 'iam-user-mfa-enabled-conformance-pack-k3v9x2',
      resourceType: 'AWS::IAM::User',
      resourceId: DEMO_USER_IDS.alice,
      compliance: 'COMPLIANT',
    }),
    complianceChange(prod, day(1, '09:00'), {
      name: 'rch-ephi-tag-required',
      resourceType: 'AWS::S3::Bucket',
      resourceId: bucket,
      compliance: 'COMPLIANT',
    }),
    consoleSignIn(prod, day(3, '07:55'), alice, { mfa: true }),

    // day 6: an engineer removes the bucket's default encryption while "debugging uploads"
    apiCall(prod, day(6, '10:02'), bob, {
      eventSource: 's3.amazonaws.com',
      eventName: 'DeleteBucketEncryption',
      requestParameters: { bucketName: bucket, Host: `${bucket}.s3.amazonaws.com`, encryption: [''] },
    }),
    bucketItem(day(6, '10:03'), false),
    complianceChange(prod, day(6, '10:20'), {
      name: 's3-bucket-server-side-encryption-enabled-conformance-pack-k3v9x2',
      resourceType: 'AWS::S3::Bucket',
      resourceId: bucket,
      compliance: 'NON_COMPLIANT',
      previous: 'COMPLIANT',
    }),
    // day 7: the security engineer restores it
    apiCall(prod, day(7, '09:14'), alice, {
      eventSource: 's3.amazonaws.com',
      eventName: 'PutBucketEncryption',
      requestParameters: {
        bucketName: bucket,
        ServerSideEncryptionConfiguration: {
          Rule: {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: kmsKeyArn },
            BucketKeyEnabled: true,
          },
        },
      },
    }),
    bucketItem(day(7, '09:15'), true),

    // day 10: retention cut to 30 days to "save costs"
    apiCall(prod, day(10, '16:40'), bob, {
      eventSource: 'logs.amazonaws.com',
      eventName: 'PutRetentionPolicy',
      requestParameters: { logGroupName: logGroup, retentionInDays: 30 },
    }),

    // day 14: a contractor stops the audit trail late at night; restarted next morning
    stopLogging,
    apiCall(prod, day(15, '08:05'), alice, {
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StartLogging',
      requestParameters: { name: trailArn },
    }),
    // day 18: the contractor tries again, without permission now: evidence of the attempt only
    apiCall(prod, day(18, '23:10'), contractor, {
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      requestParameters: { name: trailArn },
      errorCode: 'AccessDenied',
      errorMessage: 'User is not authorized to perform: cloudtrail:StopLogging',
      sourceIPAddress: '203.0.113.77',
    }),

    // day 21: a billing user is created with a console password and an access key, but no MFA. Config
    // records no IAM users here (global resources are not recorded), so its MFA rule names her by IAM's
    // unique id alone until the next sweep names her both ways (ListUsers): read time folds her in
    apiCall(prod, day(21, '11:29'), alice, {
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateLoginProfile',
      requestParameters: { userName: CAROL.userName, passwordResetRequired: true },
    }),
    apiCall(prod, day(21, '11:30'), alice, {
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateAccessKey',
      requestParameters: { userName: 'carol.billing' },
      responseElements: {
        accessKey: {
          accessKeyId: 'AKIACAROLEXAMPLE0001',
          status: 'Active',
          userName: 'carol.billing',
          createDate: 'Oct 21, 2026 11:30:02 AM',
        },
      },
    }),
    complianceChange(prod, day(21, '11:45'), {
      name: 'iam-user-mfa-enabled-conformance-pack-k3v9x2',
      resourceType: 'AWS::IAM::User',
      resourceId: CAROL.userId,
      compliance: 'NON_COMPLIANT',
      annotation: 'MFA is not enabled for this IAM user.',
    }),

    // day 23: GuardDuty is suspended in the region "while the cost report is reviewed", and left off
    apiCall(prod, day(23, '19:41'), bob, {
      eventSource: 'guardduty.amazonaws.com',
      eventName: 'UpdateDetector',
      requestParameters: { detectorId, enable: false },
    }),
    detectorItem(day(23, '19:42'), false),

    // day 25: the root user signs in without MFA
    consoleSignIn(prod, day(25, '06:12'), root, { mfa: false }),

    // days 9, 17 and 19: the bucket made public for 45 minutes, a snapshot shared publicly (exposure.ts)
    ...exposureEvents(prod, { alice, bob, contractor }, tlsPolicy),
  ].map(onTime);
  return [
    ...onTimeEvents,
    // day 28: the StopLogging event is redelivered, and a day-13 configuration item arrives late
    { at: day(28, '03:10'), event: stopLogging },
    { at: day(28, '03:11'), event: lateTrailItem },
  ];
}

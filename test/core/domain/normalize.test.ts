import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { assess } from '../../../core/domain/catalog';
import { prepareRecord } from '../../../core/domain/chain';
import { expandDocument, fromConfigItem, makeSubject, parseEvent } from '../../../core/domain/normalize';
import { subjectKey } from '../../../core/domain/observation';
import { REDACTED, redact, redactionPolicy, tagKeysOf } from '../../../core/domain/redact';
import { CloudTrailRecordSchema, ConfigItemChangeEventSchema } from '../../../evidence-schemas';
import {
  ACCOUNT,
  deleteAt,
  detailOf,
  type FixtureName,
  getAt,
  type JsonObject,
  loadEvent,
  OTHER_ACCOUNT,
  observe,
  observeFixture,
  setAt,
} from '../../fixtures/builders';

interface Expected {
  fixture: FixtureName;
  kind: string;
  resourceType: string;
  resourceId: string;
  arn: string | undefined;
  eventId: string;
  observedAt: string;
}

const S3_ARN = 'arn:aws:s3:::clinic-phi-intake';
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-audit-trail`;
const LOG_GROUP_ARN = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/claims-intake`;

const EXPECTED: Expected[] = [
  {
    fixture: 'config-compliance-conformance-pack',
    kind: 'config-compliance-change',
    resourceType: 'AWS::S3::Bucket',
    resourceId: 'clinic-phi-intake',
    arn: S3_ARN,
    eventId:
      'config-eval:s3-bucket-ssl-requests-only-conformance-pack-abcd1234:AWS::S3::Bucket:clinic-phi-intake:2025-03-04T10:14:40.118Z',
    observedAt: '2025-03-04T10:14:40.118Z',
  },
  {
    fixture: 'config-compliance-securityhub',
    kind: 'config-compliance-change',
    resourceType: 'AWS::IAM::User',
    resourceId: 'AIDAEXAMPLEUSER00042',
    arn: undefined, // an IAM unique id is not the name in the user's ARN
    eventId:
      'config-eval:securityhub-access-keys-rotated-a1b2c3:AWS::IAM::User:AIDAEXAMPLEUSER00042:2025-02-11T22:40:51.730Z',
    observedAt: '2025-02-11T22:40:51.730Z',
  },
  {
    fixture: 'config-ci-s3-bucket',
    kind: 'config-item-change',
    resourceType: 'AWS::S3::Bucket',
    resourceId: 'clinic-phi-intake',
    arn: S3_ARN,
    eventId: 'config-ci:AWS::S3::Bucket:clinic-phi-intake:1741082297904',
    observedAt: '2025-03-04T09:58:17.904Z',
  },
  {
    fixture: 'config-ci-ebs-volume',
    kind: 'config-item-change',
    resourceType: 'AWS::EC2::Volume',
    resourceId: 'vol-0a1b2c3d4e5f60718',
    arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0a1b2c3d4e5f60718`,
    eventId: 'config-ci:AWS::EC2::Volume:vol-0a1b2c3d4e5f60718:1737381339118',
    observedAt: '2025-01-20T13:55:39.118Z',
  },
  {
    fixture: 'config-ci-rds-instance',
    kind: 'config-item-change',
    resourceType: 'AWS::RDS::DBInstance',
    resourceId: 'db-K4LQ7ZP2WN5XR3TY6UVA8BCDEF',
    arn: `arn:aws:rds:us-east-1:${ACCOUNT}:db:ehr-primary`,
    eventId: 'config-ci:AWS::RDS::DBInstance:db-K4LQ7ZP2WN5XR3TY6UVA8BCDEF:1738480326550',
    observedAt: '2025-02-02T07:12:06.550Z',
  },
  {
    fixture: 'config-ci-dynamodb-table',
    kind: 'config-item-change',
    resourceType: 'AWS::DynamoDB::Table',
    resourceId: 'appointments',
    arn: `arn:aws:dynamodb:us-west-2:${OTHER_ACCOUNT}:table/appointments`,
    eventId: 'config-ci:AWS::DynamoDB::Table:appointments:1739849261012',
    observedAt: '2025-02-18T03:27:41.012Z',
  },
  {
    fixture: 'config-ci-log-group',
    kind: 'config-item-change',
    resourceType: 'AWS::Logs::LogGroup',
    resourceId: '/aws/lambda/claims-intake',
    arn: LOG_GROUP_ARN,
    eventId: 'config-ci:AWS::Logs::LogGroup:/aws/lambda/claims-intake:1741629849733',
    observedAt: '2025-03-10T18:04:09.733Z',
  },
  {
    fixture: 'config-ci-cloudtrail-trail',
    kind: 'config-item-change',
    resourceType: 'AWS::CloudTrail::Trail',
    resourceId: 'org-audit-trail',
    arn: TRAIL_ARN,
    eventId: 'config-ci:AWS::CloudTrail::Trail:org-audit-trail:1736078428377',
    observedAt: '2025-01-05T12:00:28.377Z',
  },
  {
    fixture: 'config-ci-kms-key',
    kind: 'config-item-change',
    resourceType: 'AWS::KMS::Key',
    resourceId: '0b7e4c2a-5d19-4f83-a6e0-91c2d3b4e5f6',
    arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/0b7e4c2a-5d19-4f83-a6e0-91c2d3b4e5f6`,
    eventId: 'config-ci:AWS::KMS::Key:0b7e4c2a-5d19-4f83-a6e0-91c2d3b4e5f6:1740674747260',
    observedAt: '2025-02-27T16:45:47.260Z',
  },
  {
    fixture: 'config-ci-oversized',
    kind: 'config-item-oversized',
    resourceType: 'AWS::S3::Bucket',
    resourceId: 'clinic-imaging-archive',
    arn: 'arn:aws:s3:::clinic-imaging-archive',
    eventId: 'config-ci:AWS::S3::Bucket:clinic-imaging-archive:1741173641005',
    observedAt: '2025-03-05T11:20:41.005Z',
  },
  {
    fixture: 'config-ci-deleted',
    kind: 'config-item-change',
    resourceType: 'AWS::EC2::Volume',
    resourceId: 'vol-0a1b2c3d4e5f60718',
    arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0a1b2c3d4e5f60718`,
    eventId: 'config-ci:AWS::EC2::Volume:vol-0a1b2c3d4e5f60718:1742072835590',
    observedAt: '2025-03-15T21:07:15.590Z',
  },
  {
    fixture: 'config-item-api',
    kind: 'config-item',
    resourceType: 'AWS::S3::Bucket',
    resourceId: 'radiology-exports-west',
    arn: 'arn:aws:s3:::radiology-exports-west',
    eventId: 'config-ci:AWS::S3::Bucket:radiology-exports-west:1739886415270',
    observedAt: '2025-02-18T13:46:55.270Z',
  },
  {
    fixture: 'ct-stop-logging',
    kind: 'cloudtrail-api-call',
    resourceType: 'AWS::CloudTrail::Trail',
    resourceId: 'org-audit-trail',
    arn: TRAIL_ARN,
    eventId: '8f2b4d6e-0a1c-4e3f-9b5d-7c9e1a3b5d7f',
    observedAt: '2025-03-08T02:14:05.000Z',
  },
  {
    fixture: 'ct-start-logging',
    kind: 'cloudtrail-api-call',
    resourceType: 'AWS::CloudTrail::Trail',
    resourceId: 'org-audit-trail',
    arn: TRAIL_ARN,
    eventId: '0d4f6a8c-2e1b-4c3d-8f5a-9b1d3e5f7a9c',
    observedAt: '2025-03-08T02:31:38.000Z',
  },
  {
    fixture: 'ct-delete-trail',
    kind: 'cloudtrail-api-call',
    resourceType: 'AWS::CloudTrail::Trail',
    resourceId: 'regional-west-trail',
    arn: `arn:aws:cloudtrail:us-west-2:${OTHER_ACCOUNT}:trail/regional-west-trail`,
    eventId: '2f6a8c0e-4b3d-4e5f-a7c9-b1d3f5a7c9e1',
    observedAt: '2025-02-21T19:02:10.000Z',
  },
  {
    fixture: 'ct-update-trail',
    kind: 'cloudtrail-api-call',
    resourceType: 'AWS::CloudTrail::Trail',
    resourceId: 'org-audit-trail',
    arn: TRAIL_ARN,
    eventId: '4a8c0e2f-6d5b-4a71-b9d1-c3e5a7b9d1f3',
    observedAt: '2025-01-05T11:59:56.000Z',
  },
  {
    fixture: 'ct-put-retention-policy',
    kind: 'cloudtrail-api-call',
    resourceType: 'AWS::Logs::LogGroup',
    resourceId: '/aws/lambda/claims-intake',
    arn: LOG_GROUP_ARN,
    eventId: '6c0e2a4b-8f7d-4c93-d1f3-e5a7c9e1b3d5',
    observedAt: '2025-03-10T18:04:00.000Z',
  },
  {
    fixture: 'ct-delete-retention-policy',
    kind: 'cloudtrail-api-call',
    resourceType: 'AWS::Logs::LogGroup',
    resourceId: '/aws/lambda/claims-intake',
    arn: LOG_GROUP_ARN,
    eventId: '8e2a4c6d-0b9f-4eb5-f3a5-a7c9e1b3d5f7',
    observedAt: '2025-03-11T09:40:19.000Z',
  },
  {
    fixture: 'ct-put-bucket-policy',
    kind: 'cloudtrail-api-call',
    resourceType: 'AWS::S3::Bucket',
    resourceId: 'clinic-phi-intake',
    arn: S3_ARN,
    eventId: 'a0c2e4f6-2d1b-4f3a-b5c7-d9e1f3a5b7c9',
    observedAt: '2025-03-04T09:58:09.000Z',
  },
  {
    fixture: 'ct-create-access-key-iam-user',
    kind: 'cloudtrail-api-call',
    resourceType: 'AWS::IAM::User',
    resourceId: 'svc-backup',
    arn: `arn:aws:iam::${ACCOUNT}:user/svc-backup`,
    eventId: 'c2e4a6b8-4f3d-4b5c-d7e9-f1b3d5f7a9c1',
    observedAt: '2025-02-14T15:22:33.000Z',
  },
  {
    fixture: 'ct-create-access-key-root',
    kind: 'cloudtrail-api-call',
    resourceType: 'AWS::::Account',
    resourceId: OTHER_ACCOUNT,
    arn: `arn:aws:iam::${OTHER_ACCOUNT}:root`,
    eventId: 'e4a6c8d0-6b5f-4d7e-f9b1-a3d5f7b9c1e3',
    observedAt: '2025-02-19T04:11:04.000Z',
  },
  {
    fixture: 'ct-access-denied',
    kind: 'cloudtrail-api-call',
    resourceType: 'AWS::CloudTrail::Trail',
    resourceId: 'org-audit-trail',
    arn: TRAIL_ARN,
    eventId: '06c8e0f2-8d7b-4f9a-b1d3-c5f7b9d1e3a5',
    observedAt: '2025-03-08T02:09:49.000Z',
  },
  {
    fixture: 'signin-root',
    kind: 'cloudtrail-console-sign-in',
    resourceType: 'AWS::::Account',
    resourceId: OTHER_ACCOUNT,
    arn: `arn:aws:iam::${OTHER_ACCOUNT}:root`,
    eventId: '7d5f7b9c-1e2a-4c4e-d8a0-c2e4a6c8e0a2',
    observedAt: '2025-02-19T04:02:45.000Z',
  },
  {
    fixture: 'signin-iam-user-mfa',
    kind: 'cloudtrail-console-sign-in',
    resourceType: 'AWS::IAM::User',
    resourceId: 'priya.secops',
    arn: `arn:aws:iam::${ACCOUNT}:user/priya.secops`,
    eventId: '9f7b9d1e-3a4c-4e6a-e0c2-a4c6e8a0c2e4',
    observedAt: '2025-03-08T02:29:08.000Z',
  },
  {
    fixture: 'signin-iam-user-no-mfa',
    kind: 'cloudtrail-console-sign-in',
    resourceType: 'AWS::IAM::User',
    resourceId: 'contractor.temp',
    arn: `arn:aws:iam::${ACCOUNT}:user/contractor.temp`,
    eventId: 'b1f3a5c7-5e6a-4c8e-a4c6-e8a0c2e4a6c8',
    observedAt: '2025-03-07T22:48:29.000Z',
  },
  {
    fixture: 'signin-failure',
    kind: 'cloudtrail-console-sign-in',
    resourceType: 'AWS::IAM::User',
    resourceId: 'contractor.temp',
    arn: `arn:aws:iam::${ACCOUNT}:user/contractor.temp`, // derived: a failed sign-in carries no arn
    eventId: 'd3a5c7e9-7b8c-4e0a-c6e8-a0c2e4a6c8e0',
    observedAt: '2025-03-07T22:46:00.000Z',
  },
];

describe('parseEvent subjects, sources and times', () => {
  it.each(EXPECTED)('$fixture -> $kind on $resourceType $resourceId', (expected) => {
    // Prepare
    const raw = loadEvent(expected.fixture);
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject.resourceType).toBe(expected.resourceType);
    expect(obs.subject.resourceId).toBe(expected.resourceId);
    expect(obs.subject.arn).toBe(expected.arn);
    expect(obs.source.kind).toBe(expected.kind);
    expect(obs.source.eventId).toBe(expected.eventId);
    expect(obs.observedAt).toBe(expected.observedAt);
  });

  it('takes the account and region of the resource, not of the envelope', () => {
    // Prepare
    const raw = loadEvent('config-compliance-securityhub');
    setAt(raw, ['account'], ACCOUNT);
    setAt(raw, ['region'], 'eu-west-1');
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject).toMatchObject({ accountId: OTHER_ACCOUNT, region: 'us-west-2' });
  });

  it('uses the event’s own time as observedAt, not EventBridge delivery time', () => {
    // Prepare
    const ct = loadEvent('ct-stop-logging');
    const rule = loadEvent('config-compliance-conformance-pack');
    // Act
    const ctObs = observe(ct);
    const ruleObs = observe(rule);
    // Assess
    expect(ctObs.observedAt).toBe('2025-03-08T02:14:05.000Z');
    expect(ctObs.source.eventTime).toBe('2025-03-08T02:14:05.000Z');
    expect(getAt(ct, ['time'])).toBe('2025-03-08T02:14:07Z');
    expect(ruleObs.observedAt).toBe('2025-03-04T10:14:40.118Z');
    expect(ruleObs.source.eventTime).toBe('2025-03-04T10:15:02.000Z');
  });

  it('falls back to resultRecordedTime when a verdict has no orderingTimestamp', () => {
    // Prepare
    const raw = loadEvent('config-compliance-conformance-pack');
    deleteAt(raw, ['detail', 'newEvaluationResult', 'evaluationResultIdentifier', 'orderingTimestamp']);
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.observedAt).toBe('2025-03-04T10:15:01.402Z');
  });

  it('keeps the rule verdict, the previous verdict when there is one, and the annotation', () => {
    // Prepare
    const withOld = loadEvent('config-compliance-conformance-pack');
    const firstEval = loadEvent('config-compliance-securityhub');
    // Act
    const a = observe(withOld).facts;
    const b = observe(firstEval).facts;
    // Assess
    expect(a).toEqual({
      type: 'config-rule-evaluation',
      ruleName: 's3-bucket-ssl-requests-only-conformance-pack-abcd1234',
      managedRuleName: 's3-bucket-ssl-requests-only',
      complianceType: 'NON_COMPLIANT',
      previousComplianceType: 'COMPLIANT',
      annotation: 'The bucket policy does not deny HTTP requests.',
    });
    expect(b).toEqual({
      type: 'config-rule-evaluation',
      ruleName: 'securityhub-access-keys-rotated-a1b2c3',
      managedRuleName: 'access-keys-rotated',
      complianceType: 'COMPLIANT',
    });
  });
});

describe('ARNs shared by Config and CloudTrail evidence', () => {
  it('drops the trailing :* of a Config log group ARN so CloudTrail calls land on the same subject', () => {
    // Prepare
    const fromConfig = loadEvent('config-ci-log-group');
    const fromTrail = loadEvent('ct-put-retention-policy');
    // Act
    const a = observe(fromConfig).subject;
    const b = observe(fromTrail).subject;
    // Assess
    expect(getAt(fromConfig, ['detail', 'configurationItem', 'ARN'])).toMatch(/:\*$/);
    expect(a.arn).toBe(LOG_GROUP_ARN);
    expect(subjectKey(a)).toBe(subjectKey(b));
  });

  it('derives a log group ARN when Config gives none', () => {
    // Prepare
    const raw = loadEvent('config-ci-log-group');
    deleteAt(raw, ['detail', 'configurationItem', 'ARN']);
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject.arn).toBe(LOG_GROUP_ARN);
  });

  it('names a trail by ARN (StopLogging) and by name (StartLogging) as the Config CI does', () => {
    // Prepare
    const byArn = loadEvent('ct-stop-logging');
    const byName = loadEvent('ct-start-logging');
    const ci = loadEvent('config-ci-cloudtrail-trail');
    // Act
    const keys = [byArn, byName, ci].map((e) => subjectKey(observe(e).subject));
    // Assess
    expect(new Set(keys)).toEqual(new Set([TRAIL_ARN]));
  });

  it('takes the trail ARN from UpdateTrail responseElements', () => {
    // Prepare
    const raw = loadEvent('ct-update-trail');
    setAt(raw, ['detail', 'requestParameters', 'name'], 'something-else');
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject.arn).toBe(TRAIL_ARN);
    expect(obs.subject.resourceId).toBe('org-audit-trail');
  });

  it('names an S3 bucket the same way from a compliance change, a CI and a PutBucketPolicy call', () => {
    // Prepare
    const names: FixtureName[] = [
      'config-compliance-conformance-pack',
      'config-ci-s3-bucket',
      'ct-put-bucket-policy',
    ];
    // Act
    const keys = names.map((n) => subjectKey(observeFixture(n).subject));
    // Assess
    expect(keys).toEqual([S3_ARN, S3_ARN, S3_ARN]);
  });

  it('derives the account root ARN and partition-specific ARNs', () => {
    // Prepare / Act
    const root = makeSubject(ACCOUNT, 'global', 'AWS::::Account', ACCOUNT);
    const china = makeSubject(ACCOUNT, 'cn-north-1', 'AWS::S3::Bucket', 'b');
    const gov = makeSubject(ACCOUNT, 'us-gov-west-1', 'AWS::DynamoDB::Table', 't');
    const unknown = makeSubject(ACCOUNT, 'us-east-1', 'AWS::SQS::Queue', 'q');
    // Assess
    expect(root.arn).toBe(`arn:aws:iam::${ACCOUNT}:root`);
    expect(china.arn).toBe('arn:aws-cn:s3:::b');
    expect(gov.arn).toBe(`arn:aws-us-gov:dynamodb:us-gov-west-1:${ACCOUNT}:table/t`);
    expect(unknown.arn).toBeUndefined();
    expect(subjectKey(unknown)).toBe(`${ACCOUNT}/us-east-1/AWS::SQS::Queue/q`);
  });
});

describe('CloudTrail actors', () => {
  it.each([
    [
      'ct-stop-logging',
      {
        principalType: 'AssumedRole',
        principalArn: `arn:aws:sts::${ACCOUNT}:assumed-role/PlatformAdmin/mallory.ops`,
        mfaAuthenticated: true,
      },
    ],
    [
      'ct-create-access-key-iam-user',
      {
        principalType: 'IAMUser',
        principalArn: `arn:aws:iam::${ACCOUNT}:user/priya.secops`,
        userName: 'priya.secops',
      },
    ],
    [
      'ct-create-access-key-root',
      { principalType: 'Root', principalArn: `arn:aws:iam::${OTHER_ACCOUNT}:root`, mfaAuthenticated: false },
    ],
    [
      'ct-put-retention-policy',
      { principalType: 'AssumedRole', invokedBy: 'cloudformation.amazonaws.com', mfaAuthenticated: false },
    ],
    [
      'signin-root',
      {
        principalType: 'Root',
        principalArn: `arn:aws:iam::${OTHER_ACCOUNT}:root`,
        sourceIpAddress: '198.51.100.140',
      },
    ],
  ] as const)('%s has the expected actor', (name, expected) => {
    // Prepare
    const raw = loadEvent(name);
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.actor).toMatchObject(expected);
  });

  it('has no actor for Config evidence', () => {
    // Prepare / Act
    const obs = observeFixture('config-ci-s3-bucket');
    // Assess
    expect(obs.actor).toBeUndefined();
  });

  it('records a failed call with its error code in source and facts', () => {
    // Prepare / Act
    const obs = observeFixture('ct-access-denied');
    // Assess
    expect(obs.source.errorCode).toBe('AccessDenied');
    expect(obs.facts).toMatchObject({
      type: 'api-call',
      eventName: 'StopLogging',
      errorCode: 'AccessDenied',
      callerType: 'IAMUser',
    });
  });

  it('reads a console sign-in result and MFA use', () => {
    // Prepare
    const names: FixtureName[] = [
      'signin-root',
      'signin-iam-user-mfa',
      'signin-iam-user-no-mfa',
      'signin-failure',
    ];
    // Act
    const facts = names.map((n) => observeFixture(n).facts);
    // Assess
    expect(facts).toEqual([
      {
        type: 'console-sign-in',
        eventName: 'ConsoleLogin',
        result: 'Success',
        mfaUsed: false,
        identityType: 'Root',
      },
      {
        type: 'console-sign-in',
        eventName: 'ConsoleLogin',
        result: 'Success',
        mfaUsed: true,
        identityType: 'IAMUser',
      },
      {
        type: 'console-sign-in',
        eventName: 'ConsoleLogin',
        result: 'Success',
        mfaUsed: false,
        identityType: 'IAMUser',
      },
      {
        type: 'console-sign-in',
        eventName: 'ConsoleLogin',
        result: 'Failure',
        mfaUsed: false,
        identityType: 'IAMUser',
      },
    ]);
  });
});

describe('CloudTrail via EventBridge and via a log file', () => {
  it('gives the same source event id, so the two deliveries dedupe', () => {
    // Prepare
    const viaEventBridge = loadEvent('ct-stop-logging');
    const records = expandDocument(loadEvent('cloudtrail-log-file'));
    // Act
    const a = observe(viaEventBridge);
    const fromFile = records.map((r) => parseEvent(r)).filter((o) => o.kind === 'observation');
    const b = fromFile.map((o) => o.observation).find((o) => o.source.eventName === 'StopLogging');
    // Assess
    expect(b?.source.eventId).toBe(a.source.eventId);
    expect(b?.source.eventId).toBe(getAt(viaEventBridge, ['detail', 'eventID']));
    expect(b && prepareRecord(b, assess(b)).content.evidenceId).toBe(
      prepareRecord(a, assess(a)).content.evidenceId,
    );
  });
});

describe('CloudTrail records without eventID (first log format)', () => {
  /** StopLogging as CloudTrail's first log format writes it: eventVersion 1.0 and no eventID. */
  const firstFormat = (): JsonObject => {
    const record = deleteAt(detailOf('ct-stop-logging'), ['eventID']);
    return setAt(record, ['eventVersion'], '1.0');
  };
  const sha256OfParsed = (record: JsonObject): string =>
    createHash('sha256')
      .update(canonicalize(CloudTrailRecordSchema.parse(record)) ?? '')
      .digest('hex');

  it('derives the source event id from the SHA-256 of the canonical parsed record', () => {
    // Prepare
    const record = firstFormat();
    // Act
    const obs = observe(record);
    // Assess
    expect(obs.source.eventId).toBe(`cloudtrail-sha256:${sha256OfParsed(record)}`);
    expect(obs.source.eventId).toMatch(/^cloudtrail-sha256:[0-9a-f]{64}$/);
    expect(obs.source.kind).toBe('cloudtrail-api-call');
    expect(obs.subject.arn).toBe(TRAIL_ARN);
  });

  it('gives one record the same id on every ingestion and by either delivery, so it dedupes', () => {
    // Prepare
    const viaEventBridge = setAt(loadEvent('ct-stop-logging'), ['detail'], firstFormat());
    // Act
    const observations = [observe(firstFormat()), observe(firstFormat()), observe(viaEventBridge)];
    // Assess
    const ids = observations.map((o) => o.source.eventId);
    expect(new Set(ids).size).toBe(1);
    const evidenceIds = observations.map((o) => prepareRecord(o, assess(o)).content.evidenceId);
    expect(new Set(evidenceIds).size).toBe(1);
  });

  it('hashes the parsed record, so two spellings of one eventTime give one id', () => {
    // Prepare
    const spellings = ['2025-03-08T02:14:05Z', '2025-03-08T02:14:05.000Z', 1741400045];
    // Act
    const ids = spellings.map((t) => observe(setAt(firstFormat(), ['eventTime'], t)).source.eventId);
    // Assess
    expect(new Set(ids).size).toBe(1);
  });

  it.each([
    [['eventTime'], '2025-03-08T02:14:06Z'],
    [['sourceIPAddress'], '198.51.100.24'],
    [['userAgent'], 'aws-cli/2.22.11'],
    [['requestID'], '5e7a9c1b-3d5f-4a80-b2c4-e6f8a0b2c4d7'],
    [['userIdentity', 'principalId'], 'AROAEXAMPLEROLE00017:eve.ops'],
  ] as const)('gives a different id when %j changes', (path, value) => {
    // Prepare
    const changed = setAt(firstFormat(), path, value);
    // Act
    const ids = [observe(firstFormat()).source.eventId, observe(changed).source.eventId];
    // Assess
    expect(ids[1]).toMatch(/^cloudtrail-sha256:/);
    expect(ids[1]).not.toBe(ids[0]);
  });

  it('keeps the record’s own eventID when there is one', () => {
    // Prepare
    const record = detailOf('ct-stop-logging');
    // Act
    const obs = observe(record);
    // Assess
    expect(obs.source.eventId).toBe('8f2b4d6e-0a1c-4e3f-9b5d-7c9e1a3b5d7f');
  });
});

describe('CloudTrail accounts', () => {
  it('takes a caller account from userIdentity and left-pads it when recipientAccountId is absent', () => {
    // Prepare
    const record = deleteAt(detailOf('ct-put-bucket-policy'), ['recipientAccountId']);
    setAt(record, ['userIdentity', 'accountId'], '11112222333');
    // Act
    const obs = observe(record);
    // Assess
    expect(obs.subject.accountId).toBe('011112222333');
  });

  it('keeps the recipient account when the caller is ANONYMOUS_PRINCIPAL', () => {
    // Prepare
    const raw = setAt(loadEvent('ct-put-bucket-policy'), ['detail', 'userIdentity'], {
      type: 'AWSAccount',
      principalId: '',
      accountId: 'ANONYMOUS_PRINCIPAL',
    });
    setAt(raw, ['detail', 'errorCode'], 'AccessDenied');
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject).toMatchObject({ accountId: ACCOUNT, arn: S3_ARN });
    expect(obs.actor).toMatchObject({ principalType: 'AWSAccount', accountId: 'ANONYMOUS_PRINCIPAL' });
  });
});

describe('a failed IAM-user console sign-in', () => {
  it('gives the failed and the successful sign-in of one user the same subject key', () => {
    // Prepare
    const failed = loadEvent('signin-failure');
    const succeeded = loadEvent('signin-iam-user-no-mfa');
    // Act
    const keys = [observe(failed), observe(succeeded)].map((o) => subjectKey(o.subject));
    // Assess
    expect(getAt(failed, ['detail', 'userIdentity', 'arn'])).toBeUndefined();
    expect(keys).toEqual([`arn:aws:iam::${ACCOUNT}:user/contractor.temp`, keys[0]]);
  });

  it('derives the user ARN in the partition of the region', () => {
    // Prepare
    const raw = setAt(loadEvent('signin-failure'), ['detail', 'awsRegion'], 'us-gov-west-1');
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject.arn).toBe(`arn:aws-us-gov:iam::${ACCOUNT}:user/contractor.temp`);
  });
});

describe('expandDocument', () => {
  it('splits a CloudTrail log file into its records', () => {
    // Prepare
    const file = loadEvent('cloudtrail-log-file');
    // Act
    const events = expandDocument(file);
    // Assess
    expect(events).toHaveLength(3);
    expect(events.map((e) => getAt(e, ['eventName']))).toEqual([
      'DescribeTrails',
      'StopLogging',
      'PutRetentionPolicy',
    ]);
  });

  it('flattens arrays, nested arrays and arrays of log files', () => {
    // Prepare
    const a = loadEvent('ct-stop-logging');
    const b = loadEvent('signin-root');
    const file = loadEvent('cloudtrail-log-file');
    // Act
    const flat = expandDocument([a, b]);
    const nested = expandDocument([[a], [[b]], []]);
    const files = expandDocument([file, [file]]);
    // Assess
    expect(flat).toEqual([a, b]);
    expect(nested).toEqual([a, b]);
    expect(files).toHaveLength(6);
  });

  it('keeps a single event, and an EventBridge event that happens to carry Records, whole', () => {
    // Prepare
    const single = loadEvent('config-ci-s3-bucket');
    const odd = { ...loadEvent('ct-stop-logging'), Records: [1, 2] };
    // Act
    const out = [expandDocument(single), expandDocument(odd), expandDocument('text')];
    // Assess
    expect(out).toEqual([[single], [odd], ['text']]);
  });
});

describe('invalid input', () => {
  it.each([
    [null, 'expected a JSON object, got null'],
    [[], 'expected a JSON object, got an array'],
    ['{"a":1}', 'expected a JSON object, got string'],
    [42, 'expected a JSON object, got number'],
  ])('%j -> %s', (raw, reason) => {
    // Prepare / Act
    const out = parseEvent(raw);
    // Assess
    expect(out).toEqual({ kind: 'invalid', reason });
  });

  it('rejects an object of no known kind, and a log file passed whole', () => {
    // Prepare
    const file = loadEvent('cloudtrail-log-file');
    // Act
    const out = [parseEvent({ hello: 'world' }), parseEvent(file)];
    // Assess
    for (const o of out) {
      expect(o.kind).toBe('invalid');
      expect(o.kind !== 'observation' && o.reason).toMatch(/^unrecognised event/);
    }
  });

  it('names an unsupported detail-type', () => {
    // Prepare
    const raw = setAt(loadEvent('ct-stop-logging'), ['detail-type'], 'AWS Service Event via CloudTrail');
    // Act
    const out = parseEvent(raw);
    // Assess
    expect(out).toEqual({
      kind: 'invalid',
      reason: 'unsupported EventBridge detail-type "AWS Service Event via CloudTrail"',
    });
  });

  it.each([
    [
      'config-compliance-conformance-pack',
      ['detail', 'awsAccountId'],
      'acct-1111',
      'detail.awsAccountId: an AWS account id is 12 digits, got "acct-1111"',
    ],
    [
      'config-ci-s3-bucket',
      ['detail', 'configurationItem', 'awsAccountId'],
      '1111222233334',
      'detail.configurationItem.awsAccountId: an AWS account id is 12 digits, got "1111222233334"',
    ],
    [
      'config-compliance-conformance-pack',
      ['detail', 'newEvaluationResult', 'complianceType'],
      'MOSTLY_FINE',
      'detail.newEvaluationResult.complianceType',
    ],
    [
      'config-ci-s3-bucket',
      ['detail', 'configurationItem', 'configurationItemCaptureTime'],
      'yesterday',
      'detail.configurationItem.configurationItemCaptureTime: not a valid timestamp',
    ],
    [
      'ct-stop-logging',
      ['detail', 'eventTime'],
      '2025-99-99T00:00:00Z',
      'detail.eventTime: not a valid timestamp',
    ],
    ['ct-stop-logging', ['detail', 'awsRegion'], 'Virginia', 'detail.awsRegion: not an AWS region name'],
    ['ct-stop-logging', ['detail', 'awsRegion'], 'us_east_1', 'detail.awsRegion: not an AWS region name'],
    ['ct-stop-logging', ['detail', 'eventID'], '', 'detail.eventID: CloudTrail eventID is empty'],
    ['signin-root', ['account'], 'root', 'account: an AWS account id is 12 digits, got "root"'],
    [
      'ct-put-bucket-policy',
      ['detail', 'recipientAccountId'],
      'ANONYMOUS_PRINCIPAL',
      'detail.recipientAccountId: an AWS account id is 12 digits',
    ],
  ] as const)('%s with %j = %j says %s', (name, path, value, fragment) => {
    // Prepare
    const raw = setAt(loadEvent(name), path, value);
    // Act
    const out = parseEvent(raw);
    // Assess
    expect(out.kind).toBe('invalid');
    expect(out.kind !== 'observation' && out.reason).toContain(fragment);
  });

  it.each([
    ['an EventBridge event', 'detail: CloudTrail record names no account'],
    ['a bare record', 'invalid CloudTrail record: (root): CloudTrail record names no account'],
  ])('rejects %s whose only account is ANONYMOUS_PRINCIPAL', (delivery, fragment) => {
    // Prepare
    const event = loadEvent('ct-put-bucket-policy');
    deleteAt(event, ['detail', 'recipientAccountId']);
    setAt(event, ['detail', 'userIdentity', 'accountId'], 'ANONYMOUS_PRINCIPAL');
    const raw = delivery === 'a bare record' ? event.detail : event;
    // Act
    const out = parseEvent(raw);
    // Assess
    expect(out.kind).toBe('invalid');
    expect(out.kind !== 'observation' && out.reason).toContain(fragment);
  });

  it.each(['eventName', 'eventSource', 'eventTime'])(
    'does not take a bare record without %s for CloudTrail',
    (missing) => {
      // Prepare
      const record = deleteAt(detailOf('ct-stop-logging'), [missing]);
      // Act
      const out = parseEvent(record);
      // Assess
      expect(out.kind).toBe('invalid');
      expect(out.kind !== 'observation' && out.reason).toMatch(
        /^unrecognised event: .*a CloudTrail record \(eventName, eventSource, eventTime\)/,
      );
    },
  );

  it('keeps a relevant call that names no resource as invalid, with the reason', () => {
    // Prepare
    const raw = setAt(loadEvent('ct-stop-logging'), ['detail', 'requestParameters'], null);
    // Act
    const out = parseEvent(raw);
    // Assess
    expect(out).toEqual({
      kind: 'invalid',
      reason: 'CloudTrail StopLogging names no resource in requestParameters; kept for review',
    });
  });
});

describe('ignored input', () => {
  it('ignores a CloudTrail call that bears on no control', () => {
    // Prepare
    const [describeTrails] = expandDocument(loadEvent('cloudtrail-log-file'));
    // Act
    const out = parseEvent(describeTrails);
    // Assess
    expect(out).toEqual({ kind: 'ignored', reason: 'CloudTrail event DescribeTrails bears on no control' });
  });

  it('ignores configuration items and oversized summaries of types no control evaluates', () => {
    // Prepare
    const lambda = loadEvent('config-ci-lambda-function');
    const oversized = setAt(
      loadEvent('config-ci-oversized'),
      ['detail', 'configurationItemSummary', 'resourceType'],
      'AWS::SQS::Queue',
    );
    // Act
    const out = [parseEvent(lambda), parseEvent(oversized)];
    // Assess
    expect(out).toEqual([
      { kind: 'ignored', reason: 'no control evaluates AWS::Lambda::Function' },
      { kind: 'ignored', reason: 'no control evaluates AWS::SQS::Queue' },
    ]);
  });

  it.each([
    [
      'as CloudTrail writes it (no top-level eventName)',
      {
        eventVersion: '1.08',
        eventTime: '2025-03-08T02:00:00Z',
        awsRegion: 'us-east-1',
        eventID: '5a7c9e1b-3d5f-4a7c-9e1b-3d5f7a9c1e3b',
        eventType: 'AwsCloudTrailInsight',
        recipientAccountId: ACCOUNT,
        sharedEventID: '1c3e5a7b-9d1f-4b3d-a5c7-e9f1b3d5a7c9',
        insightDetails: {
          state: 'Start',
          eventSource: 'cloudtrail.amazonaws.com',
          eventName: 'StopLogging',
          insightType: 'ApiCallRateInsight',
          insightContext: { statistics: { baseline: { average: 0.01 }, insight: { average: 5 } } },
        },
        eventCategory: 'Insight',
      },
    ],
    [
      'even with the fields of an API call',
      { ...detailOf('ct-stop-logging'), eventType: 'AwsCloudTrailInsight', eventCategory: 'Insight' },
    ],
  ])('ignores a CloudTrail Insights record %s', (_name, record) => {
    // Prepare / Act
    const out = parseEvent(record);
    // Assess
    expect(out.kind).toBe('ignored');
    expect(out.kind !== 'observation' && out.reason).toMatch(/Insights/);
  });

  it('ignores a console sign-in by a federated role session', () => {
    // Prepare
    const raw = setAt(loadEvent('signin-iam-user-mfa'), ['detail', 'userIdentity'], {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/SSOReadOnly/jo`,
      accountId: ACCOUNT,
    });
    // Act
    const out = parseEvent(raw);
    // Assess
    expect(out.kind).toBe('ignored');
  });
});

describe('configuration items', () => {
  it('normalizes an API-style item: accountId/arn, JSON-string configuration, epoch-seconds time', () => {
    // Prepare
    const raw = loadEvent('config-item-api');
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject).toEqual({
      accountId: OTHER_ACCOUNT,
      region: 'us-west-2',
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'radiology-exports-west',
      arn: 'arn:aws:s3:::radiology-exports-west',
    });
    expect(obs.observedAt).toBe('2025-02-18T13:46:55.270Z');
    expect(obs.facts).toMatchObject({
      type: 'configuration',
      configuration: { name: 'radiology-exports-west' },
      supplementaryConfiguration: {
        ServerSideEncryptionConfiguration: { rules: [expect.any(Object)] },
        IsRequesterPaysEnabled: 'false',
      },
    });
    expect(assess(obs).map((a) => [a.controlId, a.status])).toEqual([
      ['s3-bucket-encryption', 'COMPLIANT'],
      ['s3-bucket-tls', 'COMPLIANT'],
    ]);
  });

  it('marks deleted and no-longer-recorded resources as deleted', () => {
    // Prepare
    const deleted = loadEvent('config-ci-deleted');
    const notRecorded = setAt(
      loadEvent('config-ci-deleted'),
      ['detail', 'configurationItem', 'configurationItemStatus'],
      'ResourceNotRecorded',
    );
    // Act
    const facts = [observe(deleted).facts, observe(notRecorded).facts];
    // Assess
    expect(facts).toEqual([
      expect.objectContaining({
        type: 'configuration',
        status: 'ResourceDeleted',
        deleted: true,
        configuration: {},
      }),
      expect.objectContaining({ status: 'ResourceNotRecorded', deleted: true }),
    ]);
  });

  it('keeps the S3 location of an oversized item', () => {
    // Prepare / Act
    const obs = observeFixture('config-ci-oversized');
    // Assess
    expect(obs.facts).toEqual({
      type: 'configuration-summary',
      resourceType: 'AWS::S3::Bucket',
      status: 'OK',
      s3BucketLocation: expect.stringMatching(/^acme-config-delivery\/AWSLogs\/111122223333\/Config\//),
    });
    expect(obs.source.eventTime).toBe('2025-03-05T11:20:44.000Z');
  });

  it('tags a sweep with its own source kind', () => {
    // Prepare
    const parsed = ConfigItemChangeEventSchema.parse(loadEvent('config-ci-ebs-volume'));
    if (parsed.detail.messageType !== 'ConfigurationItemChangeNotification')
      throw new Error('fixture is not a full CI');
    // Act
    const out = fromConfigItem(parsed.detail.configurationItem, 'sweep');
    // Assess
    expect(out.kind === 'observation' && out.observation.source.kind).toBe('sweep');
  });
});

describe('redaction', () => {
  it('replaces secret-looking keys in configuration and call parameters', () => {
    // Prepare
    const rds = loadEvent('config-ci-rds-instance');
    setAt(rds, ['detail', 'configurationItem', 'configuration', 'masterUserPassword'], 'Correct-Horse-9');
    const key = loadEvent('ct-create-access-key-iam-user');
    setAt(
      key,
      ['detail', 'responseElements', 'accessKey', 'secretAccessKey'],
      'wJalrEXAMPLESECRET0000000000000000000000',
    );
    setAt(key, ['detail', 'responseElements', 'sessionToken'], 'IQoJb3JpZ2luX2VjEXAMPLETOKEN');
    // Act
    const rdsObs = observe(rds);
    const keyObs = observe(key);
    const stored = JSON.stringify([
      prepareRecord(rdsObs, assess(rdsObs)),
      prepareRecord(keyObs, assess(keyObs)),
    ]);
    // Assess
    expect(getAt(rdsObs.facts, ['configuration', 'masterUserPassword'])).toBe(REDACTED);
    expect(getAt(rdsObs.facts, ['configuration', 'storageEncrypted'])).toBe(true);
    expect(getAt(keyObs.facts, ['responseElements', 'accessKey', 'secretAccessKey'])).toBe(REDACTED);
    expect(getAt(keyObs.facts, ['responseElements', 'sessionToken'])).toBe(REDACTED);
    expect(getAt(keyObs.facts, ['responseElements', 'accessKey', 'accessKeyId'])).toBe(
      'AKIAEXAMPLEKEY000042',
    );
    for (const secret of ['Correct-Horse-9', 'wJalrEXAMPLESECRET', 'IQoJb3JpZ2luX2VjEXAMPLETOKEN']) {
      expect(stored).not.toContain(secret);
    }
  });

  it('replaces every value of a Lambda environment.variables map, keeping the names', () => {
    // Prepare
    const raw = ConfigItemChangeEventSchema.parse(loadEvent('config-ci-lambda-function'));
    if (raw.detail.messageType !== 'ConfigurationItemChangeNotification')
      throw new Error('fixture is not a full CI');
    const configuration = raw.detail.configurationItem.configuration;
    // Act
    const out = redact(configuration, redactionPolicy());
    // Assess
    expect(getAt(out, ['environment', 'variables'])).toEqual({
      CLEARINGHOUSE_URL: REDACTED,
      DB_CONN: REDACTED,
    });
    expect(getAt(out, ['functionName'])).toBe('claims-intake');
    expect(JSON.stringify(out)).not.toContain('Tr0ub4dor');
    expect(getAt(configuration, ['environment', 'variables', 'DB_CONN'])).toContain('Tr0ub4dor');
  });

  it('redacts environment variables inside evidence that reaches a record', () => {
    // Prepare
    const raw = loadEvent('config-ci-cloudtrail-trail');
    setAt(raw, ['detail', 'configurationItem', 'configuration', 'environment'], {
      variables: { CLEARINGHOUSE_URL: 'https://intake:sk-live-0000EXAMPLE@clearinghouse.example' },
    });
    // Act
    const obs = observe(raw);
    const stored = JSON.stringify(prepareRecord(obs, assess(obs)));
    // Assess
    expect(getAt(obs.facts, ['configuration', 'environment', 'variables', 'CLEARINGHOUSE_URL'])).toBe(
      REDACTED,
    );
    expect(stored).not.toContain('sk-live-0000EXAMPLE');
  });

  it('keeps booleans and nulls under secret-looking keys, and honours extra patterns', () => {
    // Prepare
    const value = {
      passwordEnabled: true,
      tokenExpiry: null,
      ssn: '000-00-0000',
      nested: [{ clientSecret: 'x' }],
    };
    // Act
    const out = redact(value, redactionPolicy(['SSN']));
    // Assess
    expect(out).toEqual({
      passwordEnabled: true,
      tokenExpiry: null,
      ssn: REDACTED,
      nested: [{ clientSecret: REDACTED }],
    });
  });

  it('keeps only tag keys of the top-level tags', () => {
    // Prepare
    const raw = loadEvent('config-ci-kms-key');
    // Act
    const obs = observe(raw);
    const stored = JSON.stringify(prepareRecord(obs, assess(obs)));
    // Assess
    expect(getAt(obs.facts, ['tagKeys'])).toEqual(['owner-email']);
    expect(stored).toContain('owner-email');
    expect(stored).not.toContain('security-lead@clinic.example');
  });

  it.each([
    ['config-ci-s3-bucket', 'dr-ines-okafor'],
    ['config-ci-rds-instance', 'dr-samuel-achterberg'],
    ['config-ci-ebs-volume', 'oncology-trial-2291'],
  ] as const)('%s: the tag value %s repeated inside the configuration is not stored', (name, tagValue) => {
    // Prepare
    const obs = observeFixture(name);
    // Act
    const stored = JSON.stringify(prepareRecord(obs, assess(obs)));
    // Assess
    expect(JSON.stringify(loadEvent(name))).toContain(tagValue);
    expect(stored).not.toContain(tagValue);
  });

  it('keeps the tag keys where Config repeats the tags in a configuration item', () => {
    // Prepare
    const names: FixtureName[] = ['config-ci-s3-bucket', 'config-ci-rds-instance', 'config-ci-ebs-volume'];
    // Act
    const [s3, rds, ebs] = names.map((n) => observeFixture(n).facts);
    // Assess
    expect(getAt(s3, ['supplementaryConfiguration', 'BucketTaggingConfiguration'])).toEqual({
      tagKeys: ['cost-center', 'data-owner'],
    });
    expect(getAt(rds, ['supplementaryConfiguration', 'Tags'])).toEqual({ tagKeys: ['attending-physician'] });
    expect(getAt(ebs, ['configuration', 'tags'])).toEqual({ tagKeys: ['patient-cohort'] });
  });

  it.each(['tags', 'Tags', 'TAGS', 'TagSet', 'tagSets', 'tagList', 'TagList', 'BucketTaggingConfiguration'])(
    'replaces an object or array under %s by its sorted tag keys',
    (key) => {
      // Prepare
      const value = {
        nested: { [key]: { ward: 'oncology', 'attending-md': 'dr-okafor' } },
        list: [{ [key]: [{ Key: 'patient', Value: 'jane-roe' }] }],
      };
      // Act
      const out = redact(value, redactionPolicy());
      // Assess
      expect(out).toEqual({
        nested: { [key]: { tagKeys: ['attending-md', 'ward'] } },
        list: [{ [key]: { tagKeys: ['patient'] } }],
      });
    },
  );

  it('leaves a scalar under a tag key and keys that merely contain "tag" alone', () => {
    // Prepare
    const value = { tags: 'none', tagging: { a: 'b' }, imageTag: 'v1', TagSet: null };
    // Act
    const out = redact(value, redactionPolicy());
    // Assess
    expect(out).toEqual(value);
  });

  it.each([
    ['a map', { b: 'x', a: 'y' }, ['a', 'b']],
    [
      'key/value pairs',
      [
        { key: 'b', value: 'x' },
        { key: 'a', value: 'y' },
      ],
      ['a', 'b'],
    ],
    ['Key/Value pairs', [{ Key: 'owner', Value: 'dr-okafor' }], ['owner']],
    ['S3 tagSets', { tagSets: [{ tags: { b: 'x' } }, { tags: { a: 'y', b: 'z' } }] }, ['a', 'b']],
    ['a PutBucketTagging TagSet', { TagSet: [{ Tag: [{ Key: 'ward', Value: 'icu' }] }] }, ['ward']],
    ['nothing', [], []],
  ])('tagKeysOf reads %s', (_name, tags, keys) => {
    // Prepare / Act
    const out = tagKeysOf(tags);
    // Assess
    expect(out).toEqual(keys);
  });

  it('replaces the value of every [{name, value}] entry of an ECS-style environment, keeping the names', () => {
    // Prepare
    const value = {
      containerDefinitions: [
        {
          name: 'intake',
          environment: [
            { name: 'DB_URL', value: 'postgres://intake:Tr0ub4dor@db.example/phi' },
            { name: 'REGION', value: 'us-east-1' },
          ],
        },
      ],
    };
    // Act
    const out = redact(value, redactionPolicy());
    // Assess
    expect(out).toEqual({
      containerDefinitions: [
        {
          name: 'intake',
          environment: [
            { name: 'DB_URL', value: REDACTED },
            { name: 'REGION', value: REDACTED },
          ],
        },
      ],
    });
    expect(getAt(value, ['containerDefinitions', 0, 'environment', 0, 'value'])).toContain('Tr0ub4dor');
  });

  it('redacts an ECS environment inside a CloudTrail call before it reaches a record', () => {
    // Prepare
    const raw = loadEvent('ct-put-bucket-policy');
    setAt(
      raw,
      ['detail', 'requestParameters', 'environment'],
      [{ name: 'API_URL', value: 'sk-live-EXAMPLE' }],
    );
    setAt(raw, ['detail', 'requestParameters', 'Tags'], [{ Key: 'patient', Value: 'jane-roe' }]);
    // Act
    const obs = observe(raw);
    const stored = JSON.stringify(prepareRecord(obs, assess(obs)));
    // Assess
    expect(getAt(obs.facts, ['requestParameters', 'environment'])).toEqual([
      { name: 'API_URL', value: REDACTED },
    ]);
    expect(getAt(obs.facts, ['requestParameters', 'Tags'])).toEqual({ tagKeys: ['patient'] });
    expect(stored).not.toContain('sk-live-EXAMPLE');
    expect(stored).not.toContain('jane-roe');
  });
});

describe('redaction of tag shapes found in review', () => {
  it('keeps only the keys of CloudTrail tagsList and KMS TagKey/TagValue tags', () => {
    // Prepare
    const input = {
      tagsList: [{ key: 'patient', value: 'jane-roe' }],
      Tags: [{ TagKey: 'owner', TagValue: 'dr-who' }],
    };
    // Act
    const out = JSON.stringify(redact(input, redactionPolicy()));
    // Assess
    expect(out).not.toContain('jane-roe');
    expect(out).not.toContain('dr-who');
    expect(out).toContain('"tagKeys":["patient"]');
    expect(out).toContain('"tagKeys":["owner"]');
  });

  it('ignores an EventBridge Insights event instead of quarantining it', () => {
    // Prepare
    const event = {
      version: '0',
      id: '6f1e2d3c-0000-4000-8000-00000000abcd',
      'detail-type': 'AWS Insight via CloudTrail',
      source: 'aws.cloudtrail',
      account: '111122223333',
      time: '2026-10-01T00:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: { eventType: 'AwsCloudTrailInsight', insightDetails: { state: 'Start' } },
    };
    // Act
    const out = parseEvent(event);
    // Assess
    expect(out.kind).toBe('ignored');
  });
});

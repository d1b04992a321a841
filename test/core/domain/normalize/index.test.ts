import { describe, expect, it } from 'vitest';
import { assess } from '../../../../core/domain/catalog';
import { prepareRecord } from '../../../../core/domain/chain';
import { expandDocument, parseEvent } from '../../../../core/domain/normalize';
import { REDACTED } from '../../../../core/domain/redact';
import {
  ACCOUNT,
  deleteAt,
  detailOf,
  type FixtureName,
  getAt,
  loadEvent,
  OTHER_ACCOUNT,
  observe,
  setAt,
} from '../../../fixtures/builders';
import { LOG_GROUP_ARN, S3_ARN, TRAIL_ARN } from './fixture-arns';

interface Expected {
  fixture: FixtureName;
  kind: string;
  resourceType: string;
  resourceId: string;
  arn: string | undefined;
  eventId: string;
  observedAt: string;
}

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
    // (AWS Service Event via CloudTrail, named here before, is a supported kind now: cloudtrail-kinds.test.ts)
    const raw = setAt(
      loadEvent('ct-stop-logging'),
      ['detail-type'],
      'EC2 Instance State-change Notification',
    );
    // Act
    const out = parseEvent(raw);
    // Assess
    expect(out).toEqual({
      kind: 'invalid',
      reason: 'unsupported EventBridge detail-type "EC2 Instance State-change Notification"',
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
    // a Lambda function is evaluated since the public-exposure controls: the same item as a type no
    // control evaluates
    const lambda = setAt(
      loadEvent('config-ci-lambda-function'),
      ['detail', 'configurationItem', 'resourceType'],
      'AWS::Cloud9::EnvironmentEC2',
    );
    const oversized = setAt(
      loadEvent('config-ci-oversized'),
      ['detail', 'configurationItemSummary', 'resourceType'],
      'AWS::AppStream::Fleet',
    );
    // Act
    const out = [parseEvent(lambda), parseEvent(oversized)];
    // Assess
    expect(out).toEqual([
      { kind: 'ignored', reason: 'no control evaluates AWS::Cloud9::EnvironmentEC2' },
      { kind: 'ignored', reason: 'no control evaluates AWS::AppStream::Fleet' },
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
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { sweepCollectors } from '../../core/adapters/sweep';
import { checkRecord } from '../../core/domain/chain';
import { ACCESS_SNAPSHOT_TYPE, COLLECTOR_TYPE } from '../../core/domain/normalize/internal/sweep';
import { subjectKey } from '../../core/domain/observation';
import { ingest } from '../../core/usecases/ingest';
import { postureStatus } from '../../core/usecases/status';
import { runSweep, type SweepSummary } from '../../core/usecases/sweep';
import { verifyStore } from '../../core/usecases/verify-store';
import type { EvidenceRecord } from '../../evidence-schemas';
import {
  ACCOUNT_ID,
  emptyAccount,
  type FakeAccount,
  type FakeAws,
  healthyAccount,
  REGION,
  serveAccount,
  trailArn,
  userArn,
  volumeConfiguration,
} from '../helpers/fake-aws-account';
import { startTestStore } from '../helpers/store';

let dynamo: EmbeddedDynamo;
let store: DynamoDbEvidenceStore;
let aws: FakeAws;
let account: FakeAccount;

beforeEach(async () => {
  ({ store, dynamo } = await startTestStore());
  account = healthyAccount();
  aws = serveAccount(account);
});
afterEach(async () => {
  aws.restore();
  await dynamo.close();
});

const at = (iso: string) => () => new Date(iso);

function sweep(time: string, extra: { accountId?: string } = {}): Promise<SweepSummary> {
  return runSweep({
    collectors: sweepCollectors(aws.clients, undefined, { reportPollMs: 1 }),
    store,
    region: REGION,
    now: at(time),
    ...extra,
  });
}

async function statusOf(controlId: string, resourceType?: string) {
  const report = await postureStatus(store, {});
  const control = report.controls.find((c) => c.controlId === controlId);
  return {
    status: control?.status,
    resources: (control?.resources ?? []).filter(
      (r) => !resourceType || r.subject.resourceType === resourceType,
    ),
  };
}

async function recordsOf(key: string): Promise<EvidenceRecord[]> {
  const out: EvidenceRecord[] = [];
  for (const d of await store.listChainDocs(key)) {
    const { record } = checkRecord(d.doc);
    if (record) out.push(record);
  }
  return out.sort((a, b) => a.integrity.sequence - b.integrity.sequence);
}

describe('scheduled sweep into the store', () => {
  it('stores a healthy account once; a second sweep adds no record; one changed resource adds exactly one', async () => {
    const first = await sweep('2026-11-22T02:00:00.000Z');
    expect(first.accountId).toBe(ACCOUNT_ID);
    expect(first.gaps).toEqual([]);
    expect(first.quarantined).toEqual([]);
    expect(first.failed).toEqual([]);
    expect(first.stored).toBe(first.observations);
    // every list came in pages
    expect(aws.calls.filter((c) => c === 'iam:ListUsers')).toHaveLength(2);
    expect(aws.calls.filter((c) => c === 'kms:ListKeys')).toHaveLength(2);
    expect(aws.calls.filter((c) => c === 's3:ListBuckets')).toHaveLength(2);
    expect(aws.calls.filter((c) => c === 'logs:DescribeLogGroups')).toHaveLength(2);
    expect(aws.calls.filter((c) => c === 'config:DescribeConfigRules')).toHaveLength(2);

    const second = await sweep('2026-11-23T02:00:00.000Z');
    expect(second.stored).toBe(0);
    expect(second.unchanged).toBe(second.observations);

    account.logGroups[0]!.retentionInDays = 30;
    account.logGroups[1]!.storedBytes = 999_999; // grows by itself: not state
    const third = await sweep('2026-11-24T02:00:00.000Z');
    expect(third.stored).toBe(1);
    expect(third.transitions).toBe(1);
    const retention = await statusOf('log-retention');
    expect(retention.status).toBe('NON_COMPLIANT');
    const bad = retention.resources.filter((r) => r.status === 'NON_COMPLIANT');
    expect(bad.map((r) => r.subject.resourceId)).toEqual(['/aws/lambda/intake']);

    const verified = await verifyStore(store);
    expect(verified.problems).toEqual([]);
  });

  it('re-sending the same sweep run is duplicate-safe', async () => {
    const first = await sweep('2026-11-22T02:00:00.000Z');
    account.trails[0]!.isLogging = false; // even changed state: same run, same event ids
    const again = await sweep('2026-11-22T02:00:00.000Z');
    expect(again.stored).toBe(0);
    expect(again.duplicates).toBe(first.observations);
  });

  it('judges what Config cannot: a trail that stops logging is drift, and starting it resolves it', async () => {
    await sweep('2026-11-22T02:00:00.000Z');
    expect((await statusOf('cloudtrail-logging')).status).toBe('COMPLIANT');
    account.trails[0]!.isLogging = false;
    const stopped = await sweep('2026-11-23T02:00:00.000Z');
    expect(stopped.stored).toBe(1);
    const logging = await statusOf('cloudtrail-logging', 'AWS::CloudTrail::Trail');
    expect(logging.resources).toEqual([
      expect.objectContaining({ status: 'NON_COMPLIANT', reason: 'trail is not logging' }),
    ]);
    expect(logging.resources[0]?.subject.arn).toBe(trailArn('org-audit'));
    account.trails[0]!.isLogging = true;
    await sweep('2026-11-24T02:00:00.000Z');
    expect((await statusOf('cloudtrail-logging')).status).toBe('COMPLIANT');
  });

  it('a sweep after an equal Config configuration item event adds no record for that resource', async () => {
    const volume = account.volumes[0]!;
    const event = {
      version: '0',
      id: 'e1f2a3b4-0000-4000-8000-000000000001',
      'detail-type': 'Config Configuration Item Change',
      source: 'aws.config',
      account: ACCOUNT_ID,
      time: '2026-10-01T12:00:05Z',
      region: REGION,
      resources: [],
      detail: {
        messageType: 'ConfigurationItemChangeNotification',
        recordVersion: '1.3',
        configurationItem: {
          configuration: volumeConfiguration(volume),
          supplementaryConfiguration: {},
          tags: {},
          configurationItemCaptureTime: '2026-10-01T12:00:00.000Z',
          configurationStateId: 1759320000000,
          awsAccountId: ACCOUNT_ID,
          configurationItemStatus: 'OK',
          resourceType: 'AWS::EC2::Volume',
          resourceId: volume.id,
          ARN: `arn:aws:ec2:${REGION}:${ACCOUNT_ID}:volume/${volume.id}`,
          awsRegion: REGION,
        },
      },
    };
    const stored = await ingest([{ raw: event, origin: 'test' }], { store });
    expect(stored.stored).toBe(1);
    const key = `arn:aws:ec2:${REGION}:${ACCOUNT_ID}:volume/${volume.id}`;
    await sweep('2026-11-22T02:00:00.000Z');
    const chain = await recordsOf(key);
    // the volume's chain: the Config item and the rule verdict (another facet); no second configuration record
    expect(chain.filter((r) => r.snapshot.type === 'configuration')).toHaveLength(1);
    expect(chain.filter((r) => r.snapshot.type === 'configuration')[0]?.source.kind).toBe(
      'config-item-change',
    );
    const head = (await store.getHeads([key])).get(key);
    expect(head?.lastObservedAt).toBe('2026-11-22T02:00:00.000Z');
  });

  it('a Config compliance change and the same verdict swept later are one record', async () => {
    const event = {
      version: '0',
      id: 'c0ffee00-0000-4000-8000-000000000002',
      'detail-type': 'Config Rules Compliance Change',
      source: 'aws.config',
      account: ACCOUNT_ID,
      time: '2026-11-01T00:00:06Z',
      region: REGION,
      resources: [],
      detail: {
        resourceId: 'vol-0a1b2c3d4e5f60001',
        awsRegion: REGION,
        awsAccountId: ACCOUNT_ID,
        configRuleName: 'encrypted-volumes',
        recordVersion: '1.0',
        configRuleARN: `arn:aws:config:${REGION}:${ACCOUNT_ID}:config-rule/config-rule-abc`,
        messageType: 'ComplianceChangeNotification',
        newEvaluationResult: {
          evaluationResultIdentifier: {
            evaluationResultQualifier: {
              configRuleName: 'encrypted-volumes',
              resourceType: 'AWS::EC2::Volume',
              resourceId: 'vol-0a1b2c3d4e5f60001',
            },
            orderingTimestamp: '2026-11-01T00:00:00.000Z',
          },
          complianceType: 'COMPLIANT',
          resultRecordedTime: '2026-11-01T00:00:05.000Z',
          configRuleInvokedTime: '2026-11-01T00:00:01.000Z',
        },
        oldEvaluationResult: {
          evaluationResultIdentifier: {
            evaluationResultQualifier: {
              configRuleName: 'encrypted-volumes',
              resourceType: 'AWS::EC2::Volume',
              resourceId: 'vol-0a1b2c3d4e5f60001',
            },
            orderingTimestamp: '2026-10-01T00:00:00.000Z',
          },
          complianceType: 'NON_COMPLIANT',
          resultRecordedTime: '2026-10-01T00:00:05.000Z',
          configRuleInvokedTime: '2026-10-01T00:00:01.000Z',
        },
        notificationCreationTime: '2026-11-01T00:00:06.000Z',
        resourceType: 'AWS::EC2::Volume',
      },
    };
    await ingest([{ raw: event, origin: 'test' }], { store });
    await sweep('2026-11-22T02:00:00.000Z');
    const key = `arn:aws:ec2:${REGION}:${ACCOUNT_ID}:volume/vol-0a1b2c3d4e5f60001`;
    const rules = (await recordsOf(key)).filter((r) => r.snapshot.type === 'config-rule-evaluation');
    expect(rules).toHaveLength(1);
    expect(rules[0]?.source.kind).toBe('config-compliance-change');
  });

  it('turns a denied API into a NON_COMPLIANT collection gap, and resolves it when the API works again', async () => {
    account.denied.add('cloudtrail:GetTrailStatus');
    const denied = await sweep('2026-11-22T02:00:00.000Z');
    expect(denied.gaps).toEqual([
      {
        api: 'cloudtrail:GetTrailStatus',
        errorCode: 'AccessDeniedException',
        controls: ['cloudtrail-logging'],
        failedResources: ['org-audit'],
      },
    ]);
    expect(denied.coverageGaps).toContainEqual(
      expect.objectContaining({ controlId: 'cloudtrail-logging', cause: 'collection-failed' }),
    );
    const gapKey = `${ACCOUNT_ID}/${REGION}/${COLLECTOR_TYPE}/cloudtrail:GetTrailStatus`;
    const [gap] = await recordsOf(gapKey);
    expect(gap?.controls).toEqual([
      expect.objectContaining({
        controlId: 'cloudtrail-logging',
        status: 'NON_COMPLIANT',
        affectsPosture: true,
      }),
    ]);
    expect(gap?.snapshot).toMatchObject({
      type: 'collection',
      status: 'gap',
      errorCode: 'AccessDeniedException',
    });
    // the principal named in the error is not kept
    expect(JSON.stringify(gap)).not.toContain('assumed-role');
    // the trail itself is not judged on half its facts
    expect((await statusOf('cloudtrail-logging', 'AWS::CloudTrail::Trail')).resources).toEqual([]);
    expect((await statusOf('cloudtrail-logging')).status).toBe('NON_COMPLIANT');

    account.denied.clear();
    const fixed = await sweep('2026-11-23T02:00:00.000Z');
    expect(fixed.gaps).toEqual([]);
    const chain = await recordsOf(gapKey);
    expect(chain.map((r) => r.controls[0]?.status)).toEqual(['NON_COMPLIANT', 'COMPLIANT']);
    // two resolutions: the collector's gap, and the coverage gap the sweep's own coverage check recorded
    // for cloudtrail-logging while it could not be read; the trail's first verdict is no transition
    expect(fixed.transitions).toBe(2);
    expect(fixed.coverageGaps).toEqual([]);
    expect((await statusOf('cloudtrail-logging')).status).toBe('COMPLIANT');
  });

  it('a per-resource failure is a gap naming the resource; missing policy and encryption are facts', async () => {
    account.buckets[1]!.policy = undefined; // NoSuchBucketPolicy
    account.buckets[2]!.encryption = undefined; // ServerSideEncryptionConfigurationNotFoundError
    account.denied.add('s3:GetBucketPolicy:phi-bucket');
    account.rules = account.rules.filter((r) => !r.name.startsWith('s3-')); // only the sweep judges buckets
    const summary = await sweep('2026-11-22T02:00:00.000Z');
    expect(summary.gaps).toEqual([
      {
        api: 's3:GetBucketPolicy',
        errorCode: 'AccessDenied',
        controls: ['s3-bucket-tls', 's3-bucket-public-read-write'],
        failedResources: ['phi-bucket'],
      },
    ]);
    const tls = await statusOf('s3-bucket-tls', 'AWS::S3::Bucket');
    expect(tls.resources.map((r) => [r.subject.resourceId, r.status])).toEqual([
      ['exports-bucket', 'COMPLIANT'],
      ['logs-bucket', 'NON_COMPLIANT'],
    ]);
    const enc = await statusOf('s3-bucket-encryption', 'AWS::S3::Bucket');
    expect(enc.resources.map((r) => [r.subject.resourceId, r.status])).toEqual([
      ['exports-bucket', 'NON_COMPLIANT'],
      ['logs-bucket', 'COMPLIANT'],
    ]);
  });

  it('a call still throttled after the SDK retries is a gap, resolved by the next sweep', async () => {
    // aws-sdk-client-mock replaces send(), above the SDK's retry, so this throttling is final for the
    // sweep; the adaptive retry itself is tested against a local HTTP server in
    // test/adapters/sweep/retry.test.ts.
    account.throttleOnce.add('kms:ListKeys');
    const throttled = await sweep('2026-11-22T02:00:00.000Z');
    expect(throttled.gaps.map((g) => [g.api, g.errorCode])).toEqual([
      ['kms:ListKeys', 'ThrottlingException'],
    ]);
    const next = await sweep('2026-11-23T02:00:00.000Z');
    expect(next.gaps).toEqual([]);
    expect((await statusOf('kms-key-rotation')).status).toBe('COMPLIANT');
  });

  it('judges IAM users, root and the recorder from the sweep', async () => {
    account.users[1]!.console = true; // ci-deployer gets a password, no MFA
    account.users[0]!.keys[0]!.created = '2026-01-01T00:00:00Z'; // alice's key is too old
    account.root.keys = 1;
    account.recorders[0]!.recording = false;
    await sweep('2026-11-22T02:00:00.000Z');
    const mfa = await statusOf('iam-user-mfa', 'AWS::IAM::User');
    expect(mfa.resources.map((r) => [r.subject.resourceId, r.status])).toEqual([
      ['alice', 'COMPLIANT'],
      ['bob', 'COMPLIANT'],
      ['ci-deployer', 'NON_COMPLIANT'],
    ]);
    expect(mfa.resources.map((r) => r.subject.arn)).toEqual([
      userArn('alice'),
      userArn('bob'),
      userArn('ci-deployer'),
    ]);
    const keys = await statusOf('iam-access-keys', 'AWS::IAM::User');
    expect(keys.resources.find((r) => r.subject.resourceId === 'alice')).toMatchObject({
      status: 'NON_COMPLIANT',
      reason: 'key AKIA…CE01 created 2026-01-01 is older than 90 days',
    });
    expect((await statusOf('root-account-use', 'AWS::::Account')).resources).toEqual([
      expect.objectContaining({
        status: 'NON_COMPLIANT',
        reason: 'the root user has 1 active access key(s)',
      }),
    ]);
    expect((await statusOf('config-recorder', 'AWS::Config::ConfigurationRecorder')).resources).toEqual([
      expect.objectContaining({
        status: 'NON_COMPLIANT',
        reason: 'configuration recorder default is not recording',
      }),
    ]);
  });

  it('keeps one access snapshot per account that moves no posture and changes only with access', async () => {
    await sweep('2026-11-22T02:00:00.000Z');
    const key = `${ACCOUNT_ID}/global/${ACCESS_SNAPSHOT_TYPE}/${ACCOUNT_ID}`;
    const [snapshot] = await recordsOf(key);
    expect(snapshot?.controls).toEqual([]);
    expect(snapshot?.evidenceId).toMatch(/^ev_[0-9a-f]{32}$/);
    const facts = snapshot?.snapshot as {
      users: { userName: string; groups: string[]; lastActivityOn?: string }[];
      roles: { roleName: string; trustedBy: string[]; lastUsedOn?: string }[];
    };
    expect(facts.users.map((u) => u.userName)).toEqual(['alice', 'bob', 'ci-deployer']);
    expect(facts.users[0]).toMatchObject({ groups: ['clinicians'], lastActivityOn: '2026-11-21' });
    expect(facts.roles[2]).toMatchObject({
      roleName: 'intake-fn',
      trustedBy: ['lambda.amazonaws.com'],
      lastUsedOn: '2026-11-21',
    });
    // no key ids in the clear, no secrets
    expect(JSON.stringify(snapshot)).not.toContain('AKIAIOSFODNN7ALICE01');
    const head = (await store.getHeads([key])).get(key);
    expect(head?.posture).toEqual({});

    await sweep('2026-11-23T02:00:00.000Z');
    expect(await recordsOf(key)).toHaveLength(1);
    account.users[2]!.groups.push('admins');
    await sweep('2026-11-24T02:00:00.000Z');
    expect(await recordsOf(key)).toHaveLength(2);
  });

  it('sweeps an empty account without failing', async () => {
    aws.restore();
    account = emptyAccount();
    aws = serveAccount(account);
    const summary = await sweep('2026-11-22T02:00:00.000Z');
    expect(summary.gaps).toEqual([]);
    expect(summary.failed).toEqual([]);
    expect(summary.accountId).toBe(ACCOUNT_ID); // from the credential report's root ARN
    // no recorder is a finding
    expect((await statusOf('config-recorder', 'AWS::Config::ConfigurationRecorder')).resources).toEqual([
      expect.objectContaining({
        status: 'NON_COMPLIANT',
        reason: 'no configuration recorder exists in this region',
      }),
    ]);
  });

  it('refuses to store when the credentials belong to another account than the one asked for', async () => {
    await expect(sweep('2026-11-22T02:00:00.000Z', { accountId: '999988887777' })).rejects.toThrow(
      /read account 111122223333, not the account 999988887777/,
    );
    const heads = [];
    for await (const h of store.listHeads()) heads.push(h);
    expect(heads).toEqual([]);
  });

  it('collects every service even when one is wholly denied', async () => {
    for (const api of ['iam:GenerateCredentialReport', 'iam:ListUsers', 'iam:ListRoles'])
      account.denied.add(api);
    const summary = await sweep('2026-11-22T02:00:00.000Z');
    expect(summary.gaps.map((g) => g.api).sort()).toEqual([
      'iam:GenerateCredentialReport',
      'iam:ListRoles',
      'iam:ListUsers',
    ]);
    expect((await statusOf('log-retention')).status).toBe('COMPLIANT');
    const gapKey = `${ACCOUNT_ID}/${REGION}/${COLLECTOR_TYPE}/iam:ListUsers`;
    const [gap] = await recordsOf(gapKey);
    // every control whose sweep reads the user list
    expect(gap?.controls.map((c) => [c.controlId, c.status])).toEqual([
      ['iam-user-mfa', 'NON_COMPLIANT'],
      ['iam-access-keys', 'NON_COMPLIANT'],
      ['iam-user-console-unused', 'NON_COMPLIANT'],
      ['iam-user-no-policies', 'NON_COMPLIANT'],
      ['iam-no-inline-policy', 'NON_COMPLIANT'],
    ]);
    expect(subjectKey(gap!.subject)).toBe(gapKey);
  });
});

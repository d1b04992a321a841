import { describe, expect, it } from 'vitest';
import { assess, CONTROLS } from '../../../../../core/domain/catalog';
import { prepareRecord } from '../../../../../core/domain/chain';
import {
  iamAccessKeys,
  MAX_ACCESS_KEY_AGE_DAYS,
  MAX_ACCESS_KEY_UNUSED_DAYS,
} from '../../../../../core/domain/controls/access/iam-access-keys';
import { iamUserMfa } from '../../../../../core/domain/controls/access/iam-user-mfa';
import { rootAccountUse } from '../../../../../core/domain/controls/access/root-account-use';
import { configRecorder } from '../../../../../core/domain/controls/audit/config-recorder';
import { parseEvent } from '../../../../../core/domain/normalize';
import { COLLECTOR_TYPE } from '../../../../../core/domain/normalize/internal/sweep';
import type { Observation } from '../../../../../core/domain/observation';
import { SWEEP_API_CONTROLS, sweepIamActions } from '../../../../../core/domain/sweep-apis';
import { ACCOUNT, observeFixture } from '../../../../fixtures/builders';
import {
  observeSweep,
  sweepEvent,
  SWEEP_TIME as TIME,
  iamUserDetail as user,
  iamUserFacts as userFacts,
} from '../../../../fixtures/sweep-builders';

describe('sweep observations', () => {
  it('quarantines a detail that does not match its schema, naming the field', () => {
    const out = parseEvent(sweepEvent({ kind: 'iam-root', mfaActive: 'yes', activeAccessKeys: 0 }));
    expect(out).toEqual({
      kind: 'invalid',
      reason: expect.stringMatching(/Evidence Sweep Observation detail: mfaActive/),
    });
    const unknown = parseEvent(sweepEvent({ kind: 'nope' }));
    expect(unknown.kind).toBe('invalid');
    const gapWithoutCode = parseEvent(
      sweepEvent({ kind: 'collection-gap', api: 's3:ListBuckets', controls: [] }),
    );
    expect(gapWithoutCode).toEqual({ kind: 'invalid', reason: expect.stringMatching(/errorCode/) });
  });

  it('observes an IAM user by ARN in region global, dated by the sweep, with source kind sweep', () => {
    const obs = observeSweep(user());
    expect(obs.subject).toEqual({
      accountId: ACCOUNT,
      region: 'global',
      resourceType: 'AWS::IAM::User',
      resourceId: 'alice',
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    });
    expect(obs.source).toMatchObject({
      kind: 'sweep',
      eventId: 'sweep:1',
      eventTime: TIME,
      eventSource: 'iam.amazonaws.com',
    });
    expect(obs.observedAt).toBe(TIME);
  });

  it('a rule verdict swept has the state hash of the same verdict from a Config event (previous verdict ignored)', () => {
    const event = observeFixture('config-compliance-custom-rule');
    if (event.facts.type !== 'config-rule-evaluation') throw new Error('not a rule evaluation');
    const eventWithPrevious: Observation = {
      ...event,
      facts: { ...event.facts, previousComplianceType: 'COMPLIANT' },
    };
    const swept = observeSweep({
      kind: 'rule-evaluation',
      configRuleName: 'acme-phi-volume-tagging',
      resourceType: 'AWS::EC2::Volume',
      resourceId: 'vol-0a1b2c3d4e5f60718',
      complianceType: 'NON_COMPLIANT',
      annotation: 'Volume is missing the data-classification tag.',
    });
    expect(swept.subject).toEqual(event.subject);
    const a = prepareRecord(eventWithPrevious, assess(eventWithPrevious));
    const b = prepareRecord(swept, assess(swept));
    expect(b.facet).toBe(a.facet);
    expect(b.stateHash).toBe(a.stateHash);
    expect(b.contentHash).not.toBe(a.contentHash);
    const changed = observeSweep({
      kind: 'rule-evaluation',
      configRuleName: 'acme-phi-volume-tagging',
      resourceType: 'AWS::EC2::Volume',
      resourceId: 'vol-0a1b2c3d4e5f60718',
      complianceType: 'COMPLIANT',
    });
    expect(prepareRecord(changed, assess(changed)).stateHash).not.toBe(a.stateHash);
  });

  it('a user seen again with only newer last-use days has the same state hash', () => {
    const day1 = { ...observeSweep(user({ consoleLastUsedOn: '2026-11-20' })) };
    const day2 = {
      ...observeSweep(user({ consoleLastUsedOn: '2026-11-21' })),
      observedAt: '2026-11-23T02:00:00.000Z',
    };
    if (day2.facts.type === 'iam-user') day2.facts.context.asOf = '2026-11-23';
    expect(prepareRecord(day2, assess(day2)).stateHash).toBe(prepareRecord(day1, assess(day1)).stateHash);
    const moreGroups = observeSweep(user({ groups: ['admins'] }));
    expect(prepareRecord(moreGroups, assess(moreGroups)).stateHash).not.toBe(
      prepareRecord(day1, assess(day1)).stateHash,
    );
  });

  it('the access snapshot bears on no control, so it moves no posture', () => {
    const obs = observeSweep({ kind: 'access-snapshot', users: [], roles: [], incomplete: [] });
    expect(obs.subject).toEqual({
      accountId: ACCOUNT,
      region: 'global',
      resourceType: 'HIPAA::IAM::AccessSnapshot',
      resourceId: ACCOUNT,
    });
    expect(assess(obs)).toEqual([]);
  });

  it('a collection gap is NON_COMPLIANT for each control its API serves; collection-ok is COMPLIANT', () => {
    const gap = observeSweep({
      kind: 'collection-gap',
      api: 's3:ListBuckets',
      controls: [...(SWEEP_API_CONTROLS['s3:ListBuckets'] ?? [])],
      errorCode: 'AccessDenied',
      message: 'Access Denied',
    });
    expect(gap.subject).toEqual({
      accountId: ACCOUNT,
      region: 'us-east-1',
      resourceType: COLLECTOR_TYPE,
      resourceId: 's3:ListBuckets',
    });
    expect(assess(gap).map((a) => [a.controlId, a.status, a.affectsPosture])).toEqual([
      ['s3-bucket-encryption', 'NON_COMPLIANT', true],
      ['s3-bucket-tls', 'NON_COMPLIANT', true],
      ['s3-bucket-public-access-block', 'NON_COMPLIANT', true],
      ['s3-bucket-public-read-write', 'NON_COMPLIANT', true],
      ['s3-bucket-versioning', 'NON_COMPLIANT', true],
      ['s3-bucket-object-lock', 'NON_COMPLIANT', true],
      ['s3-bucket-replication', 'NON_COMPLIANT', true],
      ['s3-bucket-logging', 'NON_COMPLIANT', true],
    ]);
    expect(assess(gap)[0]?.reason).toMatch(/collection gap: s3:ListBuckets failed \(AccessDenied\)/);
    const ok = observeSweep({
      kind: 'collection-ok',
      api: 's3:ListBuckets',
      controls: ['s3-bucket-encryption', 's3-bucket-tls'],
    });
    expect(assess(ok).map((a) => a.status)).toEqual(['COMPLIANT', 'COMPLIANT']);
    const a = prepareRecord(gap, assess(gap));
    const b = prepareRecord(ok, assess(ok));
    expect(a.facet).toBe(b.facet);
  });

  it('every API in the table serves known controls, and the IAM actions are named as IAM names them', () => {
    const ids = new Set(CONTROLS.map((c) => c.id));
    for (const [api, controls] of Object.entries(SWEEP_API_CONTROLS)) {
      expect(controls.length, api).toBeGreaterThan(0);
      for (const c of controls) expect(ids.has(c), `${api} -> ${c}`).toBe(true);
    }
    const actions = sweepIamActions();
    expect(actions).toContain('s3:GetEncryptionConfiguration');
    expect(actions).toContain('s3:ListAllMyBuckets');
    expect(actions).not.toContain('s3:GetBucketEncryption');
  });
});

describe('sweep evaluators', () => {
  it('iam-user-mfa: console user with MFA is COMPLIANT, without MFA NON_COMPLIANT, no console NOT_APPLICABLE', () => {
    expect(iamUserMfa(userFacts(user()))?.status).toBe('COMPLIANT');
    expect(iamUserMfa(userFacts(user({ mfaDevices: [] })))).toMatchObject({
      status: 'NON_COMPLIANT',
      reason: 'console password enabled without an MFA device',
    });
    expect(iamUserMfa(userFacts(user({ consoleAccess: false, mfaDevices: [] })))?.status).toBe(
      'NOT_APPLICABLE',
    );
    const { consoleAccess: _c, ...unknown } = user();
    expect(iamUserMfa(userFacts(unknown))).toBeUndefined();
  });

  it(`iam-access-keys: an active key older than ${MAX_ACCESS_KEY_AGE_DAYS} days or unused for ${MAX_ACCESS_KEY_UNUSED_DAYS} is NON_COMPLIANT`, () => {
    const fresh = user({
      accessKeys: [{ id: 'AKIA…AAAA', status: 'Active', createdOn: '2026-10-01', lastUsedOn: '2026-11-20' }],
    });
    expect(iamAccessKeys(userFacts(fresh))?.status).toBe('COMPLIANT');
    const old = user({
      accessKeys: [{ id: 'AKIA…AAAA', status: 'Active', createdOn: '2026-08-01', lastUsedOn: '2026-11-20' }],
    });
    expect(iamAccessKeys(userFacts(old))).toMatchObject({
      status: 'NON_COMPLIANT',
      reason: 'key AKIA…AAAA created 2026-08-01 is older than 90 days',
    });
    // exactly at the limit is still within it
    const limit = user({
      accessKeys: [{ id: 'AKIA…AAAA', status: 'Active', createdOn: '2026-08-24', lastUsedOn: '2026-11-20' }],
    });
    expect(iamAccessKeys(userFacts(limit))?.status).toBe('COMPLIANT');
    const inactiveOld = user({
      accessKeys: [{ id: 'AKIA…AAAA', status: 'Inactive', createdOn: '2020-01-01' }],
    });
    expect(iamAccessKeys(userFacts(inactiveOld))?.status).toBe('COMPLIANT');
    expect(iamAccessKeys(userFacts(user()))).toMatchObject({
      status: 'COMPLIANT',
      reason: 'no active access keys',
    });
  });

  it('iam-access-keys: unused for longer than the limit is NON_COMPLIANT even with a lower age limit', () => {
    const f = userFacts(
      user({
        accessKeys: [
          { id: 'AKIA…BBBB', status: 'Active', createdOn: '2026-01-01', lastUsedOn: '2026-02-01' },
        ],
      }),
    );
    expect(iamAccessKeys(f)?.reason).toContain('key AKIA…BBBB unused since 2026-02-01 (over 90 days)');
    const never = userFacts(
      user({ accessKeys: [{ id: 'AKIA…CCCC', status: 'Active', createdOn: '2026-01-01' }] }),
    );
    expect(iamAccessKeys(never)?.reason).toContain('key AKIA…CCCC never used in over 90 days');
  });

  it('root-account-use: root with MFA and no keys is COMPLIANT; a key or no MFA is NON_COMPLIANT', () => {
    const root = (mfaActive: boolean, activeAccessKeys: number) => {
      const obs = observeSweep({ kind: 'iam-root', mfaActive, activeAccessKeys });
      expect(obs.subject).toMatchObject({
        resourceType: 'AWS::::Account',
        resourceId: ACCOUNT,
        arn: `arn:aws:iam::${ACCOUNT}:root`,
      });
      return rootAccountUse(obs.facts);
    };
    expect(root(true, 0)?.status).toBe('COMPLIANT');
    expect(root(true, 1)?.status).toBe('NON_COMPLIANT');
    expect(root(false, 0)).toMatchObject({ status: 'NON_COMPLIANT', reason: 'the root user has no MFA' });
  });

  it('config-recorder: recording with SUCCESS or PENDING is COMPLIANT; stopped, FAILURE or missing is NON_COMPLIANT', () => {
    const recorder = (recording: boolean, lastStatus?: string, exists = true) =>
      configRecorder(
        observeSweep({
          kind: 'recorder-status',
          name: 'default',
          exists,
          recording,
          ...(lastStatus ? { lastStatus } : {}),
        }).facts,
      )?.status;
    expect(recorder(true, 'Success')).toBe('COMPLIANT');
    expect(recorder(true, 'Pending')).toBe('COMPLIANT');
    expect(recorder(false, 'Success')).toBe('NON_COMPLIANT');
    expect(recorder(true, 'Failure')).toBe('NON_COMPLIANT');
    expect(recorder(false, undefined, false)).toBe('NON_COMPLIANT');
  });

  it('cloudtrail-logging judges a swept trail by isLogging', () => {
    const trail = (isLogging: boolean) =>
      assess(
        observeSweep({
          kind: 'configuration-item',
          api: 'cloudtrail:DescribeTrails',
          item: {
            awsRegion: 'us-east-1',
            resourceType: 'AWS::CloudTrail::Trail',
            resourceId: 'audit',
            arn: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/audit`,
            configurationItemCaptureTime: TIME,
            configurationItemStatus: 'OK',
            configuration: {
              name: 'audit',
              isMultiRegionTrail: true,
              logFileValidationEnabled: true,
              isLogging,
            },
            supplementaryConfiguration: {},
          },
        }),
      ).find((a) => a.controlId === 'cloudtrail-logging')?.status;
    expect(trail(true)).toBe('COMPLIANT');
    expect(trail(false)).toBe('NON_COMPLIANT');
  });
});

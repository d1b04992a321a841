import { describe, expect, it } from 'vitest';
import { apiCall, consoleSignIn, type Identity, type Where } from '../../../cli/demo/events';
import { assess, CITATIONS, cloudTrailEventNames } from '../../../core/domain/catalog';
import { linkRecord, prepareRecord } from '../../../core/domain/chain';
import { parseEvent } from '../../../core/domain/normalize';
import { notableFor, notableOf, outcomeText, sortNotable } from '../../../core/domain/notable';
import type { EvidenceRecord } from '../../../evidence-schemas';
import { NotableEntrySchema } from '../../../evidence-schemas';

const where: Where = { account: '111122223333', region: 'us-east-1' };
const alice: Identity = { type: 'IAMUser', name: 'alice.nguyen' };
const contractor: Identity = { type: 'AssumedRole', name: 'j.smith', role: 'ContractorAdmin' };
const root: Identity = { type: 'Root', name: 'root' };
const trailArn = `arn:aws:cloudtrail:us-east-1:${where.account}:trail/org-trail`;

/** The stored record an event becomes (parsed, assessed, hashed and linked as ingest does). */
function stored(event: unknown): EvidenceRecord {
  const outcome = parseEvent(event);
  if (outcome.kind !== 'observation') throw new Error(`${outcome.kind}: ${outcome.reason}`);
  const o = outcome.observation;
  return linkRecord(prepareRecord(o, assess(o)), undefined, '2026-10-31T00:00:00.000Z');
}

const at = '2026-10-18T23:10:00.000Z';

describe('notable activity', () => {
  it('flags a root console sign-in without MFA, with who, where, when and the incident citations', () => {
    // Prepare
    const record = stored(consoleSignIn(where, at, root, { mfa: false }));
    // Act
    const n = notableOf(record);
    // Assess
    expect(n).toMatchObject({
      kind: 'root-sign-in',
      what: 'root user signed in to the console without MFA',
      who: `arn:aws:iam::${where.account}:root`,
      sourceIpAddress: '198.51.100.24',
      at: '2026-10-18T23:10:00.000Z',
      outcome: 'succeeded',
      evidenceId: record.evidenceId,
      id: `notable:${record.evidenceId}`,
    });
    expect(n?.citations).toEqual(['164.308(a)(1)(ii)(D)', '164.308(a)(6)(ii)', '164.312(d)']);
    expect(NotableEntrySchema.parse(n)).toEqual(n);
  });

  it('flags a console sign-in without MFA, not one with MFA', () => {
    // Prepare
    const without = stored(consoleSignIn(where, at, alice, { mfa: false }));
    const withMfa = stored(consoleSignIn(where, at, alice, { mfa: true }));
    // Act / Assess
    expect(notableOf(without)).toMatchObject({
      kind: 'console-sign-in-without-mfa',
      userName: 'alice.nguyen',
      what: 'console sign-in without MFA by alice.nguyen',
    });
    expect(notableOf(withMfa)).toBeUndefined();
  });

  it('flags a denied StopLogging with its error code, on the trail, for response and reporting', () => {
    // Prepare
    const record = stored(
      apiCall(where, at, contractor, {
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        requestParameters: { name: trailArn },
        errorCode: 'AccessDenied',
        sourceIPAddress: '203.0.113.77',
      }),
    );
    // Act
    const n = notableOf(record);
    // Assess
    expect(n).toMatchObject({
      kind: 'denied-attempt',
      outcome: 'denied',
      errorCode: 'AccessDenied',
      sourceIpAddress: '203.0.113.77',
      who: `arn:aws:sts::${where.account}:assumed-role/ContractorAdmin/j.smith`,
      subjectKey: trailArn,
    });
    expect(n?.what).toBe('StopLogging attempted on org-trail');
    expect(outcomeText(n!)).toBe('denied (AccessDenied)');
    expect(n?.citations).toEqual(['164.308(a)(1)(ii)(D)', '164.308(a)(6)(ii)']);
    // a refused call never moves posture
    expect(record.controls.every((c) => !c.affectsPosture)).toBe(true);
  });

  it('flags access changes: an access key, a console password, a policy attached or put, MFA removed', () => {
    // Prepare
    const iam = (eventName: string, requestParameters: Record<string, unknown>, extra = {}) =>
      stored(
        apiCall(where, at, alice, {
          eventSource: 'iam.amazonaws.com',
          eventName,
          requestParameters,
          ...extra,
        }),
      );
    const records = [
      iam(
        'CreateAccessKey',
        { userName: 'carol.billing' },
        {
          responseElements: { accessKey: { accessKeyId: 'AKIACAROLEXAMPLE0001', userName: 'carol.billing' } },
        },
      ),
      iam('CreateLoginProfile', { userName: 'carol.billing' }),
      iam('AttachRolePolicy', {
        roleName: 'Billing',
        policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
      iam('PutUserPolicy', { userName: 'carol.billing', policyName: 'inline-s3' }),
      iam('AttachGroupPolicy', { groupName: 'ops', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
      iam('DeactivateMFADevice', {
        userName: 'bob.devops',
        serialNumber: 'arn:aws:iam::111122223333:mfa/bob',
      }),
    ];
    // Act
    const found = records.map((r) => notableOf(r));
    // Assess
    expect(found.map((n) => [n?.kind, n?.what])).toEqual([
      ['access-key-created', 'access key AKIACAROLEXAMPLE0001 created for IAM user carol.billing'],
      ['login-profile-created', 'console password created for IAM user carol.billing'],
      ['policy-attached', 'policy arn:aws:iam::aws:policy/AdministratorAccess attached to IAM role Billing'],
      ['policy-attached', 'policy inline-s3 put on IAM user carol.billing'],
      ['policy-attached', 'policy arn:aws:iam::aws:policy/ReadOnlyAccess attached to IAM group ops'],
      ['mfa-removed', 'MFA device deactivated for bob.devops'],
    ]);
    for (const n of found) expect(n?.citations).toContain('164.308(a)(4)(ii)(C)');
    expect(found[2]?.subject).toMatchObject({ resourceType: 'AWS::IAM::Role', resourceId: 'Billing' });
    expect(found[4]?.subject).toMatchObject({ resourceType: 'AWS::IAM::Group', resourceId: 'ops' });
    // no control judges a policy attachment: stored as evidence, with no verdict to move posture
    expect(records[2]?.controls).toEqual([]);
  });

  it('keeps a denied call on IAM that names no resource, on the role that tried', () => {
    // Prepare
    const event = apiCall(where, at, contractor, {
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      requestParameters: {},
      errorCode: 'AccessDenied',
    });
    // Act
    const n = notableOf(stored(event));
    // Assess
    expect(n?.subject).toMatchObject({ resourceType: 'AWS::IAM::Role', resourceId: 'ContractorAdmin' });
    expect(n?.kind).toBe('denied-attempt');
  });

  it('passes routine activity: a denied data call, a successful trail start, a rotation enabled', () => {
    // Prepare
    const ignoredDenied = parseEvent(
      apiCall(where, at, alice, {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'RunInstances',
        errorCode: 'Client.UnauthorizedOperation',
      }),
    );
    const start = stored(
      apiCall(where, at, alice, {
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StartLogging',
        requestParameters: { name: trailArn },
      }),
    );
    // Act / Assess
    expect(ignoredDenied.kind).toBe('ignored');
    expect(notableOf(start)).toBeUndefined();
  });

  it('forwards the policy events, and every citation it names is in the catalog', () => {
    expect(cloudTrailEventNames()).toEqual(expect.arrayContaining(['AttachRolePolicy', 'PutUserPolicy']));
    expect(CITATIONS['164.308(a)(6)(ii)']).toEqual({
      title: 'Response and reporting',
      requirement: 'required',
    });
  });

  it('sorts by time and selects by citation', () => {
    // Prepare
    const late = notableOf(stored(consoleSignIn(where, '2026-10-25T06:12:00.000Z', root, { mfa: false })))!;
    const early = notableOf(stored(consoleSignIn(where, '2026-10-03T07:55:00.000Z', alice, { mfa: false })))!;
    // Act
    const sorted = sortNotable([late, early]);
    // Assess
    expect(sorted).toEqual([early, late]);
    expect(notableFor('164.308(a)(6)(ii)', sorted)).toEqual([late]);
  });
});

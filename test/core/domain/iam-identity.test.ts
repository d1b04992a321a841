import { describe, expect, it } from 'vitest';
import {
  aliasOf,
  aliasResolutions,
  type IamAlias,
  iamIdentitySubject,
  isIamUniqueId,
  mergeResolvedPosture,
  nameOfIamArn,
  resolveIamSubject,
  unresolvedIamId,
  withKnownAlias,
} from '../../../core/domain/iam-identity';
import { subjectKey } from '../../../core/domain/observation';
import type { Subject } from '../../../evidence-schemas';

const ACCOUNT = '111122223333';
const ID = 'AIDACAROL0EXAMPLE0002';
const ARN = `arn:aws:iam::${ACCOUNT}:user/carol.billing`;
const CAROL: IamAlias = {
  accountId: ACCOUNT,
  uniqueId: ID,
  resourceType: 'AWS::IAM::User',
  name: 'carol.billing',
  arn: ARN,
};
const byId: Subject = {
  accountId: ACCOUNT,
  region: 'us-east-1',
  resourceType: 'AWS::IAM::User',
  resourceId: ID,
};

describe('IAM identities: one subject whichever id the source used', () => {
  it('tells unique ids from names, and reads the name of a user or role ARN with a path', () => {
    expect(isIamUniqueId(ID)).toBe(true);
    expect(isIamUniqueId('AROAEXAMPLEROLE000001')).toBe(true);
    expect(isIamUniqueId('carol.billing')).toBe(false);
    expect(isIamUniqueId('AROAEXAMPLEROLE000001:session')).toBe(false);
    expect(nameOfIamArn(`arn:aws:iam::${ACCOUNT}:user/finance/carol.billing`)).toBe('carol.billing');
    expect(nameOfIamArn(`arn:aws:iam::${ACCOUNT}:role/Admin`)).toBe('Admin');
    expect(nameOfIamArn('arn:aws:s3:::bucket')).toBeUndefined();
  });

  it('names an identity by its name and ARN in region global, the unique id kept as alias', () => {
    const fromConfig = iamIdentitySubject(ACCOUNT, 'global', 'AWS::IAM::User', ID, ARN);
    const fromSweep = iamIdentitySubject(ACCOUNT, 'global', 'AWS::IAM::User', 'carol.billing', ARN, ID);
    const fromTrail = iamIdentitySubject(ACCOUNT, 'global', 'AWS::IAM::User', 'carol.billing', ARN);
    expect(fromConfig).toEqual({
      accountId: ACCOUNT,
      region: 'global',
      resourceType: 'AWS::IAM::User',
      resourceId: 'carol.billing',
      arn: ARN,
      alias: ID,
    });
    expect(fromSweep).toEqual(fromConfig);
    expect(subjectKey(fromTrail)).toBe(subjectKey(fromConfig));
    expect(fromTrail.alias).toBeUndefined();
    // a role session's principal id is not an alias
    expect(
      iamIdentitySubject(
        ACCOUNT,
        'global',
        'AWS::IAM::Role',
        'Admin',
        `arn:aws:iam::${ACCOUNT}:role/Admin`,
        'AROAEXAMPLE000001:s',
      ).alias,
    ).toBeUndefined();
  });

  it('keeps an identity known by its unique id alone unresolved, and resolves it from its own alias only', () => {
    expect(unresolvedIamId(byId)).toBe(ID);
    expect(unresolvedIamId({ ...byId, resourceId: 'carol.billing' })).toBeUndefined();
    expect(aliasOf(iamIdentitySubject(ACCOUNT, 'global', 'AWS::IAM::User', ID, ARN))).toEqual(CAROL);
    expect(aliasOf(byId)).toBeUndefined();
    expect(resolveIamSubject(byId, CAROL)).toMatchObject({
      resourceId: 'carol.billing',
      arn: ARN,
      alias: ID,
    });
    expect(resolveIamSubject(byId, { ...CAROL, accountId: '444455556666' })).toBeUndefined();
    expect(resolveIamSubject(byId, { ...CAROL, uniqueId: 'AIDAOTHER0EXAMPLE0009' })).toBeUndefined();
    expect(resolveIamSubject(byId, { ...CAROL, resourceType: 'AWS::IAM::Role' })).toBeUndefined();
  });

  it('merges posture entries of both keys into one per control, the later verdict holding', () => {
    const canonical = iamIdentitySubject(ACCOUNT, 'global', 'AWS::IAM::User', 'carol.billing', ARN);
    const resolutions = aliasResolutions([{ subjectKey: subjectKey(byId), subject: byId }], [CAROL]);
    const entries = [
      {
        subjectKey: subjectKey(byId),
        subject: byId,
        controlId: 'iam-user-mfa',
        observedAt: '2026-10-21T11:45:00.000Z',
        evidenceId: 'b',
        status: 'NON_COMPLIANT',
      },
      {
        subjectKey: ARN,
        subject: canonical,
        controlId: 'iam-user-mfa',
        observedAt: '2026-10-20T02:00:00.000Z',
        evidenceId: 'a',
        status: 'COMPLIANT',
      },
      {
        subjectKey: ARN,
        subject: canonical,
        controlId: 'iam-access-keys',
        observedAt: '2026-10-22T02:00:00.000Z',
        evidenceId: 'c',
        status: 'COMPLIANT',
      },
    ];
    const merged = mergeResolvedPosture(entries, resolutions);
    expect(merged).toHaveLength(2);
    expect(merged.find((e) => e.controlId === 'iam-user-mfa')).toMatchObject({
      subjectKey: ARN,
      status: 'NON_COMPLIANT',
      subject: { resourceId: 'carol.billing', alias: ID },
    });
    expect(merged.every((e) => e.subject.alias === ID)).toBe(true);
    // nothing to resolve: unchanged
    expect(mergeResolvedPosture(entries, new Map())).toEqual(entries);
  });

  it('keeps on a chain head the alias a later observation gave', () => {
    const canonical = iamIdentitySubject(ACCOUNT, 'global', 'AWS::IAM::User', 'carol.billing', ARN);
    const withId = { ...canonical, alias: ID };
    expect(withKnownAlias(canonical, [{ observation: { subject: withId } }])).toEqual(withId);
    expect(withKnownAlias(canonical, [{ observation: { subject: canonical } }])).toEqual(canonical);
  });
});

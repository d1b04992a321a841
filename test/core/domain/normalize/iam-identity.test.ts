import { describe, expect, it } from 'vitest';
import { complianceChange, configItemChange } from '../../../../cli/demo/events';
import { aliasOf } from '../../../../core/domain/iam-identity';
import { parseEvent } from '../../../../core/domain/normalize';
import { ACCOUNT, observe, observeFixture } from '../../../fixtures/builders';
import { iamUserDetail, observeSweep } from '../../../fixtures/sweep-builders';

const ID = 'AIDACAROL0EXAMPLE0002';
const ARN = `arn:aws:iam::${ACCOUNT}:user/carol.billing`;
const prod = { account: ACCOUNT, region: 'us-east-1' };

describe('normalizers name an IAM user one way, the unique id kept as alias', () => {
  it('a Config rule verdict naming the unique id alone is unresolved (no ARN), for ingest to resolve', () => {
    const obs = observe(
      complianceChange(prod, '2026-10-21T11:45:00.000Z', {
        name: 'iam-user-mfa-enabled-conformance-pack-k3v9x2',
        resourceType: 'AWS::IAM::User',
        resourceId: ID,
        compliance: 'NON_COMPLIANT',
      }),
    );
    // region global, as resolved identities are: IAM has no region (a regional coverage gap otherwise)
    expect(obs.subject).toEqual({
      accountId: ACCOUNT,
      region: 'global',
      resourceType: 'AWS::IAM::User',
      resourceId: ID,
    });
  });

  it("a Config item of an IAM user is evidence (its inline policies) named by name and ARN, teaching the user's alias", () => {
    const out = parseEvent(
      configItemChange({ ...prod, region: 'global' }, '2026-10-21T11:28:00.000Z', {
        resourceType: 'AWS::IAM::User',
        resourceId: ID,
        resourceName: 'carol.billing',
        arn: ARN,
        configuration: { userName: 'carol.billing', userId: ID },
      }),
    );
    expect(out.kind).toBe('observation');
    const subject = out.kind === 'observation' ? out.observation.subject : undefined;
    expect(subject).toEqual({
      accountId: ACCOUNT,
      region: 'global',
      resourceType: 'AWS::IAM::User',
      resourceId: 'carol.billing',
      arn: ARN,
      alias: ID,
    });
    expect(subject && aliasOf(subject)).toEqual({
      accountId: ACCOUNT,
      uniqueId: ID,
      resourceType: 'AWS::IAM::User',
      name: 'carol.billing',
      arn: ARN,
    });
  });

  it('the sweep names the user by name and ARN, with ListUsers’ unique id as alias', () => {
    const obs = observeSweep(iamUserDetail({ userName: 'carol.billing', arn: ARN, userId: ID }));
    expect(obs.subject).toEqual({
      accountId: ACCOUNT,
      region: 'global',
      resourceType: 'AWS::IAM::User',
      resourceId: 'carol.billing',
      arn: ARN,
      alias: ID,
    });
  });

  it("a console sign-in names the user by name and ARN, with CloudTrail's principalId as alias", () => {
    const obs = observeFixture('signin-iam-user-no-mfa');
    expect(obs.subject).toMatchObject({
      resourceId: 'contractor.temp',
      arn: `arn:aws:iam::${ACCOUNT}:user/contractor.temp`,
      alias: 'AIDAEXAMPLEUSER00099',
    });
  });
});

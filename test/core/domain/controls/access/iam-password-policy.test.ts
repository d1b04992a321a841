import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/access/iam-password-policy';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import { accountWithPolicy, iamCall, strongPasswordPolicy } from '../../../../fixtures/controls/identity';
import { describeControl, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'swept account item with a strong policy',
    observation: fromFacts(configFacts('AWS::::Account', accountWithPolicy())),
    status: 'COMPLIANT',
  },
  {
    name: 'swept account item with a 12-character policy',
    observation: fromFacts(
      configFacts(
        'AWS::::Account',
        accountWithPolicy({ ...strongPasswordPolicy(), minimumPasswordLength: 12 }),
      ),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'swept account item of an account without a policy (NoSuchEntity)',
    observation: fromFacts(configFacts('AWS::::Account', { hasPasswordPolicy: false })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'UpdateAccountPasswordPolicy meeting every threshold',
    observation: fromFacts(iamCall('UpdateAccountPasswordPolicy', strongPasswordPolicy())),
    status: 'COMPLIANT',
  },
  {
    name: 'UpdateAccountPasswordPolicy without symbols',
    observation: fromFacts(
      iamCall('UpdateAccountPasswordPolicy', { ...strongPasswordPolicy(), requireSymbols: false }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'DeleteAccountPasswordPolicy',
    observation: fromFacts(iamCall('DeleteAccountPasswordPolicy')),
    status: 'NON_COMPLIANT',
  },
]);

describe('iam-password-policy reasons', () => {
  it('lists every shortfall of a weak policy, counting what the request leaves out as IAM defaults', () => {
    // Prepare
    const obs = observationOf(iamCall('UpdateAccountPasswordPolicy', { requireNumbers: true }));
    // Act
    const found = assess(obs).find((a) => a.controlId === control.id);
    // Assess
    expect(found?.status).toBe('NON_COMPLIANT');
    expect(found?.reason).toBe(
      'UpdateAccountPasswordPolicy: the new password policy falls short of the thresholds: minimum length 8 (at least 14 required); password reuse not prevented (the last 24 required); an upper-case letter not required; a lower-case letter not required; a symbol not required',
    );
  });

  it('names a reuse prevention under 24', () => {
    // Prepare
    const obs = observationOf(
      configFacts(
        'AWS::::Account',
        accountWithPolicy({ ...strongPasswordPolicy(), passwordReusePrevention: 5 }),
      ),
    );
    // Act
    const found = assess(obs).find((a) => a.controlId === control.id);
    // Assess
    expect(found?.reason).toContain('reuse prevented for the last 5 passwords only (24 required)');
  });
});

describe('iam-password-policy on facts that do not bear on it', () => {
  it.each([
    ['an account item that is not about the password policy', configFacts('AWS::::Account', {})],
    ['another IAM call', iamCall('CreateUser', { userName: 'carol' })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(facts);
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});

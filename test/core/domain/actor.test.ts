import { describe, expect, it } from 'vitest';
import { producedBy } from '../../../core/domain/actor';

describe('producedBy', () => {
  it('names the Config rule, the sweep, the coverage check and the person who signed', () => {
    expect(
      producedBy({ source: { kind: 'config-compliance-change', configRuleName: 'iam-user-mfa-enabled' } }),
    ).toBe('AWS Config rule iam-user-mfa-enabled');
    expect(producedBy({ source: { kind: 'sweep' } })).toBe('the daily sweep');
    expect(producedBy({ source: { kind: 'coverage-check' } })).toBe('the coverage check');
    expect(
      producedBy({
        source: { kind: 'attestation' },
        actor: { principalType: 'Person', userName: 'Dana Whitfield' },
      }),
    ).toBe('sign-off by Dana Whitfield');
    expect(producedBy({ source: { kind: 'attestation' } })).toBe('the review cadence check');
  });

  it('names a CloudTrail principal by its ARN', () => {
    expect(
      producedBy({
        source: { kind: 'cloudtrail-api-call' },
        actor: { principalType: 'IAMUser', principalArn: 'arn:aws:iam::111122223333:user/alice' },
      }),
    ).toBe('arn:aws:iam::111122223333:user/alice');
    expect(producedBy({ source: { kind: 'config-item-change' } })).toBe(
      'the AWS Config recorder (configuration change)',
    );
  });
});

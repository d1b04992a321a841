import { describe, expect, it } from 'vitest';
import type { ExceptionView } from '../../../core/domain/exceptions';
import { isActive } from '../../../core/usecases/human-evidence';

const exception: ExceptionView = {
  accountId: '444455556666',
  controlId: 'log-retention',
  subjectKey: 'arn:aws:logs:eu-west-1:444455556666:log-group:/app:*',
  reason: 'archived nightly',
  approver: 'CISO',
  grantedAt: '2026-10-05T00:00:00.000Z',
  expiresAt: '2026-11-01T00:00:00.000Z',
  evidenceId: `ev_${'a'.repeat(32)}`,
};

describe('exception expiry', () => {
  it('is active from the instant it is granted until the instant before it expires', () => {
    expect(isActive(exception, new Date('2026-10-04T23:59:59.999Z'))).toBe(false);
    expect(isActive(exception, new Date('2026-10-05T00:00:00.000Z'))).toBe(true);
    expect(isActive(exception, new Date('2026-10-31T23:59:59.999Z'))).toBe(true);
    expect(isActive(exception, new Date('2026-11-01T00:00:00.000Z'))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { formatStatus, formatTimeline } from '../../cli/format';
import type { DriftEvent } from '../../core/domain/drift';
import type { StatusReport, StatusResource } from '../../core/usecases/status';
import { SUBJECT } from '../fixtures/builders';

const verdict = (
  resourceType: string,
  resourceId: string,
  status: StatusResource['status'],
): StatusResource => ({
  subject: { ...SUBJECT, resourceType, resourceId },
  kind: resourceType.startsWith('HIPAA::Coverage::') ? 'collection' : 'resource',
  status,
  reason: 'r',
  observedAt: '2026-10-31T02:00:00.000Z',
  evidenceId: 'ev_00000000000000000000000000000001',
});

describe('status as text', () => {
  it('counts AWS resources only and says beside a control that its evidence stopped (finding 3)', () => {
    // Prepare: two users judged, and the sweep's collector failing for the same control
    const report: StatusReport = {
      asOf: '2026-10-31T23:59:59.999Z',
      gaps: [],
      controls: [
        {
          controlId: 'iam-user-mfa',
          title: 'IAM users have MFA',
          citations: [],
          status: 'NON_COMPLIANT',
          counts: { resources: 2, nonCompliant: 0, excepted: 0 },
          gap: 'the sweep could not call iam:GenerateCredentialReport',
          resources: [
            verdict('AWS::IAM::User', 'alice', 'COMPLIANT'),
            verdict('AWS::IAM::User', 'bob', 'COMPLIANT'),
          ],
          collection: [
            verdict('HIPAA::Coverage::Collector', 'iam:GenerateCredentialReport', 'NON_COMPLIANT'),
          ],
        },
      ],
    };
    // Act
    const text = formatStatus(report);
    // Assess: 2 resources, not 3; the gap beside the status
    expect(text).toMatch(/NON_COMPLIANT\s+iam-user-mfa\s+2\s+STOPPED/);
    expect(text).not.toContain('iam:GenerateCredentialReport');
  });
});

describe('the drift timeline as text', () => {
  it('names what produced a transition in the words of actor.ts (finding 5)', () => {
    const event = {
      id: '0'.repeat(32),
      kind: 'drift',
      state: 'new',
      controlId: 'iam-user-mfa',
      subjectKey: 'k',
      subject: { ...SUBJECT, resourceType: 'AWS::IAM::User', resourceId: 'carol' },
      from: 'NONE',
      to: 'NON_COMPLIANT',
      at: '2026-10-03T02:00:00.000Z',
      reason: 'no MFA',
      evidenceId: 'ev_00000000000000000000000000000002',
      recordHash: 'a'.repeat(64),
      sourceKind: 'sweep',
    } satisfies DriftEvent;
    expect(formatTimeline([event], 200)).toContain('the daily sweep');
    expect(formatTimeline([event], 200)).not.toContain('no actor');
    expect(formatTimeline([{ ...event, producedBy: 'sign-off by Priya Natarajan' }], 200)).toContain(
      'sign-off by Priya Natarajan',
    );
  });
});

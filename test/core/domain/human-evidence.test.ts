import { describe, expect, it } from 'vitest';
import { assess } from '../../../core/domain/catalog';
import { APPROVED_REVIEW_FACET } from '../../../core/domain/chain';
import { parseEvent } from '../../../core/domain/normalize';
import type { Observation } from '../../../core/domain/observation';
import { reviewDueNotice, reviewStatuses } from '../../../core/domain/reviews';
import { INTERNAL_DETAIL_TYPES, internalEvent } from '../../../evidence-schemas';

const ACCOUNT = '111122223333';
const SHA = 'a'.repeat(64);

function attestation(detail: Record<string, unknown>, time = '2026-10-01T09:00:00.000Z') {
  return internalEvent(INTERNAL_DETAIL_TYPES.attestation, {
    id: `att-${JSON.stringify(detail).length}`,
    time,
    account: ACCOUNT,
    region: 'global',
    detail,
  });
}

function observe(raw: unknown): Observation {
  const out = parseEvent(raw);
  if (out.kind !== 'observation') throw new Error(`expected an observation, got ${JSON.stringify(out)}`);
  return out.observation;
}

describe('attestation normalizer', () => {
  it('puts an access review on the account review chain, the reviewer as actor, approved -> COMPLIANT', () => {
    const obs = observe(
      attestation({
        kind: 'access-review',
        reviewer: 'Dana Reyes',
        decision: 'approved',
        reviewedAt: '2026-10-01T09:00:00.000Z',
        snapshot: { evidenceId: `ev_${'1'.repeat(32)}`, observedAt: '2026-09-30T00:00:00.000Z' },
      }),
    );
    expect(obs.subject).toEqual({
      accountId: ACCOUNT,
      region: 'global',
      resourceType: 'HIPAA::Review::AccessReview',
      resourceId: ACCOUNT,
    });
    expect(obs.actor).toEqual({ principalType: 'Person', userName: 'Dana Reyes' });
    expect(obs.source.kind).toBe('attestation');
    const [a] = assess(obs);
    expect(a).toMatchObject({ controlId: 'access-review', status: 'COMPLIANT', affectsPosture: true });
    expect(a?.reason).toBe(
      `access review by Dana Reyes approved on 2026-10-01 against snapshot ev_${'1'.repeat(32)}`,
    );
    expect(a?.citations.map((c) => c.citation)).toEqual(['164.308(a)(3)(ii)(B)', '164.308(a)(4)(ii)(C)']);
  });

  it('judges a log review with changes required NON_COMPLIANT on 164.308(a)(1)(ii)(D) and 164.312(b)', () => {
    const obs = observe(
      attestation({
        kind: 'log-review',
        reviewer: 'Sam',
        decision: 'changes-required',
        reviewedAt: '2026-10-01T09:00:00.000Z',
        scope: 'CloudTrail September',
      }),
    );
    expect(obs.subject.resourceType).toBe('HIPAA::Review::LogReview');
    const [a] = assess(obs);
    expect(a).toMatchObject({ controlId: 'log-review', status: 'NON_COMPLIANT' });
    expect(a?.reason).toContain('log review of CloudTrail September by Sam on 2026-10-01 requires changes');
    expect(a?.citations.map((c) => c.citation)).toEqual(['164.308(a)(1)(ii)(D)', '164.312(b)']);
  });

  it('files an exception under (control, excepted subject) and never moves posture', () => {
    const arn = 'arn:aws:s3:::legacy-bucket';
    const obs = observe(
      attestation({
        kind: 'exception',
        controlId: 's3-bucket-tls',
        subjectKey: arn,
        reason: 'vendor appliance cannot speak TLS 1.2',
        approver: 'CISO',
        expiresAt: '2026-12-31T00:00:00.000Z',
      }),
    );
    expect(obs.subject).toMatchObject({ resourceType: 'HIPAA::Exception::s3-bucket-tls', resourceId: arn });
    expect(assess(obs)).toEqual([
      {
        controlId: 's3-bucket-tls',
        citations: [
          { citation: '164.312(e)(1)', requirement: 'required' },
          { citation: '164.312(e)(2)(ii)', requirement: 'addressable' },
        ],
        status: 'NOT_APPLICABLE',
        reason:
          'exception approved by CISO until 2026-12-31T00:00:00.000Z: vendor appliance cannot speak TLS 1.2',
        affectsPosture: false,
      },
    ]);
  });

  it('records a decision on an addressable specification on its own chain', () => {
    const obs = observe(
      attestation({
        kind: 'decision',
        citation: '164.312(a)(2)(iv)',
        decision: 'implemented',
        reason: 'KMS everywhere',
      }),
    );
    expect(obs.subject.resourceType).toBe('HIPAA::Decision::164.312(a)(2)(iv)');
    expect(assess(obs)[0]).toMatchObject({
      controlId: 'decision:164.312(a)(2)(iv)',
      citations: [{ citation: '164.312(a)(2)(iv)', requirement: 'addressable' }],
      affectsPosture: false,
    });
  });

  it.each([
    ['implemented', 'COMPLIANT'],
    ['alternative', 'COMPLIANT'],
    ['not-reasonable', 'NOT_APPLICABLE'],
  ] as const)('stores a decision of %s as %s, never implemented as NOT_APPLICABLE', (decision, status) => {
    const obs = observe(
      attestation({ kind: 'decision', citation: '164.312(a)(2)(iv)', decision, reason: 'as decided' }),
    );
    const [a] = assess(obs);
    expect(a?.status).toBe(status);
    expect(a?.reason).toContain(decision);
    expect(a?.affectsPosture).toBe(false);
  });

  it('quarantines a bad detail with the field that is wrong', () => {
    const out = parseEvent(
      attestation({
        kind: 'log-review',
        reviewer: ' ',
        decision: 'maybe',
        reviewedAt: '2026-10-01T09:00:00.000Z',
      }),
    );
    expect(out.kind).toBe('invalid');
    if (out.kind !== 'invalid') return;
    expect(out.reason).toContain('reviewer: must not be empty');
    expect(out.reason).toContain('decision');
  });

  it('rejects a review whose reviewedAt is not the event time', () => {
    const out = parseEvent(
      attestation({
        kind: 'log-review',
        reviewer: 'Sam',
        decision: 'approved',
        reviewedAt: '2026-01-01T00:00:00.000Z',
      }),
    );
    expect(out).toMatchObject({ kind: 'invalid' });
  });
});

describe('manual upload normalizer', () => {
  const upload = (detail: Record<string, unknown>) =>
    internalEvent(INTERNAL_DETAIL_TYPES.upload, {
      id: 'up-1',
      time: '2026-10-02T00:00:00.000Z',
      account: ACCOUNT,
      region: 'global',
      detail,
    });

  it('makes the document (by SHA-256) the subject and files it under a citation', () => {
    const obs = observe(
      upload({
        target: '164.308(b)(1)',
        sha256: SHA,
        bytes: 10,
        fileName: 'baa.pdf',
        mediaType: 'application/pdf',
      }),
    );
    expect(obs.subject).toMatchObject({ resourceType: 'HIPAA::Document', resourceId: SHA });
    expect(obs.source.kind).toBe('manual-upload');
    expect(assess(obs)[0]).toMatchObject({
      controlId: 'manual:164.308(b)(1)',
      status: 'NOT_APPLICABLE',
      affectsPosture: false,
    });
  });

  it('quarantines an upload without a valid hash', () => {
    const out = parseEvent(
      upload({ target: 'x', sha256: 'nope', bytes: 10, fileName: 'a', mediaType: 'text/plain' }),
    );
    expect(out).toMatchObject({ kind: 'invalid' });
    expect(out.kind === 'invalid' && out.reason).toContain('sha256');
  });
});

describe('review cadence', () => {
  const cadence = { accessReviewDays: 90, logReviewDays: 30 };
  const key = (type: string) => `${ACCOUNT}/global/${type}/${ACCOUNT}`;
  const approvedAt = '2026-01-01T00:00:00.000Z';
  const heads = new Map([
    [
      key('HIPAA::Review::LogReview'),
      {
        posture: {
          'log-review': {
            status: 'COMPLIANT' as const,
            reason: 'approved',
            observedAt: approvedAt,
            evidenceId: 'ev_x',
            orderKey: `${approvedAt}#ev_x`,
          },
        },
        facets: { [APPROVED_REVIEW_FACET]: { observedAt: approvedAt } },
      },
    ],
  ]);

  it('is due cadence days after the last approval, and overdue only after that instant', () => {
    const due = '2026-01-31T00:00:00.000Z';
    const at = (now: string) =>
      reviewStatuses([ACCOUNT], heads, new Date(now), cadence).find((r) => r.controlId === 'log-review')!;
    expect(at(due)).toMatchObject({ lastApprovedAt: approvedAt, dueAt: due, overdue: false });
    expect(at('2026-01-31T00:00:00.001Z').overdue).toBe(true);
  });

  it('counts an account that was never reviewed as overdue', () => {
    const access = reviewStatuses([ACCOUNT], heads, new Date(approvedAt), cadence).find(
      (r) => r.controlId === 'access-review',
    )!;
    expect(access).toMatchObject({ overdue: true, cadenceDays: 90 });
    expect(access.lastApprovedAt).toBeUndefined();
  });

  it('gives the same notice for every check of one due date, and none once the chain is NON_COMPLIANT', () => {
    const late = (now: string) =>
      reviewStatuses([ACCOUNT], heads, new Date(now), cadence).find((r) => r.controlId === 'log-review')!;
    const a = reviewDueNotice(late('2026-02-01T08:00:00.000Z'), new Date('2026-02-01T08:00:00.000Z'));
    const b = reviewDueNotice(late('2026-02-03T17:00:00.000Z'), new Date('2026-02-03T17:00:00.000Z'));
    expect(a).toEqual({
      eventId: `review-due:${ACCOUNT}:log-review:2026-01-31`,
      observedAt: '2026-01-31T00:00:00.000Z',
      dueAt: '2026-01-31T00:00:00.000Z',
    });
    expect(b).toEqual(a);
    const flagged = { ...late('2026-02-01T08:00:00.000Z') };
    flagged.current = {
      status: 'NON_COMPLIANT',
      reason: 'overdue',
      observedAt: approvedAt,
      evidenceId: 'ev_y',
    };
    expect(reviewDueNotice(flagged, new Date('2026-02-01T08:00:00.000Z'))).toBeUndefined();
    expect(
      reviewDueNotice(late('2026-01-15T00:00:00.000Z'), new Date('2026-01-15T00:00:00.000Z')),
    ).toBeUndefined();
  });
});

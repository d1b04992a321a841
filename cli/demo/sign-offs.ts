/**
 * The demo month's human sign-offs, recorded the way `evidence attest` and `evidence upload` record
 * them, each at its own time: the last log review (approved on 25 September, so it is overdue from
 * 25 October with the 30-day cadence), the quarterly access review, a decision on an addressable
 * specification, the AWS BAA, and an accepted risk on the log group that keeps 30 days of events.
 * The review cadence is checked as of the end of the month (checkDemoReviews).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { subjectKey } from '../../core/domain/observation';
import type { DocumentStore } from '../../core/ports/document-store';
import type { EvidenceStore } from '../../core/ports/evidence-store';
import { attest } from '../../core/usecases/attest';
import { type CheckReviewsResult, checkReviews } from '../../core/usecases/check-reviews';
import type { EvidenceConfig } from '../../core/usecases/config';
import { postureStatus } from '../../core/usecases/status';
import { uploadDocument } from '../../core/usecases/upload';
import type { Transition } from '../../evidence-schemas';

const ACCOUNT = '111122223333';

export interface SignOffDeps {
  store: EvidenceStore;
  documents: DocumentStore;
  config: EvidenceConfig;
  dataDir: string;
}

/** One sign-off, recorded at `at` (the month's replay runs it in time order with events and sweeps). */
export interface DemoSignOff {
  at: string;
  what: string;
  record: () => Promise<Transition[]>;
}

/** The sign-offs in time order. */
export function demoSignOffs(deps: SignOffDeps): DemoSignOff[] {
  const { store, config } = deps;
  const at = (iso: string) => ({ store, config, at: iso, now: () => new Date(iso) });
  const attestAt = (iso: string, what: string, request: Parameters<typeof attest>[0]): DemoSignOff => ({
    at: iso,
    what,
    record: async () => (await attest(request, at(iso))).transitions,
  });
  return [
    attestAt('2026-09-25T15:00:00.000Z', 'log review (September)', {
      kind: 'log-review',
      accountId: ACCOUNT,
      reviewer: 'Priya Natarajan',
      decision: 'approved',
      scope: 'CloudTrail and Config activity, August and September 2026',
      note: 'no unexplained access to ePHI stores',
    }),
    attestAt('2026-10-06T10:00:00.000Z', 'access review', {
      kind: 'access-review',
      accountId: ACCOUNT,
      reviewer: 'Marcus Webb',
      decision: 'approved',
      note: 'quarterly review of IAM users and roles; two stale users removed',
    }),
    attestAt('2026-10-07T09:00:00.000Z', 'decision on 164.312(a)(2)(iv)', {
      kind: 'decision',
      accountId: ACCOUNT,
      citation: '164.312(a)(2)(iv)',
      decision: 'implemented',
      reason: 'every store of ePHI is encrypted at rest with KMS customer managed keys',
      decidedBy: 'Security committee',
    }),
    {
      at: '2026-10-09T08:00:00.000Z',
      what: 'AWS BAA upload',
      record: async () => {
        const dir = join(deps.dataDir, 'demo-documents');
        mkdirSync(dir, { recursive: true });
        const baa = join(dir, 'aws-business-associate-addendum.txt');
        writeFileSync(
          baa,
          'AWS Business Associate Addendum\nAccepted in AWS Artifact for account 111122223333 on 2026-01-12.\n',
        );
        await uploadDocument(
          {
            accountId: ACCOUNT,
            target: '164.308(b)(1)',
            path: baa,
            title: 'AWS Business Associate Addendum (AWS Artifact)',
            uploadedBy: 'Marcus Webb',
          },
          { ...at('2026-10-09T08:00:00.000Z'), documents: deps.documents },
        );
        return [];
      },
    },
    {
      // the log group that keeps 30 days of events: an accepted risk until the retention fix ships
      at: '2026-10-28T12:00:00.000Z',
      what: 'exception for log-retention',
      record: async () => {
        const during = await postureStatus(store, { at: '2026-10-28T00:00:00.000Z' });
        const short = during.controls
          .find((c) => c.controlId === 'log-retention')
          ?.resources.find((r) => r.status === 'NON_COMPLIANT');
        if (!short) return [];
        const out = await attest(
          {
            kind: 'exception',
            controlId: 'log-retention',
            subject: subjectKey(short.subject),
            reason:
              'events are exported nightly to the Object Lock archive; the retention fix ships in the December release',
            approver: 'Chief Information Security Officer',
            expiresAt: '2026-12-31T00:00:00.000Z',
          },
          at('2026-10-28T12:00:00.000Z'),
        );
        return out.transitions;
      },
    },
  ];
}

/** The review cadence as of `periodEnd`: records a review-due notice for each overdue review. */
export function checkDemoReviews(
  deps: Pick<SignOffDeps, 'store' | 'config'>,
  periodEnd: string,
): Promise<CheckReviewsResult> {
  return checkReviews(deps.store, { now: new Date(periodEnd), config: deps.config, accounts: [ACCOUNT] });
}

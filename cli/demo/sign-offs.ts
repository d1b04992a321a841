/**
 * The demo month's human sign-offs, recorded the way `evidence attest` and `evidence upload` record
 * them (back-dated into October): an access review and a log review, an accepted risk on the log
 * group that keeps 30 days of events, a decision on an addressable specification, and the AWS BAA.
 * Then the review cadence is checked as of the end of the month.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { subjectKey } from '../../lambdas/domain/observation';
import type { DocumentStore } from '../../lambdas/ports/document-store';
import type { EvidenceStore } from '../../lambdas/ports/evidence-store';
import { attest } from '../../lambdas/usecases/attest';
import { type CheckReviewsResult, checkReviews } from '../../lambdas/usecases/check-reviews';
import type { EvidenceConfig } from '../../lambdas/usecases/config';
import { postureStatus } from '../../lambdas/usecases/status';
import { uploadDocument } from '../../lambdas/usecases/upload';

const ACCOUNT = '111122223333';

/** Records the sign-offs; returns the review check as of `periodEnd`. */
export async function recordDemoSignOffs(
  deps: { store: EvidenceStore; documents: DocumentStore; config: EvidenceConfig; dataDir: string },
  periodEnd: string,
): Promise<CheckReviewsResult> {
  const { store, config } = deps;
  const at = (iso: string) => ({ store, config, at: iso, now: () => new Date(iso) });
  await attest(
    {
      kind: 'log-review',
      accountId: ACCOUNT,
      reviewer: 'Priya Natarajan',
      decision: 'approved',
      scope: 'CloudTrail and Config activity, September 2026',
      note: 'no unexplained access to ePHI stores',
    },
    at('2026-10-03T15:00:00.000Z'),
  );
  await attest(
    {
      kind: 'access-review',
      accountId: ACCOUNT,
      reviewer: 'Marcus Webb',
      decision: 'approved',
      note: 'quarterly review of IAM users and roles; two stale users removed',
    },
    at('2026-10-06T10:00:00.000Z'),
  );
  await attest(
    {
      kind: 'decision',
      accountId: ACCOUNT,
      citation: '164.312(a)(2)(iv)',
      decision: 'implemented',
      reason: 'every store of ePHI is encrypted at rest with KMS customer managed keys',
      decidedBy: 'Security committee',
    },
    at('2026-10-07T09:00:00.000Z'),
  );
  // the log group that keeps 30 days of events: an accepted risk until the retention fix ships
  const during = await postureStatus(store, { at: '2026-10-28T00:00:00.000Z' });
  const short = during.controls
    .find((c) => c.controlId === 'log-retention')
    ?.resources.find((r) => r.status === 'NON_COMPLIANT');
  if (short) {
    await attest(
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
  }
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
    { store, documents: deps.documents, config, at: '2026-10-09T08:00:00.000Z' },
  );
  return checkReviews(store, { now: new Date(periodEnd), config, accounts: [ACCOUNT] });
}

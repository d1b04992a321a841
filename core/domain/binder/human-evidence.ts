/**
 * The binder's human sign-off section: access and log reviews (overdue reviews flagged), every
 * exception (active or expired at the end of the period), decisions on addressable specifications and
 * uploaded documents. It is built from the chains of the synthetic HIPAA:: subjects that attest and
 * upload write: few and small, so read whole and verified like any other chain.
 */
import {
  AttestationDetailSchema,
  type EvidenceRecord,
  ManualUploadDetailSchema,
  type Subject,
} from '../../../evidence-schemas';
import type { ExceptionState, ExceptionView } from '../exceptions';
import { decisionStatus } from '../spec-decision';
import { MANUAL_DIR, manualPath } from './layout';

export interface ReviewEntry {
  accountId: string;
  controlId: 'access-review' | 'log-review';
  reviewer: string;
  decision: 'approved' | 'changes-required';
  at: string;
  note?: string;
  scope?: string;
  /** access reviews: the snapshot reviewed (null: none existed) */
  snapshot?: { evidenceId: string; observedAt: string } | null;
  evidenceId: string;
}

export interface OverdueEntry {
  accountId: string;
  controlId: 'access-review' | 'log-review';
  /** when it fell due; absent when no review was ever approved */
  dueAt?: string;
  lastApprovedAt?: string;
  reason: string;
  evidenceId?: string;
}

export interface DecisionEntry {
  accountId: string;
  citation: string;
  decision: 'implemented' | 'alternative' | 'not-reasonable';
  reason: string;
  decidedBy?: string;
  at: string;
  evidenceId: string;
}

export interface UploadEntry {
  accountId: string;
  target: string;
  sha256: string;
  bytes: number;
  fileName: string;
  mediaType: string;
  title?: string;
  uploadedBy?: string;
  at: string;
  evidenceId: string;
  /** where the file is in the binder zip */
  path: string;
}

export interface HumanEvidence {
  reviews: ReviewEntry[];
  overdue: OverdueEntry[];
  /** every exception in force at some moment of the period, and where it stood at its end */
  exceptions: (ExceptionView & { state: ExceptionState })[];
  decisions: DecisionEntry[];
  uploads: UploadEntry[];
  /** false when the export had no document store: the uploads are listed, their files are not in the zip */
  documentsIncluded: boolean;
}

/** The chains this section reads. */
export function isHumanEvidenceSubject(subject: Subject): boolean {
  return (
    subject.resourceType.startsWith('HIPAA::Review::') ||
    subject.resourceType.startsWith('HIPAA::Exception::') ||
    subject.resourceType.startsWith('HIPAA::Decision::') ||
    subject.resourceType === 'HIPAA::Document'
  );
}

const REVIEWS = ['access-review', 'log-review'] as const;

/**
 * The section from the verified, committed records of the human-evidence chains. Reviews and overdue
 * notices are those of the period; exceptions those in force at some moment of it; decisions and
 * documents those on file by its end.
 */
export function buildHumanEvidence(
  records: Iterable<EvidenceRecord>,
  period: { from: string; to: string },
  accounts: readonly string[],
): HumanEvidence {
  const out: HumanEvidence = {
    reviews: [],
    overdue: [],
    exceptions: [],
    decisions: [],
    uploads: [],
    documentsIncluded: true,
  };
  const inPeriod = (t: string) => t >= period.from && t <= period.to;
  for (const r of records) {
    if (r.observedAt > period.to) continue;
    const accountId = r.subject.accountId;
    const { type, ...detail } = r.snapshot;
    if (type === 'manual-upload') {
      const u = ManualUploadDetailSchema.safeParse(detail);
      if (!u.success) continue;
      const path = manualPath(u.data.sha256, u.data.fileName);
      out.uploads.push({ accountId, ...u.data, at: r.observedAt, evidenceId: r.evidenceId, path });
      continue;
    }
    if (type !== 'attestation') continue;
    const parsed = AttestationDetailSchema.safeParse(detail);
    if (!parsed.success) continue;
    const d = parsed.data;
    const base = { accountId, evidenceId: r.evidenceId };
    switch (d.kind) {
      case 'access-review':
      case 'log-review':
        if (inPeriod(r.observedAt))
          out.reviews.push({
            ...base,
            controlId: d.kind,
            reviewer: d.reviewer,
            decision: d.decision,
            at: r.observedAt,
            ...(d.note ? { note: d.note } : {}),
            ...(d.kind === 'log-review' && d.scope ? { scope: d.scope } : {}),
            ...(d.kind === 'access-review' ? { snapshot: d.snapshot } : {}),
          });
        break;
      case 'review-due':
        if (inPeriod(r.observedAt))
          out.overdue.push({
            ...base,
            controlId: d.controlId,
            dueAt: d.dueAt,
            ...(d.lastApprovedAt ? { lastApprovedAt: d.lastApprovedAt } : {}),
            reason: `no approved review within ${d.cadenceDays} days`,
          });
        break;
      case 'exception':
        if (d.expiresAt >= period.from)
          out.exceptions.push({
            ...base,
            controlId: d.controlId,
            subjectKey: d.subjectKey,
            reason: d.reason,
            approver: d.approver,
            grantedAt: r.observedAt,
            expiresAt: d.expiresAt,
            state: d.expiresAt > period.to ? 'active' : 'expired',
          });
        break;
      case 'decision':
        out.decisions.push({
          ...base,
          citation: d.citation,
          decision: d.decision,
          reason: d.reason,
          ...(d.decidedBy ? { decidedBy: d.decidedBy } : {}),
          at: r.observedAt,
        });
        break;
    }
  }
  // an account with no approved review in the period is flagged even when no notice was recorded
  for (const accountId of accounts) {
    for (const controlId of REVIEWS) {
      const approved = out.reviews.some(
        (r) => r.accountId === accountId && r.controlId === controlId && r.decision === 'approved',
      );
      const noticed = out.overdue.some((o) => o.accountId === accountId && o.controlId === controlId);
      if (!approved && !noticed)
        out.overdue.push({ accountId, controlId, reason: 'no approved review in the period' });
    }
  }
  const byTime = <T extends { at: string }>(a: T, b: T) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);
  out.reviews.sort(byTime);
  out.decisions.sort(byTime);
  out.uploads.sort(byTime);
  out.exceptions.sort((a, b) => (a.grantedAt < b.grantedAt ? -1 : 1));
  out.overdue.sort((a, b) =>
    a.accountId === b.accountId
      ? a.controlId.localeCompare(b.controlId)
      : a.accountId.localeCompare(b.accountId),
  );
  return out;
}

/** Each document once (the same file may be filed under several targets): what goes into the zip. */
export function documentsToInclude(h: HumanEvidence): { sha256: string; path: string; bytes: number }[] {
  const seen = new Map<string, { sha256: string; path: string; bytes: number }>();
  for (const u of h.uploads)
    if (!seen.has(u.path)) seen.set(u.path, { sha256: u.sha256, path: u.path, bytes: u.bytes });
  return [...seen.values()];
}

/** One table of the human sign-off section, rendered alike in the PDF and index.html. */
export interface HumanTable {
  title: string;
  intro: string;
  headers: string[];
  /** relative column widths (the PDF's) */
  widths: number[];
  rows: string[][];
}

const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '-');
const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')}Z`;

/** The section as tables; a table with no rows says so in its intro rather than disappearing. */
export function humanEvidenceTables(h: HumanEvidence): HumanTable[] {
  const reviews = (controlId: ReviewEntry['controlId']) => h.reviews.filter((r) => r.controlId === controlId);
  return [
    {
      title: 'Access reviews (164.308(a)(3)(ii)(B), 164.308(a)(4)(ii)(C))',
      intro: `${reviews('access-review').length} access review(s) in the period, each against the IAM access snapshot the sweep recorded.`,
      headers: ['when (UTC)', 'account', 'reviewer', 'decision', 'snapshot', 'note', 'evidence id'],
      widths: [16, 13, 14, 13, 22, 22, 22],
      rows: reviews('access-review').map((r) => [
        minute(r.at),
        r.accountId,
        r.reviewer,
        r.decision,
        r.snapshot ? `${r.snapshot.evidenceId} (${day(r.snapshot.observedAt)})` : 'none on record',
        r.note ?? '',
        r.evidenceId,
      ]),
    },
    {
      title: 'Log reviews (164.308(a)(1)(ii)(D), 164.312(b))',
      intro: `${reviews('log-review').length} log review(s) in the period.`,
      headers: ['when (UTC)', 'account', 'reviewer', 'decision', 'scope', 'note', 'evidence id'],
      widths: [16, 13, 14, 13, 20, 24, 22],
      rows: reviews('log-review').map((r) => [
        minute(r.at),
        r.accountId,
        r.reviewer,
        r.decision,
        r.scope ?? '',
        r.note ?? '',
        r.evidenceId,
      ]),
    },
    {
      title: 'Overdue reviews',
      intro:
        h.overdue.length === 0
          ? 'No review was overdue in the period.'
          : `${h.overdue.length} review(s) flagged: overdue against the configured cadence, or with no approved review in the period.`,
      headers: ['account', 'review', 'due', 'last approved', 'why', 'evidence id'],
      widths: [13, 13, 11, 13, 34, 22],
      rows: h.overdue.map((o) => [
        o.accountId,
        o.controlId,
        day(o.dueAt),
        day(o.lastApprovedAt),
        o.reason,
        o.evidenceId ?? '',
      ]),
    },
    {
      title: 'Exceptions (accepted risks)',
      intro: `${h.exceptions.length} exception(s) in force during the period. An excepted NON_COMPLIANT verdict is shown as EXCEPTED until the exception expires; the verdict itself is never changed or deleted.`,
      headers: ['control', 'resource', 'reason', 'approver', 'granted', 'expires', 'at period end'],
      widths: [14, 26, 26, 11, 10, 10, 10],
      rows: h.exceptions.map((x) => [
        x.controlId,
        x.subjectKey,
        x.reason,
        x.approver,
        day(x.grantedAt),
        day(x.expiresAt),
        x.state,
      ]),
    },
    {
      title: 'Decisions on addressable implementation specifications',
      intro: `${h.decisions.length} recorded decision(s) (164.306(d)(3): implement, implement an equivalent alternative, or document why it is not reasonable and appropriate).`,
      headers: ['citation', 'account', 'decision', 'reason', 'by', 'when', 'evidence id'],
      widths: [16, 13, 13, 34, 11, 10, 22],
      rows: h.decisions.map((d) => [
        d.citation,
        d.accountId,
        // the status read from the decision itself, so a record stored before it was truthful reads right
        `${d.decision} (${decisionStatus(d.decision)})`,
        d.reason,
        d.decidedBy ?? '',
        day(d.at),
        d.evidenceId,
      ]),
    },
    {
      title: 'Uploaded documents',
      intro: h.documentsIncluded
        ? `${h.uploads.length} document(s) on file by the end of the period; each is in this binder under ${MANUAL_DIR}/ and listed with its SHA-256 in the manifest.`
        : `${h.uploads.length} document(s) on file by the end of the period. Their files are NOT in this binder: it was exported without access to the document store. Each is identified by its SHA-256.`,
      headers: ['for', 'document', 'title', 'bytes', 'uploaded', 'SHA-256', 'file in binder'],
      widths: [14, 16, 20, 8, 10, 24, 28],
      rows: h.uploads.map((u) => [
        u.target,
        u.fileName,
        u.title ?? '',
        String(u.bytes),
        day(u.at),
        u.sha256,
        h.documentsIncluded ? u.path : 'not included',
      ]),
    },
  ];
}

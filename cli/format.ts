import type { DriftEvent } from '../core/domain/drift';
import { subjectName } from '../core/domain/iam-identity';
import { transitionProducer } from '../core/domain/posture-view';
import type { IngestResult } from '../core/usecases/ingest';
import type { NotifyResult } from '../core/usecases/notify';
import type { StatusReport } from '../core/usecases/status';
import type { VerifyStoreReport } from '../core/usecases/verify-store';
import type { Subject } from '../evidence-schemas';
import { type Column, DEFAULT_WIDTH, fitColumns } from './layout';

const MARK: Record<string, string> = {
  COMPLIANT: 'ok  COMPLIANT',
  NON_COMPLIANT: '!!  NON_COMPLIANT',
  NOT_APPLICABLE: '--  NOT_APPLICABLE',
  NO_EVIDENCE: '..  NO_EVIDENCE',
  EXCEPTED: '~~  EXCEPTED',
};

/** A time as the tables show it: to the minute, UTC. */
const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');
/** A resource's column: its ARN or type and id, moved under the row when the table is too wide. */
const RESOURCE_COLUMN: Column = { header: 'resource', below: true };

/**
 * The posture report as text at most `width` wide: the posture table, then the non-compliant and
 * excepted resources and the reviews. The resources column counts AWS resources only (collection
 * health is in the gaps list, sign-offs under reviews); a control whose evidence stopped says so
 * beside its status.
 */
export function formatStatus(report: StatusReport, width = DEFAULT_WIDTH): string {
  const gapOf = (controlId: string) => report.gaps.some((g) => g.controlId === controlId);
  const rows = report.controls.map((c) => [
    MARK[c.status] ?? c.status,
    c.controlId,
    c.citations.map((x) => x.citation).join(' '),
    String(c.counts.resources),
    c.gap || gapOf(c.controlId) ? 'STOPPED' : '',
  ]);
  const failing = report.controls.flatMap((c) =>
    c.resources
      .filter((r) => r.status === 'NON_COMPLIANT')
      .map((r) => [c.controlId, resourceLabel(r.subject), r.reason, minute(r.observedAt)]),
  );
  const parts = [
    `Posture as of ${report.asOf}`,
    '',
    fitColumns(
      [
        { header: 'status' },
        { header: 'control' },
        { header: 'HIPAA citations', wrap: true },
        { header: 'resources' },
        { header: 'evidence' },
      ],
      rows,
      width,
    ),
  ];
  if (failing.length > 0) {
    parts.push(
      '',
      'Non-compliant resources',
      '',
      fitColumns(
        [{ header: 'control' }, RESOURCE_COLUMN, { header: 'reason', wrap: true }, { header: 'since (UTC)' }],
        failing,
        width,
      ),
    );
  }
  parts.push(...formatExceptedResources(report, width), ...formatReviews(report, width));
  return parts.join('\n');
}

/** NON_COMPLIANT verdicts under an active exception: reason, approver and expiry. */
function formatExceptedResources(report: StatusReport, width: number): string[] {
  const rows = report.controls.flatMap((c) =>
    c.resources.flatMap((r) =>
      r.exception
        ? [
            [
              c.controlId,
              resourceLabel(r.subject),
              r.exception.reason,
              r.exception.approver,
              minute(r.exception.expiresAt),
            ],
          ]
        : [],
    ),
  );
  if (rows.length === 0) return [];
  return [
    '',
    'Excepted (NON_COMPLIANT, accepted until expiry)',
    '',
    fitColumns(
      [
        { header: 'control' },
        RESOURCE_COLUMN,
        { header: 'reason', wrap: true },
        { header: 'approver', wrap: true },
        { header: 'expires (UTC)' },
      ],
      rows,
      width,
    ),
  ];
}

/** Access and log review cadence per account; overdue reviews are flagged. */
function formatReviews(report: StatusReport, width: number): string[] {
  if (!report.reviews || report.reviews.length === 0) return [];
  const rows = report.reviews.map((r) => [
    r.overdue ? '!!  OVERDUE' : r.current?.status === 'NON_COMPLIANT' ? '!!  CHANGES' : 'ok  current',
    r.accountId,
    r.controlId,
    r.lastApprovedAt?.slice(0, 10) ?? 'never',
    r.dueAt?.slice(0, 10) ?? 'now',
    `${r.cadenceDays} days`,
  ]);
  const columns = ['state', 'account', 'review', 'last approved', 'due', 'cadence'].map((header) => ({
    header,
  }));
  return ['', 'Reviews', '', fitColumns(columns, rows, width)];
}

/** The drift timeline as text at most `width` wide. */
export function formatTimeline(events: DriftEvent[], width = DEFAULT_WIDTH): string {
  if (events.length === 0) return 'No drift.';
  const rows = events.map((e) => [
    minute(e.at),
    e.kind === 'drift' ? `DRIFT (${e.state})` : `RESOLVED after ${humanDuration(e.timeToRemediateMs ?? 0)}`,
    e.controlId,
    subjectName(e.subject),
    transitionProducer(e),
  ]);
  return fitColumns(
    [
      { header: 'when (UTC)' },
      { header: 'what', wrap: true },
      { header: 'control' },
      RESOURCE_COLUMN,
      { header: 'who', wrap: true, below: true },
    ],
    rows,
    width,
  );
}

export function humanDuration(ms: number): string {
  const h = ms / 3_600_000;
  if (h < 1) return `${Math.round(ms / 60_000)} min`;
  if (h < 48) return `${h.toFixed(1)} h`;
  return `${(h / 24).toFixed(1)} days`;
}

export function formatIngest(r: IngestResult): string {
  const lines = [
    `received ${r.received}, stored ${r.stored}, duplicates ${r.duplicates}, unchanged ${r.unchanged}, ignored ${r.ignored}, quarantined ${r.quarantined.length}${r.failed.length ? `, FAILED ${r.failed.length}` : ''}`,
  ];
  for (const q of r.quarantined) lines.push(`  quarantined #${q.index} (${q.origin}): ${q.reason}`);
  for (const f of r.failed) lines.push(`  not stored #${f.index} (${f.origin}): ${f.error}`);
  return lines.join('\n');
}

export function formatVerify(r: VerifyStoreReport): string {
  const head = `${r.ok ? 'OK' : 'FAILED'}: ${r.subjects} chains, ${r.records} records, ${r.problems.length} problems, ${r.orphans.length} records off their chain`;
  const lines = [head];
  for (const p of r.problems) {
    lines.push(
      `  ${p.subjectKey}${p.sequence !== undefined ? ` #${p.sequence}` : ''}${p.evidenceId ? ` ${p.evidenceId}` : ''}: ${p.problem}`,
    );
  }
  if (r.orphans.length > 0) {
    // said plainly: a crashed writer's leftovers and an undone commit look the same here
    const signedUpTo = r.log?.signedUpTo;
    lines.push(
      `${r.orphans.length} record(s) off their chain: left by a writer that crashed or lost a race before its head moved, or by a table writer who put a head back and removed its commit's markers. They are not in binders; each stays in the evidence log${signedUpTo ? ', and those marked "signed" are under a signed tree head' : ''}:`,
    );
    for (const o of r.orphans.slice(0, ORPHANS_LISTED))
      lines.push(
        `  ${o.subjectKey} #${o.sequence} ${o.evidenceId} recorded ${o.recordedAt}${signedUpTo && o.recordedAt <= signedUpTo ? ' (signed)' : ''}`,
      );
    if (r.orphans.length > ORPHANS_LISTED)
      lines.push(`  and ${r.orphans.length - ORPHANS_LISTED} more (--json lists every one)`);
  }
  lines.push(...formatCheckpointCheck(r));
  return lines.join('\n');
}

/** Records off their chain listed one a line; --json has them all. */
const ORPHANS_LISTED = 20;

/** The daily checkpoint lines of a store check. */
function formatCheckpointCheck(r: VerifyStoreReport): string[] {
  const lines = [
    `Daily checkpoints: ${r.checkpoints}${r.checkpointProblems.length > 0 ? `, ${r.checkpointProblems.length} problems` : r.checkpoints > 0 ? ', every signature, link and root verified' : ' (run evidence checkpoint after a day ends)'}`,
  ];
  for (const p of r.checkpointProblems) lines.push(`  day ${p.day}: ${p.problem}`);
  if (r.log) {
    const l = r.log;
    lines.push(
      `Signed tree heads: ${l.heads} from ${l.headsFrom}, ${l.entries} log entries${l.problems.length > 0 ? `, ${l.problems.length} problems` : ''}; ${l.unsignedEntries} not yet signed${l.signedUpTo ? ` (signed up to ${l.signedUpTo})` : ''}`,
    );
    for (const p of l.problems) lines.push(`  head ${p.sequence}: ${p.problem}`);
  }
  return lines;
}

export function formatNotifications(r: NotifyResult): string {
  const parts = [`Slack: ${r.sent} notification(s) sent in ${r.messages.length} message(s)`];
  if (r.alreadySent) parts.push(`${r.alreadySent} already sent`);
  if (r.pending) parts.push(`${r.pending} kept PENDING (delivery failed; retried on the next run)`);
  return parts.join(', ');
}

/** A resource as the tables name it: its ARN, else its type and id; an IAM identity with its alias. */
function resourceLabel(subject: Subject): string {
  return subject.arn ? subjectName(subject) : `${subject.resourceType} ${subject.resourceId}`;
}

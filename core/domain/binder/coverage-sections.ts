/**
 * Binder sections for monitoring coverage and the ePHI inventory, kept apart from the main model:
 * - coverage gaps: from the coverage-check records of the period (HIPAA::Coverage::Control subjects),
 *   each gap with its start (when evidence was due or the recorder/collector failed), its end (the
 *   check that found fresh evidence again) or "ongoing", and its cause;
 * - the ePHI system inventory: resources whose tags put them in scope, from the chain heads.
 * Pure and bounded: one open gap per coverage subject, one row per gap and per in-scope resource.
 */
import type { EvidenceRecord, Subject, VerdictStatus } from '../../../evidence-schemas';
import type { HeadEphiScope } from '../../ports/evidence-store';
import { COVERAGE_CONTROL_TYPE } from '../coverage-facts';

/** One coverage gap of a control in one account and region. */
export interface CoverageGapEntry {
  subjectKey: string;
  accountId: string;
  region: string;
  controlId: string;
  /** stale, recorder-stopped, collection-failed; absent when the gap began before the period */
  cause?: string;
  reason: string;
  /** when the gap began */
  start: string;
  /** true when the gap was already open when the period began (its start is from before it) */
  startedBeforePeriod: boolean;
  /** when a check found fresh evidence again; absent while ongoing at the end of the period */
  end?: string;
  evidenceId: string;
  resolvedEvidenceId?: string;
}

/** One resource of the ePHI inventory. */
export interface EphiInventoryRow {
  subjectKey: string;
  subject: Subject;
  since: string;
  matchedTagKey?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Collects coverage gaps from the records of the period (fed in observation order per subject). */
export class CoverageGapCollector {
  private readonly open = new Map<string, CoverageGapEntry>();
  private readonly closed: CoverageGapEntry[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly from: string,
    private readonly to: string,
  ) {}

  /** One committed record of the period. */
  add(subjectKey: string, record: EvidenceRecord): void {
    if (record.subject.resourceType !== COVERAGE_CONTROL_TYPE || this.seen.has(record.evidenceId)) return;
    this.seen.add(record.evidenceId);
    const verdict = record.controls.find((c) => c.affectsPosture);
    if (!verdict) return;
    const cur = this.open.get(subjectKey);
    if (verdict.status === 'NON_COMPLIANT') {
      if (cur) return; // the same gap with a changed cause: it stays one gap
      const since = str(record.snapshot.since) ?? record.observedAt;
      const cause = str(record.snapshot.cause);
      this.open.set(subjectKey, {
        subjectKey,
        accountId: record.subject.accountId,
        region: record.subject.region,
        controlId: verdict.controlId,
        ...(cause ? { cause } : {}),
        reason: verdict.reason,
        start: since,
        startedBeforePeriod: since < this.from,
        evidenceId: record.evidenceId,
      });
      return;
    }
    if (cur) {
      this.open.delete(subjectKey);
      this.closed.push({ ...cur, end: record.observedAt, resolvedEvidenceId: record.evidenceId });
    } else {
      // closes a gap opened before the period: its opening record is not in the binder
      this.closed.push({
        subjectKey,
        accountId: record.subject.accountId,
        region: record.subject.region,
        controlId: verdict.controlId,
        reason: 'gap open when the period began',
        start: this.from,
        startedBeforePeriod: true,
        end: record.observedAt,
        evidenceId: record.evidenceId,
        resolvedEvidenceId: record.evidenceId,
      });
    }
  }

  /**
   * Every gap of the period, by start. `baselines` are the verdicts before the period of the subjects
   * without records in it: a coverage subject NON_COMPLIANT then is a gap ongoing through the period.
   */
  gaps(
    quiet: Iterable<{ subjectKey: string; subject: Subject; verdicts: Iterable<[string, BaselineVerdict]> }>,
  ): CoverageGapEntry[] {
    const out = [...this.closed, ...this.open.values()];
    const have = new Set(out.map((g) => g.subjectKey));
    for (const q of quiet) {
      if (q.subject.resourceType !== COVERAGE_CONTROL_TYPE || have.has(q.subjectKey)) continue;
      for (const [controlId, v] of q.verdicts) {
        if (v.status !== 'NON_COMPLIANT' || v.observedAt > this.to) continue;
        out.push({
          subjectKey: q.subjectKey,
          accountId: q.subject.accountId,
          region: q.subject.region,
          controlId,
          reason: v.reason,
          start: v.observedAt,
          startedBeforePeriod: true,
          evidenceId: v.evidenceId,
        });
      }
    }
    return out.sort((a, b) =>
      a.start === b.start ? a.subjectKey.localeCompare(b.subjectKey) : a.start < b.start ? -1 : 1,
    );
  }
}

export interface BaselineVerdict {
  status: VerdictStatus;
  reason: string;
  observedAt: string;
  evidenceId: string;
}

/** The ePHI inventory from the heads (in scope now), by account, region, type and id. */
export function ephiInventoryOf(
  heads: Iterable<{ subjectKey: string; subject: Subject; ephi?: HeadEphiScope }>,
): EphiInventoryRow[] {
  const rows: EphiInventoryRow[] = [];
  for (const h of heads) {
    if (!h.ephi?.inScope) continue;
    rows.push({
      subjectKey: h.subjectKey,
      subject: h.subject,
      since: h.ephi.since,
      ...(h.ephi.matchedTagKey ? { matchedTagKey: h.ephi.matchedTagKey } : {}),
    });
  }
  return rows.sort(
    (a, b) =>
      a.subject.accountId.localeCompare(b.subject.accountId) ||
      a.subject.region.localeCompare(b.subject.region) ||
      a.subject.resourceType.localeCompare(b.subject.resourceType) ||
      a.subject.resourceId.localeCompare(b.subject.resourceId),
  );
}

/** The inventory file's content: canonical enough to diff, and free of tag values by construction. */
export function ephiInventoryJson(rows: EphiInventoryRow[], generatedAt: string): string {
  return `${JSON.stringify(
    {
      generatedAt,
      note: 'Resources whose tags put them in the ePHI inventory (45 CFR 164.308(a)(1)(ii)(A)); tag values are never stored, only the key that matched.',
      resources: rows.map((r) => ({
        accountId: r.subject.accountId,
        region: r.subject.region,
        resourceType: r.subject.resourceType,
        resourceId: r.subject.resourceId,
        ...(r.subject.arn ? { arn: r.subject.arn } : {}),
        since: r.since,
        ...(r.matchedTagKey ? { matchedTagKey: r.matchedTagKey } : {}),
      })),
    },
    null,
    2,
  )}\n`;
}

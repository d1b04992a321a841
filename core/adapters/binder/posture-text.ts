/**
 * The words the PDF and index.html both use for the posture view (core/domain/posture-view.ts):
 * exceptions, the ePHI resources out of compliance, collection health and gaps. Renderer-neutral: rows
 * of plain text, no escaping, no layout, so the two renderings cannot say different things.
 */
import type { BinderModel, CitationSection, DriftEntry, ResourceVerdict } from '../../domain/binder/model';
import { humanDuration, percent, resourceName, utcMinute } from './format';

/** A table as both renderers draw it. */
export interface TextTable {
  headers: string[];
  /** column widths in characters, for the PDF */
  widths: number[];
  rows: string[][];
}

/** The mark beside a status whose control's evidence stopped (a collection gap open at period end). */
export const GAP_MARK = '*';

/** A citation's status at the end of the period, with the gap mark when its evidence stopped. */
export function citationStatusText(c: Pick<CitationSection, 'status' | 'gap'>): string {
  return c.gap ? `${c.status}${GAP_MARK}` : c.status;
}

/** What the gap mark means, under a table that uses it. */
export const GAP_NOTE = `${GAP_MARK} evidence stopped: a collection gap of one of its controls was still open at the end of the period (see its section and "Collection health").`;

/** The exceptions that make verdicts EXCEPTED: who accepted the risk, why, until when. */
export function exceptedTable(verdicts: readonly ResourceVerdict[]): TextTable {
  return {
    headers: ['control', 'resource', 'approved by', 'reason', 'expires (UTC)'],
    widths: [16, 30, 18, 36, 13],
    rows: verdicts.map((v) => [
      v.controlId,
      resourceName(v),
      v.exception?.approver ?? '',
      v.exception?.reason ?? '',
      utcMinute(v.exception?.expiresAt),
    ]),
  };
}

/** The paragraph that names the EXCEPTED verdicts at the end of the period. */
export function exceptedText(m: BinderModel): string {
  if (m.excepted.length === 0)
    return 'No verdict was EXCEPTED at the end of the period: no exception covered a non-compliant resource.';
  return `${m.excepted.length} non-compliant verdict(s) end the period EXCEPTED: each is an accepted risk under an exception in force, approved as listed. They remain non-compliant and are counted as such in the time compliant.`;
}

/** The ePHI resources out of compliance at some moment of the period, longest first. */
export function ephiExposureTable(m: BinderModel): TextTable {
  return {
    headers: ['resource', 'controls', 'non-compliant for', 'at period end'],
    widths: [44, 30, 17, 13],
    rows: m.ephiExposure.map((r) => [
      resourceName(r),
      r.controls.join(', '),
      humanDuration(r.nonCompliantMs),
      r.ongoing ? 'still open' : 'remediated',
    ]),
  };
}

/** The paragraph before the ePHI table. */
export function ephiExposureText(m: BinderModel): string {
  if (m.ephiExposure.length === 0)
    return `None of the ${m.ephiInventory.length} resource(s) tagged as holding ePHI was non-compliant at any moment of the period.`;
  return `${m.ephiExposure.length} of the ${m.ephiInventory.length} resource(s) tagged as holding ePHI were non-compliant at some moment of the period, for the total time shown (overlapping findings counted once).`;
}

/** The overall time compliant, weighted by resource-time. */
export function overallShareText(m: BinderModel): string {
  return `Over the period, AWS resources were compliant ${percent(m.compliantShare)} of their evidenced resource-time (each resource and control weighted by how long it was in each state; the pipeline's own collection checks and sign-offs are not counted as resources).`;
}

/** The failing collection checks at the end of the period: the sweep's collectors and coverage checks. */
export function collectionTable(verdicts: readonly ResourceVerdict[]): TextTable {
  return {
    headers: ['status', 'control', 'check', 'account / region', 'since (UTC)', 'reason'],
    widths: [13, 16, 28, 20, 13, 30],
    rows: verdicts
      .filter((v) => v.status !== 'COMPLIANT')
      .map((v) => [
        v.status,
        v.controlId,
        v.subject.resourceId,
        `${v.subject.accountId} ${v.subject.region}`,
        `${utcMinute(v.observedAt)}${v.inPeriod ? '' : ' (before)'}`,
        v.reason,
      ]),
  };
}

/** The healthy collection checks at the end of the period, one row per control. */
export function healthyCollectionTable(verdicts: readonly ResourceVerdict[]): TextTable {
  const byControl = new Map<string, string[]>();
  for (const v of verdicts)
    if (v.status === 'COMPLIANT')
      byControl.set(v.controlId, [...(byControl.get(v.controlId) ?? []), v.subject.resourceId]);
  return {
    headers: ['control', 'healthy checks', 'checks'],
    widths: [22, 8, 90],
    rows: [...byControl].map(([controlId, checks]) => [controlId, String(checks.length), checks.join(', ')]),
  };
}

/** The paragraph before the collection health table. */
export const COLLECTION_TEXT =
  "Collection health is the pipeline's own bookkeeping, not AWS resources: each daily-sweep API call (a collector such as iam:ListUsers) and each control's coverage check. A failing one means the evidence of its controls stopped arriving; it is never counted as a resource, but it keeps its controls from reading plainly COMPLIANT.";

/** One line on a citation page about its controls' collection health. */
export function citationCollectionText(c: CitationSection): string | undefined {
  if (c.collection.length === 0 && !c.gap) return undefined;
  const failing = c.collection.filter((v) => v.status === 'NON_COMPLIANT').length;
  return `Collection health of these controls: ${c.collection.length} check(s), ${failing} failing at the end of the period${c.gap ? `; evidence stopped (${c.gap})` : ''}. Checks are listed under "Collection health", not as resources.`;
}

/** The status sentence of a citation page, naming the exceptions and the gap. */
export function citationStatusSentence(c: CitationSection): string {
  const excepted = c.resources.filter((r) => r.status === 'EXCEPTED').length;
  return `At the end of the period: ${c.status}${excepted > 0 ? ` (${excepted} non-compliant verdict(s) under an accepted exception, listed below)` : ''}${c.gap ? `, and its evidence stopped: ${c.gap}` : ''}.`;
}

/** The remediation cell of a drift not remediated in the period: says when it is an accepted exception. */
export function unremediatedText(c: CitationSection, d: DriftEntry): string {
  const excepted = c.resources.some(
    (r) => r.status === 'EXCEPTED' && r.controlId === d.controlId && r.subjectKey === d.subjectKey,
  );
  return excepted ? 'not in the period; EXCEPTED' : 'not in the period';
}

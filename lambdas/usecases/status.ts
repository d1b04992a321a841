import type { Citation, EvidenceRecord, Subject } from '../../evidence-schemas';
import { CONTROLS, citationsOf, controlById } from '../domain/catalog';
import { checkRecord } from '../domain/chain';
import { headPosture, type PostureEntry, postureFromRecords } from '../domain/posture';
import type { ReviewStatus } from '../domain/reviews';
import type { EvidenceStore } from '../ports/evidence-store';
import { activeExceptions, type ExceptionView } from './human-evidence';

/** EXCEPTED: every NON_COMPLIANT verdict of the control is covered by an active exception. */
export type ControlStatus = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'NO_EVIDENCE' | 'EXCEPTED';

export interface StatusReport {
  asOf: string;
  controls: {
    controlId: string;
    title: string;
    citations: Citation[];
    status: ControlStatus;
    resources: StatusResource[];
  }[];
  /** review cadence per account and review control, when the caller checked it */
  reviews?: ReviewStatus[];
}

/** One subject's verdict on one control; EXCEPTED is a NON_COMPLIANT verdict under an active exception. */
export interface StatusResource {
  subject: Subject;
  status: PostureEntry['status'] | 'EXCEPTED';
  reason: string;
  observedAt: string;
  evidenceId: string;
  exception?: Omit<ExceptionView, 'controlId' | 'subjectKey'>;
}

/** Every record document in the store that verifies on its own, with its subject key. */
export async function* verifiedRecords(
  store: EvidenceStore,
): AsyncIterable<{ record: EvidenceRecord; subjectKey: string }> {
  for await (const d of store.scanRecordDocs()) {
    const { record, problems } = checkRecord(d.doc);
    if (record && problems.length === 0) yield { record, subjectKey: d.subjectKey };
  }
}

/**
 * Posture per control. Now: from the chain heads, which hold each subject's posture. At a past time: recomputed from the chain records
 * (the latest verdict whose event time is at or before `at`).
 */
export async function postureStatus(
  store: EvidenceStore,
  options: { at?: string; now?: () => Date; reviews?: ReviewStatus[] } = {},
): Promise<StatusReport> {
  const entries: PostureEntry[] = [];
  if (options.at) {
    const records: { record: EvidenceRecord; subjectKey: string }[] = [];
    for await (const r of verifiedRecords(store)) records.push(r);
    entries.push(...postureFromRecords(records, options.at).values());
  } else {
    for await (const head of store.listHeads()) entries.push(...headPosture(head));
  }
  const asOf = options.at ?? (options.now ?? (() => new Date()))().toISOString();
  const exceptions = await exceptionsFor(store, entries, new Date(asOf));
  const byControl = new Map<string, PostureEntry[]>();
  for (const e of entries) byControl.set(e.controlId, [...(byControl.get(e.controlId) ?? []), e]);
  const ids = [
    ...CONTROLS.map((c) => c.id),
    ...[...byControl.keys()].filter((id) => !controlById(id)).sort(),
  ];
  return {
    asOf,
    ...(options.reviews ? { reviews: options.reviews } : {}),
    controls: ids.map((id) => {
      const control = controlById(id);
      const resources = (byControl.get(id) ?? [])
        .sort((a, b) => a.subjectKey.localeCompare(b.subjectKey))
        .map((e): StatusResource => {
          const r: StatusResource = {
            subject: e.subject,
            status: e.status,
            reason: e.reason,
            observedAt: e.observedAt,
            evidenceId: e.evidenceId,
          };
          const x = exceptions.get(`${e.controlId}\u0000${e.subjectKey}`);
          if (!x) return r;
          const { controlId: _c, subjectKey: _k, ...exception } = x;
          return { ...r, status: 'EXCEPTED', exception };
        });
      return {
        controlId: id,
        title: control?.title ?? `AWS Config rule ${id.slice('config-rule:'.length)} (not in the catalog)`,
        citations: control ? citationsOf(control.citations) : [],
        status: aggregate(resources.map((r) => r.status)),
        resources,
      };
    }),
  };
}

/** Active exceptions of the NON_COMPLIANT entries, looked up by key (no scan). */
async function exceptionsFor(
  store: EvidenceStore,
  entries: PostureEntry[],
  when: Date,
): Promise<Map<string, ExceptionView>> {
  const failing = entries.filter((e) => e.status === 'NON_COMPLIANT');
  return activeExceptions(
    store,
    failing.map((e) => ({
      accountId: e.subject.accountId,
      controlId: e.controlId,
      subjectKey: e.subjectKey,
    })),
    when,
  );
}

function aggregate(statuses: StatusResource['status'][]): ControlStatus {
  if (statuses.length === 0) return 'NO_EVIDENCE';
  if (statuses.includes('NON_COMPLIANT')) return 'NON_COMPLIANT';
  if (statuses.includes('EXCEPTED')) return 'EXCEPTED';
  if (statuses.includes('COMPLIANT')) return 'COMPLIANT';
  return 'NOT_APPLICABLE';
}

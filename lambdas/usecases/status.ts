import type { Citation, EvidenceRecord, Subject } from '../../evidence-schemas';
import { CONTROLS, citationsOf, controlById } from '../domain/catalog';
import { checkRecord } from '../domain/chain';
import { headPosture, type PostureEntry, postureFromRecords } from '../domain/posture';
import type { EvidenceStore } from '../ports/evidence-store';

export type ControlStatus = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'NO_EVIDENCE';

export interface StatusReport {
  asOf: string;
  controls: {
    controlId: string;
    title: string;
    citations: Citation[];
    status: ControlStatus;
    resources: {
      subject: Subject;
      status: PostureEntry['status'];
      reason: string;
      observedAt: string;
      evidenceId: string;
    }[];
  }[];
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
  options: { at?: string; now?: () => Date } = {},
): Promise<StatusReport> {
  const entries: PostureEntry[] = [];
  if (options.at) {
    const records: { record: EvidenceRecord; subjectKey: string }[] = [];
    for await (const r of verifiedRecords(store)) records.push(r);
    entries.push(...postureFromRecords(records, options.at).values());
  } else {
    for await (const head of store.listHeads()) entries.push(...headPosture(head));
  }
  const byControl = new Map<string, PostureEntry[]>();
  for (const e of entries) byControl.set(e.controlId, [...(byControl.get(e.controlId) ?? []), e]);
  const ids = [
    ...CONTROLS.map((c) => c.id),
    ...[...byControl.keys()].filter((id) => !controlById(id)).sort(),
  ];
  return {
    asOf: options.at ?? (options.now ?? (() => new Date()))().toISOString(),
    controls: ids.map((id) => {
      const control = controlById(id);
      const resources = (byControl.get(id) ?? [])
        .sort((a, b) => a.subjectKey.localeCompare(b.subjectKey))
        .map((e) => ({
          subject: e.subject,
          status: e.status,
          reason: e.reason,
          observedAt: e.observedAt,
          evidenceId: e.evidenceId,
        }));
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

function aggregate(statuses: PostureEntry['status'][]): ControlStatus {
  if (statuses.length === 0) return 'NO_EVIDENCE';
  if (statuses.includes('NON_COMPLIANT')) return 'NON_COMPLIANT';
  if (statuses.includes('COMPLIANT')) return 'COMPLIANT';
  return 'NOT_APPLICABLE';
}

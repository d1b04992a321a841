/**
 * The drifts a binder lists, from the drift state machine (core/domain/drift.ts) replayed over the
 * records that changed a status: each drift of the period with the transition that resolved it, and
 * each drift from before the period that was resolved in it. Pure. The transitions carry their
 * record's hash and sequence, so nothing is looked up again from the records.
 */
import type { EvidenceRecord, Subject } from '../../../evidence-schemas';
import { driftTimeline } from '../drift';
import type { DriftEntry } from './model';

const NO_CITATIONS: EvidenceRecord['controls'][number]['citations'] = [];
const NO_SNAPSHOT: EvidenceRecord['snapshot'] = {};

/** The posture-affecting verdicts of a record. */
export function verdictsOf(record: EvidenceRecord) {
  return record.controls.filter((c) => c.affectsPosture);
}

/**
 * What the drift machine reads of a record (its posture verdicts, time, id, actor, source kind and
 * integrity), sharing the subject object the aggregate already holds: a few hundred bytes, not the
 * record.
 */
export function driftInput(record: EvidenceRecord, subject: Subject): EvidenceRecord {
  return {
    schemaVersion: record.schemaVersion,
    evidenceId: record.evidenceId,
    subject,
    // the machine reads the kind, and who produced the record (actor.ts) its rule and user name; the
    // event id and time stand in for what is left behind
    source: {
      kind: record.source.kind,
      eventId: '-',
      eventTime: '1970-01-01T00:00:00.000Z',
      ...(record.source.configRuleName ? { configRuleName: record.source.configRuleName } : {}),
    },
    ...(record.actor
      ? {
          actor: {
            principalType: record.actor.principalType,
            ...(record.actor.principalArn ? { principalArn: record.actor.principalArn } : {}),
            ...(record.actor.userName ? { userName: record.actor.userName } : {}),
          },
        }
      : {}),
    controls: verdictsOf(record).map((c) => ({
      controlId: c.controlId,
      citations: NO_CITATIONS,
      status: c.status,
      reason: c.reason,
      affectsPosture: true,
    })),
    observedAt: record.observedAt,
    snapshot: NO_SNAPSHOT,
    recordedAt: record.recordedAt,
    integrity: record.integrity,
  };
}

/**
 * The drifts of one subject that a period from `from` lists, given the records that changed one of
 * its statuses: those before the period (to know which drifts were open when it began) and those in
 * it. In the order the drift machine makes them.
 */
export function periodDrifts(subjectKey: string, records: EvidenceRecord[], from: string): DriftEntry[] {
  const listed: DriftEntry[] = [];
  const open = new Map<string, DriftEntry>();
  for (const e of driftTimeline(records.map((record) => ({ record, subjectKey })))) {
    if (e.at < from) {
      if (e.kind === 'drift') open.set(e.controlId, e);
      else open.delete(e.controlId);
      continue;
    }
    if (e.kind === 'drift') {
      listed.push(e);
      open.set(e.controlId, e);
      continue;
    }
    const entry = open.get(e.controlId);
    open.delete(e.controlId);
    if (!entry) continue;
    entry.resolution = e;
    // a drift that began before the period is listed once it is resolved in the period
    if (entry.at < from) listed.push(entry);
  }
  return listed;
}

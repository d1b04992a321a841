import { assess } from '../../core/domain/catalog';
import { prepareRecord } from '../../core/domain/chain';
import { planCommit } from '../../core/domain/commit-plan';
import { accessSnapshotSubject } from '../../core/domain/normalize/internal/attestation';
import { type Observation, subjectKey } from '../../core/domain/observation';
import type { EvidenceStore } from '../../core/ports/evidence-store';
import type { EvidenceRecord } from '../../evidence-schemas';

/**
 * Commits one observation through ingest's own planner (hash, chain link, head with posture), for
 * subjects whose events this branch cannot parse yet: the sweep's IAM access snapshots.
 */
export async function commitObservation(store: EvidenceStore, obs: Observation): Promise<EvidenceRecord> {
  const key = subjectKey(obs.subject);
  const head = (await store.getHeads([key])).get(key);
  const plan = planCommit({
    subjectKey: key,
    chunk: [{ index: 0, observation: obs, prepared: prepareRecord(obs, assess(obs)) }],
    head,
    known: new Set(),
    recordedAt: obs.observedAt,
  });
  await store.putRecords(plan.records.map((record) => ({ subjectKey: key, record })));
  if (plan.next) await store.commitHead(plan.next, head?.sequence);
  const record = plan.records[0];
  if (!record) throw new Error('the observation was not stored');
  return record;
}

/** An IAM access snapshot of an account, as the sweep records it (who has which access). */
export function commitAccessSnapshot(
  store: EvidenceStore,
  accountId: string,
  observedAt: string,
  users: string[],
): Promise<EvidenceRecord> {
  return commitObservation(store, {
    subject: accessSnapshotSubject(accountId),
    source: { kind: 'sweep', eventId: `snapshot-${accountId}-${observedAt}`, eventTime: observedAt },
    observedAt,
    facts: {
      type: 'configuration',
      resourceType: 'HIPAA::IAM::AccessSnapshot',
      status: 'OK',
      deleted: false,
      configuration: { users: users.map((userName) => ({ userName })) },
      supplementaryConfiguration: {},
      tagKeys: [],
    },
  });
}

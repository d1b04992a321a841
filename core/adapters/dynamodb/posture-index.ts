/** The posture-by-control index: one item per (control, subject), derived from heads. */
import { SubjectSchema, VerdictStatusSchema } from '../../../evidence-schemas';
import type { PostureIndexEntry } from '../../ports/evidence-store';
import { mapLimit } from '../../support/concurrency';
import { conditionalPut, type Item, N, queryPartition, S, scanKind, str, type Table } from './table';
import { posturePk, posturePkOf, SHARDS } from './table-schema';

/** Writes index entries; an entry never replaces one derived from a newer head. */
export async function putPostureIndex(table: Table, entries: PostureIndexEntry[]): Promise<void> {
  // One conditional put per entry (BatchWriteItem takes no conditions): writers index after their head
  // commit, so a writer that committed earlier can reach the index later; the condition keeps an entry
  // derived from an older head from overwriting one derived from a newer head.
  await mapLimit(entries, table.parallelRequests, (e) =>
    conditionalPut(
      table,
      {
        pk: S(posturePkOf(e.controlId, e.subjectKey)),
        sk: S(e.subjectKey),
        kind: S('posture'),
        controlId: S(e.controlId),
        subjectKey: S(e.subjectKey),
        subject: S(JSON.stringify(e.subject)),
        status: S(e.status),
        reason: S(e.reason),
        observedAt: S(e.observedAt),
        evidenceId: S(e.evidenceId),
        orderKey: S(e.orderKey),
        headSeq: N(e.headSequence),
      },
      'attribute_not_exists(pk) OR headSeq <= :seq',
      { ':seq': N(e.headSequence) },
    ),
  );
}

/** The index: one control's shards, or all of it. */
export async function* listPostureIndex(table: Table, controlId?: string): AsyncIterable<PostureIndexEntry> {
  const items = controlId ? queryControl(table, controlId) : scanKind(table, 'posture');
  for await (const item of items) yield entryOf(item);
}

async function* queryControl(table: Table, controlId: string): AsyncIterable<Item> {
  for (const shard of SHARDS) yield* queryPartition(table, posturePk(controlId, shard));
}

function entryOf(item: Item): PostureIndexEntry {
  return {
    subjectKey: str(item, 'subjectKey'),
    subject: SubjectSchema.parse(JSON.parse(str(item, 'subject'))),
    controlId: str(item, 'controlId'),
    status: VerdictStatusSchema.parse(str(item, 'status')),
    reason: str(item, 'reason'),
    observedAt: str(item, 'observedAt'),
    evidenceId: str(item, 'evidenceId'),
    orderKey: str(item, 'orderKey'),
    headSequence: Number(item.headSeq?.N ?? 0),
  };
}

/** The notification ledger in the evidence table: sent markers, and notifications still to deliver. */
import { type Transition, TransitionSchema } from '../../../evidence-schemas';
import { batchGet, batchWrite, queryPartition, S, str, type Table } from './table';
import {
  pendingNotificationKey,
  pendingNotificationPk,
  SHARDS,
  sentNotificationKey,
  transitionIdOfSentPk,
} from './table-schema';

/** Which of these transitions' notifications were sent. */
export async function findSentNotifications(table: Table, ids: string[]): Promise<Set<string>> {
  const keys = [...new Set(ids)].map((id) => {
    const key = sentNotificationKey(id);
    return { pk: S(key.pk), sk: S(key.sk) };
  });
  return new Set((await batchGet(table, keys)).map((item) => transitionIdOfSentPk(str(item, 'pk'))));
}

/** Marks these transitions' notifications sent. */
export async function markNotificationsSent(table: Table, ids: string[]): Promise<void> {
  const at = new Date().toISOString();
  await batchWrite(
    table,
    [...new Set(ids)].map((id) => {
      const key = sentNotificationKey(id);
      return {
        PutRequest: { Item: { pk: S(key.pk), sk: S(key.sk), kind: S('notification-sent'), sentAt: S(at) } },
      };
    }),
  );
}

/** Keeps transitions whose notification could not be delivered, for the next run. */
export async function savePendingNotifications(table: Table, transitions: Transition[]): Promise<void> {
  await batchWrite(
    table,
    transitions.map((t) => {
      const key = pendingNotificationKey(t.id);
      return {
        PutRequest: {
          Item: {
            pk: S(key.pk),
            sk: S(key.sk),
            kind: S('notification-pending'),
            transition: S(JSON.stringify(t)),
          },
        },
      };
    }),
  );
}

/** Every transition whose notification is still pending. */
export async function listPendingNotifications(table: Table): Promise<Transition[]> {
  const out: Transition[] = [];
  for (const shard of SHARDS) {
    for await (const item of queryPartition(table, pendingNotificationPk(shard))) {
      out.push(TransitionSchema.parse(JSON.parse(str(item, 'transition'))));
    }
  }
  return out;
}

/** Forgets pending notifications (delivered since). */
export async function deletePendingNotifications(table: Table, ids: string[]): Promise<void> {
  await batchWrite(
    table,
    [...new Set(ids)].map((id) => {
      const key = pendingNotificationKey(id);
      return { DeleteRequest: { Key: { pk: S(key.pk), sk: S(key.sk) } } };
    }),
  );
}

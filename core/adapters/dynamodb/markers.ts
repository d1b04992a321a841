/**
 * Source-event markers: which source events a commit stored, one item per (subject, event day,
 * commit), so a redelivered event is found a duplicate with one query per (subject, day).
 */
import { z } from 'zod';
import {
  eventKey,
  type SourceEventMarker,
  type SourceEventRef,
  type StoredMarker,
} from '../../ports/evidence-store';
import { mapLimit } from '../../support/concurrency';
import { batchWrite, queryPartition, S, str, type Table } from './table';
import { commitOfMarkerSk, MARKER_SK_PREFIX, markerSk, markerSkPrefix, subjectPk } from './table-schema';

const IdsSchema = z.array(z.string());

/** Which of these source events already have a committed record (as `eventKey` strings). */
export async function findSourceEvents(table: Table, refs: SourceEventRef[]): Promise<Set<string>> {
  // markers are filed by the event's day: one query per (subject, day) reads every commit's list
  const groups = new Map<string, { subjectKey: string; day: string }>();
  for (const r of refs)
    groups.set(`${r.subjectKey}\u0000${r.observedAt.slice(0, 10)}`, {
      subjectKey: r.subjectKey,
      day: r.observedAt.slice(0, 10),
    });
  const found = new Set<string>();
  await mapLimit([...groups.values()], table.parallelRequests, async ({ subjectKey, day }) => {
    for await (const item of queryPartition(table, subjectPk(subjectKey), markerSkPrefix(day))) {
      for (const id of IdsSchema.parse(JSON.parse(str(item, 'ids') || '[]')))
        found.add(eventKey(subjectKey, id));
    }
  });
  return found;
}

/** Every marker of one subject: which source events each of its commits stored (by commit sequence). */
export async function listSourceEventMarkers(table: Table, subjectKey: string): Promise<StoredMarker[]> {
  const out: StoredMarker[] = [];
  for await (const item of queryPartition(table, subjectPk(subjectKey), MARKER_SK_PREFIX)) {
    const commit = commitOfMarkerSk(str(item, 'sk'));
    if (commit === undefined) continue;
    out.push({ ...commit, eventIds: IdsSchema.parse(JSON.parse(str(item, 'ids') || '[]')) });
  }
  return out;
}

/** Records which source events commits stored: one item per (subject, event day, commit). */
export async function markSourceEvents(table: Table, commits: SourceEventMarker[]): Promise<void> {
  const items = new Map<string, { subjectKey: string; sk: string; ids: Set<string> }>();
  for (const c of commits) {
    for (const e of c.events) {
      const sk = markerSk(e.observedAt, c.sequence, c.tip);
      const key = `${c.subjectKey}\u0000${sk}`;
      const item = items.get(key) ?? { subjectKey: c.subjectKey, sk, ids: new Set<string>() };
      item.ids.add(e.eventId);
      items.set(key, item);
    }
  }
  await batchWrite(
    table,
    [...items.values()].map((m) => ({
      PutRequest: {
        Item: {
          pk: S(subjectPk(m.subjectKey)),
          sk: S(m.sk),
          kind: S('event-marker'),
          ids: S(JSON.stringify([...m.ids].sort())),
        },
      },
    })),
  );
}

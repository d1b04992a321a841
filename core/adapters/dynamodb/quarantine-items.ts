/**
 * Quarantined inputs: one item per input, kept (gzipped) with its reason, updated in place by redrives
 * and never deleted.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { sha256Hex } from '../../domain/hashing';
import type { QuarantineItem, QuarantineUpdate, StoredQuarantineItem } from '../../ports/evidence-store';
import { isConditionFailure, withRetries } from './retry';
import { batchWrite, type Item, N, S, scanKind, str, type Table } from './table';
import { quarantineIndexKeys, quarantineKey } from './table-schema';

/** Largest raw input kept inline with a quarantined item (DynamoDB items are limited to 400 KB). */
const MAX_QUARANTINE_RAW = 280_000;

/** Keeps inputs in the quarantine; an item written again (a redelivery) is the same item. */
export async function quarantine(table: Table, items: QuarantineItem[]): Promise<void> {
  await batchWrite(
    table,
    items.map((q) => {
      const truncated = q.raw.length > MAX_QUARANTINE_RAW;
      const kept = truncated ? q.raw.slice(0, MAX_QUARANTINE_RAW) : q.raw;
      const key = quarantineKey(q.recordedAt, q.id);
      const rawSha256 = sha256Hex(q.raw);
      return {
        PutRequest: {
          Item: {
            pk: S(key.pk),
            sk: S(key.sk),
            kind: S('quarantine'),
            id: S(q.id),
            recordedAt: S(q.recordedAt),
            reason: S(q.reason),
            origin: S(q.origin),
            idx: N(q.index),
            raw: { B: gzipSync(kept) },
            rawSha256: S(rawSha256),
            ...Object.fromEntries(
              Object.entries(quarantineIndexKeys({ recordedAt: q.recordedAt, id: q.id, rawSha256 })).map(
                ([name, value]) => [name, S(value)],
              ),
            ),
            rawBytes: N(Buffer.byteLength(q.raw)),
            truncated: { BOOL: truncated },
          },
        },
      };
    }),
  );
}

/**
 * Records a redrive on a quarantined item. False, changing nothing, when the item is missing, already
 * resolved or was redriven by someone else since it was read.
 */
export async function updateQuarantine(table: Table, u: QuarantineUpdate): Promise<boolean> {
  // attributes set by a redrive; `firstReason` keeps the reason given on arrival (operands of SET read
  // the item as it was before the update, so `#reason` here is the old reason)
  const sets = ['#attempts = :attempts', '#lastAttemptAt = :at', '#state = :state'];
  const values: Item = {
    ':attempts': N(u.expectedAttempts + 1),
    ':expected': N(u.expectedAttempts),
    ':at': S(u.attemptedAt),
    ':state': S(u.state),
    ':open': S('open'),
  };
  const names: Record<string, string> = {
    '#attempts': 'attempts',
    '#lastAttemptAt': 'lastAttemptAt',
    '#state': 'state',
    '#pk': 'pk',
  };
  if (u.state === 'open') {
    sets.push('#firstReason = if_not_exists(#firstReason, #reason)', '#reason = :reason');
    Object.assign(names, { '#firstReason': 'firstReason', '#reason': 'reason' });
    values[':reason'] = S(u.reason);
  } else {
    sets.push('#resolvedAt = :at', '#outcome = :outcome', '#evidenceIds = :ids');
    Object.assign(names, {
      '#resolvedAt': 'resolvedAt',
      '#outcome': 'outcome',
      '#evidenceIds': 'evidenceIds',
    });
    values[':outcome'] = S(u.outcome);
    values[':ids'] = { L: u.evidenceIds.map(S) };
  }
  const key = quarantineKey(u.recordedAt, u.id);
  try {
    await withRetries(() =>
      table.client.send(
        new UpdateItemCommand({
          TableName: table.tableName,
          Key: { pk: S(key.pk), sk: S(key.sk) },
          UpdateExpression: `SET ${sets.join(', ')}`,
          // never create an item, never reopen a resolved one, never count an attempt twice
          ConditionExpression:
            'attribute_exists(#pk) AND (attribute_not_exists(#state) OR #state = :open) AND ' +
            // an item never redriven has no count yet
            (u.expectedAttempts === 0
              ? '(attribute_not_exists(#attempts) OR #attempts = :expected)'
              : '#attempts = :expected'),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Every quarantined input, with its redrive state. */
export async function* listQuarantine(table: Table): AsyncIterable<StoredQuarantineItem> {
  for await (const item of scanKind(table, 'quarantine')) {
    yield {
      id: str(item, 'id'),
      recordedAt: str(item, 'recordedAt'),
      reason: str(item, 'reason'),
      origin: str(item, 'origin'),
      index: Number(item.idx?.N ?? -1),
      raw: item.raw?.B ? gunzipSync(item.raw.B).toString('utf8') : '',
      rawSha256: str(item, 'rawSha256'),
      bytes: Number(item.rawBytes?.N ?? 0),
      truncated: item.truncated?.BOOL ?? false,
      ...quarantineStateOf(item),
    };
  }
}

const RedriveOutcomeSchema = z.enum(['stored', 'duplicate', 'unchanged', 'ignored']);

/** The redrive attributes of a quarantined item; items written before redrive existed are open. */
function quarantineStateOf(
  item: Item,
): Pick<
  StoredQuarantineItem,
  'state' | 'attempts' | 'lastAttemptAt' | 'firstReason' | 'resolvedAt' | 'outcome' | 'evidenceIds'
> {
  const outcome = RedriveOutcomeSchema.safeParse(item.outcome?.S);
  const { lastAttemptAt, firstReason, resolvedAt } = {
    lastAttemptAt: item.lastAttemptAt?.S,
    firstReason: item.firstReason?.S,
    resolvedAt: item.resolvedAt?.S,
  };
  return {
    state: item.state?.S === 'resolved' ? 'resolved' : 'open',
    attempts: Number(item.attempts?.N ?? 0),
    ...(lastAttemptAt ? { lastAttemptAt } : {}),
    ...(firstReason ? { firstReason } : {}),
    ...(resolvedAt ? { resolvedAt } : {}),
    ...(outcome.success ? { outcome: outcome.data } : {}),
    ...(item.evidenceIds?.L ? { evidenceIds: item.evidenceIds.L.map((v) => v.S ?? '') } : {}),
  };
}

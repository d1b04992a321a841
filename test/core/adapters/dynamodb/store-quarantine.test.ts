import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DynamoDbEvidenceStore } from '../../../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../../../core/adapters/embedded/embedded-store';
import { quarantined } from '../../../helpers/quarantine';
import { startTestStore } from '../../../helpers/store';

describe('DynamoDbEvidenceStore quarantine items on dynalite', () => {
  let store: DynamoDbEvidenceStore;
  let dynamo: EmbeddedDynamo;
  const item = {
    id: 'a1b2c3d4e5f6a1b2c3d4e5f6',
    recordedAt: '2026-10-01T09:00:00.000Z',
    reason: 'first reason',
    origin: 'sqs:m-1',
    index: 0,
    raw: '{"Type":"Notification"}',
  };
  const at = (attemptedAt: string, expectedAttempts: number) => ({
    id: item.id,
    recordedAt: item.recordedAt,
    attemptedAt,
    expectedAttempts,
  });

  beforeEach(async () => {
    ({ store, dynamo } = await startTestStore());
    await store.quarantine([item]);
  });
  afterEach(async () => {
    await dynamo.close();
  });

  it('reads an item written before redrive existed as open, never attempted', async () => {
    expect(await quarantined(store)).toEqual([
      {
        ...item,
        rawSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        bytes: 23,
        truncated: false,
        state: 'open',
        attempts: 0,
      },
    ]);
  });

  it('counts attempts, replaces the reason and keeps the first one', async () => {
    expect(
      await store.updateQuarantine({ ...at('2026-10-02T00:00:00.000Z', 0), state: 'open', reason: 'second' }),
    ).toBe(true);
    expect(
      await store.updateQuarantine({ ...at('2026-10-03T00:00:00.000Z', 1), state: 'open', reason: 'third' }),
    ).toBe(true);

    expect((await quarantined(store))[0]).toMatchObject({
      reason: 'third',
      firstReason: 'first reason',
      attempts: 2,
      lastAttemptAt: '2026-10-03T00:00:00.000Z',
      state: 'open',
      raw: item.raw,
    });
  });

  it('refuses a stale attempt count, a missing item and reopening a resolved item', async () => {
    const resolve = { state: 'resolved' as const, outcome: 'stored' as const, evidenceIds: ['ev-1'] };
    expect(await store.updateQuarantine({ ...at('2026-10-02T00:00:00.000Z', 3), ...resolve })).toBe(false);
    expect(
      await store.updateQuarantine({
        ...at('2026-10-02T00:00:00.000Z', 0),
        ...resolve,
        id: 'ffffffffffffffffffffffff',
      }),
    ).toBe(false);
    expect(await store.updateQuarantine({ ...at('2026-10-02T00:00:00.000Z', 0), ...resolve })).toBe(true);
    expect(
      await store.updateQuarantine({ ...at('2026-10-04T00:00:00.000Z', 1), state: 'open', reason: 'again' }),
    ).toBe(false);

    const items = await quarantined(store);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      state: 'resolved',
      outcome: 'stored',
      evidenceIds: ['ev-1'],
      resolvedAt: '2026-10-02T00:00:00.000Z',
      attempts: 1,
      reason: 'first reason',
    });
    expect(items[0]).not.toHaveProperty('firstReason');
  });
});

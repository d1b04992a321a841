import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reviewsNow } from '../../cli/commands/status';
import type { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { attest } from '../../core/usecases/attest';
import { defaultEvidenceConfig } from '../../core/usecases/config';
import { startTestStore } from '../helpers/store';

describe('status for a caller who may only read', () => {
  let store: DynamoDbEvidenceStore;
  let dynamo: EmbeddedDynamo;

  beforeEach(async () => {
    ({ store, dynamo } = await startTestStore());
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await dynamo.close();
  });

  it('still reports an overdue review when the review-due notice cannot be written', async () => {
    // Prepare: a log review long ago, so it is overdue now; then every write is refused
    const config = defaultEvidenceConfig();
    await attest(
      { kind: 'log-review', accountId: '111122223333', reviewer: 'Dana Reyes', decision: 'approved' },
      { store, config, at: '2025-01-06T10:00:00.000Z', now: () => new Date('2025-01-06T10:00:00.000Z') },
    );
    const denied = new Error('User is not authorized to perform: dynamodb:BatchWriteItem');
    vi.spyOn(store, 'putRecords').mockRejectedValue(denied);
    vi.spyOn(store, 'commitHead').mockRejectedValue(denied);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

    // Act
    const reviews = await reviewsNow({ store, config });

    // Assess
    expect(reviews.find((r) => r.controlId === 'log-review')).toMatchObject({ overdue: true });
    expect(String(stderr.mock.calls[0]?.[0])).toMatch(/overdue reviews were not recorded .*not authorized/);
  });
});

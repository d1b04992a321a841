import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { checkpointRun, readCheckpointEnv } from '../../lambdas/checkpoint';
import { ingestOn, tempSigner } from '../helpers/checkpoints';
import { startTestStore } from '../helpers/store';

describe('checkpoint function', () => {
  let dynamo: EmbeddedDynamo;
  let store: DynamoDbEvidenceStore;

  beforeAll(async () => {
    ({ store, dynamo } = await startTestStore());
    await ingestOn(store, '2026-07-10T10:00:00.000Z', ['x', 'y']);
  });
  afterAll(async () => {
    await dynamo.close();
  });

  it('names every missing or invalid variable', () => {
    expect(() => readCheckpointEnv({})).toThrow(
      'checkpoint function configuration: TABLE_NAME is not set (the evidence table); SIGNING_KEY_ARN is not set (the KMS Ed25519 key that signs checkpoints)',
    );
    expect(() => readCheckpointEnv({ TABLE_NAME: 't', SIGNING_KEY_ARN: 'alias/x' })).toThrow(
      /SIGNING_KEY_ARN must be the ARN/,
    );
    expect(readCheckpointEnv({ TABLE_NAME: 't', SIGNING_KEY_ARN: 'arn:aws:kms:eu-west-1:1:key/k' })).toEqual({
      TABLE_NAME: 't',
      SIGNING_KEY_ARN: 'arn:aws:kms:eu-west-1:1:key/k',
    });
  });

  it('checkpoints the closed days on its daily run and nothing more on a second run', async () => {
    const signer = tempSigner();
    const now = () => new Date('2026-07-12T00:45:00.000Z');
    const first = await checkpointRun({ store, signer, now });
    expect(first.created.map((c) => [c.day, c.treeSize])).toEqual([
      ['2026-07-10', 2],
      ['2026-07-11', 0],
    ]);
    expect(first).toMatchObject({ lastClosedDay: '2026-07-11', total: 2 });
    expect(await checkpointRun({ store, signer, now })).toEqual({
      created: [],
      lastClosedDay: '2026-07-11',
      total: 2,
    });
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { LocalAnchorStore } from '../../core/adapters/local-anchor-store';
import { AnchorMismatchError, checkpointRun, readCheckpointEnv } from '../../lambdas/checkpoint';
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
      'checkpoint function configuration: TABLE_NAME is not set (the evidence table); SIGNING_KEY_ARN is not set (the KMS Ed25519 key that signs checkpoints); ANCHOR_BUCKET is not set (the Object Lock bucket that anchors heads and checkpoints)',
    );
    expect(() =>
      readCheckpointEnv({ TABLE_NAME: 't', SIGNING_KEY_ARN: 'alias/x', ANCHOR_BUCKET: 'b-1' }),
    ).toThrow(/SIGNING_KEY_ARN must be the ARN/);
    expect(
      readCheckpointEnv({
        TABLE_NAME: 't',
        SIGNING_KEY_ARN: 'arn:aws:kms:eu-west-1:1:key/k',
        ANCHOR_BUCKET: 'b-1',
      }),
    ).toEqual({
      TABLE_NAME: 't',
      SIGNING_KEY_ARN: 'arn:aws:kms:eu-west-1:1:key/k',
      ANCHOR_BUCKET: 'b-1',
      ANCHOR_PREFIX: 'anchors/',
      TREE_HEAD_GRACE_MINUTES: 5,
    });
  });

  it('signs a tree head and the closed days, anchored, and only a new head on a second run', async () => {
    const signer = tempSigner();
    const anchors = new LocalAnchorStore(mkdtempSync(join(tmpdir(), 'anchors-')));
    const now = () => new Date('2026-07-12T00:45:00.000Z');
    const first = await checkpointRun({ store, signer, anchors, now });
    expect(first.created.map((c) => [c.day, c.treeSize])).toEqual([
      ['2026-07-10', 2],
      ['2026-07-11', 0],
    ]);
    expect(first).toMatchObject({
      lastClosedDay: '2026-07-11',
      total: 2,
      treeHead: { sequence: 1, treeSize: 2, upTo: '2026-07-12T00:40:00.000Z', appended: 2 },
    });
    expect(await anchors.list('checkpoints/')).toEqual([
      'checkpoints/2026-07-10.json',
      'checkpoints/2026-07-11.json',
    ]);
    const later = () => new Date('2026-07-12T01:00:00.000Z');
    expect(await checkpointRun({ store, signer, anchors, now: later })).toEqual({
      created: [],
      lastClosedDay: '2026-07-11',
      total: 2,
      treeHead: { sequence: 2, treeSize: 2, upTo: '2026-07-12T00:55:00.000Z', appended: 0 },
    });
  });

  it('fails, signing nothing, when the anchored heads were signed by another key', async () => {
    const signer = tempSigner();
    const anchors = new LocalAnchorStore(mkdtempSync(join(tmpdir(), 'anchors-')));
    const other = await startTestStore();
    try {
      await ingestOn(other.store, '2026-07-10T10:00:00.000Z', ['z']);
      const now = () => new Date('2026-07-12T00:45:00.000Z');
      await checkpointRun({ store: other.store, signer, anchors, now });
      // the function is given another key than the one that signed what is anchored
      await expect(
        checkpointRun({
          store: other.store,
          signer: tempSigner(),
          anchors,
          now: () => new Date('2026-07-12T01:00:00.000Z'),
        }),
      ).rejects.toThrow(AnchorMismatchError);
    } finally {
      await other.dynamo.close();
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbEvidenceReader } from '../../../../core/adapters/dynamodb/evidence-reader';
import type { DynamoDbEvidenceStore } from '../../../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../../../core/adapters/embedded/embedded-store';
import type { LocalEd25519Signer } from '../../../../core/adapters/local-signer';
import { CHECKPOINT_KEY_PATH } from '../../../../core/domain/binder/layout';
import { checkpointDays } from '../../../../core/usecases/checkpoint';
import {
  exportBinderLocally,
  type LocalExportDeps,
} from '../../../../core/usecases/export-binder/local-export';
import { directoryTarget } from '../../../../core/usecases/export-binder/to-directory';
import { verifyBinder } from '../../../../core/verify/verify-binder';
import { unzip } from '../../../helpers/binder';
import { ingestOn, tempSigner } from '../../../helpers/checkpoints';
import { startTestStore } from '../../../helpers/store';

const REQUEST = {
  from: '2026-05-01T00:00:00.000Z',
  to: '2026-05-02T23:59:59.999Z',
  generator: { name: 'test', version: '1.0.0' },
};
/** The export runs on 3 May at noon: 1 and 2 May are closed days, 3 May is today. */
const NOW = () => new Date('2026-05-03T12:00:00.000Z');

describe('exportBinderLocally: the local key checkpoints closed days before a local export', () => {
  let dynamo: EmbeddedDynamo;
  let store: DynamoDbEvidenceStore;
  let signer: LocalEd25519Signer;
  let work: string;

  const storedCheckpointDays = async () => {
    const days: string[] = [];
    for await (const d of store.listCheckpointDocs()) days.push(d.day);
    return days;
  };
  const exportWith = (deps: Omit<LocalExportDeps, 'reader' | 'now'>, out: string) =>
    exportBinderLocally(directoryTarget(join(work, out)), REQUEST, {
      reader: new DynamoDbEvidenceReader({ store }),
      now: NOW,
      ...deps,
    });

  beforeEach(async () => {
    ({ store, dynamo } = await startTestStore());
    signer = tempSigner();
    work = mkdtempSync(join(tmpdir(), 'local-export-'));
    await ingestOn(store, '2026-05-01T10:00:00.000Z', ['a', 'b']);
    await ingestOn(store, '2026-05-02T10:00:00.000Z', ['c']);
  });
  afterEach(async () => {
    await dynamo.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('checkpoints every closed day with the signer first, so the signed binder proves each record', async () => {
    // Act
    const binder = await exportWith(
      { signer, checkpoints: { store, existingKeyPem: async () => undefined } },
      'signed',
    );

    // Assess: 1 and 2 May are signed in the store, today is not; the binder proves all three records
    expect(await storedCheckpointDays()).toEqual(['2026-05-01', '2026-05-02']);
    expect(binder.anchors).toMatchObject({ checkpoints: 2, anchored: 3, unanchored: 0, mismatches: [] });
    const report = await verifyBinder(binder.zipPath, {
      trustedCheckpointKeyPem: await signer.publicKeyPem(),
    });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('never writes a checkpoint for a store whose checkpoints are not the local key (no checkpoints given)', async () => {
    // Act: a table at an --endpoint, signed with the local key
    const binder = await exportWith({ signer }, 'endpoint');

    // Assess
    expect(await storedCheckpointDays()).toEqual([]);
    expect(binder.anchors).toMatchObject({ checkpoints: 0, anchored: 0, unanchored: 3 });
  });

  it('gives an unsigned export the existing checkpoint key and writes no checkpoint', async () => {
    // Prepare: the days were checkpointed earlier with the local key
    await checkpointDays(store, signer, NOW);
    const before = await storedCheckpointDays();
    const pem = await signer.publicKeyPem();

    // Act
    const withKey = await exportWith({ checkpoints: { store, existingKeyPem: async () => pem } }, 'unsigned');
    const noKey = await exportWith(
      { checkpoints: { store, existingKeyPem: async () => undefined } },
      'no-key',
    );

    // Assess: the binder carries the key of its checkpoints only when one exists; nothing was signed
    expect(await storedCheckpointDays()).toEqual(before);
    expect(withKey.signed).toBe(false);
    expect((await unzip(withKey.zipPath)).get(CHECKPOINT_KEY_PATH)?.toString('utf8')).toBe(pem);
    expect((await unzip(noKey.zipPath)).has(CHECKPOINT_KEY_PATH)).toBe(false);
    expect(withKey.anchors).toMatchObject({ checkpoints: 2, anchored: 3 });
  });

  it('does not look for the checkpoint key when the binder is signed: the signer is that key', async () => {
    let asked = 0;
    await exportWith(
      {
        signer,
        checkpoints: {
          store,
          existingKeyPem: async () => {
            asked++;
            return undefined;
          },
        },
      },
      'signed-only',
    );

    expect(asked).toBe(0);
  });
});

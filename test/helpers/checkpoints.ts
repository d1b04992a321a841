import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDbEvidenceStore } from '../../lambdas/adapters/dynamodb-store';
import { LocalEd25519Signer } from '../../lambdas/adapters/local-signer';
import { ingest } from '../../lambdas/usecases/ingest';
import { logGroupItem } from './events';

/** A local Ed25519 signer in a fresh temporary key folder. */
export function tempSigner(): LocalEd25519Signer {
  return LocalEd25519Signer.open(join(mkdtempSync(join(tmpdir(), 'checkpoint-keys-')), 'keys'));
}

/**
 * Ingests log-group observations as if at `recordedAt` (the ingest clock): one record per name, each
 * observed an hour before it is recorded.
 */
export async function ingestOn(
  store: DynamoDbEvidenceStore,
  recordedAt: string,
  names: string[],
  retentionInDays = 30,
): Promise<void> {
  const observedAt = new Date(Date.parse(recordedAt) - 3_600_000).toISOString();
  const result = await ingest(
    names.map((name, i) => ({ raw: logGroupItem(name, observedAt, retentionInDays), origin: `t#${i}` })),
    { store, now: () => new Date(recordedAt) },
  );
  if (result.records.length !== names.length)
    throw new Error(`test ingest on ${recordedAt} did not store ${names.length} records`);
}

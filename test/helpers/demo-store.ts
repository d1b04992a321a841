import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replayDemoMonth } from '../../cli/demo/month';
import { demoSignOffs } from '../../cli/demo/sign-offs';
import type { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import { LocalDocumentStore } from '../../core/adapters/local-document-store';
import { redactionPolicy } from '../../core/domain/redact';
import { defaultEvidenceConfig } from '../../core/usecases/config';

/**
 * Fills `store` with the demo month as `evidence demo` lives it (daily sweeps, deliveries, late
 * events, sign-offs, each dated by its own time); returns the folder of its uploaded documents.
 */
export async function replayDemoInto(store: DynamoDbEvidenceStore): Promise<LocalDocumentStore> {
  const config = defaultEvidenceConfig();
  const dataDir = mkdtempSync(join(tmpdir(), 'demo-store-'));
  const documents = new LocalDocumentStore(join(dataDir, 'blobs'));
  await replayDemoMonth({
    store,
    config,
    mappings: config.ruleMappings,
    redaction: redactionPolicy(config.redactKeys, config.ephi.tags),
    signOffs: demoSignOffs({ store, documents, config, dataDir }),
  });
  return documents;
}

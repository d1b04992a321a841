import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { REDACTED, redactionPolicy } from '../../core/domain/redact';
import { ingest } from '../../core/usecases/ingest';
import { loadEvent, setAt } from '../fixtures/builders';
import { startTestStore } from '../helpers/store';

/** Everything the store holds, as text: records, heads, index, markers and quarantine. */
async function everythingStored(store: DynamoDbEvidenceStore): Promise<string> {
  const parts: string[] = [];
  for await (const d of store.scanRecordDocs()) parts.push(JSON.stringify(d.doc));
  for await (const h of store.listHeads()) parts.push(JSON.stringify(h));
  for await (const q of store.listQuarantine()) parts.push(q.raw, q.reason);
  return parts.join('\n');
}

describe('secrets never reach the store (configuration items that carry them)', () => {
  let store: DynamoDbEvidenceStore;
  let dynamo: EmbeddedDynamo;

  beforeEach(async () => {
    ({ store, dynamo } = await startTestStore());
  });
  afterEach(async () => {
    await dynamo.close();
  });

  it('keeps an RDS instance record free of the master user name and of tag values', async () => {
    const event = loadEvent('config-ci-rds-instance');
    setAt(event, ['detail', 'configurationItem', 'configuration', 'masterUserSecret'], {
      secretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:rds!db-4f1e-Qx81Zc',
      secretStatus: 'active',
    });

    const result = await ingest([{ raw: event, origin: 'rds' }], { store });

    expect(result.stored).toBe(1);
    const text = await everythingStored(store);
    expect(text).not.toContain('ehr_admin');
    expect(text).not.toContain('dr-samuel-achterberg');
    expect(text).not.toContain('rds!db-4f1e-Qx81Zc');
    expect(text).toContain('attending-physician'); // the tag key is kept: it says what kind of data
    const snapshot = result.records[0]?.snapshot as { configuration: Record<string, unknown> } | undefined;
    const configuration = snapshot?.configuration ?? {};
    expect(configuration.masterUsername).toBe(REDACTED);
    expect(configuration.masterUserSecret).toBe(REDACTED);
    expect(configuration.storageEncrypted).toBe(true); // the fact the verdict rests on survives
  });

  it('quarantines a bad Lambda configuration item without its environment values', async () => {
    const event = loadEvent('config-ci-lambda-function');
    setAt(event, ['account'], 'not-an-account');
    setAt(event, ['detail', 'configurationItem', 'tags'], { owner: 'claims-team' });

    const result = await ingest([{ raw: event, origin: 'lambda' }], { store });

    expect(result.quarantined).toHaveLength(1);
    const kept = [];
    for await (const q of store.listQuarantine()) kept.push(q);
    expect(kept).toHaveLength(1);
    const text = await everythingStored(store);
    expect(text).not.toContain('Tr0ub4dor');
    expect(text).not.toContain('clearinghouse.example');
    expect(text).not.toContain('claims-team');
    // the rest is kept as it arrived, so the input can be fixed and re-driven: names, tag keys, the bad field
    const raw = JSON.parse(kept[0]!.raw);
    const ci = raw.detail.configurationItem;
    expect(Object.keys(ci.configuration.environment.variables).sort()).toEqual([
      'CLEARINGHOUSE_URL',
      'DB_CONN',
    ]);
    expect(ci.configuration.environment.variables.DB_CONN).toBe(REDACTED);
    expect(ci.tags).toEqual({ owner: REDACTED }); // the tag key stays, its value (free text) goes
    expect(raw.account).toBe('not-an-account');
  });

  it('redacts the extra key names a customer configures', async () => {
    const event = loadEvent('config-ci-rds-instance');

    const result = await ingest([{ raw: event, origin: 'rds' }], {
      store,
      redaction: redactionPolicy(['dbname']),
    });

    const snapshot = result.records[0]?.snapshot as { configuration: Record<string, unknown> } | undefined;
    const configuration = snapshot?.configuration ?? {};
    expect(configuration.dBName).toBe(REDACTED);
    expect(configuration.dBInstanceIdentifier).toBe('ehr-primary');
  });
});

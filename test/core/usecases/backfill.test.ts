import {
  ConfigServiceClient,
  GetResourceConfigHistoryCommand,
  ListDiscoveredResourcesCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BackfillState, backfill } from '../../../core/usecases/backfill';
import { emptyIngestResult, type IngestResult } from '../../../core/usecases/ingest';

const config = mockClient(ConfigServiceClient);
const item = (id: string, day: number) => ({
  resourceType: 'AWS::S3::Bucket' as const,
  resourceId: id,
  awsRegion: 'us-east-1',
  accountId: '111122223333',
  configurationItemCaptureTime: new Date(Date.UTC(2025, 0, day)),
  configurationItemStatus: 'OK' as const,
  configuration: JSON.stringify({ name: id }),
});

beforeEach(() => {
  config.on(ListDiscoveredResourcesCommand).resolves({
    resourceIdentifiers: [{ resourceId: 'a' }, { resourceId: 'b' }, { resourceId: 'c' }],
  });
  for (const id of ['a', 'b', 'c'])
    config
      .on(GetResourceConfigHistoryCommand, { resourceId: id })
      .resolves({ configurationItems: [item(id, 1), item(id, 2), item(id, 3)] });
});
afterEach(() => config.reset());

/** A run with an ingest that counts what it is given and can be told to fail for one resource. */
function run(state: { saved?: BackfillState }, failOn?: string) {
  const documents: { origin: string; items: number }[] = [];
  const progress: string[] = [];
  const summary = backfill(
    {
      config: new ConfigServiceClient({ region: 'us-east-1' }),
      ingestDocument: async (doc, origin) => {
        const items = (doc.configurationItems as unknown[]).length;
        documents.push({ origin, items });
        const r: IngestResult = { ...emptyIngestResult(), received: items, stored: items };
        if (failOn && origin.includes(`/${failOn}#`))
          r.failed = [{ index: 0, origin, error: 'store unavailable' }];
        return r;
      },
      loadState: () => state.saved,
      saveState: (s) => {
        state.saved = s;
      },
      progress: (done, total) => progress.push(`${done}/${total}`),
    },
    { resourceTypes: ['AWS::S3::Bucket'], since: new Date('2025-01-01T00:00:00Z'), pageSize: 2 },
  );
  return { summary, documents, progress };
}

describe('backfill', () => {
  it('ingests every discovered resource’s history in pages, as history-file documents', async () => {
    const state: { saved?: BackfillState } = {};
    const { summary, documents, progress } = run(state);
    const s = await summary;
    expect(s).toMatchObject({ resources: 3, resumed: 0, items: 9, stored: 9, unread: [] });
    expect(documents.map((d) => d.origin)).toEqual([
      'config-history:AWS::S3::Bucket/a#0',
      'config-history:AWS::S3::Bucket/a#2',
      'config-history:AWS::S3::Bucket/b#0',
      'config-history:AWS::S3::Bucket/b#2',
      'config-history:AWS::S3::Bucket/c#0',
      'config-history:AWS::S3::Bucket/c#2',
    ]);
    expect(progress).toEqual(['0/3', '1/3', '2/3', '3/3']);
    expect(state.saved?.finished).toEqual(['AWS::S3::Bucket/a', 'AWS::S3::Bucket/b', 'AWS::S3::Bucket/c']);
  });

  it('resumes after an interruption without reading finished resources again', async () => {
    const state: { saved?: BackfillState } = {};
    const first = await run(state, 'b').summary;
    expect(first.unread).toEqual([
      { resource: 'AWS::S3::Bucket/b', error: '1 items not stored: store unavailable' },
    ]);
    expect(state.saved?.finished).toEqual(['AWS::S3::Bucket/a', 'AWS::S3::Bucket/c']);
    const second = run(state);
    const s = await second.summary;
    expect(s.resumed).toBe(2);
    expect(second.documents.every((d) => d.origin.includes('/b#'))).toBe(true);
    expect(state.saved?.finished).toContain('AWS::S3::Bucket/b');
  });

  it('does not resume from a run that started at another date', async () => {
    const state: { saved?: BackfillState } = {
      saved: { since: '2020-01-01T00:00:00.000Z', finished: ['AWS::S3::Bucket/a'] },
    };
    const s = await run(state).summary;
    expect(s.resumed).toBe(0);
    expect(s.items).toBe(9);
  });
});

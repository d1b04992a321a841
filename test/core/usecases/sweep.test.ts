import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DynamoDbEvidenceStore } from '../../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../../core/adapters/embedded/embedded-store';
import { SWEEP_API_CONTROLS } from '../../../core/domain/sweep-apis';
import type { SweepCollector, SweepContext } from '../../../core/ports/sweep-collector';
import { collectionItems, runSweep, sweepEventId } from '../../../core/usecases/sweep';
import { startTestStore } from '../../helpers/store';

const ACCOUNT = '111122223333';

/** A collector that reads no AWS API: the use case only sees the port. */
function fixed(service: string, seen: SweepContext[] = []): SweepCollector {
  return {
    service,
    async collect(ctx) {
      seen.push(ctx);
      return {
        items: [
          {
            key: 'recorder:default',
            detail: {
              kind: 'recorder-status',
              name: 'default',
              exists: true,
              recording: true,
              lastStatus: 'Success',
            },
          },
        ],
        apis: [{ api: 'config:DescribeConfigurationRecorderStatus', calls: 1, failures: [] }],
        accountIds: [ACCOUNT],
      };
    },
  };
}

describe('runSweep', () => {
  let store: DynamoDbEvidenceStore;
  let dynamo: EmbeddedDynamo;
  beforeEach(async () => {
    ({ store, dynamo } = await startTestStore());
  });
  afterEach(async () => {
    await dynamo.close();
  });

  it('dates every observation by the sweep start and gives each a deterministic event id', async () => {
    const seen: SweepContext[] = [];
    const summary = await runSweep({
      collectors: [fixed('config', seen)],
      store,
      region: 'eu-west-1',
      now: () => new Date('2026-11-22T02:00:00.000Z'),
      resourceConcurrency: 7,
    });
    expect(seen).toEqual([
      { region: 'eu-west-1', startedAt: new Date('2026-11-22T02:00:00.000Z'), concurrency: 7 },
    ]);
    expect(summary).toMatchObject({
      sweepId: '2026-11-22T02:00:00.000Z',
      accountId: ACCOUNT,
      observations: 2,
      stored: 2,
    });
    const heads = [];
    for await (const h of store.listHeads()) heads.push(h);
    const recorder = heads.find((h) => h.subject.resourceType === 'AWS::Config::ConfigurationRecorder');
    expect(recorder?.lastObservedAt).toBe('2026-11-22T02:00:00.000Z');
    expect(recorder?.lastBatch).toEqual([
      sweepEventId('2026-11-22T02:00:00.000Z', 'eu-west-1', 'recorder:default'),
    ]);
    expect(sweepEventId('a', 'r', 'k')).toBe(sweepEventId('a', 'r', 'k'));
    expect(sweepEventId('a', 'r', 'k')).not.toBe(sweepEventId('b', 'r', 'k'));
  });

  it('a collector that breaks is a gap of every API of its service, and the others are still stored', async () => {
    const broken: SweepCollector = {
      service: 'kms',
      collect: async () => {
        throw new TypeError('cannot read properties of undefined');
      },
    };
    const summary = await runSweep({
      collectors: [broken, fixed('config')],
      store,
      region: 'us-east-1',
      now: () => new Date('2026-11-22T02:00:00.000Z'),
    });
    const kmsApis = Object.keys(SWEEP_API_CONTROLS).filter((a) => a.startsWith('kms:'));
    expect(summary.gaps.map((g) => [g.api, g.errorCode])).toEqual(kmsApis.map((a) => [a, 'TypeError']));
    expect(summary.stored).toBe(2 + kmsApis.length);
  });

  it('takes the account from the option when no response names one', async () => {
    const silent: SweepCollector = {
      service: 'logs',
      collect: async () => ({
        items: [],
        apis: [{ api: 'logs:DescribeLogGroups', calls: 1, failures: [] }],
        accountIds: [],
      }),
    };
    await expect(runSweep({ collectors: [silent], store, region: 'us-east-1' })).rejects.toThrow(
      /pass the account id/,
    );
    const summary = await runSweep({ collectors: [silent], store, region: 'us-east-1', accountId: ACCOUNT });
    expect(summary).toMatchObject({ accountId: ACCOUNT, stored: 1 });
  });
});

describe('collectionItems', () => {
  it('makes one item of an API two collectors called, with the failures of both', () => {
    // Prepare: the cloudtrail and cloudwatch collectors both read the trails
    const apis = [
      { api: 'cloudtrail:DescribeTrails', calls: 1, failures: [] },
      {
        api: 'cloudtrail:DescribeTrails',
        calls: 1,
        failures: [{ errorCode: 'ThrottlingException', message: 'Rate exceeded' }],
      },
    ];
    // Act
    const { items, gaps } = collectionItems(apis);
    // Assess
    expect(items.map((i) => i.key)).toEqual(['collector:cloudtrail:DescribeTrails']);
    expect(items[0]?.detail).toMatchObject({ kind: 'collection-gap', errorCode: 'ThrottlingException' });
    expect(gaps).toHaveLength(1);
  });
});

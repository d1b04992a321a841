import {
  ConfigServiceClient,
  GetResourceConfigHistoryCommand,
  type ResourceType,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configItemFetcher } from '../../core/adapters/config-item-fetcher';
import type { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { postureStatus } from '../../core/usecases/status';
import { collect } from '../../lambdas/collect';
import { readCollectConfig } from '../../lambdas/shared/collect-config';
import { retentionCall, where } from '../helpers/events';
import { startTestStore } from '../helpers/store';

const sqsEvent = (bodies: string[]) => ({
  Records: bodies.map((body, i) => ({
    messageId: `msg-${i}`,
    receiptHandle: `rh-${i}`,
    body,
    attributes: { ApproximateReceiveCount: '1' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${where.region}:${where.account}:evidence-intake`,
    awsRegion: where.region,
  })),
});

const configMock = mockClient(ConfigServiceClient);

describe('collect handler', () => {
  let store: DynamoDbEvidenceStore;
  let dynamo: EmbeddedDynamo;

  beforeAll(async () => {
    ({ store, dynamo } = await startTestStore());
  });
  afterAll(async () => {
    await dynamo.close();
  });
  afterEach(() => {
    configMock.reset();
  });

  it('stores good messages and quarantines bad ones without failing them', async () => {
    const event = sqsEvent([
      JSON.stringify(retentionCall('/h1', '2026-10-01T00:00:00.000Z', 30)),
      '{not json',
      JSON.stringify({ foo: 1 }),
    ]);

    const res = await collect(event, { store });

    expect(res.batchItemFailures).toEqual([]);
    const kept = [];
    for await (const q of store.listQuarantine()) kept.push(q);
    expect(kept.map((q) => q.origin).sort()).toEqual(['sqs:msg-1', 'sqs:msg-2']);
    expect(kept.find((q) => q.origin === 'sqs:msg-1')?.reason).toMatch(/message body is not JSON/);
  });

  it('reports the messages it could not store, so SQS retries them', async () => {
    const broken = Object.create(store) as DynamoDbEvidenceStore;
    broken.putRecords = async () => {
      throw new Error('ProvisionedThroughputExceededException');
    };
    const event = sqsEvent([
      JSON.stringify(retentionCall('/h2', '2026-10-01T00:00:00.000Z', 30)),
      JSON.stringify(retentionCall('/h3', '2026-10-01T00:00:00.000Z', 30)),
    ]);

    const res = await collect(event, { store: broken });

    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'msg-0' }, { itemIdentifier: 'msg-1' }]);
    const retried = await collect(event, { store });
    expect(retried.batchItemFailures).toEqual([]);
  });

  it('rejects an event that is not an SQS batch', async () => {
    await expect(collect({ hello: 'world' }, { store })).rejects.toThrow(/expects an SQS batch event/);
  });

  it('fetches the full configuration item behind an oversized notification', async () => {
    configMock.on(GetResourceConfigHistoryCommand).resolves({
      configurationItems: [
        {
          version: '1.3',
          accountId: where.account,
          configurationItemCaptureTime: new Date('2026-10-04T00:00:00.000Z'),
          configurationItemStatus: 'OK',
          arn: `arn:aws:logs:${where.region}:${where.account}:log-group:/big:*`,
          // recorded by Config but missing from the SDK's ResourceType union
          resourceType: 'AWS::Logs::LogGroup' as ResourceType,
          resourceId: '/big',
          awsRegion: where.region,
          configuration: JSON.stringify({ logGroupName: '/big', retentionInDays: 14 }),
          supplementaryConfiguration: {},
        },
      ],
    });
    const oversized = {
      version: '0',
      id: 'a1b2c3d4-0000-4000-8000-000000000001',
      'detail-type': 'Config Configuration Item Change',
      source: 'aws.config',
      account: where.account,
      time: '2026-10-04T00:00:05Z',
      region: where.region,
      resources: [],
      detail: {
        messageType: 'OversizedConfigurationItemChangeNotification',
        recordVersion: '1.0',
        notificationCreationTime: '2026-10-04T00:00:05.000Z',
        configurationItemSummary: {
          changeType: 'UPDATE',
          configurationItemVersion: '1.3',
          configurationItemCaptureTime: '2026-10-04T00:00:00.000Z',
          configurationStateId: 1791072000000,
          awsAccountId: where.account,
          configurationItemStatus: 'OK',
          resourceType: 'AWS::Logs::LogGroup',
          resourceId: '/big',
          ARN: `arn:aws:logs:${where.region}:${where.account}:log-group:/big:*`,
          awsRegion: where.region,
        },
        s3DeliverySummary: { s3BucketLocation: 'config-bucket/oversized/item.json.gz' },
      },
    };

    const res = await collect(sqsEvent([JSON.stringify(oversized)]), {
      store,
      fetchConfigItem: configItemFetcher(new ConfigServiceClient({ region: where.region })),
    });

    expect(res.batchItemFailures).toEqual([]);
    expect(configMock.commandCalls(GetResourceConfigHistoryCommand)[0]?.args[0].input).toMatchObject({
      resourceType: 'AWS::Logs::LogGroup',
      resourceId: '/big',
      limit: 1,
    });
    const status = await postureStatus(store);
    const retention = status.controls.find((c) => c.controlId === 'log-retention')!;
    expect(retention.resources.find((r) => r.subject.resourceId === '/big')?.reason).toMatch(/only 14 days/);
  });

  it('reads its configuration once, naming what is missing or wrong', () => {
    expect(() => readCollectConfig({})).toThrow(/TABLE_NAME/);
    expect(() => readCollectConfig({ TABLE_NAME: 't', RULE_MAPPINGS: '{oops' })).toThrow(
      /RULE_MAPPINGS is not valid JSON/,
    );
    expect(() => readCollectConfig({ TABLE_NAME: 't', RULE_MAPPINGS: '{"r":"nope"}' })).toThrow(
      /unknown control id "nope"/,
    );
    expect(readCollectConfig({ TABLE_NAME: 't', REDACT_KEYS: 'ssn, mrn' })).toEqual({
      tableName: 't',
      ruleMappings: {},
      redactKeys: ['ssn', 'mrn'],
      ephiTags: [
        { key: 'ephi', values: ['true'] },
        { key: 'data-classification', values: ['ephi'] },
      ],
      maxClockSkewMinutes: 5,
    });
    expect(readCollectConfig({ TABLE_NAME: 't', MAX_CLOCK_SKEW_MINUTES: '15' }).maxClockSkewMinutes).toBe(15);
    expect(() => readCollectConfig({ TABLE_NAME: 't', MAX_CLOCK_SKEW_MINUTES: 'soon' })).toThrow(
      /MAX_CLOCK_SKEW_MINUTES must be a number of minutes/,
    );
    expect(
      readCollectConfig({ TABLE_NAME: 't', EPHI_TAGS: '[{"key":"phi","values":["yes"]}]' }).ephiTags,
    ).toEqual([{ key: 'phi', values: ['yes'] }]);
    expect(() => readCollectConfig({ TABLE_NAME: 't', EPHI_TAGS: '[{"key":"phi"' })).toThrow(
      /EPHI_TAGS is not valid JSON/,
    );
    expect(() => readCollectConfig({ TABLE_NAME: 't', EPHI_TAGS: '[{"key":"phi","values":[]}]' })).toThrow(
      /ephi\.tags\.0\.values: at least one tag value is needed/,
    );
  });
});

import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, configItemChange } from '../../cli/demo/events';
import type { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { SlackWebhookNotifier } from '../../core/adapters/slack-notifier';
import { ingest } from '../../core/usecases/ingest';
import {
  drift,
  ephiOfImage,
  notableOfImage,
  parseSlackSecret,
  SlackSecretSchema,
  transitionsOfImage,
} from '../../lambdas/drift';
import { logGroupArn, retentionCall, where } from '../helpers/events';
import { FakeSlack } from '../helpers/fake-slack';
import { startTestStore } from '../helpers/store';

describe('drift handler (DynamoDB stream of chain heads)', () => {
  let store: DynamoDbEvidenceStore;
  let dynamo: EmbeddedDynamo;
  let tableName: string;
  let slack: FakeSlack;

  beforeAll(async () => {
    ({ store, dynamo, tableName } = await startTestStore());
    slack = await new FakeSlack().start();
  });
  afterAll(async () => {
    await dynamo.close();
    await slack.stop();
  });

  /** The stream record DynamoDB would emit for the head item as it is now. */
  async function headStreamRecord(name: string, sequence: string) {
    const item = await dynamo.client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { pk: { S: `S#${logGroupArn(name)}` }, sk: { S: 'HEAD' } },
      }),
    );
    return {
      eventID: `e-${sequence}`,
      eventName: 'MODIFY',
      dynamodb: { SequenceNumber: sequence, NewImage: item.Item },
    };
  }

  const deps = () => ({
    notifier: new SlackWebhookNotifier({ baseDelayMs: 1, attempts: 2 }),
    ledger: store,
    routing: async () => ({ webhookUrl: slack.url }),
  });

  it('announces the transitions a commit wrote on the head, once', async () => {
    await ingest([{ raw: retentionCall('/d1', '2026-10-01T00:00:00.000Z', 3653), origin: 'a' }], { store });
    await ingest([{ raw: retentionCall('/d1', '2026-10-02T00:00:00.000Z', 7), origin: 'b' }], { store });
    const record = await headStreamRecord('/d1', '100');
    expect(transitionsOfImage(record.dynamodb.NewImage as Record<string, unknown>)).toHaveLength(1);

    const first = await drift({ Records: [record] }, deps());
    const redelivered = await drift({ Records: [record] }, deps());

    expect(first.batchItemFailures).toEqual([]);
    expect(redelivered.batchItemFailures).toEqual([]);
    expect(slack.requests).toHaveLength(1);
    expect(String(slack.requests[0]!.body.text)).toMatch(/^Drift: regressed/);
  });

  it('reports the stream record whose notification could not be delivered', async () => {
    await ingest([{ raw: retentionCall('/d2', '2026-10-01T00:00:00.000Z', 1), origin: 'c' }], { store });
    const record = await headStreamRecord('/d2', '200');
    slack.reply({ status: 500 }, { status: 500 });

    const res = await drift({ Records: [record] }, deps());

    expect(res.batchItemFailures).toEqual([{ itemIdentifier: '200' }]);
    const retried = await drift({ Records: [record] }, deps());
    expect(retried.batchItemFailures).toEqual([]);
  });

  it('ignores heads without transitions and removals, and rejects a non-stream event', async () => {
    await ingest([{ raw: retentionCall('/d3', '2026-10-01T00:00:00.000Z', 3653), origin: 'd' }], { store });
    const quiet = await headStreamRecord('/d3', '300');
    const before = slack.requests.length;

    const res = await drift(
      { Records: [quiet, { eventName: 'REMOVE', dynamodb: { SequenceNumber: '301' } }] },
      deps(),
    );

    expect(res.batchItemFailures).toEqual([]);
    expect(slack.requests.length).toBe(before);
    await expect(drift({ nope: true }, deps())).rejects.toThrow(/DynamoDB stream batch/);
  });

  it("flags a message ePHI when the head's image says its subject is in scope, and sends a batch oldest first", async () => {
    // a log group tagged ePHI (its configuration item sets the head's scope), then shortened on the 3rd
    const tagged = configItemChange(where, '2026-10-01T00:00:00.000Z', {
      resourceType: 'AWS::Logs::LogGroup',
      resourceId: '/e1',
      arn: `${logGroupArn('/e1')}:*`,
      configuration: { logGroupName: '/e1', retentionInDays: 3653 },
      tags: { ephi: 'true' },
    });
    await ingest([{ raw: tagged, origin: 'e' }], { store });
    await ingest([{ raw: retentionCall('/e1', '2026-10-03T00:00:00.000Z', 7), origin: 'f' }], { store });
    // an untagged one, shortened earlier, on the 2nd
    await ingest([{ raw: retentionCall('/e2', '2026-10-01T00:00:00.000Z', 3653), origin: 'g' }], { store });
    await ingest([{ raw: retentionCall('/e2', '2026-10-02T00:00:00.000Z', 7), origin: 'h' }], { store });
    const later = await headStreamRecord('/e1', '400');
    const earlier = await headStreamRecord('/e2', '401');
    const before = slack.requests.length;

    const res = await drift({ Records: [later, earlier] }, deps());

    expect(res.batchItemFailures).toEqual([]);
    expect(ephiOfImage(later.dynamodb.NewImage as Record<string, unknown>)).toBe(true);
    expect(ephiOfImage(earlier.dynamodb.NewImage as Record<string, unknown>)).toBe(false);
    const texts = slack.requests.slice(before).map((r) => String(r.body.text));
    expect(texts).toHaveLength(2);
    expect(texts[0]?.split('\n')[0]).toMatch(/on AWS::Logs::LogGroup \/e2 in /);
    expect(texts[0]).not.toContain('ePHI');
    expect(texts[1]?.split('\n')[0]).toMatch(/on AWS::Logs::LogGroup \/e1 \(ePHI\) in /);
    expect(JSON.stringify(slack.requests.at(-1)?.body.blocks)).toContain('· ePHI');
  });

  it('reads a malformed ePHI scope as not in scope, never as a failure', () => {
    expect(ephiOfImage({ ephi: { S: 'not json' } })).toBe(false);
    expect(ephiOfImage({ ephi: { S: '{"inScope":"yes"}' } })).toBe(false);
    expect(ephiOfImage({ ephi: { S: '{"inScope":true,"since":"2026-10-01T00:00:00.000Z"}' } })).toBe(true);
    expect(ephiOfImage(undefined)).toBe(false);
  });

  it('announces the notable activity a commit wrote on the head, once, and says it is not posture', async () => {
    // Prepare: the contractor's denied StopLogging (no posture change: a refused call)
    const trailArn = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/t-notable';
    const denied = apiCall(
      { account: '111122223333', region: 'us-east-1' },
      '2026-10-18T23:10:00.000Z',
      {
        type: 'AssumedRole',
        name: 'j.smith',
        role: 'ContractorAdmin',
      },
      {
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        requestParameters: { name: trailArn },
        errorCode: 'AccessDenied',
        sourceIPAddress: '203.0.113.77',
      },
    );
    const stored = await ingest([{ raw: denied, origin: 'n' }], { store });
    expect(stored.transitions).toEqual([]);
    const item = await dynamo.client.send(
      new GetItemCommand({ TableName: tableName, Key: { pk: { S: `S#${trailArn}` }, sk: { S: 'HEAD' } } }),
    );
    expect(item.Item?.hasNotable).toEqual({ BOOL: true });
    const record = {
      eventID: 'e-n',
      eventName: 'INSERT',
      dynamodb: { SequenceNumber: '400', NewImage: item.Item },
    };
    expect(notableOfImage(item.Item as Record<string, unknown>)).toHaveLength(1);
    const before = slack.requests.length;
    // Act
    const first = await drift({ Records: [record] }, deps());
    const redelivered = await drift({ Records: [record] }, deps());
    // Assess
    expect([first.batchItemFailures, redelivered.batchItemFailures]).toEqual([[], []]);
    expect(slack.requests.length).toBe(before + 1);
    const text = String(slack.requests[before]!.body.text);
    expect(text).toMatch(
      /^Denied attempt \(to review, not a posture change\): StopLogging attempted on t-notable, denied \(AccessDenied\)/,
    );
    expect(text).toContain('from 203.0.113.77');
    expect(text).toContain('164.308(a)(6)(ii)');
    expect(JSON.stringify(slack.requests[before]!.body.blocks)).toContain('ContractorAdmin/j.smith');
  });

  it('never quotes the secret in its errors', () => {
    const secret = '{"webhookUrl": "https://hooks.slack.com/services/T1/B2/verysecret"';

    const attempt = () => parseSlackSecret(secret);
    const wrongShape = () =>
      parseSlackSecret('{"webhookUrl": "http://hooks.slack.com/services/T1/B2/verysecret"}');

    expect(attempt).toThrow(/not valid JSON/);
    expect(attempt).not.toThrow(/verysecret/);
    expect(wrongShape).toThrow(/check: webhookUrl/);
    expect(wrongShape).not.toThrow(/verysecret/);
  });

  it('validates the Slack secret: https webhooks and known families only', () => {
    expect(
      SlackSecretSchema.safeParse({ webhookUrl: 'https://hooks.slack.com/services/T/B/x' }).success,
    ).toBe(true);
    expect(SlackSecretSchema.safeParse({ webhookUrl: 'http://hooks.slack.com/services/T/B/x' }).success).toBe(
      false,
    );
    expect(
      SlackSecretSchema.safeParse({ routes: [{ family: 'nope', webhookUrl: 'https://hooks.slack.com/x' }] })
        .success,
    ).toBe(false);
  });
});

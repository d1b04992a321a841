import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cloudTrailRecord } from '../../cli/demo/events';
import { demoEvents } from '../../cli/demo/scenario';
import { startEmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { logGroupArn, logGroupItem, operator, retentionCall, where } from '../helpers/events';
import { FakeSlack } from '../helpers/fake-slack';
import { run } from '../helpers/run-cli';

describe('evidence CLI on the embedded store', () => {
  let dir: string;
  let dataDir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-cli-'));
    dataDir = join(dir, 'data');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('ingests JSON, arrays, JSON Lines and gzipped CloudTrail log files, quarantining the bad line', async () => {
    writeFileSync(join(dir, 'one.json'), JSON.stringify(retentionCall('/a', '2026-10-01T00:00:00.000Z', 30)));
    writeFileSync(
      join(dir, 'many.json'),
      JSON.stringify([
        logGroupItem('/b', '2026-10-01T00:00:00.000Z', 3653),
        logGroupItem('/c', '2026-10-01T00:00:00.000Z'),
      ]),
    );
    writeFileSync(
      join(dir, 'lines.jsonl'),
      `${JSON.stringify(retentionCall('/d', '2026-10-02T00:00:00.000Z', 14))}\n{"broken": \n${JSON.stringify(retentionCall('/e', '2026-10-02T00:00:00.000Z', 2192))}\n`,
    );
    const log = {
      Records: [
        cloudTrailRecord(where, '2026-10-03T00:00:00.000Z', operator, {
          eventSource: 'logs.amazonaws.com',
          eventName: 'DeleteRetentionPolicy',
          requestParameters: { logGroupName: '/a' },
        }),
        cloudTrailRecord(where, '2026-10-03T00:01:00.000Z', operator, {
          eventSource: 'ec2.amazonaws.com',
          eventName: 'DescribeInstances',
        }),
      ],
    };
    writeFileSync(join(dir, 'trail.json.gz'), gzipSync(JSON.stringify(log)));

    const res = await run('ingest', dir, '--data-dir', dataDir, '--json');

    expect(res.code).toBe(3);
    const out = JSON.parse(res.stdout);
    expect(out).toMatchObject({ received: 8, stored: 6, duplicates: 0, unchanged: 0, ignored: 1 });
    expect(out.quarantined).toHaveLength(1);
    expect(out.quarantined[0].reason).toMatch(/line 2 is not valid JSON/);
    expect(out.quarantined[0].origin).toContain('lines.jsonl:2');
  });

  it('prints posture as JSON in the documented shape, now and at a past time', async () => {
    writeFileSync(
      join(dir, 'events.json'),
      JSON.stringify([
        retentionCall('/p', '2026-10-01T00:00:00.000Z', 3653),
        retentionCall('/p', '2026-10-05T00:00:00.000Z', 7),
      ]),
    );
    expect((await run('ingest', join(dir, 'events.json'), '--data-dir', dataDir)).code).toBe(0);

    const now = JSON.parse((await run('status', '--data-dir', dataDir, '--json')).stdout);
    const then = JSON.parse(
      (await run('status', '--data-dir', dataDir, '--json', '--at', '2026-10-02T00:00:00Z')).stdout,
    );

    const retention = now.controls.find((c: { controlId: string }) => c.controlId === 'log-retention');
    expect(retention).toMatchObject({
      controlId: 'log-retention',
      title: expect.any(String),
      citations: [{ citation: '164.316(b)(2)(i)', requirement: 'required' }],
      status: 'NON_COMPLIANT',
    });
    expect(retention.resources[0]).toMatchObject({
      subject: {
        accountId: where.account,
        region: where.region,
        resourceType: 'AWS::Logs::LogGroup',
        resourceId: '/p',
        arn: logGroupArn('/p'),
      },
      status: 'NON_COMPLIANT',
      observedAt: '2026-10-05T00:00:00.000Z',
      evidenceId: expect.stringMatching(/^ev_[0-9a-f]{32}$/),
    });
    expect(then.asOf).toBe('2026-10-02T00:00:00.000Z');
    expect(then.controls.find((c: { controlId: string }) => c.controlId === 'log-retention').status).toBe(
      'COMPLIANT',
    );
  });

  it('prints a readable table without --json', async () => {
    writeFileSync(join(dir, 'e.json'), JSON.stringify(retentionCall('/t', '2026-10-01T00:00:00.000Z', 30)));
    await run('ingest', join(dir, 'e.json'), '--data-dir', dataDir);

    const res = await run('status', '--data-dir', dataDir);

    expect(res.stdout).toMatch(/!! {2}NON_COMPLIANT\s+log-retention\s+164\.316\(b\)\(2\)\(i\)/);
    expect(res.stdout).toContain('Non-compliant resources');
  });

  it('verify-store exits 0 on an intact store and 4 after a record is altered', async () => {
    writeFileSync(join(dir, 'e.json'), JSON.stringify([retentionCall('/v', '2026-10-01T00:00:00.000Z', 30)]));
    await run('ingest', join(dir, 'e.json'), '--data-dir', dataDir);
    expect((await run('verify-store', '--data-dir', dataDir)).code).toBe(0);

    const dynamo = await startEmbeddedDynamo(join(dataDir, 'store'));
    try {
      const key = logGroupArn('/v');
      const { DynamoDbEvidenceStore } = await import('../../core/adapters/dynamodb/store');
      const docs = await new DynamoDbEvidenceStore({
        tableName: 'evidence',
        client: dynamo.client,
      }).listChainDocs(key);
      const doc = docs[0]!.doc as { observedAt: string };
      doc.observedAt = '2026-09-01T00:00:00.000Z';
      await dynamo.client.send(
        new UpdateItemCommand({
          TableName: 'evidence',
          Key: { pk: { S: `S#${key}` }, sk: { S: docs[0]!.key } },
          UpdateExpression: 'SET doc = :d',
          ExpressionAttributeValues: { ':d': { S: JSON.stringify(doc) } },
        }),
      );
    } finally {
      await dynamo.close();
    }

    const res = await run('verify-store', '--data-dir', dataDir, '--json');

    expect(res.code).toBe(4);
    expect(JSON.parse(res.stdout).problems[0].problem).toMatch(/content hash does not match/);
  });

  it('works against any DynamoDB endpoint, creating the table there', async () => {
    const dynamo = await startEmbeddedDynamo();
    try {
      writeFileSync(
        join(dir, 'e.json'),
        JSON.stringify(retentionCall('/x', '2026-10-01T00:00:00.000Z', 3653)),
      );

      const ingested = await run(
        'ingest',
        join(dir, 'e.json'),
        '--endpoint',
        dynamo.endpoint,
        '--table',
        'remote-evidence',
        '--json',
      );
      const verified = await run(
        'verify-store',
        '--endpoint',
        dynamo.endpoint,
        '--table',
        'remote-evidence',
        '--json',
      );

      expect(ingested.code).toBe(0);
      expect(JSON.parse(ingested.stdout).stored).toBe(1);
      expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, records: 1 });
    } finally {
      await dynamo.close();
    }
  });

  it('explains usage errors with exit code 2', async () => {
    const badTime = await run('status', '--data-dir', dataDir, '--at', 'yesterday-ish');
    const missing = await run('ingest', join(dir, 'nope.json'), '--data-dir', dataDir);
    writeFileSync(join(dir, 'cfg.json'), JSON.stringify({ ruleMappings: { 'my-rule': 'no-such-control' } }));
    const badConfig = await run('status', '--data-dir', dataDir, '--config', join(dir, 'cfg.json'));

    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toContain('--at is not a valid time');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file or directory');
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toContain('unknown control id "no-such-control"');
  });

  it('maps a custom Config rule to a catalog control through the configuration file', async () => {
    writeFileSync(
      join(dir, 'cfg.json'),
      JSON.stringify({ ruleMappings: { 'acme-log-keep-6y': 'log-retention' } }),
    );
    const { complianceChange } = await import('../../cli/demo/events');
    writeFileSync(
      join(dir, 'e.json'),
      JSON.stringify(
        complianceChange(where, '2026-10-01T00:00:00.000Z', {
          name: 'acme-log-keep-6y',
          resourceType: 'AWS::Logs::LogGroup',
          resourceId: '/m',
          compliance: 'NON_COMPLIANT',
        }),
      ),
    );

    await run('ingest', join(dir, 'e.json'), '--data-dir', dataDir, '--config', join(dir, 'cfg.json'));
    const status = JSON.parse((await run('status', '--data-dir', dataDir, '--json')).stdout);

    expect(status.controls.find((c: { controlId: string }) => c.controlId === 'log-retention').status).toBe(
      'NON_COMPLIANT',
    );
    expect(status.controls.some((c: { controlId: string }) => c.controlId.startsWith('config-rule:'))).toBe(
      false,
    );
  });

  it('sends the drift notifications of the demo month to a Slack webhook, and nothing on a second ingest', async () => {
    const slack = await new FakeSlack().start();
    try {
      const res = await run('demo', '--data-dir', dataDir, '--json', '--slack-webhook', slack.url);
      writeFileSync(join(dir, 'again.json'), JSON.stringify(demoEvents()));
      const again = await run(
        'ingest',
        join(dir, 'again.json'),
        '--data-dir',
        dataDir,
        '--json',
        '--slack-webhook',
        slack.url,
      );

      expect(res.code).toBe(0);
      const sent = JSON.parse(res.stdout).slack.sent;
      // the events' drifts and fixes, the sweep's findings, the collection gap and the overdue log review
      expect(sent).toBeGreaterThanOrEqual(10);
      expect(JSON.parse(res.stdout).slack).toMatchObject({ configured: true, pending: 0 });
      // one message per cause: a message may announce several transitions
      const messages = JSON.parse(res.stdout).slack.messages;
      expect(messages).toBeLessThan(sent);
      expect(slack.requests).toHaveLength(messages);
      expect(JSON.stringify(slack.requests)).not.toContain('health-records-team');
      // the payload file holds exactly what was POSTed, in the order it was POSTed
      const payloads = JSON.parse(readFileSync(JSON.parse(res.stdout).slack.payloads, 'utf8'));
      // the file lists the month in time order; notable events were posted as they were stored, the
      // drift messages at the end: the same bodies, in another order
      const byText = (a: { text?: unknown }, b: { text?: unknown }) =>
        String(a.text).localeCompare(String(b.text));
      expect([...payloads].sort(byText)).toEqual(slack.requests.map((r) => r.body).sort(byText));
      expect(JSON.parse(again.stdout)).toMatchObject({
        stored: 0,
        transitions: 0,
        notifications: { sent: 0 },
      });
      expect(slack.requests).toHaveLength(messages);
    } finally {
      await slack.stop();
    }
  });

  it('rejects a webhook that is not https, without printing it', async () => {
    writeFileSync(join(dir, 'e.json'), JSON.stringify(retentionCall('/w', '2026-10-01T00:00:00.000Z', 30)));

    const res = await run(
      'ingest',
      join(dir, 'e.json'),
      '--data-dir',
      dataDir,
      '--slack-webhook',
      'http://hooks.example.com/secret-path',
    );

    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--slack-webhook is not an https Slack webhook URL');
    expect(res.stderr).not.toContain('secret-path');
  });

  it('runs the demo and leaves a store that verifies', async () => {
    const res = await run('demo', '--data-dir', dataDir, '--json');

    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.verify.ok).toBe(true);
    expect(out.timeline.filter((e: { kind: string }) => e.kind === 'drift').length).toBeGreaterThanOrEqual(4);
    expect(out.ingest.duplicates).toBe(1);
    expect(readFileSync(join(dataDir, 'store', 'CURRENT'), 'utf8')).toMatch(/MANIFEST/);
  });
});

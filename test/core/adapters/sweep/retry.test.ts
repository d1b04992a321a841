import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSweepClients, SWEEP_RETRY } from '../../../../core/adapters/sweep/clients';
import { logsCollector } from '../../../../core/adapters/sweep/logs';

/**
 * The SDK's adaptive retry, for real: a local HTTP server speaks the CloudWatch Logs JSON protocol,
 * answers the first request of each page with ThrottlingException (HTTP 400, as the API reference
 * documents it) and the retry with the page.
 */
const requests: { target: string; body: string }[] = [];
let server: Server;
let endpoint: string;

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => resolve(body));
  });
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await read(req);
    requests.push({ target: String(req.headers['x-amz-target']), body });
    const attempt = requests.filter((r) => r.body === body).length;
    res.setHeader('content-type', 'application/x-amz-json-1.1');
    if (attempt === 1) {
      res.statusCode = 400;
      res.end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
      return;
    }
    const token = (JSON.parse(body) as { nextToken?: string }).nextToken;
    res.end(
      JSON.stringify(
        token
          ? {
              logGroups: [
                {
                  logGroupName: 'audit',
                  arn: 'arn:aws:logs:us-east-1:111122223333:log-group:audit:*',
                  retentionInDays: 2192,
                },
              ],
            }
          : {
              logGroups: [
                {
                  logGroupName: '/aws/lambda/intake',
                  arn: 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/intake:*',
                  retentionInDays: 30,
                },
              ],
              nextToken: 'page-2',
            },
      ),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

describe('sweep clients', () => {
  it('are built with adaptive retry', async () => {
    const clients = createSweepClients({ region: 'us-east-1' });
    expect(await clients.logs.config.retryStrategy()).toMatchObject({ mode: 'adaptive' });
    expect(await clients.iam.config.maxAttempts()).toBe(SWEEP_RETRY.maxAttempts);
    for (const c of Object.values(clients)) c.destroy();
  });

  it('ride out throttling: each throttled page is retried and the sweep sees every page, with no gap', async () => {
    const client = new CloudWatchLogsClient({
      ...SWEEP_RETRY,
      region: 'us-east-1',
      endpoint,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' },
    });
    const result = await logsCollector(client).collect({
      region: 'us-east-1',
      startedAt: new Date('2026-11-22T02:00:00Z'),
      concurrency: 2,
    });
    client.destroy();
    expect(requests.map((r) => r.target)).toEqual(Array(4).fill('Logs_20140328.DescribeLogGroups'));
    expect(result.apis).toEqual([{ api: 'logs:DescribeLogGroups', calls: 1, failures: [] }]);
    expect(result.items.map((i) => i.key)).toEqual(['log-group:/aws/lambda/intake', 'log-group:audit']);
    expect(result.accountIds).toEqual(['111122223333', '111122223333']);
  });
});

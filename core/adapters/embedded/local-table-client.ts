/**
 * The embedded store's client: DynamoDB's JSON protocol over one keep-alive HTTP connection pool to the
 * dynalite thread, without the SDK's request pipeline.
 *
 * Why not the SDK client: a profile of a 20k-event ingest into the embedded store showed the CLI's
 * thread spending about half its time in the SDK (schema serialization, SigV4 signing, endpoint
 * resolution, middleware) for requests that never leave the process and whose signature dynalite does
 * not check; on two cores that work competes with the store's own thread. The wire format is the SDK's
 * input and output shapes as they are (DynamoDB's JSON protocol names members the same way), so the
 * adapters send the same commands to either client. Binary attribute values (`B`, `BS`) travel as base64
 * text, as the protocol has them, and are bytes on both sides, as with the SDK.
 */
import { Agent, request } from 'node:http';
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { TableClient } from '../dynamodb/table-client';

/** The commands the client carries, by class, with their operation names (minifying keeps neither's name). */
const OPERATIONS = new Map<unknown, string>([
  [BatchGetItemCommand, 'BatchGetItem'],
  [BatchWriteItemCommand, 'BatchWriteItem'],
  [CreateTableCommand, 'CreateTable'],
  [DeleteItemCommand, 'DeleteItem'],
  [DescribeTableCommand, 'DescribeTable'],
  [GetItemCommand, 'GetItem'],
  [PutItemCommand, 'PutItem'],
  [QueryCommand, 'Query'],
  [ScanCommand, 'Scan'],
  [UpdateItemCommand, 'UpdateItem'],
]);

/**
 * dynalite wants a well-formed SigV4 header and checks nothing in it; this one says so (signature 0)
 * and carries no credential of the user's.
 */
const AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=local/20000101/local/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0';

/** JSON.stringify replacer: bytes (a binary attribute value) as base64, as the protocol carries them. */
function bytesAsBase64(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  return original instanceof Uint8Array ? Buffer.from(original).toString('base64') : value;
}

/**
 * JSON.parse reviver: a binary attribute value's base64 back to bytes. `B` and `BS` with text in them
 * occur only as attribute value types: an attribute named so maps to an object, never to text.
 */
function base64AsBytes(key: string, value: unknown): unknown {
  if (key === 'B' && typeof value === 'string') return Buffer.from(value, 'base64');
  if (key === 'BS' && Array.isArray(value))
    return value.map((v) => (typeof v === 'string' ? Buffer.from(v, 'base64') : v));
  return value;
}

/** An error answered by the store: named as DynamoDB names it, with the status the retry policy reads. */
export class LocalTableError extends Error {
  readonly $metadata: { httpStatusCode: number };
  constructor(name: string, message: string, status: number) {
    super(message);
    this.name = name;
    this.$metadata = { httpStatusCode: status };
  }
}

/** A DynamoDB-API client for a local endpoint (the embedded store), see the module comment. */
export class LocalTableClient implements TableClient {
  private readonly url: URL;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  constructor(endpoint: string) {
    this.url = new URL(endpoint);
  }

  send: TableClient['send'] = (command) => {
    const operation = OPERATIONS.get(command.constructor);
    if (!operation)
      return Promise.reject(
        new Error(`the embedded store's client does not carry ${command.constructor.name} requests`),
      );
    // biome-ignore lint/suspicious/noExplicitAny: the output is the store's JSON answer, shaped as the command's output by DynamoDB's protocol
    return this.post(operation, JSON.stringify(command.input, bytesAsBase64)) as Promise<any>;
  };

  destroy(): void {
    this.agent.destroy();
  }

  private post(operation: string, body: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method: 'POST',
          path: '/',
          agent: this.agent,
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'content-length': Buffer.byteLength(body),
            'x-amz-target': `DynamoDB_20120810.${operation}`,
            'x-amz-date': '20000101T000000Z',
            authorization: AUTHORIZATION,
          },
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (part: Buffer) => parts.push(part));
          res.on('error', reject);
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const text = Buffer.concat(parts).toString('utf8');
            let answer: Record<string, unknown>;
            try {
              answer = text ? JSON.parse(text, base64AsBytes) : {};
            } catch {
              reject(
                new LocalTableError(
                  'InternalServerError',
                  `the store answered ${status} with no JSON`,
                  status,
                ),
              );
              return;
            }
            if (status === 200) {
              resolve({ ...answer, $metadata: { httpStatusCode: status } });
              return;
            }
            // DynamoDB's error body: {"__type": "com.amazonaws.dynamodb.v20120810#Name", "message": ...}
            const type = typeof answer.__type === 'string' ? answer.__type : '';
            const name =
              type.slice(type.lastIndexOf('#') + 1) || (status >= 500 ? 'InternalServerError' : 'Error');
            const message = String(answer.message ?? answer.Message ?? `the store answered ${status}`);
            reject(new LocalTableError(name, message, status));
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

/**
 * Values planted in every way redaction had missed, searched for in everything the pipeline keeps:
 * every item of the table (quarantine payloads decompressed) and every file of the binder, the PDF's
 * extracted text included. An insider reading the store or the binder must find none of them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInputs } from '../../cli/input';
import { DynamoDbEvidenceReader } from '../../core/adapters/dynamodb/evidence-reader';
import type { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import type { TableClient } from '../../core/adapters/dynamodb/table-client';
import type { EmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { s3Collector } from '../../core/adapters/sweep/s3';
import { exportBinder } from '../../core/usecases/export-binder/export-binder';
import { type IngestResult, ingest } from '../../core/usecases/ingest';
import { runSweep } from '../../core/usecases/sweep';
import type { EvidenceRecord } from '../../evidence-schemas';
import { loadEvent, setAt } from '../fixtures/builders';
import { unzip } from '../helpers/binder';
import {
  ACCOUNT_ID,
  type FakeAws,
  healthyAccount,
  REGION,
  serveAccount,
  TLS_POLICY,
} from '../helpers/fake-aws-account';
import { startTestStore } from '../helpers/store';

/** The text of one attribute value: binary payloads (quarantined input) decompressed when gzipped. */
function attributeText(v: AttributeValue): string {
  if (v.S !== undefined) return v.S;
  if (v.N !== undefined) return v.N;
  if (v.B !== undefined) return bytesText(Buffer.from(v.B));
  if (v.L) return v.L.map(attributeText).join('\n');
  if (v.M)
    return Object.entries(v.M)
      .map(([k, inner]) => `${k}=${attributeText(inner)}`)
      .join('\n');
  if (v.SS) return v.SS.join('\n');
  if (v.NS) return v.NS.join('\n');
  if (v.BS) return v.BS.map((b) => bytesText(Buffer.from(b))).join('\n');
  return '';
}

const bytesText = (b: Buffer) => (b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b).toString('utf8');

/** Every item of the table, every attribute, as text: records, heads, indexes, markers, quarantine. */
async function wholeStore(client: TableClient, tableName: string): Promise<string> {
  const parts: string[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) parts.push(attributeText({ M: item }));
    start = page.LastEvaluatedKey;
  } while (start);
  return parts.join('\n');
}

/** Every file of the binder zip as text (gzipped ones decompressed), and the PDF's extracted text. */
async function wholeBinder(zipPath: string, pdfPath: string): Promise<string> {
  const parts: string[] = [];
  for (const [name, bytes] of await unzip(zipPath)) parts.push(name, bytesText(bytes));
  const pdf = await getDocumentProxy(new Uint8Array(readFileSync(pdfPath)));
  parts.push((await extractText(pdf, { mergePages: true })).text);
  return parts.join('\n');
}

/** A bucket policy: the TLS deny the s3-bucket-tls control looks for, and conditions with secrets. */
function policyWith(referer: string, userAgent: string) {
  const tls = JSON.parse(TLS_POLICY) as { Statement: unknown[] };
  return {
    ...tls,
    Statement: [
      ...tls.Statement,
      {
        Sid: 'PortalOnly',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::clinic-phi-intake/*',
        Condition: {
          StringLike: { 'aws:Referer': [`https://${referer}.example/*`] },
          StringEquals: { 'aws:UserAgent': userAgent },
        },
      },
    ],
  };
}

const PLANTED = {
  policy: [
    'ci-referer-q81z',
    'ci-agent-k27w',
    'trail-referer-m44p',
    'trail-agent-h19c',
    'sweep-referer-v63n',
    'sweep-agent-b08s',
  ],
  keyNames: [
    'passphrase-x71',
    'bearer-y52',
    'x-api-key-z33',
    'api-key-camel-w94',
    'credentials-u15',
    'private-key-t86',
    'pem-body-s47',
    'conn-pw-r28',
    'srv-pw-q09',
    'ado-pw-p60',
  ],
  quarantineTags: ['tag-map-dr-okafor', 'tag-pair-jane-roe', 'tag-pair-ward-7b'],
  brokenLine: [
    'line-pw-n41',
    'line-eq-pw-m32',
    'line-pem-l23',
    'line-conn-pw-k14',
    'line-tag-j05',
    'line-bare-i96',
  ],
};

/** Evidence that looks like a secret by name but is not one: it must stay. */
const KEPT = {
  kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/6b1e9f0a-kept-kms',
  KeyId: 'kept-key-id-3c2b',
  publicKey: 'ssh-ed25519 AAAAkeptPublicKey',
  accessKeyId: 'AKIAKEPTEXAMPLE00042',
};

describe('a planted secret reaches neither the store nor the binder', () => {
  let dynamo: EmbeddedDynamo;
  let store: DynamoDbEvidenceStore;
  let work: string;
  let aws: FakeAws;
  let stored: string;
  let binder: string;
  const results: IngestResult[] = [];
  const records: EvidenceRecord[] = [];

  beforeAll(async () => {
    let tableName: string;
    ({ store, dynamo, tableName } = await startTestStore());
    work = mkdtempSync(join(tmpdir(), 'redaction-binder-'));

    // 1. policy conditions: a Config item (policyText), a CloudTrail PutBucketPolicy, a sweep
    const item = loadEvent('config-ci-s3-bucket');
    setAt(
      item,
      ['detail', 'configurationItem', 'supplementaryConfiguration', 'BucketPolicy', 'policyText'],
      JSON.stringify(policyWith(PLANTED.policy[0]!, PLANTED.policy[1]!)),
    );
    const call = loadEvent('ct-put-bucket-policy');
    setAt(
      call,
      ['detail', 'requestParameters', 'bucketPolicy'],
      policyWith(PLANTED.policy[2]!, PLANTED.policy[3]!),
    );

    // 2. key names and secrets inside strings, next to look-alikes that are evidence
    const rds = loadEvent('config-ci-rds-instance');
    const configuration = ['detail', 'configurationItem', 'configuration'];
    setAt(rds, [...configuration, 'passphrase'], PLANTED.keyNames[0]);
    setAt(rds, [...configuration, 'headers'], {
      Authorization: `Bearer ${PLANTED.keyNames[1]}`,
      'x-api-key': PLANTED.keyNames[2],
    });
    setAt(rds, [...configuration, 'apiKey'], PLANTED.keyNames[3]);
    setAt(rds, [...configuration, 'credentials'], { user: 'svc', value: PLANTED.keyNames[4] });
    setAt(rds, [...configuration, 'privateKey'], PLANTED.keyNames[5]);
    setAt(
      rds,
      [...configuration, 'userData'],
      `#!/bin/sh\necho '-----BEGIN RSA PRIVATE KEY-----\nMIIE${PLANTED.keyNames[6]}\n-----END RSA PRIVATE KEY-----'`,
    );
    setAt(rds, [...configuration, 'connection'], `postgres://ehr:${PLANTED.keyNames[7]}@db.example:5432/ehr`);
    setAt(
      rds,
      [...configuration, 'replica'],
      `mongodb+srv://svc:${PLANTED.keyNames[8]}@cluster0.example.net/ehr`,
    );
    setAt(rds, [...configuration, 'reporting'], `Server=db;User Id=sa;Password=${PLANTED.keyNames[9]};`);
    for (const [k, v] of Object.entries(KEPT)) setAt(rds, [...configuration, k], v);
    setAt(rds, [...configuration, 'keyRotationEnabled'], true);

    // 3. a bad configuration item, quarantined, with tags in every shape
    const bad = loadEvent('config-ci-ebs-volume');
    setAt(bad, ['account'], 'not-an-account');
    setAt(bad, ['detail', 'configurationItem', 'tags'], { 'attending-md': PLANTED.quarantineTags[0] });
    setAt(
      bad,
      ['detail', 'configurationItem', 'supplementaryConfiguration', 'Tags'],
      [
        { key: 'patient', value: PLANTED.quarantineTags[1] },
        { Key: 'ward', Value: PLANTED.quarantineTags[2] },
      ],
    );

    results.push(
      await ingest(
        [item, call, rds, bad].map((raw, i) => ({ raw, origin: `planted#${i}` })),
        { store },
      ),
    );

    // 4. a JSON Lines file whose second line is broken JSON holding secrets and a tag value
    const [p, eq, pem, conn, tag, bare] = PLANTED.brokenLine;
    const broken =
      `{"detail": {"configuration": {"password": "${p}", "cmd": "psql password=${eq}",` +
      ` "key": "-----BEGIN PRIVATE KEY-----\\n${pem}\\n-----END PRIVATE KEY-----",` +
      ` "url": "postgres://u:${conn}@db/phi", "tags": {"owner": "${tag}"}, "token": ${bare}}`;
    const file = join(work, 'events.jsonl');
    writeFileSync(file, `${JSON.stringify(loadEvent('ct-start-logging'))}\n${broken}\n`);
    results.push(await ingest(readInputs(file), { store }));

    // 5. the sweep reads the bucket policy with GetBucketPolicy
    const account = healthyAccount();
    account.buckets = [
      {
        name: 'clinic-phi-intake',
        encryption: 'aws:kms',
        policy: JSON.stringify(policyWith(PLANTED.policy[4]!, PLANTED.policy[5]!)),
      },
    ];
    aws = serveAccount(account);
    await runSweep({
      collectors: [s3Collector(aws.clients.s3)],
      store,
      region: REGION,
      accountId: ACCOUNT_ID,
      now: () => new Date('2025-03-20T02:00:00.000Z'),
    });

    for await (const d of store.scanRecordDocs()) records.push(d.doc as EvidenceRecord);
    stored = await wholeStore(dynamo.client, tableName);
    const out = await exportBinder(
      {
        from: '2025-03-01T00:00:00.000Z',
        to: '2025-03-31T23:59:59.999Z',
        outDir: join(work, 'binder'),
        generator: { name: 'test', version: '0' },
      },
      { reader: new DynamoDbEvidenceReader({ store }) },
    );
    binder = await wholeBinder(out.zipPath, out.pdfPath);
  });
  afterAll(async () => {
    aws?.restore();
    await dynamo.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('searches what it claims to: records, the decompressed quarantine and the binder files', () => {
    expect(results[0]).toMatchObject({ stored: 3, quarantined: [{ index: 3 }] });
    expect(results[1]?.quarantined).toHaveLength(1);
    expect(stored).toContain('aws:Referer'); // condition keys are kept
    expect(stored).toContain('"attending-md"'); // a tag key, inside a gzipped quarantine payload
    expect(stored).toContain('"cmd": "psql password=[REDACTED]"'); // the broken line, gzipped
    expect(binder).toContain('clinic-phi-intake');
    expect(binder).toContain('aws:Referer');
  });

  it('a Referer or User-Agent in a bucket policy Condition (Config, CloudTrail, sweep)', () => {
    for (const value of PLANTED.policy) {
      expect(stored).not.toContain(value);
      expect(binder).not.toContain(value);
    }
  });

  it('leaves the s3-bucket-tls verdict of every policy compliant', () => {
    const tls = records.flatMap((r) =>
      r.controls.filter((c) => c.controlId === 's3-bucket-tls').map((c) => [r.source.kind, c.status]),
    );
    expect(tls).toEqual(
      expect.arrayContaining([
        ['config-item-change', 'COMPLIANT'],
        ['cloudtrail-api-call', 'COMPLIANT'],
        ['sweep', 'COMPLIANT'],
      ]),
    );
    expect(tls.filter(([, status]) => status !== 'COMPLIANT')).toEqual([]);
  });

  it('a secret under a key name the list missed, or inside a string (PEM key, connection string)', () => {
    for (const value of PLANTED.keyNames) {
      expect(stored).not.toContain(value);
      expect(binder).not.toContain(value);
    }
  });

  it('keeps key ids, public keys and access key ids, which are evidence and not secrets', () => {
    for (const value of Object.values(KEPT)) expect(stored).toContain(value);
    expect(stored).toContain('"keyRotationEnabled":true');
  });

  it('a tag value in quarantined input (maps, {key, value} and {Key, Value} pairs)', () => {
    for (const value of PLANTED.quarantineTags) {
      expect(stored).not.toContain(value);
      expect(binder).not.toContain(value);
    }
    expect(stored).toContain('"ward"');
  });

  it('a secret or tag value on a JSON Lines line that is not valid JSON', () => {
    for (const value of PLANTED.brokenLine) {
      expect(stored).not.toContain(value);
      expect(binder).not.toContain(value);
    }
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cloudTrailRecord } from '../../cli/demo/events';
import type { EmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { unzip } from '../helpers/binder';
import { where } from '../helpers/events';
import { run } from '../helpers/run-cli';
import { startTestStore } from '../helpers/store';
import { unwrappedOutput } from '../helpers/text';
import {
  ACCOUNT,
  archive,
  BUCKET,
  digestKey,
  keyPair,
  listPublicKeysOutput,
  logKey,
} from '../helpers/trail-archive';

unwrappedOutput();

/** A configuration item as AWS Config writes it into snapshot and history files (version 1.3). */
function configFileItem(name: string, capturedAt: string, retentionInDays: number, stateId: number) {
  return {
    relatedEvents: [],
    relationships: [],
    configuration: {
      logGroupName: name,
      retentionInDays,
      arn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${name}:*`,
    },
    supplementaryConfiguration: {},
    tags: {},
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: capturedAt,
    configurationStateId: stateId,
    awsAccountId: ACCOUNT,
    configurationItemStatus: 'OK',
    resourceType: 'AWS::Logs::LogGroup',
    resourceId: name,
    resourceName: name,
    ARN: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${name}:*`,
    awsRegion: 'us-east-1',
    availabilityZone: 'Not Applicable',
    configurationStateMd5Hash: '',
  };
}

/** Hour h's log file: one trail call (StopLogging, StartLogging, StopLogging on another trail). */
function content(hour: number): Buffer {
  const calls = [
    ['StopLogging', 'rch-trail-a'],
    ['StartLogging', 'rch-trail-a'],
    ['StopLogging', 'rch-trail-b'],
  ] as const;
  const [eventName, name] = calls[hour - 1]!;
  const time = `2026-10-05T${String(hour - 1).padStart(2, '0')}:10:00.000Z`;
  const record = cloudTrailRecord(
    { ...where, account: ACCOUNT },
    time,
    { type: 'IAMUser', name: 'alice' },
    {
      eventSource: 'cloudtrail.amazonaws.com',
      eventName,
      requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/${name}` },
    },
  );
  return Buffer.from(JSON.stringify({ Records: [record] }));
}

describe('evidence ingest of history: AWS Config files and CloudTrail archives (dynalite endpoint)', () => {
  let dir: string;
  let dynamo: EmbeddedDynamo;
  let tableName: string;
  let cli: (...args: string[]) => ReturnType<typeof run>;
  const put = (path: string, content: string | Buffer, gzip = true) => {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, gzip ? gzipSync(content) : content);
    return full;
  };
  const scanText = async () =>
    JSON.stringify((await dynamo.client.send(new ScanCommand({ TableName: tableName }))).Items);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-history-'));
    ({ dynamo, tableName } = await startTestStore());
    cli = (...args) => run(...args, '--endpoint', dynamo.endpoint, '--table', tableName, '--json');
  });
  afterEach(async () => {
    await dynamo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores Config snapshot and history files as delivered, dated by capture time, and adds nothing twice', async () => {
    // Prepare: a snapshot of 250 log groups on 1 September (three ingest batches of 100), and a history
    // file in which the first one's retention rises to six years on the 10th
    const config = `AWSLogs/${ACCOUNT}/Config/us-east-1/2026/9`;
    const groups = Array.from({ length: 250 }, (_, i) => `/clinic/app-${i}`);
    put(
      `${config}/1/ConfigSnapshot/${ACCOUNT}_Config_us-east-1_ConfigSnapshot_20260901T000000Z_a1.json.gz`,
      JSON.stringify({
        fileVersion: '1.0',
        configSnapshotId: 'a1b2c3d4-0000-4000-8000-000000000001',
        configurationItems: groups.map((g, i) => configFileItem(g, '2026-09-01T00:00:00.000Z', 30, 1000 + i)),
      }),
    );
    put(
      `${config}/10/ConfigHistory/${ACCOUNT}_Config_us-east-1_ConfigHistory_AWS::Logs::LogGroup_20260910T000000Z_20260910T060000Z_1.json.gz`,
      JSON.stringify({
        fileVersion: '1.0',
        configurationItems: [configFileItem('/clinic/app-0', '2026-09-10T03:00:00.000Z', 2192, 5000)],
      }),
    );

    // Act
    const first = await cli('ingest', join(dir, 'AWSLogs'), '--batch', '100');
    const again = await cli('ingest', join(dir, 'AWSLogs'), '--batch', '100');
    const before = await cli('status', '--at', '2026-09-05T00:00:00Z');
    const after = await cli('status', '--at', '2026-09-11T00:00:00Z');

    // Assess: every item is evidence (none quarantined as "unrecognised"), once
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ received: 251, stored: 251, quarantined: [] });
    expect(JSON.parse(again.stdout)).toMatchObject({ received: 251, stored: 0, duplicates: 251 });
    const app0 = (report: string) =>
      JSON.parse(report)
        .controls.find((c: { controlId: string }) => c.controlId === 'log-retention')
        .resources.find((r: { subject: { resourceId: string } }) => r.subject.resourceId === '/clinic/app-0');
    expect(app0(before.stdout)).toMatchObject({
      status: 'NON_COMPLIANT',
      observedAt: '2026-09-01T00:00:00.000Z',
    });
    expect(app0(after.stdout)).toMatchObject({ status: 'COMPLIANT', observedAt: '2026-09-10T03:00:00.000Z' });
  });

  it("records each CloudTrail log file's provenance from the signed digests, and keeps an altered file's events aside", async () => {
    // Prepare: three hours of a trail's archive, copied to disk (no S3 metadata), one log file per hour
    const records = [
      ['StopLogging', 'rch-trail-a'],
      ['StartLogging', 'rch-trail-a'],
      ['StopLogging', 'rch-trail-b'],
    ] as const;
    const content = (hour: number) => {
      const [eventName, name] = records[hour - 1]!;
      const time = `2026-10-05T${String(hour - 1).padStart(2, '0')}:10:00.000Z`;
      const record = cloudTrailRecord(
        { ...where, account: ACCOUNT },
        time,
        { type: 'IAMUser', name: 'alice' },
        {
          eventSource: 'cloudtrail.amazonaws.com',
          eventName,
          requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/${name}` },
        },
      );
      return Buffer.from(JSON.stringify({ Records: [record] }));
    };
    const signer = keyPair();
    const a = archive(3, signer, content);
    for (const d of a.digests) put(`trail/${d.key}`, d.content);
    for (let h = 1; h <= 3; h++) put(`trail/${logKey(h)}`, content(h));
    const keys = put('keys.json', listPublicKeysOutput(a.keys), false);
    // hour 2's log file altered after delivery: StartLogging rewritten to claim the trail kept logging
    put(`trail/${logKey(2)}`, content(2).toString().replace('"StartLogging"', '"GetTrailStatus"'));

    // Act
    const res = await cli('ingest', join(dir, 'trail'), '--trail-public-keys', keys);
    const unchecked = await cli('ingest', join(dir, 'trail'));

    // Assess: digests are read, not ingested; hour 1 validated, hour 3 not (the newest digest's signature
    // lives in S3 metadata, which a copy lacks), hour 2's event quarantined as altered
    const out = JSON.parse(res.stdout);
    expect(res.code).toBe(3);
    expect(out).toMatchObject({ received: 3, stored: 2 });
    expect(out.archive).toMatchObject({
      digests: 3,
      validDigests: 2,
      logFiles: { validated: 1, notValidated: 1, tampered: 1 },
    });
    expect(out.quarantined).toEqual([
      expect.objectContaining({
        reason: expect.stringMatching(/^CloudTrail log file altered since delivery: SHA-256 differs/),
      }),
    ]);
    expect(out.archive.findings).toEqual([expect.stringContaining(`${digestKey(3)}: no signature`)]);
    const text = await scanText();
    expect(text).toContain(
      `\\"status\\":\\"digest-validated\\",\\"digest\\":\\"org-trail-archive/${digestKey(1)}\\"`,
    );
    expect(text).toContain(`\\"file\\":\\"${logKey(3)}\\",\\"status\\":\\"not-validated\\"`);
    // the binder of the day says which records CloudTrail's signed digests vouch for
    const binder = await cli(
      'binder',
      '--from',
      '2026-10-05',
      '--to',
      '2026-10-05',
      '--out',
      join(dir, 'binders'),
    );
    const html = (await unzip(JSON.parse(binder.stdout).zip)).get('index.html')!.toString('utf8');
    expect(html).toContain('Where the evidence came from');
    expect(html).toMatch(
      /whose log file CloudTrail(&#39;|')s signed digest vouches for<\/td><td>1<\/td><td>1 log file<\/td>/,
    );
    expect(html).toMatch(
      /no verified digest vouches for<\/td><td>1<\/td><td>1 log file; not listed in any digest that verifies<\/td>/,
    );
    // without keys the digests are not checked, and the output says so
    expect(JSON.parse(unchecked.stdout).archive.findings).toEqual([
      "digests not checked: CloudTrail's public keys not given (--trail-public-keys FILE|aws)",
    ]);
  });

  it('names a keys file that is not ListPublicKeys output, before reading any input', async () => {
    // Prepare
    const a = archive(1);
    for (const d of a.digests) put(`trail/${d.key}`, d.content);
    const bad = put('keys.json', '{"Keys": []}', false);

    // Act
    const res = await cli('ingest', join(dir, 'trail'), '--trail-public-keys', bad);

    // Assess
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(
      `--trail-public-keys: ${bad} is not the output of aws cloudtrail list-public-keys`,
    );
  });

  it('reads a CloudTrail archive from S3, every digest checked with the signature in its metadata', async () => {
    // Prepare: the bucket as CloudTrail fills it (aws-sdk-client-mock: S3 has no local server here)
    const s3 = mockClient(S3Client);
    try {
      const a = archive(3, keyPair(), content);
      const objects = new Map<string, { body: Buffer; signature?: string }>();
      for (const d of a.digests)
        objects.set(`trail/${d.key}`, {
          body: gzipSync(d.content),
          ...(d.signature ? { signature: d.signature } : {}),
        });
      for (let h = 1; h <= 3; h++) objects.set(`trail/${logKey(h)}`, { body: gzipSync(content(h)) });
      const keys = [...objects.keys()].sort();
      s3.on(ListObjectsV2Command).callsFake((input: { Prefix?: string; ContinuationToken?: string }) => {
        // two pages, as S3 pages a large listing
        const under = keys.filter((k) => k.startsWith(input.Prefix ?? ''));
        return input.ContinuationToken
          ? { Contents: under.slice(3).map((Key) => ({ Key })) }
          : {
              Contents: under.slice(0, 3).map((Key) => ({ Key })),
              NextContinuationToken: 'page-2',
              IsTruncated: true,
            };
      });
      s3.on(GetObjectCommand).callsFake((input: { Key: string }) => {
        const o = objects.get(input.Key)!;
        return { Body: Readable.from([o.body]), Metadata: o.signature ? { signature: o.signature } : {} };
      });
      const keyFile = put('keys.json', listPublicKeysOutput(a.keys), false);

      // Act
      const res = await cli('ingest', `s3://${BUCKET}/trail`, '--trail-public-keys', keyFile);
      const wrong = await cli('ingest', `s3://${BUCKET}/trial`);

      // Assess
      expect(res.code).toBe(0);
      const out = JSON.parse(res.stdout);
      expect(out).toMatchObject({ received: 3, stored: 3, quarantined: [] });
      expect(out.archive).toMatchObject({
        digests: 3,
        validDigests: 3,
        logFiles: { validated: 3 },
        findings: [],
      });
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain(`no .json, .jsonl or .gz objects at s3://${BUCKET}/trial`);
    } finally {
      s3.restore();
    }
  });
});

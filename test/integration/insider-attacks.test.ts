import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { LocalAnchorStore } from '../../core/adapters/local-anchor-store';
import { LocalEd25519Signer } from '../../core/adapters/local-signer';
import { parseEvent } from '../../core/domain/normalize';
import { subjectKey } from '../../core/domain/observation';
import { checkpointDays } from '../../core/usecases/checkpoint';
import { ingest } from '../../core/usecases/ingest';
import { signTreeHead } from '../../core/usecases/tree-heads';
import { verifyStore } from '../../core/usecases/verify-store';
import { eraseSubject, ingestOn, tempSigner } from '../helpers/checkpoints';
import { logGroupItem } from '../helpers/events';
import { run } from '../helpers/run-cli';
import { startTestStore } from '../helpers/store';

// The attacks of the threat model (docs/threat-model.md) by someone who can write the evidence table or
// the data directory, each of which used to leave `verify-store` at exit 0.

/** Deletes every item of the given partitions (what a table writer with DeleteItem can do). */
async function deletePartitions(store: DynamoDbEvidenceStore, pks: string[]): Promise<number> {
  const res = await store.client.send(new ScanCommand({ TableName: store.tableName }));
  let deleted = 0;
  for (const item of res.Items ?? [])
    if (pks.some((pk) => item.pk?.S === pk || item.pk?.S?.startsWith(`${pk}#`))) {
      await store.client.send(
        new DeleteItemCommand({ TableName: store.tableName, Key: { pk: item.pk!, sk: item.sk! } }),
      );
      deleted++;
    }
  return deleted;
}

/** The subject key of a log group in the test account. */
function logGroup(name: string): string {
  const outcome = parseEvent(logGroupItem(name, '2026-04-01T00:00:00.000Z', 30));
  if (outcome.kind !== 'observation') throw new Error('test event did not parse');
  return subjectKey(outcome.observation.subject);
}

describe('an insider who can write the evidence table', () => {
  let dynamo: EmbeddedDynamo;
  let store: DynamoDbEvidenceStore;
  let signer: LocalEd25519Signer;
  let key: string;
  let anchorsDir: string;
  let anchors: LocalAnchorStore;
  const check = () =>
    verifyStore(store, {
      checkpointPublicKeyPem: key,
      log: store,
      anchors,
      now: new Date('2026-04-04T03:00:00.000Z'),
    });

  beforeEach(async () => {
    ({ store, dynamo } = await startTestStore());
    signer = tempSigner();
    key = await signer.publicKeyPem();
    anchorsDir = mkdtempSync(join(tmpdir(), 'anchors-'));
    anchors = new LocalAnchorStore(anchorsDir);
    // a day of evidence, checkpointed the morning after and under a signed head; then today's, under a
    // head signed minutes later (the CLI signs at the end of every command that wrote evidence)
    await ingestOn(store, '2026-04-01T08:00:00.000Z', ['/ehr/app', '/ehr/audit'], 30);
    await checkpointDays(store, signer, () => new Date('2026-04-02T01:00:00.000Z'), { anchors });
    await signTreeHead({
      store,
      anchors,
      signer,
      graceMs: 0,
      now: () => new Date('2026-04-02T01:00:00.000Z'),
    });
    await ingestOn(store, '2026-04-04T02:00:00.000Z', ['/ehr/today'], 30);
    await signTreeHead({
      store,
      anchors,
      signer,
      graceMs: 0,
      now: () => new Date('2026-04-04T02:05:00.000Z'),
    });
    const intact = await check();
    expect(intact.ok, JSON.stringify(intact.log?.problems)).toBe(true);
  });
  afterEach(async () => {
    await dynamo.close();
    rmSync(anchorsDir, { recursive: true, force: true });
  });

  it('attack 1: deletes every checkpoint and head, rewrites a checkpointed record consistently and re-runs the jobs: detected, nothing re-signed', async () => {
    expect(await deletePartitions(store, ['CHECKPOINT', 'TREEHEAD'])).toBeGreaterThan(0);
    // a consistent rewrite: the resource's history erased, then a flipped verdict ingested as of that day
    await eraseSubject(store, logGroup('/ehr/app'));
    await ingestOn(store, '2026-04-01T08:00:00.000Z', ['/ehr/app'], 2557);
    // the daily jobs run again: they restore what the anchors hold instead of signing the forgery
    const days = await checkpointDays(store, signer, () => new Date('2026-04-04T03:00:00.000Z'), { anchors });
    expect(days.restored).toEqual(['2026-04-01']);
    const heads = await signTreeHead({
      store,
      anchors,
      signer,
      graceMs: 0,
      now: () => new Date('2026-04-04T03:00:00.000Z'),
    });
    expect(heads.restored).toEqual([1, 2]);

    const report = await check();
    expect(report.ok).toBe(false);
    expect(report.checkpointProblems.map((p) => `${p.day}: ${p.problem}`)).toContain(
      "2026-04-01: the day's records do not hash to the signed root: records were replaced",
    );
    expect(report.log?.problems.map((p) => p.problem)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/do not hash to the signed root: entries were replaced/),
      ]),
    );
  });

  it('attack 2: rewrites or deletes evidence recorded since the last daily checkpoint: the signed head catches it', async () => {
    // today's record is under no daily checkpoint yet, only under the head signed minutes after it
    await eraseSubject(store, logGroup('/ehr/today'));
    const report = await check();
    expect(report.ok).toBe(false);
    expect(report.checkpointProblems).toEqual([]);
    expect(report.log?.problems).toEqual([
      { sequence: 2, problem: expect.stringMatching(/the signed head counts 3: entries were deleted/) },
    ]);
  });

  it('attack 2: deletes the newest heads and checkpoints with the records of their days: the anchors still hold them', async () => {
    await deletePartitions(store, ['TREEHEAD']);
    await eraseSubject(store, logGroup('/ehr/today'));
    const report = await check();
    expect(report.ok).toBe(false);
    expect(report.log?.problems.map((p) => p.problem)).toEqual(
      expect.arrayContaining([
        'the table lacks this anchored head',
        expect.stringMatching(/entries were deleted/),
      ]),
    );
  });

  it('attack 6: deletes a quarantined input: detected like deleted evidence', async () => {
    const result = await ingest([{ raw: '{"not": "an event"', origin: 'bad.jsonl#1' }], {
      store,
      now: () => new Date('2026-04-04T02:10:00.000Z'),
    });
    expect(result.quarantined).toHaveLength(1);
    await signTreeHead({
      store,
      anchors,
      signer,
      graceMs: 0,
      now: () => new Date('2026-04-04T02:15:00.000Z'),
    });
    expect((await check()).ok).toBe(true);
    expect(await deletePartitions(store, ['Q'])).toBe(1);
    const report = await check();
    expect(report.ok).toBe(false);
    expect(report.log?.problems).toEqual([
      { sequence: 3, problem: expect.stringMatching(/the signed head counts 4: entries were deleted/) },
    ]);
  });
});

describe('an insider who can write the data directory', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'insider-dir-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('attack 3: finds no signing key in the data directory, and a history re-signed with their own key fails', async () => {
    const dataDir = join(dir, 'data');
    writeFileSync(
      join(dir, 'events.json'),
      JSON.stringify([logGroupItem('/ehr/app', new Date().toISOString(), 30)]),
    );
    expect((await run('ingest', join(dir, 'events.json'), '--data-dir', dataDir)).code).toBe(0);
    expect((await run('verify-store', '--data-dir', dataDir)).code).toBe(0);
    // nothing in the data directory can sign
    expect(existsSync(join(dataDir, 'keys'))).toBe(false);
    for (const name of ['binder-signing-ed25519.pem'])
      expect(readFileSync(join(process.env.EVIDENCE_CONFIG_DIR!, 'keys', name)).length).toBeGreaterThan(0);

    // the intruder plants a key of their own where the old layout kept it and re-signs what they rewrote
    const ownKeys = join(dataDir, 'keys');
    mkdirSync(ownKeys);
    const theirs = LocalEd25519Signer.open(ownKeys);
    const opened = await startTestStoreAt(dataDir);
    try {
      await deletePartitions(opened.store, ['TREEHEAD', 'CHECKPOINT']);
      await eraseSubject(opened.store, logGroup('/ehr/app'));
      await signTreeHead({
        store: opened.store,
        anchors: new LocalAnchorStore(join(dir, 'their-anchors')),
        signer: theirs,
        graceMs: 0,
      });
    } finally {
      await opened.close();
    }
    const verdict = await run('verify-store', '--data-dir', dataDir);
    expect(verdict.code).toBe(4);
    expect(verdict.stdout).toMatch(/head 1: the table.s copy differs from its anchor/);
    expect(verdict.stdout).toMatch(/entries were deleted/);
  });
});

/** The embedded store of a data directory, opened as the CLI would (for the intruder's edits). */
async function startTestStoreAt(dataDir: string) {
  const { compose } = await import('../../cli/composition');
  const ctx = await compose({ dataDir, table: 'evidence' }).open();
  return { store: ctx.store as unknown as DynamoDbEvidenceStore, close: () => ctx.close() };
}

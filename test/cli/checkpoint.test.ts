import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import { startEmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { eraseSubject } from '../helpers/checkpoints';
import { logGroupArn, logGroupItem } from '../helpers/events';
import { run } from '../helpers/run-cli';
import { unwrappedOutput } from '../helpers/text';

unwrappedOutput();

describe('evidence checkpoint, verify-store and binder on the embedded store', () => {
  let dir: string;
  let dataDir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-checkpoint-'));
    dataDir = join(dir, 'data');
    // only the clock is faked: records are stamped with it, checkpoints close days by it
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('anchors closed days, verifies them, and fails the store and the binder once a chain is erased', async () => {
    // the clock never goes back: a head signed at the real time would cover June's records before they exist
    vi.setSystemTime(new Date('2026-06-01T10:00:00.000Z'));
    expect((await run('checkpoint', '--data-dir', dataDir)).stdout).toContain('No records yet');
    writeFileSync(
      join(dir, 'day1.json'),
      JSON.stringify([
        logGroupItem('/one', '2026-06-01T09:00:00.000Z', 30),
        logGroupItem('/two', '2026-06-01T09:00:00.000Z', 30),
      ]),
    );
    expect((await run('ingest', join(dir, 'day1.json'), '--data-dir', dataDir)).code).toBe(0);
    vi.setSystemTime(new Date('2026-06-03T12:00:00.000Z'));
    writeFileSync(
      join(dir, 'day3.json'),
      JSON.stringify([logGroupItem('/three', '2026-06-03T11:00:00.000Z', 7)]),
    );
    await run('ingest', join(dir, 'day3.json'), '--data-dir', dataDir);

    const made = await run('checkpoint', '--data-dir', dataDir, '--json');
    expect(made.code).toBe(0);
    expect(
      JSON.parse(made.stdout).created.map((c: { day: string; treeSize: number }) => [c.day, c.treeSize]),
    ).toEqual([
      ['2026-06-01', 2],
      ['2026-06-02', 0],
    ]);
    const store = await run('verify-store', '--data-dir', dataDir);
    expect(store.code).toBe(0);
    expect(store.stdout).toContain('Daily checkpoints: 2, every signature, link and root verified');

    const binder = await run(
      'binder',
      '--from',
      '2026-06-01',
      '--to',
      '2026-06-30',
      '--data-dir',
      dataDir,
      '--out',
      join(dir, 'b'),
    );
    expect(binder.code).toBe(0);
    expect(binder.stdout).toContain('anchors: 2 daily checkpoint(s), 2 record(s) proven, 1 not yet anchored');
    const zip = join(dir, 'b', 'binder-2026-06-01-2026-06-30.zip');
    // verified against the key the binder command says it signed with
    const fingerprint = /signed with Ed25519 key ([0-9a-f]{64})/.exec(binder.stdout)?.[1] ?? '';
    const verified = await run('verify', zip, '--fingerprint', fingerprint);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('warning: 1 record(s) recorded on 2026-06-03 are not yet anchored');

    const dynamo = await startEmbeddedDynamo(join(dataDir, 'store'));
    try {
      await eraseSubject(
        new DynamoDbEvidenceStore({ tableName: 'evidence', client: dynamo.client }),
        logGroupArn('/two'),
      );
    } finally {
      await dynamo.close();
    }
    const broken = await run('verify-store', '--data-dir', dataDir);
    expect(broken.code).toBe(4);
    expect(broken.stdout).toContain(
      'day 2026-06-01: 1 record(s) recorded that day are stored, the signed checkpoint counts 2: records were deleted',
    );
    const again = await run(
      'binder',
      '--from',
      '2026-06-01',
      '--to',
      '2026-06-30',
      '--data-dir',
      dataDir,
      '--out',
      join(dir, 'c'),
    );
    expect(again.code).toBe(4);
    expect(again.stderr).toContain(
      '2026-06-01: 1 record(s) recorded that day are stored, the signed checkpoint counts 2',
    );
    const failed = await run(
      'verify',
      join(dir, 'c', 'binder-2026-06-01-2026-06-30.zip'),
      '--fingerprint',
      fingerprint,
    );
    expect(failed.code).toBe(4);
    expect(failed.stdout).toContain(
      '2026-06-01: the signed checkpoint has 2 leaves, the store held 1 when the binder was made: 1 leaf missing',
    );
  });
});

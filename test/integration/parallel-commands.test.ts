import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_MARKER } from '../../cli/demo/data-dir';
import { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import { startEmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { logGroupArn, retentionCall } from '../helpers/events';
import { type Spawned, STACK_TRACE, spawnCli } from '../helpers/spawn-cli';

const EVENTS = 150;

/** Each process's own events: API calls on its own log group, each a record of its own. */
function writeEvents(dir: string, p: number): string {
  const file = join(dir, `process-${p}.json`);
  const events = Array.from({ length: EVENTS }, (_, i) =>
    retentionCall(`/lock/p${p}`, new Date(Date.UTC(2026, 9, 1) + i * 60_000).toISOString(), 30 + (i % 3)),
  );
  writeFileSync(file, JSON.stringify(events));
  return file;
}

function expectBusyOrDone(r: Spawned, dataDir: string): void {
  expect([0, 5], `exit ${r.code} (${r.signal ?? 'no signal'}): ${r.stderr}`).toContain(r.code);
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.stderr).not.toContain('Database is closed');
  if (r.code === 5) expect(r.stderr).toContain(`another evidence command is using ${dataDir}`);
}

describe('a second command on the same embedded data directory', () => {
  let dir: string;
  let dataDir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-parallel-'));
    dataDir = join(dir, 'data');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 5 naming the data dir while another process holds the store, never 1 with a stack trace', async () => {
    // Prepare: this process holds the store open, as a long-running command would
    const file = writeEvents(dir, 1);
    const holder = await startEmbeddedDynamo(join(dataDir, 'store'));
    let results: Spawned[];
    try {
      // Act
      results = await Promise.all(
        [1, 2].map(() => spawnCli('ingest', '--data-dir', dataDir, '--json', file)),
      );
    } finally {
      await holder.close();
    }
    // Assess
    for (const r of results) {
      expectBusyOrDone(r, dataDir);
      expect(r.code).toBe(5);
    }
  });

  it('four ingests at once on one --data-dir: each exits 0 or 5, and every one that exited 0 stored all its evidence', async () => {
    // Prepare
    const files = [1, 2, 3, 4].map((p) => writeEvents(dir, p));

    // Act
    const results = await Promise.all(
      files.map((f) => spawnCli('ingest', '--data-dir', dataDir, '--json', f)),
    );

    // Assess
    for (const r of results) expectBusyOrDone(r, dataDir);
    expect(results.some((r) => r.code === 0)).toBe(true);
    const dynamo = await startEmbeddedDynamo(join(dataDir, 'store'));
    try {
      const store = new DynamoDbEvidenceStore({ tableName: 'evidence', client: dynamo.client });
      for (const [i, r] of results.entries()) {
        const records = await store.listChainDocs(logGroupArn(`/lock/p${i + 1}`));
        expect(records).toHaveLength(r.code === 0 ? EVENTS : 0);
      }
    } finally {
      await dynamo.close();
    }
  });

  it('two demos at once on one --data-dir: each exits 0 or 5, never wiping the store under the other', async () => {
    // Act
    const results = await Promise.all([1, 2].map(() => spawnCli('demo', '--data-dir', dataDir, '--json')));

    // Assess
    for (const r of results) expectBusyOrDone(r, dataDir);
    const done = results.filter((r) => r.code === 0);
    expect(done.length).toBeGreaterThan(0);
    // whoever finished saw its own whole month verified: nobody emptied the store while it ran
    for (const r of done) expect(JSON.parse(r.stdout).verify.ok).toBe(true);
    expect(existsSync(join(dataDir, DEMO_MARKER))).toBe(true);
  }, 240_000);
});

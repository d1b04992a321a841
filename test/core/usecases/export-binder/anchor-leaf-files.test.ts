import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DayLeaf, dayTree } from '../../../../core/domain/checkpoint';
import type { EvidenceReader } from '../../../../core/ports/evidence-reader';
import { AnchorWriter } from '../../../../core/usecases/export-binder/anchors';

const hashOf = (s: string) => createHash('sha256').update(s).digest('hex');

/** `n` leaves of records recorded on `day`, observed in October. */
const leavesOf = (day: string, n: number): DayLeaf[] =>
  Array.from({ length: n }, (_, i) => ({
    observedAt: new Date(Date.UTC(2026, 9, 1 + (i % 28), 0, i)).toISOString(),
    recordHash: hashOf(`${day} ${i}`),
  }));

/** A reader with a (schema-valid, unsigned) checkpoint per day over exactly its leaves. */
function readerOf(days: Record<string, DayLeaf[]>): EvidenceReader {
  return {
    async *checkpointDocs() {
      for (const [day, leaves] of Object.entries(days))
        yield {
          day,
          doc: {
            version: 1,
            day,
            treeSize: leaves.length,
            rootHash: dayTree([...leaves])
              .tree.root()
              .toString('hex'),
            previousCheckpointHash: '0'.repeat(64),
            createdAt: `${day}T23:00:00.000Z`,
            keyId: '1'.repeat(64),
            algorithm: 'Ed25519',
            signature: `${'A'.repeat(86)}==`,
          },
        };
    },
    async *recordLeafBatches(day: string) {
      yield days[day] ?? [];
    },
  } as Partial<EvidenceReader> as EvidenceReader;
}

describe('AnchorWriter: the days’ leaf hashes on disk', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'anchor-leaves-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const days = {
    '2026-11-01': leavesOf('2026-11-01', 40),
    '2026-11-02': leavesOf('2026-11-02', 9),
    '2026-11-03': leavesOf('2026-11-03', 5),
    '2026-11-04': leavesOf('2026-11-04', 3),
  };
  const open = () =>
    AnchorWriter.open({
      reader: readerOf(days),
      from: '2026-10-01T00:00:00.000Z',
      to: '2026-10-31T23:59:59.999Z',
      firstRecordedDay: '2026-11-01',
      complete: true,
      publicKeyPem: undefined,
      workDir: work,
    });
  const record = (day: keyof typeof days, i: number) => ({
    ...days[day][i]!,
    recordedAt: `${day}T12:00:00.000Z`,
  });
  const leafFiles = () =>
    readdirSync(work)
      .filter((f) => f.startsWith('leaves-'))
      .sort();

  it('keeps a file per cached day while proving, and none once the anchors are finished', async () => {
    // Prepare
    const anchors = await open();
    // Act
    await anchors.prove(record('2026-11-01', 3), 'evidence/a.json');
    await anchors.prove(record('2026-11-02', 0), 'evidence/b.json');
    const whileProving = leafFiles();
    await anchors.prove(record('2026-11-03', 4), 'evidence/c.json');
    // a fourth day pushes the first out of the cache of three: its file goes with it
    await anchors.prove(record('2026-11-04', 1), 'evidence/d.json');
    const afterFour = leafFiles();
    // the first day again: read from the store again, into a file again
    await anchors.prove(record('2026-11-01', 39), 'evidence/e.json');
    const added: string[] = [];
    await anchors.finish({ addFile: async (path) => void added.push(path) });
    // Assess
    expect(whileProving).toEqual(['leaves-2026-11-01.bin', 'leaves-2026-11-02.bin']);
    expect(afterFour).toEqual(['leaves-2026-11-02.bin', 'leaves-2026-11-03.bin', 'leaves-2026-11-04.bin']);
    expect(anchors.anchored).toBe(5);
    expect(anchors.mismatches).toEqual([]);
    expect(leafFiles()).toEqual([]);
    expect(added).toContain('integrity/proofs.jsonl');
  });

  it('removes the files of an export that fails', async () => {
    // Prepare
    const anchors = await open();
    await anchors.prove(record('2026-11-02', 8), 'evidence/a.json');
    expect(leafFiles()).toEqual(['leaves-2026-11-02.bin']);
    // Act
    anchors.abort();
    // Assess
    expect(leafFiles()).toEqual([]);
  });
});

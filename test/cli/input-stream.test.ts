import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { streamInputs } from '../../cli/input';
import type { IngestInput } from '../../core/usecases/ingest';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'evidence-input-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function all(path: string, wholeBelow?: number): Promise<IngestInput[]> {
  const out: IngestInput[] = [];
  for await (const i of streamInputs(path, wholeBelow)) out.push(i);
  return out;
}

describe('streamInputs: a file read as it streams', () => {
  it('splits a gzipped Config snapshot file into its items, the same as a whole read', async () => {
    // Prepare
    const items = Array.from({ length: 40 }, (_, i) => ({
      resourceType: 'AWS::S3::Bucket',
      resourceId: `b${i}`,
    }));
    const path = join(dir, 'snapshot.json.gz');
    writeFileSync(path, gzipSync(JSON.stringify({ fileVersion: '1.0', configurationItems: items })));

    // Act: streamed (anything over 64 characters), and read whole
    const streamed = await all(path, 64);
    const whole = await all(path);

    // Assess
    expect(streamed.map((i) => i.raw)).toEqual(items);
    expect(streamed.map((i) => i.origin).slice(0, 2)).toEqual([`${path}#0`, `${path}#1`]);
    expect(whole.map((i) => i.raw)).toEqual(items);
  });

  it('keeps an element or line that is not JSON as an input with a read error naming it', async () => {
    // Prepare
    const path = join(dir, 'events.jsonl');
    writeFileSync(path, '{"id": 1}\n{"id": 2,,}\n[{"id": 3}, {"id": 4 x}]\n');

    // Act
    const inputs = await all(path, 8);

    // Assess
    expect(inputs.map((i) => i.raw)).toEqual([{ id: 1 }, '{"id": 2,,}', { id: 3 }, '{"id": 4 x}']);
    expect(inputs[1]).toMatchObject({
      origin: `${path}:2`,
      readError: expect.stringMatching(/^line 2 is not valid JSON/),
    });
    expect(inputs[3]).toMatchObject({
      origin: `${path}#1`,
      readError: expect.stringMatching(/^element 1 is not valid JSON/),
    });
  });

  it('keeps a corrupt gzip file whole, with the reason', async () => {
    // Prepare: a gzip header and a truncated body
    const path = join(dir, 'cut.json.gz');
    const gz = gzipSync(JSON.stringify({ Records: [{ eventName: 'x'.repeat(5000) }] }));
    writeFileSync(path, gz.subarray(0, 40));

    // Act
    const inputs = await all(path, 64);

    // Assess
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toMatchObject({
      origin: path,
      readError: expect.stringMatching(/^not a valid gzip file: /),
    });
    expect(Buffer.from(inputs[0]!.raw as string, 'base64')).toEqual(gz.subarray(0, 40));
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, createDeflateRaw } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidencePath } from '../../../core/domain/binder/layout';
import { rootHashOf } from '../../../core/domain/binder/manifest';
import { assess } from '../../../core/domain/catalog';
import { linkRecord, prepareRecord } from '../../../core/domain/chain';
import { canonicalJson, sha256Hex } from '../../../core/domain/hashing';
import { parseEvent } from '../../../core/domain/normalize';
import { subjectKey } from '../../../core/domain/observation';
import { verifyBinder } from '../../../core/verify/verify-binder';
import { logGroupItem } from '../../helpers/events';
import { spawnTs } from '../../helpers/spawn-cli';
import { deflatedEntry, type RawZipEntry, zipBytes } from '../../helpers/zip-bytes';

const MIB = 1024 * 1024;
/** what the bomb inflates to: far more than the verifier may hold */
const BOMB_BYTES = 400 * MIB;
/** the peak RSS a verify may reach (a process running the CLI takes ~150 MB before it reads a byte) */
const RSS_BOUND_KB = 300 * 1024;

/** `bytes` zeros deflated (about a thousandth of their size), streamed so the test never holds them. */
async function deflatedZeros(bytes: number): Promise<{ stored: Buffer; crc: number }> {
  const zeros = Buffer.alloc(MIB);
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  let crc = 0;
  for (let n = 0; n < bytes / MIB; n++) {
    crc = crc32(zeros, crc);
    if (!deflate.write(zeros)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return { stored: Buffer.concat(out), crc };
}

/** A valid binder's entries: one evidence record and the manifest that lists it. */
function binderEntries(): RawZipEntry[] {
  const o = parseEvent(logGroupItem('/bomb', '2026-10-01T00:00:00.000Z', 3653));
  if (o.kind !== 'observation') throw new Error('fixture did not parse');
  const key = subjectKey(o.observation.subject);
  const record = linkRecord(
    prepareRecord(o.observation, assess(o.observation)),
    undefined,
    '2026-10-01T00:00:01.000Z',
  );
  const path = evidencePath(key, record.integrity.sequence, record.evidenceId);
  const data = Buffer.from(canonicalJson(record));
  const files = [{ path, sha256: sha256Hex(data), bytes: data.length }];
  const manifest = Buffer.from(JSON.stringify({ files, rootHash: rootHashOf(files) }));
  return [deflatedEntry(path, data), deflatedEntry('manifest.json', manifest)];
}

interface Verified {
  code: number | null;
  report: { ok: boolean; problems: string[] };
  peakRssKb: number;
}

async function verifyInProcessOfItsOwn(zip: string): Promise<Verified> {
  const r = await spawnTs(['test/helpers/peak-rss.ts', 'verify', zip, '--json']);
  const peak = /peak-rss-kb=(\d+)/.exec(r.stderr);
  if (!peak) throw new Error(`no peak RSS reported: ${r.stderr}`);
  return { code: r.code, report: JSON.parse(r.stdout), peakRssKb: Number(peak[1]) };
}

describe('verify of a zip bomb binder', () => {
  let dir: string;
  const zips: Record<'honest' | 'lying' | 'manifest', string> = { honest: '', lying: '', manifest: '' };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verify-bomb-'));
    const { stored, crc } = await deflatedZeros(BOMB_BYTES);
    const entries = binderEntries();
    const evidence = entries[0] as RawZipEntry;
    const write = (name: keyof typeof zips, list: RawZipEntry[]) => {
      zips[name] = join(dir, `${name}.zip`);
      writeFileSync(zips[name], zipBytes(list));
    };
    // an added entry, its size declared truthfully
    write('honest', [
      ...entries,
      { name: 'extra/zeros.bin', method: 8, stored, declaredSize: BOMB_BYTES, crc },
    ]);
    // an evidence file whose central directory declares 1 kB
    write('lying', [{ ...evidence, stored, declaredSize: 1024, crc }, entries[1] as RawZipEntry]);
    // a manifest (read whole to be parsed) that really is that large
    write('manifest', [
      evidence,
      { name: 'manifest.json', method: 8, stored, declaredSize: BOMB_BYTES, crc },
    ]);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the binder without the bomb verifies (the hand-made zip is a valid binder)', async () => {
    const plain = join(dir, 'plain.zip');
    writeFileSync(plain, zipBytes(binderEntries()));
    const report = await verifyBinder(plain);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('fails with a clear message and bounded memory when an entry inflates to hundreds of megabytes', async () => {
    // Act: each verify in a process of its own, whose peak memory it reports
    const [honest, lying, manifest] = await Promise.all([
      verifyInProcessOfItsOwn(zips.honest),
      verifyInProcessOfItsOwn(zips.lying),
      verifyInProcessOfItsOwn(zips.manifest),
    ]);

    // Assess: each fails, says why, and never held the inflated entry
    expect(honest.report.problems).toEqual(['extra/zeros.bin: not listed in the manifest (added)']);
    expect(lying.report.problems).toContainEqual(
      expect.stringMatching(
        /^evidence\/.*: cannot be read \(inflates past the 1024 bytes the zip's central directory declares for it\)$/,
      ),
    );
    expect(manifest.report.problems).toContainEqual(
      expect.stringMatching(/^manifest\.json: cannot be read \(larger than 67108864 bytes/),
    );
    for (const v of [honest, lying, manifest]) {
      expect(v.code).toBe(4);
      expect(v.report.ok).toBe(false);
      expect(v.peakRssKb).toBeLessThan(RSS_BOUND_KB);
    }
  }, 60_000);
});

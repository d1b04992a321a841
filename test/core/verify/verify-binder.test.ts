import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evidencePath } from '../../../core/domain/binder/layout';
import { rootHashOf } from '../../../core/domain/binder/manifest';
import { assess } from '../../../core/domain/catalog';
import { linkRecord, prepareRecord } from '../../../core/domain/chain';
import { canonicalJson, sha256Hex } from '../../../core/domain/hashing';
import { parseEvent } from '../../../core/domain/normalize';
import { subjectKey } from '../../../core/domain/observation';
import { verifyBinder } from '../../../core/verify/verify-binder';
import type { EvidenceRecord } from '../../../evidence-schemas';
import { logGroupItem, retentionCall } from '../../helpers/events';

function prepared(event: unknown) {
  const o = parseEvent(event);
  if (o.kind !== 'observation') throw new Error('fixture did not parse');
  return {
    key: subjectKey(o.observation.subject),
    prepared: prepareRecord(o.observation, assess(o.observation)),
  };
}

/** A minimal binder folder holding these records and a manifest that lists them. */
function binderDir(dir: string, records: { key: string; record: EvidenceRecord }[]): void {
  const files = records.map(({ key, record }) => {
    const path = evidencePath(key, record.integrity.sequence, record.evidenceId);
    const data = canonicalJson(record);
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), data);
    return { path, sha256: sha256Hex(data), bytes: Buffer.byteLength(data) };
  });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ files, rootHash: rootHashOf(files) }));
}

describe('verify: chains inside a binder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'verify-chain-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const first = prepared(logGroupItem('/app', '2026-10-01T00:00:00.000Z', 3653));
  const second = prepared(retentionCall('/app', '2026-10-02T00:00:00.000Z', 30));
  const third = prepared(retentionCall('/app', '2026-10-03T00:00:00.000Z', 3653));
  const r1 = linkRecord(first.prepared, undefined, '2026-10-01T00:00:01.000Z');
  const r2 = linkRecord(second.prepared, r1.integrity, '2026-10-02T00:00:01.000Z');
  const r3 = linkRecord(third.prepared, r2.integrity, '2026-10-03T00:00:01.000Z');

  it('accepts a period that starts and ends mid-chain', async () => {
    binderDir(dir, [{ key: first.key, record: r2 }]);
    const report = await verifyBinder(dir);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.signature).toBe('absent');
  });

  it('rejects consecutive records that do not link, even when each hashes correctly', async () => {
    const forged = linkRecord(
      second.prepared,
      { sequence: 1, recordHash: 'f'.repeat(64) },
      '2026-10-02T00:00:01.000Z',
    );
    binderDir(dir, [
      { key: first.key, record: r1 },
      { key: first.key, record: forged },
      { key: first.key, record: r3 },
    ]);
    const report = await verifyBinder(dir);
    expect(report.ok).toBe(false);
    expect(report.problems.some((p) => /record 2 .* does not link to record 1/.test(p))).toBe(true);
    expect(report.problems.some((p) => /record 3 .* does not link to record 2/.test(p))).toBe(true);
  });

  it('rejects a record filed under another resource or another name', async () => {
    const wrong = evidencePath('arn:aws:s3:::other', r1.integrity.sequence, r1.evidenceId);
    const data = canonicalJson(r1);
    mkdirSync(join(dir, wrong, '..'), { recursive: true });
    writeFileSync(join(dir, wrong), data);
    const files = [{ path: wrong, sha256: sha256Hex(data), bytes: Buffer.byteLength(data) }];
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ files, rootHash: rootHashOf(files) }));
    const report = await verifyBinder(dir);
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toContain("filed under another resource's folder");
  });

  it('rejects a binder without a manifest', async () => {
    const report = await verifyBinder(dir);
    expect(report.ok).toBe(false);
    expect(report.problems).toContain('manifest.json is missing');
  });
});

describe('verify: the manifest, laid out a line an entry or on one line', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'verify-manifest-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const one = prepared(logGroupItem('/app', '2026-10-01T00:00:00.000Z', 3653));
  const two = prepared(retentionCall('/app', '2026-10-02T00:00:00.000Z', 30));
  const r1 = linkRecord(one.prepared, undefined, '2026-10-01T00:00:01.000Z');
  const r2 = linkRecord(two.prepared, r1.integrity, '2026-10-02T00:00:01.000Z');

  /** The manifest as the binder writer lays it out (binder-zip.ts): an entry a line. */
  const laidOut = (files: { path: string; sha256: string; bytes: number }[], rootHash: string) =>
    `{"files":[\n${files.map((f) => canonicalJson(f)).join(',\n')}\n],\n"rootHash":"${rootHash}"}\n`;

  it('finds the same problems either way: listed twice, changed, missing, added, root hash', async () => {
    // Prepare: a binder of two records whose manifest lists the first twice, the second with another
    // size, a file that is not there, and not the extra file that is
    binderDir(dir, [
      { key: one.key, record: r1 },
      { key: two.key, record: r2 },
    ]);
    writeFileSync(join(dir, 'extra.txt'), 'added');
    const honest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      files: { path: string; sha256: string; bytes: number }[];
    };
    const [f1, f2] = honest.files as [(typeof honest.files)[0], (typeof honest.files)[0]];
    const files = [f1, f1, { ...f2, bytes: f2.bytes + 1 }, { path: 'gone.txt', sha256: f1.sha256, bytes: 1 }];
    const reports = [];
    for (const text of [
      laidOut(files, rootHashOf(files)),
      JSON.stringify({ files, rootHash: rootHashOf(files) }),
    ]) {
      writeFileSync(join(dir, 'manifest.json'), text);
      // Act
      reports.push(await verifyBinder(dir));
    }
    // Assess
    const [streamed, whole] = reports as [
      Awaited<ReturnType<typeof verifyBinder>>,
      Awaited<ReturnType<typeof verifyBinder>>,
    ];
    expect(streamed.problems).toEqual(whole.problems);
    expect(streamed.rootHash).toBe(rootHashOf(files));
    expect(streamed.problems).toEqual([
      `manifest.json lists ${f1.path} twice`,
      expect.stringMatching(new RegExp(`^${f2.path}: does not match the manifest`)),
      'gone.txt: listed in the manifest but missing',
      'extra.txt: not listed in the manifest (added)',
    ]);
  });

  it('rejects a laid-out manifest with an entry that is not one, as it does a manifest parsed whole', async () => {
    // Prepare
    binderDir(dir, [{ key: one.key, record: r1 }]);
    const { files } = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      files: { path: string; sha256: string; bytes: number }[];
    };
    const bad = [...files, { path: '../escape', sha256: files[0]!.sha256, bytes: 1 }];
    writeFileSync(join(dir, 'manifest.json'), laidOut(bad, rootHashOf(bad)));
    // Act
    const report = await verifyBinder(dir);
    // Assess
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.stringMatching(/^manifest\.json is not a binder manifest: a binder path is relative/),
    ]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evidencePath, parseEvidencePath, subjectDirName } from '../../../../core/domain/binder/layout';
import { RootHasher, rootHashOf } from '../../../../core/domain/binder/manifest';
import { canonicalJson, sha256Hex } from '../../../../core/domain/hashing';

const file = fc.record({
  path: fc.string({ minLength: 1, maxLength: 40 }),
  sha256: fc.stringMatching(/^[0-9a-f]{64}$/),
  bytes: fc.nat(),
});

describe('binder manifest', () => {
  it('the streamed root hash equals SHA-256 of the canonical JSON of the files list', () => {
    fc.assert(
      fc.property(fc.array(file, { maxLength: 20 }), (files) => {
        const hasher = new RootHasher();
        for (const f of files) hasher.add(f);
        const expected = sha256Hex(canonicalJson(files));
        expect(hasher.digest()).toBe(expected);
        expect(rootHashOf(files)).toBe(expected);
      }),
    );
  });

  it('the root hash depends on every path, hash and size', () => {
    const files = [{ path: 'a.json', sha256: 'a'.repeat(64), bytes: 1 }];
    const base = rootHashOf(files);
    expect(rootHashOf([{ ...files[0]!, bytes: 2 }])).not.toBe(base);
    expect(rootHashOf([{ ...files[0]!, path: 'b.json' }])).not.toBe(base);
    expect(rootHashOf([{ ...files[0]!, sha256: 'b'.repeat(64) }])).not.toBe(base);
  });

  it('gives each subject a safe folder, distinct even when the safe spellings collide', () => {
    const a = subjectDirName('arn:aws:s3:::bucket/a');
    const b = subjectDirName('arn:aws:s3:::bucket_a');
    expect(a).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(a).not.toBe(b);
    expect(subjectDirName('../../etc/passwd')).not.toContain('/');
    expect(subjectDirName('x'.repeat(500)).length).toBeLessThan(100);
  });

  it('names evidence files by sequence and id, and parses them back', () => {
    const path = evidencePath('arn:aws:s3:::b', 42, `ev_${'0'.repeat(32)}`);
    expect(path).toBe(`evidence/${subjectDirName('arn:aws:s3:::b')}/0000000042-ev_${'0'.repeat(32)}.json`);
    expect(parseEvidencePath(path)).toEqual({
      subjectDir: subjectDirName('arn:aws:s3:::b'),
      sequence: 42,
      evidenceId: `ev_${'0'.repeat(32)}`,
    });
    expect(parseEvidencePath('evidence/x/notes.txt')).toBeUndefined();
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AssemblySource, planAssembly } from '../../../core/adapters/s3-zip-assembly';

const LIMITS = { minPart: 100, maxCopy: 1000, uploadChunk: 300 };

describe('planAssembly: a multipart upload of zip parts within S3 limits', () => {
  it('copies parts of at least the minimum, and uploads a small one combined with what follows', () => {
    const sources: AssemblySource[] = [
      { kind: 'object', key: 'a', bytes: 500 },
      { kind: 'object', key: 'b', bytes: 40 },
      { kind: 'object', key: 'c', bytes: 450 },
      { kind: 'file', path: '/tail', bytes: 20 },
    ];
    expect(planAssembly(sources, LIMITS)).toEqual([
      { copy: { source: 0, start: 0, end: 500 } },
      // b is too small alone: 40 bytes of it and the first 60 of c make one uploaded part
      {
        upload: [
          { source: 1, start: 0, end: 40 },
          { source: 2, start: 0, end: 60 },
        ],
      },
      { copy: { source: 2, start: 60, end: 450 } },
      { upload: [{ source: 3, start: 0, end: 20 }] },
    ]);
  });

  it('splits an object larger than the copy maximum into ranges', () => {
    const plan = planAssembly(
      [
        { kind: 'object', key: 'big', bytes: 2050 },
        { kind: 'file', path: '/t', bytes: 5 },
      ],
      LIMITS,
    );
    expect(plan).toEqual([
      { copy: { source: 0, start: 0, end: 1000 } },
      { copy: { source: 0, start: 1000, end: 2000 } },
      {
        upload: [
          { source: 0, start: 2000, end: 2050 },
          { source: 1, start: 0, end: 5 },
        ],
      },
    ]);
  });

  it('for any sources: every byte once and in order, every part but the last within the limits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2500 }), { maxLength: 12 }),
        fc.integer({ min: 0, max: 2000 }),
        (objects, tail) => {
          const sources: AssemblySource[] = [
            ...objects.map((bytes, i) => ({ kind: 'object' as const, key: `p${i}`, bytes })),
            { kind: 'file' as const, path: '/tail', bytes: tail },
          ];
          const plan = planAssembly(sources, LIMITS);
          const expected = sources.flatMap((s, i) => (s.bytes > 0 ? [[i, s.bytes] as const] : []));
          // the ranges of each source are contiguous from 0 to its size, sources in order
          const ranges = plan.flatMap((p) => ('copy' in p ? [p.copy] : p.upload));
          let at = 0;
          for (const [source, bytes] of expected) {
            let offset = 0;
            while (offset < bytes) {
              const r = ranges[at++]!;
              expect([r.source, r.start]).toEqual([source, offset]);
              offset = r.end;
            }
            expect(offset).toBe(bytes);
          }
          expect(at).toBe(ranges.length);
          for (const [i, p] of plan.entries()) {
            const size =
              'copy' in p ? p.copy.end - p.copy.start : p.upload.reduce((n, r) => n + r.end - r.start, 0);
            if ('copy' in p) {
              expect(sources[p.copy.source]!.kind).toBe('object');
              expect(size).toBeLessThanOrEqual(LIMITS.maxCopy);
            }
            if (i < plan.length - 1) expect(size).toBeGreaterThanOrEqual(LIMITS.minPart);
          }
        },
      ),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { EvidenceContentSchema, EvidenceRecordSchema, GENESIS_HASH } from '../../evidence-schemas';
import { assessment, chainOf, setAt } from '../fixtures/builders';

describe('EvidenceRecordSchema', () => {
  it('accepts a linked record and its content part', () => {
    // Prepare
    const [record] = chainOf(1);
    const { recordedAt: _recordedAt, integrity: _integrity, ...content } = structuredClone(record) ?? {};
    // Act
    const results = [EvidenceRecordSchema.safeParse(record), EvidenceContentSchema.safeParse(content)];
    // Assess
    expect(results.map((r) => r.error)).toEqual([undefined, undefined]);
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });

  it.each([
    ['an upper-case hash', ['integrity', 'recordHash'], 'A'.repeat(64), 'integrity.recordHash'],
    ['sequence 0', ['integrity', 'sequence'], 0, 'integrity.sequence'],
    ['an observedAt without milliseconds', ['observedAt'], '2025-03-01T10:00:00Z', 'observedAt'],
    ['a malformed evidence id', ['evidenceId'], 'ev_123', 'evidenceId'],
    ['another schema version', ['schemaVersion'], '2', 'schemaVersion'],
    ['an unknown source kind', ['source', 'kind'], 'rumour', 'source.kind'],
    ['an unknown verdict', ['controls', 0, 'status'], 'INSUFFICIENT_DATA', 'controls.0.status'],
    [
      'an unknown requirement level',
      ['controls', 0, 'citations', 0, 'requirement'],
      'optional',
      'controls.0.citations.0.requirement',
    ],
    ['an unknown subject key', ['subject', 'tags'], {}, 'subject'],
  ] as const)('rejects %s', (_name, path, value, field) => {
    // Prepare
    const [record] = chainOf(1);
    const doc = setAt(structuredClone(record), path, value);
    // Act
    const result = EvidenceRecordSchema.safeParse(doc);
    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(field);
  });

  it('rejects an unknown top-level key, naming it', () => {
    // Prepare
    const [record] = chainOf(1);
    const doc = { ...structuredClone(record), extra: 1 };
    // Act
    const result = EvidenceRecordSchema.safeParse(doc);
    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('"extra"');
  });

  it('needs a reason for every assessment', () => {
    // Prepare
    const [record] = chainOf(1);
    const doc = setAt(
      structuredClone(record),
      ['controls'],
      [{ ...assessment('s3-bucket-tls', 'COMPLIANT'), reason: '' }],
    );
    // Act
    const result = EvidenceRecordSchema.safeParse(doc);
    // Assess
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['controls.0.reason']);
  });
});

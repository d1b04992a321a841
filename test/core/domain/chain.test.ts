import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { assess } from '../../../core/domain/catalog';
import {
  checkRecord,
  linkRecord,
  prepareRecord,
  recordHashOf,
  verifyChain,
} from '../../../core/domain/chain';
import { canonicalJson, hashCanonical, sha256Hex } from '../../../core/domain/hashing';
import { expandDocument, parseEvent } from '../../../core/domain/normalize';
import { EvidenceRecordSchema, GENESIS_HASH } from '../../../evidence-schemas';
import {
  assessment,
  chainOf,
  FIXTURES,
  loadEvent,
  observeFixture,
  recordOf,
  setAt,
} from '../../fixtures/builders';

const tipOf = (r: { integrity: { sequence: number; recordHash: string } }) => ({
  sequence: r.integrity.sequence,
  recordHash: r.integrity.recordHash,
});

describe('canonical hashing (RFC 8785)', () => {
  it('does not depend on key order or whitespace', () => {
    // Prepare
    const a = JSON.parse('{"b":[1,{"y":2,"x":1}],"a":"z"}');
    const b = JSON.parse('{\n  "a" : "z",\n\t"b" : [ 1, { "x": 1, "y": 2 } ]\n}');
    // Act
    const [ha, hb] = [hashCanonical(a), hashCanonical(b)];
    // Assess
    expect(ha).toBe(hb);
    expect(canonicalJson(b)).toBe('{"a":"z","b":[1,{"x":1,"y":2}]}');
  });

  it('depends on array order and on every value', () => {
    // Prepare
    const base = { list: [1, 2], flag: true };
    // Act
    const hashes = [
      base,
      { list: [2, 1], flag: true },
      { list: [1, 2], flag: false },
      { list: [1, 2], flag: 'true' },
    ].map((v) => hashCanonical(v));
    // Assess
    expect(new Set(hashes).size).toBe(4);
  });

  it.each([
    ['1e21', '1e+21'],
    ['1E30', '1e+30'],
    ['1.0', '1'],
    ['4.50', '4.5'],
    ['2e-3', '0.002'],
    ['0.0000001', '1e-7'],
    ['-0', '0'],
    ['333333333.33333329', '333333333.3333333'],
    ['9007199254740993', '9007199254740992'],
  ])('formats the JSON number %s as %s', (source, text) => {
    // Prepare
    const value: unknown = JSON.parse(source);
    // Act
    const out = canonicalJson(value);
    // Assess
    expect(out).toBe(text);
  });

  it('escapes only what RFC 8785 escapes', () => {
    // Prepare
    const value = { s: '\u20ac\u00f6\n\t"\\\u001f\u007f/' };
    // Act
    const out = canonicalJson(value);
    // Assess
    expect(out).toBe('{"s":"€ö\\n\\t\\"\\\\\\u001f\u007f/"}');
  });

  it('sorts keys by UTF-16 code units', () => {
    // Prepare
    const value = {
      '\u20ac': 'Euro',
      '\r': 'CR',
      '\ufb33': 'Hebrew',
      '1': 'One',
      '\ud83d\ude00': 'Smiley',
      '\u0080': 'Control',
      '\u00f6': 'ö',
    };
    // Act
    const keys = Object.keys(JSON.parse(canonicalJson(value)));
    const order = canonicalJson(value)
      .slice(1, -1)
      .split(',')
      .map((pair) => JSON.parse(pair.slice(pair.indexOf(':') + 1)));
    // Assess
    expect(keys).toHaveLength(7);
    expect(order).toEqual(['CR', 'One', 'Control', 'ö', 'Euro', 'Smiley', 'Hebrew']);
  });

  it('drops undefined members and refuses values JSON cannot hold', () => {
    // Prepare / Act / Assess
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
    expect(() => canonicalJson({ n: Number.POSITIVE_INFINITY })).toThrow();
  });

  it("gives the canonicalize package's text for plain JSON in any member order, and for what is not plain", () => {
    // Prepare: values built from names that sort differently by code unit, by number and as added
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const names = ['b', 'a', '1', '10', '9', '01', '', 'é', '\ud83d\ude00', '\ufb33', 'A', 'aa'];
    const leaves: unknown[] = ['x', '\u2028"\\', 0, -1.5, 1e21, true, false, null, undefined];
    const value = (depth: number): unknown => {
      const kind = depth > 3 ? 0 : next(3);
      if (kind === 0) return leaves[next(leaves.length)];
      if (kind === 1) return Array.from({ length: next(4) }, () => value(depth + 1));
      const o: Record<string, unknown> = {};
      for (let i = next(6); i > 0; i--) o[names[next(names.length)]!] = value(depth + 1);
      return o;
    };
    const samples = Array.from({ length: 400 }, () => ({ v: value(0) }));
    samples.push(
      { v: { b: new Date(0), a: 1 } },
      { v: { b: 1, a: { toJSON: () => ({ y: 1, x: 2 }) } } },
      { v: [1, () => 1, Symbol('s')] },
    );
    // Act / Assess
    for (const sample of samples) expect(canonicalJson(sample)).toBe(canonicalize(sample));
  });

  it('is SHA-256 over the canonical text, lower-case hex', () => {
    // Prepare
    const value = { z: 1, a: [true, null] };
    // Act
    const hash = hashCanonical(value);
    // Assess
    expect(hash).toBe(createHash('sha256').update('{"a":[true,null],"z":1}').digest('hex'));
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('prepareRecord', () => {
  it('is deterministic and binds the evidence id to the content hash', () => {
    // Prepare
    const obs = observeFixture('config-ci-s3-bucket');
    // Act
    const a = prepareRecord(obs, assess(obs));
    const b = prepareRecord(structuredClone(obs), assess(structuredClone(obs)));
    // Assess
    expect(b).toEqual(a);
    expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.content.evidenceId).toBe(`ev_${a.contentHash.slice(0, 32)}`);
    expect(a.facet).toBe('configuration');
  });

  it('does not depend on the key order of the facts', () => {
    // Prepare
    const obs = observeFixture('ct-put-bucket-policy');
    const reordered = {
      ...obs,
      facts: Object.fromEntries(Object.entries(obs.facts).reverse()) as typeof obs.facts,
    };
    // Act
    const [a, b] = [prepareRecord(obs, []), prepareRecord(reordered, [])];
    // Assess
    expect(b.contentHash).toBe(a.contentHash);
  });

  it('gives equal state hashes to the same state seen at two times, and different content hashes', () => {
    // Prepare
    const first = observeFixture('config-ci-log-group');
    const later = observeFixture('config-ci-log-group', (d) => {
      setAt(d, ['detail', 'configurationItem', 'configurationItemCaptureTime'], '2025-03-20T00:00:00.000Z');
      setAt(d, ['detail', 'configurationItem', 'configurationStateId'], 1742428800000);
    });
    const changed = observeFixture('config-ci-log-group', (d) =>
      setAt(d, ['detail', 'configurationItem', 'configuration', 'retentionInDays'], 30),
    );
    // Act
    const [a, b, c] = [first, later, changed].map((o) => prepareRecord(o, assess(o)));
    // Assess
    expect(b?.stateHash).toBe(a?.stateHash);
    expect(b?.contentHash).not.toBe(a?.contentHash);
    expect(c?.stateHash).not.toBe(a?.stateHash);
  });

  it('gives each call its own facet and each rule its own facet', () => {
    // Prepare
    const call = observeFixture('ct-stop-logging');
    const rule = observeFixture('config-compliance-conformance-pack');
    // Act
    const facets = [prepareRecord(call, []).facet, prepareRecord(rule, []).facet];
    // Assess
    expect(facets).toEqual([
      'event:8f2b4d6e-0a1c-4e3f-9b5d-7c9e1a3b5d7f',
      'rule:s3-bucket-ssl-requests-only-conformance-pack-abcd1234',
    ]);
  });
});

describe('linkRecord', () => {
  it('starts a chain at sequence 1 from the genesis hash', () => {
    // Prepare
    const obs = observeFixture('ct-stop-logging');
    const prepared = prepareRecord(obs, assess(obs));
    // Act
    const record = linkRecord(prepared, undefined, '2025-04-01T00:00:00.000Z');
    // Assess
    expect(record.integrity).toEqual({
      algorithm: 'SHA-256',
      canonicalization: 'RFC8785',
      contentHash: prepared.contentHash,
      sequence: 1,
      previousHash: GENESIS_HASH,
      recordHash: recordHashOf(prepared.contentHash, 1, GENESIS_HASH, '2025-04-01T00:00:00.000Z'),
    });
    expect(EvidenceRecordSchema.safeParse(record).success).toBe(true);
  });

  it('links each record to the hash and sequence of the one before', () => {
    // Prepare / Act
    const [a, b, c] = chainOf(3);
    // Assess
    expect(b?.integrity.sequence).toBe(2);
    expect(b?.integrity.previousHash).toBe(a?.integrity.recordHash);
    expect(c?.integrity.sequence).toBe(3);
    expect(c?.integrity.previousHash).toBe(b?.integrity.recordHash);
  });

  it('binds recordedAt into the record hash but not into the content hash', () => {
    // Prepare
    const obs = observeFixture('ct-stop-logging');
    const prepared = prepareRecord(obs, assess(obs));
    // Act
    const a = linkRecord(prepared, undefined, '2025-04-01T00:00:00.000Z');
    const b = linkRecord(prepared, undefined, '2025-04-01T00:00:00.001Z');
    // Assess
    expect(b.integrity.contentHash).toBe(a.integrity.contentHash);
    expect(b.integrity.recordHash).not.toBe(a.integrity.recordHash);
  });
});

describe('checkRecord', () => {
  it.each(FIXTURES)('accepts the stored form of every observation from %s', (name) => {
    // Prepare
    const events = expandDocument(loadEvent(name));
    const observations = events
      .map((e) => parseEvent(e))
      .flatMap((o) => (o.kind === 'observation' ? [o.observation] : []));
    // Act
    const problems = observations.flatMap((obs) => {
      const record = linkRecord(prepareRecord(obs, assess(obs)), undefined, '2025-04-01T00:00:00.000Z');
      return checkRecord(JSON.parse(JSON.stringify(record))).problems;
    });
    // Assess
    expect(problems).toEqual([]);
  });

  it('detects a modified field', () => {
    // Prepare
    const [record] = chainOf(1);
    const doc = setAt(structuredClone(record), ['controls', 0, 'status'], 'NON_COMPLIANT');
    // Act
    const { problems } = checkRecord(doc);
    // Assess
    expect(problems.map((p) => p.problem)).toEqual([
      'content hash does not match the content',
      'evidence id does not match the content',
    ]);
    expect(problems[0]?.sequence).toBe(1);
  });

  it('detects a modified content hash', () => {
    // Prepare
    const [record] = chainOf(1);
    const doc = setAt(structuredClone(record), ['integrity', 'contentHash'], 'a'.repeat(64));
    // Act
    const { problems } = checkRecord(doc);
    // Assess
    expect(problems.map((p) => p.problem)).toEqual([
      'content hash does not match the content',
      'record hash does not match',
    ]);
  });

  it('detects a modified record hash or recordedAt', () => {
    // Prepare
    const [record] = chainOf(1);
    const hashEdited = setAt(structuredClone(record), ['integrity', 'recordHash'], 'b'.repeat(64));
    const timeEdited = setAt(structuredClone(record), ['recordedAt'], '2030-01-01T00:00:00.000Z');
    // Act
    const results = [checkRecord(hashEdited), checkRecord(timeEdited)];
    // Assess
    for (const r of results) expect(r.problems.map((p) => p.problem)).toEqual(['record hash does not match']);
  });

  it('detects a wrong evidence id', () => {
    // Prepare
    const [record] = chainOf(1);
    const doc = setAt(structuredClone(record), ['evidenceId'], `ev_${'0'.repeat(32)}`);
    // Act
    const { problems } = checkRecord(doc);
    // Assess
    expect(problems).toEqual([
      { evidenceId: `ev_${'0'.repeat(32)}`, sequence: 1, problem: 'evidence id does not match the content' },
    ]);
  });

  it('reports a document that is not a record instead of throwing', () => {
    // Prepare
    const [record] = chainOf(1);
    const extra = { ...structuredClone(record), note: 'added later' };
    // Act
    const results = [checkRecord(null), checkRecord({}), checkRecord(extra)];
    // Assess
    for (const r of results) {
      expect(r.record).toBeUndefined();
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]?.problem).toMatch(/^record does not match the evidence schema/);
    }
  });
});

describe('verifyChain', () => {
  it('walks an intact chain back to genesis whatever order the records come in', () => {
    // Prepare
    const chain = chainOf(4);
    const shuffled = [chain[2], chain[0], chain[3], chain[1]].flatMap((r) => (r ? [r] : []));
    const tip = chain[3];
    if (!tip) throw new Error('no tip');
    // Act
    const result = verifyChain(shuffled, tipOf(tip));
    // Assess
    expect(result.problems).toEqual([]);
    expect(result.orphans).toEqual([]);
    expect(result.path.map((r) => r.integrity.sequence)).toEqual([1, 2, 3, 4]);
  });

  it('detects a missing middle record', () => {
    // Prepare
    const [a, b, c] = chainOf(3);
    if (!a || !b || !c) throw new Error('short chain');
    // Act
    const result = verifyChain([a, c], tipOf(c));
    // Assess
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ sequence: 2 });
    expect(result.problems[0]?.problem).toMatch(
      /^record 2 \(hash [0-9a-f]{12}…\) is missing from the chain$/,
    );
    expect(result.path.map((r) => r.integrity.sequence)).toEqual([3]);
  });

  it('detects a missing tip', () => {
    // Prepare
    const [a, b] = chainOf(2);
    if (!a || !b) throw new Error('short chain');
    // Act
    const result = verifyChain([a], tipOf(b));
    // Assess
    expect(result.problems.map((p) => p.sequence)).toEqual([2]);
    expect(result.orphans).toEqual([a]);
  });

  it('detects a record re-linked out of order', () => {
    // Prepare: the third record claims the first as its predecessor, skipping the second
    const [a, b] = chainOf(2);
    if (!a || !b) throw new Error('short chain');
    const spliced = recordOf({
      observedAt: '2025-03-09T10:00:00.000Z',
      controls: [assessment('s3-bucket-tls', 'COMPLIANT')],
      previous: { sequence: 2, recordHash: a.integrity.recordHash },
    });
    // Act
    const result = verifyChain([a, b, spliced], tipOf(spliced));
    // Assess
    expect(result.problems).toEqual([
      { evidenceId: a.evidenceId, sequence: 2, problem: 'record at position 2 claims sequence 1' },
    ]);
  });

  it('detects a first record that does not start from genesis', () => {
    // Prepare
    const rogue = recordOf({
      observedAt: '2025-03-01T10:00:00.000Z',
      controls: [],
      previous: { sequence: 0, recordHash: 'c'.repeat(64) },
    });
    // Act
    const result = verifyChain([rogue], tipOf(rogue));
    // Assess
    expect(result.problems).toEqual([
      {
        evidenceId: rogue.evidenceId,
        sequence: 1,
        problem: 'first record does not start from the genesis hash',
      },
    ]);
  });

  it('reports a record that lost the commit race as an orphan, not a break', () => {
    // Prepare: two records were prepared at sequence 2; only one was committed as the tip
    const [a, winner] = chainOf(2);
    if (!a || !winner) throw new Error('short chain');
    const loser = recordOf({
      observedAt: '2025-03-02T11:00:00.000Z',
      controls: [assessment('s3-bucket-tls', 'COMPLIANT')],
      previous: tipOf(a),
    });
    // Act
    const result = verifyChain([a, loser, winner], tipOf(winner));
    // Assess
    expect(loser.integrity.sequence).toBe(2);
    expect(result.problems).toEqual([]);
    expect(result.path).toEqual([a, winner]);
    expect(result.orphans).toEqual([loser]);
  });
});

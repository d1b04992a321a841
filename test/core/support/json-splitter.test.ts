import { describe, expect, it } from 'vitest';
import { JsonSplitter, type JsonUnit } from '../../../core/support/json-splitter';

/** The units of `text` fed in chunks of `size` characters (the whole text at once by default). */
function split(text: string, size = text.length): JsonUnit[] {
  const s = new JsonSplitter();
  const out: JsonUnit[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...s.push(text.slice(i, i + size)));
  return [...out, ...s.end()];
}

const parsed = (units: JsonUnit[]) => units.map((u) => JSON.parse(u.text));

describe('JsonSplitter', () => {
  it('returns each element of a top-level array, scalars and nested arrays included', () => {
    // Prepare
    const text = '[ {"a": [1, {"b": "]}"}]}, 2, "x,y", [3, 4], null ]';

    // Act
    const units = split(text);

    // Assess
    expect(parsed(units)).toEqual([{ a: [1, { b: ']}' }] }, 2, 'x,y', [3, 4], null]);
    expect(units.every((u) => u.element)).toBe(true);
  });

  it("returns the events of CloudTrail's Records and of Config's configurationItems, not the wrapper", () => {
    // Prepare
    const trail = '{"Records": [{"eventName": "PutObject"}, {"eventName": "GetObject"}]}';
    const snapshot = JSON.stringify({
      fileVersion: '1.0',
      configSnapshotId: 'a1b2',
      configurationItems: [{ resourceType: 'AWS::S3::Bucket' }, { resourceType: 'AWS::IAM::User' }],
      trailing: { note: 'after the items' },
    });

    // Act / Assess
    expect(parsed(split(trail))).toEqual([{ eventName: 'PutObject' }, { eventName: 'GetObject' }]);
    expect(parsed(split(snapshot))).toEqual([
      { resourceType: 'AWS::S3::Bucket' },
      { resourceType: 'AWS::IAM::User' },
    ]);
  });

  it('returns any other top-level value whole, one per line of JSON Lines, with its line', () => {
    // Prepare: an object whose nested member is named Records is not a container
    const text = '{"detail": {"Records": [1, 2]}, "id": "e1"}\n\n{"id": "e2", "s": "a \\" } quote"}\n';

    // Act
    const units = split(text);

    // Assess
    expect(parsed(units)).toEqual([
      { detail: { Records: [1, 2] }, id: 'e1' },
      { id: 'e2', s: 'a " } quote' },
    ]);
    expect(units.map((u) => [u.line, u.element])).toEqual([
      [1, false],
      [3, false],
    ]);
  });

  it('gives the same units whatever the chunk boundaries, inside strings, escapes and member names', () => {
    // Prepare
    const text = [
      JSON.stringify({ fileVersion: '1.0', configurationItems: [{ k: 'v\\"[{' }, { k: 'ü€😀' }] }),
      JSON.stringify([{ n: 1 }, 'two', 3]),
      JSON.stringify({ Records: [{ x: '}' }] }),
    ].join('\n');
    const whole = split(text);

    // Act / Assess
    for (let size = 1; size <= 9; size++) expect(split(text, size)).toEqual(whole);
    expect(parsed(whole)).toEqual([{ k: 'v\\"[{' }, { k: 'ü€😀' }, { n: 1 }, 'two', 3, { x: '}' }]);
  });

  it('keeps text that is not JSON as units of its own, so they can be quarantined', () => {
    // Prepare
    const text = 'not json at all\n{"id": "ok"}\n{"id": "cut';

    // Act
    const units = split(text, 4);

    // Assess: the bad line, the good object, and the unfinished end (which fails to parse)
    expect(units.map((u) => u.text.trim())).toEqual(['not json at all', '{"id": "ok"}', '{"id": "cut']);
    expect(() => JSON.parse(units[0]!.text)).toThrow();
    expect(() => JSON.parse(units[2]!.text)).toThrow();
  });

  it('returns each event of a long container as soon as it is complete, not at the end', () => {
    // Prepare: 20,000 events in one CloudTrail document, fed one event at a time
    const s = new JsonSplitter();
    const event = JSON.stringify({ eventName: 'PutObject', p: 'x'.repeat(80) });
    const perPush: number[] = [];
    s.push('{"Records": [');

    // Act
    for (let i = 0; i < 20_000; i++) perPush.push(s.push(`${i ? ',' : ''}${event}`).length);
    const after = s.push(']}').length + s.end().length;

    // Assess
    expect(perPush.every((n) => n === 1)).toBe(true);
    expect(after).toBe(0);
  });
});

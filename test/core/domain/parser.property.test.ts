import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess } from '../../../core/domain/catalog';
import { checkRecord, linkRecord, prepareRecord } from '../../../core/domain/chain';
import { expandDocument, type ParseOutcome, parseEvent } from '../../../core/domain/normalize';
import { allPaths, deleteAt, FIXTURES, loadEvent, setAt } from '../../fixtures/builders';

const KINDS = ['observation', 'ignored', 'invalid'];
const RUNS = { numRuns: 1000 };

/** Parses and, for an observation, assesses and records it: the whole pure path an event takes. */
function ingest(raw: unknown): ParseOutcome {
  const outcome = parseEvent(raw);
  if (outcome.kind === 'observation') {
    const obs = outcome.observation;
    const record = linkRecord(prepareRecord(obs, assess(obs)), undefined, '2025-04-01T00:00:00.000Z');
    const { problems } = checkRecord(JSON.parse(JSON.stringify(record)));
    if (problems.length > 0)
      throw new Error(`a recorded observation fails its own check: ${JSON.stringify(problems)}`);
  } else if (outcome.reason.length === 0) {
    throw new Error(`a ${outcome.kind} outcome without a reason`);
  }
  return outcome;
}

/** A fixture with one key deleted or one value replaced, chosen by the generator. */
const mutatedFixture = fc
  .record({
    name: fc.constantFrom(...FIXTURES),
    pick: fc.nat(),
    replace: fc.boolean(),
    value: fc.jsonValue({ maxDepth: 3 }),
  })
  .map(({ name, pick, replace, value }) => {
    const doc = loadEvent(name);
    const paths = allPaths(doc);
    const path = paths[pick % paths.length];
    if (path) {
      if (replace) setAt(doc, path, value);
      else deleteAt(doc, path);
    }
    return doc;
  });

describe('parseEvent on arbitrary input', () => {
  it('never throws on arbitrary JSON and always answers a known kind', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // Act
        const outcomes = [value, ...expandDocument(value)].map((v) => ingest(v));
        // Assess
        for (const o of outcomes) expect(KINDS).toContain(o.kind);
      }),
      RUNS,
    );
  });

  it('never throws on fixtures with a key deleted or a value replaced', () => {
    fc.assert(
      fc.property(mutatedFixture, (doc) => {
        // Act
        const outcomes = expandDocument(doc).map((e) => ingest(e));
        // Assess
        for (const o of outcomes) expect(KINDS).toContain(o.kind);
      }),
      RUNS,
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandDocument, type ParseOutcome, parseEvent } from '../../../core/domain/normalize';
import { loadEvent, setAt } from '../../fixtures/builders';
import { BASE_KINDS, FUZZ, mutatedEvent, randomInput } from '../../helpers/fuzz-events';

const KINDS = ['observation', 'ignored', 'invalid'];

/** The parser's contract on any input: an answer of a known kind, never a throw; a reason when not kept. */
function expectAnswer(outcome: ParseOutcome): void {
  expect(KINDS).toContain(outcome.kind);
  if (outcome.kind !== 'observation') expect(outcome.reason.trim().length).toBeGreaterThan(0);
}

const parseAll = (doc: unknown) => expandDocument(doc).map((e) => parseEvent(e));

describe('every parser on mutated and random input', () => {
  it('accepts the unmutated base event of every kind', () => {
    for (const [kind, base] of Object.entries(BASE_KINDS)) {
      const outcomes = parseAll(base());
      // the internal envelope's detail-types are owned by other modules; only its envelope is fuzzed here
      if (kind === 'internal-event envelope') for (const o of outcomes) expectAnswer(o);
      else
        expect(
          outcomes.map((o) => o.kind),
          kind,
        ).not.toContain('invalid');
    }
  });

  it('refuses nesting 20,000 levels deep with a reason instead of overflowing the stack', () => {
    // Prepare
    let nested: unknown = 'bottom';
    for (let i = 0; i < 20_000; i++) nested = { nested };
    const ci = setAt(
      loadEvent('config-ci-log-group'),
      ['detail', 'configurationItem', 'configuration'],
      nested,
    );
    let arrays: unknown = [ci];
    for (let i = 0; i < 20_000; i++) arrays = [arrays];

    // Act
    const outcomes = parseAll(arrays);

    // Assess
    expect(outcomes).toEqual([{ kind: 'invalid', reason: 'event nests deeper than 64 levels' }]);
  });

  it('refuses identifiers too long for the store keys, naming the limit', () => {
    // Prepare
    const longId = setAt(
      loadEvent('config-ci-log-group'),
      ['detail', 'configurationItem', 'ARN'],
      `arn:aws:logs:eu-west-1:1:log-group:${'x'.repeat(2000)}`,
    );
    const longRule = setAt(
      loadEvent('config-compliance-custom-rule'),
      ['detail', 'configRuleName'],
      'r'.repeat(129),
    );

    // Act
    const outcomes = [parseEvent(longId), parseEvent(longRule)];

    // Assess
    expect(outcomes.map((o) => o.kind)).toEqual(['invalid', 'invalid']);
    expect(outcomes.map((o) => (o.kind === 'invalid' ? o.reason : ''))).toEqual([
      expect.stringMatching(/identifier is \d+ bytes long, more than 1000/),
      'config rule name is 129 characters long, more than 128',
    ]);
  });

  for (const kind of Object.keys(BASE_KINDS)) {
    it(`never throws on a mutated ${kind}`, () => {
      fc.assert(
        fc.property(mutatedEvent(kind), (doc) => {
          for (const outcome of parseAll(doc)) expectAnswer(outcome);
        }),
        { seed: FUZZ.seed, numRuns: FUZZ.runs },
      );
    });
  }

  it('never throws on random JSON, text, deep nesting and look-alike shapes', () => {
    fc.assert(
      fc.property(randomInput, (value) => {
        expectAnswer(parseEvent(value));
        for (const outcome of parseAll(value)) expectAnswer(outcome);
      }),
      { seed: FUZZ.seed, numRuns: FUZZ.runs },
    );
  });
});

/**
 * Generators of hostile input for the parser and ingest fuzz tests: a valid base event of every kind the
 * parser accepts, mutated by deleting keys, retyping and replacing values (with arbitrary JSON, huge
 * strings, unusual unicode, deep nesting); and random JSON. Seeded: FC_SEED and FC_RUNS override the
 * fixed defaults (see README "Testing").
 */
import fc from 'fast-check';
import { INTERNAL_DETAIL_TYPES, internalEvent } from '../../evidence-schemas';
import { allPaths, deleteAt, type FixtureName, getAt, loadEvent, setAt } from '../fixtures/builders';
import { logGroupItem, retentionCall, ruleResult, where } from './events';

/** The seed and run count of every fuzz test: fixed by default, so a failure replays. */
export const FUZZ = {
  seed: Number(process.env.FC_SEED ?? 20261122),
  runs: Number(process.env.FC_RUNS ?? 300),
};

/** One valid base event per kind the parser accepts. */
export const BASE_KINDS: Record<string, () => unknown> = {
  'compliance change': () => loadEvent('config-compliance-custom-rule'),
  'CI change': () => loadEvent('config-ci-log-group'),
  'oversized CI': () => loadEvent('config-ci-oversized'),
  'CloudTrail API call': () => loadEvent('ct-put-retention-policy'),
  'console sign-in': () => loadEvent('signin-root'),
  'CloudTrail log file': () => loadEvent('cloudtrail-log-file'),
  'bare CI': () => loadEvent('config-item-api' satisfies FixtureName),
  'internal-event envelope': () =>
    internalEvent(INTERNAL_DETAIL_TYPES.sweep, {
      id: 'sweep-2026-10-01-0001',
      time: '2026-10-01T00:00:00Z',
      account: where.account,
      region: where.region,
      detail: { resourceType: 'AWS::Logs::LogGroup', resourceId: '/fuzz', configuration: {} },
    }),
};

/** Deeply nested arrays and objects: recursion in a parser or redactor must not blow the stack. */
const deep = fc
  .record({ depth: fc.integer({ min: 50, max: 20_000 }), asObject: fc.boolean() })
  .map(({ depth, asObject }) => {
    let v: unknown = 'bottom';
    for (let i = 0; i < depth; i++) v = asObject ? { nested: v } : [v];
    return v;
  });

const hugeString = fc
  .record({
    length: fc.integer({ min: 10_000, max: 300_000 }),
    char: fc.constantFrom('x', 'é', '😀', '\u0000'),
  })
  .map(({ length, char }) => char.repeat(length));

const oddString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\ud800',
    '\udfff',
    '\u202e',
    '\ufeff',
    'null',
    '',
    ' ',
    '2026-13-45T99:99:99Z',
    'NaN',
    '__proto__',
  ),
);

/** A value of some other JSON type than `value`. */
function retyped(value: unknown, choice: number): unknown {
  const options: unknown[] = [42, -1.5, 'text', true, null, [], {}, [value], { value }];
  const others = options.filter(
    (o) => typeof o !== typeof value || Array.isArray(o) !== Array.isArray(value),
  );
  return others[choice % others.length];
}

const mutation = fc.record({
  op: fc.constantFrom('delete', 'retype', 'replace', 'huge', 'unicode', 'deep'),
  pick: fc.nat(),
  choice: fc.nat(),
  value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), oddString, deep),
});

/** A base event of the given kind, with one to four mutations applied at generated paths. */
export function mutatedEvent(kind: string): fc.Arbitrary<unknown> {
  const base = BASE_KINDS[kind];
  if (!base) throw new Error(`no base event for ${kind}`);
  return fc
    .tuple(fc.array(mutation, { minLength: 1, maxLength: 4 }), hugeString, oddString, deep)
    .map(([mutations, huge, odd, nested]) => {
      const doc = base();
      // paths of the base event: walking a mutated one could mean walking 20,000 levels of nesting
      const paths = allPaths(doc);
      for (const m of mutations) {
        const path = paths[m.pick % Math.max(1, paths.length)];
        const parent = path ? getAt(doc, path.slice(0, -1)) : undefined;
        if (!path || parent === null || typeof parent !== 'object') continue;
        if (m.op === 'delete') deleteAt(doc, path);
        else if (m.op === 'retype') setAt(doc, path, retyped(getAt(doc, path), m.choice));
        else if (m.op === 'huge') setAt(doc, path, huge);
        else if (m.op === 'unicode') setAt(doc, path, odd);
        else if (m.op === 'deep') setAt(doc, path, nested);
        else setAt(doc, path, m.value);
      }
      return doc;
    });
}

/** Random JSON, random text and hostile shapes at the top level. */
export const randomInput: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.string({ unit: 'binary' }),
  deep,
  fc.record({ 'detail-type': oddString, detail: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({ eventName: oddString, eventSource: oddString, eventTime: oddString }),
  fc.record({ configurationItemCaptureTime: fc.jsonValue({ maxDepth: 1 }), resourceType: oddString }),
);

/** Valid events with generated subjects and times, so the fuzz run also stores and chains evidence. */
const validEvent: fc.Arbitrary<unknown> = fc
  .record({
    kind: fc.integer({ min: 0, max: 2 }),
    group: fc.integer({ min: 0, max: 40 }),
    minute: fc.integer({ min: 0, max: 60 * 24 * 30 }),
    days: fc.constantFrom(7, 30, 365, 2192),
  })
  .map(({ kind, group, minute, days }) => {
    const time = new Date(Date.parse('2026-10-01T00:00:00.000Z') + minute * 60_000).toISOString();
    if (kind === 0) return logGroupItem(`/fuzz/${group}`, time, days);
    if (kind === 1) return retentionCall(`/fuzz/${group}`, time, days);
    return ruleResult('s3-bucket-server-side-encryption-enabled', `fuzz-${group}`, time, 'NON_COMPLIANT');
  });

/** What the ingest fuzz run feeds: mostly mutated events of every kind, some valid, some random. */
export const anyInput: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.oneof(...Object.keys(BASE_KINDS).map((k) => mutatedEvent(k))) },
  { weight: 2, arbitrary: validEvent },
  { weight: 1, arbitrary: randomInput },
);

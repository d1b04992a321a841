import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, prepareRecord } from '../../../core/domain/chain';
import { type ChainHead, eventKey } from '../../../core/domain/chain-head';
import {
  type CommitPlanInput,
  isCommitted,
  type PendingEvent,
  planCommit,
  possibleDuplicates,
} from '../../../core/domain/commit-plan';
import { type Facts, subjectKey } from '../../../core/domain/observation';
import type { SourceKind, VerdictStatus } from '../../../evidence-schemas';
import { apiCallFacts, assessment, configFacts, observationOf, SUBJECT } from '../../fixtures/builders';

const KEY = subjectKey(SUBJECT);
const CONTROL = 's3-bucket-tls';
const at = (day: number, hour = 10) =>
  `2025-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
/** The same bucket configuration every time: seen again, it is the same state. */
const SAME_STATE = configFacts('AWS::S3::Bucket', { name: 'clinic-phi-intake', versioning: 'Enabled' });

/** One event of the test subject, with one verdict on CONTROL. */
function event(
  index: number,
  options: {
    at: string;
    status?: VerdictStatus;
    eventId?: string;
    facts?: Facts;
    kind?: SourceKind;
  },
): PendingEvent {
  const observation = observationOf(options.facts ?? SAME_STATE, {
    observedAt: options.at,
    source: {
      kind: options.kind ?? 'config-item-change',
      eventId: options.eventId ?? `event-${index}-${options.at}`,
      eventTime: options.at,
    },
  });
  const prepared = prepareRecord(observation, [assessment(CONTROL, options.status ?? 'COMPLIANT')]);
  return { index, observation, prepared };
}

function plan(chunk: PendingEvent[], head?: ChainHead, more: Partial<CommitPlanInput> = {}) {
  return planCommit({ subjectKey: KEY, chunk, head, known: new Set(), recordedAt: at(20), ...more });
}

/** A head as committing `chunk` on a new chain leaves it. */
function headAfter(chunk: PendingEvent[]): ChainHead {
  const next = plan(chunk).next;
  if (!next) throw new Error('the first commit wrote no head');
  return next;
}

describe('planCommit', () => {
  it('plans a new chain: every event stored, linked from genesis, the head at the last record', () => {
    // Prepare
    const chunk = [event(0, { at: at(1) }), event(1, { at: at(2), status: 'NON_COMPLIANT' })];

    // Act
    const p = plan(chunk);

    // Assess
    expect(p.statuses).toEqual([
      [0, 'stored'],
      [1, 'stored'],
    ]);
    const [first, second] = p.records;
    expect(first?.integrity).toMatchObject({ sequence: 1, previousHash: GENESIS_HASH });
    expect(second?.integrity).toMatchObject({ sequence: 2, previousHash: first?.integrity.recordHash });
    expect(p.next).toMatchObject({
      subjectKey: KEY,
      subject: SUBJECT,
      sequence: 2,
      recordHash: second?.integrity.recordHash,
      lastObservedAt: at(2),
      lastBatch: chunk.map((e) => e.observation.source.eventId),
      lastBatchDays: ['2025-03-01', '2025-03-02'],
    });
    expect(p.next?.posture[CONTROL]).toMatchObject({ status: 'NON_COMPLIANT', since: at(2) });
    expect(p.transitions.map((t) => [t.state, t.from, t.to])).toEqual([
      ['regressed', 'COMPLIANT', 'NON_COMPLIANT'],
    ]);
    expect(p.next?.transitions).toEqual(p.transitions);
    expect(p.before).toEqual([]);
    expect(p.markers).toEqual([
      {
        subjectKey: KEY,
        sequence: 2,
        tip: second?.integrity.recordHash,
        events: chunk.map((e) => ({
          subjectKey: KEY,
          eventId: e.observation.source.eventId,
          observedAt: e.observation.observedAt,
        })),
      },
    ]);
  });

  it("appends after an existing head, re-writing the markers of the head's last commit first", () => {
    // Prepare
    const head = headAfter([event(0, { at: at(1) }), event(1, { at: at(2), status: 'NON_COMPLIANT' })]);

    // Act
    const p = plan([event(5, { at: at(3), facts: configFacts('AWS::S3::Bucket', { name: 'new' }) })], head);

    // Assess
    expect(p.statuses).toEqual([[5, 'stored']]);
    expect(p.records[0]?.integrity).toMatchObject({ sequence: 3, previousHash: head.recordHash });
    expect(p.next).toMatchObject({ sequence: 3, lastBatchDays: ['2025-03-03'] });
    expect(p.before).toEqual([
      {
        subjectKey: KEY,
        sequence: 2,
        tip: head.recordHash,
        events: ['2025-03-01', '2025-03-02'].flatMap((day) =>
          head.lastBatch.map((eventId) => ({ subjectKey: KEY, eventId, observedAt: day })),
        ),
      },
    ]);
    expect(p.markers.map((m) => m.sequence)).toEqual([3]);
    // COMPLIANT again after NON_COMPLIANT
    expect(p.transitions.map((t) => t.state)).toEqual(['resolved']);
  });

  it('makes no head, record or marker when every event is a duplicate by its source event id', () => {
    // Prepare
    const head = headAfter([event(0, { at: at(1), eventId: 'old' })]);
    const again = event(3, { at: at(1), eventId: 'stored-before', facts: apiCallFacts('PutBucketPolicy') });

    // Act
    const p = plan([again], head, { known: new Set([eventKey(KEY, 'stored-before')]) });

    // Assess
    expect(p.statuses).toEqual([[3, 'duplicate']]);
    expect(p.records).toEqual([]);
    expect(p.next).toBeUndefined();
    expect(p.before).toEqual([]);
    expect(p.markers).toEqual([]);
  });

  it('stores an event that comes twice in one chunk once', () => {
    // Prepare
    const once = event(0, { at: at(1), eventId: 'twice', facts: apiCallFacts('PutBucketPolicy') });
    const twice = event(1, { at: at(1), eventId: 'twice', facts: apiCallFacts('PutBucketPolicy') });

    // Act
    const p = plan([once, twice]);

    // Assess
    expect(p.statuses).toEqual([
      [0, 'stored'],
      [1, 'duplicate'],
    ]);
    expect(p.records).toHaveLength(1);
    expect(p.next?.lastBatch).toEqual(['twice']);
  });

  it("rolls a redelivered event of the head's last commit forward: its markers again", () => {
    // Prepare: the head's last commit has no markers yet (its writer crashed after the head write)
    const first = event(0, { at: at(1), eventId: 'in-flight', status: 'NON_COMPLIANT' });
    const head = headAfter([first]);

    // Act
    const p = plan([event(0, { at: at(1), eventId: 'in-flight', status: 'NON_COMPLIANT' })], head);

    // Assess
    expect(p.statuses).toEqual([[0, 'duplicate']]);
    expect(p.records).toEqual([]);
    expect(p.markers).toEqual([
      {
        subjectKey: KEY,
        sequence: 1,
        tip: head.recordHash,
        events: [{ subjectKey: KEY, eventId: 'in-flight', observedAt: '2025-03-01' }],
      },
    ]);
  });

  it('finds the same state seen again unchanged: no record, the head only moves its last-observed time', () => {
    // Prepare
    const head = headAfter([event(0, { at: at(1) })]);

    // Act
    const p = plan([event(1, { at: at(2) })], head);

    // Assess
    expect(p.statuses).toEqual([[1, 'unchanged']]);
    expect(p.records).toEqual([]);
    expect(p.next).toMatchObject({
      sequence: head.sequence,
      recordHash: head.recordHash,
      lastObservedAt: at(2),
      lastBatch: head.lastBatch,
      posture: head.posture,
    });
    expect(p.next?.facets.configuration).toEqual({
      stateHash: head.facets.configuration?.stateHash,
      observedAt: at(2),
    });
    expect(p.before).toEqual([]);
    expect(p.markers).toEqual([]);
    expect(p.transitions).toEqual([]);
  });

  it('records a state seen again when another source set a different verdict since', () => {
    // Prepare: the configuration is compliant, an API call then makes the control non-compliant
    const chunk = [
      event(0, { at: at(1) }),
      event(1, { at: at(2), status: 'NON_COMPLIANT', facts: apiCallFacts('DeleteBucketPolicy') }),
      event(2, { at: at(3) }),
    ];

    // Act
    const p = plan(chunk);

    // Assess: the same configuration is newer evidence than the call, so it is stored and decides
    expect(p.statuses.map(([, s]) => s)).toEqual(['stored', 'stored', 'stored']);
    expect(p.next?.posture[CONTROL]).toMatchObject({ status: 'COMPLIANT', observedAt: at(3) });
    expect(p.transitions.map((t) => t.state)).toEqual(['regressed', 'resolved']);
  });

  it('stores a late, older event without letting it override the newer verdict', () => {
    // Prepare
    const head = headAfter([event(0, { at: at(5), status: 'NON_COMPLIANT' })]);
    const late = event(1, {
      at: at(2),
      facts: configFacts('AWS::S3::Bucket', { name: 'clinic-phi-intake', versioning: 'Suspended' }),
    });

    // Act
    const p = plan([late], head);

    // Assess: on the chain, but posture, facets and last-observed stay with the newer event
    expect(p.statuses).toEqual([[1, 'stored']]);
    expect(p.records).toHaveLength(1);
    expect(p.next?.posture).toEqual(head.posture);
    expect(p.next?.facets).toEqual(head.facets);
    expect(p.next?.lastObservedAt).toBe(at(5));
    expect(p.transitions).toEqual([]);
  });

  it('links many events of one subject in input order and takes posture by event time', () => {
    // Prepare: arrival order is not event order
    const state = (n: number) => configFacts('AWS::S3::Bucket', { name: 'clinic-phi-intake', revision: n });
    const chunk = [
      event(0, { at: at(3), status: 'NON_COMPLIANT', facts: state(3) }),
      event(1, { at: at(1), facts: state(1) }),
      event(2, { at: at(2), facts: state(2) }),
    ];

    // Act
    const p = plan(chunk);

    // Assess
    expect(p.records.map((r) => [r.integrity.sequence, r.observedAt])).toEqual([
      [1, at(3)],
      [2, at(1)],
      [3, at(2)],
    ]);
    expect(p.next?.posture[CONTROL]).toMatchObject({ status: 'NON_COMPLIANT', observedAt: at(3) });
    expect(p.next?.facets.configuration?.observedAt).toBe(at(3));
    expect(p.transitions.map((t) => [t.state, t.at])).toEqual([['regressed', at(3)]]);
  });

  it('keeps no one-off event facet on the head', () => {
    // Act
    const p = plan([event(0, { at: at(1), facts: apiCallFacts('PutBucketPolicy') })]);

    // Assess
    expect(p.statuses).toEqual([[0, 'stored']]);
    expect(Object.keys(p.next?.facets ?? {})).toEqual([]);
  });

  it('takes the ePHI scope from the latest Config item, not from the sweep or an older item', () => {
    // Prepare
    const tagged = (inScope: boolean): Facts => ({
      ...configFacts('AWS::S3::Bucket', { name: 'clinic-phi-intake', inScope }),
      ...(inScope ? { ephi: { inScope: true, matchedTagKey: 'phi' } } : {}),
    });
    const head = headAfter([event(0, { at: at(2), facts: tagged(true) })]);

    // Act
    const p = plan(
      [
        event(1, { at: at(1), facts: tagged(false) }), // older than the item that decided
        event(2, { at: at(3), facts: tagged(false), kind: 'sweep' }), // the sweep reads no tags
      ],
      head,
    );
    const untagged = plan([event(3, { at: at(4), facts: tagged(false) })], head);

    // Assess
    expect(head.ephi).toEqual({ inScope: true, since: at(2), decidedAt: at(2), matchedTagKey: 'phi' });
    expect(p.next?.ephi).toEqual(head.ephi);
    expect(untagged.next?.ephi).toEqual({ inScope: false, since: at(4), decidedAt: at(4) });
  });
});

describe('possibleDuplicates', () => {
  it('reads markers only for events no newer than the newest the chain has seen', () => {
    // Prepare
    const head = headAfter([event(0, { at: at(2) })]);
    const chunk = [event(1, { at: at(1) }), event(2, { at: at(2) }), event(3, { at: at(3) })];

    // Act
    const refs = possibleDuplicates(KEY, chunk, head);

    // Assess
    expect(refs.map((r) => r.observedAt)).toEqual([at(1), at(2)]);
    expect(refs[0]).toEqual({
      subjectKey: KEY,
      eventId: chunk[0]?.observation.source.eventId,
      observedAt: at(1),
    });
    expect(possibleDuplicates(KEY, chunk, undefined)).toEqual([]);
  });
});

describe('isCommitted', () => {
  it('tells the head this plan wrote from any other', () => {
    // Prepare
    const head = headAfter([event(0, { at: at(1) })]);
    const p = plan([event(1, { at: at(2), status: 'NON_COMPLIANT' })], head);
    const unchanged = plan([event(2, { at: at(3) })], head);
    if (!p.next) throw new Error('no head planned');

    // Assess
    expect(isCommitted(p, p.next)).toBe(true);
    expect(isCommitted(p, head)).toBe(false);
    expect(isCommitted(p, undefined)).toBe(false);
    expect(isCommitted(p, { ...p.next, recordHash: head.recordHash })).toBe(false);
    // a plan without records cannot be recognised by its tip: it never counts as committed
    expect(isCommitted(unchanged, unchanged.next)).toBe(false);
  });
});

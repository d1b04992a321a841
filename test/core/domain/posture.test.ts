import { describe, expect, it } from 'vitest';
import { subjectKey } from '../../../core/domain/observation';
import { orderKey, postureEntries, postureFromRecords } from '../../../core/domain/posture';
import type { EvidenceRecord, Subject } from '../../../evidence-schemas';
import { assessment, recordOf, SUBJECT } from '../../fixtures/builders';

const KEY = subjectKey(SUBJECT);
const OTHER: Subject = { ...SUBJECT, resourceId: 'clinic-billing', arn: 'arn:aws:s3:::clinic-billing' };
const withKey = (record: EvidenceRecord, key = KEY) => ({ record, subjectKey: key });
const postureKey = (controlId: string, key = KEY) => `${controlId}\u0000${key}`;

const compliantEarly = recordOf({
  observedAt: '2025-03-01T10:00:00.000Z',
  controls: [assessment('s3-bucket-tls', 'COMPLIANT')],
});
const nonCompliantLate = recordOf({
  observedAt: '2025-03-02T10:00:00.000Z',
  controls: [assessment('s3-bucket-tls', 'NON_COMPLIANT')],
});

describe('postureFromRecords', () => {
  it.each([
    ['oldest first', [compliantEarly, nonCompliantLate]],
    ['newest first', [nonCompliantLate, compliantEarly]],
  ])('takes the latest verdict by observedAt when records arrive %s', (_order, records) => {
    // Prepare
    const input = records.map((r) => withKey(r));
    // Act
    const posture = postureFromRecords(input);
    // Assess
    expect(posture.size).toBe(1);
    expect(posture.get(postureKey('s3-bucket-tls'))).toMatchObject({
      status: 'NON_COMPLIANT',
      observedAt: '2025-03-02T10:00:00.000Z',
      evidenceId: nonCompliantLate.evidenceId,
      subject: SUBJECT,
    });
  });

  it('ignores recordedAt: a late-recorded old observation does not win', () => {
    // Prepare
    const lateArrival = recordOf({
      observedAt: '2025-02-01T00:00:00.000Z',
      controls: [assessment('s3-bucket-tls', 'COMPLIANT')],
      recordedAt: '2025-12-31T00:00:00.000Z',
    });
    // Act
    const posture = postureFromRecords([withKey(nonCompliantLate), withKey(lateArrival)]);
    // Assess
    expect(posture.get(postureKey('s3-bucket-tls'))?.status).toBe('NON_COMPLIANT');
  });

  it('answers as of a point in time, inclusive', () => {
    // Prepare
    const input = [withKey(compliantEarly), withKey(nonCompliantLate)];
    // Act
    const before = postureFromRecords(input, '2025-02-28T00:00:00.000Z');
    const between = postureFromRecords(input, '2025-03-01T12:00:00.000Z');
    const atLate = postureFromRecords(input, '2025-03-02T10:00:00.000Z');
    // Assess
    expect(before.size).toBe(0);
    expect(between.get(postureKey('s3-bucket-tls'))?.status).toBe('COMPLIANT');
    expect(atLate.get(postureKey('s3-bucket-tls'))?.status).toBe('NON_COMPLIANT');
  });

  it('never lets activity (affectsPosture false) set or change posture', () => {
    // Prepare
    const laterActivity = recordOf({
      observedAt: '2025-03-05T10:00:00.000Z',
      controls: [
        assessment('s3-bucket-tls', 'NON_COMPLIANT', false),
        assessment('iam-access-keys', 'NOT_APPLICABLE', false),
      ],
    });
    // Act
    const posture = postureFromRecords([withKey(compliantEarly), withKey(laterActivity)]);
    const onlyActivity = postureFromRecords([withKey(laterActivity)]);
    // Assess
    expect([...posture.keys()]).toEqual([postureKey('s3-bucket-tls')]);
    expect(posture.get(postureKey('s3-bucket-tls'))).toMatchObject({
      status: 'COMPLIANT',
      evidenceId: compliantEarly.evidenceId,
    });
    expect(onlyActivity.size).toBe(0);
  });

  it('keeps one entry per control and subject', () => {
    // Prepare
    const twoControls = recordOf({
      observedAt: '2025-03-03T10:00:00.000Z',
      controls: [
        assessment('s3-bucket-tls', 'COMPLIANT'),
        assessment('s3-bucket-encryption', 'NON_COMPLIANT'),
      ],
    });
    const otherBucket = recordOf({
      observedAt: '2025-03-01T10:00:00.000Z',
      controls: [assessment('s3-bucket-tls', 'NON_COMPLIANT')],
      subject: OTHER,
    });
    // Act
    const posture = postureFromRecords([
      withKey(nonCompliantLate),
      withKey(twoControls),
      withKey(otherBucket, subjectKey(OTHER)),
    ]);
    // Assess
    expect(posture.size).toBe(3);
    expect(posture.get(postureKey('s3-bucket-tls'))?.status).toBe('COMPLIANT');
    expect(posture.get(postureKey('s3-bucket-encryption'))?.status).toBe('NON_COMPLIANT');
    expect(posture.get(postureKey('s3-bucket-tls', subjectKey(OTHER)))?.status).toBe('NON_COMPLIANT');
  });

  it('breaks a tie on observedAt by evidence id, whatever the arrival order', () => {
    // Prepare
    const at = '2025-03-04T10:00:00.000Z';
    const x = recordOf({
      observedAt: at,
      controls: [assessment('s3-bucket-tls', 'COMPLIANT')],
      eventId: 'x',
    });
    const y = recordOf({
      observedAt: at,
      controls: [assessment('s3-bucket-tls', 'NON_COMPLIANT')],
      eventId: 'y',
    });
    const winner = x.evidenceId > y.evidenceId ? x : y;
    // Act
    const forward = postureFromRecords([withKey(x), withKey(y)]);
    const backward = postureFromRecords([withKey(y), withKey(x)]);
    // Assess
    expect(forward.get(postureKey('s3-bucket-tls'))?.evidenceId).toBe(winner.evidenceId);
    expect(backward.get(postureKey('s3-bucket-tls'))?.evidenceId).toBe(winner.evidenceId);
  });
});

describe('postureEntries', () => {
  it('keeps only posture-affecting assessments, with an order key of time then evidence id', () => {
    // Prepare
    const record = recordOf({
      observedAt: '2025-03-06T10:00:00.000Z',
      controls: [
        assessment('log-retention', 'COMPLIANT'),
        assessment('iam-access-keys', 'NOT_APPLICABLE', false),
      ],
    });
    // Act
    const entries = postureEntries(record, KEY);
    // Assess
    expect(entries).toEqual([
      {
        subjectKey: KEY,
        subject: SUBJECT,
        controlId: 'log-retention',
        status: 'COMPLIANT',
        reason: 'log-retention is COMPLIANT',
        observedAt: '2025-03-06T10:00:00.000Z',
        evidenceId: record.evidenceId,
        orderKey: orderKey('2025-03-06T10:00:00.000Z', record.evidenceId),
      },
    ]);
    expect(entries[0]?.orderKey).toBe(`2025-03-06T10:00:00.000Z#${record.evidenceId}`);
  });
});

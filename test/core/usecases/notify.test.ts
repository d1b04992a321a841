import { describe, expect, it } from 'vitest';
import { controlById } from '../../../core/domain/catalog';
import { messageId } from '../../../core/domain/slack-causes';
import { planMessages } from '../../../core/usecases/notify';
import type { Transition } from '../../../evidence-schemas';
import { ACCOUNT, REGION, subjectOf, transition } from '../../fixtures/transitions';

const routing = { webhookUrl: 'https://hooks.slack.com/services/T/B/x' };
const T = '2026-10-28T02:00:00.000Z';
const plus = (ms: number) => new Date(Date.parse(T) + ms).toISOString();

/** What one denied call did to one sweep: the collector's verdict for three controls, then their coverage. */
function oneDeny(): Transition[] {
  const collector = subjectOf('HIPAA::Coverage::Collector', 'iam:GenerateCredentialReport');
  const record = { evidenceId: 'ev_collector', recordHash: 'c'.repeat(64), sourceKind: 'sweep' as const };
  const denied = (controlId: string) =>
    transition(`collector ${controlId}`, {
      controlId,
      at: T,
      subject: collector,
      ...record,
      producedBy: 'the daily sweep',
      reason: 'collection gap: iam:GenerateCredentialReport failed (AccessDenied)',
    });
  const coverage = (controlId: string) =>
    transition(`coverage ${controlId}`, {
      controlId,
      at: plus(1_000),
      subject: subjectOf('HIPAA::Coverage::Control', controlId),
      state: 'new',
      from: 'NONE',
      sourceKind: 'coverage-check',
      producedBy: 'the coverage check',
      reason: `the sweep could not call iam:GenerateCredentialReport since ${T}`,
    });
  return [
    denied('root-account-use'),
    denied('iam-user-mfa'),
    denied('iam-access-keys'),
    coverage('root-account-use'),
    coverage('iam-user-mfa'),
  ];
}

const bucketChange = (seed: string, controlId: string, at: string, bucket = 'clinic-records') =>
  transition(seed, { controlId, at, subject: subjectOf('AWS::S3::Bucket', bucket) });

describe('planMessages: one root cause, one message', () => {
  it('sends the five transitions of one denied call as one message listing the controls', () => {
    const five = oneDeny();

    const messages = planMessages(five, routing);

    expect(messages).toHaveLength(1);
    const [m] = messages;
    expect(m?.digest).toBe(false);
    expect([...(m?.transitionIds ?? [])].sort()).toEqual(five.map((t) => t.id).sort());
    const lines = m?.message.text.split('\n') ?? [];
    expect(lines[0]).toBe(
      `Collection gap: the sweep could not call iam:GenerateCredentialReport; 3 controls without evidence (iam-access-keys, iam-user-mfa, root-account-use) in ${ACCOUNT}/${REGION}`,
    );
    expect(lines[1]).toBe(`${T} to ${plus(1_000)} by the daily sweep, the coverage check`);
    expect(lines.filter((l) => l.startsWith('- '))).toHaveLength(5);
    // the failed call is the cause: its fix once, not the coverage check's
    expect(lines.filter((l) => l.startsWith('Fix: '))).toEqual([
      expect.stringMatching(/^Fix: Let the sweep role call iam:GenerateCredentialReport again/),
    ]);
    // the collector's one record once, and each coverage record
    expect(lines.at(-1)?.match(/ev_/g)).toHaveLength(3);
  });

  it('gives the same message, with the same id, whatever order the transitions arrive in', () => {
    const five = oneDeny();

    const forward = planMessages(five, routing);
    const backward = planMessages([...five].reverse(), routing);

    expect(backward).toEqual(forward);
    expect(forward[0]?.id).toBe(messageId(five.map((t) => t.id)));
    expect(forward[0]?.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('groups one change of one resource; another resource, or a change after the window, is another message', () => {
    const batch = [
      bucketChange('enc', 's3-bucket-encryption', T),
      bucketChange('tls', 's3-bucket-tls', plus(60_000)),
      bucketChange('other', 's3-bucket-encryption', T, 'billing-exports'),
      bucketChange('later', 's3-bucket-tls', plus(6 * 60_000)),
    ];

    const messages = planMessages(batch, routing);

    // at one instant, messages are ordered by subject: billing-exports before clinic-records
    expect(messages.map((m) => m.transitionIds.length)).toEqual([1, 2, 1]);
    expect(messages[0]?.message.text).toContain('billing-exports');
    expect(messages[1]?.message.text.split('\n')[0]).toBe(
      `Drift: regressed: 2 controls (s3-bucket-encryption, s3-bucket-tls) on AWS::S3::Bucket clinic-records in ${ACCOUNT}/${REGION}`,
    );
    expect(messages[2]?.at).toBe(plus(6 * 60_000));
    // a narrower window splits what the default joins
    expect(planMessages(batch.slice(0, 2), routing, { causeWindowMs: 30_000 })).toHaveLength(2);
  });

  it("keeps apart the collection health of two accounts, and a resource's drift from the sweep's gap", () => {
    const other = {
      ...subjectOf('HIPAA::Coverage::Collector', 'iam:GenerateCredentialReport'),
      accountId: '777788889999',
    };
    const batch = [
      ...oneDeny(),
      transition('other account', { controlId: 'iam-user-mfa', at: T, subject: other, sourceKind: 'sweep' }),
      bucketChange('enc', 's3-bucket-encryption', T),
    ];

    const messages = planMessages(batch, routing);

    expect(messages.map((m) => m.transitionIds.length).sort()).toEqual([1, 1, 5]);
    expect(messages.filter((m) => m.message.text.includes('777788889999'))).toHaveLength(1);
  });

  it('sends messages oldest first, whatever the order of the batch', () => {
    const batch = [
      bucketChange('c', 's3-bucket-encryption', '2026-10-03T00:00:00.000Z', 'third'),
      bucketChange('a', 's3-bucket-encryption', '2026-10-01T00:00:00.000Z', 'first'),
      bucketChange('b', 's3-bucket-encryption', '2026-10-02T00:00:00.000Z', 'second'),
    ];

    const messages = planMessages(batch, routing);

    expect(messages.map((m) => m.at.slice(0, 10))).toEqual(['2026-10-01', '2026-10-02', '2026-10-03']);
    expect(messages.map((m) => /on AWS::S3::Bucket (\w+)/.exec(m.message.text)?.[1])).toEqual([
      'first',
      'second',
      'third',
    ]);
  });

  it('flags a resource in ePHI scope in the headline, the header and the resource field, and only then', () => {
    const t = bucketChange('enc', 's3-bucket-encryption', T);

    const [flagged] = planMessages([t], routing, { ephi: new Set([t.subjectKey]) });
    const [plain] = planMessages([t], routing, { ephi: new Set(['another subject']) });

    expect(flagged?.message.text.split('\n')[0]).toBe(
      `Drift: regressed: S3 buckets encrypt objects at rest by default (164.312(a)(2)(iv)) on AWS::S3::Bucket clinic-records (ePHI) in ${ACCOUNT}/${REGION}`,
    );
    const blocks = JSON.stringify(flagged?.message.blocks);
    expect(JSON.stringify(flagged?.message.blocks[0])).toContain(
      'Drift: regressed: S3 buckets encrypt objects at rest by default · ePHI',
    );
    expect(blocks).toContain('*Resource* · *ePHI*');
    expect(JSON.stringify(plain?.message)).not.toContain('ePHI');
  });

  it("gives the control's one-line fix for a drift, and none for a resolution", () => {
    const drift = bucketChange('enc', 's3-bucket-encryption', T);
    const resolved = transition('fixed', {
      controlId: 's3-bucket-encryption',
      at: plus(3_600_000),
      state: 'resolved',
      from: 'NON_COMPLIANT',
      to: 'COMPLIANT',
      timeToRemediateMs: 3_600_000,
    });

    const [m, r] = planMessages([drift, resolved], routing);

    const fix = controlById('s3-bucket-encryption')?.remediation ?? 'missing';
    expect(m?.message.text).toContain(`\nFix: ${fix}\n`);
    expect(JSON.stringify(m?.message.blocks)).toContain(`*Fix*\\n${fix}`);
    expect(r?.message.text).toMatch(/^Resolved after 60 min: /);
    expect(r?.message.text).not.toContain('Fix:');
  });

  it('says the same in the text fallback and the blocks, for one transition and for a cause', () => {
    const one = bucketChange('enc', 's3-bucket-encryption', T);
    const five = oneDeny();
    const [single] = planMessages([one], routing, { ephi: new Set([one.subjectKey]) });
    const [group] = planMessages(five, routing);

    const facts = (t: Transition) => [
      t.controlId,
      t.subject.resourceId,
      t.producedBy ?? '',
      t.reason,
      t.evidenceId,
    ];
    for (const [m, ts] of [
      [single, [one]],
      [group, five],
    ] as const) {
      const blocks = JSON.stringify(m?.message.blocks);
      for (const fact of [...ts.flatMap(facts), ts[0]?.at ?? '', ts[0]?.recordHash.slice(0, 12) ?? '']) {
        expect(m?.message.text, fact).toContain(fact);
        expect(blocks, fact).toContain(fact);
      }
      // the fix lines of the text are the fix of the blocks
      for (const fix of (m?.message.text.split('\n') ?? []).filter((l) => l.startsWith('Fix: ')))
        expect(blocks).toContain(fix.slice('Fix: '.length));
    }
    expect(JSON.stringify(single?.message.blocks)).toContain('ePHI');
  });
});

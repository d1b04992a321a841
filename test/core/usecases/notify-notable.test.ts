import { describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../../core/domain/slack-message';
import type { NotificationLedger, Notifier } from '../../../core/ports/notifier';
import { notifyNotable } from '../../../core/usecases/notify';
import type { NotableEntry, Transition } from '../../../evidence-schemas';

function entry(n: number, at: string, accountId = '111122223333'): NotableEntry {
  const evidenceId = `ev_${String(n).padStart(32, '0')}`;
  return {
    id: `notable:${evidenceId}`,
    kind: 'access-key-created',
    what: `access key ${n} created for IAM user carol.billing`,
    who: 'arn:aws:iam::111122223333:user/alice.nguyen',
    at,
    outcome: 'succeeded',
    eventName: 'CreateAccessKey',
    subjectKey: `arn:aws:iam::${accountId}:user/carol.billing`,
    subject: { accountId, region: 'global', resourceType: 'AWS::IAM::User', resourceId: 'carol.billing' },
    evidenceId,
    sequence: n,
    citations: ['164.308(a)(1)(ii)(D)', '164.308(a)(4)(ii)(C)'],
  };
}

/** A ledger in memory. */
function memoryLedger(): NotificationLedger & { sent: Set<string> } {
  const sent = new Set<string>();
  return {
    sent,
    findSentNotifications: async (ids) => new Set(ids.filter((id) => sent.has(id))),
    markNotificationsSent: async (ids) => {
      for (const id of ids) sent.add(id);
    },
    savePendingNotifications: async (_t: Transition[]) => {},
    listPendingNotifications: async () => [],
    deletePendingNotifications: async () => {},
  };
}

describe('notifyNotable', () => {
  it('sends one message per event, oldest first, to its account route, and each once', async () => {
    // Prepare
    const posted: [string, SlackMessage][] = [];
    const notifier: Notifier = { send: async (to, m) => void posted.push([to, m]) };
    const ledger = memoryLedger();
    const routing = {
      webhookUrl: 'https://hooks.slack.com/services/T/B/default',
      routes: [
        { family: 'access', webhookUrl: 'https://hooks.slack.com/services/T/B/family' },
        { accountId: '444455556666', webhookUrl: 'https://hooks.slack.com/services/T/B/other' },
      ],
    };
    const events = [
      entry(2, '2026-10-21T11:30:00.000Z', '444455556666'),
      entry(1, '2026-10-03T08:00:00.000Z'),
    ];
    // Act
    const first = await notifyNotable(events, { notifier, ledger, routing });
    const again = await notifyNotable(events, { notifier, ledger, routing });
    // Assess
    expect(first).toMatchObject({ sent: 2, alreadySent: 0, failed: [] });
    expect(posted.map(([to, m]) => [to.split('/').pop(), m.text.split(': ')[1]?.split(',')[0]])).toEqual([
      ['default', 'access key 1 created for IAM user carol.billing'],
      ['other', 'access key 2 created for IAM user carol.billing'],
    ]);
    expect(again).toMatchObject({ sent: 0, alreadySent: 2, messages: [] });
  });

  it('reports an undeliverable event as failed and does not mark it sent', async () => {
    // Prepare
    const ledger = memoryLedger();
    const notifier: Notifier = {
      send: async () => {
        throw new Error('HTTP 500');
      },
    };
    // Act
    const r = await notifyNotable([entry(3, '2026-10-25T06:12:00.000Z')], {
      notifier,
      ledger,
      routing: { webhookUrl: 'https://hooks.slack.com/services/T/B/x' },
    });
    // Assess
    expect(r.failed).toEqual([
      { transitionIds: ['notable:ev_00000000000000000000000000000003'], error: 'HTTP 500' },
    ]);
    expect(ledger.sent.size).toBe(0);
  });

  it('only composes the messages when no notifier is configured', async () => {
    const r = await notifyNotable([entry(4, '2026-10-25T06:12:00.000Z')], {
      ledger: memoryLedger(),
      routing: {},
    });
    expect(r.messages).toHaveLength(1);
    expect(r.sent).toBe(0);
  });
});

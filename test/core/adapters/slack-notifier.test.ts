import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { consoleSignIn } from '../../../cli/demo/events';
import type { DynamoDbEvidenceStore } from '../../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../../core/adapters/embedded/embedded-store';
import { SlackWebhookNotifier } from '../../../core/adapters/slack-notifier';
import { ingest } from '../../../core/usecases/ingest';
import { notifyTransitions } from '../../../core/usecases/notify';
import type { Transition } from '../../../evidence-schemas';
import { retentionCall, where } from '../../helpers/events';
import { FakeSlack } from '../../helpers/fake-slack';
import { startTestStore } from '../../helpers/store';

const asInputs = (events: unknown[]) => events.map((raw, i) => ({ raw, origin: `t#${i}` }));
const fastNotifier = () => new SlackWebhookNotifier({ baseDelayMs: 1, attempts: 3 });

/** Drift, resolution and recurrence on one log group, and a storm of 12 cuts in one minute. */
function scenario(): unknown[] {
  const name = '/clinic/ehr';
  const storm = Array.from({ length: 12 }, (_, i) =>
    retentionCall(`/clinic/storm-${i}`, `2026-10-20T03:00:${String(10 + i).padStart(2, '0')}.000Z`, 1),
  );
  return [
    retentionCall(name, '2026-10-01T09:00:00.000Z', 3653),
    retentionCall(name, '2026-10-02T09:00:00.000Z', 30),
    retentionCall(name, '2026-10-03T10:30:00.000Z', 2192),
    retentionCall(name, '2026-10-05T09:00:00.000Z', 14),
    ...storm,
  ];
}

describe('drift notifications to a Slack webhook (a real HTTP server on 127.0.0.1)', () => {
  let store: DynamoDbEvidenceStore;
  let dynamo: EmbeddedDynamo;
  let slack: FakeSlack;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
  });
  afterAll(async () => {
    await slack.stop();
  });
  beforeEach(async () => {
    ({ store, dynamo } = await startTestStore());
    slack.requests.length = 0;
  });
  afterEach(async () => {
    await dynamo.close();
  });

  const notify = (transitions: Transition[]) =>
    notifyTransitions(transitions, {
      notifier: fastNotifier(),
      ledger: store,
      routing: { webhookUrl: slack.url },
      onFailure: 'pending',
    });

  it('sends exactly one message per drift, resolution and recurrence, and one digest for a storm', async () => {
    const result = await ingest(asInputs(scenario()), { store });

    const notified = await notify(result.transitions);

    // commit order within a subject; subjects commit concurrently, so their transitions interleave
    const ehr = result.transitions.filter((t) => t.subject.resourceId === '/clinic/ehr');
    expect(ehr.map((t) => `${t.state}:${t.subject.resourceId}`)).toEqual([
      'regressed:/clinic/ehr',
      'resolved:/clinic/ehr',
      'recurring:/clinic/ehr',
    ]);
    expect(notified.sent).toBe(15);
    expect(slack.requests).toHaveLength(4);
    const texts = slack.requests.map((r) => String(r.body.text));
    expect(texts[0]).toMatch(
      /^Drift: regressed: Log groups keep events for six years or more \(164\.316\(b\)\(2\)\(i\)\)/,
    );
    expect(texts[1]).toMatch(/^Resolved after 25\.5 h:/);
    expect(texts[2]).toMatch(/^Drift: recurring:/);
    expect(texts[3]).toMatch(/^12 posture changes within a minute/);
  });

  it('puts everything needed to act in the Block Kit payload, and nothing that could be PHI', async () => {
    const result = await ingest(asInputs(scenario().slice(0, 2)), { store });

    await notify(result.transitions);

    const body = slack.requests[0]!.body;
    const json = JSON.stringify(body);
    const blocks = body.blocks as { type: string }[];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'actions', 'context']);
    const t = result.transitions[0]!;
    for (const expected of [
      'log-retention',
      '164.316(b)(2)(i)',
      'AWS::Logs::LogGroup',
      '/clinic/ehr',
      `${where.account} / ${where.region}`,
      'COMPLIANT → NON_COMPLIANT',
      `arn:aws:iam::${where.account}:user/test.operator`,
      '2026-10-02T09:00:00.000Z',
      t.evidenceId,
      t.recordHash.slice(0, 12),
      'only 30 days',
    ]) {
      expect(json).toContain(expected);
    }
    expect(json).toContain(
      `https://${where.region}.console.aws.amazon.com/config/home?region=${where.region}#/resources/timeline?resourceId=%2Fclinic%2Fehr&resourceType=AWS%3A%3ALogs%3A%3ALogGroup`,
    );
    expect(json).not.toContain('sourceIPAddress');
    expect(json).not.toContain('198.51.100');
  });

  it('honours Retry-After on 429 and then delivers once', async () => {
    const result = await ingest(asInputs(scenario().slice(0, 2)), { store });
    slack.reply({ status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' });
    const started = Date.now();

    const notified = await notify(result.transitions);

    expect(notified.sent).toBe(1);
    expect(notified.pending).toBe(0);
    expect(slack.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('keeps a notification pending when 5xx outlasts the retries, and delivers it on the next run', async () => {
    const result = await ingest(asInputs(scenario().slice(0, 2)), { store });
    slack.reply({ status: 500 }, { status: 502 }, { status: 503 });

    const first = await notify(result.transitions);

    expect(first.sent).toBe(0);
    expect(first.pending).toBe(1);
    expect(await store.listPendingNotifications()).toHaveLength(1);

    const later = await notify([]);

    expect(later.sent).toBe(1);
    expect(await store.listPendingNotifications()).toHaveLength(0);
    expect(slack.requests).toHaveLength(4);
    expect(slack.requests[3]!.body.text).toMatch(/^Drift: regressed/);
  });

  it('sends nothing for a redelivered event, a replayed transition, a failed call or a verdict that changes nothing', async () => {
    const events = scenario().slice(0, 2);
    const first = await ingest(asInputs(events), { store });
    await notify(first.transitions);
    const sentBefore = slack.requests.length;

    const redelivered = await ingest(asInputs(events), { store });
    const replayed = await notify(first.transitions);
    const denied = structuredClone(retentionCall('/clinic/ehr', '2026-10-02T10:00:00.000Z', 3653)) as {
      detail: Record<string, unknown>;
    };
    denied.detail.errorCode = 'AccessDenied';
    const same = retentionCall('/clinic/ehr', '2026-10-02T11:00:00.000Z', 60);
    const quiet = await ingest(asInputs([denied, same]), { store });

    expect(redelivered.transitions).toEqual([]);
    expect(replayed.alreadySent).toBe(1);
    expect(replayed.sent).toBe(0);
    expect(quiet.transitions).toEqual([]);
    expect(slack.requests.length).toBe(sentBefore);
  });

  it('routes by account and control family', async () => {
    const other = await new FakeSlack().start();
    try {
      const result = await ingest(
        asInputs([
          retentionCall('/r', '2026-10-01T00:00:00.000Z', 1),
          consoleSignIn(where, '2026-10-01T00:05:00.000Z', { type: 'Root', name: 'root' }, { mfa: false }),
        ]),
        { store },
      );

      await notifyTransitions(result.transitions, {
        notifier: fastNotifier(),
        ledger: store,
        routing: { webhookUrl: slack.url, routes: [{ family: 'access', webhookUrl: other.url }] },
        onFailure: 'pending',
      });

      expect(other.requests.map((r) => String(r.body.text))).toEqual([expect.stringMatching(/root user/)]);
      expect(slack.requests.map((r) => String(r.body.text))).toEqual([
        expect.stringMatching(/Log groups keep events/),
      ]);
    } finally {
      await other.stop();
    }
  });

  it('without a notifier returns the messages it would send and records nothing', async () => {
    const result = await ingest(asInputs(scenario().slice(0, 2)), { store });

    const dry = await notifyTransitions(result.transitions, {
      ledger: store,
      routing: {},
      onFailure: 'pending',
    });

    expect(dry.messages).toHaveLength(1);
    expect(dry.sent).toBe(0);
    expect(slack.requests).toHaveLength(0);
    expect(await store.findSentNotifications(result.transitions.map((t) => t.id))).toEqual(new Set());
  });
});

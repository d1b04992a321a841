/**
 * Announces posture transitions: each once, storms as one digest, failures kept pending (CLI) or
 * reported for retry (Lambda). Nothing is dropped silently.
 */
import type { NotableEntry, Transition } from '../../evidence-schemas';
import { controlById } from '../domain/catalog';
import { sortNotable } from '../domain/notable';
import { digestMessage, type SlackMessage, transitionMessage } from '../domain/slack-message';
import { notableMessage } from '../domain/slack-notable';
import type { NotificationLedger, Notifier } from '../ports/notifier';

/** Where messages go: a default webhook and optional routes by control family and/or account. */
export interface SlackRouting {
  webhookUrl?: string;
  routes?: { family?: string; accountId?: string; webhookUrl: string }[];
}

export interface NotifyDeps {
  /** absent: nothing is sent, the messages are only returned (the demo prints them) */
  notifier?: Notifier;
  ledger: NotificationLedger;
  routing: SlackRouting;
  /** more than this many transitions in one minute go out as one digest (default 10) */
  stormThreshold?: number;
  /** 'pending': keep undeliverable notifications in the ledger for the next run (CLI);
   *  'report': return them as failed so the caller's queue retries them (Lambda) */
  onFailure: 'pending' | 'report';
  /** include notifications left pending by earlier runs (default true) */
  includePending?: boolean;
}

export interface OutgoingMessage {
  destination: string | undefined;
  message: SlackMessage;
  transitionIds: string[];
  digest: boolean;
}

export interface NotifyResult {
  messages: OutgoingMessage[];
  sent: number;
  alreadySent: number;
  pending: number;
  failed: { transitionIds: string[]; error: string }[];
}

/** The destination for one transition, or undefined when nothing is configured. */
export function routeOf(t: Transition, routing: SlackRouting): string | undefined {
  const family = controlById(t.controlId)?.family;
  const route = routing.routes?.find(
    (r) =>
      (r.family === undefined || r.family === family) &&
      (r.accountId === undefined || r.accountId === t.subject.accountId),
  );
  return route?.webhookUrl ?? routing.webhookUrl;
}

/** Groups transitions into messages: per destination and minute, a digest when there are too many. */
export function planMessages(
  transitions: Transition[],
  routing: SlackRouting,
  stormThreshold = 10,
): OutgoingMessage[] {
  const groups = new Map<string, { destination: string | undefined; items: Transition[] }>();
  const ordered = [...transitions].sort((a, b) =>
    a.at === b.at ? a.id.localeCompare(b.id) : a.at < b.at ? -1 : 1,
  );
  for (const t of ordered) {
    const destination = routeOf(t, routing);
    const key = `${destination ?? ''}\u0000${t.at.slice(0, 16)}`;
    const g = groups.get(key);
    if (g) g.items.push(t);
    else groups.set(key, { destination, items: [t] });
  }
  const out: OutgoingMessage[] = [];
  for (const { destination, items } of groups.values()) {
    if (items.length > stormThreshold) {
      out.push({
        destination,
        message: digestMessage(items),
        transitionIds: items.map((t) => t.id),
        digest: true,
      });
    } else {
      for (const t of items)
        out.push({ destination, message: transitionMessage(t), transitionIds: [t.id], digest: false });
    }
  }
  return out;
}

export async function notifyTransitions(transitions: Transition[], deps: NotifyDeps): Promise<NotifyResult> {
  const pending =
    deps.notifier && deps.includePending !== false ? await deps.ledger.listPendingNotifications() : [];
  const byId = new Map<string, Transition>();
  for (const t of [...pending, ...transitions]) byId.set(t.id, t);
  const sent = await deps.ledger.findSentNotifications([...byId.keys()]);
  const fresh = [...byId.values()].filter((t) => !sent.has(t.id));
  const messages = planMessages(fresh, deps.routing, deps.stormThreshold);
  const result: NotifyResult = {
    messages,
    sent: 0,
    alreadySent: byId.size - fresh.length,
    pending: 0,
    failed: [],
  };
  if (!deps.notifier) return result;
  const pendingIds = new Set(pending.map((t) => t.id));
  for (const m of messages) {
    const items = m.transitionIds.map((id) => byId.get(id)!);
    try {
      if (!m.destination) throw new Error('no Slack webhook is configured for this notification');
      await deps.notifier.send(m.destination, m.message);
      await deps.ledger.markNotificationsSent(m.transitionIds);
      const wasPending = m.transitionIds.filter((id) => pendingIds.has(id));
      if (wasPending.length > 0) await deps.ledger.deletePendingNotifications(wasPending);
      result.sent += m.transitionIds.length;
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (deps.onFailure === 'pending') {
        await deps.ledger.savePendingNotifications(items);
        result.pending += items.length;
      } else {
        result.failed.push({ transitionIds: m.transitionIds, error: text });
      }
    }
  }
  return result;
}

/** The destination of a notable event: a route for its account (routes by family name no family). */
export function notableRouteOf(e: NotableEntry, routing: SlackRouting): string | undefined {
  const route = routing.routes?.find(
    (r) => r.family === undefined && (r.accountId === undefined || r.accountId === e.subject.accountId),
  );
  return route?.webhookUrl ?? routing.webhookUrl;
}

/**
 * Announces notable events (core/domain/notable.ts), one message each, oldest first, each once (the
 * ledger keys them by their `notable:` id). They are findings to review, not transitions: an
 * undeliverable one is reported as failed (the Lambda's stream record is retried), never kept pending.
 */
export async function notifyNotable(
  entries: readonly NotableEntry[],
  deps: Pick<NotifyDeps, 'notifier' | 'ledger' | 'routing'>,
): Promise<NotifyResult> {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const sent = deps.notifier ? await deps.ledger.findSentNotifications([...byId.keys()]) : new Set<string>();
  const fresh = sortNotable([...byId.values()].filter((e) => !sent.has(e.id)));
  const messages: OutgoingMessage[] = fresh.map((e) => ({
    destination: notableRouteOf(e, deps.routing),
    message: notableMessage(e),
    transitionIds: [e.id],
    digest: false,
  }));
  const result: NotifyResult = {
    messages,
    sent: 0,
    alreadySent: byId.size - fresh.length,
    pending: 0,
    failed: [],
  };
  if (!deps.notifier) return result;
  for (const m of messages) {
    try {
      if (!m.destination) throw new Error('no Slack webhook is configured for this notification');
      await deps.notifier.send(m.destination, m.message);
      await deps.ledger.markNotificationsSent(m.transitionIds);
      result.sent += 1;
    } catch (error) {
      result.failed.push({
        transitionIds: m.transitionIds,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return result;
}

/**
 * Announces posture transitions: each once, one message per root cause (core/domain/slack-causes.ts),
 * in time order, storms as one digest, failures kept pending (CLI) or reported for retry (Lambda).
 * Nothing is dropped silently.
 */
import type { NotableEntry, Transition } from '../../evidence-schemas';
import { controlById } from '../domain/catalog';
import { sortNotable } from '../domain/notable';
import { CAUSE_WINDOW_MS, groupByCause, messageId } from '../domain/slack-causes';
import { causeMessage, digestMessage, type SlackMessage } from '../domain/slack-message';
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
  /** more than this many messages in one minute go out as one digest (default 10) */
  stormThreshold?: number;
  /**
   * The keys of those subjects that are in ePHI scope (their chain heads' scope), so a message can say
   * so; absent: no message is flagged.
   */
  ephiScope?: (subjectKeys: string[]) => Promise<ReadonlySet<string>>;
  /** 'pending': keep undeliverable notifications in the ledger for the next run (CLI);
   *  'report': return them as failed so the caller's queue retries them (Lambda) */
  onFailure: 'pending' | 'report';
  /** include notifications left pending by earlier runs (default true) */
  includePending?: boolean;
}

/** One message to send: the body POSTed to `destination` and the transitions it announces. */
export interface OutgoingMessage {
  /** deterministic: the same transitions make the same id (core/domain/slack-causes.ts) */
  id: string;
  /** the time of its first transition: messages are sent and listed in this order */
  at: string;
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
  return destinationFor(routing, t.subject.accountId, controlById(t.controlId)?.family);
}

/**
 * The first route for the account (and the control family, when there is one: a route naming a family
 * serves only that family), else the default webhook.
 */
function destinationFor(routing: SlackRouting, accountId: string, family?: string): string | undefined {
  const route = routing.routes?.find(
    (r) =>
      (r.family === undefined || r.family === family) &&
      (r.accountId === undefined || r.accountId === accountId),
  );
  return route?.webhookUrl ?? routing.webhookUrl;
}

/** Sends one message and records its ids as sent; throws when it has no destination or fails. */
async function deliver(
  m: OutgoingMessage,
  deps: Pick<NotifyDeps, 'ledger'> & { notifier: NonNullable<NotifyDeps['notifier']> },
): Promise<void> {
  if (!m.destination) throw new Error('no Slack webhook is configured for this notification');
  await deps.notifier.send(m.destination, m.message);
  await deps.ledger.markNotificationsSent(m.transitionIds);
}

/** What planning needs beyond the transitions: the storm threshold, the cause window, ePHI scope. */
export interface PlanOptions {
  /** more than this many messages to one destination in one minute become one digest (default 10) */
  stormThreshold?: number;
  /** transitions of one cause within this long of the first share a message (default 5 min) */
  causeWindowMs?: number;
  /** keys of the subjects in ePHI scope */
  ephi?: ReadonlySet<string>;
}

/**
 * Turns transitions into messages, oldest first: per destination, one message per cause
 * (`groupByCause`); more than `stormThreshold` messages in one minute become one digest.
 */
export function planMessages(
  transitions: Transition[],
  routing: SlackRouting,
  options: PlanOptions = {},
): OutgoingMessage[] {
  const { stormThreshold = 10, causeWindowMs = CAUSE_WINDOW_MS, ephi } = options;
  const ctx = ephi ? { ephi } : {};
  const byDestination = new Map<string | undefined, Transition[]>();
  for (const t of transitions) {
    const destination = routeOf(t, routing);
    byDestination.set(destination, [...(byDestination.get(destination) ?? []), t]);
  }
  const out: OutgoingMessage[] = [];
  for (const [destination, items] of byDestination) {
    const minutes = new Map<string, ReturnType<typeof groupByCause>>();
    for (const g of groupByCause(items, causeWindowMs)) {
      const minute = g.at.slice(0, 16);
      minutes.set(minute, [...(minutes.get(minute) ?? []), g]);
    }
    for (const groups of minutes.values()) {
      if (groups.length > stormThreshold) {
        const all = groups.flatMap((g) => g.transitions);
        const ids = all.map((t) => t.id);
        out.push({
          id: messageId(ids),
          at: groups[0]!.at,
          destination,
          message: digestMessage(all, 25, ctx),
          transitionIds: ids,
          digest: true,
        });
        continue;
      }
      for (const g of groups)
        out.push({
          id: g.id,
          at: g.at,
          destination,
          message: causeMessage(g.transitions, ctx),
          transitionIds: g.transitions.map((t) => t.id),
          digest: false,
        });
    }
  }
  // oldest first across destinations too
  return out.sort(messagesByTime);
}

/** Messages oldest first; ties by message id, so the order never depends on arrival. */
export function messagesByTime(a: OutgoingMessage, b: OutgoingMessage): number {
  return a.at === b.at ? a.id.localeCompare(b.id) : a.at < b.at ? -1 : 1;
}

export async function notifyTransitions(transitions: Transition[], deps: NotifyDeps): Promise<NotifyResult> {
  const pending =
    deps.notifier && deps.includePending !== false ? await deps.ledger.listPendingNotifications() : [];
  const byId = new Map<string, Transition>();
  for (const t of [...pending, ...transitions]) byId.set(t.id, t);
  const sent = await deps.ledger.findSentNotifications([...byId.keys()]);
  const fresh = [...byId.values()].filter((t) => !sent.has(t.id));
  const ephi = deps.ephiScope
    ? await deps.ephiScope([...new Set(fresh.map((t) => t.subjectKey))])
    : undefined;
  const messages = planMessages(fresh, deps.routing, {
    ...(deps.stormThreshold !== undefined ? { stormThreshold: deps.stormThreshold } : {}),
    ...(ephi ? { ephi } : {}),
  });
  const result: NotifyResult = {
    messages,
    sent: 0,
    alreadySent: byId.size - fresh.length,
    pending: 0,
    failed: [],
  };
  const notifier = deps.notifier;
  if (!notifier) return result;
  const pendingIds = new Set(pending.map((t) => t.id));
  for (const m of messages) {
    const items = m.transitionIds.map((id) => byId.get(id)!);
    try {
      await deliver(m, { ledger: deps.ledger, notifier });
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
  return destinationFor(routing, e.subject.accountId);
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
    id: e.id,
    at: e.at,
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
  const notifier = deps.notifier;
  if (!notifier) return result;
  for (const m of messages) {
    try {
      await deliver(m, { ledger: deps.ledger, notifier });
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

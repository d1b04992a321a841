import { UsageError } from '../core/ports/errors';
import type { EvidenceStore } from '../core/ports/evidence-store';
import type { NotificationLedger, Notifier } from '../core/ports/notifier';
import { type EvidenceConfig, SlackWebhookUrlSchema } from '../core/usecases/config';
import {
  type NotifyResult,
  notifyNotable,
  notifyTransitions,
  type SlackRouting,
} from '../core/usecases/notify';
import type { NotableEntry, Transition } from '../evidence-schemas';

export interface SlackOptions {
  slackWebhook?: string;
}

/** Drift notifications as a command sends them, with the routing in force. */
export interface SlackNotifications {
  /** undefined when nothing is configured: messages are then only composed, never sent */
  readonly routing: SlackRouting | undefined;
  /** Sends the transitions (and anything left pending by earlier runs); undeliverable ones stay pending. */
  announce(transitions: Transition[]): Promise<NotifyResult>;
  /** Sends one message per notable event not sent before (core/domain/notable.ts); none are kept pending. */
  announceNotable(entries: NotableEntry[]): Promise<NotifyResult>;
}

/**
 * The Slack routing the CLI uses: --slack-webhook, else SLACK_WEBHOOK_URL, else the configuration
 * file's default, plus the file's routes. Undefined when nothing is configured.
 */
export function slackRouting(
  config: EvidenceConfig,
  opts: SlackOptions,
  env = process.env,
): SlackRouting | undefined {
  const url = opts.slackWebhook ?? env.SLACK_WEBHOOK_URL ?? config.slack.webhookUrl;
  if (url !== undefined && !SlackWebhookUrlSchema.safeParse(url).success) {
    // the URL is a secret: say where it came from, never what it is
    const source = opts.slackWebhook
      ? '--slack-webhook'
      : env.SLACK_WEBHOOK_URL
        ? 'SLACK_WEBHOOK_URL'
        : 'slack.webhookUrl';
    throw new UsageError(`${source} is not an https Slack webhook URL`);
  }
  if (url === undefined && config.slack.routes.length === 0) return undefined;
  return { ...(url ? { webhookUrl: url } : {}), routes: config.slack.routes };
}

export const recurrenceWindowMs = (config: EvidenceConfig) => config.slack.recurrenceWindowDays * 86_400_000;

/**
 * The subjects in ePHI scope among these, by their chain heads' scope (what the drift function reads
 * from the head's stream image).
 */
export function ephiScopeOfHeads(heads: Pick<EvidenceStore, 'getHeads'>) {
  return async (subjectKeys: string[]): Promise<ReadonlySet<string>> => {
    if (subjectKeys.length === 0) return new Set();
    const found = await heads.getHeads(subjectKeys);
    return new Set([...found.values()].filter((h) => h.ephi?.inScope === true).map((h) => h.subjectKey));
  };
}

/**
 * Notifications routed by `slackRouting` (so a bad webhook URL is a UsageError here), sent through
 * `notifier` and recorded in `ledger`, so a transition is announced once; with `heads`, a message
 * says when its resource is in ePHI scope.
 */
export function slackNotifications(
  ports: { ledger: NotificationLedger; notifier: () => Notifier; heads?: Pick<EvidenceStore, 'getHeads'> },
  config: EvidenceConfig,
  opts: SlackOptions,
): SlackNotifications {
  const routing = slackRouting(config, opts);
  return {
    routing,
    announce: (transitions) =>
      notifyTransitions(transitions, {
        ...(routing ? { notifier: ports.notifier() } : {}),
        ledger: ports.ledger,
        routing: routing ?? {},
        stormThreshold: config.slack.stormThreshold,
        onFailure: 'pending',
        ...(ports.heads ? { ephiScope: ephiScopeOfHeads(ports.heads) } : {}),
      }),
    announceNotable: (entries) =>
      notifyNotable(entries, {
        ...(routing ? { notifier: ports.notifier() } : {}),
        ledger: ports.ledger,
        routing: routing ?? {},
      }),
  };
}

export function notificationSummary(r: NotifyResult) {
  return { messages: r.messages.length, sent: r.sent, alreadySent: r.alreadySent, pending: r.pending };
}

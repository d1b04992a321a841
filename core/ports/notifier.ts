import type { Transition } from '../../evidence-schemas';
import type { SlackMessage } from '../domain/slack-message';

/** Delivers one message to one destination (a Slack incoming webhook URL). */
export interface Notifier {
  send(destination: string, message: SlackMessage): Promise<void>;
}

/** A notification that could not be delivered after every retry. */
export class NotificationDeliveryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'NotificationDeliveryError';
  }
}

/** What was sent, so redelivered and replayed transitions are announced once, and what is pending. */
export interface NotificationLedger {
  findSentNotifications(ids: string[]): Promise<Set<string>>;
  markNotificationsSent(ids: string[]): Promise<void>;
  savePendingNotifications(transitions: Transition[]): Promise<void>;
  listPendingNotifications(): Promise<Transition[]>;
  deletePendingNotifications(ids: string[]): Promise<void>;
}

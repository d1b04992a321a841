import { IncomingWebhook, IncomingWebhookHTTPError } from '@slack/webhook';
import type { SlackMessage } from '../domain/slack-message';
import { NotificationDeliveryError, type Notifier } from '../ports/notifier';

export interface SlackNotifierOptions {
  /** tries per message, the first included (default 4) */
  attempts?: number;
  /** first back-off after a 5xx or network error, doubled each time (default 500 ms) */
  baseDelayMs?: number;
  /** longest wait honoured from a Retry-After header (default 60 s) */
  maxRetryAfterMs?: number;
  /** per-request timeout (default 10 s) */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Sends through Slack's official `@slack/webhook` client. On 429 it waits as long as Retry-After says,
 * on 5xx or a network failure it backs off exponentially; after the last attempt it throws
 * NotificationDeliveryError so the caller keeps the notification pending. The webhook URL (a secret)
 * is never logged or put in an error message.
 */
export class SlackWebhookNotifier implements Notifier {
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: SlackNotifierOptions = {}) {
    this.attempts = options.attempts ?? 4;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  async send(destination: string, message: SlackMessage): Promise<void> {
    let retryAfter: string | null = null;
    // the client does not expose response headers; a fetch wrapper reads Retry-After for it
    const fetchWithHeaders: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      retryAfter = response.headers.get('retry-after');
      return response;
    };
    const webhook = new IncomingWebhook(destination, {
      fetch: fetchWithHeaders,
      timeout: this.timeoutMs,
      retryConfig: { retries: 0 },
    });
    let lastStatus: number | undefined;
    for (let attempt = 1; ; attempt++) {
      retryAfter = null;
      try {
        await webhook.send(message);
        return;
      } catch (error) {
        const http = httpErrorOf(error);
        lastStatus = http?.statusCode;
        const retryable = !http || http.statusCode === 429 || http.statusCode >= 500;
        if (!retryable || attempt >= this.attempts) {
          throw new NotificationDeliveryError(
            `Slack webhook delivery failed after ${attempt} attempt(s): ${http ? `HTTP ${http.statusCode}` : 'no response'}`,
            lastStatus,
            { cause: error },
          );
        }
        const wait =
          http?.statusCode === 429 && retryAfter !== null
            ? Math.min(this.maxRetryAfterMs, Math.max(0, Number(retryAfter) * 1000) || 0)
            : this.baseDelayMs * 2 ** (attempt - 1);
        await this.sleep(wait);
      }
    }
  }
}

function httpErrorOf(error: unknown): IncomingWebhookHTTPError | undefined {
  if (error instanceof IncomingWebhookHTTPError) return error;
  // p-retry's AbortError keeps the original error
  const original = (error as { originalError?: unknown } | undefined)?.originalError;
  return original instanceof IncomingWebhookHTTPError ? original : undefined;
}

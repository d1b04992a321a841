import { consoleSignIn } from '../../cli/demo/events';
import type { ParseOutcome } from '../../core/domain/normalize';
import { parseEvent } from '../../core/domain/normalize';
import type { RedactionPolicy } from '../../core/domain/redact';
import type { EvidenceStore, StoredQuarantineItem } from '../../core/ports/evidence-store';
import { logGroupItem, operator, where } from './events';

/**
 * The parser as it was before it knew one EventBridge detail-type: the realistic "code fixed since" case.
 * Inputs quarantined through it are valid for today's parser, so a redrive can resolve them honestly.
 */
export function parserWithout(detailType: string) {
  return (raw: unknown, policy: RedactionPolicy): ParseOutcome => {
    if (typeof raw === 'object' && raw !== null && 'detail-type' in raw && raw['detail-type'] === detailType)
      return { kind: 'invalid', reason: `unsupported EventBridge detail-type "${detailType}"` };
    return parseEvent(raw, policy);
  };
}

export const parserWithoutSignIns = parserWithout('AWS Console Sign In via CloudTrail');

export const signIn = (time: string, mfa = false) => consoleSignIn(where, time, operator, { mfa });

/**
 * An SNS notification (the HTTP/SQS delivery format of SNS without raw message delivery) wrapping a
 * Config item change: what arrives when a Config topic is subscribed directly. No parser supports it.
 */
export function snsWrapped(message: unknown, messageId = '6f1e3c1a-8b1d-4d2e-9f3a-2c6a1b7d0e11') {
  return {
    Type: 'Notification',
    MessageId: messageId,
    TopicArn: `arn:aws:sns:${where.region}:${where.account}:config-topic`,
    Subject: '[AWS Config:eu-west-1] AWS::Logs::LogGroup /app/x Updated in Account 444455556666',
    Message: JSON.stringify(message),
    Timestamp: '2026-10-01T00:00:01.000Z',
    SignatureVersion: '1',
    Signature: 'RXhhbXBsZVNpZ25hdHVyZQ==',
    SigningCertURL: `https://sns.${where.region}.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem`,
    UnsubscribeURL: `https://sns.${where.region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:${where.region}:${where.account}:config-topic:1`,
  };
}

/** An SNS-wrapped Config item change whose configuration makes the input larger than a quarantined item keeps. */
export function oversizedSns() {
  const item = logGroupItem('/app/huge', '2026-10-01T00:00:00.000Z', 30);
  return snsWrapped({ ...item, padding: 'x'.repeat(300_000) }, '0b9e7f52-3c55-4f0a-a1d4-5e2f9c8b7a60');
}

export async function quarantined(store: EvidenceStore): Promise<StoredQuarantineItem[]> {
  const out: StoredQuarantineItem[] = [];
  for await (const q of store.listQuarantine()) out.push(q);
  return out.sort((a, b) => a.recordedAt.localeCompare(b.recordedAt) || a.origin.localeCompare(b.origin));
}

/**
 * The Slack message of one notable event (core/domain/notable.ts): what happened, who, from where, when,
 * the outcome, the subject, the citations it bears on and the evidence id. A finding to review, never
 * a posture change, so it says so. Pure; like the transition messages it carries no tag values or
 * data contents.
 */
import type { KnownBlock } from '@slack/types';
import type { NotableEntry, NotableKind } from '../../evidence-schemas';
import { CITATIONS } from './catalog';
import { outcomeText } from './notable';
import { escapeMrkdwn, type SlackMessage } from './slack-message';

const LABEL: Record<NotableKind, string> = {
  'root-sign-in': ':warning: Root user sign-in',
  'console-sign-in-without-mfa': ':warning: Console sign-in without MFA',
  'denied-attempt': ':no_entry: Denied attempt',
  'access-key-created': ':key: Access key created',
  'login-profile-created': ':key: Console password created',
  'policy-attached': ':key: Policy attached',
  'mfa-removed': ':warning: MFA device removed',
};

/** "164.308(a)(1)(ii)(D) Information system activity review; ..." */
function citationsText(e: NotableEntry): string {
  return e.citations.map((c) => `${c}${CITATIONS[c] ? ` ${CITATIONS[c].title}` : ''}`).join('; ');
}

/** One message for one notable event. */
export function notableMessage(e: NotableEntry): SlackMessage {
  const label = LABEL[e.kind];
  const from = e.sourceIpAddress ? ` from ${e.sourceIpAddress}` : '';
  const subject = `${e.subject.resourceType} ${e.subject.resourceId} in ${e.subject.accountId}/${e.subject.region}`;
  const text = `${label.replace(/^:[a-z_]+: /, '')} (to review, not a posture change): ${e.what}, ${outcomeText(e)}, at ${e.at} by ${e.who}${from}, on ${subject}. Bears on ${e.citations.join(', ')}. Evidence ${e.evidenceId}.`;
  const x = escapeMrkdwn;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: label.replace(/^:[a-z_]+: /, ''), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: `${label} *${x(e.what)}*: ${x(outcomeText(e))}` } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Who*\n${x(e.who)}` },
        { type: 'mrkdwn', text: `*From*\n${x(e.sourceIpAddress ?? 'not recorded')}` },
        { type: 'mrkdwn', text: `*When*\n${x(e.at)}` },
        { type: 'mrkdwn', text: `*On*\n${x(subject)}` },
      ],
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `A finding to review (information system activity review), not a posture change. ${x(citationsText(e))}. Evidence \`${x(e.evidenceId)}\``,
        },
      ],
    },
  ];
  return { text, blocks };
}

/**
 * Slack Block Kit messages for posture transitions. Pure. A message carries what someone needs to act:
 * state, control and citations, the resource, what changed, who changed it and when, the evidence id
 * and hash prefix, and a console link. It never carries tag values or data contents: nothing that
 * could be PHI.
 */
import type { KnownBlock } from '@slack/types';
import type { Transition } from '../../evidence-schemas';
import { controlById } from './catalog';
import { COVERAGE_CONTROL_TYPE } from './coverage-facts';

export interface SlackMessage {
  /** plain-text fallback, shown in notifications and by clients without Block Kit */
  text: string;
  blocks: KnownBlock[];
}

const LABEL: Record<Transition['state'], string> = {
  new: ':red_circle: New finding',
  regressed: ':red_circle: Drift: regressed',
  recurring: ':rotating_light: Drift: recurring',
  resolved: ':large_green_circle: Resolved',
};

/** Slack mrkdwn needs &, < and > escaped; everything else is shown as it is. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** AWS Config's resource timeline: one console page that works for every resource type. */
export function consoleLink(t: Transition): string {
  const region = t.subject.region === 'global' ? 'us-east-1' : t.subject.region;
  const host = region.startsWith('us-gov-')
    ? 'console.amazonaws-us-gov.com'
    : region.startsWith('cn-')
      ? 'console.amazonaws.cn'
      : 'console.aws.amazon.com';
  const id = encodeURIComponent(t.subject.resourceId);
  const type = encodeURIComponent(t.subject.resourceType);
  return `https://${region}.${host}/config/home?region=${region}#/resources/timeline?resourceId=${id}&resourceType=${type}`;
}

export function durationText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} min`;
  const hours = ms / 3_600_000;
  return hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} days`;
}

/** Evidence this project produces (coverage, attestations) has no AWS resource and no console page. */
function isSynthetic(t: Transition): boolean {
  return t.subject.resourceType.startsWith('HIPAA::');
}

function who(t: Transition): string {
  if (t.subject.resourceType === COVERAGE_CONTROL_TYPE)
    return 'the evidence coverage check (evidence stopped arriving; no person acted)';
  if (t.actor?.principalArn) return `${t.actor.principalArn} (${t.actor.principalType})`;
  if (t.actor) return t.actor.principalType;
  return 'AWS Config evaluation (no CloudTrail principal)';
}

function titleOf(t: Transition): { title: string; citations: string } {
  const control = controlById(t.controlId);
  const base = control?.title ?? `AWS Config rule ${t.controlId.replace(/^config-rule:/, '')}`;
  return {
    // a coverage subject reports on the evidence of a control, not on the control's resources
    title: t.subject.resourceType === COVERAGE_CONTROL_TYPE ? `Evidence coverage of "${base}"` : base,
    citations: control ? control.citations.join(', ') : 'no HIPAA citation mapped',
  };
}

/** One message for one transition. */
export function transitionMessage(t: Transition): SlackMessage {
  const { title, citations } = titleOf(t);
  const resource = `${t.subject.resourceType} ${t.subject.resourceId}`;
  const remediated = t.timeToRemediateMs !== undefined ? ` after ${durationText(t.timeToRemediateMs)}` : '';
  const text = `${LABEL[t.state].replace(/^:[a-z_]+: /, '')}${remediated}: ${title} (${citations}) on ${resource} in ${t.subject.accountId}/${t.subject.region}: ${t.from} -> ${t.to} at ${t.at} by ${who(t)}. Evidence ${t.evidenceId} (hash ${t.recordHash.slice(0, 12)}).`;
  const e = escapeMrkdwn;
  return {
    text,
    blocks: [
      {
        type: 'header',
        text: {
          type: 'plain_text',
          text: `${LABEL[t.state]}${remediated}: ${title}`.slice(0, 150),
          emoji: true,
        },
      },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Control*\n\`${e(t.controlId)}\`\n${e(citations)}` },
          {
            type: 'mrkdwn',
            text: `*Resource*\n${e(t.subject.resourceType)}\n\`${e(t.subject.resourceId)}\``,
          },
          { type: 'mrkdwn', text: `*Account / region*\n${e(t.subject.accountId)} / ${e(t.subject.region)}` },
          { type: 'mrkdwn', text: `*Change*\n${t.from} → ${t.to}` },
          { type: 'mrkdwn', text: `*Who*\n${e(who(t))}` },
          { type: 'mrkdwn', text: `*When*\n${e(t.at)}` },
        ],
      },
      { type: 'section', text: { type: 'mrkdwn', text: `*Why*\n${e(t.reason)}` } },
      ...(isSynthetic(t)
        ? []
        : [
            {
              type: 'actions' as const,
              elements: [
                {
                  type: 'button' as const,
                  text: { type: 'plain_text' as const, text: 'Open in AWS Console' },
                  url: consoleLink(t),
                },
              ],
            },
          ]),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `Evidence \`${t.evidenceId}\` · record hash \`${t.recordHash.slice(0, 12)}…\``,
          },
        ],
      },
    ],
  };
}

/** One message for a storm: many transitions in the same minute. */
export function digestMessage(transitions: Transition[], maxLines = 25): SlackMessage {
  const lines = transitions.map((t) => {
    const { title } = titleOf(t);
    return `${t.state.toUpperCase()} ${t.controlId} (${title}) on ${t.subject.resourceType} ${t.subject.resourceId} in ${t.subject.accountId}/${t.subject.region} at ${t.at} by ${t.actor?.principalArn ?? 'AWS Config'} [${t.evidenceId}]`;
  });
  const shown = lines.slice(0, maxLines);
  const more = lines.length > maxLines ? `\n…and ${lines.length - maxLines} more` : '';
  const first = transitions[0]?.at.slice(0, 16) ?? '';
  return {
    text: `${transitions.length} posture changes within a minute (${first}): ${lines.join('; ')}`,
    blocks: [
      {
        type: 'header',
        text: {
          type: 'plain_text',
          text: `:warning: ${transitions.length} posture changes within a minute`,
          emoji: true,
        },
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${shown.map((l) => `• ${escapeMrkdwn(l)}`).join('\n')}${more}`.slice(0, 2900),
        },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `Minute starting ${escapeMrkdwn(first)} UTC · run \`evidence status\` for details`,
          },
        ],
      },
    ],
  };
}

/**
 * Slack Block Kit messages for posture transitions. Pure. A message reads as the on-call engineer
 * needs it: a short headline (what, where, whether the resource holds ePHI), then who and when, why,
 * the one-line fix, and the evidence id with its hash prefix (and a console link for an AWS resource).
 * The text fallback says the same as the blocks, line for line. A message never carries tag values
 * or data contents: nothing that could be PHI.
 */
import type { KnownBlock } from '@slack/types';
import type { Transition } from '../../evidence-schemas';
import { producedBy } from './actor';
import { controlById } from './catalog';
import { COVERAGE_COLLECTOR_TYPE, COVERAGE_CONTROL_TYPE } from './coverage-facts';
import { subjectKind } from './subject-kind';

/** The body POSTed to an incoming webhook. */
export interface SlackMessage {
  /** plain-text fallback, shown in notifications and by clients without Block Kit */
  text: string;
  blocks: KnownBlock[];
}

/** What a message needs beyond the transitions themselves. */
export interface MessageContext {
  /** keys of the subjects in ePHI scope (the chain head's scope when the transition was made) */
  ephi?: ReadonlySet<string>;
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

/** A duration as people say it: minutes, hours or days. */
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

/** Who or what produced the record, in the words every output uses (core/domain/actor.ts). */
export function whoOf(t: Transition): string {
  if (t.producedBy) return t.producedBy;
  if (t.sourceKind)
    return producedBy({ source: { kind: t.sourceKind }, ...(t.actor ? { actor: t.actor } : {}) });
  // a transition written before the source was recorded names at most its principal
  return t.actor?.principalArn ?? t.actor?.principalType ?? 'not recorded';
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

/**
 * The one-line fix for a transition, or undefined when there is nothing to fix (a resolution). Collection
 * health is fixed in the pipeline, not on the control's resources; everything else by the control's
 * remediation.
 */
export function fixOf(t: Transition): string | undefined {
  if (t.state === 'resolved') return undefined;
  if (t.subject.resourceType === COVERAGE_COLLECTOR_TYPE)
    return `Let the sweep role call ${t.subject.resourceId} again (look for a deny in an SCP, a permission boundary or the role's policy); the next sweep closes the gap.`;
  if (t.subject.resourceType === COVERAGE_CONTROL_TYPE)
    return 'Find out why evidence stopped arriving (the sweep schedule and role, the Config recorder, the EventBridge rules); fresh evidence closes the gap.';
  const control = controlById(t.controlId);
  if (control?.remediation) return control.remediation;
  return `Fix what AWS Config rule ${t.controlId.replace(/^config-rule:/, '')} reports, then re-evaluate the rule.`;
}

function inEphi(t: Transition, ctx: MessageContext): boolean {
  return ctx.ephi?.has(t.subjectKey) === true;
}

const plain = (label: string) => label.replace(/^:[a-z_]+: /, '');
const evidenceOf = (t: Transition) => `${t.evidenceId} (record hash ${t.recordHash.slice(0, 12)})`;
const distinct = <T>(values: T[]) => [...new Set(values)];

/** One message for one transition. */
export function transitionMessage(t: Transition, ctx: MessageContext = {}): SlackMessage {
  const { title, citations } = titleOf(t);
  const ephi = inEphi(t, ctx);
  const remediated = t.timeToRemediateMs !== undefined ? ` after ${durationText(t.timeToRemediateMs)}` : '';
  const resource = `${t.subject.resourceType} ${t.subject.resourceId}${ephi ? ' (ePHI)' : ''}`;
  const fix = fixOf(t);
  const text = [
    `${plain(LABEL[t.state])}${remediated}: ${title} (${citations}) on ${resource} in ${t.subject.accountId}/${t.subject.region}`,
    `${t.controlId}: ${t.from} -> ${t.to} at ${t.at} by ${whoOf(t)}`,
    `Why: ${t.reason}`,
    ...(fix ? [`Fix: ${fix}`] : []),
    `Evidence ${evidenceOf(t)}`,
  ].join('\n');
  const e = escapeMrkdwn;
  return {
    text,
    blocks: [
      header(`${LABEL[t.state]}${remediated}: ${title}${ephi ? ' · ePHI' : ''}`),
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Control*\n\`${e(t.controlId)}\`\n${e(citations)}` },
          {
            type: 'mrkdwn',
            text: `*Resource*${ephi ? ' · *ePHI*' : ''}\n${e(t.subject.resourceType)}\n\`${e(t.subject.resourceId)}\``,
          },
          { type: 'mrkdwn', text: `*Account / region*\n${e(t.subject.accountId)} / ${e(t.subject.region)}` },
          { type: 'mrkdwn', text: `*Change*\n${t.from} → ${t.to}` },
          { type: 'mrkdwn', text: `*Who*\n${e(whoOf(t))}` },
          { type: 'mrkdwn', text: `*When*\n${e(t.at)}` },
        ],
      },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*Why*\n${e(t.reason)}${fix ? `\n*Fix*\n${e(fix)}` : ''}` },
      },
      ...(isSynthetic(t) ? [] : [consoleButton(t)]),
      evidenceContext(`Evidence \`${t.evidenceId}\` · record hash \`${t.recordHash.slice(0, 12)}…\``),
    ],
  };
}

/**
 * One message for the transitions of one cause (core/domain/slack-causes.ts): the controls affected,
 * each with its change and why, the fixes once each, and every evidence id. One transition is the
 * message of `transitionMessage`.
 */
export function causeMessage(
  transitions: Transition[],
  ctx: MessageContext = {},
  maxLines = 25,
): SlackMessage {
  const [first] = transitions;
  if (!first) throw new RangeError('a message needs at least one transition');
  if (transitions.length === 1) return transitionMessage(first, ctx);
  const last = transitions[transitions.length - 1] ?? first;
  const lead = transitions.find((t) => t.state !== 'resolved') ?? first;
  const resolved = lead.state === 'resolved';
  const controls = distinct(transitions.map((t) => t.controlId));
  const subjects = distinct(transitions.map((t) => t.subjectKey));
  const oneSubject = subjects.length === 1;
  const ephi = transitions.some((t) => inEphi(t, ctx));
  const regions = distinct(transitions.map((t) => t.subject.region)).join('+');
  const collection = transitions.every((t) => subjectKind(t.subject.resourceType) === 'collection');
  // the calls the sweep could not make are the cause the on-call engineer fixes
  const failedCalls = distinct(
    transitions
      .filter((t) => t.subject.resourceType === COVERAGE_COLLECTOR_TYPE)
      .map((t) => t.subject.resourceId),
  );
  const label = !collection
    ? LABEL[lead.state]
    : resolved
      ? ':large_green_circle: Collection restored'
      : ':warning: Collection gap';
  const cause =
    failedCalls.length > 0 && !resolved ? `the sweep could not call ${failedCalls.join(', ')}; ` : '';
  const what = collection
    ? `${cause}${controls.length} controls ${resolved ? 'evidenced again' : 'without evidence'} (${controls.join(', ')})`
    : `${controls.length} controls (${controls.join(', ')})`;
  const on = oneSubject ? ` on ${first.subject.resourceType} ${first.subject.resourceId}` : '';
  const where = `${first.subject.accountId}/${regions}`;
  const when = last.at === first.at ? first.at : `${first.at} to ${last.at}`;
  const who = distinct(transitions.map(whoOf)).join(', ');
  const items = transitions.map((t) => {
    const subject = oneSubject
      ? ''
      : ` on ${t.subject.resourceType} ${t.subject.resourceId}${inEphi(t, ctx) ? ' (ePHI)' : ''}`;
    return `${t.controlId} (${titleOf(t).citations})${subject}: ${t.from} -> ${t.to}: ${t.reason}`;
  });
  // a failed call explains the coverage it broke: its fix is the one to give
  const fixes = distinct(
    transitions
      .filter((t) => failedCalls.length === 0 || t.subject.resourceType !== COVERAGE_CONTROL_TYPE)
      .map(fixOf)
      .filter((f): f is string => f !== undefined),
  );
  const records = transitions.filter(
    (t, i) => transitions.findIndex((o) => o.evidenceId === t.evidenceId) === i,
  );
  const shown = items.slice(0, maxLines);
  const more = items.length > shown.length ? [`…and ${items.length - shown.length} more`] : [];
  const text = [
    `${plain(label)}: ${what}${on}${ephi ? ' (ePHI)' : ''} in ${where}`,
    `${when} by ${who}`,
    ...[...shown, ...more].map((l) => `- ${l}`),
    ...fixes.map((f) => `Fix: ${f}`),
    `Evidence ${records.map(evidenceOf).join(', ')}`,
  ].join('\n');
  const e = escapeMrkdwn;
  const bullets = (lines: string[]) => lines.map((l) => `• ${e(l)}`).join('\n');
  return {
    text,
    blocks: [
      header(`${label}: ${what}${ephi ? ' · ePHI' : ''}`),
      {
        type: 'section',
        fields: [
          {
            type: 'mrkdwn',
            text: `*Where*${ephi ? ' · *ePHI*' : ''}\n${oneSubject ? `${e(first.subject.resourceType)}\n\`${e(first.subject.resourceId)}\`\n` : ''}${e(where)}`,
          },
          { type: 'mrkdwn', text: `*Who*\n${e(who)}` },
          { type: 'mrkdwn', text: `*When*\n${e(when)}` },
        ],
      },
      section(`*Controls affected*\n${bullets([...shown, ...more])}`),
      ...(fixes.length > 0 ? [section(`*Fix*\n${bullets(fixes)}`)] : []),
      ...(oneSubject && !isSynthetic(first) ? [consoleButton(first)] : []),
      evidenceContext(
        `Evidence ${records.map((t) => `\`${t.evidenceId}\` · record hash \`${t.recordHash.slice(0, 12)}…\``).join(', ')}`,
      ),
    ],
  };
}

/** One message for a storm: many messages' worth of transitions in the same minute. */
export function digestMessage(
  transitions: Transition[],
  maxLines = 25,
  ctx: MessageContext = {},
): SlackMessage {
  const lines = transitions.map((t) => {
    const { title } = titleOf(t);
    return `${t.state.toUpperCase()} ${t.controlId} (${title}) on ${t.subject.resourceType} ${t.subject.resourceId}${inEphi(t, ctx) ? ' (ePHI)' : ''} in ${t.subject.accountId}/${t.subject.region} at ${t.at} by ${whoOf(t)} [${t.evidenceId}]`;
  });
  const shown = lines.slice(0, maxLines);
  const more = lines.length > maxLines ? `\n…and ${lines.length - maxLines} more` : '';
  const first = transitions[0]?.at.slice(0, 16) ?? '';
  return {
    text: `${transitions.length} posture changes within a minute (${first}): ${lines.join('; ')}`,
    blocks: [
      header(`:warning: ${transitions.length} posture changes within a minute`),
      section(`${shown.map((l) => `• ${escapeMrkdwn(l)}`).join('\n')}${more}`),
      evidenceContext(`Minute starting ${escapeMrkdwn(first)} UTC · run \`evidence status\` for details`),
    ],
  };
}

// Slack's limits: a header's text up to 150 characters, a section's up to 3000
function header(text: string): KnownBlock {
  const short = text.length > 150 ? `${text.slice(0, 149)}…` : text;
  return { type: 'header', text: { type: 'plain_text', text: short, emoji: true } };
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 2900) } };
}

function consoleButton(t: Transition): KnownBlock {
  return {
    type: 'actions',
    elements: [
      { type: 'button', text: { type: 'plain_text', text: 'Open in AWS Console' }, url: consoleLink(t) },
    ],
  };
}

function evidenceContext(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: text.slice(0, 2900) }] };
}

/**
 * `backup-plan-retention`: AWS Backup plans back up at least daily and keep each recovery point at
 * least 35 days, the defaults of the backup-plan-min-frequency-and-min-retention-check rule
 * (requiredFrequencyValue 1, requiredFrequencyUnit days, requiredRetentionDays 35). As the rule reads it,
 * a plan complies when one of its rules does both.
 *
 * Judged from the plan's configuration item (AWS::Backup::BackupPlan: its BackupPlan's rules, spelled
 * BackupPlanRule as in the resource schema or rules as in GetBackupPlan, which the sweep's backup
 * collector records) and from CreateBackupPlan / UpdateBackupPlan calls, which carry the whole plan
 * (requestParameters.backupPlan.rules[].scheduleExpression and .lifecycle.deleteAfterDays). A rule's
 * frequency is read from its cron expression (minutes hours day-of-month month day-of-week year): a
 * schedule limited to some days, months or weekdays is less than daily; a rule without deleteAfterDays
 * keeps its recovery points until they are deleted. A plan whose only rules have schedules this reader
 * does not understand gets no verdict rather than a guess.
 *
 * Test: test/core/domain/controls/contingency/backup-plan-retention.test.ts
 * Fixtures: test/fixtures/controls/storage.ts
 */
import { field, list, num, str } from '../../facts-access';
import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { onCall, onConfig } from '../evaluator-kit';

/** The rule's defaults: a recovery point at least every 24 hours, kept at least 35 days. */
export const REQUIRED_HOURS = 24;
export const REQUIRED_RETENTION_DAYS = 35;

/** The hours of the day a cron hours field names (*, n, a-b, lists, steps), or undefined. */
function hoursOf(fieldText: string): number[] | undefined {
  const hours = new Set<number>();
  for (const part of fieldText.split(',')) {
    const m = /^(\*|\d{1,2}(?:-\d{1,2})?)(?:\/(\d{1,2}))?$/.exec(part);
    if (!m?.[1]) return undefined;
    const step = m[2] ? Number(m[2]) : 1;
    const [from, to] =
      m[1] === '*'
        ? [0, 23]
        : m[1].includes('-')
          ? m[1].split('-').map(Number)
          : [Number(m[1]), m[2] ? 23 : Number(m[1])];
    if (from === undefined || to === undefined || step < 1 || from > to || to > 23) return undefined;
    for (let h = from; h <= to; h += step) hours.add(h);
  }
  return [...hours].sort((a, b) => a - b);
}

/**
 * The longest wait between two runs of a schedule, in hours: Infinity for a schedule limited to some
 * days (it does not run every day), undefined for an expression this reader does not understand.
 */
export function longestGapHours(expression: string): number | undefined {
  const m = /^cron\(\s*(.+?)\s*\)$/.exec(expression.trim());
  const fields = m?.[1]?.split(/\s+/);
  if (fields?.length !== 6) return undefined;
  const [, hourField, dom, month, dow] = fields as [string, string, string, string, string, string];
  const everyDay = ['*', '?'].includes(dom) && ['*', '?'].includes(dow) && month === '*';
  if (!everyDay) return Number.POSITIVE_INFINITY;
  const hours = hoursOf(hourField);
  if (!hours || hours.length === 0) return undefined;
  // the gap after each run until the next, the last wrapping round to the next day's first
  return Math.max(...hours.map((h, i) => (hours[i + 1] ?? (hours[0] as number) + 24) - h));
}

/** How one backup rule stands: whether it meets both requirements, and in words. */
function judgeRule(rule: unknown): { meets: boolean | undefined; text: string } {
  const name = str(field(rule, 'ruleName')) ?? 'unnamed rule';
  const schedule = str(field(rule, 'scheduleExpression'));
  const gap = schedule ? longestGapHours(schedule) : undefined;
  const deleteAfter = num(field(rule, 'lifecycle', 'deleteAfterDays'));
  const kept =
    deleteAfter === undefined ? 'keeps recovery points until deleted' : `keeps them ${deleteAfter} days`;
  const keepsEnough = deleteAfter === undefined || deleteAfter >= REQUIRED_RETENTION_DAYS;
  if (gap === undefined)
    return {
      meets: keepsEnough ? undefined : false,
      text: `${name}: schedule ${schedule ?? 'not given'} not understood, ${kept}`,
    };
  const often = gap <= REQUIRED_HOURS;
  const every = Number.isFinite(gap) ? `runs at least every ${gap} hours` : 'does not run every day';
  return { meets: often && keepsEnough, text: `${name}: ${every}, ${kept}` };
}

/** The verdict on a plan's rules; `who` prefixes the reason. */
function judgePlan(rules: unknown[], who: string): Verdict | undefined {
  if (rules.length === 0) return nonCompliant(`${who}no backup rule`);
  const judged = rules.map(judgeRule);
  const good = judged.find((j) => j.meets === true);
  if (good) return compliant(`${who}${good.text}`);
  if (judged.some((j) => j.meets === undefined)) return undefined;
  return nonCompliant(
    `${who}no rule backs up at least daily and keeps recovery points ${REQUIRED_RETENTION_DAYS} days (${judged.map((j) => j.text).join('; ')})`,
  );
}

/** A plan's rules, as the resource schema (BackupPlanRule) or the API (Rules) spells them. */
function rulesOf(plan: unknown): unknown[] {
  return list(field(plan, 'backupPlanRule') ?? field(plan, 'rules'));
}

/** Judges `backup-plan-retention`: a verdict, or undefined when the facts do not bear on it. */
export const backupPlanRetention: Evaluator = (facts) => {
  const ci = onConfig('AWS::Backup::BackupPlan', facts);
  if (ci) {
    const plan = field(ci.configuration, 'backupPlan');
    if (plan === undefined) return undefined;
    return judgePlan(rulesOf(plan), 'the backup plan has ');
  }
  const call = onCall(facts, 'CreateBackupPlan', 'UpdateBackupPlan');
  if (call?.eventSource !== 'backup.amazonaws.com') return undefined;
  const plan = field(call.requestParameters, 'backupPlan');
  if (plan === undefined) return undefined;
  return judgePlan(rulesOf(plan), `${call.eventName}: the plan has `);
};

/** `backup-plan-retention` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'backup-plan-retention',
  title: 'AWS Backup plans back up at least daily and keep recovery points at least 35 days',
  family: 'contingency',
  citations: ['164.308(a)(7)(ii)(A)'],
  configRules: ['backup-plan-min-frequency-and-min-retention-check'],
  cloudTrailEvents: ['CreateBackupPlan', 'UpdateBackupPlan'],
  resourceTypes: ['AWS::Backup::BackupPlan'],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Give the plan a rule that runs at least daily and keeps recovery points 35 days or more (aws backup update-backup-plan).',
  evaluate: backupPlanRetention,
};

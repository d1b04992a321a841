import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import {
  control,
  longestGapHours,
} from '../../../../../core/domain/controls/contingency/backup-plan-retention';
import { observationOf } from '../../../../fixtures/builders';
import { backupCall, backupPlanFacts, backupRule } from '../../../../fixtures/controls/storage';
import { describeControl, fromFacts } from '../control-cases';

const DAILY = 'cron(0 5 ? * * *)';
const WEEKLY = 'cron(0 5 ? * SUN *)';

describeControl(control, [
  {
    name: 'plan CI with a daily rule kept 35 days',
    observation: fromFacts(backupPlanFacts([backupRule(DAILY, 35)])),
    status: 'COMPLIANT',
  },
  {
    name: 'plan CI with a daily rule that never expires',
    observation: fromFacts(backupPlanFacts([backupRule(DAILY)])),
    status: 'COMPLIANT',
  },
  {
    name: 'plan CI with a daily rule kept 7 days',
    observation: fromFacts(backupPlanFacts([backupRule(DAILY, 7)])),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'plan CI with a weekly rule kept a year',
    observation: fromFacts(backupPlanFacts([backupRule(WEEKLY, 365)])),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateBackupPlan with a twelve-hourly rule kept 35 days beside a weekly one',
    observation: fromFacts(
      backupCall(
        'CreateBackupPlan',
        {
          backupPlan: {
            backupPlanName: 'clinic-daily',
            rules: [backupRule(WEEKLY, 90), backupRule('cron(0 0/12 * * ? *)', 35)],
          },
        },
        { backupPlanId: '3a1c9b2e-7d4f-4e55-8b21-6f0d2c9a1e77', versionId: 'v1' },
      ),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'UpdateBackupPlan cutting retention to 14 days',
    observation: fromFacts(
      backupCall('UpdateBackupPlan', {
        backupPlanId: '3a1c9b2e-7d4f-4e55-8b21-6f0d2c9a1e77',
        backupPlan: { backupPlanName: 'clinic-daily', rules: [backupRule(DAILY, 14)] },
      }),
    ),
    status: 'NON_COMPLIANT',
  },
]);

describe('backup-plan-retention on facts that do not bear on it', () => {
  it.each([
    ['a plan whose only schedule is not understood', backupPlanFacts([backupRule('rate(1 day)', 35)])],
    ['a CreateBackupPlan of another service', backupCall('CreateBackupPlan', { backupPlan: { rules: [] } })],
  ])('says nothing about %s', (_name, facts) => {
    // Prepare
    const obs = observationOf(
      facts.type === 'api-call' && facts.eventName === 'CreateBackupPlan'
        ? { ...facts, eventSource: 'example.amazonaws.com' }
        : facts,
    );
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).not.toContain(control.id);
  });
});

describe('the longest gap of a backup schedule', () => {
  it.each([
    ['cron(0 5 ? * * *)', 24],
    ['cron(0 0/12 * * ? *)', 12],
    ['cron(0 * * * ? *)', 1],
    ['cron(30 1,13 ? * * *)', 12],
    ['cron(0 2,8 ? * * *)', 18],
    ['cron(0 5 ? * SUN *)', Number.POSITIVE_INFINITY],
    ['cron(0 5 1 * ? *)', Number.POSITIVE_INFINITY],
    ['rate(1 day)', undefined],
    ['cron(0 5 * *)', undefined],
  ])('%s: %s hours', (expression, hours) => {
    // Prepare / Act
    const gap = longestGapHours(expression);
    // Assess
    expect(gap).toBe(hours);
  });
});

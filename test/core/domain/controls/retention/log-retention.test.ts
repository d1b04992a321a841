import { describe, expect, it } from 'vitest';
import {
  control,
  logRetention,
  MIN_RETENTION_DAYS,
} from '../../../../../core/domain/controls/retention/log-retention';
import { apiCallFacts, configFacts, setAt } from '../../../../fixtures/builders';
import { conf, describeControl, fixture } from '../control-cases';

describeControl(control, [
  {
    name: 'log group CI keeping 2192 days',
    observation: fixture('config-ci-log-group'),
    status: 'COMPLIANT',
  },
  {
    name: 'log group CI keeping 2191 days',
    observation: fixture('config-ci-log-group', (d) => setAt(d, [...conf, 'retentionInDays'], 2191)),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'PutRetentionPolicy 2192 days',
    observation: fixture('ct-put-retention-policy'),
    status: 'COMPLIANT',
  },
  {
    name: 'PutRetentionPolicy 30 days',
    observation: fixture('ct-put-retention-policy', (d) =>
      setAt(d, ['detail', 'requestParameters', 'retentionInDays'], 30),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'DeleteRetentionPolicy (never expire)',
    observation: fixture('ct-delete-retention-policy'),
    status: 'COMPLIANT',
  },
]);

describe('log retention', () => {
  it.each([
    [MIN_RETENTION_DAYS, 'COMPLIANT'],
    [2192, 'COMPLIANT'],
    [3653, 'COMPLIANT'],
    [2191, 'NON_COMPLIANT'],
    [1, 'NON_COMPLIANT'],
    ['2192', 'COMPLIANT'],
  ] as const)('retentionInDays %s is %s', (days, status) => {
    // Prepare
    const facts = configFacts('AWS::Logs::LogGroup', { logGroupName: 'g', retentionInDays: days });
    // Act
    const verdict = logRetention(facts);
    // Assess
    expect(verdict?.status).toBe(status);
  });

  it('treats a log group without retention as never expiring', () => {
    // Prepare
    const facts = configFacts('AWS::Logs::LogGroup', { logGroupName: 'g' });
    const nulled = configFacts('AWS::Logs::LogGroup', { logGroupName: 'g', retentionInDays: null });
    // Act
    const verdicts = [logRetention(facts), logRetention(nulled)];
    // Assess
    expect(verdicts.map((v) => v?.status)).toEqual(['COMPLIANT', 'COMPLIANT']);
    expect(verdicts[0]?.reason).toContain('never expire');
  });

  it('judges PutRetentionPolicy 2191 non-compliant and 2192 compliant', () => {
    // Prepare
    const short = apiCallFacts('PutRetentionPolicy', {
      requestParameters: { logGroupName: 'g', retentionInDays: 2191 },
    });
    const enough = apiCallFacts('PutRetentionPolicy', {
      requestParameters: { logGroupName: 'g', retentionInDays: 2192 },
    });
    // Act
    const verdicts = [logRetention(short), logRetention(enough)];
    // Assess
    expect(verdicts.map((v) => v?.status)).toEqual(['NON_COMPLIANT', 'COMPLIANT']);
  });

  it('ignores other resource types, other calls and deleted resources', () => {
    // Prepare
    const volume = configFacts('AWS::EC2::Volume', { encrypted: true });
    const call = apiCallFacts('PutBucketPolicy');
    const deleted = configFacts('AWS::Logs::LogGroup', { retentionInDays: 1 }, {}, 'ResourceDeleted');
    // Act
    const verdicts = [logRetention(volume), logRetention(call), logRetention(deleted)];
    // Assess
    expect(verdicts).toEqual([undefined, undefined, undefined]);
  });
});

import { describe, expect, it } from 'vitest';
import { makeSubject } from '../../../../core/domain/normalize/subject';
import { subjectKey } from '../../../../core/domain/observation';
import {
  ACCOUNT,
  deleteAt,
  type FixtureName,
  getAt,
  loadEvent,
  observe,
  observeFixture,
  setAt,
} from '../../../fixtures/builders';
import { LOG_GROUP_ARN, S3_ARN, TRAIL_ARN } from './fixture-arns';

describe('ARNs shared by Config and CloudTrail evidence', () => {
  it('drops the trailing :* of a Config log group ARN so CloudTrail calls land on the same subject', () => {
    // Prepare
    const fromConfig = loadEvent('config-ci-log-group');
    const fromTrail = loadEvent('ct-put-retention-policy');
    // Act
    const a = observe(fromConfig).subject;
    const b = observe(fromTrail).subject;
    // Assess
    expect(getAt(fromConfig, ['detail', 'configurationItem', 'ARN'])).toMatch(/:\*$/);
    expect(a.arn).toBe(LOG_GROUP_ARN);
    expect(subjectKey(a)).toBe(subjectKey(b));
  });

  it('derives a log group ARN when Config gives none', () => {
    // Prepare
    const raw = loadEvent('config-ci-log-group');
    deleteAt(raw, ['detail', 'configurationItem', 'ARN']);
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject.arn).toBe(LOG_GROUP_ARN);
  });

  it('names a trail by ARN (StopLogging) and by name (StartLogging) as the Config CI does', () => {
    // Prepare
    const byArn = loadEvent('ct-stop-logging');
    const byName = loadEvent('ct-start-logging');
    const ci = loadEvent('config-ci-cloudtrail-trail');
    // Act
    const keys = [byArn, byName, ci].map((e) => subjectKey(observe(e).subject));
    // Assess
    expect(new Set(keys)).toEqual(new Set([TRAIL_ARN]));
  });

  it('takes the trail ARN from UpdateTrail responseElements', () => {
    // Prepare
    const raw = loadEvent('ct-update-trail');
    setAt(raw, ['detail', 'requestParameters', 'name'], 'something-else');
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject.arn).toBe(TRAIL_ARN);
    expect(obs.subject.resourceId).toBe('org-audit-trail');
  });

  it('names an S3 bucket the same way from a compliance change, a CI and a PutBucketPolicy call', () => {
    // Prepare
    const names: FixtureName[] = [
      'config-compliance-conformance-pack',
      'config-ci-s3-bucket',
      'ct-put-bucket-policy',
    ];
    // Act
    const keys = names.map((n) => subjectKey(observeFixture(n).subject));
    // Assess
    expect(keys).toEqual([S3_ARN, S3_ARN, S3_ARN]);
  });

  it('derives the account root ARN and partition-specific ARNs', () => {
    // Prepare / Act
    const root = makeSubject(ACCOUNT, 'global', 'AWS::::Account', ACCOUNT);
    const china = makeSubject(ACCOUNT, 'cn-north-1', 'AWS::S3::Bucket', 'b');
    const gov = makeSubject(ACCOUNT, 'us-gov-west-1', 'AWS::DynamoDB::Table', 't');
    const unknown = makeSubject(ACCOUNT, 'us-east-1', 'AWS::SQS::Queue', 'q');
    // Assess
    expect(root.arn).toBe(`arn:aws:iam::${ACCOUNT}:root`);
    expect(china.arn).toBe('arn:aws-cn:s3:::b');
    expect(gov.arn).toBe(`arn:aws-us-gov:dynamodb:us-gov-west-1:${ACCOUNT}:table/t`);
    expect(unknown.arn).toBeUndefined();
    expect(subjectKey(unknown)).toBe(`${ACCOUNT}/us-east-1/AWS::SQS::Queue/q`);
  });
});

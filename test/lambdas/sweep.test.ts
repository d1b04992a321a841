import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { type SweepService, sweepCollectors } from '../../core/adapters/sweep';
import { accountOfContext, sweep } from '../../lambdas/sweep';
import { ACCOUNT_ID, type FakeAws, healthyAccount, REGION, serveAccount } from '../helpers/fake-aws-account';
import { startTestStore } from '../helpers/store';

const context = { invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:evidence-sweep` };

describe('sweep handler', () => {
  let store: DynamoDbEvidenceStore;
  let dynamo: EmbeddedDynamo;
  let aws: FakeAws;

  beforeEach(async () => {
    ({ store, dynamo } = await startTestStore());
    aws = serveAccount(healthyAccount());
  });
  afterEach(async () => {
    aws.restore();
    await dynamo.close();
  });

  it('sweeps its own account (from the function ARN) and returns the summary', async () => {
    const summary = await sweep({ services: ['logs', 'kms'] }, context, {
      store,
      region: REGION,
      collectors: (services) => sweepCollectors(aws.clients, services, { reportPollMs: 1 }),
    });
    expect(summary).toMatchObject({ accountId: ACCOUNT_ID, region: REGION, gaps: [], failed: [] });
    expect(summary.stored).toBe(summary.observations);
    expect(new Set(aws.calls.map((c) => c.split(':')[0]))).toEqual(new Set(['logs', 'kms']));
  });

  it('sweeps every service on a plain scheduled event, and rejects an unknown service', async () => {
    const scheduled = {
      version: '0',
      id: 'x',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      detail: {},
    };
    const deps = {
      store,
      region: REGION,
      collectors: (services: readonly SweepService[]) =>
        sweepCollectors(aws.clients, services, { reportPollMs: 1 }),
    };
    const summary = await sweep(scheduled, context, deps);
    expect(summary.failed).toEqual([]);
    expect(new Set(aws.calls.map((c) => c.split(':')[0]))).toEqual(
      new Set([
        ...['config', 'cloudtrail', 'iam', 'logs', 'kms', 's3', 's3control', 'ec2', 'rds', 'lambda'],
        // databases
        ...['redshift', 'elasticache'],
        // stores
        ...['efs', 'sns', 'sqs', 'kinesis', 'secretsmanager', 'eks'],
        // search and machine learning
        ...['opensearch', 'sagemaker'],
        // network edge
        ...['elb', 'elbv2', 'cloudfront', 'acm', 'apigateway'],
        // storage
        ...['dynamodb', 'backup'],
        // threat detection
        ...['guardduty', 'securityhub', 'cloudwatch'],
      ]),
    );
    await expect(sweep({ services: ['route53'] }, context, deps)).rejects.toThrow(
      /sweep request is invalid: services.0/,
    );
  });

  it('fails the invocation when observations could not be stored, so it is retried and alarmed', async () => {
    const broken = Object.create(store) as DynamoDbEvidenceStore;
    broken.putRecords = async () => {
      throw new Error('ProvisionedThroughputExceededException');
    };
    await expect(
      sweep({ services: ['logs'] }, context, {
        store: broken,
        region: REGION,
        collectors: (s) => sweepCollectors(aws.clients, s),
      }),
    ).rejects.toThrow(/could not store 4 observations/);
  });

  it('refuses a function ARN without an account', () => {
    expect(() => accountOfContext({ invokedFunctionArn: 'not-an-arn' })).toThrow(/cannot read the account/);
  });
});

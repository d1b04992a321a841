import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DynamoDbEvidenceStore } from '../../lambdas/adapters/dynamodb-store';
import type { EmbeddedDynamo } from '../../lambdas/adapters/embedded-store';
import { sweepCollectors } from '../../lambdas/adapters/sweep';
import { accountOfContext, sweep } from '../../lambdas/handlers/sweep';
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
    const summary = await sweep(context, {
      store,
      region: REGION,
      collectors: sweepCollectors(aws.clients, ['logs', 'kms'], { reportPollMs: 1 }),
    });
    expect(summary).toMatchObject({ accountId: ACCOUNT_ID, region: REGION, gaps: [], failed: [] });
    expect(summary.stored).toBe(summary.observations);
  });

  it('fails the invocation when observations could not be stored, so it is retried and alarmed', async () => {
    const broken = Object.create(store) as DynamoDbEvidenceStore;
    broken.putRecords = async () => {
      throw new Error('ProvisionedThroughputExceededException');
    };
    await expect(
      sweep(context, { store: broken, region: REGION, collectors: sweepCollectors(aws.clients, ['logs']) }),
    ).rejects.toThrow(/could not store 4 observations/);
  });

  it('refuses a function ARN without an account', () => {
    expect(() => accountOfContext({ invokedFunctionArn: 'not-an-arn' })).toThrow(/cannot read the account/);
  });
});

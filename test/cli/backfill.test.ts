import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigServiceClient,
  GetResourceConfigHistoryCommand,
  ListDiscoveredResourcesCommand,
  type ResourceType,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setSweepClientFactory } from '../../cli/composition';
import { createSweepClients } from '../../core/adapters/sweep';
import { run } from '../helpers/run-cli';
import { unwrappedOutput } from '../helpers/text';

unwrappedOutput();

const ACCOUNT = '111122223333';
const config = mockClient(ConfigServiceClient);
// Config records log groups; the SDK's ResourceType union does not list every type Config records
const LOG_GROUP = 'AWS::Logs::LogGroup' as ResourceType;

/** A log group's configuration item as GetResourceConfigHistory returns it (configuration as text). */
const item = (name: string, day: string, retentionInDays: number) => ({
  version: '1.3',
  accountId: ACCOUNT,
  configurationItemCaptureTime: new Date(`${day}T06:00:00Z`),
  configurationItemStatus: 'OK' as const,
  configurationStateId: String(Date.parse(day)),
  resourceType: LOG_GROUP,
  resourceId: name,
  resourceName: name,
  arn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${name}:*`,
  awsRegion: 'us-east-1',
  configuration: JSON.stringify({ logGroupName: name, retentionInDays }),
  supplementaryConfiguration: {},
  tags: {},
});

describe('evidence backfill', () => {
  let dir: string;
  let restore: () => void;
  const backfill = (...args: string[]) =>
    run('backfill', '--json', '--data-dir', join(dir, 'data'), '--region', 'us-east-1', ...args);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-backfill-'));
    restore = setSweepClientFactory((o) => createSweepClients({ ...o, maxAttempts: 1 }));
    config
      .on(ListDiscoveredResourcesCommand, { resourceType: LOG_GROUP })
      .resolves({ resourceIdentifiers: [{ resourceId: '/ehr/app' }, { resourceId: '/ehr/audit' }] });
    config
      .on(GetResourceConfigHistoryCommand, { resourceId: '/ehr/app' })
      .callsFake((input: { nextToken?: string }) =>
        input.nextToken === 'p2'
          ? { configurationItems: [item('/ehr/app', '2024-09-01', 2192)] }
          : { configurationItems: [item('/ehr/app', '2024-03-01', 30)], nextToken: 'p2' },
      );
    config
      .on(GetResourceConfigHistoryCommand, { resourceId: '/ehr/audit' })
      .resolves({ configurationItems: [item('/ehr/audit', '2024-05-01', 3653)] });
  });
  afterEach(() => {
    restore();
    config.reset();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the history dated by capture time, so status answers for past dates; a re-run resumes and adds nothing', async () => {
    // Act
    const first = await backfill('--since', '2024-01-01', '--resource-types', 'AWS::Logs::LogGroup');
    const again = await backfill('--since', '2024-01-01', '--resource-types', 'AWS::Logs::LogGroup');
    const restarted = await backfill(
      '--since',
      '2024-01-01',
      '--resource-types',
      'AWS::Logs::LogGroup',
      '--restart',
    );
    const at = (time: string) => run('status', '--json', '--data-dir', join(dir, 'data'), '--at', time);
    const spring = JSON.parse((await at('2024-04-01T00:00:00Z')).stdout);
    const autumn = JSON.parse((await at('2024-10-01T00:00:00Z')).stdout);

    // Assess
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      resources: 2,
      resumed: 0,
      items: 3,
      stored: 3,
      unread: [],
    });
    expect(JSON.parse(again.stdout)).toMatchObject({ resources: 2, resumed: 2, items: 0, stored: 0 });
    expect(JSON.parse(restarted.stdout)).toMatchObject({ resumed: 0, items: 3, stored: 0, duplicates: 3 });
    const app = (report: {
      controls: { controlId: string; resources: { status: string; subject: { resourceId: string } }[] }[];
    }) =>
      report.controls
        .find((c) => c.controlId === 'log-retention')
        ?.resources.find((r) => r.subject.resourceId === '/ehr/app')?.status;
    expect(app(spring)).toBe('NON_COMPLIANT');
    expect(app(autumn)).toBe('COMPLIANT');
    // the history was read forward from the date asked, for the type asked
    const asked = config.commandCalls(GetResourceConfigHistoryCommand)[0]!.args[0].input;
    expect(asked).toMatchObject({ resourceType: 'AWS::Logs::LogGroup', chronologicalOrder: 'Forward' });
    expect(asked.earlierTime).toEqual(new Date('2024-01-01T00:00:00.000Z'));
  });

  it('goes on past a resource it cannot read, says so, and reads only that one on the next run', async () => {
    // Prepare: the audit log group's history is denied once
    config
      .on(GetResourceConfigHistoryCommand, { resourceId: '/ehr/audit' })
      .rejectsOnce(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }))
      .resolves({ configurationItems: [item('/ehr/audit', '2024-05-01', 3653)] });

    // Act
    const first = await backfill('--since', '2024-01-01', '--resource-types', 'AWS::Logs::LogGroup');
    const second = await backfill('--since', '2024-01-01', '--resource-types', 'AWS::Logs::LogGroup');

    // Assess
    expect(first.code).not.toBe(0);
    expect(JSON.parse(first.stdout).unread).toEqual([
      { resource: 'AWS::Logs::LogGroup//ehr/audit', error: 'User is not authorized' },
    ]);
    expect(JSON.parse(second.stdout)).toMatchObject({ resumed: 1, items: 1, stored: 1, unread: [] });
    expect(second.code).toBe(0);
    expect(existsSync(JSON.parse(second.stdout).state)).toBe(true);
  });

  it('refuses a date that is not one, and a type the catalog does not judge, naming them', async () => {
    // Act
    const badDate = await backfill('--since', '2024-02-30');
    const badType = await backfill('--since', '2024-01-01', '--resource-types', 'AWS::Foo::Bar');

    // Assess
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--since is not a valid date or time: 2024-02-30');
    expect(badType.code).toBe(2);
    expect(badType.stderr).toContain('--resource-types: AWS::Foo::Bar is not a type the catalog judges');
    expect(config.commandCalls(ListDiscoveredResourcesCommand)).toHaveLength(0);
  });
});

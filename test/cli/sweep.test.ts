import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setSweepClientFactory } from '../../cli/composition';
import { type FakeAccount, type FakeAws, healthyAccount, serveAccount } from '../helpers/fake-aws-account';
import { FakeSlack } from '../helpers/fake-slack';
import { run } from '../helpers/run-cli';
import { unwrappedOutput } from '../helpers/text';

unwrappedOutput();

describe('evidence sweep', () => {
  let dir: string;
  let account: FakeAccount;
  let aws: FakeAws;
  let restoreFactory: () => void;
  let asked: { region?: string; profile?: string }[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-sweep-'));
    account = healthyAccount();
    aws = serveAccount(account);
    asked = [];
    restoreFactory = setSweepClientFactory((opts) => {
      asked.push(opts);
      return aws.clients;
    });
  });
  afterEach(() => {
    restoreFactory();
    aws.restore();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sweeps into the embedded store and prints the summary as JSON; a second sweep stores nothing', async () => {
    const dataDir = join(dir, 'data');
    const first = await run(
      'sweep',
      '--json',
      '--data-dir',
      dataDir,
      '--region',
      'us-east-1',
      '--profile',
      'audit',
      '--services',
      'logs,kms',
      'iam',
    );
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(asked).toEqual([{ region: 'us-east-1', profile: 'audit' }]);
    const summary = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({
      accountId: '111122223333',
      region: 'us-east-1',
      gaps: [],
      quarantined: [],
      failed: [],
    });
    expect(summary.stored).toBe(summary.observations);
    // only the services asked for were read
    expect(new Set(aws.calls.map((c) => c.split(':')[0]))).toEqual(new Set(['logs', 'kms', 'iam']));

    const second = await run(
      'sweep',
      '--json',
      '--data-dir',
      dataDir,
      '--region',
      'us-east-1',
      '--services',
      'logs',
    );
    expect(JSON.parse(second.stdout)).toMatchObject({ stored: 0, unchanged: 4 }); // 3 log groups and the collector;

    const status = await run('status', '--json', '--data-dir', dataDir);
    const controls = (JSON.parse(status.stdout) as { controls: { controlId: string; status: string }[] })
      .controls;
    expect(controls.find((c) => c.controlId === 'log-retention')?.status).toBe('COMPLIANT');
    expect(controls.find((c) => c.controlId === 'iam-user-mfa')?.status).toBe('COMPLIANT');
  });

  it('prints gaps in the human summary and exits 3 when an observation was quarantined', async () => {
    account.volumes[0]!.region = 'Not A Region';
    account.denied.add('logs:DescribeLogGroups');
    const res = await run(
      'sweep',
      '--data-dir',
      join(dir, 'data'),
      '--region',
      'us-east-1',
      '--services',
      'config',
      'logs',
    );
    expect(res.code).toBe(3);
    expect(res.stdout).toMatch(/sweep 20\d\d-.* of account 111122223333 in us-east-1/);
    expect(res.stdout).toMatch(
      /gap: logs:DescribeLogGroups AccessDeniedException \(controls: log-group-encryption, log-retention\)/,
    );
    expect(res.stdout).toMatch(
      /quarantined sweep:config:config:AWS::EC2::Volume:vol-0a1b2c3d4e5f60001: invalid swept configuration item: awsRegion/,
    );
  });

  it('rejects an unknown service and a malformed account id (exit 2)', async () => {
    const bad = await run(
      'sweep',
      '--data-dir',
      join(dir, 'data'),
      '--region',
      'us-east-1',
      '--services',
      'route53',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown service "route53"/);
    const id = await run(
      'sweep',
      '--data-dir',
      join(dir, 'data'),
      '--region',
      'us-east-1',
      '--account-id',
      '12',
    );
    expect(id.code).toBe(2);
    expect(id.stderr).toMatch(/--account-id must be 12 digits/);
  });

  it('exits 2 when the credentials belong to another account than --account-id', async () => {
    const res = await run(
      'sweep',
      '--data-dir',
      join(dir, 'data'),
      '--region',
      'us-east-1',
      '--services',
      'logs',
      '--account-id',
      '999988887777',
    );
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/not the account 999988887777/);
  });

  it('announces the drift a sweep finds in Slack, like ingest does', async () => {
    const slack = await new FakeSlack().start();
    try {
      const dataDir = join(dir, 'data');
      const args = [
        'sweep',
        '--json',
        '--data-dir',
        dataDir,
        '--region',
        'us-east-1',
        '--services',
        'cloudtrail',
      ];
      const first = await run(...args, '--slack-webhook', slack.url);
      expect(first.code).toBe(0);
      expect(slack.requests).toEqual([]); // a first verdict is no drift

      account.trails[0]!.isLogging = false;
      const stopped = await run(...args, '--slack-webhook', slack.url);

      expect(stopped.code).toBe(0);
      expect(JSON.parse(stopped.stdout).notifications).toMatchObject({ sent: 1 });
      expect(slack.requests).toHaveLength(1);
      expect(JSON.stringify(slack.requests[0]?.body)).toMatch(/CloudTrail trails are logging/);
    } finally {
      await slack.stop();
    }
  });
});

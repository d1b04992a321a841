import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configItemChange } from '../../cli/demo/events';
import type { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import { ingest } from '../../core/usecases/ingest';
import { INTERNAL_DETAIL_TYPES, internalEvent } from '../../evidence-schemas';
import { where } from '../helpers/events';
import { run } from '../helpers/run-cli';
import { startTestStore } from '../helpers/store';
import { unwrappedOutput } from '../helpers/text';

const PHI_TEXT = 'Dr Jane Roe MRN 4471';

function logGroup(name: string, time: string, retentionInDays: number, tags: Record<string, string>) {
  return configItemChange(where, time, {
    resourceType: 'AWS::Logs::LogGroup',
    resourceId: name,
    arn: `arn:aws:logs:${where.region}:${where.account}:log-group:${name}:*`,
    configuration: { logGroupName: name, retentionInDays },
    tags,
  });
}

unwrappedOutput();

describe('ePHI inventory and coverage gaps through the CLI (dynalite endpoint)', () => {
  let dir: string;
  let dynamo: EmbeddedDynamo;
  let store: DynamoDbEvidenceStore;
  let tableName: string;
  let cli: (...args: string[]) => ReturnType<typeof run>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-ephi-'));
    ({ store, dynamo, tableName } = await startTestStore());
    cli = (...args) => run(...args, '--endpoint', dynamo.endpoint, '--table', tableName, '--json');
    writeFileSync(
      join(dir, 'events.json'),
      JSON.stringify([
        logGroup('/clinic/ehr', '2026-10-01T08:00:00.000Z', 30, {
          'data-classification': 'EPHI',
          owner: PHI_TEXT,
        }),
        logGroup('/clinic/web', '2026-10-01T08:00:00.000Z', 30, { team: 'web' }),
        logGroup('/clinic/lab', '2026-10-01T09:00:00.000Z', 3653, { ephi: 'true' }),
      ]),
    );
  });
  afterEach(async () => {
    await dynamo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the inventory, filters status to it, and never stores a tag value', async () => {
    // Prepare
    expect((await cli('ingest', join(dir, 'events.json'))).code).toBe(0);

    // Act
    const inv = await cli('inventory');
    const scoped = await cli('status', '--scope', 'ephi');
    const all = await cli('status');

    // Assess: the inventory
    expect(inv.code).toBe(0);
    expect(JSON.parse(inv.stdout).resources).toEqual([
      expect.objectContaining({
        resourceType: 'AWS::Logs::LogGroup',
        resourceId: '/clinic/ehr',
        arn: `arn:aws:logs:${where.region}:${where.account}:log-group:/clinic/ehr`,
        accountId: where.account,
        region: where.region,
        since: '2026-10-01T08:00:00.000Z',
        matchedTagKey: 'data-classification',
      }),
      expect.objectContaining({ resourceId: '/clinic/lab', matchedTagKey: 'ephi' }),
    ]);
    // status --scope ephi keeps only inventory resources
    const retention = (report: string) =>
      JSON.parse(report).controls.find((c: { controlId: string }) => c.controlId === 'log-retention');
    expect(JSON.parse(scoped.stdout).scope).toBe('ephi');
    expect(
      retention(scoped.stdout).resources.map(
        (r: { subject: { resourceId: string } }) => r.subject.resourceId,
      ),
    ).toEqual(['/clinic/ehr', '/clinic/lab']);
    expect(retention(all.stdout).resources).toHaveLength(3);
    // no tag value anywhere in the table: records, heads, index
    const items = await dynamo.client.send(new ScanCommand({ TableName: tableName }));
    const text = JSON.stringify(items.Items);
    expect(text).toContain('data-classification');
    // tag values: the owner text, and the upper-case EPHI that matched, as a whole string value (hashes
    // and signatures are hex and base64: a bare "4471" or "EPHI" can occur in them by chance)
    expect(text).not.toMatch(/Jane Roe|MRN 4471|["\\]EPHI["\\]/);
  });

  it('makes out-of-scope resources NOT_APPLICABLE for controls scoped to the inventory', async () => {
    // Prepare
    const config = join(dir, 'evidence.config.json');
    writeFileSync(config, JSON.stringify({ ephi: { scopedControls: ['log-retention'] } }));
    await cli('ingest', join(dir, 'events.json'));

    // Act
    const res = await cli('status', '--config', config);

    // Assess
    const report = JSON.parse(res.stdout);
    const retention = report.controls.find((c: { controlId: string }) => c.controlId === 'log-retention');
    const byId = Object.fromEntries(
      retention.resources.map((r: { subject: { resourceId: string }; status: string }) => [
        r.subject.resourceId,
        r,
      ]),
    );
    expect(byId['/clinic/web']).toMatchObject({ status: 'NOT_APPLICABLE' });
    expect(byId['/clinic/web'].reason).toMatch(/^outside the ePHI inventory/);
    expect(byId['/clinic/ehr']).toMatchObject({ status: 'NON_COMPLIANT' });
    // another control is not scoped: the same resource keeps its verdict there
    const encryption = report.controls.find(
      (c: { controlId: string }) => c.controlId === 'log-group-encryption',
    );
    expect(
      encryption.resources.find(
        (r: { subject: { resourceId: string } }) => r.subject.resourceId === '/clinic/web',
      ).status,
    ).toBe('NON_COMPLIANT');
  });

  it('rejects an unknown scope and an unknown scoped control', async () => {
    const config = join(dir, 'bad.json');
    writeFileSync(config, JSON.stringify({ ephi: { scopedControls: ['nope'] } }));
    const badScope = await cli('status', '--scope', 'pci');
    const badConfig = await cli('status', '--config', config);
    expect(badScope.code).toBe(2);
    expect(badScope.stderr).toMatch(/--scope must be "ephi"/);
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toMatch(/ephi\.scopedControls\.0: unknown control id "nope"/);
  });

  it('takes a resource out of the inventory when its tag is removed', async () => {
    // Prepare
    await ingest(
      [
        { raw: logGroup('/clinic/ehr', '2026-10-01T08:00:00.000Z', 30, { ephi: 'true' }), origin: 'a' },
        { raw: logGroup('/clinic/ehr', '2026-10-02T08:00:00.000Z', 30, {}), origin: 'b' },
      ],
      { store },
    );
    // Act
    const inv = await cli('inventory');
    const head = [
      ...(
        await store.getHeads([`arn:aws:logs:${where.region}:${where.account}:log-group:/clinic/ehr`])
      ).values(),
    ][0];
    // Assess
    expect(JSON.parse(inv.stdout).resources).toEqual([]);
    expect(head?.ephi).toEqual({
      inScope: false,
      since: '2026-10-02T08:00:00.000Z',
      decidedAt: '2026-10-02T08:00:00.000Z',
    });
  });

  it('keeps a resource in the inventory when the daily sweep, which reads no tags, sees it again', async () => {
    // Prepare: Config's item carries the tag; the sweep's item from DescribeLogGroups carries none
    const swept = (time: string) =>
      internalEvent(INTERNAL_DETAIL_TYPES.sweep, {
        id: `sweep:${time}:log-group`,
        time,
        account: where.account,
        region: where.region,
        detail: {
          kind: 'configuration-item',
          api: 'logs:DescribeLogGroups',
          item: {
            awsRegion: where.region,
            resourceType: 'AWS::Logs::LogGroup',
            resourceId: '/clinic/ehr',
            configurationItemCaptureTime: time,
            configurationItemStatus: 'OK',
            configuration: { logGroupName: '/clinic/ehr', retentionInDays: 60 },
            supplementaryConfiguration: {},
          },
        },
      });
    const result = await ingest(
      [
        { raw: logGroup('/clinic/ehr', '2026-10-01T08:00:00.000Z', 30, { ephi: 'true' }), origin: 'config' },
        { raw: swept('2026-10-02T02:00:00.000Z'), origin: 'sweep' },
      ],
      { store },
    );
    expect(result.stored).toBe(2); // the sweep's different retention is a real record

    // Act
    const inv = await cli('inventory');

    // Assess: still in scope, decided by Config's item
    expect(JSON.parse(inv.stdout).resources).toEqual([
      expect.objectContaining({
        resourceId: '/clinic/ehr',
        matchedTagKey: 'ephi',
        since: '2026-10-01T08:00:00.000Z',
      }),
    ]);
  });

  it('evidence coverage records gaps once and status shows them', async () => {
    // Prepare: evidence from October, so by now (the real clock) every evidenced control is stale
    await cli('ingest', join(dir, 'events.json'));

    // Act
    const first = await cli('coverage');
    const second = await cli('coverage');
    const status = await cli('status');
    const text = await run('coverage', '--endpoint', dynamo.endpoint, '--table', tableName);

    // Assess
    expect(first.code).toBe(0);
    const one = JSON.parse(first.stdout);
    expect(one.gaps.map((g: { controlId: string }) => g.controlId)).toEqual([
      'log-group-encryption',
      'log-retention',
    ]);
    expect(one.gaps[0]).toMatchObject({
      cause: 'stale',
      lastEvidenceAt: '2026-10-01T09:00:00.000Z',
      since: '2026-10-02T11:00:00.000Z',
      reason: 'no fresh evidence since 2026-10-01T09:00:00.000Z; expected every 26 h',
    });
    expect(one).toMatchObject({ opened: 2, closed: 0, recorded: { stored: 2 } });
    expect(JSON.parse(second.stdout)).toMatchObject({ opened: 0, recorded: { stored: 0, unchanged: 2 } });
    expect(JSON.parse(status.stdout).gaps).toHaveLength(2);
    expect(text.stdout).toMatch(/2 gap\(s\)/);
    expect(text.stdout).toMatch(/log-retention .*no fresh evidence since 2026-10-01T09:00:00.000Z/);
  });
});

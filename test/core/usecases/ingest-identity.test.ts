import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { complianceChange } from '../../../cli/demo/events';
import { DynamoDbEvidenceReader } from '../../../core/adapters/dynamodb/evidence-reader';
import type { DynamoDbEvidenceStore } from '../../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../../core/adapters/embedded/embedded-store';
import { checkRecord } from '../../../core/domain/chain';
import { readPeriod, snapshotHeads } from '../../../core/usecases/export-binder/read-period';
import { ingest } from '../../../core/usecases/ingest';
import { postureStatus } from '../../../core/usecases/status';
import { INTERNAL_DETAIL_TYPES, internalEvent } from '../../../evidence-schemas';
import { iamUserDetail } from '../../fixtures/sweep-builders';
import { startTestStore } from '../../helpers/store';

const ACCOUNT = '111122223333';
const ID = 'AIDACAROL0EXAMPLE0002';
const ARN = `arn:aws:iam::${ACCOUNT}:user/carol.billing`;
const PERIOD = { from: '2026-10-01T00:00:00.000Z', to: '2026-10-31T23:59:59.999Z' };
const NOW = () => new Date('2026-11-01T00:00:00.000Z');

/** AWS Config's MFA rule finds carol without MFA: it names her by IAM's unique id alone. */
const configVerdict = complianceChange(
  { account: ACCOUNT, region: 'us-east-1' },
  '2026-10-21T11:45:00.000Z',
  {
    name: 'iam-user-mfa-enabled-conformance-pack-k3v9x2',
    resourceType: 'AWS::IAM::User',
    resourceId: ID,
    compliance: 'NON_COMPLIANT',
    annotation: 'MFA is not enabled for this IAM user.',
  },
);

/** The next sweep reads carol from ListUsers (name, ARN and unique id): console password, no MFA. */
const sweptCarol = internalEvent(INTERNAL_DETAIL_TYPES.sweep, {
  id: 'sweep:2026-10-22:carol',
  time: '2026-10-22T02:00:00.000Z',
  account: ACCOUNT,
  region: 'us-east-1',
  detail: iamUserDetail({
    userName: 'carol.billing',
    arn: ARN,
    userId: ID,
    createdOn: '2026-10-21',
    consoleAccess: true,
    mfaDevices: [],
  }),
});

describe('an IAM user is one subject whichever id the source used, whatever the order of arrival', () => {
  let dynamo: EmbeddedDynamo;
  let store: DynamoDbEvidenceStore;
  let work: string;

  beforeEach(async () => {
    ({ store, dynamo } = await startTestStore());
    work = mkdtempSync(join(tmpdir(), 'ingest-identity-'));
  });
  afterEach(async () => {
    await dynamo.close();
    rmSync(work, { recursive: true, force: true });
  });

  const ingestOne = async (raw: unknown) => {
    const result = await ingest([{ raw, origin: 'test' }], { store, now: NOW });
    expect(result.statuses).toEqual(['stored']);
  };

  const carolInStatus = async () => {
    const status = await postureStatus(store, { now: NOW });
    const mfa = status.controls.find((c) => c.controlId === 'iam-user-mfa');
    return mfa?.resources.filter((r) => r.subject.resourceType === 'AWS::IAM::User') ?? [];
  };

  const binderModel = async () => {
    const reader = new DynamoDbEvidenceReader({ store });
    const heads = await snapshotHeads(reader, () => {});
    const { aggregator } = await readPeriod(
      { ...PERIOD, generatedAt: NOW().toISOString() },
      heads,
      reader,
      work,
      () => {},
    );
    aggregator.settleRest();
    return aggregator.build({
      title: 't',
      generatedAt: NOW().toISOString(),
      generator: { name: 'g', version: '1' },
    });
  };

  const expectCarolOnce = async () => {
    const rows = await carolInStatus();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'NON_COMPLIANT',
      subject: { resourceId: 'carol.billing', arn: ARN, alias: ID, region: 'global' },
    });

    const model = await binderModel();
    for (const citation of ['164.312(d)', '164.312(a)(1)']) {
      const section = model.citations.find((c) => c.citation === citation);
      const users = section?.resources.filter(
        (r) => r.controlId === 'iam-user-mfa' && r.subject.resourceType === 'AWS::IAM::User',
      );
      expect(users, citation).toHaveLength(1);
      expect(users?.[0]).toMatchObject({ status: 'NON_COMPLIANT', subjectKey: ARN, subject: { alias: ID } });
      const drifts = section?.drifts.filter((d) => d.controlId === 'iam-user-mfa') ?? [];
      // one drift, opened by Config's verdict, naming her carol.billing (the unique id kept as alias)
      expect(drifts, citation).toHaveLength(1);
      expect(drifts[0]).toMatchObject({
        at: '2026-10-21T11:45:00.000Z',
        subjectKey: ARN,
        subject: { resourceId: 'carol.billing', alias: ID },
      });
    }
    expect(model.inventory.filter((r) => r.subject.resourceType === 'AWS::IAM::User')).toHaveLength(1);
  };

  it('Config verdict first: stored under the unique id, then shown as carol.billing once the sweep names her', async () => {
    await ingestOne(configVerdict);
    // nothing named her yet: her verdict is kept under the unique id
    expect((await store.getIamAliases([{ accountId: ACCOUNT, uniqueId: ID }])).length).toBe(0);
    await ingestOne(sweptCarol);

    expect(await store.getIamAliases([{ accountId: ACCOUNT, uniqueId: ID }])).toEqual([
      { accountId: ACCOUNT, uniqueId: ID, resourceType: 'AWS::IAM::User', name: 'carol.billing', arn: ARN },
    ]);
    await expectCarolOnce();
  });

  it('a redelivered Config verdict stored before the alias was known stays a duplicate once it resolves', async () => {
    await ingestOne(configVerdict);
    await ingestOne(sweptCarol);
    // now the alias resolves the verdict to carol.billing, but it is the same event, already stored
    const again = await ingest([{ raw: configVerdict, origin: 'test' }], { store, now: NOW });
    expect(again.statuses).toEqual(['duplicate']);
    await expectCarolOnce();
  });

  it('sweep first: the later Config verdict is resolved at ingest and joins her chain, alias kept in the record', async () => {
    await ingestOne(sweptCarol);
    await ingestOne(configVerdict);

    const heads = [];
    for await (const h of store.listHeads()) heads.push(h.subjectKey);
    expect(heads).toEqual([ARN]);
    const records = (await store.listChainDocs(ARN)).map((d) => checkRecord(d.doc).record);
    expect(records).toHaveLength(2);
    for (const r of records)
      expect(r?.subject).toMatchObject({ resourceId: 'carol.billing', arn: ARN, alias: ID });
    expect(records.map((r) => r?.source.kind).sort()).toEqual(['config-compliance-change', 'sweep']);
    await expectCarolOnce();
  });

  it('fails the input whose alias could not be stored, and stores nothing of it, so its redelivery teaches it', async () => {
    store.putIamAliases = async () => {
      throw new Error('throttled');
    };
    const result = await ingest([{ raw: sweptCarol, origin: 'test' }], { store, now: NOW });
    expect(result.statuses).toEqual(['failed']);
    expect(result.failed).toEqual([{ index: 0, origin: 'test', error: 'Error: throttled' }]);
    expect(await store.listChainDocs(ARN)).toEqual([]);
  });

  it('learns the alias once: a sweep naming her again writes no new alias', async () => {
    await ingestOne(sweptCarol);
    const again = { ...sweptCarol, id: 'sweep:2026-10-23:carol', time: '2026-10-23T02:00:00.000Z' };
    const puts: number[] = [];
    const put = store.putIamAliases.bind(store);
    store.putIamAliases = async (aliases, at) => {
      puts.push(aliases.length);
      return put(aliases, at);
    };
    const result = await ingest([{ raw: again, origin: 'test' }], { store, now: NOW });
    expect(result.failed).toEqual([]);
    expect(result.statuses).toEqual(['unchanged']);
    expect(puts).toEqual([]);
  });
});

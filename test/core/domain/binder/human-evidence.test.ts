import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbEvidenceReader } from '../../../../core/adapters/dynamodb/evidence-reader';
import type { DynamoDbEvidenceStore } from '../../../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../../../core/adapters/embedded/embedded-store';
import { LocalDocumentStore } from '../../../../core/adapters/local-document-store';
import { BinderSourceIntegrityError } from '../../../../core/domain/binder/errors';
import { attest } from '../../../../core/usecases/attest';
import { checkReviews } from '../../../../core/usecases/check-reviews';
import { defaultEvidenceConfig } from '../../../../core/usecases/config';
import { type BinderExportResult, exportBinder } from '../../../../core/usecases/export-binder/export-binder';
import { ingest } from '../../../../core/usecases/ingest';
import { uploadDocument } from '../../../../core/usecases/upload';
import { verifyBinder } from '../../../../core/verify/verify-binder';
import { BinderManifestSchema } from '../../../../evidence-schemas';
import { sha256, unpack, unzip } from '../../../helpers/binder';
import { logGroupArn, logGroupItem, where } from '../../../helpers/events';
import { commitAccessSnapshot } from '../../../helpers/human-evidence';
import { startTestStore } from '../../../helpers/store';

const config = defaultEvidenceConfig();
const ACCOUNT = where.account;
const PERIOD = { from: '2026-10-01T00:00:00.000Z', to: '2026-10-31T23:59:59.999Z' };
const BAA = Buffer.from('%PDF-1.7\nBusiness Associate Addendum, signed 2026-09-15\n');

describe('human sign-off in the binder', () => {
  let dynamo: EmbeddedDynamo;
  let store: DynamoDbEvidenceStore;
  let work: string;
  let documents: LocalDocumentStore;
  let binder: BinderExportResult;
  let files: Map<string, Buffer>;
  let snapshotId: string;

  const exportTo = (out: string, docs: LocalDocumentStore | null = documents) =>
    exportBinder(
      { ...PERIOD, outDir: join(work, out), generator: { name: 'test', version: '1.0.0' } },
      {
        reader: new DynamoDbEvidenceReader({ store }),
        ...(docs ? { documents: docs } : {}),
        now: () => new Date('2026-11-02T00:00:00.000Z'),
      },
    );

  beforeAll(async () => {
    ({ store, dynamo } = await startTestStore());
    work = mkdtempSync(join(tmpdir(), 'binder-human-'));
    documents = new LocalDocumentStore(join(work, 'blobs'));
    await ingest(
      [
        { raw: logGroupItem('/app', '2026-10-01T00:00:00.000Z', 30), origin: 'a' },
        { raw: logGroupItem('/old', '2026-10-01T00:00:00.000Z', 30), origin: 'b' },
      ],
      { store },
    );
    snapshotId = (await commitAccessSnapshot(store, ACCOUNT, '2026-10-04T00:00:00.000Z', ['alice']))
      .evidenceId;
    const at = (iso: string) => ({ store, config, at: iso, now: () => new Date(iso) });
    await attest(
      {
        kind: 'access-review',
        accountId: ACCOUNT,
        reviewer: 'Dana Reyes',
        decision: 'approved',
        note: 'two admins removed',
      },
      at('2026-10-05T09:00:00.000Z'),
    );
    await attest(
      {
        kind: 'log-review',
        accountId: ACCOUNT,
        reviewer: 'Sam Okafor',
        decision: 'approved',
        scope: 'CloudTrail September',
      },
      at('2026-09-01T09:00:00.000Z'),
    );
    // the September log review falls due on 1 October: flagged overdue in the period
    await checkReviews(store, { now: new Date('2026-10-10T00:00:00.000Z'), config });
    await attest(
      {
        kind: 'exception',
        controlId: 'log-retention',
        subject: logGroupArn('/app'),
        reason: 'archived nightly to S3 Glacier',
        approver: 'CISO',
        expiresAt: '2027-01-01T00:00:00.000Z',
      },
      at('2026-10-06T00:00:00.000Z'),
    );
    await attest(
      {
        kind: 'exception',
        controlId: 'log-retention',
        subject: logGroupArn('/old'),
        reason: 'decommissioning',
        approver: 'CISO',
        expiresAt: '2026-10-20T00:00:00.000Z',
      },
      at('2026-10-06T00:00:00.000Z'),
    );
    await attest(
      {
        kind: 'decision',
        accountId: ACCOUNT,
        citation: '164.312(a)(2)(iv)',
        decision: 'implemented',
        reason: 'SSE-KMS on every store of ePHI',
        decidedBy: 'Security committee',
      },
      at('2026-10-07T00:00:00.000Z'),
    );
    const baa = join(work, 'AWS BAA (signed).pdf');
    writeFileSync(baa, BAA);
    await uploadDocument(
      { accountId: ACCOUNT, target: '164.308(b)(1)', path: baa, title: 'AWS Business Associate Addendum' },
      { store, documents, config, at: '2026-10-08T00:00:00.000Z' },
    );
    binder = await exportTo('out');
    files = await unzip(binder.zipPath);
  });
  afterAll(async () => {
    await dynamo.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('puts each uploaded document in the zip under manual/ and lists it in the manifest', () => {
    const path = `manual/${sha256(BAA)}-AWS_BAA_signed_.pdf`;
    expect(files.get(path)?.equals(BAA)).toBe(true);
    const manifest = BinderManifestSchema.parse(JSON.parse(files.get('manifest.json')!.toString('utf8')));
    expect(manifest.files.find((f) => f.path === path)).toEqual({
      path,
      sha256: sha256(BAA),
      bytes: BAA.length,
    });
  });

  it('sets out reviews, overdue reviews, exceptions with their state, decisions and documents', () => {
    const h = binder.model.human!;
    expect(h.reviews.map((r) => [r.controlId, r.reviewer, r.decision, r.snapshot?.evidenceId])).toEqual([
      ['access-review', 'Dana Reyes', 'approved', snapshotId],
    ]);
    expect(h.overdue.map((o) => [o.controlId, o.dueAt, o.lastApprovedAt])).toEqual([
      ['log-review', '2026-10-01T09:00:00.000Z', '2026-09-01T09:00:00.000Z'],
    ]);
    expect(h.exceptions.map((x) => [x.subjectKey, x.state])).toEqual([
      [logGroupArn('/app'), 'active'],
      [logGroupArn('/old'), 'expired'],
    ]);
    expect(h.decisions.map((d) => [d.citation, d.decision])).toEqual([['164.312(a)(2)(iv)', 'implemented']]);

    const html = files.get('index.html')!.toString('utf8');
    for (const text of [
      'Human sign-off',
      'Dana Reyes',
      snapshotId,
      'Overdue reviews',
      'archived nightly to S3 Glacier',
      'expired',
      'SSE-KMS on every store of ePHI',
      `href="manual/${sha256(BAA)}-AWS_BAA_signed_.pdf"`,
    ])
      expect(html, text).toContain(text);
  });

  it('attaches each sign-off to the citations it answers', () => {
    const signOffs = (citation: string) =>
      binder.model.citations.find((c) => c.citation === citation)?.signOffs ?? [];
    expect(signOffs('164.312(a)(2)(iv)')).toEqual([
      expect.objectContaining({
        kind: 'decision',
        who: 'sign-off by Security committee',
        at: '2026-10-07T00:00:00.000Z',
        what: 'implemented as specified (COMPLIANT): SSE-KMS on every store of ePHI',
      }),
    ]);
    expect(signOffs('164.312(a)(2)(iv)')[0]?.evidenceId).toBe(binder.model.human?.decisions[0]?.evidenceId);
    const retention = signOffs('164.316(b)(2)(i)');
    expect(retention.map((x) => [x.kind, x.who])).toEqual([
      ['exception', 'sign-off by CISO'],
      ['exception', 'sign-off by CISO'],
    ]);
    expect(retention.map((x) => x.what).join('\n')).toContain(`log-retention on ${logGroupArn('/app')}`);
    const access = signOffs('164.308(a)(3)(ii)(B)');
    expect(access.map((x) => [x.kind, x.who])).toEqual([['access review', 'sign-off by Dana Reyes']]);
    expect(access[0]?.what).toContain(snapshotId);
    expect(signOffs('164.308(a)(1)(ii)(D)').map((x) => [x.kind, x.at])).toEqual([
      ['review overdue', '2026-10-01T09:00:00.000Z'],
    ]);
    expect(signOffs('164.312(e)(1)')).toEqual([]);
  });

  it('counts no sign-off as a resource or as a rule outside the catalog', () => {
    const kinds = binder.model.inventory.map((r) => r.subject.resourceType);
    expect(kinds.filter((t) => t.startsWith('HIPAA::'))).toEqual([]);
    expect(kinds).toContain('AWS::Logs::LogGroup');
    expect(binder.model.counts.subjects).toBe(binder.model.inventory.length);
    expect(binder.model.unmapped).toEqual([]);
  });

  it('shows in the manual-evidence table what is on file for each specification', () => {
    const html = files.get('index.html')!.toString('utf8');
    const row = (citation: string) =>
      html.split('<tr>').find((r) => r.startsWith(`<td><span class="nw">${citation}</span></td>`)) ?? '';
    expect(row('164.308(b)(1)')).toContain('AWS BAA (signed).pdf (AWS Business Associate Addendum)');
    expect(row('164.308(b)(1)')).toContain(binder.model.human?.uploads[0]?.evidenceId);
    expect(row('164.308(a)(5)')).toContain('nothing on file');
  });

  it('gives OSCAL an observation per review, overdue review, exception, decision and document', () => {
    const oscal = JSON.parse(files.get('oscal/assessment-results.json')!.toString('utf8'));
    const observations: {
      title: string;
      types: string[];
      methods: string[];
      props: { name: string; value: string }[];
    }[] = oscal['assessment-results'].results[0].observations;
    const byTitle = (start: string) => observations.filter((o) => o.title.startsWith(start));
    expect(byTitle('access-review by Dana Reyes')).toHaveLength(1);
    expect(byTitle('log-review overdue')[0]?.types).toEqual(['finding']);
    const exceptions = byTitle('exception to log-retention');
    expect(exceptions.map((o) => o.props.find((p) => p.name === 'exception-state')?.value).sort()).toEqual([
      'active',
      'expired',
    ]);
    expect(exceptions.every((o) => o.types[0] === 'mitigation')).toBe(true);
    expect(byTitle('45 CFR 164.312(a)(2)(iv) (addressable): implemented')).toHaveLength(1);
    const document = byTitle('document for 164.308(b)(1)')[0];
    expect(document?.props).toContainEqual(expect.objectContaining({ name: 'sha256', value: sha256(BAA) }));
  });

  it('prints the section in the PDF', async () => {
    const pdf = await getDocumentProxy(new Uint8Array(readFileSync(binder.pdfPath)));
    const text = (await extractText(pdf, { mergePages: true })).text;
    expect(text).toContain('Human sign-off');
    expect(text).toContain('Access reviews');
    expect(text).toContain('Dana Reyes');
    expect(text).toContain('decommissioning');
  });

  it('verifies offline, the documents included, and fails when a document is altered in the binder', async () => {
    const report = await verifyBinder(binder.zipPath);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);

    const dir = join(work, 'unzipped');
    unpack(files, dir);
    const path = `manual/${sha256(BAA)}-AWS_BAA_signed_.pdf`;
    writeFileSync(join(dir, ...path.split('/')), Buffer.concat([BAA, Buffer.from('forged')]));
    const altered = await verifyBinder(dir);
    expect(altered.ok).toBe(false);
    expect(altered.problems.some((p) => p.includes(path))).toBe(true);
  });

  it('with an empty account list (what `evidence binder` passes without --account), keeps every sign-off and document', async () => {
    const all = await exportBinder(
      {
        ...PERIOD,
        accounts: [],
        outDir: join(work, 'out-all'),
        generator: { name: 'test', version: '1.0.0' },
      },
      {
        reader: new DynamoDbEvidenceReader({ store }),
        documents,
        now: () => new Date('2026-11-02T00:00:00.000Z'),
      },
    );
    expect(all.model.human).toEqual(binder.model.human);
    const zipped = await unzip(all.zipPath);
    expect(zipped.get(`manual/${sha256(BAA)}-AWS_BAA_signed_.pdf`)?.equals(BAA)).toBe(true);
  });

  it('refuses to write a binder when a document on record is missing from the document store', async () => {
    const empty = new LocalDocumentStore(join(work, 'no-blobs'));
    await expect(exportTo('out-missing', empty)).rejects.toBeInstanceOf(BinderSourceIntegrityError);
  });

  it('without a document store, lists the uploads by hash and says their files are not included', async () => {
    const bare = await exportTo('out-bare', null);
    const zipped = await unzip(bare.zipPath);
    expect([...zipped.keys()].filter((k) => k.startsWith('manual/'))).toEqual([]);
    expect(bare.model.human?.documentsIncluded).toBe(false);
    const html = zipped.get('index.html')!.toString('utf8');
    expect(html).toContain('Their files are NOT in this binder');
    expect(html).toContain(sha256(BAA));
    expect((await verifyBinder(bare.zipPath)).ok).toBe(true);
  });
});

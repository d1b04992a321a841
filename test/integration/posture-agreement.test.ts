import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PERIOD } from '../../cli/demo/scenario';
import { DynamoDbEvidenceReader } from '../../core/adapters/dynamodb/evidence-reader';
import { DynamoDbEvidenceStore } from '../../core/adapters/dynamodb/store';
import { DEFAULT_TABLE_NAME } from '../../core/adapters/dynamodb/table-schema';
import { startEmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';
import type { BinderModel } from '../../core/domain/binder/model';
import { isResource } from '../../core/domain/subject-kind';
import { periodModel } from '../../core/usecases/export-binder/export-binder';
import { readPeriod, snapshotHeads } from '../../core/usecases/export-binder/read-period';
import type { StatusReport } from '../../core/usecases/status';
import { unzip } from '../helpers/binder';
import { run } from '../helpers/run-cli';

interface OscalFinding {
  title: string;
  props: { name: string; value: string }[];
}

const props = (f: OscalFinding) => Object.fromEntries(f.props.map((p) => [p.name, p.value]));

/**
 * One store (the demo month), three outputs: `status --json` at the end of the month, the binder's
 * model of the month, and the OSCAL findings in the binder the demo wrote. They must agree per control.
 */
describe('one posture view: status, the binder model and OSCAL agree per control', () => {
  let dir: string;
  let status: StatusReport;
  let model: BinderModel;
  let oscalControls: Map<string, Record<string, string>>;
  let pdfText: string;

  beforeAll(async () => {
    // Prepare: the demo month in one store, with its binder
    dir = mkdtempSync(join(tmpdir(), 'posture-agreement-'));
    const data = join(dir, 'data');
    const demo = await run('demo', '--data-dir', data, '--json');
    expect(demo.code).toBe(0);
    const zipPath: string = JSON.parse(demo.stdout).binder.zip;
    // Act: the CLI's status at the end of the month
    const res = await run('status', '--data-dir', data, '--at', DEMO_PERIOD.to, '--json');
    expect(res.code).toBe(0);
    status = JSON.parse(res.stdout);
    // the OSCAL findings and the PDF of the demo's binder
    const files = await unzip(zipPath);
    const oscal = JSON.parse(files.get('oscal/assessment-results.json')!.toString('utf8'));
    const findings: OscalFinding[] = oscal['assessment-results'].results[0].findings;
    oscalControls = new Map(
      findings.filter((f) => f.title.startsWith('Control ')).map((f) => [props(f)['control-id']!, props(f)]),
    );
    const pdfName = [...files.keys()].find((n) => n.endsWith('.pdf'))!;
    const pdf = await getDocumentProxy(new Uint8Array(files.get(pdfName)!));
    pdfText = (await extractText(pdf, { mergePages: true })).text;
    // the binder's model of the same month, from the same store
    const dynamo = await startEmbeddedDynamo(join(data, 'store'));
    try {
      const store = new DynamoDbEvidenceStore({ tableName: DEFAULT_TABLE_NAME, client: dynamo.client });
      const reader = new DynamoDbEvidenceReader({ store });
      const generatedAt = '2026-11-02T10:00:00.000Z';
      const heads = await snapshotHeads(reader, () => undefined);
      // as `evidence binder` asks without --account: an empty list means every account
      const period = await readPeriod(
        { ...DEMO_PERIOD, accounts: [], generatedAt },
        heads,
        reader,
        dir,
        () => undefined,
      );
      model = periodModel(
        period,
        { ...DEMO_PERIOD, generator: { name: 'test', version: '1' } },
        generatedAt,
        false,
      );
    } finally {
      await dynamo.close();
    }
  }, 300_000);
  /** the executive summary's text: from its first sentence to the first citation page */
  const summaryPage = () =>
    pdfText
      .slice(pdfText.indexOf('This binder covers'), pdfText.indexOf('What is evidenced'))
      .replace(/\s+/g, ' ');
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives every control the same status and resource counts in status, the model and OSCAL', () => {
    const byId = new Map(model.controls.map((c) => [c.controlId, c]));
    expect(status.controls.length).toBeGreaterThan(10);
    for (const c of status.controls) {
      const m = byId.get(c.controlId);
      expect(m, c.controlId).toBeDefined();
      expect([c.controlId, m?.status]).toEqual([c.controlId, c.status]);
      expect([c.controlId, m?.counts]).toEqual([c.controlId, c.counts]);
      // the count is the distinct AWS resources status lists, nothing else
      const listed = new Set(
        c.resources.filter((r) => isResource(r.subject)).map((r) => JSON.stringify(r.subject)),
      );
      expect([c.controlId, c.counts.resources]).toEqual([c.controlId, listed.size]);
      const o = oscalControls.get(c.controlId);
      if (c.status === 'NO_EVIDENCE' || c.citations.length === 0) continue;
      expect(o, c.controlId).toBeDefined();
      expect([c.controlId, o?.['status-at-period-end'], o?.resources, o?.excepted]).toEqual([
        c.controlId,
        c.status,
        String(c.counts.resources),
        String(c.counts.excepted),
      ]);
    }
  });

  it('shows the CISO-approved exception as EXCEPTED everywhere, with approver and expiry (finding 1)', () => {
    const retention = status.controls.find((c) => c.controlId === 'log-retention')!;
    expect(retention.status).toBe('EXCEPTED');
    expect(retention.counts.excepted).toBe(1);
    const excepted = model.excepted.filter((v) => v.controlId === 'log-retention');
    expect(excepted).toHaveLength(1);
    expect(excepted[0]?.exception).toMatchObject({
      approver: 'Chief Information Security Officer',
      expiresAt: '2026-12-31T00:00:00.000Z',
    });
    const citation = model.citations.find((c) => c.citation === '164.316(b)(2)(i)')!;
    expect(citation.status).toBe('EXCEPTED');
    // the chart colours the excepted days apart from the non-compliant ones
    expect(citation.chart.buckets.at(-1)?.excepted).toBe(1);
    expect(citation.chart.buckets.at(-1)?.nonCompliant).toBe(0);
    // the executive summary of the PDF names it, before the first citation page
    const summary = summaryPage();
    expect(summary).toContain('Exceptions in force at the end of the period');
    expect(summary).toContain('Chief Information Security Officer');
    expect(summary).toMatch(/164\.316\(b\)\(2\)\(i\)[\s\S]{0,120}EXCEPTED/);
  });

  it('never counts collection bookkeeping or sign-offs as resources (finding 3)', () => {
    for (const row of model.inventory) expect(isResource(row.subject), row.subjectKey).toBe(true);
    for (const c of model.citations) {
      for (const r of c.resources) expect(isResource(r.subject), r.subjectKey).toBe(true);
      for (const r of c.collection) expect(r.subject.resourceType).toMatch(/^HIPAA::Coverage::/);
    }
    expect(model.collection.length).toBeGreaterThan(0);
    for (const c of status.controls)
      for (const r of c.resources)
        expect(r.subject.resourceType, c.controlId).not.toMatch(/^HIPAA::Coverage::/);
    const mfa = status.controls.find((c) => c.controlId === 'iam-user-mfa')!;
    expect(mfa.collection.length).toBeGreaterThan(0);
    expect(mfa.counts.resources).toBeLessThan(mfa.resources.length + mfa.collection.length);
  });

  it('names the ePHI resources out of compliance in the month with how long (summary page)', () => {
    expect(model.ephiExposure.length).toBeGreaterThan(0);
    for (const r of model.ephiExposure) {
      expect(model.ephiInventory.map((x) => x.subjectKey)).toContain(r.subjectKey);
      expect(r.nonCompliantMs).toBeGreaterThan(0);
    }
    const summary = summaryPage();
    expect(summary).toContain('ePHI resources out of compliance in the period');
  });

  it('says who produced each drift in the words of actor.ts, never "no actor recorded" (finding 5)', () => {
    expect(pdfText).not.toContain('no actor recorded');
    const drifts = model.citations.flatMap((c) => c.drifts);
    expect(drifts.some((d) => d.producedBy === 'the daily sweep')).toBe(true);
    for (const d of drifts) expect(d.producedBy, d.evidenceId).toBeTruthy();
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configItemChange } from '../../../../cli/demo/events';
import { DynamoDbEvidenceReader } from '../../../../core/adapters/dynamodb/evidence-reader';
import type { EmbeddedDynamo } from '../../../../core/adapters/embedded/embedded-store';
import { checkCoverage } from '../../../../core/usecases/coverage';
import { exportBinder } from '../../../../core/usecases/export-binder/export-binder';
import { ingest } from '../../../../core/usecases/ingest';
import { verifyBinder } from '../../../../core/verify/verify-binder';
import { unzip } from '../../../helpers/binder';
import { where } from '../../../helpers/events';
import { startTestStore } from '../../../helpers/store';

const OWNER = 'Dr Jane Roe MRN 4471';
const EHR_ARN = `arn:aws:logs:${where.region}:${where.account}:log-group:/clinic/ehr`;

function logGroup(name: string, time: string, tags: Record<string, string>) {
  return configItemChange(where, time, {
    resourceType: 'AWS::Logs::LogGroup',
    resourceId: name,
    arn: `arn:aws:logs:${where.region}:${where.account}:log-group:${name}:*`,
    configuration: { logGroupName: name, retentionInDays: 2192 },
    tags,
  });
}

describe('binder sections: coverage gaps on the timeline and the ePHI inventory', () => {
  let dynamo: EmbeddedDynamo;
  let work: string;
  let files: Map<string, Buffer>;
  let pdfText: string;
  let zipPath: string;

  beforeAll(async () => {
    const started = await startTestStore();
    dynamo = started.dynamo;
    const store = started.store;
    const put = (events: unknown[], at: string) =>
      ingest(
        events.map((raw, i) => ({ raw, origin: `t#${i}` })),
        { store, now: () => new Date(at) },
      );
    const check = (at: string) => checkCoverage(store, { now: new Date(at) });
    // a gap from 2 Oct 10:00 (26 h after the last evidence), closed by the check of 5 Oct 09:00
    await put(
      [
        logGroup('/clinic/ehr', '2026-10-01T08:00:00.000Z', { 'data-classification': 'ePHI', owner: OWNER }),
        logGroup('/clinic/web', '2026-10-01T08:00:00.000Z', { team: 'web' }),
      ],
      '2026-10-01T08:00:00.000Z',
    );
    await check('2026-10-03T00:00:00.000Z');
    await put(
      [
        logGroup('/clinic/ehr', '2026-10-05T08:00:00.000Z', { 'data-classification': 'ePHI', owner: OWNER }),
        logGroup('/clinic/web', '2026-10-05T08:00:00.000Z', { team: 'web' }),
      ],
      '2026-10-05T08:00:00.000Z',
    );
    await check('2026-10-05T09:00:00.000Z');
    // a second gap from 6 Oct 10:00, still open at the end of the period
    await check('2026-10-20T00:00:00.000Z');

    work = mkdtempSync(join(tmpdir(), 'binder-coverage-'));
    const binder = await exportBinder(
      {
        from: '2026-10-01T00:00:00.000Z',
        to: '2026-10-31T23:59:59.999Z',
        outDir: join(work, 'out'),
        generator: { name: 'test', version: '9.9.9' },
      },
      { reader: new DynamoDbEvidenceReader({ store }), now: () => new Date('2026-11-02T10:00:00.000Z') },
    );
    zipPath = binder.zipPath;
    files = await unzip(binder.zipPath);
    const pdf = await getDocumentProxy(new Uint8Array(readFileSync(binder.pdfPath)));
    pdfText = (await extractText(pdf, { mergePages: true })).text;
  });
  afterAll(async () => {
    await dynamo.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('shows each gap with its start, its end or "ongoing", and its cause, under the control citation', () => {
    // Assess: index.html
    const html = files.get('index.html')!.toString('utf8');
    expect(html).toContain('<h3>Coverage gaps in the period</h3><table>');
    const rows = html.match(
      /<tr><td><span class="nw">2026-10-0[26] 10:00Z<\/span><\/td><td>(<span[^>]*>[^<]*<\/span>)?<\/td><td><code>log-retention<\/code>/g,
    );
    // each time is kept whole in a browser (nowrap)
    expect(rows).toEqual([
      '<tr><td><span class="nw">2026-10-02 10:00Z</span></td><td><span class="nw">2026-10-05 09:00Z</span></td><td><code>log-retention</code>',
      '<tr><td><span class="nw">2026-10-06 10:00Z</span></td><td><span class="s NON_COMPLIANT">ongoing</span></td><td><code>log-retention</code>',
    ]);
    expect(html).toContain(
      'no fresh evidence since <span class="nw">2026-10-01T08:00:00.000Z</span>; expected every 26 h',
    );
    // the drift table names the coverage check, not AWS Config, as the source of a gap (actor.ts words)
    expect(html).toContain('<td class="mono">the coverage check</td>');
    expect(html).not.toContain('AWS Config verdict');
    // the PDF
    expect(pdfText).toContain('Coverage gaps in the period');
    expect(pdfText).toMatch(/2026-10-06\s+10:00Z\s+ongoing\s+log-retention\s/);
    expect(pdfText).toMatch(/2026-10-02\s+10:00Z\s+2026-10-05\s+09:00Z\s+log-retention\s/);
    expect(pdfText).toMatch(/log-group-encryption\s+444455556666\s+eu-west-1\s+no fresh evidence since/);
  });

  it('gives OSCAL an observation and a finding per gap', () => {
    const oscal = JSON.parse(files.get('oscal/assessment-results.json')!.toString('utf8'));
    const result = oscal['assessment-results'].results[0];
    const gaps = result.observations.filter((o: { title: string }) => o.title.startsWith('coverage gap of'));
    // two controls of the log group (retention, encryption), two gaps each
    expect(gaps).toHaveLength(4);
    const props = (o: { props: { name: string; value: string }[] }) =>
      Object.fromEntries(o.props.map((p) => [p.name, p.value]));
    const retention = gaps
      .filter((o: { title: string }) => o.title.startsWith('coverage gap of log-retention'))
      .map(props);
    expect(retention).toEqual([
      {
        'control-id': 'log-retention',
        'coverage-gap-start': '2026-10-02T10:00:00.000Z',
        'coverage-gap-end': '2026-10-05T09:00:00.000Z',
        'coverage-gap-cause': 'stale',
      },
      {
        'control-id': 'log-retention',
        'coverage-gap-start': '2026-10-06T10:00:00.000Z',
        'coverage-gap-ongoing': 'true',
        'coverage-gap-cause': 'stale',
      },
    ]);
    const findings = result.findings.filter((f: { title: string }) => f.title.startsWith('Monitoring gap'));
    expect(findings).toHaveLength(4);
    const uuids = new Set(gaps.map((o: { uuid: string }) => o.uuid));
    for (const f of findings) {
      expect(f.target.status.state).toBe('not-satisfied');
      expect(uuids.has(f['related-observations'][0]['observation-uuid'])).toBe(true);
    }
  });

  it('writes the ePHI inventory into the PDF, index.html and ephi-inventory.json, without tag values', async () => {
    const inventory = JSON.parse(files.get('ephi-inventory.json')!.toString('utf8'));
    expect(inventory.resources).toEqual([
      {
        accountId: where.account,
        region: where.region,
        resourceType: 'AWS::Logs::LogGroup',
        resourceId: '/clinic/ehr',
        arn: EHR_ARN,
        since: '2026-10-01T08:00:00.000Z',
        matchedTagKey: 'data-classification',
      },
    ]);
    const html = files.get('index.html')!.toString('utf8');
    expect(html).toMatch(/1 resource\(s\) tagged as holding ePHI/);
    expect(html).toContain(`<td class="mono">${EHR_ARN}</td><td><code>data-classification</code></td>`);
    expect(pdfText).toMatch(/1 resource\(s\) are tagged as holding ePHI/);
    expect(pdfText).toMatch(
      // the ARN wraps after its separators only (table text is 8 pt, so it takes more lines than it did)
      /AWS::Logs::LogGroup\s+arn:aws:logs:eu-west-1:\s*444455556666:\s*log-group:\/\s*clinic\/ehr\s+data-classification\s+2026-10-01/,
    );
    for (const [name, data] of files) expect(data.includes(Buffer.from('Jane Roe')), name).toBe(false);
    const report = await verifyBinder(zipPath);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });
});

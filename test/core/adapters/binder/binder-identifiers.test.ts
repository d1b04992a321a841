/**
 * The demo month's binder, read as an investigator copies from it: every evidence id, record hash,
 * observation time and citation of its records must appear whole in the PDF's text and in index.html,
 * no table may leave a fragment of one, and the evidence index must be in order of observation.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG, DEMO_PERIOD, demoEvents } from '../../../../cli/demo/scenario';
import { DynamoDbEvidenceReader } from '../../../../core/adapters/dynamodb/evidence-reader';
import type { EmbeddedDynamo } from '../../../../core/adapters/embedded/embedded-store';
import { exportBinder } from '../../../../core/usecases/export-binder/export-binder';
import { ingest } from '../../../../core/usecases/ingest';
import { unzip } from '../../../helpers/binder';
import { startTestStore } from '../../../helpers/store';

interface RecordIds {
  evidenceId: string;
  recordHash: string;
  observedAt: string;
  citations: string[];
}

/** Every `citation` string anywhere in a record. */
function citationsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) citationsIn(v, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (k === 'citation' && typeof v === 'string') out.push(v);
      else citationsIn(v, out);
    }
  return out;
}

/**
 * Fragments a table leaves when it breaks an identifier across lines: a short evidence id, a run of
 * hex digits too long for anything but a cut hash, a day cut in its last digits, a status cut short,
 * a citation whose parentheses are left open at the end of a line.
 */
function brokenIdentifiers(text: string): string[] {
  const found: string[] = [];
  const tokens = text.split(/\s+/);
  for (const t of tokens) {
    if (/ev_[0-9a-f]{0,31}(?![0-9a-f])/.test(t) && !/ev_[0-9a-f]{32}/.test(t)) found.push(t);
    if (/(?<![0-9a-f_-])[0-9a-f]{17,63}(?![0-9a-f])/.test(t)) found.push(t);
    if (/(?<![\d-])\d{4}-\d\d-\d(?!\d)/.test(t) || /(?<![\d-])\d{4}-\d?$/.test(t)) found.push(t);
    if (/^(NON_|NOT_|NO_)[A-Z]*$/.test(t) && !['NON_COMPLIANT', 'NOT_APPLICABLE', 'NO_EVIDENCE'].includes(t))
      found.push(t);
    if (/164\.\d{3}(\([0-9A-Za-z]+\))*\([0-9A-Za-z]*$/.test(t)) found.push(t);
  }
  return found;
}

describe('the binder never breaks an identifier', () => {
  let dynamo: EmbeddedDynamo;
  let work: string;
  let records: RecordIds[];
  let pdfText: string;
  let html: string;

  beforeAll(async () => {
    let store: Awaited<ReturnType<typeof startTestStore>>['store'];
    ({ store, dynamo } = await startTestStore());
    await ingest(
      demoEvents().map((raw, i) => ({ raw, origin: `demo#${i}` })),
      { store },
    );
    work = mkdtempSync(join(tmpdir(), 'binder-ids-'));
    const binder = await exportBinder(
      {
        ...DEMO_PERIOD,
        outDir: join(work, 'out'),
        organisation: DEMO_ORG,
        generator: { name: 't', version: '1' },
      },
      { reader: new DynamoDbEvidenceReader({ store }), now: () => new Date('2026-11-02T10:00:00.000Z') },
    );
    const files = await unzip(binder.zipPath);
    records = [...files]
      .filter(([name]) => name.startsWith('evidence/'))
      .map(([, data]) => {
        const r = JSON.parse(data.toString('utf8'));
        return {
          evidenceId: r.evidenceId,
          recordHash: r.integrity.recordHash,
          observedAt: r.observedAt,
          citations: citationsIn(r),
        };
      });
    const pdf = await getDocumentProxy(new Uint8Array(readFileSync(binder.pdfPath)));
    pdfText = (await extractText(pdf, { mergePages: true })).text;
    html = files.get('index.html')!.toString('utf8');
  });
  afterAll(async () => {
    await dynamo.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('prints every evidence id, whole record hash, observation time and citation of the records whole in the PDF', () => {
    expect(records.length).toBeGreaterThan(20);
    for (const r of records) {
      expect(pdfText, r.evidenceId).toContain(r.evidenceId);
      expect(pdfText, r.recordHash).toContain(r.recordHash);
      expect(pdfText, r.observedAt).toContain(r.observedAt);
      for (const c of r.citations) expect(pdfText, c).toContain(c);
    }
  });

  it('leaves no fragment of an identifier anywhere in the PDF', () => {
    expect(brokenIdentifiers(pdfText)).toEqual([]);
  });

  it('finds the breaks the investigator reported, so the check above can fail', () => {
    const broken =
      'account 11112222333 3 on 2026-10-0 7 NOT_APPLICABL E 164.312(a)(2)( iv) ev_acc85e8f60fa d194';
    expect(brokenIdentifiers(broken)).toEqual([
      '2026-10-0',
      'NOT_APPLICABL',
      '164.312(a)(2)(',
      'ev_acc85e8f60fa',
    ]);
    expect(brokenIdentifiers(`${'ab'.repeat(12)} ${'cd'.repeat(20)}`)).toHaveLength(2);
  });

  it('lists the evidence index in order of observation, every record once', () => {
    const index = pdfText.slice(pdfText.lastIndexOf('Evidence index'));
    const rows = [...index.matchAll(/(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\s+(ev_[0-9a-f]{32})/g)].map(
      (m) => ({
        at: Date.parse(m[1]!),
        id: m[2]!,
      }),
    );
    expect(rows.map((r) => r.id).sort()).toEqual(records.map((r) => r.evidenceId).sort());
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1]!, rows[i]!];
      expect(a.at < b.at || (a.at === b.at && a.id < b.id), `${a.id} before ${b.id}`).toBe(true);
    }
  });

  it('lets no style break inside a word in index.html, and keeps ids, hashes and citations whole', () => {
    expect(html).not.toMatch(/break-all|break-word|anywhere/);
    expect(html).toMatch(/overflow-wrap:normal/);
    const text = html.replace(/<[^>]+>/g, ' ');
    for (const r of records) {
      expect(text, r.evidenceId).toContain(r.evidenceId);
      expect(text, r.recordHash).toContain(r.recordHash);
      expect(text, r.observedAt).toContain(r.observedAt);
    }
    expect(brokenIdentifiers(text)).toEqual([]);
    // a browser may break a citation between its parentheses: each one is kept whole
    const body = html.slice(html.indexOf('<body>'));
    for (const m of body.matchAll(/164\.\d{3}(\([0-9A-Za-z]+\)){2,}/g)) {
      const before = body.slice(Math.max(0, m.index - 60), m.index);
      expect(before, `${m[0]} at ${m.index}`).toMatch(/class="nw"[^>]*>$/);
    }
  });

  it("lists index.html's evidence in order of observation", () => {
    const observed = [...html.matchAll(/<tr><td class="nw">(\d{4}-[^<]+)<\/td>/g)].map((m) =>
      Date.parse(m[1]!),
    );
    expect(observed).toHaveLength(records.length);
    for (let i = 1; i < observed.length; i++) expect(observed[i]!).toBeGreaterThanOrEqual(observed[i - 1]!);
  });
});

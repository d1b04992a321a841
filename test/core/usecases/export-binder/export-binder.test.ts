import { appendFileSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG, DEMO_PERIOD, demoEvents } from '../../../../cli/demo/scenario';
import { DynamoDbEvidenceReader } from '../../../../core/adapters/dynamodb/evidence-reader';
import type { DynamoDbEvidenceStore } from '../../../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../../../core/adapters/embedded/embedded-store';
import { LocalEd25519Signer } from '../../../../core/adapters/local-signer';
import { rootHashOf } from '../../../../core/domain/binder/manifest';
import { CITATIONS } from '../../../../core/domain/catalog';
import { checkRecord } from '../../../../core/domain/chain';
import { canonicalJson } from '../../../../core/domain/hashing';
import { type BinderExportResult, exportBinder } from '../../../../core/usecases/export-binder/export-binder';
import { ingest } from '../../../../core/usecases/ingest';
import { verifyBinder } from '../../../../core/verify/verify-binder';
import { BinderManifestSchema, type EvidenceRecord } from '../../../../evidence-schemas';
import { sha256, unpack, unzip } from '../../../helpers/binder';
import { startTestStore } from '../../../helpers/store';

const TRAIL_ARN = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/rch-organization-trail';
const CONTRACTOR = 'arn:aws:sts::111122223333:assumed-role/ContractorAdmin/j.smith';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the evidence binder of the demo month', () => {
  let dynamo: EmbeddedDynamo;
  let store: DynamoDbEvidenceStore;
  let work: string;
  let binder: BinderExportResult;
  let files: Map<string, Buffer>;
  let pdfText: string;
  let pdfPages: number;

  beforeAll(async () => {
    ({ store, dynamo } = await startTestStore());
    await ingest(
      demoEvents().map((raw, i) => ({ raw, origin: `demo#${i}` })),
      { store },
    );
    work = mkdtempSync(join(tmpdir(), 'binder-test-'));
    binder = await exportBinder(
      {
        ...DEMO_PERIOD,
        outDir: join(work, 'out'),
        organisation: DEMO_ORG,
        generator: { name: 'test', version: '9.9.9' },
      },
      {
        reader: new DynamoDbEvidenceReader({ store }),
        signer: LocalEd25519Signer.open(join(work, 'keys')),
        now: () => new Date('2026-11-02T10:00:00.000Z'),
      },
    );
    files = await unzip(binder.zipPath);
    const pdf = await getDocumentProxy(new Uint8Array(readFileSync(binder.pdfPath)));
    pdfText = (await extractText(pdf, { mergePages: true })).text;
    pdfPages = pdf.numPages;
  });
  afterAll(async () => {
    await dynamo.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('writes the zip and the PDF beside it, the PDF identical to the one inside', () => {
    expect(binder.zipPath.endsWith('binder-2026-10-01-2026-10-31.zip')).toBe(true);
    expect(binder.pdfPath.endsWith('binder-2026-10-01-2026-10-31.pdf')).toBe(true);
    expect(files.get('binder-2026-10-01-2026-10-31.pdf')?.equals(readFileSync(binder.pdfPath))).toBe(true);
  });

  it('keeps every page in the page tree of the PDF, the index pages released as they were written', async () => {
    // the evidence index spans pages, each written out (and let go of) before the next
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(readFileSync(binder.pdfPath))), {
      mergePages: false,
    });
    const indexPages = text.filter((page) => page.includes('record hash (SHA-256)'));
    // a page break in the index released every page before it
    expect(indexPages.length).toBeGreaterThanOrEqual(2);
    expect(pdfPages).toBe(binder.pages);
    expect(text).toHaveLength(binder.pages);
  });

  it('lists every other file in the manifest with its SHA-256 and size, and the root hash re-derives', () => {
    const manifest = BinderManifestSchema.parse(JSON.parse(files.get('manifest.json')!.toString('utf8')));
    const listed = new Set(manifest.files.map((f) => f.path));
    for (const name of files.keys()) {
      if (['manifest.json', 'manifest.sig', 'public-key.pem'].includes(name)) continue;
      expect(listed.has(name), name).toBe(true);
    }
    for (const f of manifest.files) {
      const data = files.get(f.path);
      expect(data, f.path).toBeDefined();
      expect(sha256(data!)).toBe(f.sha256);
      expect(data!.length).toBe(f.bytes);
    }
    // rootHash = SHA-256 of the canonical JSON of the files array, as listed
    expect(sha256(Buffer.from(canonicalJson(manifest.files)))).toBe(manifest.rootHash);
    expect(rootHashOf(manifest.files)).toBe(binder.rootHash);
    expect(listed.has('oscal/assessment-results.json')).toBe(true);
    expect(listed.has('index.html')).toBe(true);
  });

  it('holds every committed record of the period as canonical JSON that re-hashes, filed by resource and sequence', () => {
    const evidence = [...files.entries()].filter(([name]) => name.startsWith('evidence/'));
    expect(evidence.length).toBe(binder.records);
    expect(binder.records).toBeGreaterThan(15);
    for (const [name, data] of evidence) {
      const doc: unknown = JSON.parse(data.toString('utf8'));
      expect(canonicalJson(doc)).toBe(data.toString('utf8'));
      const { record, problems } = checkRecord(doc);
      expect(problems).toEqual([]);
      const r = record as EvidenceRecord;
      expect(name.endsWith(`/${String(r.integrity.sequence).padStart(10, '0')}-${r.evidenceId}.json`)).toBe(
        true,
      );
    }
  });

  it('sets out the PDF as OCR asks: cover, contents, summary, a section per citation, manual evidence, inventory, integrity, index', () => {
    for (const text of [
      DEMO_ORG,
      '2026-10-01T00:00:00.000Z to 2026-10-31T23:59:59.999Z',
      'Generated at',
      'test 9.9.9',
      binder.evidenceRootHash,
      'Contents',
      'Executive summary',
      '164.312(b) Audit controls',
      '164.312(a)(2)(iv) Encryption and decryption',
      '164.316(b)(2)(i)',
      'Posture over the period',
      'Specifications that need manual evidence',
      '164.308(a)(1)(ii)(A)',
      '164.308(a)(1)(ii)(D)',
      '164.308(a)(5)',
      '164.308(a)(6)',
      '164.308(b)(1)',
      '164.310',
      'ePHI system inventory',
      'npx evidence verify',
      'Evidence index',
    ]) {
      expect(pdfText, text).toContain(text);
    }
  });

  it('names the resources and the actors behind each drift in the PDF', () => {
    const flat = pdfText.replace(/\s+/g, '');
    expect(flat).toContain(TRAIL_ARN);
    expect(flat).toContain(CONTRACTOR);
    expect(flat).toContain('arn:aws:s3:::rch-ephi-patient-records');
    // every evidence id of the period is in the index
    for (const name of files.keys()) {
      const id = /(ev_[0-9a-f]{32})\.json$/.exec(name)?.[1];
      if (id) expect(flat).toContain(id);
    }
  });

  it('declares PDF/A in the XMP metadata and embeds its fonts', () => {
    const raw = readFileSync(binder.pdfPath).toString('latin1');
    expect(raw).toMatch(/<pdfaid:part>2<\/pdfaid:part>/);
    expect(raw).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(raw).toContain('/FontFile2');
    expect(raw).not.toMatch(/\/BaseFont\s*\/(Helvetica|Times|Courier)/);
    expect(raw).toContain('/OutputIntents');
  });

  it('models the drifts: who, when, and how long the fix took', () => {
    const audit = binder.model.citations.find((c) => c.citation === '164.312(b)')!;
    const stop = audit.drifts.find((d) => d.actor?.principalArn === CONTRACTOR);
    expect(stop).toMatchObject({ controlId: 'cloudtrail-logging', at: '2026-10-14T22:47:00.000Z' });
    expect(stop?.resolution?.at).toBe('2026-10-15T08:05:00.000Z');
    expect(stop?.resolution?.timeToRemediateMs).toBe((9 * 60 + 18) * 60_000);
    const encryption = binder.model.citations.find((c) => c.citation === '164.312(a)(2)(iv)')!;
    expect(encryption.drifts.some((d) => d.subject.arn === 'arn:aws:s3:::rch-ephi-patient-records')).toBe(
      true,
    );
    expect(binder.model.counts.drifts).toBeGreaterThanOrEqual(4);
    expect(binder.model.meanTimeToRemediateMs).toBeGreaterThan(0);
    expect(binder.model.inventory.map((r) => r.subject.arn)).toContain(TRAIL_ARN);
  });

  it('describes the same findings in OSCAL assessment results', () => {
    const oscal = JSON.parse(files.get('oscal/assessment-results.json')!.toString('utf8'));
    const ar = oscal['assessment-results'];
    expect(ar.uuid).toMatch(UUID);
    expect(ar.metadata).toMatchObject({ 'oscal-version': '1.0.6', version: '9.9.9' });
    expect(ar.metadata['last-modified']).toBe('2026-11-02T10:00:00.000Z');
    expect(ar['import-ap'].href).toBeTruthy();
    expect(ar.results).toHaveLength(1);
    const result = ar.results[0];
    expect(result).toMatchObject({ start: DEMO_PERIOD.from, end: DEMO_PERIOD.to });
    expect(result['reviewed-controls']['control-selections'][0]['include-controls'].length).toBe(
      Object.keys(CITATIONS).length,
    );
    const observations = new Set(result.observations.map((o: { uuid: string }) => o.uuid));
    const items = new Set(
      result['local-definitions']['inventory-items'].map((i: { uuid: string }) => i.uuid),
    );
    for (const o of result.observations) {
      expect(o.uuid).toMatch(UUID);
      expect(o.methods.length).toBeGreaterThan(0);
      // a sign-off or document observation is about the organisation, not one inventory item
      for (const s of o.subjects ?? []) expect(items.has(s['subject-uuid'])).toBe(true);
      for (const e of o['relevant-evidence'] ?? []) if (e.href) expect(files.has(e.href), e.href).toBe(true);
    }
    const audit = result.findings.find((f: { title: string }) => f.title.includes('164.312(b)'));
    expect(audit.target).toMatchObject({ type: 'objective-id', 'target-id': 'hipaa-164.312_b' });
    expect(['satisfied', 'not-satisfied']).toContain(audit.target.status.state);
    for (const f of result.findings) {
      expect(f.uuid).toMatch(UUID);
      for (const r of f['related-observations'] ?? [])
        expect(observations.has(r['observation-uuid'])).toBe(true);
    }
    expect(JSON.stringify(result)).toContain(CONTRACTOR);
  });

  it('writes a self-contained index.html', () => {
    const html = files.get('index.html')!.toString('utf8');
    expect(html).toContain(DEMO_ORG.replace('(', '(').slice(0, 20));
    expect(html).toContain('164.312(b)');
    expect(html).toContain(binder.evidenceRootHash);
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  it('verifies untouched, as a zip and unzipped', async () => {
    const zipped = await verifyBinder(binder.zipPath);
    expect(zipped.problems).toEqual([]);
    expect(zipped).toMatchObject({ ok: true, signature: 'valid', rootHash: binder.rootHash });
    expect(zipped.evidenceRootHash).toBe(binder.evidenceRootHash);
    const dir = join(work, 'unzipped');
    unpack(files, dir);
    const report = await verifyBinder(dir);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('reads the period page by page to the same evidence', async () => {
    const paged = await exportBinder(
      {
        ...DEMO_PERIOD,
        outDir: join(work, 'paged'),
        organisation: DEMO_ORG,
        generator: { name: 'test', version: '9.9.9' },
      },
      {
        reader: new DynamoDbEvidenceReader({ store, pageSize: 2, lookahead: 1 }),
        now: () => new Date('2026-11-02T10:00:00.000Z'),
      },
    );
    expect(paged.evidenceRootHash).toBe(binder.evidenceRootHash);
    expect(paged.records).toBe(binder.records);
  });

  it('starts a period mid-chain from the verdicts before it, and verifies', async () => {
    const mid = await exportBinder(
      {
        from: '2026-10-10T00:00:00.000Z',
        to: '2026-10-20T23:59:59.999Z',
        outDir: join(work, 'mid'),
        generator: { name: 'test', version: '9.9.9' },
      },
      { reader: new DynamoDbEvidenceReader({ store }) },
    );
    const encryption = mid.model.citations.find((c) => c.citation === '164.312(a)(2)(iv)')!;
    const bucket = encryption.resources.find(
      (r) =>
        r.subject.arn === 'arn:aws:s3:::rch-ephi-patient-records' && r.controlId === 's3-bucket-encryption',
    );
    expect(bucket).toMatchObject({ status: 'COMPLIANT', inPeriod: false });
    expect(encryption.drifts).toEqual([]);
    const audit = mid.model.citations.find((c) => c.citation === '164.312(b)')!;
    expect(audit.drifts.map((d) => d.actor?.principalArn)).toContain(CONTRACTOR);
    expect(mid.records).toBeLessThan(binder.records);
    const report = await verifyBinder(mid.zipPath);
    expect(report.problems).toEqual([]);
  });

  describe('verify rejects a binder that was changed', () => {
    let n = 0;
    /** A fresh unzipped copy, changed by `change`, then verified. */
    async function tampered(change: (dir: string) => void) {
      const dir = join(work, `tampered-${++n}`);
      unpack(files, dir);
      change(dir);
      return verifyBinder(dir);
    }
    const firstEvidence = () => [...files.keys()].find((f) => f.startsWith('evidence/'))!;

    it('one evidence file changed', async () => {
      const name = firstEvidence();
      const report = await tampered((dir) => {
        const path = join(dir, name);
        writeFileSync(path, readFileSync(path, 'utf8').replace('"region":"', '"region":"x'));
      });
      expect(report.ok).toBe(false);
      expect(report.problems.some((p) => p.startsWith(name) && /does not match the manifest/.test(p))).toBe(
        true,
      );
      expect(report.problems.some((p) => p.startsWith(name) && /hash/.test(p))).toBe(true);
    });

    it('one byte of the PDF changed inside the zip', async () => {
      const copy = join(work, 'pdf-byte.zip');
      const zip = readFileSync(binder.zipPath);
      // the PDF is stored uncompressed: find its bytes and flip one in the middle
      const pdf = files.get('binder-2026-10-01-2026-10-31.pdf')!;
      const at = zip.indexOf(pdf.subarray(0, 64));
      expect(at).toBeGreaterThan(0);
      const middle = at + Math.floor(pdf.length / 2);
      zip[middle] = zip[middle]! ^ 0x01;
      writeFileSync(copy, zip);
      const report = await verifyBinder(copy);
      expect(report.ok).toBe(false);
      expect(report.problems.join('\n')).toMatch(
        /binder-2026-10-01-2026-10-31\.pdf: does not match the manifest/,
      );
    });

    it('the manifest edited', async () => {
      const report = await tampered((dir) => {
        const path = join(dir, 'manifest.json');
        const m = JSON.parse(readFileSync(path, 'utf8'));
        m.files[0].bytes += 1;
        writeFileSync(path, JSON.stringify(m));
      });
      expect(report.ok).toBe(false);
      expect(report.problems.some((p) => /root hash does not match/.test(p))).toBe(true);
      expect(report.signature).toBe('valid');
    });

    it('a manifest whose root hash was recomputed after an edit: the signature fails', async () => {
      const report = await tampered((dir) => {
        const name = firstEvidence();
        unlinkSync(join(dir, name));
        const path = join(dir, 'manifest.json');
        const m = JSON.parse(readFileSync(path, 'utf8'));
        m.files = m.files.filter((f: { path: string }) => f.path !== name);
        m.rootHash = rootHashOf(m.files);
        writeFileSync(path, JSON.stringify(m));
      });
      expect(report.ok).toBe(false);
      expect(report.signature).toBe('invalid');
    });

    it('a file removed', async () => {
      const report = await tampered((dir) => unlinkSync(join(dir, 'index.html')));
      expect(report.ok).toBe(false);
      expect(report.problems).toContain('index.html: listed in the manifest but missing');
    });

    it('a file added', async () => {
      const report = await tampered((dir) => writeFileSync(join(dir, 'evidence', 'note.txt'), 'hello'));
      expect(report.ok).toBe(false);
      expect(report.problems).toContain('evidence/note.txt: not listed in the manifest (added)');
    });

    it('a bad signature', async () => {
      const report = await tampered((dir) => {
        const path = join(dir, 'manifest.sig');
        const sig = Buffer.from(readFileSync(path, 'ascii').trim(), 'base64');
        sig[0] = sig[0]! ^ 0xff;
        writeFileSync(path, `${sig.toString('base64')}\n`);
      });
      expect(report.ok).toBe(false);
      expect(report.signature).toBe('invalid');
    });

    it('a signature by another key than the trusted one', async () => {
      const other = LocalEd25519Signer.open(join(work, 'other-keys'));
      const report = await verifyBinder(binder.zipPath, { trustedPublicKeyPem: await other.publicKeyPem() });
      expect(report.ok).toBe(false);
      expect(report.problems.join('\n')).toMatch(/not the trusted key|does not verify/);
    });

    it('whitespace after the manifest JSON changes nothing the manifest covers', async () => {
      const report = await tampered((dir) => {
        appendFileSync(join(dir, 'manifest.json'), ' ');
      });
      // whitespace after the JSON is still the same manifest: only content counts
      expect(report.ok).toBe(true);
    });
  });
});

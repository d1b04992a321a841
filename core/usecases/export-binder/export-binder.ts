/**
 * Export use case: the OCR-ready binder for a period, streamed from the store to
 * `<outDir>/binder-<from>-<to>.zip` and the PDF beside it, with bounded memory.
 *
 * 1. Snapshot the chain heads: only records committed by then are in the binder, so concurrent
 *    ingest never makes it inconsistent.
 * 2. Read the period once from the store: verify every record, fold it into per-(resource, control)
 *    aggregates (`PeriodAggregator`), and spool its canonical JSON to a work folder beside the output.
 *    Chains are read whole only where the period's baseline needs it.
 * 3. Read the spool: each record goes into the zip, its manifest entry and index row into spool files,
 *    and the root hashes advance.
 * 4. OSCAL, index.html and the PDF from the model and the spooled index, then manifest.json, the
 *    optional signature, and the zip's central directory. Files appear under their final names only
 *    when complete; the work folder is removed either way.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { BinderManifestFile, EvidenceRecord } from '../../../evidence-schemas';
import { htmlHead, htmlIndexRow, htmlTail } from '../../adapters/binder/html';
import { oscalJson } from '../../adapters/binder/oscal';
import { writeBinderPdf } from '../../adapters/binder/pdf';
import { ZipWriter } from '../../adapters/binder/zip-writer';
import { checkRecordCanonical } from '../../domain/binder/canonical-record';
import { EPHI_INVENTORY_PATH, ephiInventoryJson } from '../../domain/binder/coverage-sections';
import {
  BinderSourceIntegrityError,
  type SourceProblem,
  StoreChangedDuringExportError,
} from '../../domain/binder/errors';
import {
  buildHumanEvidence,
  documentsToInclude,
  type HumanEvidence,
  isHumanEvidenceSubject,
} from '../../domain/binder/human-evidence';
import type { IndexRow } from '../../domain/binder/index-row';
import {
  binderBaseName,
  EVIDENCE_DIR,
  HTML_PATH,
  MANIFEST_PATH,
  manifestEntryText,
  OSCAL_PATH,
  PUBLIC_KEY_PATH,
  RootHasher,
  SIGNATURE_PATH,
  signedMessage,
  subjectDirName,
} from '../../domain/binder/manifest';
import { type BinderModel, belongsTo, type HeadSnapshot, PeriodAggregator } from '../../domain/binder/model';
import { verifyChain } from '../../domain/chain';
import { sha256Hex } from '../../domain/hashing';
import { DocumentNotFoundError, type DocumentStore } from '../../ports/document-store';
import type { EvidenceReader } from '../../ports/evidence-reader';
import type { Signer } from '../../ports/signer';
import { hashFile } from '../../support/file-hash';
import { AnchorWriter } from './anchors';
import { makeWorkDir } from './work-dir';

export type BinderPhase = 'heads' | 'aggregate' | 'chains' | 'evidence' | 'documents' | 'finish';

export interface BinderProgress {
  phase: BinderPhase;
  done: number;
  /** known for the evidence phase (the read of the period counted the records) */
  total?: number;
}

export interface BinderExportOptions {
  /** first instant of the period, ISO 8601 UTC */
  from: string;
  /** last instant of the period, ISO 8601 UTC (included) */
  to: string;
  outDir: string;
  accounts?: string[];
  title?: string;
  organisation?: string;
  generator: { name: string; version: string };
}

export interface BinderExportDeps {
  reader: EvidenceReader;
  /** signs the root hash; the binder is unsigned without one */
  signer?: Signer;
  /** where uploaded documents are: each one on file goes into the zip under manual/ */
  documents?: DocumentStore;
  /** the public key of the daily checkpoints (default: the signer's, the key that signs them locally) */
  checkpointPublicKeyPem?: string;
  now?: () => Date;
  onProgress?: (progress: BinderProgress) => void;
}

export interface BinderExportResult {
  zipPath: string;
  pdfPath: string;
  rootHash: string;
  /** root hash over the evidence files only: the one printed on the PDF cover */
  evidenceRootHash: string;
  /** files listed in the manifest */
  files: number;
  records: number;
  subjects: number;
  drifts: number;
  resolved: number;
  /** records of the period left out because they were not committed when the export began */
  uncommitted: number;
  pages: number;
  zipBytes: number;
  signed: boolean;
  /** SHA-256 of the public key (SPKI DER), when signed */
  publicKeyFingerprint?: string;
  /** how the records are anchored in the signed daily checkpoints */
  anchors: BinderAnchorSummary;
  model: BinderModel;
}

export interface BinderAnchorSummary {
  /** checkpoints carried */
  checkpoints: number;
  /** records with an inclusion proof */
  anchored: number;
  /** records of days without a checkpoint yet (today, or the checkpoint has not run) */
  unanchored: number;
  /** days whose stored records no longer add up to their signed checkpoint: the binder will not verify */
  mismatches: string[];
}

export const DEFAULT_BINDER_TITLE = 'HIPAA Security Rule evidence binder';
const MAX_PROBLEMS = 50;
/**
 * Rows of the evidence list in index.html: past this a browser struggles, so the page says how many
 * more there are and where they are (the evidence folder and the PDF's index list every record).
 */
export const HTML_INDEX_LIMIT = 100_000;

/** Writes one binder. Throws BinderSourceIntegrityError, and writes nothing, when evidence does not verify. */
export async function exportBinder(
  options: BinderExportOptions,
  deps: BinderExportDeps,
): Promise<BinderExportResult> {
  const now = deps.now ?? (() => new Date());
  const progress = deps.onProgress ?? (() => undefined);
  const generatedAt = now().toISOString();
  const { from, to } = options;

  // 1. heads
  const heads: HeadSnapshot[] = [];
  for await (const h of deps.reader.heads()) {
    heads.push({
      subjectKey: h.subjectKey,
      subject: h.subject,
      sequence: h.sequence,
      recordHash: h.recordHash,
      posture: h.posture,
      ...(h.ephi ? { ephi: h.ephi } : {}),
    });
    if (heads.length % 1000 === 0) progress({ phase: 'heads', done: heads.length });
  }
  progress({ phase: 'heads', done: heads.length });
  const aggregator = new PeriodAggregator(
    { from, to, ...(options.accounts ? { accounts: options.accounts } : {}) },
    heads,
  );
  const headByKey = new Map(heads.map((h) => [h.subjectKey, h]));

  const base = binderBaseName(from, to);
  const zipPath = join(options.outDir, `${base}.zip`);
  const pdfName = `${base}.pdf`;
  const pdfPath = join(options.outDir, pdfName);
  await mkdir(options.outDir, { recursive: true });
  const work = await makeWorkDir(options.outDir, base);
  let zip: ZipWriter | undefined;
  let anchorWriter: AnchorWriter | undefined;
  try {
    // 2. the one read of the period: verify, aggregate, spool
    const problems: SourceProblem[] = [];
    let problemCount = 0;
    const problem = (p: SourceProblem) => {
      problemCount++;
      if (problems.length < MAX_PROBLEMS) problems.push(p);
    };
    const recordSpool = new LineSpool(join(work, 'records.lines'));
    let read = 0;
    let firstRecordedDay: string | undefined;
    // records a writer never committed, of days that may have a checkpoint (before today): their
    // leaves are in a signed tree, so the anchors account for them (a crash leaves few)
    const leftOut: EvidenceRecord[] = [];
    for await (const d of deps.reader.recordsObservedBetween(from, to)) {
      const checked = verified(d.subjectKey, d.doc, problem);
      const exclusion = checked ? aggregator.add(d.subjectKey, checked.record) : undefined;
      if (checked && exclusion === undefined) {
        await recordSpool.write(spoolLine(d.subjectKey, checked.record, checked.canonical));
        const day = checked.record.recordedAt.slice(0, 10);
        if (firstRecordedDay === undefined || day < firstRecordedDay) firstRecordedDay = day;
      } else if (
        checked &&
        exclusion === 'uncommitted' &&
        checked.record.recordedAt < generatedAt.slice(0, 10)
      )
        leftOut.push(checked.record);
      if (++read % 1000 === 0) progress({ phase: 'aggregate', done: read });
    }
    await recordSpool.close();
    progress({ phase: 'aggregate', done: read });
    const walk = aggregator.subjectsNeedingChain();
    let walked = 0;
    for (const key of walk) {
      const head = headByKey.get(key)!;
      const good: EvidenceRecord[] = [];
      for (const d of await deps.reader.chainDocs(key)) {
        const r = verified(key, d.doc, problem);
        if (r) good.push(r.record);
      }
      const chain = verifyChain(good, { sequence: head.sequence, recordHash: head.recordHash });
      for (const p of chain.problems) problem({ subjectKey: key, ...p });
      aggregator.settleFromChain(key, chain.path);
      progress({ phase: 'chains', done: ++walked, total: walk.length });
    }
    const humanRecords = await readHumanEvidenceChains(heads, options.accounts, deps.reader, problem);
    if (problemCount > 0) throw new BinderSourceIntegrityError(problems, problemCount);
    aggregator.settleRest();
    const model = aggregator.build({
      title: options.title ?? DEFAULT_BINDER_TITLE,
      ...(options.organisation ? { organisation: options.organisation } : {}),
      generatedAt,
      generator: options.generator,
    });
    model.human = {
      ...buildHumanEvidence(humanRecords, { from, to }, model.scope.accounts),
      documentsIncluded: deps.documents !== undefined,
    };

    // 3. the evidence files, from the spool, each proven against its day's signed checkpoint
    const anchors = await AnchorWriter.open({
      reader: deps.reader,
      from,
      to,
      firstRecordedDay,
      complete: options.accounts === undefined || options.accounts.length === 0,
      publicKeyPem: deps.checkpointPublicKeyPem ?? (await deps.signer?.publicKeyPem()),
      workDir: work,
    });
    anchorWriter = anchors;
    for (const r of leftOut.splice(0)) await anchors.leftOut({ ...r, recordHash: r.integrity.recordHash });
    zip = await ZipWriter.create(join(work, 'binder.zip'), { mtime: new Date(generatedAt) });
    const manifestSpool = new LineSpool(join(work, 'manifest.lines'));
    const indexSpool = new LineSpool(join(work, 'index.lines'));
    const root = new RootHasher();
    const evidenceRoot = new RootHasher();
    const list = async (file: BinderManifestFile, evidence: boolean) => {
      root.add(file);
      if (evidence) evidenceRoot.add(file);
      await manifestSpool.write(manifestEntryText(file));
    };
    const htmlFile = join(work, 'index.html');
    const html = new HashedFile(htmlFile);
    await html.write(htmlHead(model, { pdfPath: pdfName }));
    const total = model.counts.records;
    let written = 0;
    const dirs = new Map<string, string>();
    for await (const line of recordSpool.rows()) {
      const { subjectKey, record, canonical } = parseSpoolLine(line);
      // a record a chain read showed to be uncommitted (a crashed writer's, at a reused sequence)
      if (aggregator.exclusion(subjectKey, record)) {
        await anchors.leftOut(record);
        continue;
      }
      const data = Buffer.from(canonical, 'utf8');
      const sha256 = sha256Hex(data);
      let dir = dirs.get(subjectKey);
      if (dir === undefined) {
        dir = subjectDirName(subjectKey);
        dirs.set(subjectKey, dir);
      }
      const path = `${EVIDENCE_DIR}/${dir}/${String(record.integrity.sequence).padStart(10, '0')}-${record.evidenceId}.json`;
      await zip.addBuffer(path, data);
      await list({ path, sha256, bytes: data.length }, true);
      await anchors.prove(record, path);
      const row: IndexRow = {
        observedAt: record.observedAt,
        evidenceId: record.evidenceId,
        source: record.source,
        sequence: record.integrity.sequence,
        recordHash: record.integrity.recordHash,
        subjectKey,
        path,
      };
      if (written < HTML_INDEX_LIMIT) await html.write(htmlIndexRow(row));
      await indexSpool.write(rowLine(row));
      if (++written % 1000 === 0) progress({ phase: 'evidence', done: written, total });
    }
    progress({ phase: 'evidence', done: written, total });
    if (written !== total)
      throw new StoreChangedDuringExportError(
        `the period's records do not add up (${total} in the aggregates, ${written} written): no binder was written; run again`,
      );
    await indexSpool.close();
    const evidenceRootHash = evidenceRoot.digest();
    await addDocuments(model.human, deps.documents, zip, work, list);
    const openZip = zip;
    await anchors.finish(async (path, file) => {
      await openZip.addFile(path, file);
      await list({ path, ...(await hashFile(file)) }, false);
    });

    // 4. the documents
    progress({ phase: 'documents', done: 0 });
    const oscalFile = join(work, 'assessment-results.json');
    const oscal = await writeHashed(oscalFile, async (write) => {
      for (const piece of oscalJson(model, { pdfPath: pdfName })) await write(piece);
    });
    await zip.addFile(OSCAL_PATH, oscalFile);
    await list({ path: OSCAL_PATH, ...oscal }, false);
    const ephiData = Buffer.from(ephiInventoryJson(model.ephiInventory, generatedAt), 'utf8');
    await zip.addBuffer(EPHI_INVENTORY_PATH, ephiData);
    await list({ path: EPHI_INVENTORY_PATH, sha256: sha256Hex(ephiData), bytes: ephiData.length }, false);

    await html.write(
      htmlTail({
        evidenceRootHash,
        evidenceFiles: evidenceRoot.size,
        omitted: Math.max(0, written - HTML_INDEX_LIMIT),
      }),
    );
    await zip.addFile(HTML_PATH, htmlFile);
    await list({ path: HTML_PATH, ...(await html.close()) }, false);

    const pdfWork = join(work, pdfName);
    let indexed = 0;
    const { pages } = await writeBinderPdf({
      model,
      evidenceRootHash,
      evidenceFiles: evidenceRoot.size,
      indexRows: mapRows(indexSpool.rows(), parseRowLine),
      path: pdfWork,
      onIndexRow: () => {
        if (++indexed % 5000 === 0) progress({ phase: 'documents', done: indexed, total });
      },
    });
    // a PDF's streams are compressed already: stored as is
    await zip.addFile(pdfName, pdfWork, { compress: false });
    await list({ path: pdfName, ...(await hashFile(pdfWork)) }, false);

    // manifest, signature, central directory
    progress({ phase: 'finish', done: 0 });
    const rootHash = root.digest();
    await manifestSpool.close();
    const manifestFile = join(work, MANIFEST_PATH);
    await writeHashed(manifestFile, async (write) => {
      await write('{"files":[\n');
      let first = true;
      for await (const line of manifestSpool.rows()) {
        await write(`${first ? '' : ',\n'}${line}`);
        first = false;
      }
      await write(`\n],\n"rootHash":"${rootHash}"}\n`);
    });
    await zip.addFile(MANIFEST_PATH, manifestFile);
    let publicKeyFingerprint: string | undefined;
    if (deps.signer) {
      const signature = Buffer.from(await deps.signer.sign(signedMessage(rootHash)));
      const pem = await deps.signer.publicKeyPem();
      await zip.addBuffer(SIGNATURE_PATH, Buffer.from(`${signature.toString('base64')}\n`, 'ascii'));
      await zip.addBuffer(PUBLIC_KEY_PATH, Buffer.from(pem, 'utf8'));
      publicKeyFingerprint = publicKeyFingerprintOf(pem);
    }
    const files = root.size;
    await zip.close();
    const zipBytes = (await stat(zip.path)).size;
    await rename(zip.path, zipPath);
    await rename(pdfWork, pdfPath);
    progress({ phase: 'finish', done: 1 });
    return {
      zipPath,
      pdfPath,
      rootHash,
      evidenceRootHash,
      files,
      records: model.counts.records,
      subjects: model.counts.subjects,
      drifts: model.counts.drifts,
      resolved: model.counts.resolved,
      uncommitted: model.counts.uncommitted,
      pages,
      zipBytes,
      signed: deps.signer !== undefined,
      ...(publicKeyFingerprint ? { publicKeyFingerprint } : {}),
      anchors: {
        checkpoints: anchors.checkpointCount,
        anchored: anchors.anchored,
        unanchored: anchors.unanchored,
        mismatches: anchors.mismatches,
      },
      model,
    };
  } catch (error) {
    await zip?.abort();
    anchorWriter?.abort();
    throw error;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * The committed records of every human-evidence chain in scope (reviews, exceptions, decisions,
 * documents), verified: few and small chains, read whole.
 */
async function readHumanEvidenceChains(
  heads: HeadSnapshot[],
  accounts: string[] | undefined,
  reader: EvidenceReader,
  problem: (p: SourceProblem) => void,
): Promise<EvidenceRecord[]> {
  const out: EvidenceRecord[] = [];
  for (const head of heads) {
    if (!isHumanEvidenceSubject(head.subject)) continue;
    if (accounts && !accounts.includes(head.subject.accountId)) continue;
    const good: EvidenceRecord[] = [];
    for (const d of await reader.chainDocs(head.subjectKey)) {
      const r = verified(head.subjectKey, d.doc, problem);
      if (r) good.push(r.record);
    }
    const chain = verifyChain(good, { sequence: head.sequence, recordHash: head.recordHash });
    for (const p of chain.problems) problem({ subjectKey: head.subjectKey, ...p });
    out.push(...chain.path);
  }
  return out;
}

/**
 * Copies each uploaded document on file into the zip under manual/, streamed through a work file and
 * checked against its SHA-256 on the way: a document that changed in the store fails the export.
 */
async function addDocuments(
  human: HumanEvidence | undefined,
  documents: DocumentStore | undefined,
  zip: ZipWriter,
  work: string,
  list: (file: BinderManifestFile, evidence: boolean) => Promise<void>,
): Promise<void> {
  const wanted = human ? documentsToInclude(human) : [];
  if (wanted.length === 0) return;
  const missing = (sha256: string, why: string) =>
    new BinderSourceIntegrityError([{ subjectKey: `document ${sha256}`, problem: why }], 1);
  // without a document store (the deployed export, until it is given the bucket) the section lists
  // every upload by hash and says the files are not included (documentsIncluded, set with the model)
  if (!documents) return;
  for (const doc of wanted) {
    const file = join(work, `document-${doc.sha256}`);
    let copied: { sha256: string; bytes: number };
    try {
      copied = await writeHashedStream(file, await documents.openRead(doc.sha256));
    } catch (error) {
      if (error instanceof DocumentNotFoundError) throw missing(doc.sha256, `not in ${documents.location}`);
      throw error;
    }
    if (copied.sha256 !== doc.sha256)
      throw missing(doc.sha256, `the stored document's bytes hash to ${copied.sha256}`);
    await zip.addFile(doc.path, file);
    await list({ path: doc.path, ...copied }, false);
    await rm(file, { force: true });
  }
}

/** Writes a stream to a file, hashing it on the way. */
async function writeHashedStream(
  path: string,
  source: AsyncIterable<unknown>,
): Promise<{ sha256: string; bytes: number }> {
  const file = new HashedFile(path);
  for await (const chunk of source) {
    if (!(chunk instanceof Uint8Array)) throw new TypeError('a document stream yielded text, not bytes');
    await file.writeBytes(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return file.close();
}

/** Re-derives a record's hashes and checks it is stored under its own subject; with its canonical text. */
function verified(
  subjectKey: string,
  doc: unknown,
  problem: (p: SourceProblem) => void,
): { record: EvidenceRecord; canonical: string } | undefined {
  const { record, problems, canonical } = checkRecordCanonical(doc);
  for (const p of problems) problem({ subjectKey, ...p });
  if (!record || canonical === undefined || problems.length > 0) return undefined;
  if (!belongsTo(subjectKey, record)) {
    problem({
      subjectKey,
      evidenceId: record.evidenceId,
      sequence: record.integrity.sequence,
      problem: 'record belongs to another subject',
    });
    return undefined;
  }
  return { record, canonical };
}

/** What the evidence files, the manifest and the index need of a spooled record. */
interface SpooledRecord {
  evidenceId: string;
  observedAt: string;
  recordedAt: string;
  recordHash: string;
  source: string;
  subject: { accountId: string };
  integrity: { sequence: number; recordHash: string };
}

const SpoolHeadSchema = z.tuple([
  z.string(),
  z.string(),
  z.string(),
  z.string(),
  z.string(),
  z.number().int().positive(),
  z.string(),
  z.string(),
]);

/**
 * One spooled record: a JSON header (subject key, evidence id, time, source, account, sequence, record
 * hash, recorded time), a tab, then the record's canonical JSON (which never holds a raw tab or line break).
 */
function spoolLine(subjectKey: string, r: EvidenceRecord, canonical: string): string {
  return `${JSON.stringify([
    subjectKey,
    r.evidenceId,
    r.observedAt,
    sourceLabel(r),
    r.subject.accountId,
    r.integrity.sequence,
    r.integrity.recordHash,
    r.recordedAt,
  ])}\t${canonical}`;
}

function parseSpoolLine(line: string): { subjectKey: string; record: SpooledRecord; canonical: string } {
  const tab = line.indexOf('\t');
  const [subjectKey, evidenceId, observedAt, source, accountId, sequence, recordHash, recordedAt] =
    SpoolHeadSchema.parse(JSON.parse(line.slice(0, tab)));
  return {
    subjectKey,
    record: {
      evidenceId,
      observedAt,
      recordedAt,
      recordHash,
      source,
      subject: { accountId },
      integrity: { sequence, recordHash },
    },
    canonical: line.slice(tab + 1),
  };
}

function sourceLabel(r: { source: { kind: string; eventName?: string; configRuleName?: string } }): string {
  const detail = r.source.eventName ?? r.source.configRuleName;
  return detail ? `${r.source.kind} ${detail}` : r.source.kind;
}

/** SHA-256 (hex) of a public key's DER encoding, from its PEM. */
export function publicKeyFingerprintOf(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return sha256Hex(der);
}

/** Lines appended to a file with back-pressure, read back in order. */
class LineSpool {
  private readonly out: WriteStream;

  constructor(readonly path: string) {
    this.out = createWriteStream(path);
  }

  async write(line: string): Promise<void> {
    if (!this.out.write(`${line}\n`)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }

  async *rows(): AsyncIterable<string> {
    const lines = createInterface({
      input: createReadStream(this.path),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    for await (const line of lines) if (line.length > 0) yield line;
  }
}

async function* mapRows<T, U>(rows: AsyncIterable<T>, fn: (row: T) => U): AsyncIterable<U> {
  for await (const row of rows) yield fn(row);
}

/** A file written in pieces, hashed as it is written. */
class HashedFile {
  private readonly out: WriteStream;
  private readonly hash = createHash('sha256');
  private bytes = 0;

  constructor(readonly path: string) {
    this.out = createWriteStream(path);
  }

  async write(text: string): Promise<void> {
    await this.writeBytes(Buffer.from(text, 'utf8'));
  }

  async writeBytes(data: Buffer): Promise<void> {
    this.hash.update(data);
    this.bytes += data.length;
    if (!this.out.write(data)) await once(this.out, 'drain');
  }

  async close(): Promise<{ sha256: string; bytes: number }> {
    this.out.end();
    await once(this.out, 'finish');
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }
}

/** Writes a file through `fill`, returning its SHA-256 and size. */
async function writeHashed(
  path: string,
  fill: (write: (text: string) => Promise<void>) => Promise<void>,
): Promise<{ sha256: string; bytes: number }> {
  const file = new HashedFile(path);
  await fill((text) => file.write(text));
  return file.close();
}

const clean = (s: string) => s.replace(/[\t\r\n]/g, ' ');

/** An index row as one tab-separated line of the spool (no field holds a tab or a line break). */
function rowLine(r: IndexRow): string {
  return [
    r.observedAt,
    r.evidenceId,
    clean(r.source),
    r.sequence,
    r.recordHash,
    clean(r.subjectKey),
    r.path,
  ].join('\t');
}

function parseRowLine(line: string): IndexRow {
  const [
    observedAt = '',
    evidenceId = '',
    source = '',
    sequence = '0',
    recordHash = '',
    subjectKey = '',
    path = '',
  ] = line.split('\t');
  return { observedAt, evidenceId, source, sequence: Number(sequence), recordHash, subjectKey, path };
}

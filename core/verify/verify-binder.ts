/**
 * Offline verification of a binder (zip or unzipped folder); no store is needed. It holds when:
 * every file listed in manifest.json is there with its SHA-256 and size; nothing else is there but
 * the manifest, the signature and the public key; the root hash is the hash of the listed files;
 * every evidence record is canonical JSON whose hashes re-derive and whose file name matches it;
 * consecutive records of each resource link (a period may start or end mid-chain, so only links
 * between records that are both present are checked); the signature, when present, verifies; and
 * the daily checkpoints the binder carries verify, each record of a checkpointed day is proven in its
 * day's signed tree, and every leaf of each day observed in the period is there (verify-anchors.ts).
 *
 * All of that shows the binder is whole since someone signed it, not who: it ships its own key. Only
 * a key trusted from outside the binder (trust.ts) makes it verified; with one, the signature and
 * the anchors are required, and the checkpoints are checked against a trusted key too.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import {
  type BinderManifest,
  BinderManifestSchema,
  type EvidenceRecord,
  GENESIS_HASH,
} from '../../evidence-schemas';
import {
  CHECKPOINT_KEY_PATH,
  EVIDENCE_DIR,
  MANIFEST_PATH,
  PROOFS_PATH,
  PUBLIC_KEY_PATH,
  parseEvidencePath,
  SIGNATURE_PATH,
  subjectDirName,
  UNLISTED_PATHS,
} from '../domain/binder/layout';
import { RootHasher, rootHashOf } from '../domain/binder/manifest';
import { checkRecord } from '../domain/chain';
import { canonicalJson } from '../domain/hashing';
import { subjectKey } from '../domain/observation';
import {
  checkSignature,
  chooseCheckpointKey,
  chooseSigningKey,
  type KeyFileNames,
  type TrustReport,
  type TrustSource,
} from './trust';
import { ANCHOR_FILES, AnchorChecker, type AnchorReport } from './verify-anchors';

export interface BinderVerifyReport {
  /**
   * no problem found: the binder is intact. Says nothing about who signed it: it is verified only
   * when `trust.status` is `trusted` too.
   */
  ok: boolean;
  path: string;
  kind: 'zip' | 'directory';
  /** files in the binder, the manifest included */
  files: number;
  evidenceRecords: number;
  subjects: number;
  rootHash?: string;
  /** root hash over the evidence files only (printed on the PDF cover) */
  evidenceRootHash?: string;
  signature: 'valid' | 'invalid' | 'absent';
  /** SHA-256 of the verifying public key (SPKI DER) */
  publicKeyFingerprint?: string;
  /** whether a key from outside the binder vouches for its signature */
  trust: TrustReport;
  problems: string[];
  /** what does not fail the binder but a reader should know (records not yet anchored) */
  warnings: string[];
  /** how the records are anchored in the signed daily checkpoints */
  anchors: AnchorReport;
}

export interface BinderVerifyOptions {
  /** a public key (SPKI PEM) the binder must be signed with */
  trustedPublicKeyPem?: string;
  /**
   * a public key (SPKI PEM) the daily checkpoints must be signed with (default: the trusted binder
   * key, or the shipped checkpoint key when it is trusted; without a trusted key, the binder's copy)
   */
  trustedCheckpointKeyPem?: string;
  /** keys trusted by fingerprint: given (the binder must be signed by one), listed, the user's own */
  trust?: TrustSource[];
}

const KEY_FILES: KeyFileNames = { signature: SIGNATURE_PATH, publicKey: PUBLIC_KEY_PATH };

/** A file of the binder as read: its hash and size, and its bytes when the verifier needs them. */
interface Seen {
  sha256: string;
  bytes: number;
  data?: Buffer;
}

/** The most the verifier holds of one file it parses whole (manifest, signature, key, records, anchors). */
const KEEP_LIMIT = 64 * 1024 * 1024;
/** Deflated entries this small, compressed and declared, are inflated in one call. */
const SMALL_ENTRY = 1024 * 1024;
/** The longest line of the proofs file (one inclusion proof is a few kilobytes). */
const LINE_LIMIT = 1024 * 1024;

/** Reads every file of a binder, in archive (or directory walk) order. */
type Source = (visit: (path: string, open: () => Promise<Readable>) => Promise<void>) => Promise<void>;

/** Verifies the binder at `path` (a .zip file or a directory). */
export async function verifyBinder(
  path: string,
  options: BinderVerifyOptions = {},
): Promise<BinderVerifyReport> {
  const info = await stat(path);
  const kind = info.isDirectory() ? 'directory' : 'zip';
  const source = kind === 'directory' ? directorySource(path) : zipSource(path);
  const problems: string[] = [];
  const seen = new Map<string, Seen>();
  const chains = new Map<
    string,
    Map<number, { recordHash: string; previousHash: string; evidenceId: string }>
  >();
  let evidenceRecords = 0;
  const warnings: string[] = [];
  const anchors = new AnchorChecker(problems, warnings);

  try {
    await source(async (name, open) => {
      if (seen.has(name)) {
        problems.push(`${name}: appears twice in the binder`);
        return;
      }
      const keep = UNLISTED_PATHS.has(name) || name.startsWith(`${EVIDENCE_DIR}/`) || ANCHOR_FILES.has(name);
      let file: Seen;
      try {
        if (name === PROOFS_PATH) anchors.proofsPresent();
        file =
          name === PROOFS_PATH
            ? await digestLines(await open(), (line) => anchors.proofLine(line))
            : await digest(await open(), keep);
      } catch (error) {
        problems.push(`${name}: cannot be read (${(error as Error).message})`);
        seen.set(name, { sha256: '', bytes: -1 });
        return;
      }
      seen.set(name, { sha256: file.sha256, bytes: file.bytes });
      if (UNLISTED_PATHS.has(name)) seen.get(name)!.data = file.data;
      if (name.startsWith(`${EVIDENCE_DIR}/`) && file.data) {
        evidenceRecords++;
        const record = checkEvidence(name, file.data, chains, problems);
        if (record) anchors.addEvidence(name, record);
      }
      if (ANCHOR_FILES.has(name) && file.data) anchors.addFile(name, file.data);
    });
  } catch (error) {
    problems.push(`the binder cannot be read as a ${kind}: ${(error as Error).message}`);
  }

  // links between consecutive records present, per resource
  for (const [dir, bySeq] of chains) {
    for (const [seq, r] of bySeq) {
      if (seq === 1 && r.previousHash !== GENESIS_HASH)
        problems.push(
          `${EVIDENCE_DIR}/${dir}: record 1 (${r.evidenceId}) does not start from the genesis hash`,
        );
      const prev = bySeq.get(seq - 1);
      if (prev && prev.recordHash !== r.previousHash)
        problems.push(
          `${EVIDENCE_DIR}/${dir}: record ${seq} (${r.evidenceId}) does not link to record ${seq - 1} (${prev.evidenceId})`,
        );
    }
  }

  // the keys are chosen once every file is read (the binder's own key comes last in the zip)
  const sig = seen.get(SIGNATURE_PATH)?.data;
  const sources = options.trust ?? [];
  const signingKey = chooseSigningKey(
    {
      signature: sig,
      shippedPem: seen.get(PUBLIC_KEY_PATH)?.data?.toString('utf8'),
      trustedPem: options.trustedPublicKeyPem,
      sources,
    },
    problems,
    KEY_FILES,
  );
  const checkpointKey = chooseCheckpointKey(
    signingKey,
    { shippedPem: anchors.shippedKeyPem(), trustedPem: options.trustedCheckpointKeyPem, sources },
    problems,
    CHECKPOINT_KEY_PATH,
  );
  const report: BinderVerifyReport = {
    ok: false,
    path,
    kind,
    files: seen.size,
    evidenceRecords,
    subjects: chains.size,
    signature: 'absent',
    ...(signingKey.trust.fingerprint ? { publicKeyFingerprint: signingKey.trust.fingerprint } : {}),
    trust: signingKey.trust,
    problems,
    warnings,
    anchors: anchors.finish({ keyPem: checkpointKey.pem, required: checkpointKey.required }),
  };

  const manifest = readManifest(seen.get(MANIFEST_PATH)?.data, problems);
  if (!manifest) {
    // nothing was signed that could be checked: no key vouches for this binder
    if (report.trust.status === 'trusted' || report.trust.status === 'untrusted')
      report.trust = {
        status: 'mismatch',
        ...(report.publicKeyFingerprint ? { fingerprint: report.publicKeyFingerprint } : {}),
      };
    return report;
  }

  const listed = new Set<string>();
  const evidenceRoot = new RootHasher();
  for (const f of manifest.files) {
    if (listed.has(f.path)) problems.push(`${MANIFEST_PATH} lists ${f.path} twice`);
    listed.add(f.path);
    if (UNLISTED_PATHS.has(f.path)) problems.push(`${MANIFEST_PATH} lists ${f.path}, which it cannot cover`);
    if (f.path.startsWith(`${EVIDENCE_DIR}/`)) evidenceRoot.add(f);
    const actual = seen.get(f.path);
    if (!actual) problems.push(`${f.path}: listed in the manifest but missing`);
    else if (actual.bytes >= 0 && (actual.sha256 !== f.sha256 || actual.bytes !== f.bytes))
      problems.push(
        `${f.path}: does not match the manifest (SHA-256 ${actual.sha256.slice(0, 16)}…, ${actual.bytes} bytes; manifest says ${f.sha256.slice(0, 16)}…, ${f.bytes} bytes)`,
      );
  }
  for (const name of seen.keys()) {
    if (!listed.has(name) && !UNLISTED_PATHS.has(name))
      problems.push(`${name}: not listed in the manifest (added)`);
  }
  const root = rootHashOf(manifest.files);
  report.rootHash = manifest.rootHash;
  report.evidenceRootHash = evidenceRoot.digest();
  if (root !== manifest.rootHash)
    problems.push(
      `root hash does not match the listed files (computed ${root}, manifest says ${manifest.rootHash})`,
    );

  report.signature = checkSignature(signingKey, sig, manifest.rootHash, problems, KEY_FILES);
  report.trust = signingKey.trust;
  report.ok = problems.length === 0;
  return report;
}

/** The manifest, parsed; undefined (and the reason in `problems`) when it is missing or invalid. */
function readManifest(data: Buffer | undefined, problems: string[]): BinderManifest | undefined {
  if (!data) {
    problems.push(`${MANIFEST_PATH} is missing`);
    return undefined;
  }
  try {
    const parsed = BinderManifestSchema.safeParse(JSON.parse(data.toString('utf8')));
    if (parsed.success) return parsed.data;
    problems.push(`${MANIFEST_PATH} is not a binder manifest: ${parsed.error.issues[0]?.message ?? ''}`);
  } catch (error) {
    problems.push(`${MANIFEST_PATH} is not JSON: ${(error as Error).message}`);
  }
  return undefined;
}

/** Checks one evidence file; returns its record when the record itself holds (for the anchors). */
function checkEvidence(
  name: string,
  data: Buffer,
  chains: Map<string, Map<number, { recordHash: string; previousHash: string; evidenceId: string }>>,
  problems: string[],
): EvidenceRecord | undefined {
  const where = parseEvidencePath(name);
  if (!where) {
    problems.push(`${name}: not an evidence file name (evidence/<resource>/<sequence>-<evidence id>.json)`);
    return undefined;
  }
  let doc: unknown;
  const text = data.toString('utf8');
  try {
    doc = JSON.parse(text);
  } catch {
    problems.push(`${name}: not JSON`);
    return undefined;
  }
  const { record, problems: recordProblems } = checkRecord(doc);
  for (const p of recordProblems) problems.push(`${name}: ${p.problem}`);
  if (!record) return undefined;
  if (canonicalJson(doc) !== text) problems.push(`${name}: not in RFC 8785 canonical form`);
  if (record.evidenceId !== where.evidenceId || record.integrity.sequence !== where.sequence)
    problems.push(
      `${name}: the file name does not match the record (${record.evidenceId} #${record.integrity.sequence})`,
    );
  if (subjectDirName(subjectKey(record.subject)) !== where.subjectDir)
    problems.push(`${name}: filed under another resource's folder`);
  if (recordProblems.length > 0) return undefined;
  let bySeq = chains.get(where.subjectDir);
  if (!bySeq) {
    bySeq = new Map();
    chains.set(where.subjectDir, bySeq);
  }
  if (bySeq.has(record.integrity.sequence)) {
    problems.push(`${name}: a second record with sequence ${record.integrity.sequence}`);
    return undefined;
  }
  bySeq.set(record.integrity.sequence, linkOf(record));
  return record;
}

function linkOf(r: EvidenceRecord) {
  return {
    recordHash: r.integrity.recordHash,
    previousHash: r.integrity.previousHash,
    evidenceId: r.evidenceId,
  };
}

/** Hashes a file while handing each of its lines to `onLine` (the file is never held whole). */
async function digestLines(stream: Readable, onLine: (line: string) => void): Promise<Seen> {
  const hash = createHash('sha256');
  let bytes = 0;
  let rest = '';
  const text = new StringDecoder('utf8');
  for await (const chunk of stream) {
    const b = chunk as Buffer;
    hash.update(b);
    bytes += b.length;
    const lines = (rest + text.write(b)).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) onLine(line);
    if (rest.length > LINE_LIMIT) throw new Error(`has a line longer than ${LINE_LIMIT} bytes`);
  }
  rest += text.end();
  if (rest.length > 0) onLine(rest);
  return { sha256: hash.digest('hex'), bytes };
}

async function digest(stream: Readable, keep: boolean): Promise<Seen> {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    const b = chunk as Buffer;
    hash.update(b);
    bytes += b.length;
    if (!keep) continue;
    // a file the verifier parses is never that large: refused, not held (a zip bomb would be)
    if (bytes > KEEP_LIMIT)
      throw new Error(`larger than ${KEEP_LIMIT} bytes, the most the verifier reads of a file it parses`);
    chunks.push(b);
  }
  return { sha256: hash.digest('hex'), bytes, ...(keep ? { data: Buffer.concat(chunks) } : {}) };
}

function directorySource(root: string): Source {
  return async (visit) => {
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true });
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) {
        const full = join(dir, e.name);
        if (e.isDirectory()) await walk(full);
        else await visit(relative(root, full).split(sep).join('/'), async () => createReadStream(full));
      }
    };
    await walk(root);
  };
}

function zipSource(path: string): Source {
  return (visit) =>
    new Promise<void>((resolve, reject) => {
      yauzl.open(
        path,
        // sizes are checked by DeclaredSize and inflateDeclared, whose messages say what is wrong
        { lazyEntries: true, autoClose: true, strictFileNames: true, validateEntrySizes: false },
        (err, zip) => {
          if (err || !zip) return reject(err ?? new Error('cannot open'));
          zip.on('error', reject);
          zip.on('end', () => resolve());
          zip.on('entry', (entry: yauzl.Entry) => {
            if (entry.fileName.endsWith('/')) {
              zip.readEntry();
              return;
            }
            const stream = (decompress: boolean) =>
              new Promise<Readable>((res, rej) =>
                zip.openReadStream(entry, entry.compressionMethod === 8 ? { decompress } : {}, (e, stream) =>
                  e || !stream ? rej(e ?? new Error('no stream')) : res(stream),
                ),
              );
            // small deflated entries (evidence files) are inflated in one call: a zlib stream per
            // entry costs more than the file itself. Only when the zip declares them small, and never
            // past the declared size: a few kilobytes can inflate to gigabytes.
            const declared = entry.uncompressedSize;
            const small =
              entry.compressionMethod === 8 && entry.compressedSize < SMALL_ENTRY && declared <= SMALL_ENTRY;
            const open = small
              ? async () => {
                  const chunks: Buffer[] = [];
                  for await (const chunk of await stream(false)) chunks.push(chunk as Buffer);
                  return Readable.from([inflateDeclared(Buffer.concat(chunks), declared)]);
                }
              : async () => {
                  const inflated = await stream(true);
                  return pipeline(inflated, new DeclaredSize(declared), () => {});
                };
            visit(entry.fileName, open).then(
              () => zip.readEntry(),
              (e) => {
                zip.close();
                reject(e);
              },
            );
          });
          zip.readEntry();
        },
      );
    });
}

/** Inflates a small entry, failing as soon as it would grow past the size the zip declares for it. */
function inflateDeclared(deflated: Buffer, declared: number): Buffer {
  let data: Buffer;
  try {
    data = inflateRawSync(deflated, { maxOutputLength: Math.max(1, declared) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new Error(pastDeclared(declared));
    throw error;
  }
  if (data.length !== declared) throw new Error(notDeclared(data.length, declared));
  return data;
}

/** Passes an inflated entry through, failing once it grows past its declared size or ends short of it. */
class DeclaredSize extends Transform {
  private bytes = 0;
  constructor(private readonly declared: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.declared) done(new Error(pastDeclared(this.declared)));
    else done(null, chunk);
  }
  override _flush(done: TransformCallback): void {
    done(this.bytes === this.declared ? null : new Error(notDeclared(this.bytes, this.declared)));
  }
}

const pastDeclared = (declared: number) =>
  `inflates past the ${declared} bytes the zip's central directory declares for it`;
const notDeclared = (bytes: number, declared: number) =>
  `inflates to ${bytes} bytes, the zip's central directory declares ${declared}`;

/** Reads one file of a binder (zip or folder) into memory; undefined when it is not there. */
export async function readBinderFile(path: string, name: string): Promise<Buffer | undefined> {
  const info = await stat(path);
  let found: Buffer | undefined;
  const source = info.isDirectory() ? directorySource(path) : zipSource(path);
  await source(async (entry, open) => {
    if (entry !== name || found) return;
    found = (await digest(await open(), true)).data;
  });
  return found;
}

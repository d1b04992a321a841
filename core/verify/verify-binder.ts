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
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { type EvidenceRecord, GENESIS_HASH } from '../../evidence-schemas';
import { checkRecordCanonical } from '../domain/binder/canonical-record';
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
import { SequenceSet } from '../domain/binder/sequence-set';
import { subjectKey } from '../domain/observation';
import { binderSource } from './binder-files';
import { ManifestCheck } from './manifest-check';
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
/** The longest line of the proofs file (one inclusion proof is a few kilobytes). */
const LINE_LIMIT = 1024 * 1024;

/** Verifies the binder at `path` (a .zip file or a directory). */
export async function verifyBinder(
  path: string,
  options: BinderVerifyOptions = {},
): Promise<BinderVerifyReport> {
  const info = await stat(path);
  const kind = info.isDirectory() ? 'directory' : 'zip';
  const source = binderSource(path, kind === 'directory');
  const problems: string[] = [];
  const manifest = new ManifestCheck();
  /** the signature and the public key beside it, as read */
  const keyFiles = new Map<string, Buffer>();
  const chains = new ChainLinks(problems);
  let evidenceRecords = 0;
  const warnings: string[] = [];
  const anchors = new AnchorChecker(problems, warnings);

  try {
    await source(async (name, open) => {
      if (manifest.files.has(name)) {
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
            : name === MANIFEST_PATH
              ? await readManifest(open, manifest)
              : await digest(await open(), keep);
      } catch (error) {
        problems.push(`${name}: cannot be read (${(error as Error).message})`);
        if (name === MANIFEST_PATH) manifest.unreadable();
        manifest.file(name, { sha256: '', bytes: -1 });
        return;
      }
      manifest.file(name, { sha256: file.sha256, bytes: file.bytes });
      if ((name === SIGNATURE_PATH || name === PUBLIC_KEY_PATH) && file.data) keyFiles.set(name, file.data);
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

  // the keys are chosen once every file is read (the binder's own key comes last in the zip)
  const sig = keyFiles.get(SIGNATURE_PATH);
  const sources = options.trust ?? [];
  const signingKey = chooseSigningKey(
    {
      signature: sig,
      shippedPem: keyFiles.get(PUBLIC_KEY_PATH)?.toString('utf8'),
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
    files: manifest.files.size,
    evidenceRecords,
    subjects: chains.subjects,
    signature: 'absent',
    ...(signingKey.trust.fingerprint ? { publicKeyFingerprint: signingKey.trust.fingerprint } : {}),
    trust: signingKey.trust,
    problems,
    warnings,
    anchors: anchors.finish({ keyPem: checkpointKey.pem, required: checkpointKey.required }),
  };

  const listed = manifest.finish(problems);
  if (!listed) {
    // nothing was signed that could be checked: no key vouches for this binder
    if (report.trust.status === 'trusted' || report.trust.status === 'untrusted')
      report.trust = {
        status: 'mismatch',
        ...(report.publicKeyFingerprint ? { fingerprint: report.publicKeyFingerprint } : {}),
      };
    return report;
  }
  report.rootHash = listed.rootHash;
  report.evidenceRootHash = listed.evidenceRootHash;

  report.signature = checkSignature(signingKey, sig, listed.rootHash, problems, KEY_FILES);
  report.trust = signingKey.trust;
  report.ok = problems.length === 0;
  return report;
}

/**
 * Reads the manifest into `check`: a line at a time when it is laid out a line an entry (then a
 * second time, to compare the entries with the files), else whole, up to KEEP_LIMIT.
 */
async function readManifest(open: () => Promise<Readable | Buffer>, check: ManifestCheck): Promise<Seen> {
  const kept: string[] = [];
  let keptChars = 0;
  // a manifest on one line is parsed whole: its line may be as long as that
  const file = await digestLines(
    await open(),
    (line) => {
      check.layoutLine(line);
      // kept while it may have to be parsed whole
      if (keptChars <= KEEP_LIMIT) {
        kept.push(line);
        keptChars += line.length + 1;
      }
    },
    KEEP_LIMIT,
    tooLarge,
  );
  if (check.laidOut()) await digestLines(await open(), (line) => check.entryLine(line), KEEP_LIMIT, tooLarge);
  else if (keptChars <= KEEP_LIMIT) check.whole(kept.join('\n'));
  else check.tooLarge(KEEP_LIMIT);
  return file;
}

/** Checks one evidence file; returns its record when the record itself holds (for the anchors). */
function checkEvidence(
  name: string,
  data: Buffer,
  chains: ChainLinks,
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
  // the record's hashes re-derived, and its canonical text, from one canonicalisation of its members
  const { record, problems: recordProblems, canonical } = checkRecordCanonical(doc);
  for (const p of recordProblems) problems.push(`${name}: ${p.problem}`);
  if (!record) return undefined;
  if (canonical !== text) problems.push(`${name}: not in RFC 8785 canonical form`);
  if (record.evidenceId !== where.evidenceId || record.integrity.sequence !== where.sequence)
    problems.push(
      `${name}: the file name does not match the record (${record.evidenceId} #${record.integrity.sequence})`,
    );
  if (subjectDirName(subjectKey(record.subject)) !== where.subjectDir)
    problems.push(`${name}: filed under another resource's folder`);
  if (recordProblems.length > 0) return undefined;
  if (!chains.add(where.subjectDir, record)) {
    problems.push(`${name}: a second record with sequence ${record.integrity.sequence}`);
    return undefined;
  }
  return record;
}

/** One record's place in its chain, as the link checks need it. */
interface Link {
  recordHash: string;
  previousHash: string;
  evidenceId: string;
}

/**
 * The links between consecutive records present, per resource, checked as the records arrive (a
 * period may start or end mid-chain, so only links between records that are both present are
 * checked). A record is kept only until both its neighbours have been seen: records of a resource
 * come in order, so about one a resource is held, whatever the binder's size.
 */
class ChainLinks {
  private readonly chains = new Map<string, { seen: SequenceSet; waiting: Map<number, Link> }>();

  constructor(private readonly problems: string[]) {}

  /** resources with a record */
  get subjects(): number {
    return this.chains.size;
  }

  /** Checks a record's links to the records of its resource seen so far; false when its sequence was seen. */
  add(dir: string, r: EvidenceRecord): boolean {
    let chain = this.chains.get(dir);
    if (!chain) {
      chain = { seen: new SequenceSet(), waiting: new Map() };
      this.chains.set(dir, chain);
    }
    const seq = r.integrity.sequence;
    if (!chain.seen.add(seq)) return false;
    const link: Link = {
      recordHash: r.integrity.recordHash,
      previousHash: r.integrity.previousHash,
      evidenceId: r.evidenceId,
    };
    if (seq === 1 && link.previousHash !== GENESIS_HASH)
      this.problems.push(
        `${EVIDENCE_DIR}/${dir}: record 1 (${link.evidenceId}) does not start from the genesis hash`,
      );
    const before = chain.waiting.get(seq - 1);
    if (before) this.check(dir, seq, link, before);
    const after = chain.waiting.get(seq + 1);
    if (after) this.check(dir, seq + 1, after, link);
    chain.waiting.set(seq, link);
    // a record both of whose neighbours have been seen is needed no more
    for (const s of [seq - 1, seq, seq + 1])
      if ((s === 1 || chain.seen.has(s - 1)) && chain.seen.has(s + 1)) chain.waiting.delete(s);
    return true;
  }

  private check(dir: string, seq: number, r: Link, prev: Link): void {
    if (prev.recordHash !== r.previousHash)
      this.problems.push(
        `${EVIDENCE_DIR}/${dir}: record ${seq} (${r.evidenceId}) does not link to record ${seq - 1} (${prev.evidenceId})`,
      );
  }
}

/** Hashes a file while handing each of its lines to `onLine` (the file is never held whole). */
async function digestLines(
  source: Readable | Buffer,
  onLine: (line: string) => void,
  lineLimit = LINE_LIMIT,
  tooLong = `has a line longer than ${lineLimit} bytes`,
): Promise<Seen> {
  const hash = createHash('sha256');
  let bytes = 0;
  // the text since the last line break, in pieces (a long line is never copied again per chunk)
  let rest: string[] = [];
  let restLength = 0;
  const text = new StringDecoder('utf8');
  const take = (fresh: string) => {
    let end = fresh.indexOf('\n');
    if (end < 0) {
      rest.push(fresh);
      restLength += fresh.length;
    } else {
      onLine(rest.join('') + fresh.slice(0, end));
      let start = end + 1;
      for (end = fresh.indexOf('\n', start); end >= 0; end = fresh.indexOf('\n', start)) {
        onLine(fresh.slice(start, end));
        start = end + 1;
      }
      rest = [fresh.slice(start)];
      restLength = fresh.length - start;
    }
    if (restLength > lineLimit) throw new Error(tooLong);
  };
  for await (const chunk of Buffer.isBuffer(source) ? [source] : source) {
    const b = chunk as Buffer;
    hash.update(b);
    bytes += b.length;
    take(text.write(b));
  }
  take(text.end());
  const last = rest.join('');
  if (last.length > 0) onLine(last);
  return { sha256: hash.digest('hex'), bytes };
}

async function digest(source: Readable | Buffer, keep: boolean): Promise<Seen> {
  if (Buffer.isBuffer(source)) {
    if (keep && source.length > KEEP_LIMIT) throw new Error(tooLarge);
    return {
      sha256: createHash('sha256').update(source).digest('hex'),
      bytes: source.length,
      ...(keep ? { data: source } : {}),
    };
  }
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of source) {
    const b = chunk as Buffer;
    hash.update(b);
    bytes += b.length;
    if (!keep) continue;
    // a file the verifier parses is never that large: refused, not held (a zip bomb would be)
    if (bytes > KEEP_LIMIT) throw new Error(tooLarge);
    chunks.push(b);
  }
  return { sha256: hash.digest('hex'), bytes, ...(keep ? { data: Buffer.concat(chunks) } : {}) };
}

const tooLarge = `larger than ${KEEP_LIMIT} bytes, the most the verifier reads of a file it parses`;

/** Reads one file of a binder (zip or folder) into memory; undefined when it is not there. */
export async function readBinderFile(path: string, name: string): Promise<Buffer | undefined> {
  const info = await stat(path);
  let found: Buffer | undefined;
  const source = binderSource(path, info.isDirectory());
  await source(async (entry, open) => {
    if (entry !== name || found) return;
    found = (await digest(await open(), true)).data;
  });
  return found;
}

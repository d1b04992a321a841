/**
 * The evidence log and its signed tree heads: what an entry of the log is, the order of entries, what a
 * head signs, and how a run of heads (and the entries behind them) is checked. Pure: signing itself goes
 * through the Signer port in the use case.
 *
 * The log holds every evidence record and every quarantined input, in recording order: by the time the
 * store stamped them (`recordedAt`, `receivedAt`), then by their canonical input (code-unit order), so
 * the order is a function of the entries alone and anyone holding them rebuilds the same tree. A head
 * covers every entry stamped before its `upTo`; the next head appends the entries stamped between the
 * two. Entries are stamped when they are written, so once `upTo` (plus the writers' grace) has passed,
 * nothing can join the part of the log a head covers without changing its root.
 */
import { verify } from 'node:crypto';
import { GENESIS_HASH, type TreeHead } from '../../evidence-schemas';
import { readVerifyKey } from './checkpoint';
import { canonicalJson, sha256Hex } from './hashing';
import { leafHash } from './merkle';
import {
  appendLeaves,
  EMPTY_FRONTIER,
  type Frontier,
  frontierRoot,
  isWellFormed,
  LogExtension,
  verifyConsistency,
} from './merkle-log';

/** One entry of the evidence log: when the store stamped it and its leaf input (canonical JSON). */
export interface LogEntry {
  time: string;
  input: string;
}

/** The log entry of an evidence record: its record hash, observation and recording times. */
export function recordEntry(r: { recordedAt: string; observedAt: string; recordHash: string }): LogEntry {
  return {
    time: r.recordedAt,
    input: canonicalJson({
      kind: 'record',
      recordedAt: r.recordedAt,
      observedAt: r.observedAt,
      recordHash: r.recordHash,
    }),
  };
}

/** The log entry of a quarantined input: its id, arrival time and the SHA-256 of what arrived. */
export function quarantineEntry(q: { quarantineId: string; receivedAt: string; sha256: string }): LogEntry {
  return {
    time: q.receivedAt,
    input: canonicalJson({
      kind: 'quarantine',
      quarantineId: q.quarantineId,
      receivedAt: q.receivedAt,
      sha256: q.sha256,
    }),
  };
}

/** Log order: stamp time, then leaf input, by UTF-16 code units. */
export function compareEntries(a: LogEntry, b: LogEntry): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  return a.input < b.input ? -1 : a.input > b.input ? 1 : 0;
}

export const entryLeafHash = (e: LogEntry): Buffer => leafHash(e.input);

/** The part of a head its signature covers. */
export type TreeHeadBody = Omit<TreeHead, 'signature'>;

/** The bytes a head's signature signs: the canonical JSON of everything but the signature. */
export function treeHeadMessage(head: TreeHeadBody): Buffer {
  const { signature: _ignored, ...body } = head as TreeHead;
  return Buffer.from(canonicalJson(body), 'utf8');
}

/** SHA-256 of a whole signed head's canonical JSON: what the next head chains. */
export function treeHeadHash(head: TreeHead): string {
  return sha256Hex(canonicalJson(head));
}

/** The frontier a head carries, as buffers. */
export function frontierOf(head: Pick<TreeHead, 'treeSize' | 'frontier'>): Frontier {
  return { size: head.treeSize, nodes: head.frontier.map((h) => Buffer.from(h, 'hex')) };
}

/** Entries given to a head out of log order (a store that does not read its log in order). */
export class LogOrderError extends Error {
  constructor(before: LogEntry, after: LogEntry) {
    super(
      `the evidence log was read out of order: an entry stamped ${after.time} came after one stamped ${before.time}`,
    );
    this.name = 'LogOrderError';
  }
}

/**
 * The next head's entries, folded into the previous head's tree as they are read, in log order: the
 * frontier and what the consistency proof needs, O(log n) however many entries the head appends.
 */
export class TreeHeadAppender {
  private readonly previous: TreeHead | undefined;
  private readonly extension: LogExtension;
  private last: LogEntry | undefined;

  constructor(previous: TreeHead | undefined) {
    this.previous = previous;
    this.extension = new LogExtension(previous ? frontierOf(previous) : EMPTY_FRONTIER);
  }

  /** The entries appended so far. */
  get appended(): number {
    return this.extension.appended;
  }

  /** Appends the next entry; throws LogOrderError when it comes before the last one in log order. */
  add(entry: LogEntry): void {
    if (this.last && compareEntries(this.last, entry) > 0) throw new LogOrderError(this.last, entry);
    this.extension.append([entryLeafHash(entry)]);
    this.last = entry;
  }

  /** The unsigned head over the previous head's tree and the entries added. */
  body(at: { upTo: string; createdAt: string; keyId: string }): TreeHeadBody {
    const previous = this.previous;
    const frontier = this.extension.frontier();
    return {
      version: 1,
      sequence: (previous?.sequence ?? 0) + 1,
      treeSize: frontier.size,
      rootHash: frontierRoot(frontier).toString('hex'),
      upTo: at.upTo,
      previousHeadHash: previous ? treeHeadHash(previous) : GENESIS_HASH,
      consistency: previous ? this.extension.consistencyProof().map((h) => h.toString('hex')) : [],
      frontier: frontier.nodes.map((h) => h.toString('hex')),
      createdAt: at.createdAt,
      keyId: at.keyId,
      algorithm: 'Ed25519',
    };
  }
}

/**
 * The unsigned next head: `entries` (in log order, every one stamped at or after the previous head's
 * upTo and before `upTo`) appended to the previous head's tree.
 */
export function nextTreeHead(
  previous: TreeHead | undefined,
  entries: Iterable<LogEntry>,
  at: { upTo: string; createdAt: string; keyId: string },
): TreeHeadBody {
  const appender = new TreeHeadAppender(previous);
  for (const e of entries) appender.add(e);
  return appender.body(at);
}

/** A problem found in the heads or the log, naming the head's sequence (0: before any head). */
export interface TreeHeadProblem {
  sequence: number;
  problem: string;
}

/**
 * Checks heads read in sequence order, each on its own and against the one before: the signature
 * (with the trusted key), the key id, the frontier against the root, consecutive sequence numbers from
 * 1, the hash chain, a moving `upTo`, and the consistency proof that the earlier tree is a prefix of the
 * later. Needs no entry: a binder or an anchor copy is checked this way.
 */
export function checkTreeHeads(heads: readonly TreeHead[], publicKeyPem: string): TreeHeadProblem[] {
  const problems: TreeHeadProblem[] = [];
  const trusted = readVerifyKey(publicKeyPem);
  if ('problem' in trusted) return [{ sequence: heads[0]?.sequence ?? 0, problem: trusted.problem }];
  const { key, keyId } = trusted;
  let previous: TreeHead | undefined;
  for (const head of heads) {
    const at = (problem: string) => problems.push({ sequence: head.sequence, problem });
    if (head.keyId !== keyId) at(`signed by another key (${head.keyId.slice(0, 16)}…)`);
    else if (!verify(null, treeHeadMessage(head), key, Buffer.from(head.signature, 'base64')))
      at('the tree head signature does not verify');
    const frontier = frontierOf(head);
    if (!isWellFormed(frontier) || frontierRoot(frontier).toString('hex') !== head.rootHash)
      at('its frontier does not add up to its root');
    const expected = (previous?.sequence ?? 0) + 1;
    if (head.sequence !== expected)
      at(
        previous
          ? `heads ${expected} to ${head.sequence - 1} are missing after head ${previous.sequence}`
          : `the first head is ${head.sequence}, not 1: earlier heads are missing`,
      );
    if (!previous) {
      if (head.sequence === 1 && head.previousHeadHash !== GENESIS_HASH)
        at('the first head does not start from the genesis hash');
    } else if (head.sequence === expected) {
      if (head.previousHeadHash !== treeHeadHash(previous)) at(`does not chain to head ${previous.sequence}`);
      if (head.upTo < previous.upTo)
        at(`covers up to ${head.upTo}, before head ${previous.sequence} (${previous.upTo})`);
      const proof = head.consistency.map((h) => Buffer.from(h, 'hex'));
      if (
        head.treeSize < previous.treeSize ||
        !verifyConsistency(
          previous.treeSize,
          head.treeSize,
          Buffer.from(previous.rootHash, 'hex'),
          Buffer.from(head.rootHash, 'hex'),
          proof,
        )
      )
        at(`its tree does not extend head ${previous.sequence}'s: history before it was rewritten`);
    }
    previous = head;
  }
  return problems;
}

/**
 * Checks the entries a store holds against its heads: for each head, the entries stamped before its
 * `upTo` must be exactly its tree (count and root). `entries` must be in log order. Entries stamped
 * after the last head are the unsigned tail, reported by count (they are the tamper window).
 */
export function checkLogAgainstHeads(
  entries: readonly LogEntry[],
  heads: readonly TreeHead[],
): { problems: TreeHeadProblem[]; unsignedTail: number; unsignedSince: string | undefined } {
  const problems: TreeHeadProblem[] = [];
  let frontier = EMPTY_FRONTIER;
  let i = 0;
  for (const head of heads) {
    const from = i;
    while (i < entries.length && entries[i]!.time < head.upTo) i++;
    frontier = appendLeaves(frontier, entries.slice(from, i).map(entryLeafHash));
    if (frontier.size !== head.treeSize) {
      const verb = frontier.size < head.treeSize ? 'deleted' : 'added';
      problems.push({
        sequence: head.sequence,
        problem: `${frontier.size} entries stamped before ${head.upTo} are stored, the signed head counts ${head.treeSize}: entries were ${verb}`,
      });
    } else if (frontierRoot(frontier).toString('hex') !== head.rootHash) {
      problems.push({
        sequence: head.sequence,
        problem: `the entries stamped before ${head.upTo} do not hash to the signed root: entries were replaced`,
      });
    }
    // later heads are checked against what was signed, so one tampered entry is reported once
    frontier = frontierOf(head);
    if (!isWellFormed(frontier)) break;
  }
  const last = heads.at(-1);
  return { problems, unsignedTail: entries.length - i, unsignedSince: last?.upTo };
}

/**
 * Daily checkpoints: what a day's Merkle tree is made of, what a checkpoint signs, and how a set of
 * checkpoints is checked. Pure (signing itself goes through the Signer port in the use case).
 *
 * Leaves: one per record recorded that UTC day (`recordedAt`; records are stamped at ingest, so a
 * closed day never gains records). Leaf input = the UTF-8 RFC 8785 canonical JSON
 * `{"observedAt":"…","recordHash":"…"}`; leaves are ordered by observedAt, then recordHash (code-unit
 * order). observedAt is in the leaf so that a binder, which holds the records observed in its period,
 * can prove that the leaves it holds are a contiguous run of the day's tree and that the leaves just
 * outside the run are observed outside the period: then no record of the period can be missing.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { type Checkpoint, GENESIS_HASH } from '../../evidence-schemas';
import { canonicalJson, sha256Hex } from './hashing';
import { leafHash, MerkleTree } from './merkle';

/** One leaf of a day's tree: the record's observation time and record hash. */
export interface DayLeaf {
  observedAt: string;
  recordHash: string;
}

/** The checkpoint of the day before the first one links to this. */
export const FIRST_PREVIOUS_CHECKPOINT_HASH = GENESIS_HASH;

/** The leaf input of a record: canonical JSON of its observedAt and recordHash. */
export function leafInput(leaf: DayLeaf): string {
  return canonicalJson({ observedAt: leaf.observedAt, recordHash: leaf.recordHash });
}

/** SHA-256(0x00 || leaf input). */
export function dayLeafHash(leaf: DayLeaf): Buffer {
  return leafHash(leafInput(leaf));
}

/** The tree order of leaves: observedAt, then recordHash, by UTF-16 code units. */
export function compareLeaves(a: DayLeaf, b: DayLeaf): number {
  if (a.observedAt !== b.observedAt) return a.observedAt < b.observedAt ? -1 : 1;
  return a.recordHash < b.recordHash ? -1 : a.recordHash > b.recordHash ? 1 : 0;
}

/** A day's tree: leaves sorted into tree order (the array is sorted in place) and hashed. */
export function dayTree(leaves: DayLeaf[]): { leaves: DayLeaf[]; tree: MerkleTree } {
  leaves.sort(compareLeaves);
  return { leaves, tree: MerkleTree.fromLeafHashes(leaves.map(dayLeafHash)) };
}

/** Index of the first leaf (in tree order) not before `key`: a binary search over sorted leaves. */
export function lowerBound(leaves: readonly DayLeaf[], key: DayLeaf): number {
  let lo = 0;
  let hi = leaves.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareLeaves(leaves[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The part of a checkpoint its signature covers. */
export type CheckpointBody = Omit<Checkpoint, 'signature'>;

/** The bytes a checkpoint's signature signs: the canonical JSON of everything but the signature. */
export function checkpointMessage(cp: CheckpointBody): Buffer {
  // members named one by one: a signed checkpoint passed in keeps its signature out of the message
  const { version, day, treeSize, rootHash, previousCheckpointHash, createdAt, keyId, algorithm } = cp;
  return Buffer.from(
    canonicalJson({ version, day, treeSize, rootHash, previousCheckpointHash, createdAt, keyId, algorithm }),
    'utf8',
  );
}

/** SHA-256 of a whole signed checkpoint's canonical JSON: what the next day's checkpoint chains. */
export function checkpointHash(cp: Checkpoint): string {
  return sha256Hex(canonicalJson(cp));
}

/** SHA-256 (hex) of a public key's SPKI DER: the `keyId` of the checkpoints it signs. */
export function keyIdOf(publicKeyPem: string): string {
  return sha256Hex(createPublicKey(publicKeyPem).export({ format: 'der', type: 'spki' }));
}

/** A trusted public key read for checking signatures, with its key id; a problem when it cannot be read. */
export function readVerifyKey(publicKeyPem: string): { key: KeyObject; keyId: string } | { problem: string } {
  try {
    const key = createPublicKey(publicKeyPem);
    return { key, keyId: sha256Hex(key.export({ format: 'der', type: 'spki' })) };
  } catch (error) {
    return { problem: `the public key cannot be read: ${(error as Error).message}` };
  }
}

/** The UTC day (YYYY-MM-DD) of an ISO time. */
export const dayOf = (iso: string): string => iso.slice(0, 10);

/** The UTC day after `day`. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** A problem found in checkpoints, naming the day. */
export interface CheckpointProblem {
  day: string;
  problem: string;
}

/**
 * Checks checkpoints read in day order: each signature against `publicKeyPem`, each keyId, one
 * checkpoint per consecutive day, and each `previousCheckpointHash` against the day before. When
 * `fromGenesis`, the first must link to the genesis hash (the store holds every checkpoint; a binder
 * holds a run that may start later).
 */
export function checkCheckpointChain(
  checkpoints: readonly Checkpoint[],
  publicKeyPem: string,
  options: { fromGenesis: boolean },
): CheckpointProblem[] {
  const problems: CheckpointProblem[] = [];
  const trusted = readVerifyKey(publicKeyPem);
  if ('problem' in trusted) return [{ day: checkpoints[0]?.day ?? '-', problem: trusted.problem }];
  const { key, keyId } = trusted;
  let previous: Checkpoint | undefined;
  for (const cp of checkpoints) {
    if (cp.keyId !== keyId)
      problems.push({ day: cp.day, problem: `signed by another key (${cp.keyId.slice(0, 16)}…)` });
    else if (!verify(null, checkpointMessage(cp), key, Buffer.from(cp.signature, 'base64')))
      problems.push({ day: cp.day, problem: 'the checkpoint signature does not verify' });
    if (previous) {
      if (cp.day !== nextDay(previous.day))
        problems.push({
          day: cp.day,
          problem: `checkpoints are missing between ${previous.day} and ${cp.day} (the chain of days has a gap)`,
        });
      else if (cp.previousCheckpointHash !== checkpointHash(previous))
        problems.push({ day: cp.day, problem: `does not chain to the checkpoint of ${previous.day}` });
    } else if (options.fromGenesis && cp.previousCheckpointHash !== FIRST_PREVIOUS_CHECKPOINT_HASH) {
      problems.push({ day: cp.day, problem: 'the first checkpoint does not start from the genesis hash' });
    }
    previous = cp;
  }
  return problems;
}

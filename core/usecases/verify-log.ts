/**
 * The evidence log's part of `verify-store`: the signed tree heads (from the anchors when there are
 * any, the table's copies compared with them), and every record and quarantined input the store holds
 * against those heads. What the anchors say was signed is the truth: a head missing from the table,
 * different in it, or present only in it is a problem, and so is an entry added, removed or replaced
 * under a signed head.
 */
import { type TreeHead, TreeHeadSchema } from '../../evidence-schemas';
import { sha256Hex } from '../domain/hashing';
import {
  checkLogAgainstHeads,
  checkTreeHeads,
  compareEntries,
  type LogEntry,
  quarantineEntry,
  type TreeHeadProblem,
} from '../domain/tree-head';
import type { AnchorStore } from '../ports/anchor-store';
import type { StoredQuarantineItem } from '../ports/evidence-store';
import type { TreeHeadStore } from '../ports/tree-head-store';
import { append } from '../support/arrays';
import { compareWithAnchors, readAnchored } from './anchored';
import { TREE_HEAD_ANCHORS } from './tree-heads';

/** Entries older than this and under no signed head mean the heads stopped (or were removed). */
export const MAX_UNSIGNED_AGE_MS = 30 * 60_000;

export interface LogReport {
  /** signed tree heads checked (from the anchors when given, else from the table) */
  heads: number;
  /** where the heads were read from: the anchor location, or `table` */
  headsFrom: string;
  /** entries (records and quarantined inputs) in the log */
  entries: number;
  /** entries stamped after the last head: not yet signed (the tamper window) */
  unsignedEntries: number;
  /** the last head's upTo: entries from then on are unsigned */
  signedUpTo?: string;
  problems: TreeHeadProblem[];
}

export interface VerifyLogOptions {
  /** the trusted public key (SPKI PEM) the heads must be signed with */
  publicKeyPem?: string;
  anchors?: AnchorStore;
  now?: Date;
  maxUnsignedAgeMs?: number;
}

/** The log entry of a stored quarantined input, and a problem when its kept text is not what was hashed. */
export function quarantineLogEntry(q: StoredQuarantineItem): { entry: LogEntry; problem?: string } {
  const entry = quarantineEntry({ quarantineId: q.id, receivedAt: q.recordedAt, sha256: q.rawSha256 });
  const problem =
    !q.truncated && sha256Hex(q.raw) !== q.rawSha256
      ? `quarantined input ${q.id} (${q.recordedAt}) does not hash to its recorded SHA-256: it was altered`
      : undefined;
  return problem ? { entry, problem } : { entry };
}

/** Checks the log's `entries` against the signed heads. */
export async function verifyLog(
  entries: LogEntry[],
  store: TreeHeadStore,
  options: VerifyLogOptions,
): Promise<LogReport> {
  const problems: TreeHeadProblem[] = [];
  const tableHeads: TreeHead[] = [];
  for await (const d of store.listTreeHeadDocs()) {
    const parsed = TreeHeadSchema.safeParse(d.doc);
    if (!parsed.success || parsed.data.sequence !== d.sequence)
      problems.push({
        sequence: d.sequence,
        problem: 'the stored tree head is not a valid signed tree head',
      });
    else tableHeads.push(parsed.data);
  }
  let heads = tableHeads;
  let headsFrom = 'table';
  if (options.anchors) {
    const anchored = await readAnchored(options.anchors, TREE_HEAD_ANCHORS);
    headsFrom = options.anchors.location;
    for (const name of anchored.unreadable)
      problems.push({ sequence: 0, problem: `${options.anchors.location}${name} is not a signed tree head` });
    const table = compareWithAnchors(tableHeads, anchored.items, (h) => h.sequence);
    for (const head of table.missing)
      problems.push({ sequence: head.sequence, problem: 'the table lacks this anchored head' });
    for (const head of table.differing)
      problems.push({ sequence: head.sequence, problem: "the table's copy differs from its anchor" });
    for (const extra of table.unanchored)
      problems.push({
        sequence: extra,
        problem: `the table holds this head but ${headsFrom} does not anchor it`,
      });
    heads = anchored.items;
  }
  if (heads.length > 0) {
    if (options.publicKeyPem === undefined)
      problems.push({
        sequence: heads[0]!.sequence,
        problem: 'no trusted public key to check the tree heads with',
      });
    else problems.push(...checkTreeHeads(heads, options.publicKeyPem));
  }
  entries.sort(compareEntries);
  const log = checkLogAgainstHeads(entries, heads);
  append(problems, log.problems);
  const now = (options.now ?? new Date()).getTime();
  const stale = new Date(now - (options.maxUnsignedAgeMs ?? MAX_UNSIGNED_AGE_MS)).toISOString();
  const firstUnsigned = entries[entries.length - log.unsignedTail];
  if (options.anchors && firstUnsigned && firstUnsigned.time < stale)
    problems.push({
      sequence: heads.at(-1)?.sequence ?? 0,
      problem: `${log.unsignedTail} entries from ${firstUnsigned.time} on are under no signed head in ${headsFrom}: the heads stopped, or were never anchored there`,
    });
  return {
    heads: heads.length,
    headsFrom,
    entries: entries.length,
    unsignedEntries: log.unsignedTail,
    ...(log.unsignedSince ? { signedUpTo: log.unsignedSince } : {}),
    problems,
  };
}

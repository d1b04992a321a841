/**
 * Signed tree heads of the evidence log, every few minutes (deployed) or at the end of every CLI
 * command that wrote evidence: the tamper window. Each head appends the entries stamped since the
 * previous one, is signed, written first to the anchors (beyond the table writers' reach) and then to
 * the table. The anchors, not the table, say what was signed: a head missing from the table is restored
 * from its anchor, a head that differs from its anchor is a problem, and nothing is signed past one.
 */
import { type TreeHead, TreeHeadSchema } from '../../evidence-schemas';
import { keyIdOf } from '../domain/checkpoint';
import { canonicalJson } from '../domain/hashing';
import { checkTreeHeads, TreeHeadAppender, treeHeadMessage } from '../domain/tree-head';
import { ANCHOR_NAMES, type AnchorStore } from '../ports/anchor-store';
import type { Signer } from '../ports/signer';
import type { TreeHeadStore } from '../ports/tree-head-store';
import { type AnchorKind, readAnchored } from './anchored';

/**
 * How long a writer may take between stamping an entry and storing it. A head covers entries stamped
 * before `now - grace`, so none can still arrive under it. Deployed, the collect function's timeout
 * bounds this; a CLI command on the embedded store holds the store's lock and signs with no grace.
 */
export const TREE_HEAD_GRACE_MS = 5 * 60_000;

export interface SignTreeHeadDeps {
  store: TreeHeadStore;
  anchors: AnchorStore;
  signer: Signer;
  now?: () => Date;
  graceMs?: number;
  /**
   * run after every `collectEvery` entries read (the CLI passes its full garbage collection: a read of
   * hundreds of thousands of entries in one burst otherwise lifts its peak memory, see cli/memory.ts)
   */
  collectGarbage?: () => void;
  /** entries read between two calls of `collectGarbage` (default 50,000) */
  collectEvery?: number;
}

export interface SignTreeHeadResult {
  /** the head this run signed; undefined when there was nothing new to sign or it refused */
  signed?: TreeHead;
  /** entries the new head appended */
  appended: number;
  /** heads copied back into the table from their anchors */
  restored: number[];
  /** why this run refused to sign: the table and the anchors disagree (run verify-store) */
  problems: string[];
  /** the newest head, signed now or before */
  latest?: TreeHead;
}

/** A head stored as the canonical JSON of the signed head. */
export const serializeTreeHead = (head: TreeHead): string => `${canonicalJson(head)}\n`;

/** Signs the next tree head, unless the anchors and the table disagree (then it says why). */
export async function signTreeHead(deps: SignTreeHeadDeps): Promise<SignTreeHeadResult> {
  const now = deps.now ?? (() => new Date());
  const publicKeyPem = await deps.signer.publicKeyPem();
  const keyId = keyIdOf(publicKeyPem);
  const result: SignTreeHeadResult = { appended: 0, restored: [], problems: [] };

  const tableLast = await deps.store.lastTreeHeadDoc();
  const anchored = await newestAnchoredHeads(deps.anchors, tableLast?.sequence);
  if ('problem' in anchored) return { ...result, problems: [anchored.problem] };
  const previous = anchored.heads.at(-1);
  if (previous) {
    const problems = checkTreeHeads(anchored.heads, publicKeyPem).filter(
      // the run read here starts after the table's last head: an earlier head is not missing
      (p) => !p.problem.startsWith('the first head is'),
    );
    if (problems.length > 0)
      return { ...result, problems: problems.map((p) => `anchored head ${p.sequence}: ${p.problem}`) };
    for (const head of anchored.heads) {
      const stored = await deps.store.treeHeadDoc(head.sequence);
      if (stored === undefined) {
        await deps.store.putTreeHead(head);
        result.restored.push(head.sequence);
      } else if (canonicalJson(stored.doc) !== canonicalJson(head)) {
        result.problems.push(
          `the table's head ${head.sequence} differs from its anchor in ${deps.anchors.location}`,
        );
      }
    }
  }
  if (tableLast && tableLast.sequence > (previous?.sequence ?? 0))
    result.problems.push(
      `the table holds head ${tableLast.sequence}, which ${deps.anchors.location} does not anchor`,
    );
  if (result.problems.length > 0) return { ...result, latest: previous };

  const upTo = new Date(now().getTime() - (deps.graceMs ?? TREE_HEAD_GRACE_MS)).toISOString();
  if (previous && upTo <= previous.upTo) return { ...result, latest: previous };
  // folded as read (the store yields the entries in log order): memory does not grow with their number
  const appender = new TreeHeadAppender(previous);
  let read = 0;
  for await (const e of deps.store.logEntries(previous?.upTo, upTo)) {
    appender.add(e);
    if (++read % (deps.collectEvery ?? 50_000) === 0) deps.collectGarbage?.();
  }
  const body = appender.body({ upTo, createdAt: now().toISOString(), keyId });
  const signature = Buffer.from(await deps.signer.sign(treeHeadMessage(body))).toString('base64');
  const head = TreeHeadSchema.parse({ ...body, signature });
  const anchoredNow = await deps.anchors.putOnce(
    ANCHOR_NAMES.treeHead(head.sequence),
    serializeTreeHead(head),
  );
  if (anchoredNow === 'different')
    return {
      ...result,
      latest: previous,
      problems: [`another run anchored head ${head.sequence} first: nothing signed by this run`],
    };
  if (!(await deps.store.putTreeHead(head))) {
    const stored = await deps.store.treeHeadDoc(head.sequence);
    if (canonicalJson(stored?.doc) !== canonicalJson(head))
      return {
        ...result,
        latest: head,
        problems: [`the table already holds a different head ${head.sequence}`],
      };
  }
  return { ...result, signed: head, appended: appender.appended, latest: head };
}

/**
 * The anchored heads from the table's last head on (all of them when the table has none), parsed.
 * A table that lost its newest heads still finds every anchored one after what it kept.
 */
async function newestAnchoredHeads(
  anchors: AnchorStore,
  tableLastSequence: number | undefined,
): Promise<{ heads: TreeHead[] } | { problem: string }> {
  const startAfter =
    tableLastSequence !== undefined && tableLastSequence > 1
      ? ANCHOR_NAMES.treeHead(tableLastSequence - 1)
      : undefined;
  const anchored = await readAnchored(anchors, TREE_HEAD_ANCHORS, startAfter);
  const unreadable = anchored.unreadable[0];
  if (unreadable)
    return { problem: `${anchors.location}${unreadable} is not a signed tree head kept under its name` };
  const heads = anchored.items;
  return { heads };
}

/** Signed tree heads as anchored: one document per head, `tree-heads/<sequence>.json`. */
export const TREE_HEAD_ANCHORS: AnchorKind<TreeHead> = {
  prefix: ANCHOR_NAMES.treeHeadPrefix,
  schema: TreeHeadSchema,
  nameOf: (h) => ANCHOR_NAMES.treeHead(h.sequence),
};

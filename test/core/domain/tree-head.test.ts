import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyIdOf } from '../../../core/domain/checkpoint';
import {
  checkLogAgainstHeads,
  checkTreeHeads,
  compareEntries,
  type LogEntry,
  LogOrderError,
  nextTreeHead,
  quarantineEntry,
  recordEntry,
  TreeHeadAppender,
  treeHeadMessage,
} from '../../../core/domain/tree-head';
import { type TreeHead, TreeHeadSchema } from '../../../evidence-schemas';

function keyPair(): { privateKey: KeyObject; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString() };
}

const hex = (n: number) => n.toString(16).padStart(64, '0');
const record = (minute: number, n: number): LogEntry =>
  recordEntry({
    recordedAt: `2026-10-01T00:${String(minute).padStart(2, '0')}:00.000Z`,
    observedAt: '2026-10-01T00:00:00.000Z',
    recordHash: hex(n),
  });

/** Signs heads every 15 minutes over `entries`, as the checkpoint job would. */
function signHeads(entries: LogEntry[], key: { privateKey: KeyObject; publicPem: string }, upTos: string[]) {
  const sorted = [...entries].sort(compareEntries);
  const heads: TreeHead[] = [];
  let from = '';
  for (const upTo of upTos) {
    const batch = sorted.filter((e) => e.time >= from && e.time < upTo);
    const body = nextTreeHead(heads.at(-1), batch, {
      upTo,
      createdAt: upTo,
      keyId: keyIdOf(key.publicPem),
    });
    const signature = sign(null, treeHeadMessage(body), key.privateKey).toString('base64');
    heads.push(TreeHeadSchema.parse({ ...body, signature }));
    from = upTo;
  }
  return { sorted, heads };
}

const UP_TOS = ['2026-10-01T00:15:00.000Z', '2026-10-01T00:30:00.000Z', '2026-10-01T00:45:00.000Z'];
const ENTRIES = [
  record(1, 1),
  record(2, 2),
  record(14, 3),
  record(20, 4),
  record(20, 5),
  quarantineEntry({ quarantineId: 'q1', receivedAt: '2026-10-01T00:21:00.000Z', sha256: hex(9) }),
  record(40, 6),
  record(50, 7),
];

describe('signed tree heads', () => {
  it('chain, verify and account for every entry of the log', () => {
    const key = keyPair();
    const { sorted, heads } = signHeads(ENTRIES, key, UP_TOS);
    expect(heads.map((h) => h.treeSize)).toEqual([3, 6, 7]);
    expect(checkTreeHeads(heads, key.publicPem)).toEqual([]);
    const log = checkLogAgainstHeads(sorted, heads);
    expect(log.problems).toEqual([]);
    expect(log.unsignedTail).toBe(1);
    expect(log.unsignedSince).toBe(UP_TOS[2]);
  });

  it('detect a record rewritten consistently under a signed head', () => {
    const key = keyPair();
    const { sorted, heads } = signHeads(ENTRIES, key, UP_TOS);
    const rewritten = sorted.map((e) => (e === ENTRIES[1] ? record(2, 99) : e)).sort(compareEntries);
    expect(checkLogAgainstHeads(rewritten, heads).problems).toEqual([
      {
        sequence: 1,
        problem: expect.stringMatching(/do not hash to the signed root: entries were replaced/),
      },
    ]);
  });

  it('detect a deleted quarantined input and a record back-dated into a signed period', () => {
    const key = keyPair();
    const { sorted, heads } = signHeads(ENTRIES, key, UP_TOS);
    const withoutQuarantine = sorted.filter((e) => !e.input.includes('quarantine'));
    expect(checkLogAgainstHeads(withoutQuarantine, heads).problems[0]).toMatchObject({
      sequence: 2,
      problem: expect.stringMatching(/entries were deleted/),
    });
    const backDated = [...sorted, record(25, 42)].sort(compareEntries);
    expect(checkLogAgainstHeads(backDated, heads).problems[0]).toMatchObject({
      sequence: 2,
      problem: expect.stringMatching(/entries were added/),
    });
  });

  it('refuse heads re-signed by another key, deleted from the middle, or rebuilt over another history', () => {
    const key = keyPair();
    const { heads } = signHeads(ENTRIES, key, UP_TOS);
    const attacker = keyPair();
    const forged = signHeads([...ENTRIES.slice(1)], attacker, UP_TOS).heads;
    expect(checkTreeHeads(forged, key.publicPem)[0]?.problem).toMatch(/signed by another key/);
    expect(checkTreeHeads([heads[0]!, heads[2]!], key.publicPem)).toEqual([
      { sequence: 3, problem: 'heads 2 to 2 are missing after head 1' },
    ]);
    expect(checkTreeHeads(heads.slice(1), key.publicPem)[0]?.problem).toMatch(/earlier heads are missing/);
    // a head whose tree does not extend the previous one, even when signed with the real key
    const other = signHeads([record(3, 77), ...ENTRIES.slice(2)], key, UP_TOS).heads;
    const problems = checkTreeHeads(
      [heads[0]!, { ...other[1]!, previousHeadHash: heads[1]!.previousHeadHash }],
      key.publicPem,
    );
    expect(problems.map((p) => p.problem)).toEqual(
      expect.arrayContaining([expect.stringMatching(/does not extend head 1/)]),
    );
  });

  it('refuse a tampered signature or frontier', () => {
    const key = keyPair();
    const { heads } = signHeads(ENTRIES, key, UP_TOS);
    const tampered = { ...heads[1]!, treeSize: heads[1]!.treeSize + 1 };
    expect(checkTreeHeads([heads[0]!, tampered], key.publicPem).map((p) => p.problem)).toEqual(
      expect.arrayContaining(['the tree head signature does not verify']),
    );
    const badFrontier = { ...heads[0]!, frontier: [hex(1), hex(2)] };
    expect(checkTreeHeads([badFrontier], key.publicPem).map((p) => p.problem)).toEqual(
      expect.arrayContaining(['its frontier does not add up to its root']),
    );
  });

  it('fold entries as they are read, and refuse one out of log order', () => {
    const key = keyPair();
    const { sorted, heads } = signHeads(ENTRIES, key, UP_TOS.slice(0, 1));
    const at = { upTo: UP_TOS[2]!, createdAt: UP_TOS[2]!, keyId: keyIdOf(key.publicPem) };
    const appender = new TreeHeadAppender(heads[0]);
    const next = sorted.filter((e) => e.time >= UP_TOS[0]! && e.time < UP_TOS[2]!);
    for (const e of next) appender.add(e);
    expect(appender.appended).toBe(4);
    expect(appender.body(at)).toEqual(nextTreeHead(heads[0], next, at));

    // the two records stamped at minute 20 given the wrong way round
    const swapped = new TreeHeadAppender(heads[0]);
    swapped.add(record(20, 5));
    expect(() => swapped.add(record(20, 4))).toThrow(LogOrderError);
    expect(() => swapped.add(record(19, 6))).toThrow(
      /out of order: an entry stamped 2026-10-01T00:19:00.000Z came after one stamped 2026-10-01T00:20:00.000Z/,
    );
  });
});

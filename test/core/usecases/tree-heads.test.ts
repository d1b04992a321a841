import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalAnchorStore } from '../../../core/adapters/local-anchor-store';
import { canonicalJson } from '../../../core/domain/hashing';
import { type LogEntry, recordEntry } from '../../../core/domain/tree-head';
import { ANCHOR_NAMES } from '../../../core/ports/anchor-store';
import type { Signer } from '../../../core/ports/signer';
import type { StoredTreeHeadDoc, TreeHeadStore } from '../../../core/ports/tree-head-store';
import { signTreeHead } from '../../../core/usecases/tree-heads';
import type { TreeHead } from '../../../evidence-schemas';

/** The table's part of the log, in memory: entries and heads, as a table writer could change them. */
class MemoryLog implements TreeHeadStore {
  entries: LogEntry[] = [];
  heads = new Map<number, unknown>();
  async *logEntries(from: string | undefined, to: string): AsyncIterable<LogEntry> {
    for (const e of this.entries) if ((from === undefined || e.time >= from) && e.time < to) yield e;
  }
  async putTreeHead(head: TreeHead): Promise<boolean> {
    if (this.heads.has(head.sequence)) return false;
    this.heads.set(head.sequence, JSON.parse(canonicalJson(head)));
    return true;
  }
  async lastTreeHeadDoc(): Promise<StoredTreeHeadDoc | undefined> {
    const last = Math.max(0, ...this.heads.keys());
    return last === 0 ? undefined : { sequence: last, doc: this.heads.get(last) };
  }
  async treeHeadDoc(sequence: number): Promise<StoredTreeHeadDoc | undefined> {
    return this.heads.has(sequence) ? { sequence, doc: this.heads.get(sequence) } : undefined;
  }
  async *listTreeHeadDocs(): AsyncIterable<StoredTreeHeadDoc> {
    for (const s of [...this.heads.keys()].sort((a, b) => a - b))
      yield { sequence: s, doc: this.heads.get(s) };
  }
}

function testSigner(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  return {
    algorithm: 'Ed25519',
    publicKeyPem: async () => pem,
    sign: async (m) => sign(null, m, privateKey),
  };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'anchors-'));
  dirs.push(dir);
  const log = new MemoryLog();
  const anchors = new LocalAnchorStore(dir);
  const signer = testSigner();
  let clock = Date.parse('2026-10-01T00:00:00.000Z');
  const deps = { store: log, anchors, signer, graceMs: 60_000, now: () => new Date(clock) };
  const advance = (minutes: number) => {
    clock += minutes * 60_000;
  };
  const add = (n: number) =>
    log.entries.push(
      recordEntry({
        recordedAt: new Date(clock).toISOString(),
        observedAt: new Date(clock).toISOString(),
        recordHash: n.toString(16).padStart(64, '0'),
      }),
    );
  return { log, anchors, deps, advance, add };
}

describe('signTreeHead', () => {
  it('signs what arrived since the last head, anchors it, and leaves an entry inside the grace period to the next head', async () => {
    const { log, anchors, deps, advance, add } = setup();
    add(1);
    add(2);
    advance(15);
    const first = await signTreeHead(deps);
    expect(first.problems).toEqual([]);
    expect(first.signed).toMatchObject({ sequence: 1, treeSize: 2 });
    expect(await anchors.list(ANCHOR_NAMES.treeHeadPrefix)).toEqual([ANCHOR_NAMES.treeHead(1)]);
    add(3);
    advance(0.5); // still inside the grace period: not signed yet
    const second = await signTreeHead(deps);
    expect(second.signed).toMatchObject({ sequence: 2, treeSize: 2 });
    advance(15);
    const third = await signTreeHead(deps);
    expect(third.signed).toMatchObject({ sequence: 3, treeSize: 3 });
    expect(third.appended).toBe(1);
    expect(log.heads.size).toBe(3);
  });

  it('collects garbage at the pace it was asked to while it reads the log', async () => {
    const { deps, advance, add } = setup();
    for (let n = 1; n <= 7; n++) add(n);
    advance(15);
    let collections = 0;
    const signed = await signTreeHead({ ...deps, collectEvery: 3, collectGarbage: () => collections++ });
    expect(signed.signed).toMatchObject({ treeSize: 7 });
    expect(collections).toBe(2);
  });

  it('restores heads deleted from the table from their anchors instead of signing new history', async () => {
    const { log, deps, advance, add } = setup();
    add(1);
    advance(15);
    await signTreeHead(deps);
    add(2);
    advance(15);
    const genuine = (await signTreeHead(deps)).signed!;
    log.heads.clear();
    advance(15);
    const run = await signTreeHead(deps);
    expect(run.restored).toEqual([1, 2]);
    expect(run.signed).toMatchObject({ sequence: 3, previousHeadHash: expect.any(String) });
    expect(log.heads.get(2)).toEqual(JSON.parse(canonicalJson(genuine)));
  });

  it('refuses to sign past a table head that differs from its anchor, or one no anchor holds', async () => {
    const { log, deps, advance, add } = setup();
    add(1);
    advance(15);
    await signTreeHead(deps);
    log.heads.set(1, { ...(log.heads.get(1) as object), treeSize: 7 });
    advance(15);
    const run = await signTreeHead(deps);
    expect(run.signed).toBeUndefined();
    expect(run.problems[0]).toMatch(/the table's head 1 differs from its anchor/);

    const other = setup();
    other.add(1);
    other.advance(15);
    await signTreeHead(other.deps);
    other.log.heads.set(2, { forged: true });
    other.advance(15);
    expect((await signTreeHead(other.deps)).problems[0]).toMatch(/holds head 2, which .* does not anchor/);
  });

  it('refuses anchors signed with another key', async () => {
    const { deps, advance, add } = setup();
    add(1);
    advance(15);
    await signTreeHead(deps);
    advance(15);
    const run = await signTreeHead({ ...deps, signer: testSigner() });
    expect(run.signed).toBeUndefined();
    expect(run.problems[0]).toMatch(/anchored head 1: signed by another key/);
  });
});

/** Past this a sequence is held in a set, not a bit: a bitmap is as large as its highest sequence. */
const BITMAP_LIMIT = 1 << 24;

/** Chain sequence numbers seen: a growable bitmap (one bit per sequence), a set past 2^24. Pure. */
export class SequenceSet {
  private bits = new Uint8Array(8);
  private large: Set<number> | undefined;
  size = 0;

  /** false when the sequence was already there */
  add(seq: number): boolean {
    if (this.has(seq)) return false;
    if (seq < 0 || seq >= BITMAP_LIMIT || !Number.isInteger(seq)) {
      this.large ??= new Set();
      this.large.add(seq);
    } else {
      const byte = seq >>> 3;
      if (byte >= this.bits.length) {
        const next = new Uint8Array(Math.min(BITMAP_LIMIT >>> 3, Math.max(byte + 1, this.bits.length * 2)));
        next.set(this.bits);
        this.bits = next;
      }
      this.bits[byte] = this.bits[byte]! | (1 << (seq & 7));
    }
    this.size++;
    return true;
  }

  has(seq: number): boolean {
    if (seq < 0 || seq >= BITMAP_LIMIT || !Number.isInteger(seq)) return this.large?.has(seq) ?? false;
    return ((this.bits[seq >>> 3] ?? 0) & (1 << (seq & 7))) !== 0;
  }
}

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

  /** The bitmap as base64, without its trailing empty bytes (a sharded export's partial state). */
  toBase64(): string {
    let end = this.bits.length;
    while (end > 0 && this.bits[end - 1] === 0) end--;
    return Buffer.from(this.bits.subarray(0, end)).toString('base64');
  }

  /** The sequences held outside the bitmap (2^24 and up), in ascending order. */
  beyondBitmap(): number[] {
    return this.large ? [...this.large].sort((a, b) => a - b) : [];
  }

  /**
   * Adds every sequence of a bitmap written by `toBase64` and of a `beyondBitmap` list; false when
   * one was already there.
   */
  addAll(base64: string, beyond: readonly number[] = []): boolean {
    const other = Buffer.from(base64, 'base64');
    if (other.length > BITMAP_LIMIT >>> 3) throw new RangeError('a sequence bitmap is larger than 2^24 bits');
    if (other.length > this.bits.length) {
      const next = new Uint8Array(Math.max(other.length, Math.min(BITMAP_LIMIT >>> 3, this.bits.length * 2)));
      next.set(this.bits);
      this.bits = next;
    }
    let disjoint = true;
    for (let i = 0; i < other.length; i++) {
      const b = other[i]!;
      if (b === 0) continue;
      if ((this.bits[i]! & b) !== 0) disjoint = false;
      this.size += popCount(b & ~this.bits[i]!);
      this.bits[i] = this.bits[i]! | b;
    }
    for (const seq of beyond) if (!this.add(seq)) disjoint = false;
    return disjoint;
  }
}

function popCount(byte: number): number {
  let n = 0;
  for (let b = byte & 0xff; b !== 0; b &= b - 1) n++;
  return n;
}

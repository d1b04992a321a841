import type { Readable } from 'node:stream';

/**
 * Where manually uploaded documents live, addressed by their SHA-256: the same file is stored once,
 * and a record naming the hash names exactly one content. Locally a folder, deployed an S3 bucket.
 */
export interface DocumentStore {
  /**
   * Stores a local file under `sha256`, streaming it; the adapter checks the bytes it stores hash to
   * `sha256` (the file may have changed since it was hashed) and throws DocumentIntegrityError if not.
   */
  putFile(sha256: string, path: string, mediaType: string): Promise<void>;
  /** a stream of the stored document; throws DocumentNotFoundError when there is none */
  openRead(sha256: string): Promise<Readable>;
  exists(sha256: string): Promise<boolean>;
  /** where documents go, for people: a folder or s3://bucket/prefix */
  readonly location: string;
}

/** No document with this hash is stored. */
export class DocumentNotFoundError extends Error {
  constructor(
    readonly sha256: string,
    options?: { cause?: unknown },
  ) {
    super(`no document with SHA-256 ${sha256} in the document store`, options);
    this.name = 'DocumentNotFoundError';
  }
}

/** The bytes stored (or read) do not hash to the document's SHA-256. */
export class DocumentIntegrityError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DocumentIntegrityError';
  }
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

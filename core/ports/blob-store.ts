/** A local file to store as an object, encrypted with a named KMS key. */
export interface BlobUpload {
  bucket: string;
  key: string;
  /** local file, streamed */
  path: string;
  contentType: string;
  /** ARN of the KMS key the object is encrypted with */
  kmsKeyArn: string;
}

/** Where exported binders go: an object store with time-limited download links. */
export interface BlobStore {
  uploadFile(upload: BlobUpload): Promise<{ bucket: string; key: string; bytes: number }>;
  /** a URL that downloads the object without credentials for `expiresSeconds` */
  presignedUrl(bucket: string, key: string, expiresSeconds: number): Promise<string>;
}

import { join } from 'node:path';
import { LocalDocumentStore } from '../core/adapters/local-document-store';
import { S3DocumentStore } from '../core/adapters/s3-document-store';
import type { DocumentStore } from '../core/ports/document-store';
import type { EvidenceConfig } from '../core/usecases/config';
import { DEFAULT_DATA_DIR, type GlobalOptions } from './context';

export interface DocumentOptions {
  documentsBucket?: string;
}

/**
 * The document store the options name: an S3 bucket (--documents-bucket, else documents.bucket in the
 * configuration), else the folder `<data-dir>/blobs` beside the embedded store.
 */
export function openDocuments(opts: GlobalOptions & DocumentOptions, config: EvidenceConfig): DocumentStore {
  const bucket = opts.documentsBucket ?? config.documents.bucket;
  if (bucket)
    return new S3DocumentStore({
      bucket,
      prefix: config.documents.prefix,
      ...(config.documents.kmsKeyArn ? { kmsKeyArn: config.documents.kmsKeyArn } : {}),
    });
  return new LocalDocumentStore(join(opts.dataDir || DEFAULT_DATA_DIR, 'blobs'));
}

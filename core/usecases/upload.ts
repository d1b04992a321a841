/**
 * Manual evidence: a document (signed BAA, training records, incident report, policy) is hashed while
 * it streams, stored in the document store under its SHA-256, and recorded as an 'Evidence Manual
 * Upload' internal event through ingest(), so the record (hash, size, name, media type, what it is
 * evidence for) is chained like any other. The same file filed under the same target again is a
 * duplicate.
 */
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import {
  type EvidenceRecord,
  INTERNAL_DETAIL_TYPES,
  internalEvent,
  type ManualUploadDetail,
  ManualUploadDetailSchema,
} from '../../evidence-schemas';
import { MANUAL_SPECIFICATIONS } from '../domain/binder/manual-evidence';
import { CITATIONS, CONTROLS } from '../domain/catalog';
import { hashCanonical } from '../domain/hashing';
import { describeIssues } from '../domain/normalize';
import { documentSubject } from '../domain/normalize/internal/upload';
import { subjectKey } from '../domain/observation';
import { redactionPolicy } from '../domain/redact';
import type { DocumentStore } from '../ports/document-store';
import { UsageError } from '../ports/errors';
import type { EvidenceStore } from '../ports/evidence-store';
import { hashFile } from '../support/file-hash';
import type { EvidenceConfig } from './config';
import { committedChain } from './human-evidence';
import { ingest } from './ingest';

/** Largest document accepted: evidence documents are policies and records, not data sets. */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

const MEDIA_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.zip': 'application/zip',
};

/** The media type of a file name, by extension (application/octet-stream when unknown). */
export function mediaTypeOf(fileName: string): string {
  return MEDIA_TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/** What a document can be filed under: a catalog control id or a HIPAA citation. */
export function uploadTargets(): string[] {
  return [
    ...new Set([
      ...CONTROLS.map((c) => c.id),
      ...MANUAL_SPECIFICATIONS.map((s) => s.citation),
      ...Object.keys(CITATIONS),
    ]),
  ];
}

export interface UploadRequest {
  accountId: string;
  /** catalog control id or citation */
  target: string;
  path: string;
  title?: string;
  uploadedBy?: string;
}

export interface UploadDeps {
  store: EvidenceStore;
  documents: DocumentStore;
  config: EvidenceConfig;
  now?: () => Date;
  /** when it was uploaded (ISO 8601; default now) */
  at?: string;
}

export interface UploadResult {
  status: 'stored' | 'duplicate';
  sha256: string;
  bytes: number;
  fileName: string;
  mediaType: string;
  target: string;
  subjectKey: string;
  location: string;
  record?: EvidenceRecord;
}

/** Uploads one document and records it. Throws UsageError for an unknown target or a bad file. */
export async function uploadDocument(request: UploadRequest, deps: UploadDeps): Promise<UploadResult> {
  const targets = uploadTargets();
  if (!targets.includes(request.target))
    throw new UsageError(
      `--control: unknown control or citation "${request.target}" (one of: ${targets.join(', ')})`,
    );
  let size: number;
  try {
    const s = await stat(request.path);
    if (!s.isFile()) throw new UsageError(`${request.path} is not a file`);
    size = s.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${request.path}: ${(error as Error).message}`);
  }
  if (size === 0) throw new UsageError(`${request.path} is empty: there is nothing to keep as evidence`);
  if (size > MAX_DOCUMENT_BYTES)
    throw new UsageError(
      `${request.path} is ${size} bytes; documents are limited to 50 MB (${MAX_DOCUMENT_BYTES} bytes)`,
    );
  // streamed (never held in memory); checked again, in case the file changed since it was stat'ed
  const { sha256, bytes } = await hashFile(request.path);
  if (bytes === 0) throw new UsageError(`${request.path} is empty: there is nothing to keep as evidence`);
  if (bytes > MAX_DOCUMENT_BYTES) throw new UsageError(`${request.path} is larger than 50 MB`);
  const fileName = basename(request.path);
  const mediaType = mediaTypeOf(fileName);
  const detail: ManualUploadDetail = {
    target: request.target,
    sha256,
    bytes,
    fileName,
    mediaType,
    ...(request.title !== undefined ? { title: request.title } : {}),
    ...(request.uploadedBy !== undefined ? { uploadedBy: request.uploadedBy } : {}),
  };
  const parsed = ManualUploadDetailSchema.safeParse(detail);
  if (!parsed.success) throw new UsageError(describeIssues('invalid upload', parsed.error));

  // the document first: a record never names content the store does not hold
  await deps.documents.putFile(sha256, request.path, mediaType);

  const key = subjectKey(documentSubject(request.accountId, sha256));
  const eventId = `upload-${hashCanonical({ accountId: request.accountId, ...parsed.data }).slice(0, 32)}`;
  const base = {
    sha256,
    bytes,
    fileName,
    mediaType,
    target: request.target,
    subjectKey: key,
    location: deps.documents.location,
  };
  const earlier = (await committedChain(deps.store, key)).find((r) => r.source.eventId === eventId);
  if (earlier) return { ...base, status: 'duplicate', record: earlier };
  const at = deps.at ?? (deps.now ?? (() => new Date()))().toISOString();
  const result = await ingest(
    [
      {
        raw: internalEvent(INTERNAL_DETAIL_TYPES.upload, {
          id: eventId,
          time: at,
          account: request.accountId,
          region: 'global',
          detail: parsed.data,
        }),
        origin: `upload:${fileName}`,
      },
    ],
    {
      store: deps.store,
      ...(deps.now ? { now: deps.now } : {}),
      redaction: redactionPolicy(deps.config.redactKeys),
    },
  );
  const q = result.quarantined[0];
  if (q) throw new UsageError(`upload rejected: ${q.reason}`);
  const f = result.failed[0];
  if (f) throw new Error(`upload could not be recorded: ${f.error}`);
  return {
    ...base,
    status: result.statuses[0] === 'stored' ? 'stored' : 'duplicate',
    ...(result.records[0] ? { record: result.records[0] } : {}),
  };
}

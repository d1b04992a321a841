/**
 * Step 3 of an export: the evidence files, from the spool, each proven against its day's signed
 * checkpoint, listed in the manifest and in the index spool (index.html and the PDF list it); then the
 * uploaded documents on file, copied in under manual/.
 */

import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PeriodAggregator } from '../../domain/binder/aggregate';
import { BinderSourceIntegrityError, StoreChangedDuringExportError } from '../../domain/binder/errors';
import { documentsToInclude, type HumanEvidence } from '../../domain/binder/human-evidence';
import type { IndexRow } from '../../domain/binder/index-row';
import { evidencePath } from '../../domain/binder/layout';
import { DocumentNotFoundError, type DocumentStore } from '../../ports/document-store';
import type { AnchorWriter } from './anchors';
import type { BinderZip } from './binder-zip';
import { LineSpool, parseSpoolLine, rowLine, writeHashedStream } from './spool';
import type { BinderProgress } from './types';

/** Where the evidence files go while they are written. */
export interface EvidenceSinks {
  zip: BinderZip;
  anchors: AnchorWriter;
  workDir: string;
}

/**
 * Writes every spooled record of the period as an evidence file. Returns how many were written and
 * the index spool (closed). Throws StoreChangedDuringExportError when they do not add up to the
 * aggregates' count: the store changed under the export.
 */
export async function writeEvidenceFiles(
  records: LineSpool,
  aggregator: PeriodAggregator,
  total: number,
  sinks: EvidenceSinks,
  progress: (p: BinderProgress) => void,
): Promise<{ written: number; index: LineSpool }> {
  const { zip, anchors } = sinks;
  const index = new LineSpool(join(sinks.workDir, 'index.lines'));
  let written = 0;
  for await (const line of records.rows()) {
    const { subjectKey, record, canonical } = parseSpoolLine(line);
    // a record a chain read showed to be uncommitted (a crashed writer's, at a reused sequence)
    if (aggregator.exclusion(subjectKey, record)) {
      await anchors.leftOut(record);
      continue;
    }
    const data = Buffer.from(canonical, 'utf8');
    const path = evidencePath(subjectKey, record.integrity.sequence, record.evidenceId);
    await zip.addEvidence(path, data);
    await anchors.prove(record, path);
    const row: IndexRow = {
      observedAt: record.observedAt,
      evidenceId: record.evidenceId,
      source: record.source,
      sequence: record.integrity.sequence,
      recordHash: record.integrity.recordHash,
      subjectKey,
      path,
    };
    await index.write(rowLine(row));
    if (++written % 1000 === 0) progress({ phase: 'evidence', done: written, total });
  }
  progress({ phase: 'evidence', done: written, total });
  if (written !== total)
    throw new StoreChangedDuringExportError(
      `the period's records do not add up (${total} in the aggregates, ${written} written): no binder was written; run again`,
    );
  await index.close();
  return { written, index };
}

/**
 * Copies each uploaded document on file into the zip under manual/, streamed through a work file and
 * checked against its SHA-256 on the way: a document that changed in the store fails the export.
 */
export async function addDocuments(
  human: HumanEvidence | undefined,
  documents: DocumentStore | undefined,
  zip: BinderZip,
  workDir: string,
): Promise<void> {
  const wanted = human ? documentsToInclude(human) : [];
  if (wanted.length === 0) return;
  const missing = (sha256: string, why: string) =>
    new BinderSourceIntegrityError([{ subjectKey: `document ${sha256}`, problem: why }], 1);
  // without a document store (the deployed export, until it is given the bucket) the section lists
  // every upload by hash and says the files are not included (documentsIncluded, set with the model)
  if (!documents) return;
  for (const doc of wanted) {
    const file = join(workDir, `document-${doc.sha256}`);
    let copied: { sha256: string; bytes: number };
    try {
      copied = await writeHashedStream(file, await documents.openRead(doc.sha256));
    } catch (error) {
      if (error instanceof DocumentNotFoundError) throw missing(doc.sha256, `not in ${documents.location}`);
      throw error;
    }
    if (copied.sha256 !== doc.sha256)
      throw missing(doc.sha256, `the stored document's bytes hash to ${copied.sha256}`);
    await zip.addFile(doc.path, file, copied);
    await rm(file, { force: true });
  }
}

/**
 * Step 4 of an export: the binder's renderings of its model, each written to the work folder, hashed
 * as it is written and added to the zip: OSCAL assessment results, the ePHI inventory, the evidence
 * list and tail of index.html, and the PDF. Both lists read the index spool sorted by observation time.
 */
import { join } from 'node:path';
import { htmlIndexRow, htmlTail } from '../../adapters/binder/html';
import { oscalJson } from '../../adapters/binder/oscal';
import { writeBinderPdf } from '../../adapters/binder/pdf';
import { ephiInventoryJson } from '../../domain/binder/coverage-sections';
import { EPHI_INVENTORY_PATH, HTML_PATH, OSCAL_PATH } from '../../domain/binder/layout';
import type { BinderModel } from '../../domain/binder/model';
import type { BinderZip } from './binder-zip';
import { sortIndexSpool } from './index-order';
import { type HashedFile, type LineSpool, mapRows, parseRowLine, writeHashed } from './spool';
import type { BinderProgress } from './types';

/**
 * Rows of the evidence list in index.html: past this a browser struggles, so the page says how many
 * more there are and where they are (the evidence folder and the PDF's index list every record).
 */
export const HTML_INDEX_LIMIT = 100_000;

/** What the renderings need besides the model. */
export interface RenderingInputs {
  zip: BinderZip;
  /** index.html, its head written */
  html: HashedFile;
  /** the index rows, spooled with the evidence in the order read */
  index: Pick<LineSpool, 'rows'>;
  /** the rows are in index order already (a sharded export's slices each sorted theirs) */
  indexSorted?: boolean;
  /** evidence files written (index.html lists the first HTML_INDEX_LIMIT) */
  written: number;
  evidenceRootHash: string;
  evidenceFiles: number;
  /** SHA-256 of the signing key, printed on the cover, the integrity statement and index.html */
  signingKeyFingerprint?: string;
  /** the PDF's name, in the zip and beside it */
  pdfName: string;
  workDir: string;
}

/** Adds the renderings to the zip; returns the PDF's page count and its file in the work folder. */
export async function addRenderings(
  model: BinderModel,
  inputs: RenderingInputs,
  progress: (p: BinderProgress) => void,
): Promise<{ pages: number; pdfFile: string }> {
  const { zip, html, pdfName, workDir } = inputs;
  const oscalFile = join(workDir, 'assessment-results.json');
  const oscal = await writeHashed(oscalFile, async (write) => {
    for (const piece of oscalJson(model, { pdfPath: pdfName })) await write(piece);
  });
  await zip.addFile(OSCAL_PATH, oscalFile, oscal);
  await zip.addBuffer(
    EPHI_INVENTORY_PATH,
    Buffer.from(ephiInventoryJson(model.ephiInventory, model.generatedAt), 'utf8'),
  );

  // both lists in order of observation, as they say
  const index = inputs.indexSorted ? inputs.index : await sortIndexSpool(inputs.index, workDir);
  let listed = 0;
  for await (const line of index.rows()) {
    if (listed++ >= HTML_INDEX_LIMIT) break;
    await html.write(htmlIndexRow(parseRowLine(line)));
  }
  await html.write(
    htmlTail({
      evidenceRootHash: inputs.evidenceRootHash,
      evidenceFiles: inputs.evidenceFiles,
      signingKeyFingerprint: inputs.signingKeyFingerprint,
      omitted: Math.max(0, inputs.written - HTML_INDEX_LIMIT),
    }),
  );
  // closed before it is zipped: every byte hashed is on disk
  const page = await html.close();
  await zip.addFile(HTML_PATH, html.path, page);

  const pdfFile = join(workDir, pdfName);
  const total = model.counts.records;
  let indexed = 0;
  const { pages } = await writeBinderPdf({
    model,
    evidenceRootHash: inputs.evidenceRootHash,
    evidenceFiles: inputs.evidenceFiles,
    ...(inputs.signingKeyFingerprint ? { signingKeyFingerprint: inputs.signingKeyFingerprint } : {}),
    indexRows: mapRows(index.rows(), parseRowLine),
    path: pdfFile,
    onIndexRow: () => {
      if (++indexed % 5000 === 0) progress({ phase: 'documents', done: indexed, total });
    },
  });
  // a PDF's streams are compressed already: stored as is
  await zip.addFile(pdfName, pdfFile, undefined, { compress: false });
  return { pages, pdfFile };
}

/**
 * Export use case: the OCR-ready binder for a period, streamed from the store into a zip and a PDF
 * with bounded memory, then handed to a target (a local folder, or the binder bucket).
 *
 * 1. Snapshot the chain heads: only records committed by then are in the binder, so concurrent
 *    ingest never makes it inconsistent (read-period.ts).
 * 2. Read the period once from the store: verify every record, fold it into per-(resource, control)
 *    aggregates (`PeriodAggregator`), and spool its canonical JSON to the target's staging folder.
 *    Chains are read whole only where the period's baseline needs it (read-period.ts).
 * 3. Read the spool: each record goes into the zip, its manifest entry and index row into spool files,
 *    and the root hashes advance (evidence-files.ts, binder-zip.ts).
 * 4. OSCAL, index.html and the PDF from the model and the spooled index (renderings.ts), then
 *    manifest.json, the optional signature, and the zip's central directory (binder-zip.ts). The
 *    target receives the files only when both are complete; the staging folder is removed either way.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { htmlHead } from '../../adapters/binder/html';
import { buildHumanEvidence } from '../../domain/binder/human-evidence';
import { binderBaseName } from '../../domain/binder/layout';
import type { BinderModel } from '../../domain/binder/model';
import { withSignOffs } from '../../domain/binder/sign-offs';
import type { BinderTarget } from '../../ports/binder-target';
import { AnchorWriter } from './anchors';
import { BinderZip, publicKeyFingerprintOf } from './binder-zip';
import { addDocuments, writeEvidenceFiles } from './evidence-files';
import { type PeriodRead, readPeriod, snapshotHeads } from './read-period';
import { addRenderings } from './renderings';
import { HashedFile } from './spool';
import { exportSummary } from './summary';
import { directoryTarget } from './to-directory';
import type {
  BinderExportDeps,
  BinderExportOptions,
  BinderExportResult,
  BinderExportSummary,
  BinderRequest,
} from './types';

export { publicKeyFingerprintOf } from './binder-zip';
export { HTML_INDEX_LIMIT } from './renderings';
export type * from './types';

export const DEFAULT_BINDER_TITLE = 'HIPAA Security Rule evidence binder';

/**
 * The binder model of a period read (readPeriod): baselines settled, the exceptions of the sign-off
 * chains applied (EXCEPTED), and the human sign-off section attached.
 */
export function periodModel(
  period: Pick<PeriodRead, 'aggregator' | 'humanRecords'>,
  request: BinderRequest,
  generatedAt: string,
  documentsIncluded: boolean,
): BinderModel {
  const { from, to } = request;
  period.aggregator.settleRest();
  // exceptions do not depend on the accounts, which the model gives: read them first
  const { exceptions } = buildHumanEvidence(period.humanRecords, { from, to }, []);
  const model = period.aggregator.build(
    {
      title: request.title ?? DEFAULT_BINDER_TITLE,
      ...(request.organisation ? { organisation: request.organisation } : {}),
      generatedAt,
      generator: request.generator,
    },
    { exceptions },
  );
  model.human = {
    ...buildHumanEvidence(period.humanRecords, { from, to }, model.scope.accounts),
    documentsIncluded,
  };
  model.citations = withSignOffs(model.citations, model.human);
  return model;
}

/**
 * Writes one binder to `options.outDir`: the export with a local folder as its target. Throws
 * BinderSourceIntegrityError, and writes nothing, when evidence does not verify.
 */
export async function exportBinder(
  options: BinderExportOptions,
  deps: BinderExportDeps,
): Promise<BinderExportResult> {
  const { outDir, ...request } = options;
  return exportBinderTo(directoryTarget(outDir), request, deps);
}

/**
 * Makes one binder and delivers it to `target`; the result says where it went (`Location`) and what
 * it holds. Throws BinderSourceIntegrityError, and delivers nothing, when evidence does not verify.
 */
export async function exportBinderTo<Location>(
  target: BinderTarget<Location>,
  request: BinderRequest,
  deps: BinderExportDeps,
): Promise<Location & BinderExportSummary> {
  const now = deps.now ?? (() => new Date());
  const progress = deps.onProgress ?? (() => undefined);
  const generatedAt = now().toISOString();
  const { from, to, accounts } = request;

  const heads = await snapshotHeads(deps.reader, progress);
  const base = binderBaseName(from, to);
  const staging = await target.stage(base);
  const work = staging.dir;
  let zip: BinderZip | undefined;
  let anchorWriter: AnchorWriter | undefined;
  try {
    const period = await readPeriod(
      { from, to, ...(accounts ? { accounts } : {}), generatedAt },
      heads,
      deps.reader,
      work,
      progress,
    );
    const model = periodModel(period, request, generatedAt, deps.documents !== undefined);

    // 3. the evidence files, each proven against its day's signed checkpoint, then the documents
    const anchors = await AnchorWriter.open({
      reader: deps.reader,
      from,
      to,
      firstRecordedDay: period.firstRecordedDay,
      complete: accounts === undefined || accounts.length === 0,
      publicKeyPem: deps.checkpointPublicKeyPem ?? (await deps.signer?.publicKeyPem()),
      workDir: work,
    });
    anchorWriter = anchors;
    for (const r of period.leftOut.splice(0))
      await anchors.leftOut({ ...r, recordHash: r.integrity.recordHash });
    zip = await BinderZip.create(work, generatedAt);
    const pdfName = `${base}.pdf`;
    const html = new HashedFile(join(work, 'index.html'));
    await html.write(htmlHead(model, { pdfPath: pdfName }));
    const { written, index } = await writeEvidenceFiles(
      period.records,
      period.aggregator,
      model.counts.records,
      { zip, anchors, workDir: work },
      progress,
    );
    const { evidenceRootHash, evidenceFiles } = zip.evidenceDigest();
    await addDocuments(model.human, deps.documents, zip, work);
    await anchors.finish(zip);

    // 4. the renderings, then the manifest, the signature and the central directory
    progress({ phase: 'documents', done: 0 });
    const { pages, pdfFile } = await addRenderings(
      model,
      {
        zip,
        html,
        index,
        written,
        evidenceRootHash,
        evidenceFiles,
        ...(deps.signer
          ? { signingKeyFingerprint: publicKeyFingerprintOf(await deps.signer.publicKeyPem()) }
          : {}),
        pdfName,
        workDir: work,
      },
      progress,
    );
    progress({ phase: 'finish', done: 0 });
    const sealed = await zip.seal(deps.signer);
    const zipBytes = (await stat(zip.path)).size;
    const location = await staging.deliver({
      from,
      to,
      generatedAt,
      zip: { name: `${base}.zip`, path: zip.path },
      pdf: { name: pdfName, path: pdfFile },
    });
    progress({ phase: 'finish', done: 1 });
    return {
      ...location,
      ...exportSummary(
        model,
        { sealed, evidenceRootHash, pages, zipBytes, signed: deps.signer !== undefined },
        anchors,
      ),
    };
  } catch (error) {
    await zip?.abort();
    anchorWriter?.abort();
    throw error;
  } finally {
    await staging.discard();
  }
}

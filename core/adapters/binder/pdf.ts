/**
 * The binder as an archival PDF (PDF/A-2b), organised the way an OCR investigator asks. Written with
 * pdfkit: the layout primitives are in pdf-layout.ts, the sections in pdf-sections.ts; this file sets
 * out the document (cover, contents, sections, evidence index) and streams it to a file.
 *
 * Memory stays flat however long the evidence index and the drift tables are: every page goes to the
 * file as soon as it is full (streamDocument), the front matter's included, which is laid out twice
 * so that the contents page can carry page numbers.
 */

import { closeSync, openSync } from 'node:fs';
import type { IndexRow } from '../../domain/binder/index-row';
import type { BinderModel } from '../../domain/binder/model';
import { COLORS, type Doc, Layout, newPdfDocument, streamDocument } from './pdf-layout';
import {
  citationSection,
  collectionHealth,
  cover,
  humanSignOff,
  integrity,
  inventory,
  manual,
  summary,
} from './pdf-sections';
import { layoutCell, wrap } from './table-text';

interface TocEntry {
  title: string;
  /** 0-based page index */
  page: number;
}

/** The binder's document, its metadata from the model. */
function newDocument(model: BinderModel): Doc {
  return newPdfDocument({
    title: `${model.title}: ${model.period.from.slice(0, 10)} to ${model.period.to.slice(0, 10)}`,
    author: model.organisation ?? model.generator.name,
    subject: 'HIPAA Security Rule (45 CFR Part 164 Subpart C) evidence binder',
    keywords: 'HIPAA, Security Rule, evidence, OCR, audit',
    creator: `${model.generator.name} ${model.generator.version}`,
    createdAt: new Date(model.generatedAt),
  });
}

/**
 * Cover, contents, and every section before the evidence index. With `toc` (the page of each section,
 * from a first rendering) the contents page is filled in as it is drawn; returns the sections' pages.
 */
function front(
  doc: Doc,
  model: BinderModel,
  evidence: { rootHash: string; files: number; signingKeyFingerprint: string | undefined },
  toc?: TocEntry[],
): { layout: Layout; toc: TocEntry[] } {
  doc.addPage();
  const period = `${model.period.from.slice(0, 10)} to ${model.period.to.slice(0, 10)}`;
  const L = new Layout(doc, `${model.organisation ?? model.title} · evidence binder ${period}`);
  cover(L, model, evidence.rootHash, evidence.files, evidence.signingKeyFingerprint);
  doc.addPage();
  if (toc) contents(L, toc);
  const pages: TocEntry[] = [];
  const section = (title: string) => {
    doc.addPage();
    pages.push({ title, page: L.page });
    doc.outline.addItem(title);
  };
  section('Executive summary');
  summary(L, model);
  for (const c of model.citations) {
    section(`${c.citation} ${c.title}`);
    citationSection(L, c, model);
  }
  section('Collection health');
  collectionHealth(L, model);
  section('Specifications that need manual evidence');
  manual(L, model);
  if (model.human) {
    section('Human sign-off: reviews, exceptions, decisions, documents');
    humanSignOff(L, model);
  }
  section('ePHI system inventory');
  inventory(L, model);
  section('Integrity statement and how to verify this binder');
  integrity(L, model, evidence.rootHash, evidence.signingKeyFingerprint);
  pages.push({ title: 'Evidence index', page: L.page + 1 });
  return { layout: L, toc: pages };
}

function contents(L: Layout, toc: TocEntry[]): void {
  L.heading('Contents');
  const text = L.mono;
  for (const entry of toc) {
    const pageText = String(entry.page + 1);
    const dots = '.'.repeat(Math.max(2, text.fit(L.width) - entry.title.length - pageText.length - 2));
    text.line(`${entry.title} ${dots} ${pageText}`, L.left, L.doc.y);
    L.doc.y += text.size * 1.6;
  }
}

/**
 * The pages of the front matter's sections, from laying it out into a document that is discarded
 * (with its fonts and pages) as soon as this returns.
 */
async function dryFront(
  model: BinderModel,
  evidence: Parameters<typeof front>[2],
): Promise<{ toc: TocEntry[] }> {
  const dry = newDocument(model);
  const end = await streamDocument(dry, undefined);
  const { toc } = front(dry, model, evidence);
  await end();
  return { toc };
}

/**
 * Writes the binder PDF to `path`; `indexRows` is read once, in order, for the evidence index.
 *
 * Each page is written out as soon as it is full, so memory stays flat whatever the number of records
 * and drifts. The contents page needs the page of every section before they are drawn: the front
 * matter is laid out once into a discarded document to learn them, then for real.
 */
export async function writeBinderPdf(args: {
  model: BinderModel;
  evidenceRootHash: string;
  evidenceFiles: number;
  /** SHA-256 of the signing key (SPKI DER); undefined for an unsigned binder */
  signingKeyFingerprint?: string;
  indexRows: AsyncIterable<IndexRow>;
  path: string;
  onIndexRow?: () => void;
}): Promise<{ pages: number }> {
  const { model } = args;
  const evidence = {
    rootHash: args.evidenceRootHash,
    files: args.evidenceFiles,
    signingKeyFingerprint: args.signingKeyFingerprint,
  };
  const { toc } = await dryFront(model, evidence);

  const doc = newDocument(model);
  const fd = openSync(args.path, 'w');
  try {
    const end = await streamDocument(doc, fd);
    const { layout: L } = front(doc, model, evidence, toc);
    doc.addPage();
    doc.outline.addItem('Evidence index');
    await evidenceIndex(L, args.indexRows, args.onIndexRow);
    const pages = L.page + 1;
    await end();
    return { pages };
  } finally {
    closeSync(fd);
  }
}

/** Where the evidence index's fields go on a line, in characters from the left edge. */
const INDEX = { evidenceId: 26, sequence: 63, source: 72, below: 2, resource: 68 } as const;

/** One piece of text of an index row: its column, its line within the row, and whether it is muted. */
interface IndexLine {
  x: number;
  text: string;
  line: number;
  muted?: boolean;
}

/**
 * The lines of one index row: time, evidence id, sequence and source on the first; below them the
 * record hash, whole, with the resource beside it when it fits there, else on lines of its own.
 */
function indexRowLines(r: IndexRow, total: number): IndexLine[] {
  const out: IndexLine[] = [
    { x: 0, text: r.observedAt, line: 0 },
    { x: INDEX.evidenceId, text: r.evidenceId, line: 0 },
    { x: INDEX.sequence, text: String(r.sequence).padStart(INDEX.source - INDEX.sequence - 2), line: 0 },
  ];
  const source = layoutCell(r.source, total - INDEX.source, total - INDEX.source);
  source.lines.forEach((text, i) => {
    out.push({ x: INDEX.source, text, line: i });
  });
  let line = source.lines.length;
  // a word of the source too wide for its column (a long rule name): whole, on a line of its own
  for (const word of source.moved) out.push({ x: INDEX.below, text: word, line: line++ });
  out.push({ x: INDEX.below, text: r.recordHash, line, muted: true });
  if (r.subjectKey.length <= total - INDEX.resource) {
    out.push({ x: INDEX.resource, text: r.subjectKey, line });
    return out;
  }
  for (const text of wrap(r.subjectKey, total - INDEX.below))
    out.push({ x: INDEX.below, text, line: ++line });
  return out;
}

async function evidenceIndex(L: Layout, rows: AsyncIterable<IndexRow>, onRow?: () => void): Promise<void> {
  const { doc } = L;
  L.heading('Evidence index');
  L.para(
    "Every record in the binder, in order of observation (UTC; records observed at the same instant by evidence id): when it was observed, its evidence id, its sequence on its resource's chain and its source; below them, its record hash (SHA-256, whole) and the resource (beside the hash, or below it when it is long). Each record is in the zip under evidence/, named by its sequence and evidence id.",
  );
  const text = L.mono;
  const lineHeight = text.size * 1.25;
  const total = text.fit(L.width);
  const at = (column: number) => L.left + column * text.charWidth;
  const drawHeader = () => {
    doc.fillColor(COLORS.muted);
    text.line('observed (UTC)', at(0), doc.y);
    text.line('evidence id', at(INDEX.evidenceId), doc.y);
    text.line('seq', at(INDEX.source - 5), doc.y);
    text.line('source', at(INDEX.source), doc.y);
    text.line('record hash (SHA-256)', at(INDEX.below), doc.y + lineHeight);
    text.line('resource', at(INDEX.resource), doc.y + lineHeight);
    doc.fillColor(COLORS.text);
    doc.y += 2 * lineHeight + 3;
  };
  L.ensure(6 * lineHeight);
  drawHeader();
  for await (const r of rows) {
    const lines = indexRowLines(r, total);
    const height = (Math.max(...lines.map((l) => l.line)) + 1) * lineHeight + 3;
    if (doc.y + height > L.bottom) {
      doc.addPage();
      drawHeader();
    }
    for (const l of lines) {
      // the record hash and any word moved below: muted, so each row's first line leads the eye
      doc.fillColor(l.muted ? COLORS.muted : COLORS.text);
      text.line(l.text, at(l.x), doc.y + l.line * lineHeight);
    }
    doc.y += height;
    onRow?.();
  }
}

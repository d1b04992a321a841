/**
 * Layout primitives of the binder PDF, apart from what the binder says (pdf-sections.ts): the document
 * set up as PDF/A-2b (fonts embedded, sRGB output intent, XMP metadata that declares the conformance),
 * the page, colours, headings, prose, wrapped monospaced tables and a fast monospaced text path.
 *
 * Tables are set in a monospaced font through `MonoText`, which encodes each character once, because
 * pdfkit's general text layout shapes every word with fontkit and caches every distinct word for the
 * life of the document, which for a million evidence ids is slow and unbounded.
 */
import { writeSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { BINDER_FONTS } from './fonts';
import { columnWidths, layoutCell, wrap } from './table-text';

/** A4 with 48 pt margins. */
export const PAGE = { size: 'A4' as const, margin: 48 };
/** The binder's colours: text, rules, and one per status. */
export const COLORS = {
  text: '#1a1a1a',
  muted: '#5c5c5c',
  rule: '#b0b0b0',
  /** the hairline between table rows */
  faint: '#e2e2e2',
  NON_COMPLIANT: '#b3261e',
  COMPLIANT: '#2e7d32',
  NOT_APPLICABLE: '#9e9e9e',
  NO_EVIDENCE: '#c9a227',
  /** non-compliant under an accepted exception */
  EXCEPTED: '#6a3d9a',
} as const;

/** A pdfkit document. */
export type Doc = InstanceType<typeof PDFDocument>;

/** The parts of pdfkit's embedded font that the fast path uses (pdfkit 0.20). */
interface EmbeddedFont {
  id: string;
  ascender: number;
  encode(text: string): [string[], { xAdvance: number }[]];
  ref(): unknown;
}

/** A fast, single-line, monospaced text writer over pdfkit's embedded font. */
export class MonoText {
  private readonly font: EmbeddedFont;
  private readonly hex = new Map<string, string>();
  readonly charWidth: number;

  constructor(
    private readonly doc: Doc,
    readonly size: number,
  ) {
    doc.font('mono');
    const font = (doc as unknown as { _font?: EmbeddedFont })._font;
    if (!font || typeof font.encode !== 'function' || typeof font.ref !== 'function')
      throw new Error('pdfkit internals changed: the binder PDF needs its embedded font object');
    this.font = font;
    const [, positions] = font.encode('0');
    this.charWidth = ((positions[0]?.xAdvance ?? 600) / 1000) * size;
  }

  /** How many characters fit in a width. */
  fit(width: number): number {
    return Math.max(1, Math.floor(width / this.charWidth));
  }

  /** Draws one line with its top at (x, y), in the current fill colour. */
  line(text: string, x: number, y: number): void {
    if (text.length === 0) return;
    const page = this.doc.page;
    page.fonts[this.font.id] ??= this.font.ref();
    let hex = '';
    for (const ch of text) {
      let h = this.hex.get(ch);
      if (h === undefined) {
        h = this.font.encode(ch)[0].join('');
        // PDF/A forbids the .notdef glyph: a character the font lacks is shown as '?'
        if (/^0+$/.test(h)) h = this.font.encode('?')[0].join('');
        this.hex.set(ch, h);
      }
      hex += h;
    }
    const baseline = page.height - y - (this.font.ascender / 1000) * this.size;
    this.doc.addContent(
      `q 1 0 0 -1 0 ${page.height} cm BT 1 0 0 1 ${num(x)} ${num(baseline)} Tm /${this.font.id} ${this.size} Tf <${hex}> Tj ET Q`,
    );
  }
}

const num = (n: number) => String(Math.round(n * 100) / 100);

/** Type sizes (pt): legible on paper, and in a PDF viewer at page width. */
export const TYPE = {
  /** prose: never smaller */
  body: 9.5,
  /** table text, the evidence index and the contents */
  table: 8,
  /** footers and chart labels */
  small: 7,
} as const;

/** Room a heading keeps below it on its page: at least a line or two of what follows. */
const HEADING_KEEP = 36;

/**
 * Where a page's content stream stands (pdfkit 0.20 keeps it as chunks until the page is written), so
 * that a heading left alone at the foot of a page can be taken back; undefined if pdfkit changed.
 */
interface ContentMark {
  chunks: number;
  length: number;
  uncompressed: number;
}

interface PageContent {
  buffer: unknown[];
  data: { Length?: number };
  uncompressedLength: number;
}

function pageContent(doc: Doc): PageContent | undefined {
  const content = (doc.page as unknown as { content?: PageContent }).content;
  return content && Array.isArray(content.buffer) && typeof content.uncompressedLength === 'number'
    ? content
    : undefined;
}

function contentMark(doc: Doc): ContentMark | undefined {
  const c = pageContent(doc);
  return c
    ? { chunks: c.buffer.length, length: c.data.Length ?? 0, uncompressed: c.uncompressedLength }
    : undefined;
}

function restoreContent(doc: Doc, mark: ContentMark): void {
  const c = pageContent(doc);
  if (!c) return;
  c.buffer.length = mark.chunks;
  c.data.Length = mark.length;
  c.uncompressedLength = mark.uncompressed;
}
/** Characters between two table columns. */
const COLUMN_GAP = 2;
/** Indent of a row's full-width lines (ids, hashes, words too wide for their column). */
const BELOW_INDENT = 2;

/**
 * A table row: its cells, or its cells and lines set across the whole table below them (for values
 * such as an evidence id and a record hash that must stay whole and are too wide for a column).
 */
export type TableRow = string[] | { cells: string[]; below: string[] };

/** The options of a table beyond its rows. */
export interface TableOptions {
  /** what a row's full-width lines hold, printed under the column headers */
  below?: string;
}

const cellsOf = (row: TableRow) => (Array.isArray(row) ? row : row.cells);
const belowOf = (row: TableRow) => (Array.isArray(row) ? [] : row.below);

/** Lays out front-matter pages: headings and prose through pdfkit, tables through MonoText. */
export class Layout {
  /** tables, the evidence index, the contents */
  readonly mono: MonoText;
  /** footers and chart labels */
  readonly small: MonoText;
  /** the text block's left edge and width, and the lowest line a page takes */
  readonly left: number;
  readonly width: number;
  readonly bottom: number;

  constructor(
    readonly doc: Doc,
    private readonly footer: string,
  ) {
    this.mono = new MonoText(doc, TYPE.table);
    this.small = new MonoText(doc, TYPE.small);
    this.left = PAGE.margin;
    this.width = doc.page.width - 2 * PAGE.margin;
    this.bottom = doc.page.height - PAGE.margin - 14;
    doc.on('pageAdded', () => this.decorate());
    this.decorate();
  }

  private pageNumber(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count;
  }

  private decorate(): void {
    const { doc } = this;
    doc.save();
    doc.fillColor(COLORS.muted);
    this.small.line(
      `${this.footer}   page ${this.pageNumber()}`,
      this.left,
      doc.page.height - PAGE.margin + 4,
    );
    doc.restore();
    doc.fillColor(COLORS.text);
    doc.x = this.left;
    doc.y = PAGE.margin;
  }

  /** Current page index (0-based), for the contents. */
  get page(): number {
    return this.pageNumber() - 1;
  }

  /**
   * Starts a new page unless `height` still fits on this one. A heading drawn just before, with
   * nothing after it yet, is taken back and drawn again at the top of the new page, so no heading is
   * ever left alone at the foot of a page.
   */
  ensure(height: number): void {
    if (this.doc.y + height <= this.bottom) return;
    const orphan = this.lastHeading;
    const retracted = orphan !== undefined && this.retract(orphan);
    this.doc.addPage();
    if (retracted) this.heading(orphan.text, orphan.size);
  }

  /**
   * A heading in bold, on a new page unless the heading and the first lines of what follows it fit
   * below it (what follows asks for its own room through `ensure`, which brings the heading along).
   */
  heading(text: string, size = 16): void {
    this.doc.font('bold').fontSize(size);
    this.ensure(this.doc.heightOfString(text, { width: this.width }) + HEADING_KEEP);
    const before = contentMark(this.doc);
    this.doc.fillColor(COLORS.text).text(text, this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.4);
    const after = contentMark(this.doc);
    this.lastHeading =
      before && after ? { text, size, page: this.page, y: this.doc.y, before, after } : undefined;
  }

  /** The last heading drawn, and where its page's content stood before and after it. */
  private lastHeading:
    | { text: string; size: number; page: number; y: number; before: ContentMark; after: ContentMark }
    | undefined;

  /** Takes the last heading back off its page when nothing was drawn after it; whether it did. */
  private retract(h: NonNullable<Layout['lastHeading']>): boolean {
    this.lastHeading = undefined;
    const now = contentMark(this.doc);
    if (!now || h.page !== this.page || this.doc.y !== h.y || now.chunks !== h.after.chunks) return false;
    restoreContent(this.doc, h.before);
    return true;
  }

  /** A paragraph of prose, flowed by pdfkit; never smaller than TYPE.body. */
  para(text: string, options: { size?: number; color?: string } = {}): void {
    this.doc
      .font('sans')
      .fontSize(Math.max(TYPE.body, options.size ?? TYPE.body))
      .fillColor(options.color ?? COLORS.text);
    this.ensure(this.doc.currentLineHeight(true) * 2);
    this.doc.text(text, this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.5);
    this.doc.fillColor(COLORS.text);
  }

  /**
   * A table in the monospaced font. Column widths come from the content (table-text.ts): cells wrap
   * at spaces and inside long ARNs only, so no identifier, date, status or citation is ever split;
   * `weights` (one per column) say which columns get the room left over. A word too wide for any
   * column, and a row's `below` lines, are set across the table under the row. The header and the
   * first rows stay together, and the header is repeated on each page the table runs onto.
   */
  table(
    headers: string[],
    weights: number[],
    rows: TableRow[],
    colors?: (row: string[], column: number) => string | undefined,
    options: TableOptions = {},
  ): void {
    const text = this.mono;
    const lineHeight = text.size * 1.3;
    const room = text.fit(this.width) - COLUMN_GAP * (headers.length - 1);
    const plan = columnWidths(headers, rows.map(cellsOf), room, weights);
    const xs: number[] = [];
    let x = this.left;
    for (const w of plan.widths) {
      xs.push(x);
      x += (w + COLUMN_GAP) * text.charWidth;
    }
    const belowWidth = text.fit(this.width) - BELOW_INDENT;
    const laidOut = (cells: string[], below: string[], header: boolean) => {
      const moved: string[] = [];
      const columns = headers.map((h, i) => {
        if (header) return wrap(cells[i] ?? '', plan.widths[i]!);
        const cell = layoutCell(cells[i] ?? '', plan.widths[i]!, plan.caps[i]!);
        for (const w of cell.moved) moved.push(h ? `${h}: ${w}` : w);
        return cell.lines;
      });
      const full = [...below, ...moved].flatMap((l) => wrap(l, belowWidth));
      if (header && options.below) full.push(...wrap(options.below, belowWidth));
      const lines = Math.max(1, ...columns.map((c) => c.length)) + full.length;
      return { columns, full, height: lines * lineHeight + 3 };
    };
    const head = laidOut(headers, [], true);
    const drawRow = (cells: string[], row: ReturnType<typeof laidOut>, header: boolean) => {
      const y = this.doc.y;
      row.columns.forEach((cellLines, i) => {
        this.doc.fillColor(header ? COLORS.muted : (colors?.(cells, i) ?? COLORS.text));
        cellLines.forEach((l, j) => {
          text.line(l, xs[i]!, y + j * lineHeight);
        });
      });
      const top = y + Math.max(1, ...row.columns.map((c) => c.length)) * lineHeight;
      this.doc.fillColor(COLORS.muted);
      const indent = header ? 0 : BELOW_INDENT * text.charWidth;
      row.full.forEach((l, j) => {
        text.line(l, this.left + indent, top + j * lineHeight);
      });
      this.doc.fillColor(COLORS.text);
      this.doc.y = y + row.height;
      this.rule(this.doc.y - 1.5, header ? 0.4 : 0.2, header ? COLORS.rule : COLORS.faint);
    };
    // the header with its first rows, or none of them, on this page
    const first = rows.slice(0, 2).map((r) => laidOut(cellsOf(r), belowOf(r), false).height);
    this.ensure(head.height + first.reduce((a, b) => a + b, 0));
    drawRow(headers, head, true);
    for (const r of rows) {
      const cells = cellsOf(r);
      const row = laidOut(cells, belowOf(r), false);
      if (this.doc.y + row.height > this.bottom) {
        this.doc.addPage();
        drawRow(headers, head, true);
      }
      drawRow(cells, row, false);
    }
    this.doc.moveDown(0.6);
  }

  /** A horizontal rule across the text block. */
  private rule(y: number, width: number, color: string): void {
    this.doc
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .lineWidth(width)
      .strokeColor(color)
      .stroke();
  }
}

/** The colour of a status cell (NON_COMPLIANT, COMPLIANT, ...); undefined for any other text. */
export const statusColor = (s: string) => (COLORS as Record<string, string>)[s.trim()] ?? undefined;

/** What the document's metadata says (the PDF info dictionary and its XMP). */
export interface PdfInfo {
  title: string;
  author: string;
  subject: string;
  keywords: string;
  creator: string;
  /** creation and modification time */
  createdAt: Date;
}

/** A new PDF/A-2b document with the binder's fonts registered (sans, bold, mono); no page yet. */
export function newPdfDocument(info: PdfInfo): Doc {
  const doc = new PDFDocument({
    size: PAGE.size,
    margin: PAGE.margin,
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    lang: 'en-GB',
    displayTitle: true,
    autoFirstPage: false,
    font: BINDER_FONTS.sans,
    info: {
      Title: info.title,
      Author: info.author,
      Subject: info.subject,
      Keywords: info.keywords,
      Creator: info.creator,
      CreationDate: info.createdAt,
      ModDate: info.createdAt,
    },
  });
  doc.registerFont('sans', BINDER_FONTS.sans);
  doc.registerFont('bold', BINDER_FONTS.bold);
  doc.registerFont('mono', BINDER_FONTS.mono);
  return doc;
}

/** pdfkit's page tree (pdfkit 0.20): a reference to each page's dictionary, in page order. */
interface PageTree {
  _root?: { data?: { Pages?: { data?: { Kids?: unknown } } } };
}

/**
 * Lets go of the pages already written out. pdfkit keeps every page's dictionary, resources and
 * content objects in its page tree until the document ends, only to print each as "<id> 0 R" there:
 * a kilobyte or two a page, which for the 50,000 pages of a million records' index is about 100 MB.
 * Each written page's entry is replaced by a bare reference of the same class that prints the same.
 * Returns how many leading pages are bare now (pass it back in); does nothing if pdfkit changed.
 */
function releaseWrittenPages(doc: Doc, released: number): number {
  const kids = (doc as unknown as PageTree)._root?.data?.Pages?.data?.Kids;
  if (!Array.isArray(kids)) return released;
  // the last page is the one being drawn: every page before it has been written out
  for (let i = released; i < kids.length - 1; i++) {
    const ref = kids[i] as { id?: unknown; gen?: unknown; toString(): string };
    if (typeof ref?.id !== 'number' || typeof ref.gen !== 'number') return i;
    const bare = Object.assign(Object.create(Object.getPrototypeOf(ref) as object), {
      id: ref.id,
      gen: ref.gen,
    });
    if (String(bare) !== String(ref)) return i;
    kids[i] = bare;
  }
  return Math.max(released, kids.length - 1);
}

/** Bytes gathered before they are written to the file: pdfkit pushes a document in small pieces. */
const WRITE_CHUNK = 256 * 1024;

/**
 * Sends a document's bytes to `fd` (or nowhere, for a document laid out only to learn its pages) as
 * pdfkit produces them, and lets go of each page once it is written. Written synchronously: the
 * binder's sections are laid out in one synchronous run, and a stream to the file could take nothing
 * until that run ended, so the whole front matter was held (10,000 drifts for the bench's million records).
 * A readable stream emits what is pushed as it is pushed only once it flows, from its first read on
 * the next turn of the event loop; until then it queues it: so this waits for that turn.
 * Resolves to a function that ends the document and resolves once every byte is in the file.
 */
export async function streamDocument(doc: Doc, fd: number | undefined): Promise<() => Promise<void>> {
  let pending: Uint8Array[] = [];
  let size = 0;
  const flush = () => {
    if (fd === undefined || size === 0) return;
    const bytes = Buffer.concat(pending, size);
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    pending = [];
    size = 0;
  };
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => {
      try {
        flush();
        resolve();
      } catch (e) {
        reject(e);
      }
    });
    doc.on('error', reject);
  });
  doc.on('data', (chunk: Uint8Array) => {
    if (fd === undefined) return;
    pending.push(chunk);
    size += chunk.length;
    if (size >= WRITE_CHUNK) flush();
  });
  let released = 0;
  doc.on('pageAdded', () => {
    released = releaseWrittenPages(doc, released);
  });
  await new Promise((resolve) => setImmediate(resolve));
  return () => {
    doc.end();
    return ended;
  };
}

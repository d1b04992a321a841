/**
 * Layout primitives of the binder PDF, apart from what the binder says (pdf-sections.ts): the document
 * set up as PDF/A-2b (fonts embedded, sRGB output intent, XMP metadata that declares the conformance),
 * the page, colours, headings, prose, wrapped monospaced tables and a fast monospaced text path.
 *
 * Tables are set in a monospaced font through `MonoText`, which encodes each character once, because
 * pdfkit's general text layout shapes every word with fontkit and caches every distinct word for the
 * life of the document, which for a million evidence ids is slow and unbounded.
 */
import PDFDocument from 'pdfkit';
import { BINDER_FONTS } from './fonts';

/** A4 with 48 pt margins. */
export const PAGE = { size: 'A4' as const, margin: 48 };
/** The binder's colours: text, rules, and one per status. */
export const COLORS = {
  text: '#1a1a1a',
  muted: '#5c5c5c',
  rule: '#b0b0b0',
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

/**
 * Wraps text to lines of at most `width` characters: at spaces where it can, else after a `:` or `/`
 * (so ARNs break between their parts), else anywhere.
 */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let rest = para;
    while (rest.length > width) {
      let cut = rest.lastIndexOf(' ', width);
      if (cut < width / 2)
        cut = Math.max(rest.lastIndexOf(':', width - 1), rest.lastIndexOf('/', width - 1)) + 1;
      if (cut < width / 2) cut = width;
      out.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut).trimStart();
    }
    out.push(rest);
  }
  return out;
}

/** Lays out front-matter pages: headings and prose through pdfkit, tables through MonoText. */
export class Layout {
  /** tables */
  readonly mono: MonoText;
  /** footers, chart labels, the evidence index */
  readonly small: MonoText;
  /** the text block's left edge and width, and the lowest line a page takes */
  readonly left: number;
  readonly width: number;
  readonly bottom: number;

  constructor(
    readonly doc: Doc,
    private readonly footer: string,
  ) {
    this.mono = new MonoText(doc, 6.8);
    this.small = new MonoText(doc, 6);
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

  /** Starts a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  /** A heading in bold, on a new page when less than three of its lines would fit below it. */
  heading(text: string, size = 16): void {
    this.ensure(size * 3);
    this.doc
      .font('bold')
      .fontSize(size)
      .fillColor(COLORS.text)
      .text(text, this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.4);
  }

  /** A paragraph of prose, flowed by pdfkit. */
  para(text: string, options: { size?: number; color?: string } = {}): void {
    this.doc
      .font('sans')
      .fontSize(options.size ?? 9.5)
      .fillColor(options.color ?? COLORS.text);
    this.ensure(this.doc.currentLineHeight(true) * 2);
    this.doc.text(text, this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.5);
    this.doc.fillColor(COLORS.text);
  }

  /** A table in the monospaced font; column widths in characters, cells wrapped to them. */
  table(
    headers: string[],
    requested: number[],
    rows: string[][],
    colors?: (row: string[], column: number) => string | undefined,
  ): void {
    const text = this.mono;
    const lineHeight = text.size * 1.3;
    const gap = 2;
    // fit the columns to the page: shrink them in proportion when they are wider than it
    const room = text.fit(this.width) - gap * (requested.length - 1);
    const asked = requested.reduce((a, b) => a + b, 0);
    const widths =
      asked > room ? requested.map((w) => Math.max(3, Math.floor((w * room) / asked))) : requested;
    const xs: number[] = [];
    let x = this.left;
    for (const w of widths) {
      xs.push(x);
      x += (w + gap) * text.charWidth;
    }
    const drawRow = (cells: string[], header: boolean) => {
      const wrapped = cells.map((c, i) => wrap(c, widths[i] ?? 10));
      const lines = Math.max(1, ...wrapped.map((w) => w.length));
      const height = lines * lineHeight + 2;
      if (this.doc.y + height > this.bottom) {
        this.doc.addPage();
        if (!header) drawRow(headers, true);
      }
      const y = this.doc.y;
      wrapped.forEach((cellLines, i) => {
        const color = header ? COLORS.muted : (colors?.(cells, i) ?? COLORS.text);
        this.doc.fillColor(color);
        cellLines.forEach((l, j) => {
          text.line(l, xs[i]!, y + j * lineHeight);
        });
      });
      this.doc.fillColor(COLORS.text);
      this.doc.y = y + height;
      if (header) {
        this.doc
          .moveTo(this.left, this.doc.y - 1)
          .lineTo(this.left + this.width, this.doc.y - 1)
          .lineWidth(0.4)
          .strokeColor(COLORS.rule)
          .stroke();
      }
    };
    drawRow(headers, true);
    for (const r of rows) drawRow(r, false);
    this.doc.moveDown(0.6);
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

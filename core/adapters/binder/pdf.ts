/**
 * The binder as an archival PDF (PDF/A-2b: fonts embedded, sRGB output intent, XMP metadata that
 * declares the conformance), organised the way an OCR investigator asks. Written with pdfkit.
 *
 * Memory stays flat however long the evidence index is: the front matter (bounded by resources and
 * drifts, not by records) is buffered so the contents page can carry page numbers, then flushed; the
 * index is streamed page by page. Tables and the index are set in a monospaced font through a fast
 * path (`MonoText`) that encodes each character once, because pdfkit's general text layout shapes
 * every word with fontkit and caches every distinct word for the life of the document, which for a
 * million evidence ids is slow and unbounded.
 */

import { createWriteStream } from 'node:fs';
import PDFDocument from 'pdfkit';
import { noActorText } from '../../domain/binder/coverage-sections';
import { humanEvidenceTables } from '../../domain/binder/human-evidence';
import type { IndexRow } from '../../domain/binder/index-row';
import type { BinderModel, CitationSection, DriftEntry } from '../../domain/binder/model';
import { BINDER_FONTS } from './fonts';

const PAGE = { size: 'A4' as const, margin: 48 };
const COLORS = {
  text: '#1a1a1a',
  muted: '#5c5c5c',
  rule: '#b0b0b0',
  NON_COMPLIANT: '#b3261e',
  COMPLIANT: '#2e7d32',
  NOT_APPLICABLE: '#9e9e9e',
  NO_EVIDENCE: '#c9a227',
} as const;

type Doc = InstanceType<typeof PDFDocument>;

/** The parts of pdfkit's embedded font that the fast path uses (pdfkit 0.20). */
interface EmbeddedFont {
  id: string;
  ascender: number;
  encode(text: string): [string[], { xAdvance: number }[]];
  ref(): unknown;
}

/** A fast, single-line, monospaced text writer over pdfkit's embedded font. */
class MonoText {
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

const when = (iso: string | undefined) => (iso ? `${iso.slice(0, 16).replace('T', ' ')}Z` : '');

/** A duration for people: minutes, hours or days. */
export function humanDuration(ms: number): string {
  const h = ms / 3_600_000;
  if (h < 1) return `${Math.round(ms / 60_000)} min`;
  if (h < 48) return `${h.toFixed(1)} h`;
  return `${(h / 24).toFixed(1)} days`;
}

const percent = (share: number | undefined) => (share === undefined ? '-' : `${(share * 100).toFixed(1)}%`);

const shortHash = (h: string | undefined) => (h ? h.slice(0, 16) : '(before period)');

const resourceName = (d: { subject: { arn?: string; resourceId: string } }) =>
  d.subject.arn ?? d.subject.resourceId;

/** Lays out front-matter pages: headings and prose through pdfkit, tables through MonoText. */
class Layout {
  readonly mono: MonoText;
  readonly small: MonoText;
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

  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  heading(text: string, size = 16): void {
    this.ensure(size * 3);
    this.doc
      .font('bold')
      .fontSize(size)
      .fillColor(COLORS.text)
      .text(text, this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.4);
  }

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

const statusColor = (s: string) => (COLORS as Record<string, string>)[s.trim()] ?? undefined;

interface TocEntry {
  title: string;
  /** 0-based page index */
  page: number;
}

function newDocument(model: BinderModel): Doc {
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
      Title: `${model.title}: ${model.period.from.slice(0, 10)} to ${model.period.to.slice(0, 10)}`,
      Author: model.organisation ?? model.generator.name,
      Subject: 'HIPAA Security Rule (45 CFR Part 164 Subpart C) evidence binder',
      Keywords: 'HIPAA, Security Rule, evidence, OCR, audit',
      Creator: `${model.generator.name} ${model.generator.version}`,
      CreationDate: new Date(model.generatedAt),
      ModDate: new Date(model.generatedAt),
    },
  });
  doc.registerFont('sans', BINDER_FONTS.sans);
  doc.registerFont('bold', BINDER_FONTS.bold);
  doc.registerFont('mono', BINDER_FONTS.mono);
  return doc;
}

/**
 * Cover, contents, and every section before the evidence index. With `toc` (the page of each section,
 * from a first rendering) the contents page is filled in as it is drawn; returns the sections' pages.
 */
function front(
  doc: Doc,
  model: BinderModel,
  evidence: { rootHash: string; files: number },
  toc?: TocEntry[],
): { layout: Layout; toc: TocEntry[] } {
  doc.addPage();
  const period = `${model.period.from.slice(0, 10)} to ${model.period.to.slice(0, 10)}`;
  const L = new Layout(doc, `${model.organisation ?? model.title} · evidence binder ${period}`);
  cover(L, model, evidence.rootHash, evidence.files);
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
  section('Specifications that need manual evidence');
  manual(L, model);
  if (model.human) {
    section('Human sign-off: reviews, exceptions, decisions, documents');
    humanSignOff(L, model);
  }
  section('ePHI system inventory');
  inventory(L, model);
  section('Integrity statement and how to verify this binder');
  integrity(L, model, evidence.rootHash);
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
 * Writes the binder PDF to `path`; `indexRows` is read once, in order, for the evidence index.
 *
 * Pages are written out as soon as they are full, so memory stays flat. The contents page needs the
 * page of every section before they are drawn: the front matter is laid out once into a discarded
 * document to learn them (it is bounded by resources and drifts, not by records), then for real.
 */
export async function writeBinderPdf(args: {
  model: BinderModel;
  evidenceRootHash: string;
  evidenceFiles: number;
  indexRows: AsyncIterable<IndexRow>;
  path: string;
  onIndexRow?: () => void;
}): Promise<{ pages: number }> {
  const { model } = args;
  const evidence = { rootHash: args.evidenceRootHash, files: args.evidenceFiles };
  const dry = newDocument(model);
  dry.on('data', () => undefined);
  const { toc } = front(dry, model, evidence);

  const doc = newDocument(model);
  const out = createWriteStream(args.path);
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    doc.on('error', reject);
  });
  doc.pipe(out);
  const { layout: L } = front(doc, model, evidence, toc);
  doc.addPage();
  doc.outline.addItem('Evidence index');

  // pdfkit pushes output whether or not the file keeps up: wait for it while more than 2 MB is queued
  const drain = async () => {
    while (doc.readableLength + out.writableLength > 2 * 1024 * 1024) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  await drain();
  await evidenceIndex(L, args.indexRows, drain, args.onIndexRow);
  const pages = L.page + 1;
  doc.end();
  await finished;
  return { pages };
}

function cover(L: Layout, m: BinderModel, evidenceRootHash: string, evidenceFiles: number): void {
  const { doc } = L;
  doc.y = 150;
  doc.font('sans').fontSize(11).fillColor(COLORS.muted).text('HIPAA Security Rule evidence binder', L.left);
  doc.moveDown(0.3);
  doc
    .font('bold')
    .fontSize(24)
    .fillColor(COLORS.text)
    .text(m.organisation ?? m.title, L.left, doc.y, { width: L.width });
  if (m.organisation) doc.font('sans').fontSize(14).text(m.title, { width: L.width });
  doc.moveDown(1.5);
  const rows: [string, string][] = [
    ['Organisation', m.organisation ?? '(not stated)'],
    ['Period', `${m.period.from} to ${m.period.to} (UTC, both included)`],
    [
      'Scope: accounts',
      `${m.scope.accounts.join(', ') || '(none with evidence)'}${m.scope.accountFilter ? ' (selected with --account)' : ''}`,
    ],
    ['Scope: regions', m.scope.regions.join(', ') || '(none)'],
    ['Generated at', m.generatedAt],
    ['Generator', `${m.generator.name} ${m.generator.version}`],
    ['Evidence', `${m.counts.records} records about ${m.counts.subjects} resources`],
    ['Evidence root hash', evidenceRootHash],
  ];
  L.table(['', ''], [20, 74], rows);
  L.para(
    `The evidence root hash is the SHA-256 over the canonical JSON list of the ${evidenceFiles} evidence files of this binder (path, SHA-256, size each, as manifest.json lists them). The binder's manifest root hash also covers this PDF, so it cannot be printed in it: \`npx evidence verify\` prints both and checks every file (see "Integrity statement").`,
    { size: 8.5, color: COLORS.muted },
  );
}

function summary(L: Layout, m: BinderModel): void {
  L.heading('Executive summary');
  const nonCompliant = m.citations.filter((c) => c.status === 'NON_COMPLIANT').length;
  L.para(
    `This binder covers ${m.period.from.slice(0, 10)} to ${m.period.to.slice(0, 10)}: ${m.counts.records} evidence records about ${m.counts.subjects} resources in ${m.scope.accounts.length} AWS account(s). ` +
      `${m.citations.length} HIPAA Security Rule citations are evidenced automatically; ${nonCompliant} of them end the period with at least one non-compliant resource. ` +
      `${m.counts.drifts} drift(s) occurred, ${m.counts.resolved} were remediated in the period` +
      (m.meanTimeToRemediateMs !== undefined
        ? `, with a mean time to remediate of ${humanDuration(m.meanTimeToRemediateMs)}.`
        : '.') +
      ` ${m.manual.length} standards and specifications need manual evidence (listed in their own section).`,
  );
  L.table(
    ['citation', 'title', 'req.', 'at period end', 'compliant', 'resources', 'drifts', 'mean TTR'],
    [20, 30, 5, 14, 9, 9, 6, 9],
    m.citations.map((c) => [
      c.citation,
      c.title,
      c.requirement === 'required' ? 'R' : 'A',
      c.status,
      percent(c.compliantShare),
      String(new Set(c.resources.map((r) => r.subjectKey)).size),
      String(c.drifts.length),
      c.meanTimeToRemediateMs === undefined ? '-' : humanDuration(c.meanTimeToRemediateMs),
    ]),
    (row, col) => (col === 3 ? statusColor(row[3] ?? '') : undefined),
  );
  L.para(
    'R = required, A = addressable implementation specification. "Compliant" is the share of evidenced resource-time in the period during which the verdict was COMPLIANT. "Mean TTR" is the mean time from a drift to its remediation.',
    { size: 8, color: COLORS.muted },
  );
}

function citationSection(L: Layout, c: CitationSection, m: BinderModel): void {
  L.heading(`${c.citation} ${c.title}`);
  L.para(
    `${c.requirement === 'required' ? 'Required' : 'Addressable'} implementation specification. At the end of the period: ${c.status}. ${c.records} evidence records of the period bear on it; time compliant: ${percent(c.compliantShare)}.`,
  );
  L.heading('What is evidenced automatically', 11);
  for (const control of c.controls) {
    const how = [
      control.configRules.length ? `AWS Config rules ${control.configRules.join(', ')}` : '',
      control.cloudTrailEvents.length ? `CloudTrail calls ${control.cloudTrailEvents.join(', ')}` : '',
      control.resourceTypes.length ? `configuration items of ${control.resourceTypes.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    L.para(`• ${control.title} (${control.id}): ${how || 'no automatic source'}.`, { size: 8.5 });
  }
  L.heading('Posture over the period', 11);
  chart(L, c);
  L.heading('Resources and verdicts at the end of the period', 11);
  if (c.resources.length === 0)
    L.para('No resource was evidenced for this citation in the period or before it.');
  else
    L.table(
      ['status', 'control', 'resource', 'verdict at (UTC)', 'evidence id / record hash'],
      [13, 18, 30, 17, 35],
      c.resources.map((r) => [
        r.status,
        r.controlId,
        resourceName(r),
        `${when(r.observedAt)}${r.inPeriod ? '' : ' (before)'}`,
        `${r.evidenceId} ${shortHash(r.recordHash)}`,
      ]),
      (row, col) => (col === 0 ? statusColor(row[0] ?? '') : undefined),
    );
  L.heading('Drift in the period', 11);
  driftTable(L, c.drifts, m);
  coverageGapTable(L, c, m);
}

/** The coverage gaps of a citation's controls: when evidence stopped, until when, and why. */
function coverageGapTable(L: Layout, c: CitationSection, m: BinderModel): void {
  const ids = new Set(c.controls.map((x) => x.id));
  const gaps = m.coverageGaps.filter((g) => ids.has(g.controlId));
  L.heading('Coverage gaps in the period', 11);
  if (gaps.length === 0) {
    L.para('No coverage gap: the evidence of these controls kept arriving as expected.');
    return;
  }
  L.table(
    ['from (UTC)', 'to (UTC)', 'control', 'account / region', 'cause'],
    [13, 13, 24, 15, 46],
    gaps.map((g) => [
      `${when(g.start)}${g.startedBeforePeriod ? ' (before)' : ''}`,
      g.end ? when(g.end) : 'ongoing',
      g.controlId,
      `${g.accountId} ${g.region}`,
      g.reason,
    ]),
    (row, col) => (col === 1 && row[1] === 'ongoing' ? COLORS.NON_COMPLIANT : undefined),
  );
}

function driftTable(L: Layout, drifts: DriftEntry[], _m: BinderModel): void {
  if (drifts.length === 0) {
    L.para('No drift in the period.');
    return;
  }
  L.table(
    ['when (UTC)', 'what', 'resource / control', 'who', 'remediated', 'evidence id / record hash'],
    [17, 9, 27, 23, 18, 17],
    drifts.map((d) => {
      const fix = d.resolution;
      const fixedBy = fix?.actor?.principalArn;
      return [
        when(d.at),
        d.state,
        `${resourceName(d)} / ${d.controlId}: ${d.reason}`,
        d.actor?.principalArn ?? noActorText(d.subject),
        fix
          ? `${when(fix.at)} after ${humanDuration(fix.timeToRemediateMs ?? 0)}${fixedBy ? ` by ${fixedBy}` : ''}`
          : 'not in the period',
        `${d.evidenceId} ${shortHash(d.recordHash)}${fix ? ` fixed: ${fix.evidenceId} ${shortHash(fix.recordHash)}` : ''}`,
      ];
    }),
    (row, col) => (col === 4 && row[4] === 'not in the period' ? COLORS.NON_COMPLIANT : undefined),
  );
}

/** The resources tagged in scope for ePHI: where the risk analysis (164.308(a)(1)(ii)(A)) starts. */
function ephiInventoryTable(L: Layout, m: BinderModel): void {
  L.para(
    `${m.ephiInventory.length} resource(s) are tagged as holding ePHI (the tag rules are in evidence.config.json; only the matching tag key is recorded, never a tag value). The risk analysis (164.308(a)(1)(ii)(A)) starts from this list; it is also in ephi-inventory.json.`,
  );
  if (m.ephiInventory.length === 0) return;
  L.table(
    ['account / region', 'type', 'resource', 'tag', 'in scope since'],
    [15, 20, 44, 19, 13],
    m.ephiInventory.map((r) => [
      `${r.subject.accountId} ${r.subject.region}`,
      r.subject.resourceType,
      r.subject.arn ?? r.subject.resourceId,
      r.matchedTagKey ?? '',
      when(r.since),
    ]),
  );
}

/** Stacked bars per day, week or month: pairs non-compliant (red), compliant (green), not applicable. */
function chart(L: Layout, c: CitationSection): void {
  const { doc } = L;
  const height = 70;
  L.ensure(height + 40);
  const top = doc.y + 4;
  const left = L.left + 24;
  const width = L.width - 24;
  const buckets = c.chart.buckets;
  const max = Math.max(1, ...buckets.map((b) => b.nonCompliant + b.compliant + b.notApplicable));
  const barWidth = width / Math.max(1, buckets.length);
  doc.save();
  doc
    .moveTo(left, top)
    .lineTo(left, top + height)
    .lineTo(left + width, top + height)
    .lineWidth(0.5)
    .strokeColor(COLORS.rule)
    .stroke();
  buckets.forEach((b, i) => {
    let y = top + height;
    const x = left + i * barWidth + barWidth * 0.1;
    const w = barWidth * 0.8;
    for (const [count, color] of [
      [b.nonCompliant, COLORS.NON_COMPLIANT],
      [b.compliant, COLORS.COMPLIANT],
      [b.notApplicable, COLORS.NOT_APPLICABLE],
    ] as const) {
      if (count === 0) continue;
      const h = (count / max) * height;
      y -= h;
      doc.rect(x, y, w, h).fillColor(color).fill();
    }
  });
  doc.restore();
  doc.fillColor(COLORS.muted);
  L.small.line(String(max), L.left, top - 2);
  L.small.line('0', L.left, top + height - 6);
  const first = buckets[0]?.start.slice(0, 10) ?? '';
  const last = buckets[buckets.length - 1]?.start.slice(0, 10) ?? '';
  L.small.line(first, left, top + height + 3);
  L.small.line(last, left + width - L.small.charWidth * last.length, top + height + 3);
  L.small.line(
    `resources per ${c.chart.unit}: red = non-compliant at some moment, green = compliant, grey = not applicable`,
    left,
    top + height + 12,
  );
  doc.fillColor(COLORS.text);
  doc.y = top + height + 26;
}

function manual(L: Layout, m: BinderModel): void {
  L.heading('Specifications that need manual evidence');
  L.para(
    'AWS configuration and API activity cannot show these standards and implementation specifications. They are listed so that silence is never read as compliance: the organisation must supply the evidence named here (`evidence upload` files documents under these citations; they are listed in the human sign-off section). Access and log reviews are attested and judged as controls in their citation sections.',
  );
  L.table(
    ['citation', 'title', 'type', 'evidence an investigator will ask for'],
    [20, 26, 11, 58],
    m.manual.map((s) => [s.citation, s.title, s.requirement, s.evidenceExpected]),
  );
  if (m.unmapped.length > 0) {
    L.heading('AWS Config rules outside the catalog', 11);
    L.para(
      'These rules reported verdicts that the control catalog does not map to a HIPAA citation (map them in evidence.config.json). Their evidence is in the binder but in no section above.',
      { size: 8.5 },
    );
    L.table(
      ['rule', 'resources', 'records'],
      [60, 10, 10],
      m.unmapped.map((u) => [u.controlId, String(u.resources), String(u.records)]),
    );
  }
}

function humanSignOff(L: Layout, m: BinderModel): void {
  if (!m.human) return;
  L.heading('Human sign-off: reviews, exceptions, decisions, documents');
  for (const t of humanEvidenceTables(m.human)) {
    L.heading(t.title, 11);
    L.para(t.intro, { size: 8.5 });
    if (t.rows.length > 0) L.table(t.headers, t.widths, t.rows);
  }
}

function inventory(L: Layout, m: BinderModel): void {
  L.heading('ePHI system inventory');
  ephiInventoryTable(L, m);
  L.heading('Resources evidenced in the period', 11);
  L.para(
    `The ${m.inventory.length} resources evidenced: every resource with evidence in the period, and every resource whose verdicts from before the period still held in it.`,
  );
  L.table(
    ['status at end', 'account / region', 'type', 'resource', 'records', 'last observed'],
    [13, 14, 22, 38, 7, 17],
    m.inventory.map((r) => [
      r.status,
      `${r.subject.accountId} ${r.subject.region}`,
      r.subject.resourceType,
      resourceName(r),
      String(r.records),
      when(r.lastObservedAt),
    ]),
    (row, col) => (col === 0 ? statusColor(row[0] ?? '') : undefined),
  );
}

function integrity(L: Layout, m: BinderModel, evidenceRootHash: string): void {
  L.heading('Integrity statement and how to verify this binder');
  L.para(
    'Every evidence record was re-hashed and its chain links checked when the binder was written: a record whose content or links did not verify would have stopped the export. Each record is in the zip as RFC 8785 canonical JSON under evidence/<resource>/<sequence>-<evidence id>.json, with its content hash (SHA-256 over the canonical JSON of its content) and its chain link (sequence, previous record hash, record hash).',
  );
  L.para(
    "manifest.json at the root of the zip lists every other file with its SHA-256 and size. Its rootHash is the SHA-256 of the RFC 8785 canonical JSON of that list, in the order listed. When the binder is signed, manifest.sig is the Ed25519 signature (base64) of the root hash's 64 hexadecimal characters, and public-key.pem the key that verifies it.",
  );
  L.heading('Steps', 11);
  L.table(
    ['', 'what to do'],
    [3, 110],
    [
      [
        '1',
        'Install Node.js 20 or newer and this project (npm ci), or any tool that reads zip, SHA-256, JSON and Ed25519.',
      ],
      [
        '2',
        `Run: npx evidence verify binder-${m.period.from.slice(0, 10)}-${m.period.to.slice(0, 10)}.zip   (add --key <public-key.pem> to require a signature by a key you trust; an unzipped folder works too).`,
      ],
      [
        '3',
        "It checks, offline: every file against its SHA-256 and size in manifest.json, that no file is missing or added, the root hash, every record's hashes and the chain links between consecutive records of each resource, and the signature. It exits 0 only when all of that holds, and names every failure otherwise (exit code 4).",
      ],
      ['4', `Compare the evidence root hash it prints with the one on the cover: ${evidenceRootHash}.`],
      [
        '5',
        'By hand: for each manifest entry, sha256sum the file; rebuild the list as canonical JSON ({"bytes":N,"path":"...","sha256":"..."} members, comma-separated, in brackets) and hash it; it must equal rootHash.',
      ],
    ],
  );
}

async function evidenceIndex(
  L: Layout,
  rows: AsyncIterable<IndexRow>,
  drain: () => Promise<void>,
  onRow?: () => void,
): Promise<void> {
  const { doc } = L;
  L.heading('Evidence index');
  L.para(
    "Every record in the binder, in order of observation per day: when it was observed, its evidence id, its source, its sequence on its resource's chain, the first 16 hex digits of its record hash, and the resource.",
    { size: 8.5 },
  );
  const text = L.small;
  const lineHeight = text.size * 1.35;
  const total = text.fit(L.width);
  const header = `${'observed (UTC)'.padEnd(25)}${'evidence id'.padEnd(36)}${'source'.padEnd(31)}${'seq'.padStart(6)} ${'record hash'.padEnd(17)}resource`;
  const drawHeader = () => {
    doc.fillColor(COLORS.muted);
    text.line(header.slice(0, total), L.left, doc.y);
    doc.fillColor(COLORS.text);
    doc.y += lineHeight;
  };
  drawHeader();
  for await (const r of rows) {
    if (doc.y + lineHeight > L.bottom) {
      // adding a page writes out the full one
      doc.addPage();
      await drain();
      drawHeader();
    }
    const fixed = `${r.observedAt.padEnd(25)}${r.evidenceId.padEnd(36)}${r.source.slice(0, 30).padEnd(31)}${String(r.sequence).padStart(6)} ${r.recordHash.slice(0, 16).padEnd(17)}`;
    const room = total - fixed.length;
    const res =
      r.subjectKey.length > room ? `…${r.subjectKey.slice(r.subjectKey.length - room + 1)}` : r.subjectKey;
    text.line(fixed + res, L.left, doc.y);
    doc.y += lineHeight;
    onRow?.();
  }
}

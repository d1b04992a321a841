import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocumentProxy } from 'unpdf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Doc, newPdfDocument, streamDocument } from '../../../../core/adapters/binder/pdf-layout';

const info = {
  title: 'stream test',
  author: 'test',
  subject: 'test',
  keywords: 'test',
  creator: 'test',
  createdAt: new Date('2026-11-02T10:00:00.000Z'),
};

/** `pages` pages of 40 lines of hex each, laid out in one synchronous run as the binder's sections are. */
function layOut(doc: Doc, pages: number): void {
  for (let p = 0; p < pages; p++) {
    doc.addPage();
    doc.font('mono').fontSize(7);
    for (let l = 0; l < 40; l++) doc.text(randomBytes(32).toString('hex'), 40, 40 + l * 9);
  }
}

/** pdfkit's page tree: the entries still holding a page's dictionary (not bare references). */
function heldPages(doc: Doc): number {
  const kids = (doc as unknown as { _root: { data: { Pages: { data: { Kids: { data?: unknown }[] } } } } })
    ._root.data.Pages.data.Kids;
  return kids.filter((k) => k.data !== undefined).length;
}

describe('streamDocument: a PDF goes to its file as it is laid out', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pdf-stream-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes pages laid out in one synchronous run while it runs, keeping none of them', async () => {
    // Arrange
    const path = join(dir, 'out.pdf');
    const fd = openSync(path, 'w');
    const doc = newPdfDocument(info);
    const end = await streamDocument(doc, fd);
    // Act: 300 pages without yielding to the event loop
    layOut(doc, 300);
    // Assert: before anything else could run, the pages written out are in the file, not queued
    expect(doc.readableLength).toBe(0);
    expect(fstatSync(fd).size).toBeGreaterThan(512 * 1024);
    expect(heldPages(doc)).toBe(1);
    await end();
    closeSync(fd);
    const pdf = await getDocumentProxy(new Uint8Array(readFileSync(path)));
    expect(pdf.numPages).toBe(300);
  });

  it('lays a document out to nowhere when it is only measured', async () => {
    // Arrange
    const doc = newPdfDocument(info);
    const end = await streamDocument(doc, undefined);
    // Act
    layOut(doc, 50);
    // Assert
    expect(doc.readableLength).toBe(0);
    await expect(end()).resolves.toBeUndefined();
  });

  it('fails the layout when its file cannot be written', async () => {
    // Arrange: a descriptor open for reading only
    const path = join(dir, 'read-only.pdf');
    writeFileSync(path, '');
    const fd = openSync(path, 'r');
    const doc = newPdfDocument(info);
    await streamDocument(doc, fd);
    // Act and assert
    expect(() => layOut(doc, 300)).toThrow(/EBADF/);
    closeSync(fd);
  });
});

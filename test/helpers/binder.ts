import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import yauzl from 'yauzl';

/** Visits every entry of a zip in archive order, as yauzl reads it (ZIP64 fields applied). */
async function eachEntry(
  path: string,
  visit: (zip: yauzl.ZipFile, entry: yauzl.Entry) => Promise<void>,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        visit(zip, entry).then(() => zip.readEntry(), reject);
      });
      zip.readEntry();
    });
  });
}

/** Every file of a zip, in archive order, with its bytes. */
export async function unzip(path: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  await eachEntry(path, async (zip, entry) => {
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
      zip.openReadStream(entry, (e, s) => (e || !s ? reject(e) : resolve(s))),
    );
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    files.set(entry.fileName, Buffer.concat(chunks));
  });
  return files;
}

/** Every central directory entry of a zip, in archive order. */
export async function zipEntries(path: string): Promise<yauzl.Entry[]> {
  const entries: yauzl.Entry[] = [];
  await eachEntry(path, async (_zip, entry) => {
    entries.push(entry);
  });
  return entries;
}

/** Writes files into a folder, as unzipping would. */
export function unpack(files: Map<string, Buffer>, dir: string): void {
  for (const [name, data] of files) {
    const full = join(dir, ...name.split('/'));
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, data);
  }
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

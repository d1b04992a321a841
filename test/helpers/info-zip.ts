import { execFileSync } from 'node:child_process';

/** Runs one of Info-ZIP's tools (unzip, zipinfo) and returns what it printed; throws when it fails. */
function infoZip(tool: 'unzip' | 'zipinfo', args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(`this test reads zips with Info-ZIP's ${tool}: install it (apt-get install -y unzip)`);
    throw error;
  }
}

/** `unzip -t`: every entry read and its CRC-32 checked; throws unless it reports no error. */
export function unzipTest(path: string): string {
  const out = infoZip('unzip', ['-t', path]);
  if (!out.includes('No errors detected')) throw new Error(`unzip -t ${path}:\n${out}`);
  return out;
}

/** One central directory entry as `zipinfo -v` reads it. */
export interface ZipinfoEntry {
  name: string;
  offset: number;
  versionNeeded: string;
  crc: number;
  compressedSize: number;
  size: number;
  extraLength: number;
}

/** The central directory as `zipinfo -v` reads it. */
export function zipinfoEntries(path: string): ZipinfoEntry[] {
  const out = infoZip('zipinfo', ['-v', path]);
  return out
    .split(/^Central directory entry #\d+:\n-+\n\n/m)
    .slice(1)
    .map((text) => {
      const field = (label: string) => {
        const m = new RegExp(`^ {2}${label}: +(\\S+)`, 'm').exec(text);
        if (!m) throw new Error(`zipinfo -v printed no "${label}" for an entry of ${path}:\n${text}`);
        return m[1]!;
      };
      return {
        // zipinfo reckons where an entry should start from the one before, as if local headers had
        // the central directory's extra fields, and notes any difference before the name: a ZIP64
        // local header's field (both sizes) need not be the central directory's (what overflows)
        name: text
          .split('\n')
          .map((line) => line.trim())
          .find(
            (line) => line !== '' && !/^There are an extra -?\d+ bytes preceding this file\.$/.test(line),
          )!,
        offset: Number(field('offset of local header from start of archive')),
        versionNeeded: field('minimum software version required to extract'),
        crc: Number.parseInt(field('32-bit CRC value \\(hex\\)'), 16),
        compressedSize: Number(field('compressed size')),
        size: Number(field('uncompressed size')),
        extraLength: Number(field('length of extra field')),
      };
    });
}

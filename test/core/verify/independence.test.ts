import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
/** What the offline verifier may depend on: itself, the pure domain and the schemas. */
const ALLOWED = ['core/verify/', 'core/domain/', 'evidence-schemas/'];

/** The project file a relative import names (extensionless ESM imports, as the project writes them). */
function resolveImport(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  const found = [`${base}.ts`, join(base, 'index.ts'), base].find((p) => p.endsWith('.ts') && existsSync(p));
  if (!found) throw new Error(`${relative(ROOT, from)}: cannot resolve ${spec}`);
  return found;
}

/** Every project file reachable from `entries` through imports and re-exports, with who imported it. */
function importGraph(entries: string[]): Map<string, string> {
  const seen = new Map<string, string>(entries.map((e) => [e, '(entry)']));
  const queue = [...entries];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    const imports = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles;
    for (const { fileName: spec } of imports) {
      if (!spec.startsWith('.')) continue; // node: built-ins and packages
      const target = resolveImport(file, spec);
      if (seen.has(target)) continue;
      seen.set(target, relative(ROOT, file));
      queue.push(target);
    }
  }
  return seen;
}

const posix = (p: string) => relative(ROOT, p).split(sep).join('/');

describe('the offline verifier stands alone', () => {
  const verify = join(ROOT, 'core/verify');
  const entries = readdirSync(verify)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(verify, f));

  it('reads the import graph of core/verify (it has files and reaches the domain)', () => {
    const reached = [...importGraph(entries).keys()].map(posix);
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(reached).toContain('core/domain/binder/layout.ts');
    expect(reached).toContain('evidence-schemas/index.ts');
  });

  it('imports, transitively, only core/verify, core/domain and evidence-schemas (never usecases or adapters)', () => {
    const outside = [...importGraph(entries)]
      .filter(([file]) => !ALLOWED.some((dir) => posix(file).startsWith(dir)))
      .map(([file, by]) => `${posix(file)} (imported by ${by})`);
    expect(outside).toEqual([]);
  });

  it('would name an import from outside the allowed layers', () => {
    // the walker follows imports across layers: from a use case it reaches the port that use case reads
    const usecase = join(ROOT, 'core/usecases/export-binder/anchors.ts');
    const outside = [...importGraph([usecase]).keys()]
      .map(posix)
      .filter((file) => !ALLOWED.some((dir) => file.startsWith(dir)));
    expect(outside).toContain('core/usecases/export-binder/anchors.ts');
    expect(outside).toContain('core/ports/evidence-reader.ts');
  });
});

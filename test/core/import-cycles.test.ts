/**
 * No module of core/ may import, directly or through others, a module that imports it: a cycle makes
 * load order decide which binding is still undefined, and hides which module is the higher layer.
 * Type-only imports count too: they are arrows in the design even when erased at run time.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Every .ts file under `root`, as absolute paths. */
function sourceFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((p) => p.endsWith('.ts'))
    .map((p) => join(root, p));
}

/** The file an extensionless relative specifier names: `x.ts`, or `x/index.ts` for a folder. */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  return [`${base}.ts`, join(base, 'index.ts'), base].find((p) => p.endsWith('.ts') && existsSync(p));
}

/** Module -> the modules under `root` it imports (static, type-only, re-exports and dynamic imports). */
function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((s) => s.startsWith('.'))
      .map((s) => resolveSpecifier(file, s))
      .filter((p): p is string => p !== undefined && !relative(root, p).startsWith('..'));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The import cycles of a graph: its strongly connected components with more than one module, or a self-import. */
function findCycles(graph: Map<string, string[]>): string[][] {
  // Tarjan's algorithm; recursion depth is bounded by the length of the longest import chain
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w === undefined) break;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)?.includes(v)) cycles.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** The cycles of the modules under `dir`, as repository-relative paths. */
function cyclesUnder(dir: string): string[][] {
  return findCycles(importGraph(dir)).map((c) => c.map((p) => relative(REPO, p)));
}

describe('import cycles', () => {
  let scratch: string | undefined;
  afterEach(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    scratch = undefined;
  });

  it('finds none in core/', () => {
    // Prepare
    const core = join(REPO, 'core');
    // Act
    const cycles = cyclesUnder(core);
    // Assess
    expect(cycles).toEqual([]);
  });

  it('has the normalizers imported from their dispatcher down, never back', () => {
    // Prepare
    const dir = join(REPO, 'core/domain/normalize');
    const graph = importGraph(dir);
    const index = join(dir, 'index.ts');
    // Act
    const importersOfIndex = [...graph].filter(([, targets]) => targets.includes(index)).map(([f]) => f);
    // Assess
    expect(graph.size).toBeGreaterThan(5);
    expect(importersOfIndex).toEqual([]);
    expect(cyclesUnder(dir)).toEqual([]);
  });

  it('reports a cycle through a folder index and a type-only import, and none once it is broken', () => {
    // Prepare
    scratch = mkdtempSync(join(tmpdir(), 'import-cycles-'));
    mkdirSync(join(scratch, 'kind'));
    writeFileSync(join(scratch, 'leaf.ts'), 'export const leaf = 1;\n');
    writeFileSync(join(scratch, 'top.ts'), "import { kind } from './kind';\nexport const top = kind;\n");
    writeFileSync(
      join(scratch, 'kind', 'index.ts'),
      "import type { top } from '../top';\nimport { leaf } from '../leaf';\nexport const kind: typeof top = leaf;\n",
    );
    // Act
    const found = findCycles(importGraph(scratch)).map((c) => c.map((p) => relative(scratch ?? '', p)));
    writeFileSync(
      join(scratch, 'kind', 'index.ts'),
      "import { leaf } from '../leaf';\nexport const kind = leaf;\n",
    );
    const afterFix = findCycles(importGraph(scratch));
    // Assess
    expect(found).toEqual([[join('kind', 'index.ts'), 'top.ts']]);
    expect(afterFix).toEqual([]);
  });
});

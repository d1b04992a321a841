/**
 * docs/architecture.md must stay exact: every repository path it names in backticks exists, and every
 * symbol it places in a file (`name` (`path.ts`), `name` in `path.ts`, `path.ts` (`name`)) is in that
 * file. A rename or a move that forgets the map fails here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const DOC = 'docs/architecture.md';

/** A backticked span of markdown and where it starts and ends. */
interface Span {
  text: string;
  start: number;
  end: number;
}

/** The inline code spans of a markdown text (the architecture doc has no fenced blocks). */
function codeSpans(markdown: string): Span[] {
  return [...markdown.matchAll(/`([^`\n]+)`/g)].map((m) => ({
    text: m[1] ?? '',
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/**
 * Whether a code span names a file or folder of the repository: one word, no scheme or colon (which
 * rules out `s3:Get...` and URLs), with a `/` or a file extension of the repository's own files.
 */
function isRepoPath(text: string): boolean {
  return !/[\s:]/.test(text) && (text.includes('/') || /\.(ts|mjs|md|json)$/.test(text));
}

/** The part of a path to check: all of it, or the folders before its first `<placeholder>` or glob. */
function fixedPart(path: string): string {
  const segments = path.split('/');
  const open = segments.findIndex((s) => /[<>*{}]/.test(s));
  return (open === -1 ? segments : segments.slice(0, open)).join('/');
}

/** The repository paths a markdown text names, in order, each once. */
function repoPaths(markdown: string): string[] {
  return [
    ...new Set(
      codeSpans(markdown)
        .map((s) => s.text)
        .filter(isRepoPath),
    ),
  ];
}

/** The named paths that do not exist under `root`. */
function missingPaths(markdown: string, root: string): string[] {
  return repoPaths(markdown).filter((p) => !existsSync(join(root, fixedPart(p))));
}

/** Pairs of a symbol and the .ts file the text places it in, from adjacent spans. */
function placedSymbols(markdown: string): { symbol: string; file: string }[] {
  const spans = codeSpans(markdown);
  const identifier = /^([A-Za-z_$][\w$]*)(\(\))?$/;
  const out: { symbol: string; file: string }[] = [];
  for (let i = 0; i + 1 < spans.length; i++) {
    const a = spans[i] as Span;
    const b = spans[i + 1] as Span;
    if (!/^( \(| in |, )$/.test(markdown.slice(a.end, b.start))) continue;
    for (const [name, path] of [
      [a.text, b.text],
      [b.text, a.text],
    ] as const) {
      const symbol = identifier.exec(name)?.[1];
      if (symbol && isRepoPath(path) && path.endsWith('.ts') && fixedPart(path) === path)
        out.push({ symbol, file: path });
    }
  }
  return out;
}

/** The placed symbols whose file does not contain them as a word. */
function misplacedSymbols(markdown: string, root: string): string[] {
  return placedSymbols(markdown)
    .filter(({ symbol, file }) => {
      const path = join(root, file);
      return (
        !existsSync(path) ||
        !new RegExp(`\\b${symbol.replace('$', '\\$')}\\b`).test(readFileSync(path, 'utf8'))
      );
    })
    .map(({ symbol, file }) => `${symbol} in ${file}`);
}

describe('docs/architecture.md', () => {
  const doc = readFileSync(join(REPO, DOC), 'utf8');

  it('names only paths that exist', () => {
    // Act
    const named = repoPaths(doc);
    const missing = missingPaths(doc, REPO);
    // Assess
    expect(named.length).toBeGreaterThan(80);
    expect(missing).toEqual([]);
  });

  it('places each symbol in the file that has it', () => {
    // Act
    const placed = placedSymbols(doc);
    const wrong = misplacedSymbols(doc, REPO);
    // Assess
    expect(placed.length).toBeGreaterThan(25);
    expect(wrong).toEqual([]);
  });

  it('stays under 200 lines', () => {
    expect(doc.split('\n').length).toBeLessThanOrEqual(200);
  });

  it("is linked from README's Architecture section", () => {
    // Prepare
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    // Act
    const section = readme.split(/^## /m).find((s) => s.startsWith('Architecture\n')) ?? '';
    // Assess
    expect(section).toContain(`](${DOC})`);
  });
});

describe('the checks themselves', () => {
  const sample = [
    'The handler `lambdas/collect.ts` and `lambdas/gone.ts`; controls in `core/domain/controls/<family>/<id>.ts`,',
    'handlers `lambdas/*.ts`, nothing in `nowhere/<x>.ts`. Not paths: `s3:GetBucketEncryption`, `evidence verify`,',
    '`https://example.com/a`, `S#<subject>`. Placed: `collect` (`lambdas/collect.ts`), `nothere` in `lambdas/collect.ts`,',
    '`lambdas/drift.ts` (`drift`), `core/domain/chain.ts`, `prepareRecord`.',
  ].join('\n');

  it('reports a missing file, and a placeholder path whose fixed folders are missing', () => {
    // Act
    const missing = missingPaths(sample, REPO);
    // Assess
    expect(repoPaths(sample)).toEqual([
      'lambdas/collect.ts',
      'lambdas/gone.ts',
      'core/domain/controls/<family>/<id>.ts',
      'lambdas/*.ts',
      'nowhere/<x>.ts',
      'lambdas/drift.ts',
      'core/domain/chain.ts',
    ]);
    expect(missing).toEqual(['lambdas/gone.ts', 'nowhere/<x>.ts']);
  });

  it('reports a symbol its file does not have', () => {
    // Act
    const placed = placedSymbols(sample);
    const wrong = misplacedSymbols(sample, REPO);
    // Assess
    expect(placed).toEqual([
      { symbol: 'collect', file: 'lambdas/collect.ts' },
      { symbol: 'nothere', file: 'lambdas/collect.ts' },
      { symbol: 'drift', file: 'lambdas/drift.ts' },
      { symbol: 'prepareRecord', file: 'core/domain/chain.ts' },
    ]);
    expect(wrong).toEqual(['nothere in lambdas/collect.ts']);
  });
});

/**
 * The CLI's production dependency closure (what `npm ci --omit=dev` installs) holds no compiler, bundler or
 * CDK library: those serve the build, the CDK app, the tests and the scripts, never a running command.
 * The closure is walked from package.json's dependencies through package-lock.json, resolving each
 * dependency as Node does (the nearest node_modules up the tree), and checked against npm's own `dev`
 * marks so that a lock file out of step with package.json fails too.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url);

/** Compilers, bundlers and the CDK: none may be installed for the CLI to run (@swc/helpers, a runtime
 * library of compiled packages, is not a compiler). */
const BUILD_ONLY =
  /^(typescript|tsx|ts-node|esbuild|@esbuild\/.+|@swc\/core(-.+)?|@swc\/cli|@babel\/core|webpack|rollup|@rollup\/.+|vite|aws-cdk-lib|aws-cdk|@aws-cdk\/.+|cdk-nag|constructs|jsii)$/;

interface LockEntry {
  dev?: boolean;
  optional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

interface Lock {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, ROOT), 'utf8')) as T;
}

/** The lock key a dependency of the package at `from` resolves to, as Node looks it up. */
function resolveIn(lock: Lock, from: string, name: string): string | undefined {
  for (let dir = from; ; ) {
    const key = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (lock.packages[key]) return key;
    if (dir === '') return undefined;
    const parent = dir.lastIndexOf('/node_modules/');
    dir = parent === -1 ? '' : dir.slice(0, parent);
  }
}

/** Lock keys of every package a production install holds, from the root package's dependencies. */
function productionClosure(lock: Lock, dependencies: Record<string, string>): Set<string> {
  const closure = new Set<string>();
  const pending: { from: string; name: string; required: boolean }[] = Object.keys(dependencies).map(
    (name) => ({ from: '', name, required: true }),
  );
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const key = resolveIn(lock, next.from, next.name);
    if (!key) {
      // an optional dependency of another platform is not in the lock; a required one must be
      if (next.required)
        throw new Error(`${next.name} (needed by ${next.from || 'the package'}) is not locked`);
      continue;
    }
    if (closure.has(key)) continue;
    closure.add(key);
    const entry = lock.packages[key] as LockEntry;
    const needs = (deps: Record<string, string> | undefined, required: (name: string) => boolean) =>
      Object.keys(deps ?? {}).map((name) => ({ from: key, name, required: required(name) }));
    pending.push(
      ...needs(entry.dependencies, () => true),
      ...needs(entry.optionalDependencies, () => false),
      ...needs(entry.peerDependencies, (name) => !entry.peerDependenciesMeta?.[name]?.optional),
    );
  }
  return closure;
}

/** The package name of a lock key: the part after its last node_modules/. */
function nameOf(key: string): string {
  return key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

describe('the production dependency closure', () => {
  const pkg = readJson<{ dependencies: Record<string, string>; devDependencies: Record<string, string> }>(
    'package.json',
  );
  const lock = readJson<Lock>('package-lock.json');
  const closure = productionClosure(lock, pkg.dependencies);

  it('holds what the CLI runs on, and no compiler, bundler or CDK library', () => {
    const names = [...closure].map(nameOf);

    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(2);
    expect(names).toEqual(expect.arrayContaining(['commander', 'zod', 'dynalite', 'pdfkit']));
    expect(names.filter((name) => BUILD_ONLY.test(name))).toEqual([]);
  });

  it('lists the build, CDK and test tools as devDependencies, which the lock installs for development only', () => {
    const tools = ['tsx', 'esbuild', 'typescript', 'aws-cdk-lib', 'aws-cdk', 'cdk-nag', 'constructs'];

    expect(tools.filter((name) => !(name in pkg.devDependencies))).toEqual([]);
    expect(tools.filter((name) => lock.packages[`node_modules/${name}`]?.dev !== true)).toEqual([]);
  });

  it('agrees with npm: no package of the closure is marked dev-only in the lock', () => {
    expect([...closure].filter((key) => lock.packages[key]?.dev === true)).toEqual([]);
  });
});

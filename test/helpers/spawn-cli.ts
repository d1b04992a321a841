import { spawn } from 'node:child_process';

const ROOT = new URL('../..', import.meta.url).pathname;

export interface Spawned {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs Node with these arguments in the repository as a process of its own. */
export function spawnNode(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Runs a TypeScript entry point of the repository (e.g. `cli/main.ts`) as a process of its own. */
export function spawnTs(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<Spawned> {
  return spawnNode(['--import', 'tsx', ...args], options);
}

/**
 * The package's `evidence` binary as installed (`bin/evidence.mjs`), which runs the build in dist/cli/
 * (scripts/build-cli.ts) rather than the TypeScript sources.
 */
export function spawnBuiltCli(...args: string[]): Promise<Spawned> {
  return spawnNode(['bin/evidence.mjs', ...args]);
}

/** The `evidence` CLI as a real process. */
export function spawnCli(...args: string[]): Promise<Spawned> {
  return spawnTs(['cli/main.ts', ...args]);
}

/** Lines of a stack trace (`    at fn (file:line)`), which the CLI must never print for a known failure. */
export const STACK_TRACE = /^\s+at .+/m;

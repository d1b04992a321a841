/**
 * Whether a process with this pid runs on this machine. A pid that exists but belongs to another user
 * (EPERM) counts as running; only "no such process" says it is gone.
 */
export function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

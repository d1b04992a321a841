/** Another writer committed to this chain first; the caller re-reads the head and retries. */
export class ChainConflictError extends Error {
  constructor(
    readonly subjectKey: string,
    options?: { cause?: unknown },
  ) {
    super(`chain head of ${subjectKey} moved while writing`, options);
    this.name = 'ChainConflictError';
  }
}

/** The store could not be reached or refused a request for a reason other than a conflict. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** Input or configuration the caller must fix; its message is safe to show. */
export class UsageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/**
 * Another process is using the store (its directory is locked): retry once that command has finished.
 * `holder` says who holds it (pid and since when), as far as the lock tells.
 */
export class StoreBusyError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: string,
    options?: { cause?: unknown },
  ) {
    super(`another evidence command is using ${dir} (${holder})`, options);
    this.name = 'StoreBusyError';
  }
}

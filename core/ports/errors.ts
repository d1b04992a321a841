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

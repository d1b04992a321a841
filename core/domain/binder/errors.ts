/** A problem found in the store while exporting: the binder would carry evidence that does not verify. */
export interface SourceProblem {
  subjectKey: string;
  evidenceId?: string;
  sequence?: number;
  problem: string;
}

/**
 * Records of the period (or the chains before it) do not verify, so no binder is written: a binder must
 * never carry altered evidence. `evidence verify-store` lists every problem.
 */
export class BinderSourceIntegrityError extends Error {
  constructor(
    readonly problems: SourceProblem[],
    readonly total: number,
    options?: { cause?: unknown },
  ) {
    super(
      `${total} evidence problem(s) in the store; no binder was written. First: ${problems
        .slice(0, 3)
        .map((p) => `${p.subjectKey}${p.sequence !== undefined ? ` #${p.sequence}` : ''}: ${p.problem}`)
        .join('; ')}`,
      options,
    );
    this.name = 'BinderSourceIntegrityError';
  }
}

/** Problems found while exporting: the first `keep` kept to name, all counted. */
export class ProblemList {
  readonly problems: SourceProblem[] = [];
  count = 0;

  constructor(private readonly keep = 50) {}

  /** Notes one problem (a function, so it can be handed to the readers that report problems). */
  readonly add = (p: SourceProblem): void => {
    if (++this.count <= this.keep) this.problems.push(p);
  };

  /** Throws BinderSourceIntegrityError when any problem was noted. */
  throwIfAny(): void {
    if (this.count > 0) throw new BinderSourceIntegrityError(this.problems, this.count);
  }
}

/** The two reads of the period disagreed (records were deleted while the binder was written). */
export class StoreChangedDuringExportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreChangedDuringExportError';
  }
}

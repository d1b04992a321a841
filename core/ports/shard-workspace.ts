/**
 * Where the steps of a sharded binder export leave their work files for each other: the chain heads
 * the plan snapshots, each slice's zip part, line files and state, read by the merge. A local folder
 * (the CLI, tests) or an S3 prefix (Step Functions, where every step is another Lambda invocation).
 * Names are relative paths (`<job id>/slice-0003/part.zip`).
 */
export interface ShardWorkspace {
  /** Stores a finished local file as `name` (the local file may be moved: the step is done with it). */
  putFile(name: string, path: string): Promise<void>;
  /** Stores text as `name`. */
  putText(name: string, text: string): Promise<void>;
  /** The bytes of `name`, streamed; throws ShardFileMissingError when there is no such file. */
  read(name: string): Promise<AsyncIterable<Uint8Array>>;
  /** Removes every file under `prefix` (a job's, once its binder is delivered). */
  removeAll(prefix: string): Promise<void>;
}

/** A step of a sharded export looked for a work file another step should have left, and it is not there. */
export class ShardFileMissingError extends Error {
  constructor(
    readonly fileName: string,
    options?: { cause?: unknown },
  ) {
    super(
      `the sharded export's work file ${fileName} is missing: the step that writes it did not finish (or the files expired)`,
      options,
    );
    this.name = 'ShardFileMissingError';
  }
}

/** Where a zip's parts are put together in the binder bucket (the S3 workspace does it server-side). */
export interface BucketZipAssembler {
  /**
   * Writes object `target.key` of `target.bucket` (encrypted with `target.kmsKeyArn`) as the work files
   * `parts`, in order, followed by the local file `tail`; returns its size. Nothing is written on failure.
   */
  assembleInto(
    target: { bucket: string; key: string; kmsKeyArn: string; contentType: string },
    parts: { name: string; bytes: number }[],
    tail: string,
  ): Promise<number>;
}

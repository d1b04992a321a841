/**
 * Where an exported binder goes: a folder on this machine (the CLI) or an object store (the deployed
 * export, through the BlobStore port). The export assembles the zip and the PDF in a local staging
 * folder the target provides, then hands both finished files to the target, which says where they are.
 */
export interface BinderTarget<Location> {
  /**
   * A fresh staging folder for one export. `baseName` is the binder's file name without extension
   * (`binder-<from>-<to>`).
   */
  stage(baseName: string): Promise<BinderStaging<Location>>;
}

/** One export's staging folder and the way out of it. */
export interface BinderStaging<Location> {
  /** a local folder, empty, for the export's work files */
  readonly dir: string;
  /** Takes the finished zip and PDF (moves or uploads them) and tells where they now are. */
  deliver(binder: StagedBinder): Promise<Location>;
  /** Removes the staging folder and whatever is left in it; called once, after delivery or a failure. */
  discard(): Promise<void>;
}

/** A finished binder in its staging folder. */
export interface StagedBinder {
  /** the period exported, ISO 8601 UTC */
  from: string;
  to: string;
  /** when the binder was generated, ISO 8601 UTC (printed in it) */
  generatedAt: string;
  /** `name` is the file's name in the target; `path` is where it is in the staging folder */
  zip: { name: string; path: string };
  pdf: { name: string; path: string };
}

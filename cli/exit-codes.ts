/** Exit codes of the `evidence` CLI (documented in the README). */
export const EXIT = {
  ok: 0,
  /** an unexpected error: a bug, reported with its message */
  internal: 1,
  /** bad options, arguments or configuration */
  usage: 2,
  /**
   * ingest: at least one input was quarantined (everything else was ingested); quarantine redrive: some
   * items remain quarantined (still invalid, or truncated and so not redrivable)
   */
  quarantined: 3,
  /** verify-store, verify: a record, chain, posture item, file or signature does not verify */
  integrity: 4,
  /**
   * the store could not be opened (another evidence command is using the data dir, or it is unusable)
   * or some events could not be written (retry; nothing was lost)
   */
  store: 5,
  /**
   * verify: the binder is intact but its signing key is not trusted: its signature matches only the
   * key shipped inside it (or it is not signed). Pass a trusted key (`--key`, `--fingerprint`, a
   * trust list) to verify it.
   */
  untrusted: 6,
} as const;

import type { NormalizedConfigItem, Provenance } from '../../../evidence-schemas';
import type { RuleMappings } from '../../domain/catalog';
import type { ParseOutcome } from '../../domain/normalize';
import type { RedactionPolicy } from '../../domain/redact';
import type { EvidenceStore } from '../../ports/evidence-store';

/** One input of an ingest call. */
export interface IngestInput {
  /** the event as parsed JSON, or the text that failed to parse */
  raw: unknown;
  /** where it came from, for people: "file.json:12", "sqs:<messageId>" */
  origin: string;
  /** set when the input could not even be read as JSON */
  readError?: string;
  /**
   * for an event of a CloudTrail log file read from an archive: whether CloudTrail's signed digests
   * vouch for the file; the record keeps it in its source
   */
  provenance?: Provenance;
}

/** The ports and settings ingest runs with. */
export interface IngestDeps {
  store: EvidenceStore;
  now?: () => Date;
  mappings?: RuleMappings;
  redaction?: RedactionPolicy;
  /** fetches the full item behind an oversized Config notification (deployed); absent locally */
  fetchConfigItem?: (resourceType: string, resourceId: string) => Promise<NormalizedConfigItem | undefined>;
  /** head commits in flight at once (default 16) */
  concurrency?: number;
  /** records per subject per commit (bounds the head item's size) */
  commitSize?: number;
  /** a drift within this long after a resolution is "recurring" (default 7 days) */
  recurrenceWindowMs?: number;
  /**
   * How far ahead of this ingest's clock an event's own time may be (default 5 minutes): a later one is
   * quarantined, since a verdict dated in the future would stay the latest and pin posture.
   */
  maxClockSkewMinutes?: number;
  /**
   * The event parser (default parseEvent). Tests inject an older or stricter one to stand for code that
   * has since been fixed, which is what a quarantine redrive exists for.
   */
  parse?: (raw: unknown, policy: RedactionPolicy) => ParseOutcome;
}

/** Events more than this many minutes ahead of the ingest clock are not evidence, unless configured. */
export const DEFAULT_MAX_CLOCK_SKEW_MINUTES = 5;

/** An error as one line for a person: its class and message. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * The one reader of dates and times given on the command line (status --at, binder --from/--to,
 * attest --at/--expires, upload --at, quarantine list --since). Every command reads them alike:
 * only ISO 8601 spellings, a date that does not exist is an error (never rolled over into the next
 * month), and a time without a zone is UTC (never the machine's local time).
 */
import { UsageError } from '../core/ports/errors';
import { readTime } from '../evidence-schemas';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** A date and time, `T` or a space between them; seconds, fractions and a zone optional. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DAY_MS = 86_400_000;

/** What a command-line time looks like, shown whenever one is refused. */
export const TIME_EXAMPLE =
  'use ISO 8601 in UTC unless a zone is given, e.g. 2026-10-15 or 2026-10-15T14:30:00Z';

export interface CliTimeOptions {
  /** a bare date means its last millisecond (an inclusive end such as `binder --to`), not its start */
  endOfDay?: boolean;
  /** what the option takes, as its help names it: `time` or (default) `date or time` */
  noun?: string;
}

/**
 * Reads the value of `flag` as ISO 8601 UTC with milliseconds: `YYYY-MM-DD` (the start of that UTC
 * day, or its last millisecond with `endOfDay`), or `YYYY-MM-DDTHH:MM[:SS[.sss]]` with an optional
 * `Z` or `±HH:MM` (a space may stand for the `T`; no zone means UTC). Throws a UsageError naming the
 * flag and the value otherwise, with an example.
 */
export function parseCliTime(value: string, flag: string, options: CliTimeOptions = {}): string {
  const s = value.trim();
  const refused = `${flag} is not a valid ${options.noun ?? 'date or time'}: ${value}`;
  const dateOnly = DATE_ONLY.test(s);
  if (!dateOnly && !DATE_TIME.test(s)) throw new UsageError(`${refused} (${TIME_EXAMPLE})`);
  const read = readTime(dateOnly ? `${s}T00:00:00Z` : s);
  if ('problem' in read) throw new UsageError(`${refused}: ${read.problem} (${TIME_EXAMPLE})`);
  return dateOnly && options.endOfDay ? new Date(Date.parse(read.iso) + DAY_MS - 1).toISOString() : read.iso;
}

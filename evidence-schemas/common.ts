import { z } from 'zod';

const ISO_LIKE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const EARLIEST = Date.UTC(2006, 0, 1); // AWS did not exist before this: a stricter sanity bound than "any date"
const LATEST = Date.UTC(2200, 0, 1);

/**
 * Turns the time spellings AWS uses (ISO 8601 with or without milliseconds or zone, epoch seconds or
 * milliseconds as numbers or digit strings, and RFC 2822 / `Date.toString()` style strings seen in old
 * Config notifications) into one ISO 8601 UTC string with milliseconds. Returns undefined when the value
 * is not a plausible time.
 */
export function toIsoTime(value: unknown): string | undefined {
  const read = readTime(value);
  return 'iso' in read ? read.iso : undefined;
}

/**
 * Reads a time as `toIsoTime` does, saying what is wrong when it cannot: not a time at all, a date that
 * does not exist, or a real time outside what evidence from AWS can carry (before 2006, or after 2199).
 */
export function readTime(value: unknown): { iso: string } | { problem: string } {
  const shown = JSON.stringify(value)?.slice(0, 60) ?? String(value);
  let ms: number;
  if (typeof value === 'number') {
    ms = value < 1e11 ? value * 1000 : value;
  } else if (typeof value === 'string') {
    const s = value.trim();
    if (/^\d{9,13}(\.\d+)?$/.test(s)) {
      const n = Number(s);
      ms = n < 1e11 ? n * 1000 : n;
    } else if (ISO_LIKE.test(s)) {
      if (!isRealCalendarDate(s))
        return { problem: `not a valid timestamp (no such date or time): ${shown}` };
      const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}Z`;
      ms = Date.parse(zoned.replace(' ', 'T'));
    } else {
      ms = Date.parse(s);
    }
  } else {
    return { problem: `not a valid timestamp: ${shown}` };
  }
  // beyond ±8.64e15 ms a Date cannot be written (toISOString throws): not a time at all
  if (!Number.isFinite(ms) || Number.isNaN(new Date(ms).getTime()))
    return { problem: `not a valid timestamp: ${shown}` };
  if (ms < EARLIEST)
    return {
      problem: `implausibly old time ${new Date(ms).toISOString()} (${shown}): AWS evidence cannot predate 2006`,
    };
  if (ms > LATEST)
    return { problem: `implausible time ${new Date(ms).toISOString()} (${shown}): after 2199` };
  return { iso: new Date(ms).toISOString() };
}

/** Date.parse rolls 2025-02-30 over to March 2; a record of evidence must not. */
function isRealCalendarDate(iso: string): boolean {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  const h = Number(iso.slice(11, 13));
  const min = Number(iso.slice(14, 16));
  if (m < 1 || m > 12 || d < 1 || h > 23 || min > 59) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** A timestamp in any spelling AWS uses, normalized to ISO 8601 UTC with milliseconds. */
export const TimestampSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const read = readTime(value);
  if ('problem' in read) {
    ctx.addIssue({ code: 'custom', message: read.problem });
    return z.NEVER;
  }
  return read.iso;
});

/** An ISO 8601 UTC timestamp as this project writes it. */
export const IsoTimeSchema = z.iso.datetime({ offset: false, precision: 3 });

/**
 * An AWS account id: 12 digits. Tools that treat ids as numbers drop leading zeros, so an all-digit id
 * shorter than 12 is restored by left-padding with zeros; anything else is rejected.
 */
export const AccountIdSchema = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform((value, ctx) => {
    const s = String(value);
    if (!/^\d{1,12}$/.test(s)) {
      ctx.addIssue({
        code: 'custom',
        message: `an AWS account id is 12 digits, got ${JSON.stringify(value).slice(0, 40)}`,
      });
      return z.NEVER;
    }
    return s.padStart(12, '0');
  });

/**
 * A region name: lower-case letters, digits and dashes (us-east-1, us-gov-west-1; Config says `global`
 * for IAM). Deliberately not a list of today's regions, so a new region is never quarantined.
 */
export const RegionSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{2,30}[a-z0-9]$/, 'not an AWS region name (for example us-east-1)');

export const ArnSchema = z
  .string()
  .regex(/^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/, 'not an ARN');

/** A JSON object, possibly delivered as a JSON-encoded string (AWS does both for the same field). */
export const JsonObjectSchema = z
  .union([z.record(z.string(), z.unknown()), z.string()])
  .transform((value, ctx): Record<string, unknown> => {
    if (typeof value !== 'string') return value;
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        return parsed as Record<string, unknown>;
      }
    } catch {
      // fall through to the issue below
    }
    ctx.addIssue({ code: 'custom', message: 'expected a JSON object or a JSON-encoded object string' });
    return z.NEVER;
  });

/** Decodes a value that may be a JSON-encoded string; leaves anything else as it is. */
export function decodeJsonString(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const s = value.trim();
  if (!(s.startsWith('{') || s.startsWith('['))) return value;
  try {
    return JSON.parse(s);
  } catch {
    return value;
  }
}

/** A chain head's ePHI scope as heads store it (the tag rule's decision, never a tag value). */
export const HeadEphiScopeSchema = z
  .object({
    inScope: z.boolean(),
    since: z.string(),
    decidedAt: z.string().optional(),
    matchedTagKey: z.string().optional(),
  })
  .strict();

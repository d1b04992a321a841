import { z } from 'zod';
import { AccountIdSchema, IsoTimeSchema, toIsoTime } from './common';

/** The longest period one export covers: HIPAA keeps documentation six years, plus slack for a full year. */
export const MAX_EXPORT_PERIOD_DAYS = 7 * 366;
export const MAX_EXPORT_TITLE_LENGTH = 200;
export const MAX_EXPORT_ACCOUNTS = 1000;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * One bound of a period: a date (`2026-10-01`, the whole day in UTC) or an ISO 8601 time with a zone.
 * `end` makes a date mean the last millisecond of that day, as the CLI's `--to` does.
 */
function periodBound(end: boolean) {
  return z.string().transform((value, ctx) => {
    const s = value.trim();
    const dateOnly = DATE_ONLY.test(s);
    const iso = dateOnly || DATE_TIME.test(s) ? toIsoTime(dateOnly ? `${s}T00:00:00Z` : s) : undefined;
    if (iso === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `expected a date such as 2026-10-01 or an ISO 8601 time with a zone, got ${JSON.stringify(value).slice(0, 40)}`,
      });
      return z.NEVER;
    }
    return dateOnly && end ? new Date(Date.parse(iso) + DAY_MS - 1).toISOString() : iso;
  });
}

/**
 * A request to the export function (and `evidence binder --remote`): the period, optionally narrowed to
 * accounts, and an optional title. Bounds are normalised to ISO 8601 UTC with milliseconds.
 */
export const ExportRequestSchema = z
  .object({
    from: periodBound(false),
    to: periodBound(true),
    accounts: z
      .array(AccountIdSchema)
      .min(1, 'accounts, when given, names at least one account')
      .max(MAX_EXPORT_ACCOUNTS)
      .optional(),
    title: z.string().trim().min(1, 'title must not be empty').max(MAX_EXPORT_TITLE_LENGTH).optional(),
  })
  .strict()
  .superRefine((request, ctx) => {
    if (request.from > request.to) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `the period ends (${request.to}) before it starts (${request.from})`,
      });
    } else if (Date.parse(request.to) - Date.parse(request.from) >= MAX_EXPORT_PERIOD_DAYS * DAY_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `the period is longer than ${MAX_EXPORT_PERIOD_DAYS} days; export it in parts`,
      });
    }
  });
export type ExportRequest = z.infer<typeof ExportRequestSchema>;
/** What a caller sends, before normalisation. */
export type ExportRequestInput = z.input<typeof ExportRequestSchema>;

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'not a lower-case hex SHA-256');

/** What the export function returns: where the binder is, a download link, and its root hash. */
export const ExportResultSchema = z
  .object({
    bucket: z.string().min(3),
    /** `binders/<from>_<to>/<generatedAt>/binder-<from>-<to>.zip` */
    zipKey: z.string().startsWith('binders/'),
    pdfKey: z.string().startsWith('binders/'),
    /** presigned HTTPS GET of the zip */
    url: z.url({ protocol: /^https$/ }),
    /** when `url` stops working */
    expiresAt: IsoTimeSchema,
    generatedAt: IsoTimeSchema,
    rootHash: Sha256Schema,
    evidenceRootHash: Sha256Schema,
    records: z.number().int().nonnegative(),
    files: z.number().int().positive(),
    signed: z.boolean(),
  })
  .strict();
export type ExportResult = z.infer<typeof ExportResultSchema>;

/** Lambda's payload for a function error (`FunctionError` set on the invoke response). */
export const FunctionErrorPayloadSchema = z.object({
  errorType: z.string().optional(),
  errorMessage: z.string().optional(),
});
export type FunctionErrorPayload = z.infer<typeof FunctionErrorPayloadSchema>;

/** The issues of a failed parse as one line, each prefixed with the field it concerns. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(request)'}: ${issue.message}`)
    .join('; ');
}

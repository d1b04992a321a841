import { z } from 'zod';
import { SubjectSchema } from './evidence-record';

/** What kind of notable activity an entry is (core/domain/notable.ts decides). */
export const NotableKindSchema = z.enum([
  'root-sign-in',
  'console-sign-in-without-mfa',
  'denied-attempt',
  'access-key-created',
  'login-profile-created',
  'policy-attached',
  'mfa-removed',
]);
export type NotableKind = z.infer<typeof NotableKindSchema>;

/**
 * One notable event of the record: a finding to review (information system activity review), not a
 * posture change. The collect function writes the entries of a commit on the chain head and the drift
 * function reads them from the table's stream; status and the binder list them by citation.
 */
export const NotableEntrySchema = z
  .object({
    /** deterministic (`notable:` and the evidence id), so each entry is announced once */
    id: z.string().min(1),
    kind: NotableKindSchema,
    /** what happened, in plain words */
    what: z.string().min(1),
    /** who did it, in the words every output uses (core/domain/actor.ts) */
    who: z.string().min(1),
    userName: z.string().optional(),
    /** where the call came from (CloudTrail's sourceIPAddress) */
    sourceIpAddress: z.string().optional(),
    /** the event's own time */
    at: z.string().min(1),
    outcome: z.enum(['succeeded', 'denied', 'failed']),
    /** for a denied or failed attempt: the error code CloudTrail recorded */
    errorCode: z.string().optional(),
    eventName: z.string().min(1),
    subjectKey: z.string().min(1),
    subject: SubjectSchema,
    evidenceId: z.string().min(1),
    /** the record's chain sequence (where it is in the binder's evidence folder) */
    sequence: z.number().int().positive(),
    /** the HIPAA citations the event bears on */
    citations: z.array(z.string().min(1)),
  })
  .strict();
export type NotableEntry = z.infer<typeof NotableEntrySchema>;

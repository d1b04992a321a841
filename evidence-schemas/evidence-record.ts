import { z } from 'zod';
import { IsoTimeSchema } from './common';

export const EVIDENCE_SCHEMA_VERSION = '1';
export const GENESIS_HASH = '0'.repeat(64);

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'not a lower-case hex SHA-256');

/** Account ids as records hold them: always normalized to 12 digits by the inbound schemas. */
const StoredAccountIdSchema = z.string().regex(/^\d{12}$/, 'an AWS account id is 12 digits');

export const SubjectSchema = z
  .object({
    accountId: StoredAccountIdSchema,
    region: z.string().min(1),
    resourceType: z.string().min(1),
    resourceId: z.string().min(1),
    arn: z.string().optional(),
    /**
     * Another id the same resource is known by. For an IAM user or role, its unique id (AIDA…/AROA…),
     * which AWS Config names it by, while `resourceId` is its name and `arn` its ARN.
     */
    alias: z.string().min(1).optional(),
  })
  .strict();
export type Subject = z.infer<typeof SubjectSchema>;

export const SourceKindSchema = z.enum([
  'config-compliance-change',
  'config-item-change',
  'config-item-oversized',
  'config-item',
  'cloudtrail-api-call',
  'cloudtrail-console-sign-in',
  'sweep',
  'coverage-check',
  'attestation',
  'manual-upload',
]);
export type SourceKind = z.infer<typeof SourceKindSchema>;

/**
 * Where an event imported from a CloudTrail archive came from, and whether CloudTrail's own digest
 * chain vouches for the log file (core/domain/cloudtrail-digest.ts): validated by a digest whose
 * signature verifies under CloudTrail's key, or not, and why. Events delivered live carry none.
 */
export const ProvenanceSchema = z
  .object({
    /** the log file, by its key from AWSLogs/ on */
    file: z.string().min(1),
    status: z.enum(['digest-validated', 'not-validated']),
    /** the digest (bucket/key) that lists the file with the hash it has */
    digest: z.string().optional(),
    reason: z.string().optional(),
  })
  .strict();
export type Provenance = z.infer<typeof ProvenanceSchema>;

export const SourceSchema = z
  .object({
    kind: SourceKindSchema,
    eventId: z.string().min(1),
    eventTime: IsoTimeSchema,
    eventName: z.string().optional(),
    eventSource: z.string().optional(),
    configRuleName: z.string().optional(),
    errorCode: z.string().optional(),
    provenance: ProvenanceSchema.optional(),
  })
  .strict();
export type Source = z.infer<typeof SourceSchema>;

export const ActorSchema = z
  .object({
    principalArn: z.string().optional(),
    principalType: z.string(),
    accountId: z.string().optional(),
    userName: z.string().optional(),
    invokedBy: z.string().optional(),
    sourceIpAddress: z.string().optional(),
    mfaAuthenticated: z.boolean().optional(),
  })
  .strict();
export type Actor = z.infer<typeof ActorSchema>;

export const VerdictStatusSchema = z.enum(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']);
export type VerdictStatus = z.infer<typeof VerdictStatusSchema>;

export const CitationSchema = z
  .object({ citation: z.string().min(1), requirement: z.enum(['required', 'addressable']) })
  .strict();
export type Citation = z.infer<typeof CitationSchema>;

export const ControlAssessmentSchema = z
  .object({
    controlId: z.string().min(1),
    citations: z.array(CitationSchema),
    status: VerdictStatusSchema,
    reason: z.string().min(1),
    /** false for evidence of an attempt or activity that does not change posture (e.g. a failed call). */
    affectsPosture: z.boolean(),
  })
  .strict();
export type ControlAssessment = z.infer<typeof ControlAssessmentSchema>;

export const IntegritySchema = z
  .object({
    algorithm: z.literal('SHA-256'),
    canonicalization: z.literal('RFC8785'),
    contentHash: Sha256Schema,
    sequence: z.number().int().positive(),
    previousHash: Sha256Schema,
    recordHash: Sha256Schema,
  })
  .strict();

/** The part of a record that its content hash covers (everything but recordedAt and the chain links). */
export const EvidenceContentSchema = z
  .object({
    schemaVersion: z.literal(EVIDENCE_SCHEMA_VERSION),
    evidenceId: z.string().regex(/^ev_[0-9a-f]{32}$/),
    subject: SubjectSchema,
    source: SourceSchema,
    actor: ActorSchema.optional(),
    controls: z.array(ControlAssessmentSchema),
    observedAt: IsoTimeSchema,
    snapshot: z.record(z.string(), z.unknown()),
  })
  .strict();
export type EvidenceContent = z.infer<typeof EvidenceContentSchema>;

export const EvidenceRecordSchema = EvidenceContentSchema.extend({
  recordedAt: IsoTimeSchema,
  integrity: IntegritySchema,
}).strict();
export type EvidenceRecord = z.infer<typeof EvidenceRecordSchema>;

import { z } from 'zod';

/**
 * The detail of an 'Evidence Manual Upload' internal event: a document (a signed BAA, training
 * records, an incident report) stored by its SHA-256 in the document store, filed under a catalog
 * control or a HIPAA citation. The record holds the file's identity, never its content.
 */
export const ManualUploadDetailSchema = z
  .object({
    /** catalog control id or HIPAA citation the document is evidence for */
    target: z.string().trim().min(1).max(200),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'not a lower-case hex SHA-256'),
    bytes: z.number().int().positive(),
    fileName: z.string().min(1).max(255),
    mediaType: z.string().regex(/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/i, 'not a media type'),
    title: z.string().trim().min(1).max(500).optional(),
    uploadedBy: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type ManualUploadDetail = z.infer<typeof ManualUploadDetailSchema>;

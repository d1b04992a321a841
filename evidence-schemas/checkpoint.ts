import { z } from 'zod';
import { IsoTimeSchema } from './common';

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'not a lower-case hex SHA-256');

/**
 * A daily checkpoint: the RFC 9162 Merkle tree root over one UTC day's records (by `recordedAt`),
 * chained to the previous day's checkpoint, signed. The signature covers the RFC 8785 canonical JSON
 * of every other member; `previousCheckpointHash` is the SHA-256 of the previous day's whole signed
 * checkpoint (canonical JSON), or 64 zeros for the first day.
 */
export const CheckpointSchema = z
  .object({
    version: z.literal(1),
    /** the UTC day, YYYY-MM-DD */
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'not a YYYY-MM-DD day'),
    /** records recorded that day (leaves of the tree) */
    treeSize: z.number().int().nonnegative(),
    rootHash: Sha256Schema,
    previousCheckpointHash: Sha256Schema,
    createdAt: IsoTimeSchema,
    /** SHA-256 of the signing public key (SPKI DER), lower-case hex */
    keyId: Sha256Schema,
    algorithm: z.literal('Ed25519'),
    /** base64 Ed25519 signature of the canonical JSON of the other members */
    signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'not a base64 Ed25519 signature'),
  })
  .strict();
export type Checkpoint = z.infer<typeof CheckpointSchema>;

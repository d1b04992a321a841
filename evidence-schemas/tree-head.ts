import { z } from 'zod';
import { IsoTimeSchema } from './common';

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'not a lower-case hex SHA-256');

/**
 * A signed tree head (RFC 9162 style) of the evidence log: the Merkle tree over every entry (evidence
 * records and quarantined input) recorded before `upTo`, in recording order. Heads are signed every few
 * minutes and chained: `previousHeadHash` is the SHA-256 of the previous whole signed head (canonical
 * JSON), or 64 zeros for the first, and `consistency` proves that the previous head's tree is a prefix
 * of this one. `frontier` holds the roots of the tree's perfect subtrees (largest first), so the next
 * head is computed from this one and the new entries alone. The signature covers the RFC 8785
 * canonical JSON of every other member.
 */
export const TreeHeadSchema = z
  .object({
    version: z.literal(1),
    /** 1 for the first head, then consecutive */
    sequence: z.number().int().positive(),
    /** entries in the tree */
    treeSize: z.number().int().nonnegative(),
    rootHash: Sha256Schema,
    /** the tree holds every entry recorded before this instant, and none recorded at or after it */
    upTo: IsoTimeSchema,
    previousHeadHash: Sha256Schema,
    /** RFC 9162 consistency proof from the previous head's tree to this one (empty for the first) */
    consistency: z.array(Sha256Schema),
    /** the roots of the tree's perfect subtrees, largest first: one per set bit of treeSize */
    frontier: z.array(Sha256Schema),
    createdAt: IsoTimeSchema,
    /** SHA-256 of the signing public key (SPKI DER), lower-case hex */
    keyId: Sha256Schema,
    algorithm: z.literal('Ed25519'),
    /** base64 Ed25519 signature of the canonical JSON of the other members */
    signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'not a base64 Ed25519 signature'),
  })
  .strict();
export type TreeHead = z.infer<typeof TreeHeadSchema>;

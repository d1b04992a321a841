import { z } from 'zod';

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'not a lower-case hex SHA-256');

/** One file of a binder, as its manifest lists it. */
export const BinderManifestFileSchema = z
  .object({
    /** path inside the binder, `/`-separated, relative to its root */
    path: z
      .string()
      .min(1)
      .refine((p) => !p.startsWith('/') && !p.split('/').includes('..') && !p.includes('\\'), {
        message: 'a binder path is relative, uses / and never ..',
      }),
    sha256: Sha256Schema,
    bytes: z.number().int().nonnegative(),
  })
  .strict();
export type BinderManifestFile = z.infer<typeof BinderManifestFileSchema>;

/**
 * `manifest.json` at the root of a binder: every other file with its SHA-256 and size, and the root
 * hash over that list (SHA-256 of the RFC 8785 canonical JSON of `files`, in the order listed).
 */
export const BinderManifestSchema = z
  .object({
    files: z.array(BinderManifestFileSchema),
    rootHash: Sha256Schema,
  })
  .strict();
export type BinderManifest = z.infer<typeof BinderManifestSchema>;

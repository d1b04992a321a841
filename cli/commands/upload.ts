import { UsageError } from '../../core/ports/errors';
import { resolveAccount } from '../../core/usecases/attest';
import { type UploadResult, uploadDocument } from '../../core/usecases/upload';
import type { Composition, DocumentOptions, GlobalOptions } from '../composition';
import { parseCliTime } from '../dates';
import { EXIT } from '../exit-codes';
import type { Output } from '../output';

export interface UploadOptions extends GlobalOptions, DocumentOptions {
  control?: string;
  title?: string;
  account?: string;
  by?: string;
  at?: string;
}

/** `evidence upload`: keeps a document as manual evidence for a control or citation. */
export async function uploadCommand(
  file: string,
  opts: UploadOptions,
  out: Output,
  app: Composition,
): Promise<number> {
  if (!opts.control?.trim()) throw new UsageError('--control is required (a control id or a HIPAA citation)');
  const at = opts.at !== undefined ? parseCliTime(opts.at, '--at') : undefined;
  const ctx = await app.open();
  try {
    const result = await uploadDocument(
      {
        accountId: await resolveAccount(ctx.store, opts.account),
        target: opts.control.trim(),
        path: file,
        ...(opts.title !== undefined ? { title: opts.title } : {}),
        ...(opts.by !== undefined ? { uploadedBy: opts.by } : {}),
      },
      {
        store: ctx.store,
        documents: ctx.documents(opts),
        config: ctx.config,
        ...(at ? { at } : {}),
      },
    );
    const { record, ...summary } = result;
    out.result({ ...summary, ...(record ? { evidenceId: record.evidenceId } : {}) }, () =>
      formatUpload(result),
    );
    return EXIT.ok;
  } finally {
    await ctx.close();
  }
}

function formatUpload(r: UploadResult): string {
  return [
    r.status === 'duplicate'
      ? `Already recorded: ${r.fileName} for ${r.target} (nothing added)`
      : `Recorded ${r.fileName} for ${r.target} as ${r.record?.evidenceId ?? ''}`,
    `  sha256 ${r.sha256}, ${r.bytes} bytes, ${r.mediaType}`,
    `  stored in ${r.location}`,
  ].join('\n');
}

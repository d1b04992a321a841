import { redactionPolicy } from '../../lambdas/domain/redact';
import type { IngestInput } from '../../lambdas/usecases/ingest';
import { ingest } from '../../lambdas/usecases/ingest';
import { type GlobalOptions, openContext } from '../context';
import { EXIT } from '../exit-codes';
import { formatIngest } from '../format';
import { listInputFiles, readInputs } from '../input';
import type { Output } from '../output';

export async function ingestCommand(paths: string[], opts: GlobalOptions, out: Output): Promise<number> {
  const files = listInputFiles(paths.length > 0 ? paths : ['-']);
  const inputs: IngestInput[] = files.flatMap((f) => readInputs(f));
  const ctx = await openContext(opts);
  try {
    const result = await ingest(inputs, {
      store: ctx.store,
      mappings: ctx.config.ruleMappings,
      redaction: redactionPolicy(ctx.config.redactKeys),
    });
    const { statuses: _s, records: _r, ...summary } = result;
    out.result(summary, () => formatIngest(result));
    if (result.failed.length > 0) return EXIT.store;
    return result.quarantined.length > 0 ? EXIT.quarantined : EXIT.ok;
  } finally {
    await ctx.close();
  }
}

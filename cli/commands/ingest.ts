import { redactionPolicy } from '../../core/domain/redact';
import type { IngestInput } from '../../core/usecases/ingest';
import { ingest } from '../../core/usecases/ingest';
import type { Composition, GlobalOptions } from '../composition';
import { EXIT } from '../exit-codes';
import { formatIngest, formatNotifications } from '../format';
import { listInputFiles, readInputs } from '../input';
import { notificationSummary, recurrenceWindowMs, type SlackOptions } from '../notify';
import type { Output } from '../output';

export async function ingestCommand(
  paths: string[],
  opts: GlobalOptions & SlackOptions,
  out: Output,
  app: Composition,
): Promise<number> {
  const files = listInputFiles(paths.length > 0 ? paths : ['-']);
  const inputs: IngestInput[] = files.flatMap((f) => readInputs(f));
  const ctx = await app.open();
  try {
    const slack = ctx.slack(opts);
    const result = await ingest(inputs, {
      store: ctx.store,
      mappings: ctx.config.ruleMappings,
      redaction: redactionPolicy(ctx.config.redactKeys, ctx.config.ephi.tags),
      recurrenceWindowMs: recurrenceWindowMs(ctx.config),
      maxClockSkewMinutes: ctx.config.maxClockSkewMinutes,
    });
    const notified = slack.routing ? await slack.announce(result.transitions) : undefined;
    const { statuses: _s, records: _r, transitions, ...summary } = result;
    out.result(
      {
        ...summary,
        transitions: transitions.length,
        ...(notified ? { notifications: notificationSummary(notified) } : {}),
      },
      () => [formatIngest(result), ...(notified ? [formatNotifications(notified)] : [])].join('\n'),
    );
    if (result.failed.length > 0) return EXIT.store;
    return result.quarantined.length > 0 ? EXIT.quarantined : EXIT.ok;
  } finally {
    await ctx.close();
  }
}

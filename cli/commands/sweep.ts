import { redactionPolicy } from '../../core/domain/redact';
import { UsageError } from '../../core/ports/errors';
import { runSweep, type SweepSummary } from '../../core/usecases/sweep';
import type { Composition, GlobalOptions } from '../composition';
import { EXIT } from '../exit-codes';
import { formatNotifications } from '../format';
import { notificationSummary, recurrenceWindowMs, type SlackOptions } from '../notify';
import type { Output } from '../output';

export interface SweepCommandOptions extends GlobalOptions, SlackOptions {
  region?: string;
  profile?: string;
  accountId?: string;
  services?: string[];
}

export function formatSweep(s: SweepSummary): string {
  const lines = [
    `sweep ${s.sweepId} of account ${s.accountId} in ${s.region} (finished ${s.finishedAt})`,
    `  ${s.observations} observations: ${s.stored} stored, ${s.unchanged} unchanged, ${s.duplicates} duplicates, ${s.ignored} ignored, ${s.quarantined.length} quarantined, ${s.failed.length} not stored`,
  ];
  if (s.gaps.length === 0) lines.push('  no collection gaps');
  for (const g of s.gaps)
    lines.push(
      `  gap: ${g.api} ${g.errorCode}${g.failedResources ? ` on ${g.failedResources.join(', ')}` : ''} (controls: ${g.controls.join(', ') || 'none'})`,
    );
  for (const q of s.quarantined) lines.push(`  quarantined ${q.origin}: ${q.reason}`);
  for (const f of s.failed) lines.push(`  not stored ${f.origin}: ${f.error}`);
  return lines.join('\n');
}

export async function sweepCommand(
  opts: SweepCommandOptions,
  out: Output,
  app: Composition,
): Promise<number> {
  if (opts.accountId !== undefined && !/^\d{12}$/.test(opts.accountId))
    throw new UsageError(`--account-id must be 12 digits, got ${opts.accountId}`);
  const source = app.sweep({
    ...(opts.region ? { region: opts.region } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.services ? { services: opts.services } : {}),
  });
  try {
    const region = await source.region();
    const ctx = await app.open();
    try {
      const slack = ctx.slack(opts);
      let notified: Awaited<ReturnType<typeof slack.announce>> | undefined;
      const summary = await runSweep({
        collectors: source.collectors,
        store: ctx.store,
        region,
        ...(opts.accountId ? { accountId: opts.accountId } : {}),
        mappings: ctx.config.ruleMappings,
        redaction: redactionPolicy(ctx.config.redactKeys, ctx.config.ephi.tags),
        recurrenceWindowMs: recurrenceWindowMs(ctx.config),
        // drift the sweep found (a trail stopped, a gap opened) goes to Slack like ingest's
        ...(slack.routing
          ? {
              onTransitions: async (transitions) => {
                notified = await slack.announce(transitions);
              },
            }
          : {}),
      });
      out.result({ ...summary, ...(notified ? { notifications: notificationSummary(notified) } : {}) }, () =>
        [formatSweep(summary), ...(notified ? [formatNotifications(notified)] : [])].join('\n'),
      );
      if (summary.failed.length > 0) return EXIT.store;
      return summary.quarantined.length > 0 ? EXIT.quarantined : EXIT.ok;
    } finally {
      await ctx.close();
    }
  } finally {
    source.close();
  }
}

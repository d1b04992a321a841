import {
  createSweepClients,
  destroySweepClients,
  SWEEP_SERVICES,
  type SweepClients,
  type SweepService,
  sweepCollectors,
} from '../../core/adapters/sweep';
import { redactionPolicy } from '../../core/domain/redact';
import { UsageError } from '../../core/ports/errors';
import { runSweep, type SweepSummary } from '../../core/usecases/sweep';
import { type GlobalOptions, openContext } from '../context';
import { EXIT } from '../exit-codes';
import { formatNotifications } from '../format';
import {
  announce,
  notificationSummary,
  recurrenceWindowMs,
  type SlackOptions,
  slackRouting,
} from '../notify';
import type { Output } from '../output';

export interface SweepCommandOptions extends GlobalOptions, SlackOptions {
  region?: string;
  profile?: string;
  accountId?: string;
  services?: string[];
}

/** Makes the AWS clients; tests pass one that returns mocked clients. */
export type SweepClientFactory = (opts: { region?: string; profile?: string }) => SweepClients;

let clientFactory: SweepClientFactory = createSweepClients;

/** Replaces the client factory (tests); returns a function that restores the previous one. */
export function setSweepClientFactory(factory: SweepClientFactory): () => void {
  const previous = clientFactory;
  clientFactory = factory;
  return () => {
    clientFactory = previous;
  };
}

function parseServices(values: string[] | undefined): SweepService[] {
  if (!values || values.length === 0) return [...SWEEP_SERVICES];
  const names = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  for (const n of names)
    if (!(SWEEP_SERVICES as readonly string[]).includes(n))
      throw new UsageError(`--services: unknown service "${n}" (one of ${SWEEP_SERVICES.join(', ')})`);
  return SWEEP_SERVICES.filter((s) => names.includes(s));
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

export async function sweepCommand(opts: SweepCommandOptions, out: Output): Promise<number> {
  if (opts.accountId !== undefined && !/^\d{12}$/.test(opts.accountId))
    throw new UsageError(`--account-id must be 12 digits, got ${opts.accountId}`);
  const services = parseServices(opts.services);
  const clients = clientFactory({
    ...(opts.region ? { region: opts.region } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
  });
  try {
    let region: string;
    try {
      region = opts.region ?? (await clients.config.config.region());
    } catch {
      throw new UsageError('no AWS region: pass --region or set AWS_REGION');
    }
    const ctx = await openContext(opts);
    try {
      const routing = slackRouting(ctx.config, opts);
      let notified: Awaited<ReturnType<typeof announce>> | undefined;
      const summary = await runSweep({
        collectors: sweepCollectors(clients, services),
        store: ctx.store,
        region,
        ...(opts.accountId ? { accountId: opts.accountId } : {}),
        mappings: ctx.config.ruleMappings,
        redaction: redactionPolicy(ctx.config.redactKeys, ctx.config.ephi.tags),
        recurrenceWindowMs: recurrenceWindowMs(ctx.config),
        // drift the sweep found (a trail stopped, a gap opened) goes to Slack like ingest's
        ...(routing
          ? {
              onTransitions: async (transitions) => {
                notified = await announce(transitions, ctx.store, ctx.config, routing);
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
    destroySweepClients(clients);
  }
}

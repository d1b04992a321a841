import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { LocalDocumentStore } from '../../lambdas/adapters/local-document-store';
import { driftTimeline } from '../../lambdas/domain/drift';
import { redactionPolicy } from '../../lambdas/domain/redact';
import { ingest } from '../../lambdas/usecases/ingest';
import { postureStatus, verifiedRecords } from '../../lambdas/usecases/status';
import { verifyStore } from '../../lambdas/usecases/verify-store';
import { type GlobalOptions, openContext } from '../context';
import { DEMO_ORG, DEMO_PERIOD, demoEvents } from '../demo/scenario';
import { recordDemoSignOffs } from '../demo/sign-offs';
import { EXIT } from '../exit-codes';
import { formatIngest, formatNotifications, formatStatus, formatTimeline, formatVerify } from '../format';
import {
  announce,
  notificationSummary,
  recurrenceWindowMs,
  type SlackOptions,
  slackRouting,
} from '../notify';
import type { Output } from '../output';
import { binderSummary, writeDemoBinder } from './binder';

export const DEFAULT_DEMO_DIR = '.evidence-demo';

/**
 * Replays the bundled month on a fresh embedded store (its own data dir, so a real store is never
 * touched) and shows what an auditor would ask for: posture, the drift timeline, and the integrity check.
 */
export async function demoCommand(
  opts: GlobalOptions & SlackOptions & { dataDirGiven: boolean },
  out: Output,
): Promise<number> {
  const dataDir = opts.dataDirGiven ? opts.dataDir : DEFAULT_DEMO_DIR;
  if (!opts.endpoint) rmSync(resolve(dataDir, 'store'), { recursive: true, force: true });
  const ctx = await openContext({ ...opts, dataDir });
  try {
    const events = demoEvents();
    const result = await ingest(
      events.map((raw, i) => ({ raw, origin: `demo#${i}` })),
      {
        store: ctx.store,
        mappings: ctx.config.ruleMappings,
        redaction: redactionPolicy(ctx.config.redactKeys, ctx.config.ephi.tags),
        recurrenceWindowMs: recurrenceWindowMs(ctx.config),
      },
    );
    // human sign-off: reviews, an exception, a decision, the BAA; the cadence checked at month end
    const reviews = await recordDemoSignOffs(
      {
        store: ctx.store,
        documents: new LocalDocumentStore(resolve(dataDir, 'blobs')),
        config: ctx.config,
        dataDir,
      },
      DEMO_PERIOD.to,
    );
    // Slack: sent when a webhook is configured, otherwise shown as what would be sent
    const routing = slackRouting(ctx.config, opts);
    const notified = await announce(
      [...result.transitions, ...reviews.transitions],
      ctx.store,
      ctx.config,
      routing,
    );
    const status = await postureStatus(ctx.store, { at: DEMO_PERIOD.to, reviews: reviews.reviews });
    const current = await postureStatus(ctx.store);
    const records = [];
    for await (const r of verifiedRecords(ctx.store)) records.push(r);
    const timeline = driftTimeline(records);
    const verify = await verifyStore(ctx.store);
    // the month's evidence binder, as an auditor would receive it
    const binder = await writeDemoBinder(ctx.store, dataDir, DEMO_PERIOD, DEMO_ORG);
    const { statuses: _s, records: _r, transitions: _t, ...ingestSummary } = result;
    out.result(
      {
        organisation: DEMO_ORG,
        period: DEMO_PERIOD,
        store: ctx.where,
        ingest: ingestSummary,
        status: current,
        timeline,
        slack: {
          configured: routing !== undefined,
          ...notificationSummary(notified),
          wouldSend: routing ? [] : notified.messages.map((m) => m.message.text),
        },
        verify,
        binder: binderSummary(binder),
      },
      () =>
        [
          `${DEMO_ORG}: replaying ${events.length} AWS Config and CloudTrail events from October 2026`,
          `into the ${ctx.where}.`,
          '',
          formatIngest(result),
          '',
          formatStatus(status),
          '',
          'Drift timeline',
          '',
          formatTimeline(timeline),
          '',
          routing
            ? formatNotifications(notified)
            : [
                `Slack (not configured: set SLACK_WEBHOOK_URL or pass --slack-webhook): would send ${notified.messages.length} message(s):`,
                ...notified.messages.map((m) => `  - ${m.message.text}`),
              ].join('\n'),
          '',
          `Integrity: ${formatVerify(verify)}`,
          '',
          `Evidence binder (PDF/A, zip with canonical JSON evidence, manifest, OSCAL, index.html): ${binder.zipPath}`,
          `  PDF: ${binder.pdfPath}`,
          `  root hash ${binder.rootHash}; check it offline with: npx evidence verify ${binder.zipPath}`,
          '',
          `Next: npx evidence status --data-dir ${dataDir}   |   npx evidence verify-store --data-dir ${dataDir}`,
        ].join('\n'),
    );
    if (!verify.ok) return EXIT.integrity;
    return result.failed.length > 0 ? EXIT.store : EXIT.ok;
  } finally {
    await ctx.close();
  }
}

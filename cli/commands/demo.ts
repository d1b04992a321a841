import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { driftTimeline } from '../../core/domain/drift';
import { redactionPolicy } from '../../core/domain/redact';
import { checkpointDays } from '../../core/usecases/checkpoint';
import { exportBinderTo } from '../../core/usecases/export-binder/export-binder';
import { directoryTarget } from '../../core/usecases/export-binder/to-directory';
import { withResolvedSubjects } from '../../core/usecases/iam-aliases';
import { messagesByTime, type NotifyResult, type OutgoingMessage } from '../../core/usecases/notify';
import { postureStatus, verifiedRecords } from '../../core/usecases/status';
import type { SweepSummary } from '../../core/usecases/sweep';
import { verifyStore } from '../../core/usecases/verify-store';
import type { Composition, GlobalOptions } from '../composition';
import { replayDemoMonth } from '../demo/month';
import { DEMO_ORG, DEMO_PERIOD } from '../demo/scenario';
import { demoSignOffs } from '../demo/sign-offs';
import { EXIT } from '../exit-codes';
import { formatIngest, formatNotifications, formatStatus, formatTimeline, formatVerify } from '../format';
import { shellCommand } from '../layout';
import { notificationSummary, recurrenceWindowMs, type SlackOptions } from '../notify';
import type { Output } from '../output';
import { binderSummary, DEFAULT_BINDER_DIR, generatorInfo } from './binder';
import { formatGaps } from './coverage';

/** The demo's data directory unless --data-dir names another. */
export { DEFAULT_DEMO_DIR } from '../defaults';
/** The Slack payloads of the month, in the demo's data directory. */
export const DEMO_SLACK_PAYLOADS = 'slack-payloads.json';
/** When the demo's daily checkpoints are made: the morning after the month, as the schedule would. */
const DEMO_CHECKPOINT_AT = '2026-11-01T03:30:00.000Z';

/** Adds one announcement's result to the month's. */
function addNotified(total: NotifyResult, r: NotifyResult): void {
  total.messages.push(...r.messages);
  total.sent += r.sent;
  total.alreadySent += r.alreadySent;
  total.pending += r.pending;
  total.failed.push(...r.failed);
}

/**
 * Replays the bundled month (events, daily sweeps, sign-offs, in time order) on a fresh embedded store
 * (its own data dir, default .evidence-demo: a real store is never touched, see claimDemoDirectory) and
 * shows what an auditor would ask for: posture, reviews and coverage gaps at month end, the drift
 * timeline, and the integrity check. `opts` and `app` name the demo's data dir.
 */
export async function demoCommand(
  opts: GlobalOptions & SlackOptions,
  out: Output,
  app: Composition,
): Promise<number> {
  const dataDir = opts.dataDir;
  const ctx = await app.open({ fresh: true });
  try {
    // Slack: sent when a webhook is configured, otherwise shown as what would be sent
    const slack = ctx.slack(opts);
    const routing = slack.routing;
    // notable events are announced as they are stored; listed with the month's messages, by time
    const noted: NotifyResult[] = [];
    // the month in time order: daily sweeps, deliveries, sign-offs; the review cadence at month end
    const month = await replayDemoMonth({
      store: ctx.store,
      config: ctx.config,
      mappings: ctx.config.ruleMappings,
      redaction: redactionPolicy(ctx.config.redactKeys, ctx.config.ephi.tags),
      recurrenceWindowMs: recurrenceWindowMs(ctx.config),
      signOffs: demoSignOffs({
        store: ctx.store,
        documents: ctx.localDocuments(),
        config: ctx.config,
        dataDir,
      }),
      announceNotable: async (entries) => {
        noted.push(await slack.announceNotable(entries));
      },
    });
    const result = month.events;
    // the month in one batch: its messages go out oldest first, as the drift function sends them when
    // they happen (the demo checks the review cadence only at month end, for a review due on the 25th)
    const notified = await slack.announce(month.transitions);
    for (const r of noted) addNotified(notified, r);
    notified.messages.sort(messagesByTime);
    const payloadsPath = resolve(dataDir, DEMO_SLACK_PAYLOADS);
    await writeSlackPayloads(payloadsPath, notified.messages);
    const monthEnd = () => new Date(DEMO_PERIOD.to);
    // posture at month end from the chain records; the coverage gaps open at month end from the heads
    // (nothing after October is stored, so they are the month's last state; not today's wall clock)
    const status = {
      ...(await postureStatus(ctx.store, {
        at: DEMO_PERIOD.to,
        reviews: month.reviews.reviews,
        notableReader: ctx.binder({ sign: false }).reader,
      })),
      gaps: (await postureStatus(ctx.store, { now: monthEnd, mappings: ctx.config.ruleMappings })).gaps,
    };
    const sweeps = sweepTotals(month.sweeps);
    const records = [];
    for await (const r of verifiedRecords(ctx.store)) records.push(r);
    // one person is one subject in the timeline, whichever id the source that judged them used
    const timeline = driftTimeline(
      await withResolvedSubjects((ids) => ctx.store.getIamAliases(ids), records),
    );
    // the deployed checkpoint function signs each closed day at 03:30 UTC: here, the morning after the month
    const signer = app.localKey.signer();
    await checkpointDays(ctx.store, signer, () => new Date(DEMO_CHECKPOINT_AT), { anchors: ctx.anchors });
    // and a signed tree head over the whole log, as a CLI command that wrote evidence leaves it
    await ctx.sealLog();
    const verify = await verifyStore(ctx.store, {
      checkpointPublicKeyPem: await signer.publicKeyPem(),
      log: ctx.store,
      anchors: ctx.anchors,
    });
    // the month's evidence binder, as an auditor would receive it, into <data dir>/binders
    const binder = await exportBinderTo(
      directoryTarget(resolve(dataDir, DEFAULT_BINDER_DIR)),
      { ...DEMO_PERIOD, organisation: DEMO_ORG, generator: generatorInfo() },
      // no anchorClosedDays: the month's days were checkpointed above, as of the morning after it
      ctx.binder({ sign: true, localDocuments: true }),
    );
    const { statuses: _s, records: _r, transitions: _t, ...ingestSummary } = result;
    out.result(
      {
        organisation: DEMO_ORG,
        period: DEMO_PERIOD,
        store: ctx.where,
        ingest: ingestSummary,
        sweeps,
        status,
        timeline,
        slack: {
          configured: routing !== undefined,
          ...notificationSummary(notified),
          wouldSend: routing ? [] : notified.messages.map((m) => m.message.text),
          payloads: payloadsPath,
        },
        verify,
        binder: binderSummary(binder),
      },
      (width) =>
        [
          `${DEMO_ORG}: replaying October 2026 into the ${ctx.where}:`,
          `${result.received} AWS Config and CloudTrail events as they were delivered, and the daily sweep at 02:00 UTC.`,
          '',
          `Events: ${formatIngest(result)}`,
          `Daily sweeps: ${sweeps.runs} runs, ${sweeps.observations} observations: ${sweeps.stored} stored, ${sweeps.unchanged} unchanged (only "last observed" moved), ${sweeps.quarantined} quarantined, ${sweeps.failed} not stored`,
          `  collection gaps: ${sweeps.collectionGaps.length ? sweeps.collectionGaps.join('; ') : 'none'}`,
          '',
          formatStatus(status, width),
          '',
          `Coverage gaps open at ${DEMO_PERIOD.to} (controls whose evidence stopped)`,
          '',
          formatGaps(status.gaps, width),
          '',
          'Drift timeline',
          '',
          formatTimeline(timeline, width),
          '',
          routing
            ? formatNotifications(notified)
            : `Slack (not configured: set SLACK_WEBHOOK_URL or pass --slack-webhook): would send ${notified.messages.length} message(s):`,
          ...notified.messages.map((m) => `  - ${headline(m)}`),
          `  Block Kit payloads, exactly as POSTed to the webhook: ${payloadsPath}`,
          '',
          `Integrity: ${formatVerify(verify)}`,
          '',
          `Evidence binder (PDF/A, zip with canonical JSON evidence, manifest, OSCAL, index.html): ${binder.zipPath}`,
          `  PDF: ${binder.pdfPath}`,
          `  root hash ${binder.rootHash}`,
          '  check it offline with:',
          ...shellCommand(
            [
              'npx',
              'evidence',
              'verify',
              binder.zipPath,
              ...(binder.publicKeyFingerprint ? ['--fingerprint', binder.publicKeyFingerprint] : []),
            ],
            width,
            '    ',
          ),
          '',
          'Next:',
          ...shellCommand(['npx', 'evidence', 'status', '--data-dir', dataDir], width, '  '),
          ...shellCommand(['npx', 'evidence', 'verify-store', '--data-dir', dataDir], width, '  '),
        ].join('\n'),
    );
    if (!verify.ok) return EXIT.integrity;
    return result.failed.length > 0 || sweeps.failed > 0 ? EXIT.store : EXIT.ok;
  } finally {
    await ctx.close();
  }
}

/** A message in one line: its time and the first line of its text (what, where, ePHI). */
function headline(m: OutgoingMessage): string {
  return `${m.at.slice(0, 16).replace('T', ' ')}  ${m.message.text.split('\n')[0]}`;
}

/**
 * The bodies POSTed (or that would be) to the Slack webhook, in a JSON array: paste one into Slack's
 * Block Kit Builder to see the message. The webhook URL (a secret) is not written.
 */
async function writeSlackPayloads(path: string, messages: OutgoingMessage[]): Promise<void> {
  await writeFile(
    path,
    `${JSON.stringify(
      messages.map((m) => m.message),
      null,
      2,
    )}\n`,
  );
}

/** The month's sweeps in one line's worth of numbers; each collection gap once, with its first day. */
function sweepTotals(sweeps: SweepSummary[]) {
  const firstSeen = new Map<string, string>();
  for (const s of sweeps)
    for (const g of s.gaps) {
      const key = `${g.api} ${g.errorCode}`;
      if (!firstSeen.has(key)) firstSeen.set(key, s.sweepId.slice(0, 10));
    }
  const sum = (f: (s: SweepSummary) => number) => sweeps.reduce((n, s) => n + f(s), 0);
  return {
    runs: sweeps.length,
    observations: sum((s) => s.observations),
    stored: sum((s) => s.stored),
    unchanged: sum((s) => s.unchanged),
    quarantined: sum((s) => s.quarantined.length),
    failed: sum((s) => s.failed.length),
    collectionGaps: [...firstSeen].map(([gap, since]) => `${gap} from ${since}`),
  };
}

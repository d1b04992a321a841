import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BinderSourceIntegrityError, StoreChangedDuringExportError } from '../../core/domain/binder/errors';
import { counted, evidenceCountText } from '../../core/domain/binder/model';
import { UsageError } from '../../core/ports/errors';
import type { EvidenceStore } from '../../core/ports/evidence-store';
import { useBinderHeapPolicy } from '../../core/support/heap-policy';
import { accountsInStore } from '../../core/usecases/attest';
import type { BinderExportResult } from '../../core/usecases/export-binder/export-binder';
import { exportBinderLocally } from '../../core/usecases/export-binder/local-export';
import { directoryTarget } from '../../core/usecases/export-binder/to-directory';
import type { Composition, DocumentOptions, GlobalOptions } from '../composition';
import { parseCliTime } from '../dates';
import { DEFAULT_BINDER_DIR } from '../defaults';
import { EXIT } from '../exit-codes';
import { DEFAULT_WIDTH, shellCommand } from '../layout';
import type { Output } from '../output';
import { progressBar } from '../progress';
import { accountIdsOption } from './status';

export interface BinderCommandOptions extends GlobalOptions, DocumentOptions {
  from?: string;
  to?: string;
  out: string;
  account?: string[];
  title?: string;
  organisation?: string;
  /** commander's --no-sign */
  sign: boolean;
  /** write the binder even when the store holds no evidence (of the accounts named) */
  allowEmpty?: boolean;
  /** run the deployed export function (name or ARN) instead of exporting locally */
  remote?: string;
  /** with --remote: the sharded export state machine, for periods too long for the function */
  stateMachine?: string;
  /** with --state-machine: export the sharded way whatever the period's length */
  sharded?: boolean;
}

export { DEFAULT_BINDER_DIR };

/** This package's name and version, as the binder's generator. */
export function generatorInfo(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    name?: unknown;
    version?: unknown;
  };
  return {
    name: typeof pkg.name === 'string' ? pkg.name : 'hipaa-evidence-pipeline',
    version: typeof pkg.version === 'string' ? pkg.version : '0.0.0',
  };
}

/**
 * A period bound from the command line: a date (the whole day, UTC) or an ISO 8601 time. `end`
 * makes a date mean the last millisecond of that day.
 */
export function periodBound(value: string | undefined, option: string, end: boolean): string {
  if (!value) throw new UsageError(`${option} is required (a date such as 2026-10-01, or an ISO 8601 time)`);
  return parseCliTime(value, option, { endOfDay: end });
}

/**
 * The period, accounts and paths a binder command asks for, validated. A period that starts after
 * `now` is refused: its binder would present days that have not happened as days without evidence.
 * (A period under way, such as this month, is a binder of evidence so far.)
 */
export function binderRequest(opts: BinderCommandOptions, now: Date = new Date()) {
  const from = periodBound(opts.from, '--from', false);
  const to = periodBound(opts.to, '--to', true);
  if (from > to) throw new UsageError(`--from (${from}) is after --to (${to})`);
  if (Date.parse(from) > now.getTime())
    throw new UsageError(
      `the period is in the future: --from ${opts.from?.trim()} is after today (${now.toISOString().slice(0, 10)}, UTC); a binder covers only a period that has begun`,
    );
  return {
    from,
    to,
    accounts: accountIdsOption(opts.account),
    outDir: resolve(opts.out || DEFAULT_BINDER_DIR),
  };
}

/**
 * Refuses (UsageError) a binder of nothing: a store with no evidence at all, or none of the accounts
 * named, unless `--allow-empty`. An empty binder looks like a clean one to whoever receives it.
 */
async function requireEvidence(store: EvidenceStore, accounts: string[], where: string): Promise<void> {
  const held = await accountsInStore(store);
  const hint = 'pass --allow-empty to write an empty binder anyway';
  if (held.length === 0)
    throw new UsageError(`the ${where} holds no evidence: the binder would be empty (${hint})`);
  if (accounts.length > 0 && !accounts.some((a) => held.includes(a)))
    throw new UsageError(
      `the ${where} holds no evidence of account ${accounts.join(', ')} (it holds ${held.join(', ')}): the binder would be empty (${hint})`,
    );
}

/** The summary `--json` prints (and the demo embeds). */
export function binderSummary(r: BinderExportResult) {
  return {
    zip: r.zipPath,
    pdf: r.pdfPath,
    rootHash: r.rootHash,
    evidenceRootHash: r.evidenceRootHash,
    files: r.files,
    records: r.records,
    subjects: r.subjects,
    drifts: r.drifts,
    resolved: r.resolved,
    uncommitted: r.uncommitted,
    pages: r.pages,
    zipBytes: r.zipBytes,
    signed: r.signed,
    ...(r.publicKeyFingerprint ? { publicKeyFingerprint: r.publicKeyFingerprint } : {}),
    anchors: r.anchors,
  };
}

/** The human-readable result of `evidence binder`, its verify command fitted to `width`. */
export function formatBinder(r: BinderExportResult, width = DEFAULT_WIDTH): string {
  return [
    `Binder for ${r.model.period.from} to ${r.model.period.to}: ${evidenceCountText(r.model.counts)}; ${counted(r.drifts, 'drift')} (${r.resolved} remediated)`,
    `  zip  ${r.zipPath} (${r.files} files, ${(r.zipBytes / 1e6).toFixed(1)} MB)`,
    `  pdf  ${r.pdfPath} (${r.pages} pages)`,
    `  root hash ${r.rootHash}`,
    `  evidence root hash ${r.evidenceRootHash}`,
    r.signed ? `  signed with Ed25519 key ${r.publicKeyFingerprint}` : '  not signed',
    ...(r.uncommitted > 0 ? [`  ${r.uncommitted} uncommitted records of the period left out`] : []),
    `  anchors: ${r.anchors.checkpoints} daily checkpoint(s), ${r.anchors.anchored} record(s) proven, ${r.anchors.unanchored} not yet anchored (recorded on a day without a checkpoint yet)`,
    'Verify:',
    ...shellCommand(
      [
        'npx',
        'evidence',
        'verify',
        r.zipPath,
        ...(r.publicKeyFingerprint ? ['--fingerprint', r.publicKeyFingerprint] : []),
      ],
      width,
      '  ',
    ),
  ].join('\n');
}

/** `evidence binder`: exports the binder for a period from the embedded store or any endpoint. */
export async function binderCommand(
  opts: BinderCommandOptions,
  out: Output,
  app: Composition,
): Promise<number> {
  const { outDir, ...request } = binderRequest(opts);
  if (opts.stateMachine && opts.remote === undefined)
    throw new UsageError(
      '--state-machine needs --remote (a local export has no time limit: it is never sharded)',
    );
  if (opts.sharded && !opts.stateMachine)
    throw new UsageError('--sharded needs --state-machine (the stack output ShardedExportStateMachineArn)');
  if (opts.remote !== undefined) {
    // the deployed export writes to the Object Lock bucket and answers with a presigned URL
    const body = {
      from: request.from,
      to: request.to,
      ...(request.accounts.length > 0 ? { accounts: request.accounts } : {}),
      ...(opts.title ? { title: opts.title } : {}),
    };
    const { wantsShardedExport, SHARDED_PERIOD_DAYS } = await import('../remote-sharded-binder');
    const long = wantsShardedExport(request.from, request.to, false);
    let remote: Awaited<ReturnType<typeof app.remoteBinder>>;
    if (opts.stateMachine && wantsShardedExport(request.from, request.to, opts.sharded === true)) {
      process.stderr.write(
        `evidence: exporting ${opts.sharded ? 'the period' : `a period longer than ${SHARDED_PERIOD_DAYS} days`} with the sharded export state machine (slices of days, then one merge)\n`,
      );
      remote = await app.remoteShardedBinder({ stateMachineArn: opts.stateMachine, ...body });
      process.stderr.write('\n');
    } else {
      if (long)
        process.stderr.write(
          `evidence: a period longer than ${SHARDED_PERIOD_DAYS} days may not fit one 15-minute invocation of the export function; pass --state-machine <the stack's ShardedExportStateMachineArn> to export it in slices\n`,
        );
      remote = await app.remoteBinder({ functionName: opts.remote, ...body });
    }
    out.result(remote, () =>
      [
        `Binder written to the binder bucket: ${remote.zipKey}`,
        `root hash ${remote.rootHash}`,
        `download (1 h): ${remote.url}`,
      ].join('\n'),
    );
    return EXIT.ok;
  }
  useBinderHeapPolicy();
  const ctx = await app.open({ existing: true });
  const bar = progressBar(!out.json && process.stderr.isTTY === true);
  try {
    if (!opts.allowEmpty) await requireEvidence(ctx.store, request.accounts, ctx.where);
    const result = await exportBinderLocally(
      directoryTarget(outDir),
      {
        ...request,
        ...(opts.title ? { title: opts.title } : {}),
        ...(opts.organisation ? { organisation: opts.organisation } : {}),
        generator: generatorInfo(),
      },
      {
        ...ctx.binder({ sign: opts.sign, documentsBucket: opts.documentsBucket, anchorClosedDays: true }),
        onProgress: (p) => bar.update(p),
      },
    );
    bar.done();
    out.result(binderSummary(result), (width) => formatBinder(result, width));
    if (result.anchors.mismatches.length > 0) {
      // the binder is written (it documents what the store holds) but it will not verify
      process.stderr.write(
        `evidence: the store no longer matches its signed daily checkpoints; the binder will fail evidence verify:\n${result.anchors.mismatches.map((m) => `  ${m}`).join('\n')}\n`,
      );
      return EXIT.integrity;
    }
    return EXIT.ok;
  } catch (error) {
    bar.done();
    if (error instanceof BinderSourceIntegrityError) {
      process.stderr.write(`evidence: ${error.message}\nRun evidence verify-store for the full list.\n`);
      return EXIT.integrity;
    }
    if (error instanceof StoreChangedDuringExportError) {
      process.stderr.write(`evidence: ${error.message}\n`);
      return EXIT.store;
    }
    throw error;
  } finally {
    await ctx.close();
  }
}

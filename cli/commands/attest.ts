import { MANUAL_SPECIFICATIONS } from '../../core/domain/binder/manual-evidence';
import { CONTROLS } from '../../core/domain/catalog';
import { UsageError } from '../../core/ports/errors';
import {
  type AttestRequest,
  type AttestResult,
  addressableCitations,
  attest,
  type ReviewDecision,
  resolveAccount,
  type SpecDecision,
} from '../../core/usecases/attest';
import type { Composition, GlobalOptions } from '../composition';
import { parseCliTime } from '../dates';
import { EXIT } from '../exit-codes';
import type { Output } from '../output';

export interface AttestOptions extends GlobalOptions {
  kind?: string;
  reviewer?: string;
  decision?: string;
  note?: string;
  snapshot?: string;
  account?: string;
  scope?: string;
  control?: string;
  subject?: string;
  reason?: string;
  expires?: string;
  approver?: string;
  citation?: string;
  by?: string;
  at?: string;
}

export const ATTEST_KINDS = ['access-review', 'log-review', 'exception', 'decision'] as const;

function need(value: string | undefined, flag: string, kind: string): string {
  if (value === undefined || value.trim() === '')
    throw new UsageError(`${flag} is required for --kind ${kind}`);
  return value.trim();
}

function oneOf<T extends string>(
  value: string | undefined,
  flag: string,
  kind: string,
  allowed: readonly T[],
): T {
  const v = need(value, flag, kind);
  const found = allowed.find((a) => a === v);
  if (!found) throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${v}")`);
  return found;
}

/** `evidence attest`: records a human sign-off as evidence. */
export async function attestCommand(opts: AttestOptions, out: Output, app: Composition): Promise<number> {
  const kind = oneOf(opts.kind, '--kind', '(any)', ATTEST_KINDS);
  const at = opts.at !== undefined ? parseCliTime(opts.at, '--at') : undefined;
  // flags are checked before the store is opened: a typo costs nothing
  const reviewer = kind.endsWith('review') ? need(opts.reviewer, '--reviewer', kind) : undefined;
  const reviewDecision = kind.endsWith('review')
    ? oneOf<ReviewDecision>(opts.decision, '--decision', kind, ['approved', 'changes-required'])
    : undefined;
  if (opts.snapshot !== undefined && kind !== 'access-review')
    throw new UsageError('--snapshot applies to --kind access-review only');
  if (opts.snapshot !== undefined && !/^ev_[0-9a-f]{32}$/.test(opts.snapshot))
    throw new UsageError(`--snapshot is not an evidence id (ev_ + 32 hex digits): ${opts.snapshot}`);
  if (kind === 'exception') {
    const control = need(opts.control, '--control', kind);
    if (!CONTROLS.some((c) => c.id === control))
      throw new UsageError(
        `--control: unknown control "${control}" (one of: ${CONTROLS.map((c) => c.id).join(', ')})`,
      );
    need(opts.subject, '--subject', kind);
    need(opts.reason, '--reason', kind);
    need(opts.approver, '--approver', kind);
    parseCliTime(need(opts.expires, '--expires', kind), '--expires');
  }
  if (kind === 'decision') {
    need(opts.citation, '--citation', kind);
    oneOf<SpecDecision>(opts.decision, '--decision', kind, ['implemented', 'alternative', 'not-reasonable']);
    need(opts.reason, '--reason', kind);
  }

  const ctx = await app.open();
  try {
    let request: AttestRequest;
    if (kind === 'access-review' || kind === 'log-review') {
      const accountId = await resolveAccount(ctx.store, opts.account);
      request =
        kind === 'access-review'
          ? {
              kind,
              accountId,
              reviewer: reviewer!,
              decision: reviewDecision!,
              ...(opts.note !== undefined ? { note: opts.note } : {}),
              ...(opts.snapshot !== undefined ? { snapshotId: opts.snapshot } : {}),
            }
          : {
              kind,
              accountId,
              reviewer: reviewer!,
              decision: reviewDecision!,
              ...(opts.note !== undefined ? { note: opts.note } : {}),
              ...(opts.scope !== undefined ? { scope: opts.scope } : {}),
            };
    } else if (kind === 'exception') {
      request = {
        kind,
        ...(opts.account !== undefined ? { accountId: await resolveAccount(ctx.store, opts.account) } : {}),
        controlId: opts.control!.trim(),
        subject: opts.subject!.trim(),
        reason: opts.reason!.trim(),
        approver: opts.approver!.trim(),
        expiresAt: parseCliTime(opts.expires!.trim(), '--expires'),
      };
    } else {
      request = {
        kind,
        accountId: await resolveAccount(ctx.store, opts.account),
        citation: opts.citation!.trim(),
        decision: oneOf<SpecDecision>(opts.decision, '--decision', kind, [
          'implemented',
          'alternative',
          'not-reasonable',
        ]),
        reason: opts.reason!.trim(),
        ...(opts.by !== undefined ? { decidedBy: opts.by } : {}),
      };
    }
    const result = await attest(request, {
      store: ctx.store,
      config: ctx.config,
      ...(at ? { at } : {}),
      addressable: addressableCitations(MANUAL_SPECIFICATIONS),
    });
    const slack = ctx.slack({});
    if (slack.routing && result.transitions.length > 0) await slack.announce(result.transitions);
    const { record, transitions, ...summary } = result;
    out.result(
      {
        ...summary,
        ...(record ? { evidenceId: record.evidenceId, recordHash: record.integrity.recordHash } : {}),
        verdicts:
          record?.controls.map((c) => ({ controlId: c.controlId, status: c.status, reason: c.reason })) ?? [],
        transitions: transitions.length,
      },
      () => formatAttest(result),
    );
    return EXIT.ok;
  } finally {
    await ctx.close();
  }
}

function formatAttest(r: AttestResult): string {
  const head =
    r.status === 'duplicate'
      ? `Already recorded: ${r.kind} ${r.record?.evidenceId ?? r.eventId} (nothing added)`
      : `Recorded ${r.kind} ${r.record?.evidenceId ?? ''} on ${r.subjectKey}`;
  const lines = [head];
  for (const c of r.record?.controls ?? []) lines.push(`  ${c.controlId}: ${c.status} (${c.reason})`);
  if (r.kind === 'access-review' && r.snapshot === null)
    lines.push('  note: no access snapshot existed for this account; recorded as such');
  return lines.join('\n');
}

/**
 * Human sign-off as evidence: access reviews, log reviews, exceptions and decisions on addressable
 * specifications become 'Evidence Attestation' internal events and go through ingest(), so each is a
 * hashed, chained record like any AWS event. Their ids derive from their content (and, for reviews,
 * their day), so recording the same sign-off again is a duplicate, not a second record.
 */
import {
  type AttestationDetail,
  AttestationDetailSchema,
  type EvidenceRecord,
  INTERNAL_DETAIL_TYPES,
  internalEvent,
  type Transition,
} from '../../evidence-schemas';
import { CITATIONS, controlById } from '../domain/catalog';
import { hashCanonical } from '../domain/hashing';
import { describeIssues } from '../domain/normalize';
import {
  accessSnapshotSubject,
  decisionSubject,
  exceptionSubject,
  reviewSubject,
} from '../domain/normalize/internal/attestation';
import { subjectKey } from '../domain/observation';
import { redactionPolicy } from '../domain/redact';
import { UsageError } from '../ports/errors';
import type { EvidenceStore } from '../ports/evidence-store';
import type { EvidenceConfig } from './config';
import { committedChain } from './human-evidence';
import { ingest } from './ingest';

export type ReviewDecision = 'approved' | 'changes-required';
export type SpecDecision = 'implemented' | 'alternative' | 'not-reasonable';

export type AttestRequest =
  | {
      kind: 'access-review';
      accountId: string;
      reviewer: string;
      decision: ReviewDecision;
      note?: string;
      /** evidence id of the access snapshot reviewed; default: the account's latest */
      snapshotId?: string;
    }
  | {
      kind: 'log-review';
      accountId: string;
      reviewer: string;
      decision: ReviewDecision;
      note?: string;
      scope?: string;
    }
  | {
      kind: 'exception';
      /** default: the account of the excepted subject's evidence */
      accountId?: string;
      controlId: string;
      /** ARN or subject key of the excepted resource */
      subject: string;
      reason: string;
      expiresAt: string;
      approver: string;
    }
  | {
      kind: 'decision';
      accountId: string;
      citation: string;
      decision: SpecDecision;
      reason: string;
      decidedBy?: string;
    };

export interface AttestDeps {
  store: EvidenceStore;
  config: EvidenceConfig;
  now?: () => Date;
}

export interface AttestResult {
  status: 'stored' | 'duplicate';
  kind: AttestRequest['kind'];
  accountId: string;
  subjectKey: string;
  eventId: string;
  at: string;
  /** the record: the new one, or the earlier one this duplicates */
  record?: EvidenceRecord;
  transitions: Transition[];
  /** for access reviews: the snapshot reviewed (null when none existed) */
  snapshot?: { evidenceId: string; observedAt: string } | null;
}

/** Addressable specifications a decision can be recorded for: the catalog's and these. */
export function addressableCitations(
  extra: readonly { citation: string; requirement: string }[] = [],
): string[] {
  return [
    ...new Set([
      ...Object.entries(CITATIONS)
        .filter(([, c]) => c.requirement === 'addressable')
        .map(([id]) => id),
      ...extra.filter((s) => s.requirement === 'addressable').map((s) => s.citation),
    ]),
  ].sort();
}

/**
 * Records one attestation at `at` (ISO 8601, default now). Throws UsageError for what the caller must
 * fix: an unknown control or snapshot, an expiry not in the future, an empty field.
 */
export async function attest(
  request: AttestRequest,
  deps: AttestDeps & { at?: string; addressable?: readonly string[] },
): Promise<AttestResult> {
  const now = (deps.now ?? (() => new Date()))();
  const at = deps.at ?? now.toISOString();
  const { accountId, detail, idParts } = await buildDetail(request, at, now, deps);
  const parsed = AttestationDetailSchema.safeParse(detail);
  if (!parsed.success)
    throw new UsageError(describeIssues(`invalid ${request.kind} attestation`, parsed.error));
  const d = parsed.data;
  const subject =
    d.kind === 'access-review' || d.kind === 'log-review' || d.kind === 'review-due'
      ? reviewSubject(accountId, d.kind === 'review-due' ? d.controlId : d.kind)
      : d.kind === 'exception'
        ? exceptionSubject(accountId, d.controlId, d.subjectKey)
        : decisionSubject(accountId, d.citation);
  const eventId = `attest-${hashCanonical({ accountId, ...idParts }).slice(0, 32)}`;
  const result = await recordAttestation(deps, accountId, subjectKey(subject), eventId, at, d);
  return {
    ...result,
    kind: request.kind,
    accountId,
    at,
    ...(d.kind === 'access-review' ? { snapshot: d.snapshot } : {}),
  };
}

/** Ingests one attestation unless its event is already on the chain; shared with checkReviews. */
export async function recordAttestation(
  deps: AttestDeps,
  accountId: string,
  key: string,
  eventId: string,
  at: string,
  detail: AttestationDetail,
): Promise<Pick<AttestResult, 'status' | 'record' | 'transitions' | 'subjectKey' | 'eventId'>> {
  // the chain is checked first because a same-day re-run carries a later time: ingest only
  // looks up source-event markers for events no newer than the chain's latest
  const earlier = (await committedChain(deps.store, key)).find((r) => r.source.eventId === eventId);
  if (earlier) return { status: 'duplicate', record: earlier, transitions: [], subjectKey: key, eventId };
  const raw = internalEvent(INTERNAL_DETAIL_TYPES.attestation, {
    id: eventId,
    time: at,
    account: accountId,
    region: 'global',
    detail,
  });
  const result = await ingest([{ raw, origin: `attest:${detail.kind}` }], {
    store: deps.store,
    ...(deps.now ? { now: deps.now } : {}),
    mappings: deps.config.ruleMappings,
    redaction: redactionPolicy(deps.config.redactKeys),
    recurrenceWindowMs: deps.config.slack.recurrenceWindowDays * 86_400_000,
  });
  const q = result.quarantined[0];
  if (q) throw new UsageError(`attestation rejected: ${q.reason}`);
  const f = result.failed[0];
  if (f) throw new Error(`attestation could not be stored: ${f.error}`);
  return {
    status: result.statuses[0] === 'stored' ? 'stored' : 'duplicate',
    ...(result.records[0] ? { record: result.records[0] } : {}),
    transitions: result.transitions,
    subjectKey: key,
    eventId,
  };
}

async function buildDetail(
  request: AttestRequest,
  at: string,
  now: Date,
  deps: AttestDeps & { addressable?: readonly string[] },
): Promise<{ accountId: string; detail: Record<string, unknown>; idParts: Record<string, unknown> }> {
  const day = at.slice(0, 10);
  switch (request.kind) {
    case 'access-review': {
      const snapshot = await accessSnapshot(deps.store, request.accountId, request.snapshotId);
      const detail = {
        kind: request.kind,
        reviewer: request.reviewer,
        decision: request.decision,
        reviewedAt: at,
        ...(request.note !== undefined ? { note: request.note } : {}),
        snapshot,
      };
      const { reviewedAt: _t, ...same } = detail;
      return { accountId: request.accountId, detail, idParts: { ...same, day } };
    }
    case 'log-review': {
      const detail = {
        kind: request.kind,
        reviewer: request.reviewer,
        decision: request.decision,
        reviewedAt: at,
        ...(request.note !== undefined ? { note: request.note } : {}),
        ...(request.scope !== undefined ? { scope: request.scope } : {}),
      };
      const { reviewedAt: _t, ...same } = detail;
      return { accountId: request.accountId, detail, idParts: { ...same, day } };
    }
    case 'exception': {
      if (!controlById(request.controlId))
        throw new UsageError(`--control: unknown control "${request.controlId}"`);
      if (Date.parse(request.expiresAt) <= Math.max(now.getTime(), Date.parse(at)))
        throw new UsageError(`--expires: ${request.expiresAt} is not in the future`);
      const key = request.subject.trim();
      const head = (await deps.store.getHeads([key])).get(key);
      const accountId = head?.subject.accountId ?? request.accountId;
      if (!accountId)
        throw new UsageError(
          `--subject: no evidence of ${key} in the store; give its account with --account`,
        );
      const detail = {
        kind: request.kind,
        controlId: request.controlId,
        subjectKey: key,
        reason: request.reason,
        approver: request.approver,
        expiresAt: request.expiresAt,
      };
      return { accountId, detail, idParts: detail };
    }
    case 'decision': {
      const allowed = deps.addressable ?? addressableCitations();
      if (!allowed.includes(request.citation))
        throw new UsageError(
          `--citation: ${request.citation} is not an addressable implementation specification (one of: ${allowed.join(', ')})`,
        );
      const detail = {
        kind: request.kind,
        citation: request.citation,
        decision: request.decision,
        reason: request.reason,
        ...(request.decidedBy !== undefined ? { decidedBy: request.decidedBy } : {}),
      };
      return { accountId: request.accountId, detail, idParts: detail };
    }
  }
}

/**
 * The access snapshot an access review is against: the one named (which must exist), else the
 * account's latest, else null (recorded as "no snapshot existed").
 */
async function accessSnapshot(
  store: EvidenceStore,
  accountId: string,
  snapshotId: string | undefined,
): Promise<{ evidenceId: string; observedAt: string } | null> {
  const chain = await committedChain(store, subjectKey(accessSnapshotSubject(accountId)));
  if (snapshotId !== undefined) {
    const found = chain.find((r) => r.evidenceId === snapshotId);
    if (!found)
      throw new UsageError(
        `--snapshot: no access snapshot ${snapshotId} for account ${accountId}${
          chain.length > 0 ? ` (latest is ${chain[chain.length - 1]?.evidenceId})` : ' (the account has none)'
        }`,
      );
    return { evidenceId: found.evidenceId, observedAt: found.observedAt };
  }
  const latest = [...chain].sort((a, b) =>
    a.observedAt === b.observedAt
      ? a.integrity.sequence - b.integrity.sequence
      : a.observedAt < b.observedAt
        ? -1
        : 1,
  )[chain.length - 1];
  return latest ? { evidenceId: latest.evidenceId, observedAt: latest.observedAt } : null;
}

/** The accounts the store holds evidence of (one pass over the heads). */
export async function accountsInStore(store: EvidenceStore): Promise<string[]> {
  const accounts = new Set<string>();
  for await (const h of store.listHeads()) accounts.add(h.subject.accountId);
  return [...accounts].sort();
}

/**
 * The account an attestation is about: the one given, else the store's only account. Throws
 * UsageError naming --account when that is ambiguous.
 */
export async function resolveAccount(store: EvidenceStore, given: string | undefined): Promise<string> {
  if (given !== undefined) {
    const padded = /^\d{1,12}$/.test(given) ? given.padStart(12, '0') : given;
    if (!/^\d{12}$/.test(padded)) throw new UsageError(`--account: not a 12-digit AWS account id: ${given}`);
    return padded;
  }
  const accounts = await accountsInStore(store);
  if (accounts.length === 1 && accounts[0]) return accounts[0];
  throw new UsageError(
    accounts.length === 0
      ? '--account is required: the store holds no evidence yet'
      : `--account is required: the store holds evidence of ${accounts.length} accounts (${accounts.join(', ')})`,
  );
}

import type { Citation, CoverageCause, EvidenceRecord, NotableEntry, Subject } from '../../evidence-schemas';
import { CONTROLS, citationsOf, controlById, type RuleMappings } from '../domain/catalog';
import { checkRecord } from '../domain/chain';
import { computeCoverage, describeGap } from '../domain/coverage';
import { isCoverageType } from '../domain/coverage-facts';
import type { ExceptionView } from '../domain/exceptions';
import { mergeResolvedPosture } from '../domain/iam-identity';
import { notableOf, sortNotable } from '../domain/notable';
import { headPosture, type PostureEntry, postureFromRecords } from '../domain/posture';
import {
  applyException,
  type ControlStatus,
  controlPosture,
  type ExceptionRef,
  exceptionKey,
  type PostureCounts,
  type ViewStatus,
} from '../domain/posture-view';
import type { ReviewStatus } from '../domain/reviews';
import { type SubjectKind, subjectKind } from '../domain/subject-kind';
import type { EvidenceReader } from '../ports/evidence-reader';
import type { ChainHead, EvidenceStore } from '../ports/evidence-store';
import { append } from '../support/arrays';
import { activeExceptions } from './human-evidence';
import { resolveStoredSubjects } from './iam-aliases';

/** EXCEPTED: every NON_COMPLIANT verdict of the control is covered by an active exception. */
export type { ControlStatus };

export interface StatusReport {
  asOf: string;
  /** `ephi`: only resources in the ePHI inventory are listed */
  scope?: 'ephi';
  /** only these accounts are listed */
  accounts?: string[];
  /**
   * Coverage gaps now: controls whose evidence stopped (stale, Config recorder stopped, sweep could not
   * collect). Computed from the chain heads, so only for the current posture (empty with `at`).
   */
  gaps: StatusGap[];
  controls: StatusControl[];
  /** review cadence per account and review control, when the caller checked it */
  reviews?: ReviewStatus[];
  /**
   * Notable activity (root sign-ins, sign-ins without MFA, denied attempts, access changes) observed in
   * `notableWindow`, oldest first: findings to review, not posture. Present when the caller gave a reader.
   */
  notable?: NotableEntry[];
  /** the window `notable` covers: the {@link NOTABLE_WINDOW_DAYS} days up to `asOf` */
  notableWindow?: { from: string; to: string };
}

/** One control's posture (core/domain/posture-view.ts), as status lists it. */
export interface StatusControl {
  controlId: string;
  title: string;
  citations: Citation[];
  /** from every verdict: resources, sign-offs and collection health */
  status: ControlStatus;
  /** what its verdicts count: AWS resources only */
  counts: PostureCounts;
  /** the coverage gap open now, in words: its evidence stopped (see `gaps`) */
  gap?: string;
  /** verdicts on AWS resources and on sign-off subjects (reviews, review-due notices) */
  resources: StatusResource[];
  /** verdicts on collection health (the sweep's collectors, the coverage check): never resources */
  collection: StatusResource[];
}

/** One subject's verdict on one control; EXCEPTED is a NON_COMPLIANT verdict under an active exception. */
export interface StatusResource {
  subject: Subject;
  /** an AWS resource, a sign-off or collection health (subject-kind.ts) */
  kind: SubjectKind;
  status: ViewStatus;
  reason: string;
  observedAt: string;
  evidenceId: string;
  /** the exception, less what the resource already says (its account, control and key) */
  exception?: ExceptionRef;
}

/** One coverage gap, as status lists it. */
export interface StatusGap {
  accountId: string;
  region: string;
  controlId: string;
  cause: CoverageCause;
  since: string;
  lastEvidenceAt?: string;
  expectedHours: number;
  reason: string;
}

export interface StatusOptions {
  at?: string;
  now?: () => Date;
  /** custom rule mappings: which controls a rule facet re-observes (coverage freshness) */
  mappings?: RuleMappings;
  /** review cadence per account and review control, when the caller checked it (shown as given) */
  reviews?: ReviewStatus[];
  /** `ephi`: list only resources in the ePHI inventory */
  scope?: 'ephi';
  /** list only these accounts' resources, gaps and reviews (an AWS Organization's member accounts) */
  accounts?: string[];
  /** controls scoped to the inventory: out-of-scope resources are NOT_APPLICABLE for them */
  scopedControls?: string[];
  /** reads the records of the notable-activity window; without it the report has no `notable` */
  notableReader?: Pick<EvidenceReader, 'recordsObservedBetween'>;
}

/** How far back status lists notable activity: the 30 days up to its instant (a monthly review). */
export const NOTABLE_WINDOW_DAYS = 30;

/**
 * The notable activity of the records observed in a window (both ends included), oldest first, each
 * record verified on its own first; only these accounts' when `accounts` names some.
 */
export async function notableActivity(
  reader: Pick<EvidenceReader, 'recordsObservedBetween'>,
  window: { from: string; to: string },
  accounts: readonly string[] = [],
): Promise<NotableEntry[]> {
  const found = new Map<string, NotableEntry>();
  for await (const d of reader.recordsObservedBetween(window.from, window.to)) {
    const { record, problems } = checkRecord(d.doc);
    if (!record || problems.length > 0) continue;
    if (record.observedAt < window.from || record.observedAt > window.to) continue;
    if (accounts.length > 0 && !accounts.includes(record.subject.accountId)) continue;
    const entry = notableOf(record, d.subjectKey);
    if (entry) found.set(entry.id, entry);
  }
  return sortNotable(found.values());
}

/** The notable-activity window of a status at `asOf`. */
export function notableWindowOf(asOf: string): { from: string; to: string } {
  const from = new Date(Date.parse(asOf) - NOTABLE_WINDOW_DAYS * 86_400_000).toISOString();
  return { from, to: asOf };
}

/** Every record document in the store that verifies on its own, with its subject key. */
export async function* verifiedRecords(
  store: EvidenceStore,
): AsyncIterable<{ record: EvidenceRecord; subjectKey: string }> {
  for await (const d of store.scanRecordDocs()) {
    const { record, problems } = checkRecord(d.doc);
    if (record && problems.length === 0) yield { record, subjectKey: d.subjectKey };
  }
}

/**
 * Posture per control. Now: from the chain heads, which hold each subject's posture. At a past time: recomputed from the chain records
 * (the latest verdict whose event time is at or before `at`).
 */
export async function postureStatus(
  store: EvidenceStore,
  options: StatusOptions = {},
): Promise<StatusReport> {
  const asOf = options.at ?? (options.now ?? (() => new Date()))().toISOString();
  const heads: ChainHead[] = [];
  for await (const head of store.listHeads()) heads.push(head);
  let entries: PostureEntry[] = [];
  if (options.at) {
    const records: { record: EvidenceRecord; subjectKey: string }[] = [];
    for await (const r of verifiedRecords(store)) records.push(r);
    append(entries, postureFromRecords(records, options.at).values());
  } else {
    for (const head of heads) entries.push(...headPosture(head));
  }
  // one row per IAM identity, also for verdicts stored under its unique id before its alias was known
  entries = mergeResolvedPosture(
    entries,
    await resolveStoredSubjects((ids) => store.getIamAliases(ids), entries),
  );
  entries = scopeEntries(entries, heads, options);
  const inAccounts = (accountId: string) => !options.accounts?.length || options.accounts.includes(accountId);
  entries = entries.filter((e) => inAccounts(e.subject.accountId));
  const exceptions = await exceptionsFor(store, entries, new Date(asOf));
  const notableWindow = options.notableReader ? notableWindowOf(asOf) : undefined;
  const notable =
    options.notableReader && notableWindow
      ? await notableActivity(options.notableReader, notableWindow, options.accounts)
      : undefined;
  const byControl = new Map<string, PostureEntry[]>();
  for (const e of entries) byControl.set(e.controlId, [...(byControl.get(e.controlId) ?? []), e]);
  const ids = [
    ...CONTROLS.map((c) => c.id),
    ...[...byControl.keys()].filter((id) => !controlById(id)).sort(),
  ];
  const gaps = options.at ? [] : statusGaps(heads, asOf, options).filter((g) => inAccounts(g.accountId));
  return {
    asOf,
    ...(options.scope ? { scope: options.scope } : {}),
    ...(options.accounts?.length ? { accounts: options.accounts } : {}),
    gaps,
    ...(options.reviews ? { reviews: options.reviews.filter((r) => inAccounts(r.accountId)) } : {}),
    ...(notable && notableWindow ? { notable, notableWindow } : {}),
    controls: ids.map((id) => {
      const control = controlById(id);
      const verdicts = (byControl.get(id) ?? [])
        .sort((a, b) => a.subjectKey.localeCompare(b.subjectKey))
        .map((e) => ({
          subjectKey: e.subjectKey,
          subject: e.subject,
          kind: subjectKind(e.subject.resourceType),
          reason: e.reason,
          observedAt: e.observedAt,
          evidenceId: e.evidenceId,
          ...applyException(e.status, exceptions.get(exceptionKey(e.controlId, e.subjectKey))),
        }));
      const gap = gaps.find((g) => g.controlId === id);
      const posture = controlPosture(id, verdicts, gap?.reason);
      const resource = ({ subjectKey: _k, ...r }: (typeof verdicts)[number]): StatusResource => r;
      return {
        controlId: id,
        title: control?.title ?? `AWS Config rule ${id.slice('config-rule:'.length)} (not in the catalog)`,
        citations: control ? citationsOf(control.citations) : [],
        status: posture.status,
        counts: posture.counts,
        ...(posture.gap ? { gap: posture.gap } : {}),
        resources: verdicts.filter((v) => v.kind !== 'collection').map(resource),
        collection: verdicts.filter((v) => v.kind === 'collection').map(resource),
      };
    }),
  };
}

/** Active exceptions of the NON_COMPLIANT entries, looked up by key (no scan). */
async function exceptionsFor(
  store: EvidenceStore,
  entries: PostureEntry[],
  when: Date,
): Promise<Map<string, ExceptionView>> {
  const failing = entries.filter((e) => e.status === 'NON_COMPLIANT');
  return activeExceptions(
    store,
    failing.map((e) => ({
      accountId: e.subject.accountId,
      controlId: e.controlId,
      subjectKey: e.subjectKey,
    })),
    when,
  );
}

/** The coverage gaps of the current heads (not narrowed by scope: coverage is per account, region and control). */
function statusGaps(heads: ChainHead[], now: string, options: StatusOptions): StatusGap[] {
  return computeCoverage(heads, { now, mappings: options.mappings ?? {} }).flatMap((e) =>
    e.gap
      ? [
          {
            accountId: e.accountId,
            region: e.region,
            controlId: e.controlId,
            cause: e.gap.cause,
            since: e.gap.since,
            ...(e.lastEvidenceAt ? { lastEvidenceAt: e.lastEvidenceAt } : {}),
            expectedHours: e.expectedHours,
            reason: describeGap(e),
          },
        ]
      : [],
  );
}

/**
 * ePHI scoping of posture entries. With `scope: 'ephi'` only subjects in the inventory are kept. For
 * the controls in `scopedControls`, a subject outside the inventory is NOT_APPLICABLE (its verdict is
 * kept in the reason); coverage subjects are left as they are (they report on evidence, not on
 * resources). Scope is the current one, from the heads, also for a past `at`.
 */
function scopeEntries(entries: PostureEntry[], heads: ChainHead[], options: StatusOptions): PostureEntry[] {
  const scoped = new Set(options.scopedControls ?? []);
  if (!options.scope && scoped.size === 0) return entries;
  const inScope = new Set(heads.filter((h) => h.ephi?.inScope).map((h) => h.subjectKey));
  const out: PostureEntry[] = [];
  for (const e of entries) {
    const member = inScope.has(e.subjectKey);
    if (options.scope === 'ephi' && !member) continue;
    if (!member && scoped.has(e.controlId) && !isCoverageType(e.subject.resourceType)) {
      out.push({
        ...e,
        status: 'NOT_APPLICABLE',
        reason: `outside the ePHI inventory (control scoped to it); verdict was ${e.status}: ${e.reason}`,
      });
    } else out.push(e);
  }
  return out;
}

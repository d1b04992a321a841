/**
 * Coverage: is each control still evidenced? Continuous monitoring that silently stopped is the first
 * thing an auditor finds, so a control whose evidence went quiet is a gap, with its cause. Pure: it reads
 * chain heads (what each subject last showed and when) and a time.
 *
 * Per (account, region, control) where the control has had evidence:
 * - stale: no fresh evidence for longer than the control's `freshnessHours`;
 * - recorder-stopped: the account/region's Config recorder is stopped or deleted (the `config-recorder`
 *   control NON_COMPLIANT on an AWS::Config::ConfigurationRecorder), so every control that Config
 *   evidences (Config rules or configuration items) is blind there;
 * - collection-failed: the sweep wrote a HIPAA::Coverage::Collector subject NON_COMPLIANT for the
 *   control (it could not call the AWS API that serves it). This one counts even where the control never
 *   had evidence: the failure itself is the evidence of the gap.
 * A control never evidenced in an account and region has no entry there (NO_EVIDENCE, not a gap).
 * A gap once recorded (the coverage subject NON_COMPLIANT since G, the check that found it) is closed
 * only by evidence observed after G: an older event that arrives late is no evidence that the gap
 * ended, so it cannot close it (it stays a stale gap since G).
 * Coverage subjects themselves are never evidence of the control they report on.
 */
import type { CoverageCause, Subject } from '../../evidence-schemas';
import { CONTROLS, type Control, controlById, controlsForRule, type RuleMappings } from './catalog';
import {
  COVERAGE_COLLECTOR_TYPE,
  COVERAGE_CONTROL_TYPE,
  type CoverageFacts,
  coverageReason,
  isCoverageType,
} from './coverage-facts';
import type { PostureState } from './posture';

/** The parts of a chain head coverage reads (a ChainHead satisfies it). */
export interface CoverageHeadView {
  subject: Subject;
  facets: Record<string, { stateHash: string; observedAt: string }>;
  posture: Record<string, PostureState>;
}

export interface CoverageGap {
  cause: CoverageCause;
  /** when the gap began */
  since: string;
  collector?: string;
  recorder?: string;
}

/** The coverage of one control in one account and region. */
export interface CoverageEntry {
  accountId: string;
  region: string;
  controlId: string;
  expectedHours: number;
  /** the latest fresh evidence of the control there (absent when it only has a collection gap) */
  lastEvidenceAt?: string;
  state: 'fresh' | 'gap' | 'not-expected';
  gap?: CoverageGap;
  /** the status the coverage subject holds now (what the last check recorded), if any */
  recorded?: PostureState['status'];
}

const RECORDER_TYPE = 'AWS::Config::ConfigurationRecorder';

/** Controls that AWS Config evidences: a stopped recorder blinds them. */
export function isConfigDependent(c: Control): boolean {
  return c.configRules.length > 0 || c.resourceTypes.length > 0;
}

function keyOf(accountId: string, region: string, controlId: string): string {
  return `${accountId}\u0000${region}\u0000${controlId}`;
}

const max = (a: string | undefined, b: string): string => (a === undefined || b > a ? b : a);

/**
 * When this head last showed evidence of `controlId`: its verdict's time, or a later re-observation of
 * unchanged state (which moves only the facet's time). A rule facet counts for the controls its rule
 * maps to, the configuration facet for the controls that evaluate the subject's type; a facet of a
 * kind this module does not know (another producer's) counts for every control the subject is judged on.
 */
function lastSeen(head: CoverageHeadView, control: Control, mappings: RuleMappings): string | undefined {
  const state = head.posture[control.id];
  if (!state || state.status === 'NOT_APPLICABLE') return undefined;
  let at = state.observedAt;
  for (const [facet, f] of Object.entries(head.facets)) {
    if (facet.startsWith('event:')) continue;
    const relevant = facet.startsWith('rule:')
      ? controlsForRule(facet.slice('rule:'.length), mappings).includes(control.id)
      : facet === 'configuration'
        ? control.resourceTypes.includes(head.subject.resourceType)
        : true;
    if (relevant) at = max(at, f.observedAt);
  }
  return at;
}

/** Whether evidence observed at `at` is later than `gapSince` (as instants: the texts may differ in form). */
function observedAfter(at: string, gapSince: string): boolean {
  return Date.parse(at) > Date.parse(gapSince);
}

/** Coverage of every (account, region, control) the heads bear on, as of `now`. */
export function computeCoverage(
  heads: Iterable<CoverageHeadView>,
  options: { now: string; mappings?: RuleMappings },
): CoverageEntry[] {
  const mappings = options.mappings ?? {};
  const nowMs = Date.parse(options.now);
  const evidenced = new Map<string, { accountId: string; region: string; control: Control; last?: string }>();
  const collectorGaps = new Map<string, CoverageGap>();
  const stoppedRecorders = new Map<string, { since: string; recorder: string }>();
  const recorded = new Map<
    string,
    { accountId: string; region: string; controlId: string; status: PostureState['status']; since: string }
  >();
  for (const head of heads) {
    const { accountId, region, resourceType, resourceId } = head.subject;
    if (resourceType === COVERAGE_CONTROL_TYPE) {
      const state = head.posture[resourceId];
      if (state)
        recorded.set(keyOf(accountId, region, resourceId), {
          accountId,
          region,
          controlId: resourceId,
          status: state.status,
          since: state.since ?? state.observedAt,
        });
      continue;
    }
    if (resourceType === COVERAGE_COLLECTOR_TYPE) {
      for (const [controlId, state] of Object.entries(head.posture)) {
        if (state.status !== 'NON_COMPLIANT' || !controlById(controlId)) continue;
        const key = keyOf(accountId, region, controlId);
        const gap: CoverageGap = {
          cause: 'collection-failed',
          since: state.since ?? state.observedAt,
          collector: resourceId,
        };
        const cur = collectorGaps.get(key);
        // several failed APIs may serve one control: report the earliest, then by name, so it is stable
        if (!cur || gap.since < cur.since || (gap.since === cur.since && resourceId < (cur.collector ?? '')))
          collectorGaps.set(key, gap);
      }
      continue;
    }
    if (isCoverageType(resourceType)) continue;
    const recorder = head.posture['config-recorder'];
    if (resourceType === RECORDER_TYPE && recorder?.status === 'NON_COMPLIANT')
      stoppedRecorders.set(`${accountId}\u0000${region}`, {
        since: recorder.since ?? recorder.observedAt,
        recorder: resourceId,
      });
    for (const controlId of Object.keys(head.posture)) {
      const control = controlById(controlId);
      // a control with no expected interval (a human sign-off) is watched by its own cadence instead
      if (control?.freshnessHours === undefined) continue;
      const key = keyOf(accountId, region, controlId);
      const entry = evidenced.get(key) ?? { accountId, region, control };
      const seen = lastSeen(head, control, mappings);
      if (seen !== undefined) entry.last = max(entry.last, seen);
      evidenced.set(key, entry);
    }
  }

  const out = new Map<string, CoverageEntry>();
  for (const [key, e] of evidenced) {
    const expectedHours = e.control.freshnessHours ?? 0;
    const base = { accountId: e.accountId, region: e.region, controlId: e.control.id, expectedHours };
    const stopped = stoppedRecorders.get(`${e.accountId}\u0000${e.region}`);
    let gap: CoverageGap | undefined = collectorGaps.get(key);
    if (!gap && stopped && isConfigDependent(e.control))
      gap = { cause: 'recorder-stopped', since: stopped.since, recorder: stopped.recorder };
    if (!gap && e.last !== undefined && nowMs - Date.parse(e.last) > expectedHours * 3_600_000)
      gap = { cause: 'stale', since: new Date(Date.parse(e.last) + expectedHours * 3_600_000).toISOString() };
    const open = recorded.get(key);
    if (
      !gap &&
      e.last !== undefined &&
      open?.status === 'NON_COMPLIANT' &&
      !observedAfter(e.last, open.since)
    )
      gap = { cause: 'stale', since: open.since };
    out.set(key, {
      ...base,
      ...(e.last !== undefined ? { lastEvidenceAt: e.last } : {}),
      state: gap ? 'gap' : e.last === undefined ? 'not-expected' : 'fresh',
      ...(gap ? { gap } : {}),
    });
  }
  for (const [key, gap] of collectorGaps) {
    if (out.has(key)) continue;
    const [accountId = '', region = '', controlId = ''] = key.split('\u0000');
    const expectedHours = controlById(controlId)?.freshnessHours ?? 0;
    out.set(key, { accountId, region, controlId, expectedHours, state: 'gap', gap });
  }
  for (const [key, r] of recorded) {
    const entry = out.get(key);
    if (entry) entry.recorded = r.status;
    else
      out.set(key, {
        accountId: r.accountId,
        region: r.region,
        controlId: r.controlId,
        expectedHours: controlById(r.controlId)?.freshnessHours ?? 0,
        state: 'not-expected',
        recorded: r.status,
      });
  }
  const order = new Map(CONTROLS.map((c, i) => [c.id, i]));
  return [...out.values()].sort(
    (a, b) =>
      a.accountId.localeCompare(b.accountId) ||
      a.region.localeCompare(b.region) ||
      (order.get(a.controlId) ?? 0) - (order.get(b.controlId) ?? 0),
  );
}

/** The facts a coverage check records for an entry: only what stays equal while the state persists. */
export function coverageFactsOf(e: CoverageEntry): CoverageFacts {
  const facts: CoverageFacts = {
    type: 'coverage',
    controlId: e.controlId,
    state: e.state,
    expectedHours: e.expectedHours,
  };
  if (e.gap) {
    facts.cause = e.gap.cause;
    facts.since = e.gap.since;
    if (e.gap.cause === 'stale' && e.lastEvidenceAt) facts.lastEvidenceAt = e.lastEvidenceAt;
    if (e.gap.collector) facts.collector = e.gap.collector;
    if (e.gap.recorder) facts.recorder = e.gap.recorder;
  }
  return facts;
}

/**
 * The entries a check must record: every gap (a re-check of the same gap is then "unchanged" in the
 * store), and a return to fresh or not-expected only where the last check recorded a gap. A control
 * that was never in a gap writes nothing, so the check does not flood the store.
 */
export function entriesToRecord(entries: CoverageEntry[]): CoverageEntry[] {
  return entries.filter((e) => e.state === 'gap' || e.recorded === 'NON_COMPLIANT');
}

/** One line describing an entry's gap, for people. */
export function describeGap(e: CoverageEntry): string {
  return coverageReason(coverageFactsOf(e));
}

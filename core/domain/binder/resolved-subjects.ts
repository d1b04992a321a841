/**
 * Folds the chains of IAM identities stored under their unique id alone (a Config verdict that came
 * before any source named the identity by its ARN) into the identity's canonical subject, so that the
 * binder lists each user or role once, with one verdict per control, and names it by its name with the
 * unique id as alias (core/domain/iam-identity.ts). Pure. The chains themselves are not touched: each is
 * read and verified under the key it is stored by; only the model's view of them is merged.
 */
import type { Subject } from '../../../evidence-schemas';
import type { AliasResolution } from '../iam-identity';
import { orderKey } from '../posture';
import type { SettledPeriod, SubjectTally } from './build-model';
import type { DriftEntry, HeadSnapshot, VerdictRef } from './model';
import type { PairView } from './period-posture';

type Pair = Omit<PairView, 'baseline'>;

const later = <T extends { observedAt: string; evidenceId: string }>(a?: T, b?: T): T | undefined =>
  !a ? b : !b ? a : orderKey(a.observedAt, a.evidenceId) < orderKey(b.observedAt, b.evidenceId) ? b : a;

/** One control's tally over two chains of one identity: the later verdict holds, changes interleave. */
function mergePair(a: Pair, b: Pair): Pair {
  const changes = [...a.changes, ...b.changes]
    .sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0))
    .filter((c, i, all) => i === 0 || all[i - 1]!.status !== c.status);
  const latest = later(a.latest, b.latest);
  return {
    controlId: a.controlId,
    ...(latest ? { latest } : {}),
    changes,
    verdicts: a.verdicts + b.verdicts,
    activity: a.activity + b.activity,
  };
}

function mergeTally(a: SubjectTally | undefined, b: SubjectTally, subject: Subject): SubjectTally {
  if (!a) return { ...b, subject };
  const pairs = new Map<string, Pair>(a.pairs);
  for (const [controlId, p] of b.pairs) {
    const held = pairs.get(controlId);
    pairs.set(controlId, held ? mergePair(held, p) : p);
  }
  const first = [a.firstObservedAt, b.firstObservedAt].filter((x): x is string => !!x).sort()[0];
  const last = [a.lastObservedAt, b.lastObservedAt]
    .filter((x): x is string => !!x)
    .sort()
    .at(-1);
  return {
    subject,
    records: a.records + b.records,
    ...(first ? { firstObservedAt: first } : {}),
    ...(last ? { lastObservedAt: last } : {}),
    pairs,
  };
}

function mergeBaseline(
  a: ReadonlyMap<string, VerdictRef> | undefined,
  b: ReadonlyMap<string, VerdictRef>,
): Map<string, VerdictRef> {
  const out = new Map(a ?? []);
  for (const [controlId, v] of b) out.set(controlId, later(out.get(controlId), v)!);
  return out;
}

/**
 * The settled period with every resolved subject under its canonical key: heads, tallies and baselines
 * merged (one row per identity and control, the later verdict holding), drifts renamed.
 */
export function foldResolvedSubjects(
  p: SettledPeriod,
  resolutions: ReadonlyMap<string, AliasResolution>,
): SettledPeriod {
  if (resolutions.size === 0) return p;
  const canonical = new Map<string, Subject>();
  for (const r of resolutions.values()) canonical.set(r.subjectKey, r.subject);
  const keyOf = (key: string) => resolutions.get(key)?.subjectKey ?? key;
  const subjectOf = (key: string, fallback: Subject) => canonical.get(key) ?? fallback;

  const heads = new Map<string, HeadSnapshot>();
  // canonical chains first, so a merged identity keeps its own head
  const ordered = [...p.heads].sort(([a], [b]) => Number(resolutions.has(a)) - Number(resolutions.has(b)));
  for (const [key, head] of ordered) {
    const to = keyOf(key);
    if (heads.has(to)) continue;
    heads.set(to, { ...head, subjectKey: to, subject: subjectOf(to, head.subject) });
  }
  const subjects = new Map<string, SubjectTally>();
  for (const [key, tally] of p.subjects) {
    const to = keyOf(key);
    subjects.set(to, mergeTally(subjects.get(to), tally, subjectOf(to, tally.subject)));
  }
  const baselines = new Map<string, ReadonlyMap<string, VerdictRef>>();
  for (const [key, baseline] of p.baselines) {
    const to = keyOf(key);
    baselines.set(to, mergeBaseline(baselines.get(to), baseline));
  }
  const drifts = collapseOverlaps(
    p.drifts.map((d): DriftEntry => {
      const to = keyOf(d.subjectKey);
      if (!canonical.has(to)) return d;
      const subject = subjectOf(to, d.subject);
      return {
        ...d,
        subjectKey: to,
        subject,
        ...(d.resolution ? { resolution: { ...d.resolution, subjectKey: to, subject } } : {}),
      };
    }),
    new Set(canonical.keys()),
  );
  return { ...p, heads, subjects, baselines, drifts };
}

/**
 * Two chains of one identity each open a drift for the same non-compliance (Config's verdict on the
 * unique id, then the sweep's on the name): a drift that opens while the identity's earlier one on the
 * same control is still open is the same drift. It is dropped; its resolution, if the earlier had none,
 * becomes the earlier's.
 */
function collapseOverlaps(drifts: DriftEntry[], merged: ReadonlySet<string>): DriftEntry[] {
  const open = new Map<string, DriftEntry>();
  const out: DriftEntry[] = [];
  const sorted = [...drifts].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const d of sorted) {
    if (!merged.has(d.subjectKey)) {
      out.push(d);
      continue;
    }
    const at = `${d.controlId}\u0000${d.subjectKey}`;
    const held = open.get(at);
    if (held && (!held.resolution || held.resolution.at > d.at)) {
      if (!held.resolution && d.resolution) held.resolution = d.resolution;
      continue;
    }
    const copy = { ...d };
    open.set(at, copy);
    out.push(copy);
  }
  return out;
}

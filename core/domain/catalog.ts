/**
 * The control catalog: the HIPAA citations, the controls (one file each, collected by
 * core/domain/controls/index.ts), the mapping of Config rules to controls, and `assess`, which judges
 * one observation against every control. No control's own knowledge lives here.
 */
import type { Citation, ControlAssessment } from '../../evidence-schemas';
import { CONTROLS } from './controls';
import type { Control } from './controls/control';
import { type CoverageFacts, coverageReason } from './coverage-facts';
import { NOTABLE_EVENT_NAMES } from './notable';
import type { Facts, Observation } from './observation';
import { decisionStatus, decisionWords } from './spec-decision';
import type { CollectionFacts } from './sweep-facts';
import type { Verdict } from './verdict';

/** A HIPAA Security Rule citation this catalog uses, with its title as in 45 CFR Part 164. */
export const CITATIONS: Record<string, { title: string; requirement: Citation['requirement'] }> = {
  '164.308(a)(1)(ii)(D)': { title: 'Information system activity review', requirement: 'required' },
  '164.308(a)(3)(i)': { title: 'Workforce security', requirement: 'required' },
  '164.308(a)(3)(ii)(B)': { title: 'Workforce clearance procedure', requirement: 'addressable' },
  '164.308(a)(4)(i)': { title: 'Information access management', requirement: 'required' },
  '164.308(a)(4)(ii)(B)': { title: 'Access authorization', requirement: 'addressable' },
  '164.308(a)(4)(ii)(C)': { title: 'Access establishment and modification', requirement: 'addressable' },
  '164.308(a)(5)(ii)(B)': { title: 'Protection from malicious software', requirement: 'addressable' },
  '164.308(a)(5)(ii)(C)': { title: 'Log-in monitoring', requirement: 'addressable' },
  '164.308(a)(5)(ii)(D)': { title: 'Password management', requirement: 'addressable' },
  '164.308(a)(6)(i)': { title: 'Security incident procedures', requirement: 'required' },
  '164.308(a)(6)(ii)': { title: 'Response and reporting', requirement: 'required' },
  '164.308(a)(7)(i)': { title: 'Contingency plan', requirement: 'required' },
  '164.308(a)(7)(ii)(A)': { title: 'Data backup plan', requirement: 'required' },
  '164.308(a)(7)(ii)(B)': { title: 'Disaster recovery plan', requirement: 'required' },
  '164.308(a)(7)(ii)(C)': { title: 'Emergency mode operation plan', requirement: 'required' },
  '164.308(a)(8)': { title: 'Evaluation', requirement: 'required' },
  '164.310(d)(2)(iv)': { title: 'Data backup and storage', requirement: 'addressable' },
  '164.312(a)(1)': { title: 'Access control', requirement: 'required' },
  '164.312(a)(2)(i)': { title: 'Unique user identification', requirement: 'required' },
  '164.312(a)(2)(iv)': { title: 'Encryption and decryption', requirement: 'addressable' },
  '164.312(b)': { title: 'Audit controls', requirement: 'required' },
  '164.312(c)(1)': { title: 'Integrity', requirement: 'required' },
  '164.312(c)(2)': {
    title: 'Mechanism to authenticate electronic protected health information',
    requirement: 'addressable',
  },
  '164.312(d)': { title: 'Person or entity authentication', requirement: 'required' },
  '164.312(e)(1)': { title: 'Transmission security', requirement: 'required' },
  '164.312(e)(2)(i)': { title: 'Integrity controls (transmission)', requirement: 'addressable' },
  '164.312(e)(2)(ii)': { title: 'Encryption (transmission)', requirement: 'addressable' },
  '164.316(b)(2)(i)': { title: 'Documentation time limit (retain six years)', requirement: 'required' },
};

export {
  CONTROL_FAMILIES,
  type Control,
  type ControlFamily,
  DAILY_FRESHNESS_HOURS,
  type Evaluator,
} from './controls/control';
export { CONTROLS };

const BY_ID = new Map(CONTROLS.map((c) => [c.id, c]));

export function controlById(id: string): Control | undefined {
  return BY_ID.get(id);
}

/**
 * Every CloudTrail event name the catalog evaluates or the activity review reads (notable.ts): what the
 * EventBridge rule forwards and the normalizer keeps.
 */
export function cloudTrailEventNames(): string[] {
  return [...new Set([...CONTROLS.flatMap((c) => c.cloudTrailEvents), ...NOTABLE_EVENT_NAMES])].sort();
}

/** Resource types whose configuration items are evidence. */
export function evaluatedResourceTypes(): Set<string> {
  return new Set(CONTROLS.flatMap((c) => c.resourceTypes));
}

/** Resource types whose configuration items carry the day they were captured (Control.measuresTime). */
export function timedResourceTypes(): Set<string> {
  return new Set(CONTROLS.filter((c) => c.measuresTime).flatMap((c) => c.resourceTypes));
}

export function citationsOf(ids: string[]): Citation[] {
  return ids.map((citation) => ({ citation, requirement: CITATIONS[citation]?.requirement ?? 'required' }));
}

/**
 * The managed-rule name behind a deployed rule name. Conformance packs deploy `<name>-conformance-pack-<id>`,
 * Security Hub deploys `securityhub-<name>-<suffix>`, and source identifiers are UPPER_SNAKE.
 */
export function managedRuleName(ruleName: string): string {
  let name = ruleName.trim();
  name = name.replace(/-conformance-pack-[a-z0-9]+$/i, '');
  const hub = /^securityhub-(.+)-[a-z0-9]{6,8}$/i.exec(name);
  if (hub?.[1]) name = hub[1];
  if (/^[A-Z0-9_]+$/.test(name)) name = name.toLowerCase().replace(/_/g, '-');
  return name.toLowerCase();
}

/** User mapping for custom rules: deployed or managed rule name -> control id. */
export type RuleMappings = Record<string, string>;

const RULE_TO_CONTROLS = new Map<string, string[]>();
for (const c of CONTROLS) {
  for (const r of c.configRules) RULE_TO_CONTROLS.set(r, [...(RULE_TO_CONTROLS.get(r) ?? []), c.id]);
}

/** Controls a Config rule's verdict belongs to; empty when the rule is not mapped. */
export function controlsForRule(ruleName: string, mappings: RuleMappings = {}): string[] {
  const custom = mappings[ruleName] ?? mappings[managedRuleName(ruleName)];
  if (custom) return [custom];
  return RULE_TO_CONTROLS.get(managedRuleName(ruleName)) ?? [];
}

function assessment(controlId: string, citations: string[], v: Verdict): ControlAssessment {
  return {
    controlId,
    citations: citationsOf(citations),
    status: v.status,
    reason: v.reason,
    affectsPosture: v.affectsPosture ?? true,
  };
}

/**
 * A sweep collector's health: an API that failed leaves the controls it serves unevidenced, so each is
 * NON_COMPLIANT on the collector's subject until the API works again (COMPLIANT resolves it).
 */
function assessCollection(f: CollectionFacts): ControlAssessment[] {
  const failedOn = f.failedResources?.length ? ` on ${f.failedResources.join(', ')}` : '';
  const verdict: Verdict =
    f.status === 'gap'
      ? {
          status: 'NON_COMPLIANT',
          reason: `collection gap: ${f.api} failed (${f.errorCode ?? 'error'})${failedOn}; this control is not evidenced by the sweep`,
        }
      : { status: 'COMPLIANT', reason: `collector ${f.api} read its evidence` };
  return f.controls.map((id) => assessment(id, controlById(id)?.citations ?? [], verdict));
}

/**
 * Judges one observation against the whole catalog. A failed call (errorCode) is evidence of an
 * attempt only: its assessments never move posture.
 */
export function assess(obs: Observation, mappings: RuleMappings = {}): ControlAssessment[] {
  const f = obs.facts;
  if (f.type === 'config-rule-evaluation') {
    const ids = controlsForRule(f.ruleName, mappings);
    const insufficient = f.complianceType === 'INSUFFICIENT_DATA';
    const verdict: Verdict = {
      status: f.complianceType === 'INSUFFICIENT_DATA' ? 'NOT_APPLICABLE' : f.complianceType,
      reason: `AWS Config rule ${f.ruleName}: ${f.complianceType}${f.annotation ? ` (${f.annotation})` : ''}`,
      ...(insufficient ? { affectsPosture: false } : {}),
    };
    if (ids.length === 0) return [assessment(`config-rule:${f.managedRuleName}`, [], verdict)];
    return ids.map((id) => assessment(id, controlById(id)?.citations ?? [], verdict));
  }
  if (f.type === 'coverage') return [coverageAssessment(f)];
  if (f.type === 'collection') return assessCollection(f);
  if (f.type === 'configuration' && f.deleted) {
    return (BY_RESOURCE_TYPE.get(f.resourceType) ?? []).map((c) =>
      assessment(c.id, c.citations, {
        status: 'NOT_APPLICABLE',
        reason: `resource ${f.status}: no longer in scope`,
      }),
    );
  }
  const recordOnly = recordOnlyAssessment(f);
  if (recordOnly) return [recordOnly];
  return evaluateControls(f, candidateControls(f));
}

/**
 * Evaluates `controls` on the facts: a verdict per control that judges them. A failed call is
 * evidence of an attempt only, so its assessments never move posture.
 */
export function evaluateControls(f: Facts, controls: readonly Control[]): ControlAssessment[] {
  const failed = (f.type === 'api-call' || f.type === 'console-sign-in') && f.errorCode !== undefined;
  const out: ControlAssessment[] = [];
  for (const c of controls) {
    const v = c.evaluate(f);
    if (!v) continue;
    const a = assessment(c.id, c.citations, v);
    if (failed) {
      a.affectsPosture = false;
      a.reason = `attempt failed (${f.errorCode}): ${a.reason}`;
    }
    out.push(a);
  }
  return out;
}

const BY_RESOURCE_TYPE = indexBy((c) => c.resourceTypes);
const BY_EVENT_NAME = indexBy((c) => c.cloudTrailEvents);

function indexBy(keys: (c: Control) => readonly string[]): Map<string, Control[]> {
  const index = new Map<string, Control[]>();
  for (const c of CONTROLS) for (const k of keys(c)) index.set(k, [...(index.get(k) ?? []), c]);
  return index;
}

/**
 * The controls that can judge the facts: a configuration item only those declaring its resource type,
 * a CloudTrail call or sign-in only those declaring its event name (the same declarations decide what
 * the EventBridge rule forwards and what the sweep reads), anything else every control. Evaluating a
 * few controls instead of the whole catalog keeps the cost per event flat as the catalog grows;
 * test/core/domain/catalog-index.test.ts proves it gives the same assessments.
 */
export function candidateControls(f: Facts): readonly Control[] {
  if (f.type === 'configuration') return BY_RESOURCE_TYPE.get(f.resourceType) ?? [];
  if (f.type === 'api-call' || f.type === 'console-sign-in') return BY_EVENT_NAME.get(f.eventName) ?? [];
  return CONTROLS;
}

/** A coverage check judges the one control it reports on: a gap is NON_COMPLIANT for that control. */
function coverageAssessment(f: CoverageFacts): ControlAssessment {
  const status = f.state === 'gap' ? 'NON_COMPLIANT' : f.state === 'fresh' ? 'COMPLIANT' : 'NOT_APPLICABLE';
  return assessment(f.controlId, controlById(f.controlId)?.citations ?? [], {
    status,
    reason: coverageReason(f),
  });
}

/**
 * The record-only assessment of an exception, a decision or an upload: it names what it concerns
 * (control and citations) and never moves posture; an exception changes how a verdict is shown
 * (EXCEPTED until expiry), not the verdict itself. Undefined for other facts.
 */
function recordOnlyAssessment(facts: Facts): ControlAssessment | undefined {
  const record = (controlId: string, citations: string[], reason: string): ControlAssessment => ({
    controlId,
    citations: citationsOf(citations),
    status: 'NOT_APPLICABLE',
    reason,
    affectsPosture: false,
  });
  if (facts.type === 'attestation' && facts.kind === 'exception') {
    return record(
      facts.controlId,
      controlById(facts.controlId)?.citations ?? [],
      `exception approved by ${facts.approver} until ${facts.expiresAt}: ${facts.reason}`,
    );
  }
  if (facts.type === 'attestation' && facts.kind === 'decision') {
    // the decision's own status (implemented is met, not "not applicable"); still record-only
    return {
      ...record(
        `decision:${facts.citation}`,
        [],
        `addressable specification ${facts.citation}: ${facts.decision} (${decisionWords(facts.decision)}): ${facts.reason}`,
      ),
      status: decisionStatus(facts.decision),
      citations: [{ citation: facts.citation, requirement: 'addressable' }],
    };
  }
  if (facts.type === 'manual-upload') {
    const c = controlById(facts.target);
    return record(
      c ? facts.target : `manual:${facts.target}`,
      c ? c.citations : [facts.target],
      `document ${facts.fileName} (${facts.bytes} bytes, sha256 ${facts.sha256})${facts.title ? `: ${facts.title}` : ''}`,
    );
  }
  return undefined;
}

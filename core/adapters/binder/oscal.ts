/**
 * The binder's findings and observations as NIST OSCAL 1.0.6 assessment results. Pure.
 *
 * One result covers the period. Resources in scope are inventory items; each resource's verdict on a
 * control at the end of the period is an observation (method TEST) pointing at its evidence file;
 * each drift is an observation of type finding; each HIPAA citation is a finding whose target status
 * is satisfied only when every evidenced resource ended the period compliant; each control with
 * evidence is a finding too, with the status, resource counts and exceptions that status and the
 * binder's pages give (core/domain/posture-view.ts). Only AWS resources are inventory items. UUIDs are name-based
 * (version 5 layout over SHA-256), so the same binder gives the same identifiers.
 */
import { createHash } from 'node:crypto';
import type { NotableEntry } from '../../../evidence-schemas';
import type { CoverageGapEntry } from '../../domain/binder/coverage-sections';
import { evidencePath } from '../../domain/binder/layout';
import { type BinderModel, evidenceCountText, type ResourceVerdict } from '../../domain/binder/model';
import { controlById } from '../../domain/catalog';
import { outcomeText } from '../../domain/notable';
import { type ControlPosture, transitionProducer } from '../../domain/posture-view';

/** The OSCAL model version the document conforms to. */
export const OSCAL_VERSION = '1.0.6';
/** Namespace of this project's own OSCAL property names. */
export const OSCAL_NS = 'urn:hipaa-evidence-pipeline:oscal';

/** A deterministic UUID (RFC 4122 version 5 layout) for a name. */
export function uuidFor(name: string): string {
  const b = createHash('sha256').update(`hipaa-evidence-pipeline\u0000${name}`).digest();
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A HIPAA citation as an OSCAL token: `164.312(a)(2)(iv)` -> `hipaa-164.312_a_2_iv`. */
export function controlToken(citation: string): string {
  return `hipaa-${citation.replace(/\(([^)]*)\)/g, '_$1').replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

const prop = (name: string, value: string) => ({ name, ns: OSCAL_NS, value: value.trim() || '-' });

const inPeriod = (m: BinderModel, at: string | undefined) =>
  at !== undefined && at >= m.period.from && at <= m.period.to;

/**
 * The OSCAL assessment-results document for a binder model, as JSON text in pieces: observations and
 * inventory items are produced one at a time, so a binder of many resources never holds the document.
 * The pieces joined are one JSON document.
 */
export function* oscalJson(m: BinderModel, files: { pdfPath: string }): Generator<string> {
  const root = `${m.period.from}/${m.period.to}/${m.generatedAt}`;
  const itemUuid = (subjectKey: string) => uuidFor(`${root}/subject/${subjectKey}`);
  const items = new Set(m.inventory.map((r) => r.subjectKey));
  /** an observation's subjects: the inventory item, when the subject is an AWS resource */
  const subjectsOf = (subjectKey: string) =>
    items.has(subjectKey)
      ? { subjects: [{ 'subject-uuid': itemUuid(subjectKey), type: 'inventory-item' }] }
      : {};
  const verdictUuid = (r: ResourceVerdict) => uuidFor(`${root}/verdict/${r.subjectKey}\u0000${r.controlId}`);
  const driftUuid = (d: BinderModel['citations'][number]['drifts'][number]) =>
    uuidFor(`${root}/drift/${d.subjectKey}/${d.controlId}/${d.evidenceId}`);
  const json = (v: unknown) => JSON.stringify(v);
  /** `"name":[` items `]`, or nothing when there are none (OSCAL arrays hold at least one item) */
  function* list(name: string, items: Iterable<unknown>, after = ','): Generator<string> {
    let first = true;
    for (const item of items) {
      yield `${first ? `${json(name)}:[\n` : ',\n'}${json(item)}`;
      first = false;
    }
    if (!first) yield `\n]${after}`;
  }

  const metadata = {
    title: `${m.organisation ?? m.title}: HIPAA Security Rule assessment results ${m.period.from.slice(0, 10)} to ${m.period.to.slice(0, 10)}`,
    'last-modified': m.generatedAt,
    version: m.generator.version,
    'oscal-version': OSCAL_VERSION,
    ...(m.organisation
      ? { parties: [{ uuid: uuidFor(`${root}/party`), type: 'organization', name: m.organisation }] }
      : {}),
  };
  yield `{"assessment-results":{"uuid":${json(uuidFor(`${root}/assessment-results`))},\n"metadata":${json(metadata)},\n`;
  yield `"import-ap":${json({
    href: 'urn:hipaa-evidence-pipeline:continuous-monitoring',
    remarks:
      'No separate assessment plan: evidence is collected continuously from AWS Config and CloudTrail.',
  })},\n"results":[{`;
  const head = {
    uuid: uuidFor(`${root}/result`),
    title: `HIPAA Security Rule continuous evidence, ${m.period.from.slice(0, 10)} to ${m.period.to.slice(0, 10)}`,
    description: `Automated assessment of the HIPAA Security Rule technical safeguards that AWS Config and CloudTrail evidence, from hash-chained evidence: ${evidenceCountText(m.counts)}. The human-readable binder is ${files.pdfPath}.`,
    start: m.period.from,
    end: m.period.to,
    props: [
      prop('records', String(m.counts.records)),
      prop('drifts', String(m.counts.drifts)),
      prop('remediated', String(m.counts.resolved)),
      ...(m.meanTimeToRemediateMs !== undefined
        ? [prop('mean-time-to-remediate-seconds', String(Math.round(m.meanTimeToRemediateMs / 1000)))]
        : []),
    ],
  };
  yield `${json(head).slice(1, -1)},\n`;

  if (m.inventory.length > 0) {
    yield '"local-definitions":{';
    yield* list(
      'inventory-items',
      (function* () {
        for (const r of m.inventory)
          yield {
            uuid: itemUuid(r.subjectKey),
            description: `${r.subject.resourceType} ${r.subject.arn ?? r.subject.resourceId}`,
            props: [
              prop('aws-account-id', r.subject.accountId),
              prop('aws-region', r.subject.region),
              prop('aws-resource-type', r.subject.resourceType),
              prop('aws-resource-id', r.subject.resourceId),
              ...(r.subject.arn ? [prop('aws-arn', r.subject.arn)] : []),
              prop('status-at-period-end', r.status),
            ],
          };
      })(),
      '},\n',
    );
  }
  yield `"reviewed-controls":${json({
    description: 'The HIPAA Security Rule citations the control catalog evidences automatically.',
    'control-selections': [
      { 'include-controls': m.citations.map((c) => ({ 'control-id': controlToken(c.citation) })) },
    ],
  })},\n`;

  const seen = new Set<string>();
  yield* list(
    'observations',
    (function* () {
      for (const c of m.citations) {
        for (const r of [...c.resources, ...c.collection, ...c.signOffVerdicts]) {
          const uuid = verdictUuid(r);
          if (seen.has(uuid)) continue;
          seen.add(uuid);
          const evidence: Record<string, unknown> = {
            description: `evidence ${r.evidenceId}${r.recordHash ? `, record hash ${r.recordHash}` : ''}${r.inPeriod ? '' : ' (recorded before the period)'}`,
          };
          if (r.sequence !== undefined && inPeriod(m, r.observedAt))
            evidence.href = evidencePath(r.subjectKey, r.sequence, r.evidenceId);
          yield {
            uuid,
            title: `${r.controlId} on ${r.subject.arn ?? r.subject.resourceId}`,
            description: `${r.status}: ${r.reason}${r.exception ? ` (accepted by ${r.exception.approver} until ${r.exception.expiresAt}: ${r.exception.reason})` : ''}`,
            props: [
              prop('control-id', r.controlId),
              prop('verdict', r.status),
              prop('subject-kind', r.kind),
              ...(r.exception
                ? [
                    prop('exception-approver', r.exception.approver),
                    prop('exception-expires-at', r.exception.expiresAt),
                  ]
                : []),
            ],
            methods: ['TEST'],
            types: ['control-objective'],
            ...subjectsOf(r.subjectKey),
            'relevant-evidence': [evidence],
            collected: r.observedAt,
          };
        }
        for (const d of c.drifts) {
          const uuid = driftUuid(d);
          if (seen.has(uuid)) continue;
          seen.add(uuid);
          const actor = transitionProducer(d);
          const fix = d.resolution;
          const fixedBy = fix ? transitionProducer(fix) : undefined;
          const evidence: Record<string, unknown> = {
            description: `evidence ${d.evidenceId}${d.recordHash ? `, record hash ${d.recordHash}` : ''}`,
          };
          if (d.sequence !== undefined && inPeriod(m, d.at))
            evidence.href = evidencePath(d.subjectKey, d.sequence, d.evidenceId);
          yield {
            uuid,
            title: `${d.state} drift of ${d.controlId} on ${d.subject.arn ?? d.subject.resourceId}`,
            description: `${d.at}: ${d.reason}. Produced by ${actor}. ${fix ? `Remediated at ${fix.at} by ${fixedBy}.` : 'Not remediated in the period.'}`,
            props: [
              prop('control-id', d.controlId),
              prop('drift-state', d.state),
              prop('actor', actor),
              ...(fix ? [prop('remediated-at', fix.at)] : []),
              ...(fix?.timeToRemediateMs !== undefined
                ? [prop('time-to-remediate-seconds', String(Math.round(fix.timeToRemediateMs / 1000)))]
                : []),
            ],
            methods: ['TEST'],
            types: ['finding', 'historic'],
            ...subjectsOf(d.subjectKey),
            'relevant-evidence': [evidence],
            collected: d.at,
          };
        }
      }
      yield* coverageGapObservations(m, root, itemUuid);
      yield* humanEvidenceObservations(m, root);
      yield* notableObservations(m, root, itemUuid);
    })(),
  );

  yield* list('findings', [
    ...m.citations.map((c) => {
      const verdicts = [...c.resources, ...c.collection, ...c.signOffVerdicts];
      const related = [
        ...new Set([
          ...verdicts.map(verdictUuid),
          ...c.drifts.map(driftUuid),
          ...(c.notable ?? []).map((n) => notableUuid(root, n)),
        ]),
      ];
      const satisfied = c.status === 'COMPLIANT' || c.status === 'NOT_APPLICABLE';
      return {
        uuid: uuidFor(`${root}/finding/${c.citation}`),
        title: `45 CFR ${c.citation} ${c.title}`,
        description: `${c.status === 'NO_EVIDENCE' ? 'No automatic evidence in the period.' : `At the end of the period: ${c.status}.`} ${c.resources.length} resource verdicts, ${c.drifts.length} drifts in the period.${c.gap ? ` Evidence stopped: ${c.gap}.` : ''}`,
        props: [
          prop('requirement', c.requirement),
          prop('status-at-period-end', c.status),
          prop('excepted', String(c.resources.filter((r) => r.status === 'EXCEPTED').length)),
          ...(c.gap ? [prop('evidence-stopped', 'true')] : []),
          ...(c.compliantShare !== undefined ? [prop('compliant-share', c.compliantShare.toFixed(4))] : []),
        ],
        target: {
          type: 'objective-id',
          'target-id': controlToken(c.citation),
          status: {
            state: satisfied ? 'satisfied' : 'not-satisfied',
            reason: c.status === 'COMPLIANT' ? 'pass' : c.status === 'NON_COMPLIANT' ? 'fail' : 'other',
          },
        },
        ...(related.length > 0
          ? { 'related-observations': related.map((u) => ({ 'observation-uuid': u })) }
          : {}),
      };
    }),
    ...controlFindings(m, root),
    ...coverageGapFindings(m, root),
  ]);
  yield `"remarks":${json(`Not assessed automatically; manual evidence needed for: ${m.manual.map((x) => `${x.citation} ${x.title}`).join('; ')}.`)}}]}}\n`;
}

/**
 * One finding per control with a verdict: its status at the end of the period, how many AWS resources
 * it judged, how many of them are non-compliant and how many excepted, as `status` gives them.
 */
function* controlFindings(m: BinderModel, root: string): Generator<unknown> {
  for (const p of m.controls) {
    const citation = controlById(p.controlId)?.citations[0];
    if (!citation || p.status === 'NO_EVIDENCE') continue;
    yield {
      uuid: uuidFor(`${root}/control-finding/${p.controlId}`),
      title: `Control ${p.controlId}: ${p.status} at the end of the period`,
      description: controlFindingText(p),
      props: [
        prop('control-id', p.controlId),
        prop('status-at-period-end', p.status),
        prop('resources', String(p.counts.resources)),
        prop('non-compliant', String(p.counts.nonCompliant)),
        prop('excepted', String(p.counts.excepted)),
        ...(p.gap ? [prop('evidence-stopped', 'true')] : []),
      ],
      target: {
        type: 'objective-id',
        'target-id': controlToken(citation),
        status: {
          state: p.status === 'COMPLIANT' || p.status === 'NOT_APPLICABLE' ? 'satisfied' : 'not-satisfied',
          reason: p.status === 'COMPLIANT' ? 'pass' : p.status === 'NON_COMPLIANT' ? 'fail' : 'other',
        },
      },
    };
  }
}

function controlFindingText(p: ControlPosture): string {
  return `${p.status}: ${p.counts.resources} AWS resource(s), ${p.counts.nonCompliant} non-compliant, ${p.counts.excepted} under an accepted exception.${p.gap ? ` Evidence stopped: ${p.gap}.` : ''}`;
}

const gapUuid = (root: string, g: CoverageGapEntry) =>
  uuidFor(`${root}/coverage-gap/${g.subjectKey}/${g.evidenceId}`);

function gapText(g: CoverageGapEntry): string {
  return `No fresh evidence of ${g.controlId} in ${g.accountId}/${g.region} from ${g.start}${g.startedBeforePeriod ? ' (before the period)' : ''} ${g.end ? `to ${g.end}` : 'to the end of the period (ongoing)'}: ${g.reason}.`;
}

/** One observation per coverage gap: monitoring that stopped is itself a finding. */
function* coverageGapObservations(
  m: BinderModel,
  root: string,
  itemUuid: (subjectKey: string) => string,
): Generator<unknown> {
  const items = new Set(m.inventory.map((r) => r.subjectKey));
  for (const g of m.coverageGaps) {
    yield {
      uuid: gapUuid(root, g),
      title: `coverage gap of ${g.controlId} in ${g.accountId}/${g.region}`,
      description: gapText(g),
      props: [
        prop('control-id', g.controlId),
        prop('coverage-gap-start', g.start),
        ...(g.end ? [prop('coverage-gap-end', g.end)] : [prop('coverage-gap-ongoing', 'true')]),
        ...(g.cause ? [prop('coverage-gap-cause', g.cause)] : []),
      ],
      methods: ['TEST'],
      types: ['finding'],
      ...(items.has(g.subjectKey)
        ? { subjects: [{ 'subject-uuid': itemUuid(g.subjectKey), type: 'inventory-item' }] }
        : {}),
      'relevant-evidence': [{ description: `coverage check evidence ${g.evidenceId}` }],
      collected: g.start < m.period.from ? m.period.from : g.start,
    };
  }
}

/** One finding per coverage gap, against the citations of the control whose evidence stopped. */
function* coverageGapFindings(m: BinderModel, root: string): Generator<unknown> {
  for (const g of m.coverageGaps) {
    const citation = controlById(g.controlId)?.citations[0];
    if (!citation) continue;
    yield {
      uuid: uuidFor(`${root}/coverage-gap-finding/${g.subjectKey}/${g.evidenceId}`),
      title: `Monitoring gap: ${g.controlId} in ${g.accountId}/${g.region}`,
      description: gapText(g),
      props: [prop('control-id', g.controlId), ...(g.cause ? [prop('coverage-gap-cause', g.cause)] : [])],
      target: {
        type: 'objective-id',
        'target-id': controlToken(citation),
        status: { state: 'not-satisfied', reason: 'other' },
      },
      'related-observations': [{ 'observation-uuid': gapUuid(root, g) }],
    };
  }
}

/** `collected` must be a time; a sign-off dated before the period is still evidence in force during it. */
const collectedIn = (m: BinderModel, at: string) => (at < m.period.from ? m.period.from : at);

const notableUuid = (root: string, n: NotableEntry) => uuidFor(`${root}/notable/${n.id}`);

/**
 * Notable activity as OSCAL observations: events examined in the activity review (who, from where,
 * when, outcome), related to the findings of the citations they bear on; not verdicts.
 */
function* notableObservations(
  m: BinderModel,
  root: string,
  itemUuid: (subjectKey: string) => string,
): Generator<unknown> {
  const inventory = new Set(m.inventory.map((r) => r.subjectKey));
  for (const n of m.notable ?? []) {
    const evidence: Record<string, unknown> = { description: `evidence ${n.evidenceId}` };
    if (inPeriod(m, n.at)) evidence.href = evidencePath(n.subjectKey, n.sequence, n.evidenceId);
    yield {
      uuid: notableUuid(root, n),
      title: `notable activity: ${n.what}`,
      description: `${n.at}: ${n.what} by ${n.who}${n.sourceIpAddress ? ` from ${n.sourceIpAddress}` : ''}: ${outcomeText(n)}. A finding to review, not a posture change.`,
      props: [
        prop('notable-kind', n.kind),
        prop('actor', n.who),
        prop('outcome', n.outcome),
        ...(n.sourceIpAddress ? [prop('source-ip-address', n.sourceIpAddress)] : []),
        ...(n.errorCode ? [prop('error-code', n.errorCode)] : []),
        ...n.citations.map((c) => prop('citation', c)),
      ],
      methods: ['EXAMINE'],
      types: ['finding', 'historic'],
      ...(inventory.has(n.subjectKey)
        ? { subjects: [{ 'subject-uuid': itemUuid(n.subjectKey), type: 'inventory-item' }] }
        : {}),
      'relevant-evidence': [evidence],
      collected: n.at,
    };
  }
}

/**
 * Human sign-off as OSCAL observations: reviews and decisions were examined (EXAMINE), exceptions are
 * accepted risks (a mitigation with its expiry), overdue reviews are findings, and uploaded documents
 * are relevant evidence with their hash and their path in the binder.
 */
function* humanEvidenceObservations(m: BinderModel, root: string): Generator<unknown> {
  const h = m.human;
  if (!h) return;
  for (const r of h.reviews)
    yield {
      uuid: uuidFor(`${root}/review/${r.evidenceId}`),
      title: `${r.controlId} by ${r.reviewer}: ${r.decision}`,
      description: `${r.controlId} of account ${r.accountId} by ${r.reviewer} on ${r.at}: ${r.decision}${r.snapshot ? ` (access snapshot ${r.snapshot.evidenceId})` : ''}${r.note ? `. ${r.note}` : ''}.`,
      props: [prop('control-id', r.controlId), prop('reviewer', r.reviewer), prop('decision', r.decision)],
      methods: ['EXAMINE'],
      types: ['control-objective'],
      'relevant-evidence': [{ description: `attestation evidence ${r.evidenceId}` }],
      collected: collectedIn(m, r.at),
    };
  for (const o of h.overdue)
    yield {
      uuid: uuidFor(`${root}/overdue/${o.accountId}/${o.controlId}/${o.dueAt ?? 'never'}`),
      title: `${o.controlId} overdue in ${o.accountId}`,
      description: o.reason,
      props: [
        prop('control-id', o.controlId),
        ...(o.dueAt ? [prop('due-at', o.dueAt)] : []),
        ...(o.lastApprovedAt ? [prop('last-approved-at', o.lastApprovedAt)] : []),
      ],
      methods: ['TEST'],
      types: ['finding'],
      ...(o.evidenceId
        ? { 'relevant-evidence': [{ description: `review-due evidence ${o.evidenceId}` }] }
        : {}),
      collected: collectedIn(m, o.dueAt ?? m.period.to),
    };
  for (const x of h.exceptions)
    yield {
      uuid: uuidFor(`${root}/exception/${x.evidenceId}`),
      title: `exception to ${x.controlId} for ${x.subjectKey}`,
      description: `Accepted by ${x.approver} on ${x.grantedAt} until ${x.expiresAt} (${x.state} at the end of the period): ${x.reason}`,
      props: [
        prop('control-id', x.controlId),
        prop('approver', x.approver),
        prop('expires-at', x.expiresAt),
        prop('exception-state', x.state),
      ],
      methods: ['EXAMINE'],
      types: ['mitigation'],
      'relevant-evidence': [{ description: `exception evidence ${x.evidenceId}` }],
      collected: collectedIn(m, x.grantedAt),
    };
  for (const d of h.decisions)
    yield {
      uuid: uuidFor(`${root}/decision/${d.evidenceId}`),
      title: `45 CFR ${d.citation} (addressable): ${d.decision}`,
      description: `${d.decision}${d.decidedBy ? `, decided by ${d.decidedBy}` : ''} on ${d.at}: ${d.reason}`,
      props: [prop('citation', d.citation), prop('decision', d.decision)],
      methods: ['EXAMINE'],
      types: ['control-objective'],
      'relevant-evidence': [{ description: `decision evidence ${d.evidenceId}` }],
      collected: collectedIn(m, d.at),
    };
  for (const u of h.uploads)
    yield {
      uuid: uuidFor(`${root}/upload/${u.evidenceId}`),
      title: `document for ${u.target}: ${u.title ?? u.fileName}`,
      description: `${u.fileName} (${u.bytes} bytes, ${u.mediaType}, SHA-256 ${u.sha256}) uploaded ${u.at}${u.uploadedBy ? ` by ${u.uploadedBy}` : ''}.`,
      props: [prop('target', u.target), prop('sha256', u.sha256)],
      methods: ['EXAMINE'],
      types: ['control-objective'],
      'relevant-evidence': [
        {
          ...(h.documentsIncluded ? { href: u.path } : {}),
          description: `manual evidence ${u.evidenceId}${h.documentsIncluded ? '' : ' (file not included in this binder)'}`,
        },
      ],
      collected: collectedIn(m, u.at),
    };
}

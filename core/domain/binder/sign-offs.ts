/**
 * Sign-offs attached to the citations they answer. A decision answers its addressable specification,
 * a document the citation it was uploaded for (or its control's citations), an exception and a review
 * their control's citations, and an overdue-review notice the citations of the review that is late.
 * Each citation page lists its sign-offs, and the manual-evidence table says per specification what is
 * on file. Built from the human-evidence section (human-evidence.ts); pure.
 */
import { producedBy } from '../actor';
import { controlById } from '../catalog';
import { decisionStatus, decisionWords } from '../spec-decision';
import type { DecisionEntry, HumanEvidence, HumanTable, UploadEntry } from './human-evidence';
import type { ManualSpecification } from './manual-evidence';

/** One sign-off as a citation page lists it. */
export interface SignOffEntry {
  kind: 'decision' | 'document' | 'exception' | 'access review' | 'log review' | 'review overdue';
  /** who signed, in the words every output uses (`producedBy`), e.g. "sign-off by Marcus Webb" */
  who: string;
  /** when it was signed, uploaded or fell due (ISO 8601) */
  at: string;
  /** what it says */
  what: string;
  /** the record that holds it; absent for an overdue review no notice was recorded for */
  evidenceId?: string;
}

const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '-');
// a person's sign-off with no name recorded (a decision's decidedBy is optional) is still a person's,
// never the pipeline's review cadence check that producedBy names for an attestation without one
const signedBy = (name: string | undefined) =>
  name
    ? producedBy({ source: { kind: 'attestation' }, actor: { principalType: 'Person', userName: name } })
    : 'sign-off (signer not named)';
const uploadedBy = (name: string | undefined) =>
  producedBy({
    source: { kind: 'manual-upload' },
    ...(name ? { actor: { principalType: 'Person', userName: name } } : {}),
  });

/** Whether a control (by id) bears on a citation. */
const controlAnswers = (controlId: string, citation: string) =>
  controlById(controlId)?.citations.includes(citation) === true;

/** Whether an uploaded document answers a citation: filed under it, or under a control that bears on it. */
const uploadAnswers = (u: UploadEntry, citation: string) =>
  u.target === citation || controlAnswers(u.target, citation);

function decisionEntry(d: DecisionEntry): SignOffEntry {
  return {
    kind: 'decision',
    who: signedBy(d.decidedBy),
    at: d.at,
    what: `${decisionWords(d.decision)} (${decisionStatus(d.decision)}): ${d.reason}`,
    evidenceId: d.evidenceId,
  };
}

function documentEntry(u: UploadEntry): SignOffEntry {
  return {
    kind: 'document',
    who: uploadedBy(u.uploadedBy),
    at: u.at,
    what: `${u.fileName}${u.title ? ` (${u.title})` : ''}, ${u.bytes} bytes, filed for ${u.target}`,
    evidenceId: u.evidenceId,
  };
}

/** The sign-offs that answer one citation, oldest first. */
export function citationSignOffs(h: HumanEvidence | undefined, citation: string): SignOffEntry[] {
  if (!h) return [];
  const out: SignOffEntry[] = [
    ...h.decisions.filter((d) => d.citation === citation).map(decisionEntry),
    ...h.uploads.filter((u) => uploadAnswers(u, citation)).map(documentEntry),
    ...h.exceptions
      .filter((x) => controlAnswers(x.controlId, citation))
      .map(
        (x): SignOffEntry => ({
          kind: 'exception',
          who: signedBy(x.approver),
          at: x.grantedAt,
          what: `${x.controlId} on ${x.subjectKey} is an accepted risk until ${day(x.expiresAt)} (${x.state} at the end of the period): ${x.reason}`,
          evidenceId: x.evidenceId,
        }),
      ),
    ...h.reviews
      .filter((r) => controlAnswers(r.controlId, citation))
      .map(
        (r): SignOffEntry => ({
          kind: r.controlId === 'access-review' ? 'access review' : 'log review',
          who: signedBy(r.reviewer),
          at: r.at,
          what: [
            r.decision,
            r.scope ? `scope: ${r.scope}` : '',
            r.snapshot === null ? 'no access snapshot on record' : '',
            r.snapshot
              ? `against access snapshot ${r.snapshot.evidenceId} of ${day(r.snapshot.observedAt)}`
              : '',
            r.note ?? '',
          ]
            .filter(Boolean)
            .join('; '),
          evidenceId: r.evidenceId,
        }),
      ),
    ...h.overdue
      .filter((o) => controlAnswers(o.controlId, citation))
      .map(
        (o): SignOffEntry => ({
          kind: 'review overdue',
          who: producedBy({ source: { kind: 'attestation' } }),
          at: o.dueAt ?? '',
          what: `${o.controlId} of account ${o.accountId}: ${o.reason}${o.lastApprovedAt ? `; last approved ${day(o.lastApprovedAt)}` : ''}`,
          ...(o.evidenceId ? { evidenceId: o.evidenceId } : {}),
        }),
      ),
  ];
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** The citations with their sign-offs attached (the `signOffs` field of each section of the model). */
export function withSignOffs<C extends { citation: string }>(
  citations: readonly C[],
  h: HumanEvidence | undefined,
): (C & { signOffs: SignOffEntry[] })[] {
  return citations.map((c) => ({ ...c, signOffs: citationSignOffs(h, c.citation) }));
}

/** What is on file for one specification that needs manual evidence: its documents and decisions. */
export interface OnFileEntry {
  kind: 'document' | 'decision';
  /** e.g. "aws-baa.pdf (AWS Business Associate Addendum), upload by Marcus Webb, 2026-10-09" */
  text: string;
  evidenceId: string;
}

/** The documents filed under a specification and the decisions on it, by the end of the period, oldest first. */
export function onFile(
  spec: Pick<ManualSpecification, 'citation'>,
  h: HumanEvidence | undefined,
): OnFileEntry[] {
  if (!h) return [];
  return [
    ...h.uploads
      .filter((u) => u.target === spec.citation)
      .map((u) => ({
        at: u.at,
        kind: 'document' as const,
        text: `${u.fileName}${u.title ? ` (${u.title})` : ''}, ${uploadedBy(u.uploadedBy)}, ${day(u.at)}`,
        evidenceId: u.evidenceId,
      })),
    ...h.decisions
      .filter((d) => d.citation === spec.citation)
      .map((d) => ({
        at: d.at,
        kind: 'decision' as const,
        text: `decision: ${decisionWords(d.decision)}, ${signedBy(d.decidedBy)}, ${day(d.at)}`,
        evidenceId: d.evidenceId,
      })),
  ]
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    .map(({ at: _at, ...entry }) => entry);
}

/** The "on file" cell of the manual-evidence table: each document or decision and its evidence id, or "nothing on file". */
export function onFileText(
  spec: Pick<ManualSpecification, 'citation'>,
  h: HumanEvidence | undefined,
): string {
  const entries = onFile(spec, h);
  // the evidence id on a line of its own, so that it is never broken
  return entries.length === 0
    ? 'nothing on file'
    : entries.map((e) => `${e.text}\n${e.evidenceId}`).join('\n');
}

const minute = (iso: string) => (iso ? `${iso.slice(0, 16).replace('T', ' ')}Z` : '-');

/** A citation's sign-offs as a table, drawn alike in the PDF and index.html; no rows when there are none. */
export function signOffTable(entries: readonly SignOffEntry[]): HumanTable {
  return {
    title: 'Sign-offs: decisions, documents, exceptions and reviews',
    intro:
      entries.length === 0
        ? 'No decision, document, exception or review on file answers this citation.'
        : `${entries.length} sign-off(s) answer this citation (each is also in the human sign-off section).`,
    headers: ['kind', 'who / when (UTC)', 'what', 'evidence id'],
    widths: [14, 24, 42, 35],
    rows: entries.map((x) => [x.kind, `${x.who}\n${minute(x.at)}`, x.what, x.evidenceId ?? '']),
  };
}

/** The manual-evidence table: per specification, what an investigator will ask for and what is on file. */
export function manualEvidenceTable(
  manual: readonly ManualSpecification[],
  h: HumanEvidence | undefined,
): HumanTable {
  return {
    title: 'Specifications that need manual evidence',
    intro:
      'AWS configuration and API activity cannot show these standards and implementation specifications. They are listed so that silence is never read as compliance: the organisation must supply the evidence named here (`evidence upload` files documents under these citations, `evidence attest --kind decision` records a decision on an addressable one). "On file" is what the store holds by the end of the period. Access and log reviews are attested and judged as controls in their citation sections.',
    headers: ['citation', 'title', 'type', 'evidence an investigator will ask for', 'on file (evidence id)'],
    widths: [20, 16, 11, 31, 35],
    rows: manual.map((s) => [s.citation, s.title, s.requirement, s.evidenceExpected, onFileText(s, h)]),
  };
}

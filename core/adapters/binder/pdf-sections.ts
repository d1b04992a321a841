/**
 * The sections of the binder PDF before the evidence index, organised the way an OCR investigator
 * asks: cover, summary, one section per HIPAA citation, manual evidence, human sign-off, inventory and
 * the integrity statement. Drawn with the primitives of pdf-layout.ts.
 */
import { humanEvidenceTables } from '../../domain/binder/human-evidence';
import {
  type BinderModel,
  type CitationSection,
  type DriftEntry,
  evidenceCountText,
} from '../../domain/binder/model';
import { provenanceTable, provenanceText } from '../../domain/binder/provenance';
import { NOTABLE_ONLY_NOTE, notableSummary } from '../../domain/notable';
import { transitionProducer } from '../../domain/posture-view';
import {
  fingerprintGroups,
  humanDuration,
  percent,
  resourceName,
  TRUSTED_FINGERPRINT_SOURCES,
  utcMinute,
} from './format';
import { COLORS, type Layout, statusColor } from './pdf-layout';
import { notableTable } from './pdf-notable';
import { citationSignOffs, manualEvidence } from './pdf-signoffs';
import {
  COLLECTION_TEXT,
  citationCollectionText,
  citationStatusSentence,
  citationStatusText,
  collectionTable,
  ephiExposureTable,
  ephiExposureText,
  exceptedTable,
  exceptedText,
  GAP_MARK,
  GAP_NOTE,
  healthyCollectionTable,
  overallShareText,
  type TextTable,
  unremediatedText,
} from './posture-text';

/** A table of posture-text.ts, its status column (if any) coloured. */
function textTable(L: Layout, t: TextTable, statusCol?: number): void {
  if (t.rows.length === 0) return;
  L.table(
    t.headers,
    t.widths,
    t.rows,
    statusCol === undefined
      ? undefined
      : (row, col) => (col === statusCol ? statusColor(row[col] ?? '') : undefined),
  );
}

/** The colour of a status cell that may carry the gap mark. */
const markedColor = (cell: string) => statusColor(cell.replace(GAP_MARK, ''));

/** A record hash whole (64 hex digits), so it can be copied and checked. */
const fullHash = (h: string | undefined) => h ?? '(before period)';

/** The cover: who, what period, what scope, the evidence root hash and the signing key's fingerprint. */
export function cover(
  L: Layout,
  m: BinderModel,
  evidenceRootHash: string,
  evidenceFiles: number,
  signingKeyFingerprint: string | undefined,
): void {
  const { doc } = L;
  doc.y = 150;
  doc.font('sans').fontSize(11).fillColor(COLORS.muted).text('HIPAA Security Rule evidence binder', L.left);
  doc.moveDown(0.3);
  doc
    .font('bold')
    .fontSize(24)
    .fillColor(COLORS.text)
    .text(m.organisation ?? m.title, L.left, doc.y, { width: L.width });
  if (m.organisation) doc.font('sans').fontSize(14).text(m.title, { width: L.width });
  doc.moveDown(1.5);
  const rows: [string, string][] = [
    ['Organisation', m.organisation ?? '(not stated)'],
    ['Period', `${m.period.from} to ${m.period.to} (UTC, both included)`],
    [
      'Scope: accounts',
      `${m.scope.accounts.join(', ') || '(none with evidence)'}${m.scope.accountFilter ? ' (selected with --account)' : ''}`,
    ],
    ['Scope: regions', m.scope.regions.join(', ') || '(none)'],
    ['Generated at', m.generatedAt],
    ['Generator', `${m.generator.name} ${m.generator.version}`],
    ['Evidence', evidenceCountText(m.counts)],
    ['Evidence root hash', evidenceRootHash],
    signingKeyRow(signingKeyFingerprint),
  ];
  L.table(['', ''], [20, 74], rows);
  L.para(
    `The evidence root hash is the SHA-256 over the canonical JSON list of the ${evidenceFiles} evidence files of this binder (path, SHA-256, size each, as manifest.json lists them). The binder's manifest root hash also covers this PDF, so it cannot be printed in it: \`npx evidence verify\` prints both and checks every file (see "Integrity statement").`,
    { size: 8.5, color: COLORS.muted },
  );
  L.para(trustedKeyText(signingKeyFingerprint), { size: 8.5, color: COLORS.muted });
}

/** The signing key's SHA-256 fingerprint, whole, in groups of 8 (the table's mono column holds 71 characters). */
function signingKeyRow(fingerprint: string | undefined): [string, string] {
  return ['Signing key SHA-256', fingerprint ? fingerprintGroups(fingerprint) : '(not signed)'];
}

/** Why the fingerprint matters and where the trusted copy comes from. */
function trustedKeyText(fingerprint: string | undefined): string {
  if (!fingerprint)
    return 'This binder is not signed: nothing in it shows who made it, and `evidence verify` does not report it as verified (exit code 6).';
  return `The signing key fingerprint is the SHA-256 of the Ed25519 public key (SPKI DER) that signs this binder. The binder ships that key, so a signature alone proves nothing about who made it: compare this fingerprint with a trusted copy obtained out of band from ${TRUSTED_FINGERPRINT_SOURCES}, and verify with \`npx evidence verify <binder>.zip --fingerprint <trusted fingerprint>\`.`;
}

/** The executive summary: counts and one row per citation. */
export function summary(L: Layout, m: BinderModel): void {
  L.heading('Executive summary');
  const nonCompliant = m.citations.filter((c) => c.status === 'NON_COMPLIANT').length;
  L.para(
    `This binder covers ${m.period.from.slice(0, 10)} to ${m.period.to.slice(0, 10)}: ${evidenceCountText(m.counts)}, in ${m.scope.accounts.length} AWS account(s). ` +
      `${m.citations.length} HIPAA Security Rule citations have automated controls; ${m.citations.filter((c) => c.status === 'NO_EVIDENCE').length} of them have no evidence in the period (nothing in the account bore on them), ${nonCompliant} end the period NON_COMPLIANT (a non-compliant resource, a failing collection check or an overdue review) and ${m.citations.filter((c) => c.status === 'EXCEPTED').length} EXCEPTED. ` +
      `${m.counts.drifts} drift(s) occurred, ${m.counts.resolved} were remediated in the period` +
      (m.meanTimeToRemediateMs !== undefined
        ? `, with a mean time to remediate of ${humanDuration(m.meanTimeToRemediateMs)}.`
        : '.') +
      ` ${m.manual.length} standards and specifications need manual evidence (listed in their own section).`,
  );
  L.para(overallShareText(m));
  L.para(notableSummary(m.notable ?? []));
  L.table(
    ['citation', 'title', 'req.', 'at period end', 'compliant', 'resources', 'drifts', 'mean TTR'],
    [20, 30, 5, 14, 9, 9, 6, 9],
    m.citations.map((c) => [
      c.citation,
      c.title,
      c.requirement === 'required' ? 'R' : 'A',
      citationStatusText(c),
      percent(c.compliantShare),
      String(new Set(c.resources.map((r) => r.subjectKey)).size),
      String(c.drifts.length),
      c.meanTimeToRemediateMs === undefined ? '-' : humanDuration(c.meanTimeToRemediateMs),
    ]),
    (row, col) => (col === 3 ? markedColor(row[3] ?? '') : undefined),
  );
  L.para(
    `R = required, A = addressable implementation specification. "Compliant" is the share of evidenced resource-time in the period during which the verdict was COMPLIANT. "Resources" counts AWS resources only. EXCEPTED: every non-compliant verdict is under an accepted exception. "Mean TTR" is the mean time from a drift to its remediation. ${m.citations.some((c) => c.gap) ? GAP_NOTE : ''}`,
    { size: 8, color: COLORS.muted },
  );
  L.heading('Exceptions in force at the end of the period', 11);
  L.para(exceptedText(m));
  textTable(L, exceptedTable(m.excepted));
  L.heading('ePHI resources out of compliance in the period', 11);
  L.para(ephiExposureText(m));
  textTable(L, ephiExposureTable(m));
}

/** Collection health: the sweep's collectors and the coverage checks at the end of the period. */
export function collectionHealth(L: Layout, m: BinderModel): void {
  L.heading('Collection health');
  L.para(COLLECTION_TEXT);
  if (m.collection.length === 0) L.para('No collection check reported in the period.');
  const failing = collectionTable(m.collection);
  L.heading('Failing at the end of the period', 11);
  if (failing.rows.length === 0) L.para('None: every check found its evidence.');
  textTable(L, failing, 0);
  L.heading('Healthy at the end of the period', 11);
  textTable(L, healthyCollectionTable(m.collection));
}

/** One HIPAA citation: what is evidenced, posture over the period, verdicts, drifts, coverage gaps. */
export function citationSection(L: Layout, c: CitationSection, m: BinderModel): void {
  L.heading(`${c.citation} ${c.title}`);
  L.para(
    `${c.requirement === 'required' ? 'Required' : 'Addressable'} implementation specification. ${citationStatusSentence(c)} ${c.records} evidence records of the period bear on it; resource-time compliant: ${percent(c.compliantShare)}.`,
  );
  L.heading('What is evidenced automatically', 11);
  for (const control of c.controls) {
    const how = [
      control.configRules.length ? `AWS Config rules ${control.configRules.join(', ')}` : '',
      control.cloudTrailEvents.length ? `CloudTrail calls ${control.cloudTrailEvents.join(', ')}` : '',
      control.resourceTypes.length ? `configuration items of ${control.resourceTypes.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    L.para(`• ${control.title} (${control.id}): ${how || 'no automatic source'}.`, { size: 8.5 });
  }
  if (c.controls.length === 0) L.para(NOTABLE_ONLY_NOTE, { size: 8.5 });
  L.heading('Posture over the period', 11);
  chart(L, c);
  L.heading('Resources and verdicts at the end of the period', 11);
  const collection = citationCollectionText(c);
  if (collection) L.para(collection, { size: 8.5 });
  if (c.resources.length === 0)
    L.para('No AWS resource was evidenced for this citation in the period or before it.');
  else
    L.table(
      ['status', 'control', 'resource', 'verdict at (UTC)'],
      [13, 18, 30, 17],
      c.resources.map((r) => ({
        cells: [
          r.status,
          r.controlId,
          resourceName(r),
          `${utcMinute(r.observedAt)}${r.inPeriod ? '' : ' (before)'}`,
        ],
        below: [`${r.evidenceId} ${fullHash(r.recordHash)}`],
      })),
      (row, col) => (col === 0 ? statusColor(row[0] ?? '') : undefined),
      { below: 'evidence id, record hash' },
    );
  const excepted = c.resources.filter((r) => r.status === 'EXCEPTED');
  if (excepted.length > 0) {
    L.heading('Accepted exceptions (EXCEPTED verdicts)', 11);
    textTable(L, exceptedTable(excepted));
  }
  L.heading('Drift in the period', 11);
  driftTable(L, c, m);
  notableTable(L, c);
  coverageGapTable(L, c, m);
  citationSignOffs(L, c);
}

/** The coverage gaps of a citation's controls: when evidence stopped, until when, and why. */
function coverageGapTable(L: Layout, c: CitationSection, m: BinderModel): void {
  const ids = new Set(c.controls.map((x) => x.id));
  const gaps = m.coverageGaps.filter((g) => ids.has(g.controlId));
  L.heading('Coverage gaps in the period', 11);
  if (gaps.length === 0) {
    L.para('No coverage gap: the evidence of these controls kept arriving as expected.');
    return;
  }
  L.table(
    ['from (UTC)', 'to (UTC)', 'control', 'account / region', 'cause'],
    [13, 13, 24, 15, 46],
    gaps.map((g) => [
      `${utcMinute(g.start)}${g.startedBeforePeriod ? ' (before)' : ''}`,
      g.end ? utcMinute(g.end) : 'ongoing',
      g.controlId,
      `${g.accountId} ${g.region}`,
      g.reason,
    ]),
    (row, col) => (col === 1 && row[1] === 'ongoing' ? COLORS.NON_COMPLIANT : undefined),
  );
}

function driftTable(L: Layout, c: CitationSection, _m: BinderModel): void {
  const drifts: DriftEntry[] = c.drifts;
  if (drifts.length === 0) {
    L.para('No drift in the period.');
    return;
  }
  L.table(
    ['when (UTC)', 'what', 'resource / control', 'who', 'remediated'],
    [17, 9, 27, 23, 18],
    drifts.map((d) => {
      const fix = d.resolution;
      return {
        cells: [
          utcMinute(d.at),
          d.state,
          `${resourceName(d)} / ${d.controlId}: ${d.reason}`,
          transitionProducer(d),
          fix
            ? `${utcMinute(fix.at)} after ${humanDuration(fix.timeToRemediateMs ?? 0)} by ${transitionProducer(fix)}`
            : unremediatedText(c, d),
        ],
        below: [
          `${d.evidenceId} ${fullHash(d.recordHash)}`,
          ...(fix ? [`fixed: ${fix.evidenceId} ${fullHash(fix.recordHash)}`] : []),
        ],
      };
    }),
    (row, col) =>
      col === 4 && row[4]?.startsWith('not in the period')
        ? row[4].endsWith('EXCEPTED')
          ? COLORS.EXCEPTED
          : COLORS.NON_COMPLIANT
        : undefined,
    { below: 'evidence id, record hash (of the drift; of its remediation)' },
  );
}

/** The resources tagged in scope for ePHI: where the risk analysis (164.308(a)(1)(ii)(A)) starts. */
function ephiInventoryTable(L: Layout, m: BinderModel): void {
  L.para(
    `${m.ephiInventory.length} resource(s) are tagged as holding ePHI (the tag rules are in evidence.config.json; only the matching tag key is recorded, never a tag value). The risk analysis (164.308(a)(1)(ii)(A)) starts from this list; it is also in ephi-inventory.json.`,
  );
  if (m.ephiInventory.length === 0) return;
  L.table(
    ['account / region', 'type', 'resource', 'tag', 'in scope since'],
    [15, 20, 44, 19, 13],
    m.ephiInventory.map((r) => [
      `${r.subject.accountId} ${r.subject.region}`,
      r.subject.resourceType,
      r.subject.arn ?? r.subject.resourceId,
      r.matchedTagKey ?? '',
      utcMinute(r.since),
    ]),
  );
}

/** Stacked bars per day, week or month: pairs non-compliant (red), compliant (green), not applicable. */
function chart(L: Layout, c: CitationSection): void {
  const { doc } = L;
  const height = 70;
  L.ensure(height + 40);
  const top = doc.y + 4;
  const left = L.left + 24;
  const width = L.width - 24;
  const buckets = c.chart.buckets;
  const max = Math.max(1, ...buckets.map((b) => b.nonCompliant + b.excepted + b.compliant + b.notApplicable));
  const barWidth = width / Math.max(1, buckets.length);
  doc.save();
  doc
    .moveTo(left, top)
    .lineTo(left, top + height)
    .lineTo(left + width, top + height)
    .lineWidth(0.5)
    .strokeColor(COLORS.rule)
    .stroke();
  buckets.forEach((b, i) => {
    let y = top + height;
    const x = left + i * barWidth + barWidth * 0.1;
    const w = barWidth * 0.8;
    for (const [count, color] of [
      [b.nonCompliant, COLORS.NON_COMPLIANT],
      [b.excepted, COLORS.EXCEPTED],
      [b.compliant, COLORS.COMPLIANT],
      [b.notApplicable, COLORS.NOT_APPLICABLE],
    ] as const) {
      if (count === 0) continue;
      const h = (count / max) * height;
      y -= h;
      doc.rect(x, y, w, h).fillColor(color).fill();
    }
  });
  doc.restore();
  doc.fillColor(COLORS.muted);
  L.small.line(String(max), L.left, top - 2);
  L.small.line('0', L.left, top + height - 6);
  const first = buckets[0]?.start.slice(0, 10) ?? '';
  const last = buckets[buckets.length - 1]?.start.slice(0, 10) ?? '';
  L.small.line(first, left, top + height + 3);
  L.small.line(last, left + width - L.small.charWidth * last.length, top + height + 3);
  L.small.line(
    `AWS resources per ${c.chart.unit}: red = non-compliant at some moment, purple = excepted, green = compliant, grey = not applicable`,
    left,
    top + height + 12,
  );
  doc.fillColor(COLORS.text);
  doc.y = top + height + 26;
}

/** The specifications that need manual evidence, and AWS Config rules outside the catalog. */
export function manual(L: Layout, m: BinderModel): void {
  manualEvidence(L, m);
  if (m.unmapped.length > 0) {
    L.heading('AWS Config rules outside the catalog', 11);
    L.para(
      'These rules reported verdicts that the control catalog does not map to a HIPAA citation (map them in evidence.config.json). Their evidence is in the binder but in no section above.',
      { size: 8.5 },
    );
    L.table(
      ['rule', 'resources', 'records'],
      [60, 10, 10],
      m.unmapped.map((u) => [u.controlId, String(u.resources), String(u.records)]),
    );
  }
}

/** Reviews, overdue reviews, exceptions, decisions and uploaded documents. */
export function humanSignOff(L: Layout, m: BinderModel): void {
  if (!m.human) return;
  L.heading('Human sign-off: reviews, exceptions, decisions, documents');
  for (const t of humanEvidenceTables(m.human)) {
    L.heading(t.title, 11);
    L.para(t.intro, { size: 8.5 });
    if (t.rows.length > 0) L.table(t.headers, t.widths, t.rows);
  }
}

/** The ePHI inventory and every resource evidenced in the period. */
export function inventory(L: Layout, m: BinderModel): void {
  L.heading('ePHI system inventory');
  ephiInventoryTable(L, m);
  L.heading('Resources evidenced in the period', 11);
  L.para(
    `The ${m.inventory.length} resources evidenced: every resource with evidence in the period, and every resource whose verdicts from before the period still held in it.`,
  );
  L.table(
    ['status at end', 'account / region', 'type', 'resource', 'records', 'last observed'],
    [13, 14, 22, 38, 7, 17],
    m.inventory.map((r) => [
      r.status,
      `${r.subject.accountId} ${r.subject.region}`,
      r.subject.resourceType,
      resourceName(r),
      String(r.records),
      utcMinute(r.lastObservedAt),
    ]),
    (row, col) => (col === 0 ? statusColor(row[0] ?? '') : undefined),
  );
}

/** The integrity statement, the signing key's fingerprint and the steps to verify the binder. */
export function integrity(
  L: Layout,
  m: BinderModel,
  evidenceRootHash: string,
  signingKeyFingerprint: string | undefined,
): void {
  L.heading('Integrity statement and how to verify this binder');
  L.para(
    'Every evidence record was re-hashed and its chain links checked when the binder was written: a record whose content or links did not verify would have stopped the export. Each record is in the zip as RFC 8785 canonical JSON under evidence/<resource>/<sequence>-<evidence id>.json, with its content hash (SHA-256 over the canonical JSON of its content) and its chain link (sequence, previous record hash, record hash).',
  );
  L.para(
    "manifest.json at the root of the zip lists every other file with its SHA-256 and size. Its rootHash is the SHA-256 of the RFC 8785 canonical JSON of that list, in the order listed. When the binder is signed, manifest.sig is the Ed25519 signature (base64) of the root hash's 64 hexadecimal characters, and public-key.pem the key that verifies it.",
  );
  L.table(['', ''], [20, 74], [signingKeyRow(signingKeyFingerprint)]);
  L.para(trustedKeyText(signingKeyFingerprint));
  if (m.provenance) {
    L.heading('Where the evidence came from', 11);
    L.para(provenanceText(m.provenance), { size: 8.5 });
    const t = provenanceTable(m.provenance);
    L.table(t.headers, t.widths, t.rows);
  }
  L.heading('Steps', 11);
  L.table(
    ['', 'what to do'],
    [3, 110],
    [
      [
        '1',
        'Install Node.js 20 or newer and this project (npm ci), or any tool that reads zip, SHA-256, JSON and Ed25519.',
      ],
      [
        '2',
        `Run: npx evidence verify binder-${m.period.from.slice(0, 10)}-${m.period.to.slice(0, 10)}.zip --fingerprint <trusted fingerprint>   (or --key <trusted public key .pem>; an unzipped folder works too).`,
      ],
      [
        '3',
        "It checks, offline: every file against its SHA-256 and size in manifest.json, that no file is missing or added, the root hash, every record's hashes and the chain links between consecutive records of each resource, the signature, and the daily checkpoints and inclusion proofs in integrity/. It exits 0 only when all of that holds and the binder is signed by the trusted key, names every failure otherwise (exit code 4), and exits 6 when the binder is intact but no trusted key was given: its signature then matches only the key shipped inside it.",
      ],
      ['4', `Compare the evidence root hash it prints with the one on the cover: ${evidenceRootHash}.`],
      [
        '5',
        'By hand: for each manifest entry, sha256sum the file; rebuild the list as canonical JSON ({"bytes":N,"path":"...","sha256":"..."} members, comma-separated, in brackets) and hash it; it must equal rootHash.',
      ],
    ],
  );
}

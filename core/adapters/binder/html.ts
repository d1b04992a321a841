/**
 * `index.html`: a self-contained view of the binder for a browser (no script, no network: styles are
 * inline, links are relative to the unzipped binder). Rendered in three parts so the evidence list can
 * be streamed: `htmlHead` (everything the model knows), `htmlIndexRow` per record, `htmlTail`.
 */
import type { CoverageGapEntry } from '../../domain/binder/coverage-sections';
import { type HumanTable, humanEvidenceTables } from '../../domain/binder/human-evidence';
import type { IndexRow } from '../../domain/binder/index-row';
import { EPHI_INVENTORY_PATH, evidencePath, OSCAL_PATH } from '../../domain/binder/layout';
import { type BinderModel, type CitationSection, evidenceCountText } from '../../domain/binder/model';
import { provenanceTable, provenanceText } from '../../domain/binder/provenance';
import { manualEvidenceTable, signOffTable } from '../../domain/binder/sign-offs';
import { NOTABLE_ONLY_NOTE, notableSummary, outcomeText } from '../../domain/notable';
import { transitionProducer } from '../../domain/posture-view';
import {
  fingerprintGroups,
  humanDuration,
  percent,
  resourceName,
  TRUSTED_FINGERPRINT_SOURCES,
  utcMinute,
} from './format';
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

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const e = escapeHtml;
const anchor = (citation: string) => `c-${citation.replace(/[^A-Za-z0-9]/g, '-')}`;
const status = (s: string) => {
  const plain = s.replace(GAP_MARK, '');
  return `<span class="s ${e(plain)}">${e(s.replace('_', ' '))}</span>`;
};
const when = (iso: string | undefined) => (iso ? `<span class="nw">${e(utcMinute(iso))}</span>` : '');

/** A table of posture-text.ts; the column named `status` is coloured. */
function textTable(t: TextTable): string {
  const col = t.headers.indexOf('status');
  return gridHtml(t.headers, t.rows, (c, i) => `<td>${i === col ? status(c) : wrapHtml(c)}</td>`);
}

/** A table of text cells, each drawn by `cell`; empty without rows. */
function gridHtml(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  cell: (c: string, column: number) => string,
): string {
  if (rows.length === 0) return '';
  return `<table><tr>${headers.map((h) => `<th>${e(h)}</th>`).join('')}</tr>${rows
    .map((r) => `<tr>${r.map(cell).join('')}</tr>`)
    .join('')}</table>`;
}

/**
 * Text as HTML in which a browser cannot break a date at its hyphens (`2026-10-07`, with its time if
 * it has one) or a citation between its parentheses (`164.312(a)(2)(iv)`): both are kept whole
 * (`nowrap`). Other words break only at spaces, hyphens and slashes, now that no style breaks inside words.
 */
export function wrapHtml(text: string): string {
  return e(text).replace(WHOLE, (m) => `<span class="nw">${m}</span>`);
}

/** A day (with its time, if any), or a CFR citation with its paragraph designations. */
const WHOLE =
  /\b\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?Z?)?|\b\d{3}\.\d{3}(?:\([0-9A-Za-z]+\))+/g;

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;margin:0 auto;max-width:1200px;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{margin-top:40px;border-bottom:1px solid #ccc;padding-bottom:4px}h3{margin-bottom:6px}
table{border-collapse:collapse;width:100%;margin:8px 0 16px}th,td{text-align:left;padding:3px 8px;border-bottom:1px solid #e4e4e4;vertical-align:top}
th{color:#555;font-weight:600}code,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
td,th,p{overflow-wrap:normal;word-break:normal}table{display:block;overflow-x:auto}code,.nw,.id,.s{white-space:nowrap}.id{display:inline-block}
.s{font-weight:600}.NON_COMPLIANT{color:#b3261e}.COMPLIANT{color:#2e7d32}.NOT_APPLICABLE{color:#757575}.NO_EVIDENCE{color:#9a7b00}.EXCEPTED{color:#6a3d9a}
.muted{color:#5c5c5c}.bars{display:flex;align-items:flex-end;gap:1px;height:60px;border-left:1px solid #bbb;border-bottom:1px solid #bbb;padding-left:2px}
.bar{flex:1;display:flex;flex-direction:column-reverse}.bar i{display:block}.r{background:#b3261e}.x{background:#6a3d9a}.g{background:#2e7d32}.n{background:#9e9e9e}
nav a{margin-right:12px}`;

function chart(c: CitationSection): string {
  const max = Math.max(
    1,
    ...c.chart.buckets.map((b) => b.nonCompliant + b.excepted + b.compliant + b.notApplicable),
  );
  const bars = c.chart.buckets
    .map((b) => {
      const seg = (n: number, cls: string) =>
        n > 0 ? `<i class="${cls}" style="height:${((n / max) * 58).toFixed(1)}px"></i>` : '';
      return `<div class="bar" title="${e(b.start.slice(0, 10))}: ${b.nonCompliant} non-compliant, ${b.excepted} excepted, ${b.compliant} compliant, ${b.notApplicable} not applicable">${seg(b.nonCompliant, 'r')}${seg(b.excepted, 'x')}${seg(b.compliant, 'g')}${seg(b.notApplicable, 'n')}</div>`;
    })
    .join('');
  return `<div class="bars">${bars}</div><p class="muted">AWS resources per ${c.chart.unit} from ${e(c.chart.buckets[0]?.start.slice(0, 10) ?? '')}: red = non-compliant at some moment, purple = non-compliant under an accepted exception, green = compliant, grey = not applicable.</p>`;
}

function section(
  c: CitationSection,
  period: { from: string; to: string },
  gaps: CoverageGapEntry[] = [],
): string {
  const link = (subjectKey: string, id: string, at: string | undefined, hash?: string, sequence?: number) => {
    const inBinder = sequence !== undefined && at !== undefined && at >= period.from && at <= period.to;
    const href = inBinder ? evidencePath(subjectKey, sequence, id) : undefined;
    const idHtml = href
      ? `<a class="mono id" href="${e(href)}">${e(id)}</a>`
      : `<span class="mono id">${e(id)}</span>`;
    return `${idHtml}${hash ? `<br><span class="mono id muted">${e(hash)}</span>` : ''}`;
  };
  const controls = c.controls
    .map(
      (k) =>
        `<li>${e(k.title)} <code>${e(k.id)}</code>${k.configRules.length ? ` · Config rules: ${e(k.configRules.join(', '))}` : ''}${k.cloudTrailEvents.length ? ` · CloudTrail: ${e(k.cloudTrailEvents.join(', '))}` : ''}</li>`,
    )
    .join('');
  const resources = c.resources.length
    ? `<table><tr><th>status</th><th>control</th><th>resource</th><th>verdict at</th><th>reason</th><th>evidence</th></tr>${c.resources
        .map(
          (r) =>
            `<tr><td>${status(r.status)}</td><td><code>${e(r.controlId)}</code></td><td class="mono">${e(resourceName(r))}</td><td>${when(r.observedAt)}${r.inPeriod ? '' : ' (before the period)'}</td><td>${wrapHtml(r.reason)}</td><td>${link(r.subjectKey, r.evidenceId, r.observedAt, r.recordHash, r.sequence)}</td></tr>`,
        )
        .join('')}</table>`
    : '<p>No AWS resource was evidenced for this citation.</p>';
  const collection = citationCollectionText(c);
  const excepted = c.resources.filter((r) => r.status === 'EXCEPTED');
  const drifts = c.drifts.length
    ? `<table><tr><th>when</th><th>what</th><th>resource / control</th><th>who</th><th>remediated</th><th>evidence</th></tr>${c.drifts
        .map((d) => {
          const fix = d.resolution;
          return `<tr><td>${when(d.at)}</td><td>${e(d.state)}</td><td><span class="mono">${e(resourceName(d))}</span><br><code>${e(d.controlId)}</code>: ${wrapHtml(d.reason)}</td><td class="mono">${e(transitionProducer(d))}</td><td>${fix ? `${when(fix.at)} after ${e(humanDuration(fix.timeToRemediateMs ?? 0))} by <span class="mono">${e(transitionProducer(fix))}</span>` : unremediatedHtml(c, d)}</td><td>${link(d.subjectKey, d.evidenceId, d.at, d.recordHash, d.sequence)}${fix ? `<br>fixed: ${link(d.subjectKey, fix.evidenceId, fix.at, fix.recordHash, fix.sequence)}` : ''}</td></tr>`;
        })
        .join('')}</table>`
    : '<p>No drift in the period.</p>';
  return `<h2 id="${anchor(c.citation)}"><span class="nw">${e(c.citation)}</span> ${e(c.title)}</h2>
<p>${c.requirement === 'required' ? 'Required' : 'Addressable'} · at the end of the period ${status(c.status)} · ${c.records} records · resource-time compliant ${percent(c.compliantShare)}</p>
<p>${wrapHtml(citationStatusSentence(c))}</p>
<h3>What is evidenced automatically</h3>${c.controls.length ? `<ul>${controls}</ul>` : `<p>${e(NOTABLE_ONLY_NOTE)}</p>`}
<h3>Posture over the period</h3>${chart(c)}
<h3>Resources and verdicts at the end of the period</h3>${collection ? `<p class="muted">${e(collection)}</p>` : ''}${resources}
${excepted.length > 0 ? `<h3>Accepted exceptions (EXCEPTED verdicts)</h3>${textTable(exceptedTable(excepted))}` : ''}
<h3>Drift in the period</h3>${drifts}
${notableHtml(c, link)}
${coverageGapsHtml(c, gaps)}
${tableHtml(signOffTable(c.signOffs ?? []))}`;
}

/** A drift not remediated in the period, in red, or in the excepted colour under an exception. */
function unremediatedHtml(c: CitationSection, d: CitationSection['drifts'][number]): string {
  const text = unremediatedText(c, d);
  return `<span class="s ${text.endsWith('EXCEPTED') ? 'EXCEPTED' : 'NON_COMPLIANT'}">${e(text)}</span>`;
}

/** A citation's notable activity: findings to review (who, from where, when, outcome), not posture. */
function notableHtml(
  c: CitationSection,
  link: (subjectKey: string, id: string, at: string, hash?: string, sequence?: number) => string,
): string {
  const entries = c.notable ?? [];
  if (entries.length === 0)
    return '<h3>Notable activity in the period</h3><p>No notable activity bearing on this citation in the period.</p>';
  const rows = entries
    .map(
      (n) =>
        `<tr><td>${when(n.at)}</td><td>${e(n.what)}</td><td class="mono">${e(n.who)}</td><td>${e(n.sourceIpAddress ?? '-')}</td><td>${n.outcome === 'succeeded' ? 'succeeded' : `<span class="s NON_COMPLIANT">${e(outcomeText(n))}</span>`}</td><td class="mono">${e(resourceName(n))}</td><td>${link(n.subjectKey, n.evidenceId, n.at, undefined, n.sequence)}</td></tr>`,
    )
    .join('');
  return `<h3>Notable activity in the period</h3><p class="muted">Findings to review, not posture changes.</p><table><tr><th>when</th><th>what</th><th>who</th><th>from</th><th>outcome</th><th>on</th><th>evidence</th></tr>${rows}</table>`;
}

/** The coverage gaps of a citation's controls (when evidence stopped, until when, why). */
function coverageGapsHtml(c: CitationSection, gaps: CoverageGapEntry[]): string {
  const ids = new Set(c.controls.map((x) => x.id));
  const rows = gaps.filter((g) => ids.has(g.controlId));
  if (rows.length === 0) return '<h3>Coverage gaps in the period</h3><p>No coverage gap.</p>';
  return `<h3>Coverage gaps in the period</h3><table><tr><th>from</th><th>to</th><th>control</th><th>account / region</th><th>cause</th></tr>${rows
    .map(
      (g) =>
        `<tr><td>${when(g.start)}${g.startedBeforePeriod ? ' (before the period)' : ''}</td><td>${g.end ? when(g.end) : '<span class="s NON_COMPLIANT">ongoing</span>'}</td><td><code>${e(g.controlId)}</code></td><td>${e(g.accountId)} ${e(g.region)}</td><td>${wrapHtml(g.reason)}</td></tr>`,
    )
    .join('')}</table>`;
}

/** The resources tagged in scope for ePHI. */
function ephiInventoryHtml(m: BinderModel): string {
  const rows = m.ephiInventory
    .map(
      (r) =>
        `<tr><td>${e(r.subject.accountId)}</td><td>${e(r.subject.region)}</td><td>${e(r.subject.resourceType)}</td><td class="mono">${e(r.subject.arn ?? r.subject.resourceId)}</td><td><code>${e(r.matchedTagKey ?? '')}</code></td><td>${when(r.since)}</td></tr>`,
    )
    .join('');
  return `<p>${m.ephiInventory.length} resource(s) tagged as holding ePHI (only the matching tag key is recorded, never a tag value); also in <a href="${e(EPHI_INVENTORY_PATH)}">${e(EPHI_INVENTORY_PATH)}</a>. The risk analysis (${wrapHtml('164.308(a)(1)(ii)(A)')}) starts from this list.</p>${rows ? `<table><tr><th>account</th><th>region</th><th>type</th><th>resource</th><th>tag</th><th>in scope since</th></tr>${rows}</table>` : ''}
<h3>Resources evidenced in the period</h3>`;
}

/** Everything before the evidence list. */
export function htmlHead(m: BinderModel, extra: { pdfPath: string }): string {
  const period = `${m.period.from.slice(0, 10)} to ${m.period.to.slice(0, 10)}`;
  const summary = m.citations
    .map(
      (c) =>
        `<tr><td><a class="nw" href="#${anchor(c.citation)}">${e(c.citation)}</a></td><td>${e(c.title)}</td><td>${c.requirement}</td><td>${status(citationStatusText(c))}</td><td>${percent(c.compliantShare)}</td><td>${new Set(c.resources.map((r) => r.subjectKey)).size}</td><td>${c.drifts.length}</td><td>${c.meanTimeToRemediateMs === undefined ? '-' : e(humanDuration(c.meanTimeToRemediateMs))}</td></tr>`,
    )
    .join('');
  const inventory = m.inventory
    .map(
      (r) =>
        `<tr><td>${status(r.status)}</td><td>${e(r.subject.accountId)}</td><td>${e(r.subject.region)}</td><td>${e(r.subject.resourceType)}</td><td class="mono">${e(resourceName(r))}</td><td>${r.records}</td><td>${when(r.lastObservedAt)}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(m.organisation ?? m.title)}: evidence binder ${e(period)}</title><style>${STYLE}</style></head><body>
<p class="muted">HIPAA Security Rule evidence binder</p>
<h1>${e(m.organisation ?? m.title)}</h1>
<table>
<tr><th>Period</th><td>${e(m.period.from)} to ${e(m.period.to)} (UTC)</td></tr>
<tr><th>Scope</th><td>accounts ${e(m.scope.accounts.join(', ') || '-')}; regions ${e(m.scope.regions.join(', ') || '-')}</td></tr>
<tr><th>Generated</th><td>${e(m.generatedAt)} by ${e(m.generator.name)} ${e(m.generator.version)}</td></tr>
<tr><th>Evidence</th><td>${e(evidenceCountText(m.counts))}</td></tr>
</table>
<nav><a href="${e(extra.pdfPath)}">PDF</a><a href="${e(OSCAL_PATH)}">OSCAL assessment results</a><a href="manifest.json">manifest</a><a href="#summary">summary</a><a href="#manual">manual evidence</a>${m.human ? '<a href="#human">human sign-off</a>' : ''}<a href="#inventory">inventory</a><a href="#verify">verify</a><a href="#index">evidence index</a><a href="#integrity">evidence root hash</a></nav>
<h2 id="summary">Executive summary</h2>
<p>${m.counts.drifts} drift(s), ${m.counts.resolved} remediated in the period${m.meanTimeToRemediateMs === undefined ? '' : `, mean time to remediate ${e(humanDuration(m.meanTimeToRemediateMs))}`}.</p>
<p>${e(notableSummary(m.notable ?? []))}</p>
<p>${e(overallShareText(m))}</p>
<table><tr><th>citation</th><th>title</th><th>requirement</th><th>at period end</th><th>resource-time compliant</th><th>AWS resources</th><th>drifts</th><th>mean TTR</th></tr>${summary}</table>
${m.citations.some((c) => c.gap) ? `<p class="muted">${e(GAP_NOTE)}</p>` : ''}
<h3>Exceptions in force at the end of the period</h3><p>${e(exceptedText(m))}</p>${textTable(exceptedTable(m.excepted))}
<h3>ePHI resources out of compliance in the period</h3><p>${e(ephiExposureText(m))}</p>${textTable(ephiExposureTable(m))}
${m.citations.map((c) => section(c, m.period, m.coverageGaps)).join('\n')}
<h2 id="collection">Collection health</h2><p>${e(COLLECTION_TEXT)}</p>
<h3>Failing at the end of the period</h3>${textTable(collectionTable(m.collection)) || '<p>None: every check found its evidence.</p>'}
<h3>Healthy at the end of the period</h3>${textTable(healthyCollectionTable(m.collection))}
${tableHtml(manualEvidenceTable(m.manual, m.human), { level: 'h2', id: 'manual' })}
${humanSection(m)}
<h2 id="inventory">ePHI system inventory</h2>
${ephiInventoryHtml(m)}
<table><tr><th>status</th><th>account</th><th>region</th><th>type</th><th>resource</th><th>records</th><th>last observed</th></tr>${inventory}</table>
${provenanceHtml(m)}
<h2 id="verify">Verify this binder</h2>
<p>Run <code>npx evidence verify ${e(`binder-${period.replace(' to ', '-')}.zip`)}</code> (or on the unzipped folder). It checks every file against <a href="manifest.json">manifest.json</a>, the root hash (SHA-256 of the RFC 8785 canonical JSON of the manifest's file list), every record's hashes and chain links, and the signature in manifest.sig when present.</p>
<h2 id="index">Evidence index</h2>
<p>In order of observation (UTC; records observed at the same instant by evidence id).</p>
<table><tr><th>observed</th><th>evidence id, record hash</th><th>source</th><th>seq</th><th>resource</th></tr>
`;
}

/** Where the period's records came from, and what vouches for those imported from CloudTrail archives. */
function provenanceHtml(m: BinderModel): string {
  if (!m.provenance) return '';
  const t = provenanceTable(m.provenance);
  return `<h2 id="provenance">Where the evidence came from</h2>\n<p>${wrapHtml(provenanceText(m.provenance))}</p>\n${gridHtml(t.headers, t.rows, (c) => `<td>${wrapHtml(c)}</td>`)}`;
}

/** Reviews, overdue reviews, exceptions, decisions and uploaded documents (empty without them). */
function humanSection(m: BinderModel): string {
  if (!m.human) return '';
  const tables = humanEvidenceTables(m.human).map((t) => tableHtml(t));
  return `<h2 id="human">Human sign-off</h2>\n${tables.join('\n')}`;
}

/**
 * One table of the domain's (human sign-off, a citation's sign-offs, manual evidence): its title, its
 * intro, and its rows when it has any; a cell's line breaks are kept, and a "file in binder" column
 * links to the file.
 */
function tableHtml(t: HumanTable, heading: { level: 'h2' | 'h3'; id?: string } = { level: 'h3' }): string {
  const fileColumn = t.headers.at(-1) === 'file in binder' ? t.headers.length - 1 : -1;
  const grid = gridHtml(t.headers, t.rows, (c, i) =>
    i === fileColumn
      ? `<td class="mono"><a href="${e(c)}">${e(c)}</a></td>`
      : `<td>${c.split('\n').map(wrapHtml).join('<br>')}</td>`,
  );
  const id = heading.id ? ` id="${e(heading.id)}"` : '';
  return `<${heading.level}${id}>${wrapHtml(t.title)}</${heading.level}>\n<p>${wrapHtml(t.intro)}</p>${grid ? `\n${grid}` : ''}`;
}

/** One row of the evidence list. */
export function htmlIndexRow(r: IndexRow): string {
  return `<tr><td class="nw">${e(r.observedAt)}</td><td><a class="mono id" href="${e(r.path)}">${e(r.evidenceId)}</a><br><span class="mono id muted">${e(r.recordHash)}</span></td><td>${wrapHtml(r.source)}</td><td>${r.sequence}</td><td class="mono">${e(r.subjectKey)}</td></tr>\n`;
}

/** Closes the evidence list; the evidence root hash is known only once every file is written. */
export function htmlTail(extra: {
  evidenceRootHash: string;
  evidenceFiles: number;
  /** SHA-256 of the signing key (SPKI DER); undefined for an unsigned binder */
  signingKeyFingerprint?: string | undefined;
  omitted?: number;
}): string {
  return `</table>${extra.omitted ? `\n<p><strong>${extra.omitted} more records</strong> are not listed here, to keep this page usable: every record is in the evidence folder and in the PDF's evidence index.</p>` : ''}
<h2 id="integrity">Evidence root hash</h2>
<p class="mono">${e(extra.evidenceRootHash)}</p>
<p>SHA-256 of the RFC 8785 canonical JSON of the manifest entries of the ${extra.evidenceFiles} evidence files, in manifest order: the hash printed on the PDF cover.</p>
${signingKeyHtml(extra.signingKeyFingerprint)}
</body></html>
`;
}

/** The signing key's fingerprint, whole, and where the trusted copy comes from. */
function signingKeyHtml(fingerprint: string | undefined): string {
  if (!fingerprint)
    return '<h2 id="signing-key">Signing key</h2>\n<p>This binder is not signed: nothing in it shows who made it.</p>';
  return `<h2 id="signing-key">Signing key</h2>
<p class="mono">${e(fingerprintGroups(fingerprint))}</p>
<p>SHA-256 of the Ed25519 public key (SPKI DER) that signs this binder. The binder ships that key, so its signature alone proves nothing about who made it: compare this fingerprint with a trusted copy obtained out of band from ${e(TRUSTED_FINGERPRINT_SOURCES).replace(/`([^`]+)`/g, '<code>$1</code>')}, then run <code>npx evidence verify &lt;binder&gt;.zip --fingerprint &lt;trusted fingerprint&gt;</code>.</p>`;
}

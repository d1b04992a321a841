import { describe, expect, it } from 'vitest';
import {
  buildHumanEvidence,
  type HumanEvidence,
  humanEvidenceTables,
} from '../../../../core/domain/binder/human-evidence';
import {
  citationSignOffs,
  manualEvidenceTable,
  onFile,
  onFileText,
  signOffTable,
} from '../../../../core/domain/binder/sign-offs';
import { assess } from '../../../../core/domain/catalog';
import { linkRecord, prepareRecord } from '../../../../core/domain/chain';
import { parseEvent } from '../../../../core/domain/normalize';
import type { Observation } from '../../../../core/domain/observation';
import { INTERNAL_DETAIL_TYPES, internalEvent } from '../../../../evidence-schemas';

const ACCOUNT = '111122223333';
const PERIOD = { from: '2026-10-01T00:00:00.000Z', to: '2026-10-31T23:59:59.999Z' };
const SHA = 'b'.repeat(64);

function observe(raw: unknown): Observation {
  const out = parseEvent(raw);
  if (out.kind !== 'observation') throw new Error(`expected an observation, got ${JSON.stringify(out)}`);
  return out.observation;
}

function decisionObservation(decision: string): Observation {
  return observe(
    internalEvent(INTERNAL_DETAIL_TYPES.attestation, {
      id: `decision-${decision}`,
      time: '2026-10-07T09:00:00.000Z',
      account: ACCOUNT,
      region: 'global',
      detail: {
        kind: 'decision',
        citation: '164.312(a)(2)(iv)',
        decision,
        reason: 'KMS keys on every store of ePHI',
        decidedBy: 'Security committee',
      },
    }),
  );
}

/** A section with nothing in it (no account, so no review is flagged overdue). */
const empty = (): HumanEvidence => buildHumanEvidence([], PERIOD, []);

const upload = (target: string, at: string, fileName: string): HumanEvidence['uploads'][number] => ({
  accountId: ACCOUNT,
  target,
  sha256: SHA,
  bytes: 120,
  fileName,
  mediaType: 'application/pdf',
  uploadedBy: 'Marcus Webb',
  at,
  evidenceId: `ev_${'1'.repeat(32)}`,
  path: `manual/${SHA}-${fileName}`,
});

describe('sign-offs attached to their citations', () => {
  it('reads a decision stored before its status was truthful (NOT_APPLICABLE) by what was decided', () => {
    const obs = decisionObservation('implemented');
    // the verdict as records made before this change stored it
    const old = assess(obs).map((a) => ({ ...a, status: 'NOT_APPLICABLE' as const }));
    const record = linkRecord(prepareRecord(obs, old), undefined, obs.observedAt);
    const h = buildHumanEvidence([record], PERIOD, [ACCOUNT]);
    expect(citationSignOffs(h, '164.312(a)(2)(iv)')).toEqual([
      {
        kind: 'decision',
        who: 'sign-off by Security committee',
        at: '2026-10-07T09:00:00.000Z',
        what: 'implemented as specified (COMPLIANT): KMS keys on every store of ePHI',
        evidenceId: record.evidenceId,
      },
    ]);
    expect(citationSignOffs(h, '164.312(e)(1)')).toEqual([]);
    const decisions = humanEvidenceTables(h).find((t) => t.title.startsWith('Decisions'));
    expect(decisions?.rows[0]?.[2]).toBe('implemented (COMPLIANT)');
  });

  it('attaches a document to the citation it was filed for, or to the citations of its control', () => {
    const h = {
      ...empty(),
      uploads: [
        upload('164.308(b)(1)', '2026-10-09T08:00:00.000Z', 'baa.pdf'),
        upload('log-retention', '2026-10-10T08:00:00.000Z', 'archive-policy.pdf'),
      ],
    };
    expect(citationSignOffs(h, '164.316(b)(2)(i)').map((x) => [x.kind, x.who, x.what])).toEqual([
      ['document', 'upload by Marcus Webb', 'archive-policy.pdf, 120 bytes, filed for log-retention'],
    ]);
    expect(citationSignOffs(h, '164.312(b)')).toEqual([]);
    expect(onFile({ citation: '164.308(b)(1)' }, h)).toEqual([
      {
        kind: 'document',
        text: 'baa.pdf, upload by Marcus Webb, 2026-10-09',
        evidenceId: `ev_${'1'.repeat(32)}`,
      },
    ]);
  });

  it('says per manual specification what is on file, the evidence id on its own line, or nothing on file', () => {
    const h = {
      ...empty(),
      uploads: [upload('164.308(b)(1)', '2026-10-09T08:00:00.000Z', 'baa.pdf')],
      decisions: [
        {
          accountId: ACCOUNT,
          citation: '164.308(a)(3)(ii)(A)',
          decision: 'alternative' as const,
          reason: 'supervision by the on-call lead',
          at: '2026-10-02T00:00:00.000Z',
          evidenceId: `ev_${'2'.repeat(32)}`,
        },
      ],
    };
    expect(onFileText({ citation: '164.308(b)(1)' }, h)).toBe(
      `baa.pdf, upload by Marcus Webb, 2026-10-09\nev_${'1'.repeat(32)}`,
    );
    expect(onFileText({ citation: '164.308(a)(3)(ii)(A)' }, h)).toBe(
      `decision: met by an equivalent alternative measure, sign-off (signer not named), 2026-10-02\nev_${'2'.repeat(32)}`,
    );
    expect(onFileText({ citation: '164.308(a)(5)' }, h)).toBe('nothing on file');
    expect(onFileText({ citation: '164.308(a)(5)' }, undefined)).toBe('nothing on file');
    const table = manualEvidenceTable(
      [{ citation: '164.308(a)(5)', title: 't', requirement: 'standard', evidenceExpected: 'x' }],
      h,
    );
    expect(table.rows).toEqual([['164.308(a)(5)', 't', 'standard', 'x', 'nothing on file']]);
  });

  it('lists reviews and overdue reviews on the citations of their review control', () => {
    const h: HumanEvidence = {
      ...empty(),
      reviews: [
        {
          accountId: ACCOUNT,
          controlId: 'log-review',
          reviewer: 'Priya Natarajan',
          decision: 'approved',
          at: '2026-10-03T15:00:00.000Z',
          scope: 'CloudTrail, September',
          evidenceId: `ev_${'3'.repeat(32)}`,
        },
      ],
      overdue: [{ accountId: ACCOUNT, controlId: 'log-review', reason: 'no approved review in the period' }],
    };
    const entries = citationSignOffs(h, '164.312(b)');
    expect(entries.map((x) => [x.kind, x.who, x.what])).toEqual([
      [
        'review overdue',
        'the review cadence check',
        'log-review of account 111122223333: no approved review in the period',
      ],
      ['log review', 'sign-off by Priya Natarajan', 'approved; scope: CloudTrail, September'],
    ]);
    expect(citationSignOffs(h, '164.308(a)(3)(ii)(B)')).toEqual([]);
    const table = signOffTable(entries);
    expect(table.rows[1]).toEqual([
      'log review',
      'sign-off by Priya Natarajan\n2026-10-03 15:00Z',
      'approved; scope: CloudTrail, September',
      `ev_${'3'.repeat(32)}`,
    ]);
    expect(signOffTable([]).intro).toContain('No decision, document, exception or review');
  });
});

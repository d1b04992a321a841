import { describe, expect, it } from 'vitest';
import { aliasKeyOf, WRITER_PARTITIONS } from '../../core/adapters/dynamodb/table-schema';
import { policyStatements, type Statement, synthesizePipelines } from './pipeline-fixture';

// Who can write which items of the evidence table: only the evidence writers write chains, the
// quarantine and identity aliases; the drift and checkpoint functions reach only their own partitions;
// the export function writes nothing. A table writer outside these paths is attack (1) of the threat
// model: this makes it impossible, not just detectable.

const WRITES = ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:UpdateItem'];
const { defaults } = synthesizePipelines({ nag: false });

type Conditioned = Statement & { Condition?: Record<string, Record<string, unknown>> };
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** The partition patterns each write statement of a role's policy is limited to ('any' when none). */
function reachableWrites(policy: string): { actions: string[]; partitions: unknown }[] {
  return (policyStatements(defaults.template, policy) as Conditioned[])
    .filter((s) => actions(s).some((a) => WRITES.includes(a)))
    .map((s) => ({
      actions: actions(s).filter((a) => a.startsWith('dynamodb:')),
      partitions: s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? 'any',
    }));
}

describe('table writes per role (dynamodb:LeadingKeys)', () => {
  it('collect and sweep write evidence partitions only', () => {
    for (const policy of ['PipelineCollectPolicy', 'PipelineScheduledSweepPolicy']) {
      const writes = reachableWrites(policy);
      expect(writes.length, policy).toBeGreaterThan(0);
      for (const w of writes) expect(w.partitions, policy).toEqual([...WRITER_PARTITIONS.evidence]);
    }
  });

  it('collect and sweep may write the IAM identity aliases they learn; no other role may', () => {
    const { pk } = aliasKeyOf('111122223333', 'AIDACAROL0EXAMPLE0002');
    const matches = (pattern: string) =>
      pattern.endsWith('*') ? pk.startsWith(pattern.slice(0, -1)) : pk === pattern;
    expect(WRITER_PARTITIONS.evidence.some(matches)).toBe(true);
    expect([...WRITER_PARTITIONS.drift, ...WRITER_PARTITIONS.checkpoint].some(matches)).toBe(false);
  });

  it('the drift function writes its notification ledger only', () => {
    const writes = reachableWrites('PipelineDriftPolicy');
    expect(writes).toEqual([
      {
        actions: ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'],
        partitions: [...WRITER_PARTITIONS.drift],
      },
    ]);
  });

  it('the checkpoint function puts checkpoints and tree heads only, and deletes nothing', () => {
    expect(reachableWrites('PipelineScheduledCheckpointPolicy')).toEqual([
      { actions: ['dynamodb:PutItem'], partitions: [...WRITER_PARTITIONS.checkpoint] },
    ]);
  });

  it('the export function writes nothing', () => {
    expect(reachableWrites('PipelineExportPolicy')).toEqual([]);
  });

  it('no role may write the table without a partition condition', () => {
    for (const policy of [
      'PipelineCollectPolicy',
      'PipelineScheduledSweepPolicy',
      'PipelineScheduledCheckpointPolicy',
      'PipelineDriftPolicy',
      'PipelineExportPolicy',
    ])
      for (const w of reachableWrites(policy)) expect(w.partitions, policy).not.toBe('any');
  });
});

/** Chain heads: one item per subject, moved by one conditional put per commit. */
import { z } from 'zod';
import { SubjectSchema, VerdictStatusSchema } from '../../../evidence-schemas';
import { HeadEphiScopeSchema } from '../../../evidence-schemas/common';
import { ChainConflictError } from '../../ports/errors';
import type { ChainHead } from '../../ports/evidence-store';
import { batchGet, conditionalPut, type Item, N, S, scanKind, str, type Table } from './table';
import { HEAD_SK, subjectPk } from './table-schema';

/** The heads of these subjects (a subject without a chain has none). */
export async function getHeads(table: Table, subjectKeys: string[]): Promise<Map<string, ChainHead>> {
  const out = new Map<string, ChainHead>();
  const keys = [...new Set(subjectKeys)].map((k) => ({ pk: S(subjectPk(k)), sk: S(HEAD_SK) }));
  for (const item of await batchGet(table, keys)) {
    const head = parseHead(item);
    out.set(head.subjectKey, head);
  }
  return out;
}

/** Moves a head; ChainConflictError when it is no longer at `expectedSequence`. */
export async function commitHead(
  table: Table,
  next: ChainHead,
  expectedSequence: number | undefined,
): Promise<void> {
  // a whole-item conditional put: the head is small, and a put's condition is all that must be atomic
  const { refusal } = await conditionalPut(
    table,
    {
      pk: S(subjectPk(next.subjectKey)),
      sk: S(HEAD_SK),
      kind: S('head'),
      seq: N(next.sequence),
      tip: S(next.recordHash),
      subjectKey: S(next.subjectKey),
      subject: S(JSON.stringify(next.subject)),
      lastObservedAt: S(next.lastObservedAt),
      facets: S(JSON.stringify(next.facets)),
      posture: S(JSON.stringify(next.posture)),
      lastBatch: S(JSON.stringify(next.lastBatch)),
      lastBatchDays: S(JSON.stringify(next.lastBatchDays ?? [])),
      // the drift function's stream filter selects heads whose commit changed posture
      transitions: S(JSON.stringify(next.transitions ?? [])),
      hasTransitions: { BOOL: (next.transitions?.length ?? 0) > 0 },
      // and heads whose commit stored notable activity (a finding to review, not a posture change)
      notable: S(JSON.stringify(next.notable ?? [])),
      hasNotable: { BOOL: (next.notable?.length ?? 0) > 0 },
      ...(next.ephi ? { ephi: S(JSON.stringify(next.ephi)) } : {}),
    },
    expectedSequence === undefined ? 'attribute_not_exists(pk)' : 'seq = :expected',
    expectedSequence === undefined ? undefined : { ':expected': N(expectedSequence) },
  );
  if (refusal) throw new ChainConflictError(next.subjectKey, { cause: refusal });
}

/** Every head in the table. */
export async function* listHeads(table: Table): AsyncIterable<ChainHead> {
  for await (const item of scanKind(table, 'head')) yield parseHead(item);
}

const HeadJsonSchema = z.object({
  subject: SubjectSchema,
  facets: z.record(z.string(), z.object({ stateHash: z.string(), observedAt: z.string() })),
  posture: z.record(
    z.string(),
    z.object({
      status: VerdictStatusSchema,
      reason: z.string(),
      observedAt: z.string(),
      evidenceId: z.string(),
      orderKey: z.string(),
      since: z.string().optional(),
      lastResolvedAt: z.string().optional(),
    }),
  ),
  lastBatch: z.array(z.string()),
  ephi: HeadEphiScopeSchema.optional(),
  lastBatchDays: z.array(z.string()),
});

/** Reads a head item; its JSON attributes are validated, never trusted as they are. */
function parseHead(item: Item): ChainHead {
  const json = (name: string, fallback: string): unknown => JSON.parse(str(item, name) || fallback);
  const parsed = HeadJsonSchema.parse({
    subject: json('subject', '{}'),
    facets: json('facets', '{}'),
    posture: json('posture', '{}'),
    lastBatch: json('lastBatch', '[]'),
    ephi: item.ephi ? json('ephi', '{}') : undefined,
    lastBatchDays: json('lastBatchDays', '[]'),
  });
  const { ephi, ...rest } = parsed;
  return {
    subjectKey: str(item, 'subjectKey'),
    sequence: Number(item.seq?.N ?? 0),
    recordHash: str(item, 'tip'),
    lastObservedAt: str(item, 'lastObservedAt'),
    ...rest,
    ...(ephi ? { ephi } : {}),
  };
}

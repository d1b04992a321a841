/**
 * Manual evidence uploads: an 'Evidence Manual Upload' internal event becomes an observation of the
 * document itself (HIPAA::Document, id = its SHA-256), so the same file filed twice lands on one chain.
 */
import {
  type InternalEventEnvelope,
  ManualUploadDetailSchema,
  type Subject,
} from '../../../../evidence-schemas';
import { describeIssues, type ParseOutcome } from '../outcome';

/** Resource type of an uploaded document; its resourceId is the document's SHA-256. */
export const DOCUMENT_TYPE = 'HIPAA::Document';

/** The subject of an uploaded document in an account. */
export const documentSubject = (accountId: string, sha256: string): Subject => ({
  accountId,
  region: 'global',
  resourceType: DOCUMENT_TYPE,
  resourceId: sha256,
});

/** Normalizes one upload event; its detail is validated by ManualUploadDetailSchema. */
export function parseManualUpload(e: InternalEventEnvelope): ParseOutcome {
  const parsed = ManualUploadDetailSchema.safeParse(e.detail);
  if (!parsed.success)
    return { kind: 'invalid', reason: describeIssues('invalid manual upload detail', parsed.error) };
  const d = parsed.data;
  return {
    kind: 'observation',
    observation: {
      subject: documentSubject(e.account, d.sha256),
      source: { kind: 'manual-upload', eventId: e.id, eventTime: e.time, eventName: 'upload' },
      ...(d.uploadedBy ? { actor: { principalType: 'Person', userName: d.uploadedBy } } : {}),
      observedAt: e.time,
      facts: { type: 'manual-upload', ...d },
    },
  };
}

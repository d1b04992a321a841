/**
 * What a subject is, so that no output counts bookkeeping as a resource:
 * - `resource`: an AWS resource or account whose configuration or activity is evidence;
 * - `collection`: the pipeline's own collection health (a sweep collector, a control's coverage);
 * - `sign-off`: human evidence (reviews and review-due notices, exceptions, decisions, uploaded
 *   documents, the access snapshot taken with an access review).
 * Only `resource` subjects are counted as resources in status, charts, compliance shares and the
 * inventory; collection health and sign-offs have sections of their own.
 */

export type SubjectKind = 'resource' | 'collection' | 'sign-off';

const COLLECTION_PREFIX = 'HIPAA::Coverage::';
const SIGN_OFF_PREFIXES = [
  'HIPAA::Review::',
  'HIPAA::Exception::',
  'HIPAA::Decision::',
  'HIPAA::Document',
  'HIPAA::IAM::AccessSnapshot',
];

/** The kind of a subject, by its resource type. */
export function subjectKind(resourceType: string): SubjectKind {
  if (resourceType.startsWith(COLLECTION_PREFIX)) return 'collection';
  if (SIGN_OFF_PREFIXES.some((p) => resourceType.startsWith(p))) return 'sign-off';
  return 'resource';
}

/** Whether a subject is an AWS resource (or account), not bookkeeping or a sign-off. */
export function isResource(subject: { resourceType: string }): boolean {
  return subjectKind(subject.resourceType) === 'resource';
}

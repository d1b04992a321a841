/**
 * IAM users and roles as ONE subject whichever id a source names them by. Pure.
 *
 * AWS names an IAM identity three ways: its name, its ARN, and its unique id (AIDA… for a user, AROA…
 * for a role). CloudTrail and the sweep give the name and ARN; a Config configuration item gives the
 * unique id with the name and ARN; a Config compliance change gives the unique id alone. The canonical
 * subject is the readable one, keyed by its ARN, with the unique id kept as `alias`. A subject known by
 * its unique id alone is "unresolved": ingest resolves it from the aliases the store already knows, and
 * readers resolve records that arrived before their alias was known (`aliasResolutions`,
 * `mergeResolvedPosture`), so the order events arrive in does not matter.
 */
import type { Subject } from '../../evidence-schemas';
import { canonicalArn } from './arn';
import { subjectKey } from './observation';
import { orderKey } from './posture';

/** The IAM resource types whose subjects are resolved across ids. */
export const IAM_IDENTITY_TYPES: ReadonlySet<string> = new Set(['AWS::IAM::User', 'AWS::IAM::Role']);

/** The prefix of a unique id per type (AWS's documented unique id prefixes). */
const UNIQUE_ID_PREFIX: Record<string, string> = { 'AWS::IAM::User': 'AIDA', 'AWS::IAM::Role': 'AROA' };

/** An IAM unique id: a four-letter prefix and upper-case letters and digits (21 characters in practice). */
const UNIQUE_ID = /^(AIDA|AROA)[A-Z0-9]{8,124}$/;

/** Whether `id` is an IAM user's or role's unique id (AIDA…/AROA…), not a name. */
export function isIamUniqueId(id: string): boolean {
  return UNIQUE_ID.test(id);
}

/** What the store keeps of an identity once a source named it by both its unique id and its ARN. */
export interface IamAlias {
  accountId: string;
  /** AIDA… or AROA… */
  uniqueId: string;
  resourceType: string;
  name: string;
  arn: string;
}

/** The name in an IAM user or role ARN: the last segment of its path (`user/team/carol` is `carol`). */
export function nameOfIamArn(arn: string): string | undefined {
  const resource = /^arn:[^:]+:iam::\d{12}:(?:user|role)\/(.+)$/.exec(arn)?.[1];
  return resource?.split('/').pop() || undefined;
}

/**
 * The subject of an IAM user or role, as every source should name it: by its name and ARN (the key), in
 * region `global` (IAM has no region, while a Config rule reports the region it runs in), with its unique
 * id as alias when the source gave it. A subject known by its unique id alone stays unresolved (named by
 * that id) but is in region `global` too: evidence of one identity never looks regional, so the coverage
 * check does not see a regional gap when the resolved subject's evidence arrives under `global`.
 */
export function iamIdentitySubject(
  accountId: string,
  region: string,
  resourceType: string,
  resourceId: string,
  arn?: string,
  uniqueId?: string,
): Subject {
  // unresolved: named by the unique id the source gave, until an alias resolves it
  if (!arn) return { accountId, region: 'global', resourceType, resourceId };
  // a CloudTrail principalId may carry a session name after the id ("AROA…:session"): not an alias
  const id = [uniqueId, resourceId].find((x): x is string => x !== undefined && isIamUniqueId(x));
  const name = nameOfIamArn(arn) ?? (isIamUniqueId(resourceId) ? undefined : resourceId) ?? resourceId;
  return {
    accountId,
    region: 'global',
    resourceType,
    resourceId: name,
    arn: canonicalArn(arn),
    ...(id && id !== name ? { alias: id } : {}),
  };
}

/** The unique id an unresolved IAM subject is known by (no ARN, its id an AIDA…/AROA…), else undefined. */
export function unresolvedIamId(subject: Subject): string | undefined {
  if (!IAM_IDENTITY_TYPES.has(subject.resourceType) || subject.arn) return undefined;
  return isIamUniqueId(subject.resourceId) ? subject.resourceId : undefined;
}

/** The alias a subject teaches: an IAM identity named with both its unique id and its ARN. */
export function aliasOf(subject: Subject): IamAlias | undefined {
  const { accountId, resourceType, resourceId, arn, alias } = subject;
  if (!IAM_IDENTITY_TYPES.has(resourceType) || !arn || !alias || !isIamUniqueId(alias)) return undefined;
  if (!alias.startsWith(UNIQUE_ID_PREFIX[resourceType] ?? '')) return undefined;
  return { accountId, uniqueId: alias, resourceType, name: resourceId, arn };
}

/**
 * A chain head's subject with the alias one of `chunk`'s observations gave, when it had none: the head
 * names its subject as first seen (a CloudTrail call names a user without the unique id), and should
 * still show the unique id once a source gave it.
 */
export function withKnownAlias(
  subject: Subject,
  chunk: readonly { observation: { subject: Subject } }[],
): Subject {
  if (subject.alias || !IAM_IDENTITY_TYPES.has(subject.resourceType)) return subject;
  const alias = chunk.find((e) => e.observation.subject.alias)?.observation.subject.alias;
  return alias ? { ...subject, alias } : subject;
}

/**
 * How an output names a subject: its ARN (else its id), and for an IAM identity its unique id as alias,
 * so a reader can match it to an AWS Config finding that names the unique id alone.
 */
export function subjectName(subject: { arn?: string; resourceId: string; alias?: string }): string {
  const name = subject.arn ?? subject.resourceId;
  return subject.alias ? `${name} (alias ${subject.alias})` : name;
}

/** Key of an alias in maps and lookups: an account and a unique id (AWS never reuses a unique id). */
export const aliasKey = (accountId: string, uniqueId: string) => `${accountId}/${uniqueId}`;

/** The canonical subject an unresolved one resolves to, when `alias` is its own (same account and type). */
export function resolveIamSubject(subject: Subject, alias: IamAlias | undefined): Subject | undefined {
  const id = unresolvedIamId(subject);
  if (!id || !alias) return undefined;
  if (alias.uniqueId !== id || alias.accountId !== subject.accountId) return undefined;
  if (alias.resourceType !== subject.resourceType) return undefined;
  return iamIdentitySubject(
    alias.accountId,
    'global',
    alias.resourceType,
    alias.name,
    alias.arn,
    alias.uniqueId,
  );
}

/** Where the records stored under an unresolved subject belong: the canonical subject and its key. */
export interface AliasResolution {
  subjectKey: string;
  subject: Subject;
}

/**
 * Per stored subject key, the canonical subject of each unresolved subject that one of `aliases` names:
 * what a reader folds into the canonical subject. Resolved and unknown subjects are left out.
 */
export function aliasResolutions(
  subjects: Iterable<{ subjectKey: string; subject: Subject }>,
  aliases: Iterable<IamAlias>,
): Map<string, AliasResolution> {
  const byId = new Map<string, IamAlias>();
  for (const a of aliases) byId.set(aliasKey(a.accountId, a.uniqueId), a);
  const out = new Map<string, AliasResolution>();
  for (const s of subjects) {
    const id = unresolvedIamId(s.subject);
    if (!id) continue;
    const resolved = resolveIamSubject(s.subject, byId.get(aliasKey(s.subject.accountId, id)));
    if (resolved) out.set(s.subjectKey, { subjectKey: subjectKey(resolved), subject: resolved });
  }
  return out;
}

/** The (account, unique id) of every unresolved subject: what a reader looks aliases up by. */
export function unresolvedIds(subjects: Iterable<Subject>): { accountId: string; uniqueId: string }[] {
  const out = new Map<string, { accountId: string; uniqueId: string }>();
  for (const s of subjects) {
    const id = unresolvedIamId(s);
    if (id) out.set(aliasKey(s.accountId, id), { accountId: s.accountId, uniqueId: id });
  }
  return [...out.values()];
}

/** What `mergeResolvedPosture` needs of a posture entry. */
export interface KeyedVerdict {
  subjectKey: string;
  subject: Subject;
  controlId: string;
  observedAt: string;
  evidenceId: string;
}

/**
 * Posture entries with every resolved subject under its canonical key, one entry per (subject, control):
 * where the canonical subject and its alias both have a verdict, the later one by observation time
 * holds, as within one chain. The canonical subject is named as the resolution says (with its alias).
 */
export function mergeResolvedPosture<E extends KeyedVerdict>(
  entries: readonly E[],
  resolutions: ReadonlyMap<string, AliasResolution>,
): E[] {
  if (resolutions.size === 0) return [...entries];
  const canonical = new Map<string, Subject>();
  for (const r of resolutions.values()) canonical.set(r.subjectKey, r.subject);
  const out = new Map<string, E>();
  for (const e of entries) {
    const r = resolutions.get(e.subjectKey);
    const key = r?.subjectKey ?? e.subjectKey;
    const subject = canonical.get(key) ?? e.subject;
    const moved = { ...e, subjectKey: key, subject };
    const at = `${moved.controlId}\u0000${key}`;
    const held = out.get(at);
    if (!held || orderKey(held.observedAt, held.evidenceId) < orderKey(e.observedAt, e.evidenceId))
      out.set(at, moved);
  }
  return [...out.values()];
}

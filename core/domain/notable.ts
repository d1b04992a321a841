/**
 * Notable activity: the events of the record an information system activity review must look at,
 * whatever a control made of them. Root sign-ins, console sign-ins without MFA, denied attempts on
 * audit, logging, encryption and IAM, and access changes (access keys and console passwords created,
 * policies attached or put, MFA devices removed). Each is a finding to review, never a posture change:
 * the classifier reads stored records and decides nothing about compliance. Pure.
 */
import type { EvidenceRecord, NotableEntry, NotableKind } from '../../evidence-schemas';
import { producedBy } from './actor';
import { field, str } from './facts-access';
import { subjectKey } from './observation';

/** Information system activity review: every notable event is for it. */
export const ACTIVITY_REVIEW = '164.308(a)(1)(ii)(D)';
/** Access establishment and modification: access keys, console passwords, policies, MFA. */
export const ACCESS_MODIFICATION = '164.308(a)(4)(ii)(C)';
/** Security incident response and reporting: denied attempts and root use are possible incidents. */
export const RESPONSE_AND_REPORTING = '164.308(a)(6)(ii)';
/** Person or entity authentication: a sign-in without MFA, an MFA device removed. */
export const AUTHENTICATION = '164.312(d)';

/**
 * CloudTrail events the review reads that no control evaluates (policy attachments): the EventBridge
 * rule forwards them and the normalizer names their subject, so they are stored as evidence with no
 * verdict. (Access keys, console passwords and MFA changes are already control events.)
 */
export const NOTABLE_EVENT_NAMES: readonly string[] = [
  'AttachGroupPolicy',
  'AttachRolePolicy',
  'AttachUserPolicy',
  'PutGroupPolicy',
  'PutRolePolicy',
  'PutUserPolicy',
];

/** AccessDenied, AccessDeniedException, Client.UnauthorizedOperation, ...: the call was refused. */
export function isDeniedError(errorCode: string | undefined): boolean {
  return errorCode !== undefined && /Denied|UnauthorizedOperation/i.test(errorCode);
}

/** Services whose every write is an audit, logging, encryption or IAM control. */
const GUARDED_SOURCES = new Set([
  'cloudtrail.amazonaws.com',
  'config.amazonaws.com',
  'kms.amazonaws.com',
  'logs.amazonaws.com',
  'iam.amazonaws.com',
]);
/** S3 calls that change a bucket's encryption, policy or public access (other S3 calls are data work). */
const GUARDED_S3_CALL = /Encryption|PublicAccessBlock|BucketPolicy|BucketAcl/;

/** Whether a call, if refused, would be an attempt on an audit, logging, encryption or IAM control. */
export function guarded(eventSource: string | undefined, eventName: string): boolean {
  if (eventSource === 's3.amazonaws.com') return GUARDED_S3_CALL.test(eventName);
  return eventSource !== undefined && GUARDED_SOURCES.has(eventSource);
}

const POLICY_TARGET: Record<string, string> = {
  AttachUserPolicy: 'user',
  PutUserPolicy: 'user',
  AttachRolePolicy: 'role',
  PutRolePolicy: 'role',
  AttachGroupPolicy: 'group',
  PutGroupPolicy: 'group',
};

interface Finding {
  kind: NotableKind;
  what: string;
  citations: string[];
}

/** The name of the IAM user, role or group a call acted on, from its request. */
function target(record: EvidenceRecord): string {
  const req = field(record.snapshot, 'requestParameters');
  return (
    str(field(req, 'userName')) ??
    str(field(req, 'roleName')) ??
    str(field(req, 'groupName')) ??
    record.subject.resourceId
  );
}

function signInFinding(record: EvidenceRecord): Finding | undefined {
  const s = record.snapshot;
  const mfa = field(s, 'mfaUsed');
  const succeeded = str(field(s, 'result')) === 'Success';
  if (str(field(s, 'identityType')) === 'Root') {
    const how = mfa === false ? ' without MFA' : mfa === true ? ' with MFA' : '';
    return {
      kind: 'root-sign-in',
      what: succeeded
        ? `root user signed in to the console${how}`
        : 'root user console sign-in attempt failed',
      citations: [ACTIVITY_REVIEW, RESPONSE_AND_REPORTING, ...(mfa === false ? [AUTHENTICATION] : [])],
    };
  }
  if (succeeded && mfa === false) {
    return {
      kind: 'console-sign-in-without-mfa',
      what: `console sign-in without MFA by ${record.actor?.userName ?? record.subject.resourceId}`,
      citations: [ACTIVITY_REVIEW, AUTHENTICATION],
    };
  }
  return undefined;
}

/** A successful call that changes who can do what. */
function accessChange(record: EvidenceRecord, eventName: string): Finding | undefined {
  const access = (kind: NotableKind, what: string, extra: string[] = []): Finding => ({
    kind,
    what,
    citations: [ACTIVITY_REVIEW, ACCESS_MODIFICATION, ...extra],
  });
  const who = target(record);
  switch (eventName) {
    case 'CreateAccessKey': {
      const keyId = str(field(record.snapshot, 'responseElements', 'accessKey', 'accessKeyId'));
      const forWhom = str(field(record.snapshot, 'requestParameters', 'userName'));
      // without a userName the caller made the key for itself (the root user, when it is root)
      const owner = forWhom ? `IAM user ${forWhom}` : (record.actor?.userName ?? 'the caller itself');
      return access(
        'access-key-created',
        `access key${keyId ? ` ${keyId}` : ''} created for ${owner}`,
        record.actor?.principalType === 'Root' ? [RESPONSE_AND_REPORTING] : [],
      );
    }
    case 'CreateLoginProfile':
      return access('login-profile-created', `console password created for IAM user ${who}`);
    case 'DeactivateMFADevice':
    case 'DeleteVirtualMFADevice':
      return access(
        'mfa-removed',
        `MFA device ${eventName === 'DeactivateMFADevice' ? 'deactivated' : 'deleted'} for ${who}`,
        [AUTHENTICATION],
      );
    default: {
      const kind = POLICY_TARGET[eventName];
      if (!kind) return undefined;
      const req = field(record.snapshot, 'requestParameters');
      const policy = str(field(req, 'policyArn')) ?? str(field(req, 'policyName'));
      const verb = eventName.startsWith('Attach') ? 'attached to' : 'put on';
      return access('policy-attached', `policy ${policy ?? '(unnamed)'} ${verb} IAM ${kind} ${who}`);
    }
  }
}

/**
 * The notable activity one stored record shows, or undefined when it shows none. `storedUnder` is the
 * key the record is stored under when the caller knows it (else derived from the record's subject).
 */
export function notableOf(record: EvidenceRecord, storedUnder?: string): NotableEntry | undefined {
  const src = record.source;
  if (src.kind !== 'cloudtrail-api-call' && src.kind !== 'cloudtrail-console-sign-in') return undefined;
  const eventName = src.eventName ?? str(field(record.snapshot, 'eventName'));
  if (!eventName) return undefined;
  const denied = isDeniedError(src.errorCode);
  let finding: Finding | undefined;
  if (src.kind === 'cloudtrail-console-sign-in') finding = signInFinding(record);
  else if (denied) {
    finding = guarded(src.eventSource, eventName)
      ? {
          kind: 'denied-attempt',
          what: `${eventName} attempted on ${record.subject.resourceId}`,
          citations: [ACTIVITY_REVIEW, RESPONSE_AND_REPORTING],
        }
      : undefined;
  } else if (src.errorCode === undefined) finding = accessChange(record, eventName);
  if (!finding) return undefined;
  const actor = record.actor;
  const failedSignIn =
    src.kind === 'cloudtrail-console-sign-in' && str(field(record.snapshot, 'result')) !== 'Success';
  return {
    id: `notable:${record.evidenceId}`,
    kind: finding.kind,
    what: finding.what,
    who: producedBy(record),
    ...(actor?.userName ? { userName: actor.userName } : {}),
    ...(actor?.sourceIpAddress ? { sourceIpAddress: actor.sourceIpAddress } : {}),
    at: record.observedAt,
    outcome: denied ? 'denied' : failedSignIn ? 'failed' : 'succeeded',
    ...(src.errorCode ? { errorCode: src.errorCode } : {}),
    eventName,
    subjectKey: storedUnder ?? subjectKey(record.subject),
    subject: record.subject,
    evidenceId: record.evidenceId,
    sequence: record.integrity.sequence,
    citations: finding.citations,
  };
}

/** The notable activity of records (each stored under the key its subject gives). */
export function notableIn(records: readonly EvidenceRecord[]): NotableEntry[] {
  return records.flatMap((r) => notableOf(r) ?? []);
}

/** Notable entries in the order a reviewer reads them: by time, then evidence id. */
export function sortNotable<T extends Pick<NotableEntry, 'at' | 'evidenceId'>>(entries: Iterable<T>): T[] {
  return [...entries].sort((a, b) =>
    a.at === b.at ? a.evidenceId.localeCompare(b.evidenceId) : a.at < b.at ? -1 : 1,
  );
}

/** The entries that bear on one citation. */
export function notableFor(citation: string, entries: readonly NotableEntry[]): NotableEntry[] {
  return entries.filter((e) => e.citations.includes(citation));
}

/** "succeeded", "denied (AccessDenied)" or "failed": the outcome as every output words it. */
export function outcomeText(e: Pick<NotableEntry, 'outcome' | 'errorCode'>): string {
  return e.outcome === 'succeeded' ? 'succeeded' : `${e.outcome}${e.errorCode ? ` (${e.errorCode})` : ''}`;
}

/** What a citation page says when no control evidences the citation and notable activity is its record. */
export const NOTABLE_ONLY_NOTE =
  'No control of the catalog evidences this citation automatically: its record is the notable activity below (root use and denied attempts are possible security incidents to respond to and report). Its procedures are manual evidence.';

/** One sentence on a period's notable activity, by kind (the binder's executive summary). */
export function notableSummary(entries: readonly NotableEntry[]): string {
  if (entries.length === 0)
    return 'No notable activity (root sign-ins, denied attempts, access changes) in the period.';
  const count = (kinds: string[]) => entries.filter((e) => kinds.includes(e.kind)).length;
  const parts = [
    [count(['root-sign-in']), 'root sign-in(s)'],
    [count(['console-sign-in-without-mfa']), 'console sign-in(s) without MFA'],
    [count(['denied-attempt']), 'denied attempt(s)'],
    [
      count(['access-key-created', 'login-profile-created', 'policy-attached', 'mfa-removed']),
      'access change(s)',
    ],
  ]
    .filter(([n]) => Number(n) > 0)
    .map(([n, what]) => `${n} ${what}`);
  return `Notable activity to review: ${entries.length} event(s) (${parts.join(', ')}), listed on the citation pages they bear on.`;
}

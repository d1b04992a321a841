/**
 * Text formats the binder's renderers share (the PDF and index.html), so both say a time, a duration
 * or a resource the same way. Renderer-neutral: no escaping, no layout.
 */
import { subjectName } from '../../domain/iam-identity';

/** A time to the minute, UTC: `2026-10-05 10:00Z`; empty when there is none. */
export function utcMinute(iso: string | undefined): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')}Z` : '';
}

/** A duration for people: minutes, hours or days. */
export function humanDuration(ms: number): string {
  const h = ms / 3_600_000;
  if (h < 1) return `${Math.round(ms / 60_000)} min`;
  if (h < 48) return `${h.toFixed(1)} h`;
  return `${(h / 24).toFixed(1)} days`;
}

/** A share (0..1) as a percentage with one decimal; `-` when there is none. */
export function percent(share: number | undefined): string {
  return share === undefined ? '-' : `${(share * 100).toFixed(1)}%`;
}

/** How a resource is named: its ARN, else its id; an IAM identity with its unique id as alias. */
export function resourceName(d: { subject: { arn?: string; resourceId: string; alias?: string } }): string {
  return subjectName(d.subject);
}

/** A SHA-256 fingerprint in groups of 8 hex digits, so it is never broken inside a group when wrapped. */
export function fingerprintGroups(fingerprint: string): string {
  return fingerprint.match(/.{1,8}/g)?.join(' ') ?? fingerprint;
}

/** Where an auditor obtains the trusted fingerprint of the signing key, out of band. */
export const TRUSTED_FINGERPRINT_SOURCES =
  "the organisation's security officer; deployed: `evidence key --kms-key` with the stack output `BinderSigningKeyArn`; locally: `evidence key`";

/**
 * `acm-certificate-expiry`: ACM certificates are renewed before they expire, so TLS to an ePHI system
 * never fails open or falls back. A certificate whose `notAfter` is fewer than 14 days after the day
 * it was observed (acm-certificate-expiration-check's default daysToExpiration; Prowler's
 * acm_certificates_expiration_check tests the same) or that has expired is NON_COMPLIANT. The time
 * left is measured to the day the configuration item was captured (`context.asOf`, written by the
 * normalizer because this control `measuresTime`), never to the wall clock, so a record's verdict can
 * be recomputed. Judged from the certificate's item (Config's, or the sweep's from
 * DescribeCertificate). No CloudTrail call carries a certificate's expiry: a renewal or a re-import
 * shows in the next item.
 *
 * Test: test/core/domain/controls/transmission/acm-certificate-expiry.test.ts
 * Fixtures: test/fixtures/controls/edge.ts
 */
import { field, num, str } from '../../facts-access';
import { compliant, nonCompliant, type Verdict } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { ACM_CERTIFICATE, itemOf } from '../edge-sources';

/** acm-certificate-expiration-check's default daysToExpiration. */
export const MIN_DAYS_TO_EXPIRY = 14;

const DAY_MS = 86_400_000;

/** A time as ISO text or epoch (seconds or milliseconds), in milliseconds. */
function millis(value: unknown): number | undefined {
  const n = num(value);
  if (n !== undefined) return n < 1e12 ? n * 1000 : n;
  const s = str(value);
  const t = s === undefined ? Number.NaN : Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

/** Judges `acm-certificate-expiry`: a verdict, or undefined when the facts do not bear on it. */
export const acmCertificateExpiry: Evaluator = (facts): Verdict | undefined => {
  const ci = itemOf(facts, ACM_CERTIFICATE);
  if (!ci?.context) return undefined;
  const notAfter = millis(field(ci.configuration, 'notAfter'));
  // a certificate not yet issued (pending validation, failed) has no validity period
  if (notAfter === undefined) return undefined;
  const expires = new Date(notAfter).toISOString().slice(0, 10);
  const daysLeft = Math.floor((notAfter - Date.parse(`${ci.context.asOf}T00:00:00Z`)) / DAY_MS);
  // the reasons name days, never counts, so a verdict that holds does not change its text every day
  if (daysLeft < 0) return nonCompliant(`the certificate expired on ${expires}`);
  return daysLeft < MIN_DAYS_TO_EXPIRY
    ? nonCompliant(`the certificate expires on ${expires}, within ${MIN_DAYS_TO_EXPIRY} days`)
    : compliant(`the certificate is valid until ${expires}, over ${MIN_DAYS_TO_EXPIRY} days away`);
};

/** `acm-certificate-expiry` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'acm-certificate-expiry',
  title: 'ACM certificates are renewed at least 14 days before they expire',
  family: 'transmission',
  citations: ['164.312(e)(1)'],
  configRules: ['acm-certificate-expiration-check'],
  prowlerChecks: ['acm_certificates_expiration_check'],
  cloudTrailEvents: [],
  resourceTypes: [ACM_CERTIFICATE],
  measuresTime: true,
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Renew the certificate: fix DNS/email validation for an ACM-issued one, or re-import a renewed one (aws acm import-certificate).',
  evaluate: acmCertificateExpiry,
};

/**
 * Who or what produced a record, in the words every output uses (status, the binder's PDF, HTML and
 * OSCAL, Slack): a CloudTrail principal by its ARN, a named AWS Config rule, the configuration
 * recorder, the daily sweep, the coverage check, or a sign-off by the person who signed. One function,
 * so that the CLI, the binder and Slack never describe the same event differently.
 */
import type { Actor, Source } from '../../evidence-schemas';

/** What `producedBy` reads of a record (or of a transition, which carries the same fields). */
export interface ProducerFacts {
  source: Pick<Source, 'kind'> & Partial<Pick<Source, 'configRuleName'>>;
  actor?: Pick<Actor, 'principalArn' | 'principalType'> & Partial<Pick<Actor, 'userName'>>;
}

/** The producer of a record in plain words, e.g. "AWS Config rule s3-bucket-ssl-requests-only". */
export function producedBy(r: ProducerFacts): string {
  const person = r.actor?.userName;
  switch (r.source.kind) {
    case 'sweep':
      return 'the daily sweep';
    case 'coverage-check':
      return 'the coverage check';
    case 'attestation':
      return person ? `sign-off by ${person}` : 'the review cadence check';
    case 'manual-upload':
      return person ? `upload by ${person}` : 'a document upload (uploader not named)';
    case 'config-compliance-change':
      return r.source.configRuleName ? `AWS Config rule ${r.source.configRuleName}` : 'an AWS Config rule';
    case 'config-item':
    case 'config-item-change':
    case 'config-item-oversized':
      return r.actor?.principalArn ?? 'the AWS Config recorder (configuration change)';
    default:
      return (
        r.actor?.principalArn ?? person ?? r.actor?.principalType ?? 'CloudTrail (no principal recorded)'
      );
  }
}

/**
 * The subjects of the calls the access, KMS key state and trail-settings controls judge, named as AWS
 * Config names the resources so that calls, Config items and the sweep's items of one resource share a
 * subject (keyed by its ARN):
 * - the account password policy calls: the account (AWS::::Account, as the iam-password-policy rule
 *   and the root user are filed);
 */
import type { CloudTrailRecord, Subject } from '../../../evidence-schemas';
import { makeSubject } from './subject';

/** The resource one of these calls acts on, or undefined for other calls. */
export function identitySubject(r: CloudTrailRecord, account: string): Subject | undefined {
  switch (r.eventName) {
    case 'UpdateAccountPasswordPolicy':
    case 'DeleteAccountPasswordPolicy':
      // the policy belongs to the account and has no ARN of its own
      return makeSubject(account, 'global', 'AWS::::Account', account);
    default:
      return undefined;
  }
}

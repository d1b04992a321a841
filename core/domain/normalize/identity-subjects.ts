/**
 * The subjects of the calls the access, KMS key state and trail-settings controls judge, named as AWS
 * Config names the resources so that calls, Config items and the sweep's items of one resource share a
 * subject (keyed by its ARN):
 * - the account password policy calls: the account (AWS::::Account, as the iam-password-policy rule
 *   and the root user are filed);
 * - CreatePolicy / CreatePolicyVersion: the customer managed policy (AWS::IAM::Policy) by its ARN, with
 *   the policy id Config names it by when the response gives it (Put*Policy calls are named by
 *   core/domain/normalize/cloudtrail.ts, under the user, role or group);
 * - the KMS key state calls: the key (AWS::KMS::Key) by its id, as EnableKeyRotation is named;
 * - PutEventSelectors: the trail (AWS::CloudTrail::Trail) by its ARN or name, as CreateTrail is named.
 */
import type { CloudTrailRecord, Subject } from '../../../evidence-schemas';
import { partitionOf } from '../arn';
import { field, str } from '../facts-access';
import { makeSubject } from './subject';

/** The resource one of these calls acts on, or undefined for other calls. */
export function identitySubject(r: CloudTrailRecord, account: string): Subject | undefined {
  const req = r.requestParameters ?? {};
  const res = r.responseElements ?? {};
  switch (r.eventName) {
    case 'CreatePolicy': {
      const name = str(field(req, 'policyName'));
      const path = str(field(req, 'path')) ?? '/';
      const arn =
        str(field(res, 'policy', 'arn')) ??
        (name && `arn:${partitionOf(r.awsRegion)}:iam::${account}:policy${path}${name}`);
      const id = str(field(res, 'policy', 'policyId')) ?? name;
      return arn && id ? makeSubject(account, 'global', 'AWS::IAM::Policy', id, arn) : undefined;
    }
    case 'CreatePolicyVersion': {
      const arn = str(field(req, 'policyArn'));
      return arn
        ? makeSubject(account, 'global', 'AWS::IAM::Policy', arn.split('/').pop() ?? arn, arn)
        : undefined;
    }
    case 'UpdateAccountPasswordPolicy':
    case 'DeleteAccountPasswordPolicy':
      // the policy belongs to the account and has no ARN of its own
      return makeSubject(account, 'global', 'AWS::::Account', account);
    case 'ScheduleKeyDeletion':
    case 'CancelKeyDeletion':
    case 'DisableKey':
    case 'EnableKey': {
      if (r.eventSource !== 'kms.amazonaws.com') return undefined;
      const keyId = str(field(req, 'keyId')) ?? str(field(res, 'keyId'));
      if (!keyId) return undefined;
      const id = keyId.startsWith('arn:') ? (keyId.split('/').pop() ?? keyId) : keyId;
      return makeSubject(account, r.awsRegion, 'AWS::KMS::Key', id);
    }
    case 'PutEventSelectors': {
      if (r.eventSource !== 'cloudtrail.amazonaws.com') return undefined;
      const name = str(field(res, 'trailARN')) ?? str(field(req, 'trailName'));
      if (!name) return undefined;
      const region = r.awsRegion;
      if (name.startsWith('arn:'))
        return makeSubject(account, region, 'AWS::CloudTrail::Trail', name.split('/').pop() ?? name, name);
      return makeSubject(account, region, 'AWS::CloudTrail::Trail', name);
    }
    default:
      return undefined;
  }
}

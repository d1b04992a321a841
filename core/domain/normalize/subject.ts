/** The subject (resource) an observation is about, named the same way whichever source saw it. */
import type { Subject } from '../../../evidence-schemas';
import { canonicalArn, deriveArn } from '../arn';
import { REGIONAL_SETTING_TYPES } from '../controls/detection-sources';
import { IAM_IDENTITY_TYPES, iamIdentitySubject } from '../iam-identity';

/**
 * A subject from its account, region, type and id. The ARN, when given, is made canonical (so Config
 * and CloudTrail name one resource alike); when absent it is derived where the type's ARN format is known.
 * An IAM user or role is named by its name and ARN with its unique id (`alias`, when the source gave it)
 * kept beside them (see core/domain/iam-identity.ts). A setting AWS allows once per account and region
 * (a GuardDuty detector, a Security Hub, EBS encryption by default) is named by the account id alone,
 * without an ARN: the detector id a call or item names is not the subject (see
 * core/domain/controls/detection-sources.ts).
 */
export function makeSubject(
  accountId: string,
  region: string,
  resourceType: string,
  resourceId: string,
  arn?: string,
  alias?: string,
): Subject {
  if (IAM_IDENTITY_TYPES.has(resourceType))
    return iamIdentitySubject(accountId, region, resourceType, resourceId, arn, alias);
  if (REGIONAL_SETTING_TYPES.has(resourceType))
    return { accountId, region, resourceType, resourceId: accountId };
  const resolved = arn ? canonicalArn(arn) : deriveArn(resourceType, resourceId, accountId, region);
  return { accountId, region, resourceType, resourceId, ...(resolved ? { arn: resolved } : {}) };
}

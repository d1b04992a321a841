/** The subject (resource) an observation is about, named the same way whichever source saw it. */
import type { Subject } from '../../../evidence-schemas';
import { canonicalArn, deriveArn } from '../arn';

/**
 * A subject from its account, region, type and id. The ARN, when given, is made canonical (so Config
 * and CloudTrail name one resource alike); when absent it is derived where the type's ARN format is known.
 */
export function makeSubject(
  accountId: string,
  region: string,
  resourceType: string,
  resourceId: string,
  arn?: string,
): Subject {
  const resolved = arn ? canonicalArn(arn) : deriveArn(resourceType, resourceId, accountId, region);
  return { accountId, region, resourceType, resourceId, ...(resolved ? { arn: resolved } : {}) };
}

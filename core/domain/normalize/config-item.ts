/**
 * A full AWS Config configuration item as an observation. Shared by every path an item arrives on
 * (Config's change events, a bare item from the Config API or a history file, the sweep), so a resource
 * seen again unchanged is "unchanged" whichever way it came.
 */
import type { NormalizedConfigItem } from '../../../evidence-schemas';
import { evaluatedResourceTypes, timedResourceTypes } from '../catalog';
import { DEFAULT_EPHI_TAGS, ephiScopeOf, tagPairs } from '../ephi';
import { aliasOf } from '../iam-identity';
import type { Facts } from '../observation';
import { type RedactionPolicy, redactObject } from '../redact';
import { ignored, type ParseOutcome } from './outcome';
import { DEFAULT_POLICY } from './policy';
import { makeSubject } from './subject';

/** Resource types some catalogued control evaluates; items of any other type are ignored. */
export const RELEVANT_TYPES = evaluatedResourceTypes();
/** Resource types judged against the day the item was captured (a certificate's days left). */
const TIMED_TYPES = timedResourceTypes();

/** The source event id of an item: one per resource state, so a redelivered item dedupes. */
export function configItemEventId(ci: NormalizedConfigItem): string {
  return `config-ci:${ci.resourceType}:${ci.resourceId}:${ci.stateId ?? ci.captureTime}`;
}

const DELETED_STATUSES = new Set(['ResourceDeleted', 'ResourceDeletedNotRecorded', 'ResourceNotRecorded']);

/** Observation from a full configuration item (from an event, the Config API or a history file). */
export function fromConfigItem(
  ci: NormalizedConfigItem,
  kind: 'config-item-change' | 'config-item' | 'sweep',
  policy: RedactionPolicy = DEFAULT_POLICY,
): ParseOutcome {
  if (!RELEVANT_TYPES.has(ci.resourceType)) return ignoredItem(ci);
  const status = ci.status ?? 'OK';
  const facts: Facts = {
    type: 'configuration',
    resourceType: ci.resourceType,
    status,
    deleted: DELETED_STATUSES.has(status),
    configuration: redactObject(ci.configuration, policy),
    supplementaryConfiguration: redactObject(ci.supplementaryConfiguration, policy),
    // tag values can be anything a customer typed, PHI included: keep only the keys
    tagKeys: Object.keys(ci.tags).sort(),
  };
  // scope is decided here, from the raw tags before they are dropped; only the outcome is kept
  const ephi = ephiScopeOf(
    tagPairs(ci.tags, ci.supplementaryConfiguration),
    policy.ephiTags ?? DEFAULT_EPHI_TAGS,
  );
  if (ephi && facts.type === 'configuration') facts.ephi = ephi;
  if (TIMED_TYPES.has(ci.resourceType) && facts.type === 'configuration')
    facts.context = { asOf: ci.captureTime.slice(0, 10) };
  return {
    kind: 'observation',
    observation: {
      subject: makeSubject(ci.accountId, ci.region, ci.resourceType, ci.resourceId, ci.arn),
      source: { kind, eventId: configItemEventId(ci), eventTime: ci.captureTime },
      observedAt: ci.captureTime,
      facts,
    },
  };
}

/**
 * An item no control evaluates. An IAM user's or role's item still names it by both its unique id and
 * its ARN: the alias is kept, so Config rule verdicts naming the unique id alone resolve to the identity.
 */
export function ignoredItem(
  ci: Pick<NormalizedConfigItem, 'accountId' | 'region' | 'resourceType' | 'resourceId' | 'arn'>,
): ParseOutcome {
  const subject = makeSubject(ci.accountId, ci.region, ci.resourceType, ci.resourceId, ci.arn);
  return ignored(`no control evaluates ${ci.resourceType}`, aliasOf(subject));
}

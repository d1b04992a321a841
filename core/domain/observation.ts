import type { Actor, AttestationDetail, ManualUploadDetail, Source, Subject } from '../../evidence-schemas';
import type { CoverageFacts } from './coverage-facts';
import type { EphiScope } from './ephi';
import type { Day, SweepFacts } from './sweep-facts';

/** Facts about one subject that one event shows; evaluators judge these, the record keeps them. */
export type Facts =
  | {
      type: 'config-rule-evaluation';
      ruleName: string;
      managedRuleName: string;
      complianceType: 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'INSUFFICIENT_DATA';
      previousComplianceType?: string;
      annotation?: string;
    }
  | {
      type: 'configuration';
      resourceType: string;
      status: string;
      /** true when Config reports the resource deleted or no longer recorded */
      deleted: boolean;
      configuration: Record<string, unknown>;
      supplementaryConfiguration: Record<string, unknown>;
      tagKeys: string[];
      /**
       * set when the resource's tags put it in the ePHI inventory: only the outcome and the matching tag
       * key are kept, never a tag value (see core/domain/ephi.ts)
       */
      ephi?: EphiScope;
      /**
       * the day the item was captured, for the types whose controls measure an age or a time left
       * (Control.measuresTime): kept in the record, left out of the state (chain.ts stateFacts)
       */
      context?: { asOf: Day };
    }
  | {
      type: 'configuration-summary';
      resourceType: string;
      status: string;
      s3BucketLocation?: string;
    }
  | {
      type: 'api-call';
      /** userIdentity.type of the caller: Root, IAMUser, AssumedRole, AWSService, ... */
      callerType: string;
      eventSource: string;
      eventName: string;
      errorCode?: string;
      requestParameters: Record<string, unknown>;
      responseElements: Record<string, unknown>;
    }
  | {
      type: 'console-sign-in';
      eventName: string;
      result: string;
      mfaUsed?: boolean;
      identityType: string;
      errorCode?: string;
    }
  | CoverageFacts
  | SweepFacts
  /** a human sign-off (review, exception, decision) or a review-due notice */
  | ({ type: 'attestation' } & AttestationDetail)
  /** a document uploaded as manual evidence (its identity, not its content) */
  | ({ type: 'manual-upload' } & ManualUploadDetail);

export interface Observation {
  subject: Subject;
  source: Source;
  actor?: Actor;
  observedAt: string;
  facts: Facts;
}

/** Stable key of a subject: its ARN where one is known, else account/region/type/id. */
export function subjectKey(subject: Subject): string {
  return (
    subject.arn ?? `${subject.accountId}/${subject.region}/${subject.resourceType}/${subject.resourceId}`
  );
}

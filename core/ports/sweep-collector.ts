import type { SweepDetail } from '../../evidence-schemas';

/** One observation a collector made: `key` names its subject and facet uniquely within a sweep. */
export interface SweepItem {
  key: string;
  detail: SweepDetail;
}

/** One failed call of an API (after the SDK's retries), for the collection-gap evidence. */
export interface ApiFailure {
  errorCode: string;
  /** short, with ARNs removed */
  message: string;
  /** the resource it failed on, for per-resource calls */
  resource?: string;
}

/** What happened to one API (service:Operation) during a sweep. */
export interface ApiOutcome {
  api: string;
  calls: number;
  failures: ApiFailure[];
}

export interface CollectorResult {
  items: SweepItem[];
  apis: ApiOutcome[];
  /** account ids seen in ARNs and responses, to tell which account was swept */
  accountIds: string[];
}

export interface SweepContext {
  region: string;
  /** the sweep's time: ages and days are measured to it */
  startedAt: Date;
  /** per-resource calls in flight at once, per collector */
  concurrency: number;
  /** the account asked for, when the caller named it (S3 Control's account-level reads need it) */
  accountId?: string;
}

/** Reads one AWS service's evidence. Never throws for an AWS error: a failed API is an ApiOutcome failure. */
export interface SweepCollector {
  service: string;
  /**
   * true when the service addresses the account by id (S3 Control): the sweep runs it after the
   * others, with the account id they read when none was given
   */
  needsAccount?: boolean;
  collect(ctx: SweepContext): Promise<CollectorResult>;
}

/**
 * What every sweep collector shares: calls that turn AWS errors into collection gaps instead of
 * exceptions, bounded concurrency, and small converters to Config's JSON spelling.
 */
import type { ApiFailure, ApiOutcome, SweepContext, SweepItem } from '../../ports/sweep-collector';

/** The result of a call whose error is a fact (NoSuchBucketPolicy): the error code, not a gap. */
export interface FactError {
  fact: string;
}

const ARN = /arn:[a-z-]+:[^\s"',]+/g;

function errorCodeOf(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { name?: unknown; Code?: unknown; code?: unknown };
    for (const v of [e.Code, e.code, e.name]) if (typeof v === 'string' && v && v !== 'Error') return v;
  }
  return 'UnknownError';
}

/** A short message without ARNs (they name principals and sessions) and without request ids. */
function messageOf(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  return raw
    .replace(ARN, '<arn>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .slice(0, 200);
}

/** Records the calls of one collector, API by API. */
export class ApiLog {
  private readonly outcomes = new Map<string, ApiOutcome>();

  private outcome(api: string): ApiOutcome {
    let o = this.outcomes.get(api);
    if (!o) {
      o = { api, calls: 0, failures: [] };
      this.outcomes.set(api, o);
    }
    return o;
  }

  /** Marks an API as reached even when there was nothing to call it on (no buckets: no GetBucketPolicy). */
  reached(api: string): void {
    this.outcome(api);
  }

  /**
   * Calls `fn`; an error whose code is in `facts` is returned as a FactError, any other error is
   * recorded as a failure of `api` and answered with undefined.
   */
  async call<T>(
    api: string,
    fn: () => Promise<T>,
    opts: { resource?: string; facts?: readonly string[] } = {},
  ): Promise<T | FactError | undefined> {
    const o = this.outcome(api);
    o.calls++;
    try {
      return await fn();
    } catch (error) {
      const code = errorCodeOf(error);
      if (opts.facts?.includes(code)) return { fact: code };
      const failure: ApiFailure = {
        errorCode: code,
        message: messageOf(error),
        ...(opts.resource ? { resource: opts.resource } : {}),
      };
      o.failures.push(failure);
      return undefined;
    }
  }

  /** Like call, for calls with no fact errors. */
  async get<T>(api: string, fn: () => Promise<T>, resource?: string): Promise<T | undefined> {
    const r = await this.call(api, fn, resource ? { resource } : {});
    return r === undefined || isFactError(r) ? undefined : r;
  }

  /** Reads every page of a paginator; undefined (and a gap) when any page fails. */
  async pages<P>(api: string, paginator: () => AsyncIterable<P>): Promise<P[] | undefined> {
    return this.get(api, async () => {
      const out: P[] = [];
      for await (const page of paginator()) out.push(page);
      return out;
    });
  }

  results(): ApiOutcome[] {
    return [...this.outcomes.values()];
  }
}

export function isFactError(value: unknown): value is FactError {
  return (
    value !== null &&
    typeof value === 'object' &&
    'fact' in value &&
    typeof (value as FactError).fact === 'string' &&
    Object.keys(value).length === 1
  );
}

/** ISO 8601 UTC of an SDK Date (or undefined). */
export function iso(d: Date | undefined): string | undefined {
  return d ? d.toISOString() : undefined;
}

/** The UTC day of an SDK Date. */
export function dayOf(d: Date | undefined): string | undefined {
  return d ? d.toISOString().slice(0, 10) : undefined;
}

/**
 * An SDK response object in Config's JSON spelling: keys start lower-case (TrailARN -> trailARN),
 * Dates become ISO strings, undefined members are dropped. Config records CloudTrail this way.
 */
export function configCase(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(configCase);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || k === '$metadata') continue;
      out[k.charAt(0).toLowerCase() + k.slice(1)] = configCase(v);
    }
    return out;
  }
  return value;
}

/** The account id in an ARN, when it has one. */
export function accountOfArn(arn: string | undefined): string | undefined {
  const m = arn ? /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn) : null;
  return m?.[1];
}

/** A copy without undefined members (JSON, and so the record, has no undefined). */
export function compact(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

/**
 * A configuration item of `resourceType` in Config's spelling, as a service collector reads it at the
 * sweep's time: the shape every direct reader (the public-exposure collectors among them) writes.
 */
export function configurationItem(
  ctx: SweepContext,
  api: string,
  resource: {
    type: string;
    id: string;
    name?: string;
    arn?: string;
    accountId?: string;
    configuration: Record<string, unknown>;
    supplementaryConfiguration?: Record<string, unknown>;
  },
): SweepItem {
  return {
    key: `${resource.type}:${resource.id}`,
    detail: {
      kind: 'configuration-item',
      api,
      item: {
        ...(resource.accountId ? { accountId: resource.accountId } : {}),
        ...(resource.arn ? { arn: resource.arn } : {}),
        awsRegion: ctx.region,
        resourceType: resource.type,
        resourceId: resource.id,
        resourceName: resource.name ?? resource.id,
        configurationItemCaptureTime: ctx.startedAt.toISOString(),
        configurationItemStatus: 'OK',
        configuration: resource.configuration,
        supplementaryConfiguration: resource.supplementaryConfiguration ?? {},
      },
    },
  };
}

/**
 * What every fake service shares: AWS-shaped errors, pages of a list, and the wrapper that records a
 * call and answers the account's denials and one-off throttling before the fake itself runs.
 */
import { ACCOUNT_ID, type FakeAccount, PAGE } from './account';

/** An error shaped as the SDK throws a service's error: its code as `name`, a client fault. */
export function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

/** One page of a list, with the next token (a stringified offset) when more remain. */
export function page<T>(all: T[], token: string | undefined): { items: T[]; next?: string } {
  const start = token ? Number(token) : 0;
  const items = all.slice(start, start + PAGE);
  return start + PAGE < all.length ? { items, next: String(start + PAGE) } : { items };
}

/** Wraps a fake operation; `resourceOf` names the resource a denial or throttle may target. */
export type Serve = <I, O>(
  api: string,
  fn: (input: I) => O,
  resourceOf?: (input: I) => string,
) => (input: I) => Promise<O>;

/** A Serve for `account` that appends each call, as service:Operation, to `calls`. */
export function serving(account: FakeAccount, calls: string[]): Serve {
  return (api, fn, resourceOf) => async (input) => {
    calls.push(api);
    const service = api.split(':')[0];
    const resource = resourceOf?.(input);
    if (account.denied.has(api) || (resource && account.denied.has(`${api}:${resource}`)))
      throw awsError(
        service === 's3' ? 'AccessDenied' : 'AccessDeniedException',
        `User: arn:aws:sts::${ACCOUNT_ID}:assumed-role/sweeper/session is not authorized to perform: ${api}`,
      );
    const once = resource ? `${api}:${resource}` : api;
    if (account.throttleOnce.has(once)) {
      account.throttleOnce.delete(once);
      throw awsError('ThrottlingException', 'Rate exceeded');
    }
    return fn(input);
  };
}

/** S3 Block Public Access settings, all four on or all four off, as S3 and S3 Control answer them. */
export function publicAccessBlock(on: boolean) {
  return {
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: on,
      IgnorePublicAcls: on,
      BlockPublicPolicy: on,
      RestrictPublicBuckets: on,
    },
  };
}

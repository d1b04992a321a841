/**
 * What a normalizer returns, and the wording of its rejections. A leaf: every normalizer imports it,
 * it imports no normalizer.
 */
import type { z } from 'zod';
import type { IamAlias } from '../iam-identity';
import type { Observation } from '../observation';

/**
 * The outcome of normalizing one event: an observation, an `ignored` (valid, but bears on no catalogued
 * control) or an `invalid` with a reason naming what is wrong.
 */
export type ParseOutcome =
  | { kind: 'observation'; observation: Observation }
  | {
      kind: 'ignored';
      reason: string;
      /** an IAM identity's unique id with its ARN, learnt from an event that is not evidence itself */
      alias?: IamAlias;
    }
  | { kind: 'invalid'; reason: string };

/** An `invalid` outcome with its reason. */
export const invalid = (reason: string): ParseOutcome => ({ kind: 'invalid', reason });
/** An `ignored` outcome with its reason. */
export const ignored = (reason: string, alias?: IamAlias): ParseOutcome => ({
  kind: 'ignored',
  reason,
  ...(alias ? { alias } : {}),
});

/** A readable one-line account of what a zod schema rejected. */
export function describeIssues(prefix: string, error: z.ZodError): string {
  const parts = error.issues
    .slice(0, 4)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  const more = error.issues.length > 4 ? ` (+${error.issues.length - 4} more)` : '';
  return `${prefix}: ${parts.join('; ')}${more}`;
}

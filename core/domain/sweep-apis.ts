/**
 * Which catalog controls the evidence of each API the sweep calls serves. When an API is denied or
 * fails, these are the controls left unevidenced, and its collection gap is NON_COMPLIANT for each.
 * The coverage check reads them from the gap's assessments. Everything here is derived from the
 * controls' declarations (core/domain/controls/sweep-calls.ts); the same calls are the sweep's IAM policy.
 */
import { CONTROLS } from './controls';
import type { SweepScope } from './controls/control';
import {
  RESOURCE_READERS,
  sweepApiControls,
  sweepIamActionsByScope,
  sweepIamActionsOf,
} from './controls/sweep-calls';

/** Resource types the sweep reads from their own service's API rather than from AWS Config. */
export const DIRECT_RESOURCE_TYPES: readonly string[] = Object.keys(RESOURCE_READERS);

/** service:Operation -> control ids. */
export const SWEEP_API_CONTROLS: Readonly<Record<string, readonly string[]>> = sweepApiControls(CONTROLS);

/** The IAM actions the sweep needs (the deployed function's policy), sorted. */
export function sweepIamActions(): string[] {
  return sweepIamActionsOf(CONTROLS);
}

/** The IAM actions the sweep needs, grouped by the resource class their statement is scoped to. */
export function sweepIamActionsScoped(): Record<SweepScope, readonly string[]> {
  return sweepIamActionsByScope(CONTROLS);
}

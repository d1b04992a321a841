import type { CoverageCause } from '../../evidence-schemas';

/** Resource type of the subject that carries one control's coverage state in one account and region. */
export const COVERAGE_CONTROL_TYPE = 'HIPAA::Coverage::Control';
/** Resource type of the subjects the sweep writes for an AWS API it could not call. */
export const COVERAGE_COLLECTOR_TYPE = 'HIPAA::Coverage::Collector';

/** Whether a subject reports on coverage (and so is never evidence of the control it reports on). */
export function isCoverageType(resourceType: string): boolean {
  return resourceType === COVERAGE_CONTROL_TYPE || resourceType === COVERAGE_COLLECTOR_TYPE;
}

/**
 * The facts of a coverage check about one control (the detail of the event, minus where). A type alias,
 * not an interface: a record snapshot must be assignable to Record<string, unknown>.
 */
export type CoverageFacts = {
  type: 'coverage';
  controlId: string;
  state: 'gap' | 'fresh' | 'not-expected';
  expectedHours: number;
  cause?: CoverageCause;
  since?: string;
  lastEvidenceAt?: string;
  collector?: string;
  recorder?: string;
};

/** The one-line reason a coverage verdict gives. */
export function coverageReason(f: CoverageFacts): string {
  if (f.state === 'fresh') return `fresh evidence again; expected every ${f.expectedHours} h`;
  if (f.state === 'not-expected') return 'nothing left to evidence in this account and region';
  switch (f.cause) {
    case 'recorder-stopped':
      return `Config recorder stopped${f.recorder ? ` (${f.recorder})` : ''} since ${f.since}: Config evidence is not collected`;
    case 'collection-failed':
      return `the sweep could not call ${f.collector ?? 'an AWS API'} since ${f.since}`;
    default:
      return `no fresh evidence since ${f.lastEvidenceAt}; expected every ${f.expectedHours} h`;
  }
}

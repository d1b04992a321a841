import { NagSuppressions } from 'cdk-nag';
import type { EvidenceFunction } from './evidence-function';

/** What {@link acknowledgeSynchronousFunction} writes into the acknowledgements. */
export interface SynchronousFunctionFindings {
  /** Whether the function runs in a VPC (then there is no LambdaInsideVPC finding to acknowledge). */
  readonly inVpc: boolean;
  /** Why the function needs no DLQ of its own: who invokes it and where failures go instead. */
  readonly dlqReason: string;
  /** What the function reaches over the network, completing the LambdaInsideVPC reason. */
  readonly reaches: string;
}

/**
 * Acknowledges, on the function alone, the findings of a function that is never invoked asynchronously
 * (so a function DLQ would never receive anything) and, outside a VPC, that it holds no listener.
 */
export function acknowledgeSynchronousFunction(
  evidenceFunction: EvidenceFunction,
  findings: SynchronousFunctionFindings,
): void {
  NagSuppressions.addResourceSuppressions(evidenceFunction.function, [
    { id: 'HIPAA.Security-LambdaDLQ', reason: findings.dlqReason },
    { id: 'Serverless-LambdaDLQ', reason: findings.dlqReason },
  ]);
  if (!findings.inVpc) {
    NagSuppressions.addResourceSuppressions(evidenceFunction.function, [
      {
        id: 'HIPAA.Security-LambdaInsideVPC',
        reason:
          `The function holds no network listener and reaches only ${findings.reaches}; ` +
          'pass the vpc prop to place it in private subnets.',
      },
    ]);
  }
}

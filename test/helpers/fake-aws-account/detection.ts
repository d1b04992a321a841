/**
 * GuardDuty in the fake account (account.detection, in the SDK's own shapes): the region's detectors
 * and each one's open high-severity finding types, paged like the real APIs (NextToken).
 */
import {
  type DetectorStatus,
  GetDetectorCommand,
  GetFindingsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFindingsCommand,
} from '@aws-sdk/client-guardduty';
import { mockClient } from 'aws-sdk-client-mock';
import type { FakeAccount } from './account';
import { awsError, page, type Serve } from './serve';

/** The threat-detection state of the fake account; absent from the account: none. */
export interface FakeDetection {
  /** the region's GuardDuty detectors (one at most in AWS), each with its open high-severity finding types */
  detectors: { id: string; status: DetectorStatus; findingTypes: string[] }[];
}

/** An account without GuardDuty (tests add what they need). */
export const NO_DETECTION: FakeDetection = { detectors: [] };

/** Serves account.detection: GuardDuty mocked here. */
export function serveDetection(account: FakeAccount, serve: Serve) {
  const x = () => account.detection ?? NO_DETECTION;
  const detector = (id: string) => {
    const found = x().detectors.find((d) => d.id === id);
    if (!found)
      throw awsError(
        'BadRequestException',
        'The request is rejected because the input detectorId is not owned by the current account.',
      );
    return found;
  };
  const findingId = (id: string, i: number) => `${id}-finding-${i}`;
  const guardduty = mockClient(GuardDutyClient);
  guardduty.on(ListDetectorsCommand).callsFake(
    serve('guardduty:ListDetectors', (input: { NextToken?: string }) => {
      const p = page(
        x().detectors.map((d) => d.id),
        input.NextToken,
      );
      return { DetectorIds: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    }),
  );
  guardduty.on(GetDetectorCommand).callsFake(
    serve(
      'guardduty:GetDetector',
      (input: { DetectorId: string }) => ({ Status: detector(input.DetectorId).status, ServiceRole: 'x' }),
      (input) => input.DetectorId,
    ),
  );
  guardduty.on(ListFindingsCommand).callsFake(
    serve(
      'guardduty:ListFindings',
      (input: { DetectorId: string; NextToken?: string }) => {
        const d = detector(input.DetectorId);
        const p = page(
          d.findingTypes.map((_, i) => findingId(d.id, i)),
          input.NextToken,
        );
        return { FindingIds: p.items, ...(p.next ? { NextToken: p.next } : {}) };
      },
      (input) => input.DetectorId,
    ),
  );
  guardduty.on(GetFindingsCommand).callsFake(
    serve(
      'guardduty:GetFindings',
      (input: { DetectorId: string; FindingIds: string[] }) => {
        const d = detector(input.DetectorId);
        return {
          Findings: d.findingTypes
            .map((type, i) => ({ Id: findingId(d.id, i), Type: type, Severity: 8 }))
            .filter((f) => input.FindingIds.includes(f.Id)),
        };
      },
      (input) => input.DetectorId,
    ),
  );
  return [guardduty];
}

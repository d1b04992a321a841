/**
 * GuardDuty: the region's detector as an AWS::GuardDuty::Detector configuration item in Config's
 * spelling (the CloudFormation property names Config records: `Id`, `Enable`, `FindingPublishingFrequency`,
 * with GetDetector's `Status`), and its open high-severity findings counted in the supplementary
 * `HighSeverityFindings` ({ count, byType }). Findings are listed with ListFindings (severity >= 7, not
 * archived) and read with GetFindings 50 at a time, keeping only each finding's `Type`: a finding's
 * details name resources and principals, possibly ePHI-bearing ones, and never leave this module.
 * When ListDetectors finds no detector, one item without an `Id` says so: the region is unwatched.
 */
import {
  GetDetectorCommand,
  type GetDetectorResponse,
  GetFindingsCommand,
  type GuardDutyClient,
  paginateListDetectors,
  paginateListFindings,
} from '@aws-sdk/client-guardduty';
import { HIGH_SEVERITY } from '../../domain/controls/threat-detection/guardduty-high-severity-findings';
import type { CollectorResult, SweepCollector, SweepContext, SweepItem } from '../../ports/sweep-collector';
import { mapLimit } from '../../support/concurrency';
import { ApiLog, compact, configurationItem } from './calls';

/** GetFindings reads at most 50 findings per call. */
const FINDINGS_PER_CALL = 50;

/** Unarchived findings of high or critical severity. */
const OPEN_HIGH_SEVERITY = {
  Criterion: {
    severity: { GreaterThanOrEqual: HIGH_SEVERITY },
    'service.archived': { Equals: ['false'] },
  },
};

/** The count of open high-severity findings and their count by type; undefined when a read failed. */
async function highSeverityFindings(
  client: GuardDutyClient,
  detectorId: string,
  log: ApiLog,
): Promise<{ count: number; byType: Record<string, number> } | undefined> {
  const pages = await log.pages('guardduty:ListFindings', () =>
    paginateListFindings({ client }, { DetectorId: detectorId, FindingCriteria: OPEN_HIGH_SEVERITY }),
  );
  if (!pages) return undefined;
  const ids = pages.flatMap((p) => p.FindingIds ?? []);
  const byType: Record<string, number> = {};
  if (ids.length === 0) log.reached('guardduty:GetFindings');
  for (let i = 0; i < ids.length; i += FINDINGS_PER_CALL) {
    const batch = ids.slice(i, i + FINDINGS_PER_CALL);
    const found = await log.get(
      'guardduty:GetFindings',
      () => client.send(new GetFindingsCommand({ DetectorId: detectorId, FindingIds: batch })),
      detectorId,
    );
    if (!found) return undefined;
    for (const f of found.Findings ?? []) {
      const type = f.Type ?? 'unknown';
      byType[type] = (byType[type] ?? 0) + 1;
    }
  }
  return { count: ids.length, byType };
}

/** The detector's item; `findings` in the supplementary configuration when they were read. */
function detectorItem(
  ctx: SweepContext,
  id: string,
  d: GetDetectorResponse,
  findings: { count: number; byType: Record<string, number> } | undefined,
): SweepItem {
  return configurationItem(ctx, 'guardduty:GetDetector', {
    type: 'AWS::GuardDuty::Detector',
    id,
    configuration: compact({
      Id: id,
      Enable: d.Status === undefined ? undefined : d.Status === 'ENABLED',
      Status: d.Status,
      FindingPublishingFrequency: d.FindingPublishingFrequency,
    }),
    ...(findings ? { supplementaryConfiguration: { HighSeverityFindings: findings } } : {}),
  });
}

export function guarddutyCollector(client: GuardDutyClient): SweepCollector {
  return {
    service: 'guardduty',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const pages = await log.pages('guardduty:ListDetectors', () => paginateListDetectors({ client }, {}));
      if (!pages) return { items: [], apis: log.results(), accountIds: [] };
      const ids = pages.flatMap((p) => p.DetectorIds ?? []);
      if (ids.length === 0) {
        log.reached('guardduty:GetDetector');
        const none = configurationItem(ctx, 'guardduty:ListDetectors', {
          type: 'AWS::GuardDuty::Detector',
          id: 'no-detector',
          configuration: { Enable: false },
        });
        return { items: [none], apis: log.results(), accountIds: [] };
      }
      const items = await mapLimit(ids, ctx.concurrency, async (id) => {
        const d = await log.get(
          'guardduty:GetDetector',
          () => client.send(new GetDetectorCommand({ DetectorId: id })),
          id,
        );
        if (!d) return undefined;
        return detectorItem(ctx, id, d, await highSeverityFindings(client, id, log));
      });
      return { items: items.filter((i) => i !== undefined), apis: log.results(), accountIds: [] };
    },
  };
}

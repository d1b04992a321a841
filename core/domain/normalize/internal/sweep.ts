/**
 * Observations from the scheduled sweep's internal events ('Evidence Sweep Observation'). Pure.
 *
 * - Configuration items (Config's BatchGetResourceConfig, or built by the sweep in Config's shape from a
 *   service API) go through the same fromConfigItem as Config's own events, so a resource seen again
 *   unchanged is "unchanged" whichever way it arrived.
 * - Rule results become the same config-rule-evaluation facts as a Config compliance change.
 * - IAM users, the root user, the access snapshot, the Config recorder and collection gaps have their
 *   own facts (sweep-facts.ts).
 * Every observation is dated by the sweep (the envelope's time) and its source event id is the
 * envelope id, which is deterministic per sweep run.
 */
import {
  ConfigItemSchema,
  type InternalEventEnvelope,
  type Source,
  type SweepDetail,
  SweepDetailSchema,
} from '../../../../evidence-schemas';
import { managedRuleName } from '../../catalog';
import type { Facts, Observation } from '../../observation';
import type { RedactionPolicy } from '../../redact';
import { fromConfigItem } from '../config-item';
import { describeIssues, type ParseOutcome } from '../outcome';
import { makeSubject } from '../subject';
import { accessSnapshotSubject } from './attestation';

/** Resource type of the per-account access snapshot; defined once, beside accessSnapshotSubject. */
export { ACCESS_SNAPSHOT_TYPE } from './attestation';
/** Resource type of a sweep collector's health; resourceId is service:Operation. */
export const COLLECTOR_TYPE = 'HIPAA::Coverage::Collector';

const SERVICE_HOSTS: Record<string, string> = {
  config: 'config.amazonaws.com',
  cloudtrail: 'cloudtrail.amazonaws.com',
  iam: 'iam.amazonaws.com',
  logs: 'logs.amazonaws.com',
  kms: 'kms.amazonaws.com',
  s3: 's3.amazonaws.com',
};

function apiSource(e: InternalEventEnvelope, api: string): Source {
  const [service = '', operation = ''] = api.split(':');
  return {
    kind: 'sweep',
    eventId: e.id,
    eventTime: e.time,
    ...(operation ? { eventName: operation } : {}),
    ...(SERVICE_HOSTS[service] ? { eventSource: SERVICE_HOSTS[service] } : {}),
  };
}

const day = (iso: string) => iso.slice(0, 10);

/** Parses the detail of a sweep event and returns its observation. */
export function parseSweepEvent(e: InternalEventEnvelope, policy: RedactionPolicy): ParseOutcome {
  const parsed = SweepDetailSchema.safeParse(e.detail);
  if (!parsed.success)
    return {
      kind: 'invalid',
      reason: describeIssues('invalid Evidence Sweep Observation detail', parsed.error),
    };
  const d: SweepDetail = parsed.data;
  const observation = (
    subject: Observation['subject'],
    api: string,
    facts: Facts,
    extra: Partial<Source> = {},
  ): ParseOutcome => ({
    kind: 'observation',
    observation: { subject, source: { ...apiSource(e, api), ...extra }, observedAt: e.time, facts },
  });
  switch (d.kind) {
    case 'configuration-item': {
      // items the sweep builds from a service API may leave the account to the envelope
      const withAccount =
        'accountId' in d.item || 'awsAccountId' in d.item ? d.item : { ...d.item, accountId: e.account };
      const ci = ConfigItemSchema.safeParse(withAccount);
      if (!ci.success)
        return { kind: 'invalid', reason: describeIssues('invalid swept configuration item', ci.error) };
      const out = fromConfigItem(ci.data, 'sweep', policy);
      if (out.kind !== 'observation') return out;
      // dated by the sweep: "Config still says this at sweep time" (never before the item's own capture)
      const observedAt = ci.data.captureTime > e.time ? ci.data.captureTime : e.time;
      return {
        kind: 'observation',
        observation: { ...out.observation, source: apiSource(e, d.api), observedAt },
      };
    }
    case 'rule-evaluation':
      return observation(
        makeSubject(e.account, e.region, d.resourceType, d.resourceId),
        'config:GetComplianceDetailsByConfigRule',
        {
          type: 'config-rule-evaluation',
          ruleName: d.configRuleName,
          managedRuleName: managedRuleName(d.configRuleName),
          complianceType: d.complianceType,
          ...(d.annotation ? { annotation: d.annotation } : {}),
        },
        { configRuleName: d.configRuleName },
      );
    case 'iam-user': {
      const keysLastUsedOn: Record<string, string> = {};
      for (const k of d.accessKeys) if (k.lastUsedOn) keysLastUsedOn[k.id] = k.lastUsedOn;
      return observation(
        makeSubject(e.account, 'global', 'AWS::IAM::User', d.userName, d.arn, d.userId),
        'iam:ListUsers',
        {
          type: 'iam-user',
          userName: d.userName,
          createdOn: d.createdOn,
          ...(d.consoleAccess !== undefined ? { consoleAccess: d.consoleAccess } : {}),
          mfaDevices: d.mfaDevices,
          accessKeys: d.accessKeys.map((k) => ({ id: k.id, status: k.status, createdOn: k.createdOn })),
          attachedPolicies: d.attachedPolicies,
          inlinePolicies: d.inlinePolicies,
          groups: d.groups,
          context: {
            asOf: day(e.time),
            ...(d.consoleLastUsedOn ? { consoleLastUsedOn: d.consoleLastUsedOn } : {}),
            keysLastUsedOn,
          },
        },
      );
    }
    case 'iam-root':
      return observation(
        makeSubject(e.account, 'global', 'AWS::::Account', e.account),
        'iam:GetCredentialReport',
        {
          type: 'iam-root',
          mfaActive: d.mfaActive,
          activeAccessKeys: d.activeAccessKeys,
          context: {
            asOf: day(e.time),
            ...(d.consoleLastUsedOn ? { consoleLastUsedOn: d.consoleLastUsedOn } : {}),
          },
        },
      );
    case 'access-snapshot':
      return observation(accessSnapshotSubject(e.account), 'iam:ListUsers', {
        type: 'access-snapshot',
        users: d.users,
        roles: d.roles,
        incomplete: d.incomplete,
      });
    case 'recorder-status':
      return observation(
        makeSubject(e.account, e.region, 'AWS::Config::ConfigurationRecorder', d.name),
        'config:DescribeConfigurationRecorderStatus',
        {
          type: 'config-recorder-status',
          name: d.name,
          exists: d.exists,
          recording: d.recording,
          ...(d.lastStatus ? { lastStatus: d.lastStatus } : {}),
          ...(d.lastErrorCode ? { lastErrorCode: d.lastErrorCode } : {}),
        },
      );
    case 'collection-gap':
    case 'collection-ok':
      return observation(
        { accountId: e.account, region: e.region, resourceType: COLLECTOR_TYPE, resourceId: d.api },
        d.api,
        {
          type: 'collection',
          api: d.api,
          status: d.kind === 'collection-gap' ? 'gap' : 'ok',
          controls: d.controls,
          ...(d.errorCode ? { errorCode: d.errorCode } : {}),
          ...(d.failedResources?.length ? { failedResources: d.failedResources } : {}),
          context: d.message ? { message: d.message } : {},
        },
        d.errorCode ? { errorCode: d.errorCode } : {},
      );
  }
}

/**
 * AWS Config: rule results, the recorder's status, and the configuration items of the catalog's
 * resource types that no other collector reads directly (EBS volumes, RDS instances, DynamoDB tables).
 */
import {
  BatchGetResourceConfigCommand,
  type ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  paginateDescribeConfigRules,
  paginateGetComplianceDetailsByConfigRule,
  paginateListDiscoveredResources,
  type ResourceKey,
  type ResourceType,
} from '@aws-sdk/client-config-service';
import { evaluatedResourceTypes } from '../../domain/catalog';
import { DIRECT_RESOURCE_TYPES } from '../../domain/sweep-apis';
import type { CollectorResult, SweepCollector, SweepContext, SweepItem } from '../../ports/sweep-collector';
import { append } from '../../support/arrays';
import { mapLimit } from '../../support/concurrency';
import { ApiLog, accountOfArn, iso } from './calls';

const BATCH = 100; // BatchGetResourceConfig takes at most 100 keys

/** Types read through Config: evaluated by the catalog and not read by a service collector. */
export function configItemTypes(): string[] {
  return [...evaluatedResourceTypes()]
    .filter((t) => !(DIRECT_RESOURCE_TYPES as readonly string[]).includes(t))
    .sort();
}

export function configCollector(client: ConfigServiceClient): SweepCollector {
  return {
    service: 'config',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const items: SweepItem[] = [];
      const accountIds: string[] = [];

      const status = await log.get('config:DescribeConfigurationRecorderStatus', () =>
        client.send(new DescribeConfigurationRecorderStatusCommand({})),
      );
      if (status) {
        const recorders = status.ConfigurationRecordersStatus ?? [];
        for (const r of recorders) {
          const name = r.name ?? 'default';
          items.push({
            key: `recorder:${name}`,
            detail: {
              kind: 'recorder-status',
              name,
              exists: true,
              recording: r.recording === true,
              ...(r.lastStatus ? { lastStatus: r.lastStatus } : {}),
              ...(r.lastErrorCode ? { lastErrorCode: r.lastErrorCode } : {}),
            },
          });
        }
        // no recorder at all is itself the finding; "default" is the name Config gives one
        if (recorders.length === 0)
          items.push({
            key: 'recorder:default',
            detail: { kind: 'recorder-status', name: 'default', exists: false, recording: false },
          });
      }

      const rulePages = await log.pages('config:DescribeConfigRules', () =>
        paginateDescribeConfigRules({ client }, {}),
      );
      const rules = (rulePages ?? []).flatMap((p) => p.ConfigRules ?? []);
      for (const r of rules) {
        const account = accountOfArn(r.ConfigRuleArn);
        if (account) accountIds.push(account);
      }
      log.reached('config:GetComplianceDetailsByConfigRule');
      const perRule = await mapLimit(rules, ctx.concurrency, async (rule) => {
        const name = rule.ConfigRuleName;
        if (!name) return [];
        const pages = await log.get(
          'config:GetComplianceDetailsByConfigRule',
          async () => {
            const out = [];
            for await (const p of paginateGetComplianceDetailsByConfigRule(
              { client },
              { ConfigRuleName: name, ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'] },
            ))
              out.push(...(p.EvaluationResults ?? []));
            return out;
          },
          name,
        );
        return (pages ?? []).flatMap((res): SweepItem[] => {
          const q = res.EvaluationResultIdentifier?.EvaluationResultQualifier;
          const type = res.ComplianceType;
          if (!q?.ResourceType || !q.ResourceId || !type) return [];
          const recorded = iso(res.ResultRecordedTime);
          return [
            {
              key: `rule:${name}:${q.ResourceType}:${q.ResourceId}`,
              detail: {
                kind: 'rule-evaluation',
                configRuleName: name,
                resourceType: q.ResourceType,
                resourceId: q.ResourceId,
                complianceType: type,
                ...(res.Annotation ? { annotation: res.Annotation } : {}),
                ...(recorded ? { resultRecordedTime: recorded } : {}),
              },
            },
          ];
        });
      });
      append(items, perRule.flat());

      // every recorded resource of the types read through Config, then their items 100 at a time
      const keys: ResourceKey[] = [];
      let listed = true;
      for (const type of configItemTypes()) {
        const pages = await log.pages('config:ListDiscoveredResources', () =>
          paginateListDiscoveredResources({ client }, { resourceType: type as ResourceType }),
        );
        if (!pages) {
          listed = false;
          continue;
        }
        for (const p of pages)
          for (const r of p.resourceIdentifiers ?? [])
            if (r.resourceType && r.resourceId)
              keys.push({ resourceType: r.resourceType, resourceId: r.resourceId });
      }
      if (listed || keys.length > 0) log.reached('config:BatchGetResourceConfig');
      const batches: ResourceKey[][] = [];
      for (let i = 0; i < keys.length; i += BATCH) batches.push(keys.slice(i, i + BATCH));
      const got = await mapLimit(batches, ctx.concurrency, async (batch) => {
        const found = [];
        let pending = batch;
        // Config may leave keys unprocessed under load: ask again for those, a few times
        for (let attempt = 0; attempt < 3 && pending.length > 0; attempt++) {
          const res = await log.get('config:BatchGetResourceConfig', () =>
            client.send(new BatchGetResourceConfigCommand({ resourceKeys: pending })),
          );
          if (!res) return found;
          found.push(...(res.baseConfigurationItems ?? []));
          pending = res.unprocessedResourceKeys ?? [];
        }
        return found;
      });
      for (const ci of got.flat()) {
        if (!ci.resourceType || !ci.resourceId) continue;
        if (ci.accountId) accountIds.push(ci.accountId);
        const item: Record<string, unknown> = {
          accountId: ci.accountId,
          arn: ci.arn,
          awsRegion: ci.awsRegion ?? ctx.region,
          resourceType: ci.resourceType,
          resourceId: ci.resourceId,
          resourceName: ci.resourceName,
          configurationItemCaptureTime: iso(ci.configurationItemCaptureTime),
          configurationItemStatus: ci.configurationItemStatus,
          configurationStateId: ci.configurationStateId,
          configuration: ci.configuration,
          supplementaryConfiguration: ci.supplementaryConfiguration ?? {},
        };
        for (const k of Object.keys(item)) if (item[k] === undefined) delete item[k];
        items.push({
          key: `config:${ci.resourceType}:${ci.resourceId}`,
          detail: { kind: 'configuration-item', api: 'config:BatchGetResourceConfig', item },
        });
      }
      return { items, apis: log.results(), accountIds };
    },
  };
}

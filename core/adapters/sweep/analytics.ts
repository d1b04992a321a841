/**
 * The OpenSearch domains and SageMaker notebook instances and endpoint configurations the encryption,
 * transmission, exposure and audit controls judge, read from their own services. OpenSearch:
 * ListDomainNames (every domain, whatever its engine; the API is not paginated), then DescribeDomains
 * five names at a time (its limit). SageMaker: ListNotebookInstances and ListEndpointConfigs (paginated),
 * then one Describe call per resource. Each becomes a configuration item in Config's spelling for its type,
 * which is the API's own (`EncryptionAtRestOptions.Enabled`, `KmsKeyId`): a domain keyed by its domain id
 * (`<account>/<name>`), a SageMaker resource by its name, each with its ARN.
 */
import {
  DescribeDomainsCommand,
  type DomainStatus,
  ListDomainNamesCommand,
  type OpenSearchClient,
} from '@aws-sdk/client-opensearch';
import {
  DescribeEndpointConfigCommand,
  DescribeNotebookInstanceCommand,
  paginateListEndpointConfigs,
  paginateListNotebookInstances,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { CollectorResult, SweepCollector, SweepContext, SweepItem } from '../../ports/sweep-collector';
import { mapLimit } from '../../support/concurrency';
import { ApiLog, accountOfArn, configurationItem } from './calls';

/** DescribeDomains takes at most five domain names. */
const DESCRIBE_BATCH = 5;

/** Only the members the controls read (and those naming the domain): an item stays small. */
const DOMAIN_KEYS = [
  'DomainId',
  'DomainName',
  'ARN',
  'EngineVersion',
  'EncryptionAtRestOptions',
  'NodeToNodeEncryptionOptions',
  'DomainEndpointOptions',
  'VPCOptions',
  'LogPublishingOptions',
] as const satisfies readonly (keyof DomainStatus)[];

/** The first `size`-long slices of `all`. */
function batches<T>(all: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < all.length; i += size) out.push(all.slice(i, i + size));
  return out;
}

/** A domain's configuration item, as Config records AWS::OpenSearch::Domain. */
function domainItem(ctx: SweepContext, d: DomainStatus): SweepItem | undefined {
  if (!d.DomainName) return undefined;
  const configuration: Record<string, unknown> = {};
  for (const k of DOMAIN_KEYS) if (d[k] !== undefined) configuration[k] = d[k];
  const accountId = accountOfArn(d.ARN) ?? ctx.accountId;
  return configurationItem(ctx, 'opensearch:DescribeDomains', {
    type: 'AWS::OpenSearch::Domain',
    id: d.DomainId ?? (accountId ? `${accountId}/${d.DomainName}` : d.DomainName),
    name: d.DomainName,
    ...(d.ARN ? { arn: d.ARN } : {}),
    ...(accountId ? { accountId } : {}),
    configuration,
  });
}

const accountIdsOf = (items: SweepItem[]): string[] =>
  items.flatMap((i) => {
    const id = i.detail.kind === 'configuration-item' ? i.detail.item.accountId : undefined;
    return typeof id === 'string' ? [id] : [];
  });

/**
 * OpenSearch: every domain of the region. A failed DescribeDomains leaves its five domains unobserved
 * (the gap names them); the other batches are still read.
 */
export function opensearchCollector(client: OpenSearchClient): SweepCollector {
  return {
    service: 'opensearch',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const listed = await log.get('opensearch:ListDomainNames', () =>
        client.send(new ListDomainNamesCommand({})),
      );
      log.reached('opensearch:DescribeDomains');
      const names = (listed?.DomainNames ?? []).flatMap((d) => (d.DomainName ? [d.DomainName] : []));
      const described = await mapLimit(batches(names, DESCRIBE_BATCH), ctx.concurrency, (batch) =>
        log.get(
          'opensearch:DescribeDomains',
          () => client.send(new DescribeDomainsCommand({ DomainNames: batch })),
          batch.join(','),
        ),
      );
      const items = described.flatMap((r) =>
        (r?.DomainStatusList ?? []).flatMap((d) => domainItem(ctx, d) ?? []),
      );
      return { items, apis: log.results(), accountIds: accountIdsOf(items) };
    },
  };
}

const NOTEBOOK_KEYS = [
  'NotebookInstanceName',
  'NotebookInstanceArn',
  'NotebookInstanceStatus',
  'InstanceType',
  'SubnetId',
  'SecurityGroups',
  'KmsKeyId',
  'DirectInternetAccess',
  'RootAccess',
] as const;

const ENDPOINT_CONFIG_KEYS = ['EndpointConfigName', 'EndpointConfigArn', 'KmsKeyId'] as const;

/** The named members of an SDK answer, with Dates as ISO strings: Config's spelling of the SageMaker types. */
function pickAs(source: object, keys: readonly string[], rename: Record<string, string> = {}) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(source))
    if (keys.includes(k) && v !== undefined) out[rename[k] ?? k] = v instanceof Date ? v.toISOString() : v;
  return out;
}

/**
 * SageMaker: every notebook instance and endpoint configuration of the region, each described. A failed
 * Describe call leaves that resource unobserved (the gap names it); the others are still read.
 */
export function sagemakerCollector(client: SageMakerClient): SweepCollector {
  return {
    service: 'sagemaker',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const notebookPages = await log.pages('sagemaker:ListNotebookInstances', () =>
        paginateListNotebookInstances({ client }, {}),
      );
      const configPages = await log.pages('sagemaker:ListEndpointConfigs', () =>
        paginateListEndpointConfigs({ client }, {}),
      );
      log.reached('sagemaker:DescribeNotebookInstance');
      log.reached('sagemaker:DescribeEndpointConfig');
      const notebookNames = (notebookPages ?? []).flatMap((p) =>
        (p.NotebookInstances ?? []).flatMap((n) => (n.NotebookInstanceName ? [n.NotebookInstanceName] : [])),
      );
      const configNames = (configPages ?? []).flatMap((p) =>
        (p.EndpointConfigs ?? []).flatMap((c) => (c.EndpointConfigName ? [c.EndpointConfigName] : [])),
      );
      const notebooks = await mapLimit(notebookNames, ctx.concurrency, async (name) => {
        const n = await log.get(
          'sagemaker:DescribeNotebookInstance',
          () => client.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: name })),
          name,
        );
        if (!n) return [];
        const accountId = accountOfArn(n.NotebookInstanceArn);
        return [
          configurationItem(ctx, 'sagemaker:DescribeNotebookInstance', {
            type: 'AWS::SageMaker::NotebookInstance',
            id: name,
            name,
            ...(n.NotebookInstanceArn ? { arn: n.NotebookInstanceArn } : {}),
            ...(accountId ? { accountId } : {}),
            // Config records the security groups as SecurityGroupIds
            configuration: pickAs(n, NOTEBOOK_KEYS, { SecurityGroups: 'SecurityGroupIds' }),
          }),
        ];
      });
      const configs = await mapLimit(configNames, ctx.concurrency, async (name) => {
        const c = await log.get(
          'sagemaker:DescribeEndpointConfig',
          () => client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name })),
          name,
        );
        if (!c) return [];
        const accountId = accountOfArn(c.EndpointConfigArn);
        return [
          configurationItem(ctx, 'sagemaker:DescribeEndpointConfig', {
            type: 'AWS::SageMaker::EndpointConfig',
            id: name,
            name,
            ...(c.EndpointConfigArn ? { arn: c.EndpointConfigArn } : {}),
            ...(accountId ? { accountId } : {}),
            configuration: pickAs(c, ENDPOINT_CONFIG_KEYS),
          }),
        ];
      });
      const items = [...notebooks.flat(), ...configs.flat()];
      return { items, apis: log.results(), accountIds: accountIdsOf(items) };
    },
  };
}

/**
 * The OpenSearch domains the encryption, transmission, exposure and audit controls judge, read from
 * OpenSearch Service itself: ListDomainNames (every domain, whatever its engine; the API is not
 * paginated), then DescribeDomains five names at a time (its limit). Each domain becomes a configuration
 * item of AWS::OpenSearch::Domain in Config's spelling for that type, which is the API's own
 * (`EncryptionAtRestOptions.Enabled`), keyed by its domain id (`<account>/<name>`) with its ARN.
 */
import {
  DescribeDomainsCommand,
  type DomainStatus,
  ListDomainNamesCommand,
  type OpenSearchClient,
} from '@aws-sdk/client-opensearch';
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

/**
 * CloudFront distributions and ACM certificates, the global and regional ends of the network edge:
 * each becomes a configuration item in Config's spelling, keyed as Config keys it (a distribution by
 * its id, a certificate by its ARN). CloudFront is global: like IAM, it is read wherever the sweep
 * runs and its items are filed under the region `global`, so every region's sweep observes the same
 * subjects. An ACM certificate's list entry already carries its status, type and validity period:
 * no per-certificate DescribeCertificate call is needed. API Gateway REST API stages are read per API
 * (GetStages), keyed by the stage's ARN.
 */
import { type ACMClient, KeyAlgorithm, paginateListCertificates } from '@aws-sdk/client-acm';
import { type APIGatewayClient, GetStagesCommand, paginateGetRestApis } from '@aws-sdk/client-api-gateway';
import { type CloudFrontClient, paginateListDistributions } from '@aws-sdk/client-cloudfront';
import { partitionOf } from '../../domain/arn';
import type { CollectorResult, SweepCollector, SweepContext, SweepItem } from '../../ports/sweep-collector';
import { mapLimit } from '../../support/concurrency';
import { ApiLog, accountOfArn, configCase, configurationItem } from './calls';
import { accountIdsOf, pickConfig } from './load-balancers';

/** CloudFront is global: Config and the sweep file its distributions under this region. */
export const GLOBAL_REGION = 'global';

/** Only the members of a cache behavior the control reads (a behavior lists many). */
const behavior = (b: { PathPattern?: string; ViewerProtocolPolicy?: string } | undefined) =>
  b ? configCase({ PathPattern: b.PathPattern, ViewerProtocolPolicy: b.ViewerProtocolPolicy }) : undefined;

/** CloudFront: every distribution (ListDistributions, every page), with its cache behaviors' viewer policies. */
export function cloudFrontCollector(client: CloudFrontClient): SweepCollector {
  return {
    service: 'cloudfront',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const pages = await log.pages('cloudfront:ListDistributions', () =>
        paginateListDistributions({ client }, {}),
      );
      const items: SweepItem[] = (pages ?? []).flatMap((p) =>
        (p.DistributionList?.Items ?? []).flatMap((d) => {
          if (!d.Id) return [];
          const accountId = accountOfArn(d.ARN);
          const item = configurationItem({ ...ctx, region: GLOBAL_REGION }, 'cloudfront:ListDistributions', {
            type: 'AWS::CloudFront::Distribution',
            id: d.Id,
            name: d.DomainName ?? d.Id,
            ...(d.ARN ? { arn: d.ARN } : {}),
            ...(accountId ? { accountId } : {}),
            configuration: {
              ...pickConfig(d, ['Id', 'DomainName', 'Enabled', 'Status']),
              defaultCacheBehavior: behavior(d.DefaultCacheBehavior),
              cacheBehaviors: {
                quantity: d.CacheBehaviors?.Quantity ?? 0,
                items: (d.CacheBehaviors?.Items ?? []).map(behavior),
              },
            },
          });
          return [item];
        }),
      );
      return { items, apis: log.results(), accountIds: accountIdsOf(items) };
    },
  };
}

const CERTIFICATE_KEYS = [
  'CertificateArn',
  'DomainName',
  'Status',
  'Type',
  'KeyAlgorithm',
  'InUse',
  'RenewalEligibility',
  'NotBefore',
  'NotAfter',
] as const;

/**
 * ACM: every certificate of the region (ListCertificates, every page, every key algorithm: by default
 * the API lists RSA 1024/2048 ones only).
 */
export function acmCollector(client: ACMClient): SweepCollector {
  return {
    service: 'acm',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const pages = await log.pages('acm:ListCertificates', () =>
        paginateListCertificates({ client }, { Includes: { keyTypes: Object.values(KeyAlgorithm) } }),
      );
      const items: SweepItem[] = (pages ?? []).flatMap((p) =>
        (p.CertificateSummaryList ?? []).flatMap((c) => {
          if (!c.CertificateArn) return [];
          const accountId = accountOfArn(c.CertificateArn);
          return [
            configurationItem(ctx, 'acm:ListCertificates', {
              type: 'AWS::ACM::Certificate',
              id: c.CertificateArn,
              name: c.DomainName ?? c.CertificateArn,
              arn: c.CertificateArn,
              ...(accountId ? { accountId } : {}),
              configuration: pickConfig(c, CERTIFICATE_KEYS),
            }),
          ];
        }),
      );
      return { items, apis: log.results(), accountIds: accountIdsOf(items) };
    },
  };
}

/** The members of a stage the controls read (the SDK already spells them as Config does). */
const STAGE_KEYS: readonly string[] = [
  'stageName',
  'deploymentId',
  'clientCertificateId',
  'methodSettings',
  'tracingEnabled',
  'webAclArn',
];

/**
 * API Gateway: every REST API (GetRestApis, every page) and each one's stages (GetStages, one call per
 * API). A stage's ARN names no account: the sweep's own is recorded. An API whose stages cannot be
 * read is named in the gap.
 */
export function apiGatewayCollector(client: APIGatewayClient): SweepCollector {
  return {
    service: 'apigateway',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const pages = await log.pages('apigateway:GetRestApis', () => paginateGetRestApis({ client }, {}));
      log.reached('apigateway:GetStages');
      const apis = (pages ?? []).flatMap((p) => p.items ?? []);
      const items = await mapLimit(apis, ctx.concurrency, async (api): Promise<SweepItem[]> => {
        const restApiId = api.id;
        if (!restApiId) return [];
        const stages = await log.get(
          'apigateway:GetStages',
          () => client.send(new GetStagesCommand({ restApiId })),
          restApiId,
        );
        return (stages?.item ?? []).flatMap((s) => {
          if (!s.stageName) return [];
          const arn = `arn:${partitionOf(ctx.region)}:apigateway:${ctx.region}::/restapis/${restApiId}/stages/${s.stageName}`;
          return [
            configurationItem(ctx, 'apigateway:GetStages', {
              type: 'AWS::ApiGateway::Stage',
              id: arn,
              name: s.stageName,
              arn,
              ...(ctx.accountId ? { accountId: ctx.accountId } : {}),
              configuration: {
                restApiId,
                ...Object.fromEntries(
                  Object.entries(s).filter(([k, v]) => STAGE_KEYS.includes(k) && v !== undefined),
                ),
              },
            }),
          ];
        });
      });
      const all = items.flat();
      return { items: all, apis: log.results(), accountIds: accountIdsOf(all) };
    },
  };
}

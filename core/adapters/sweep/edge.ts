/**
 * CloudFront distributions and ACM certificates, the global and regional ends of the network edge:
 * each becomes a configuration item in Config's spelling, keyed as Config keys it (a distribution by
 * its id, a certificate by its ARN). CloudFront is global: like IAM, it is read wherever the sweep
 * runs and its items are filed under the region `global`, so every region's sweep observes the same
 * subjects. An ACM certificate's list entry already carries its status, type and validity period:
 * no per-certificate DescribeCertificate call is needed.
 */
import { type ACMClient, KeyAlgorithm, paginateListCertificates } from '@aws-sdk/client-acm';
import { type CloudFrontClient, paginateListDistributions } from '@aws-sdk/client-cloudfront';
import type { CollectorResult, SweepCollector, SweepContext, SweepItem } from '../../ports/sweep-collector';
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

/**
 * OpenSearch domains in the fake account: the resources the OpenSearch collector reads
 * (account.analytics, in the SDK's own shapes). ListDomainNames is one answer, as the real API's;
 * DescribeDomains refuses more than five names, as the real API does.
 */
import {
  DescribeDomainsCommand,
  type DomainStatus,
  ListDomainNamesCommand,
  OpenSearchClient,
} from '@aws-sdk/client-opensearch';
import { mockClient } from 'aws-sdk-client-mock';
import type { FakeAccount } from './account';
import { awsError, type Serve } from './serve';

/** The OpenSearch and SageMaker resources of the fake account; absent from the account: none. */
export interface FakeAnalytics {
  domains: DomainStatus[];
}

/** An account with none of these resources (tests add the ones they need). */
export const NO_ANALYTICS: FakeAnalytics = {
  domains: [],
};

/** Mocks the OpenSearch client and serves account.analytics through it. */
export function serveAnalytics(account: FakeAccount, serve: Serve) {
  const x = () => account.analytics ?? NO_ANALYTICS;
  const opensearch = mockClient(OpenSearchClient);
  opensearch.on(ListDomainNamesCommand).callsFake(
    serve('opensearch:ListDomainNames', () => ({
      DomainNames: x().domains.map((d) => ({ DomainName: d.DomainName, EngineType: 'OpenSearch' })),
    })),
  );
  opensearch.on(DescribeDomainsCommand).callsFake(
    serve(
      'opensearch:DescribeDomains',
      (input: { DomainNames: string[] }) => {
        if (input.DomainNames.length > 5)
          throw awsError('ValidationException', 'Please provide a maximum of 5 domain names');
        return {
          DomainStatusList: x().domains.filter((d) => input.DomainNames.includes(d.DomainName ?? '')),
        };
      },
      (input) => input.DomainNames.join(','),
    ),
  );
  return [opensearch];
}

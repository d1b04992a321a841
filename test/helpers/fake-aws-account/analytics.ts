/**
 * OpenSearch domains and SageMaker notebook instances and endpoint configurations in the fake account:
 * the resources the OpenSearch and SageMaker collectors read (account.analytics, in the SDK's own
 * shapes). ListDomainNames is one answer, as the real API's; DescribeDomains refuses more than five
 * names, as the real API does; the SageMaker lists are paged (NextToken).
 */
import {
  DescribeDomainsCommand,
  type DomainStatus,
  ListDomainNamesCommand,
  OpenSearchClient,
} from '@aws-sdk/client-opensearch';
import {
  DescribeEndpointConfigCommand,
  type DescribeEndpointConfigCommandOutput,
  DescribeNotebookInstanceCommand,
  type DescribeNotebookInstanceCommandOutput,
  ListEndpointConfigsCommand,
  ListNotebookInstancesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import type { FakeAccount } from './account';
import { awsError, page, type Serve } from './serve';

/** The OpenSearch and SageMaker resources of the fake account; absent from the account: none. */
export interface FakeAnalytics {
  domains: DomainStatus[];
  /** DescribeNotebookInstance's answers */
  notebooks: Omit<DescribeNotebookInstanceCommandOutput, '$metadata'>[];
  /** DescribeEndpointConfig's answers */
  endpointConfigs: Omit<DescribeEndpointConfigCommandOutput, '$metadata'>[];
}

/** An account with none of these resources (tests add the ones they need). */
export const NO_ANALYTICS: FakeAnalytics = {
  domains: [],
  notebooks: [],
  endpointConfigs: [],
};

/** Mocks the OpenSearch and SageMaker clients and serves account.analytics through them. */
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
  const sagemaker = mockClient(SageMakerClient);
  const notFound = (what: string) => awsError('ValidationException', `Could not find ${what}`);
  sagemaker.on(ListNotebookInstancesCommand).callsFake(
    serve('sagemaker:ListNotebookInstances', (input: { NextToken?: string }) => {
      const p = page(x().notebooks, input.NextToken);
      return {
        NotebookInstances: p.items.map((n) => ({
          NotebookInstanceName: n.NotebookInstanceName,
          NotebookInstanceArn: n.NotebookInstanceArn,
        })),
        ...(p.next ? { NextToken: p.next } : {}),
      };
    }),
  );
  sagemaker.on(DescribeNotebookInstanceCommand).callsFake(
    serve(
      'sagemaker:DescribeNotebookInstance',
      (input: { NotebookInstanceName: string }) => {
        const found = x().notebooks.find((n) => n.NotebookInstanceName === input.NotebookInstanceName);
        if (!found) throw notFound(`notebook instance ${input.NotebookInstanceName}`);
        return found;
      },
      (input) => input.NotebookInstanceName,
    ),
  );
  sagemaker.on(ListEndpointConfigsCommand).callsFake(
    serve('sagemaker:ListEndpointConfigs', (input: { NextToken?: string }) => {
      const p = page(x().endpointConfigs, input.NextToken);
      return {
        EndpointConfigs: p.items.map((c) => ({
          EndpointConfigName: c.EndpointConfigName,
          EndpointConfigArn: c.EndpointConfigArn,
          CreationTime: c.CreationTime,
        })),
        ...(p.next ? { NextToken: p.next } : {}),
      };
    }),
  );
  sagemaker.on(DescribeEndpointConfigCommand).callsFake(
    serve(
      'sagemaker:DescribeEndpointConfig',
      (input: { EndpointConfigName: string }) => {
        const found = x().endpointConfigs.find((c) => c.EndpointConfigName === input.EndpointConfigName);
        if (!found) throw notFound(`endpoint configuration ${input.EndpointConfigName}`);
        return found;
      },
      (input) => input.EndpointConfigName,
    ),
  );
  return [opensearch, sagemaker];
}

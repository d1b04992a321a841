import type { DomainStatus } from '@aws-sdk/client-opensearch';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { opensearchCollector, sagemakerCollector } from '../../../../core/adapters/sweep/analytics';
import {
  ACCOUNT_ID,
  type FakeAccount,
  type FakeAws,
  healthyAccount,
  NO_ANALYTICS,
  REGION,
  serveAccount,
} from '../../../helpers/fake-aws-account';
import { SWEEP_CTX, sweepVerdicts } from '../../../helpers/sweep-collector-test';

const ctx = SWEEP_CTX;

let account: FakeAccount;
let aws: FakeAws;
beforeEach(() => {
  account = healthyAccount();
  aws = serveAccount(account);
});
afterEach(() => {
  aws.restore();
});

const verdicts = sweepVerdicts;

const OPENSEARCH_CONTROLS = [
  'opensearch-encryption-at-rest',
  'opensearch-node-to-node-encryption',
  'opensearch-https-required',
  'opensearch-in-vpc',
  'opensearch-audit-logs',
];
const all = (ids: string[], status: string) => Object.fromEntries(ids.map((id) => [id, status]));

/** A domain as DescribeDomains answers it: protected, or with none of the protections. */
function domain(name: string, protectedDomain: boolean): DomainStatus {
  return {
    DomainId: `${ACCOUNT_ID}/${name}`,
    DomainName: name,
    ARN: `arn:aws:es:${REGION}:${ACCOUNT_ID}:domain/${name}`,
    ClusterConfig: {},
    EngineVersion: 'OpenSearch_2.13',
    EncryptionAtRestOptions: { Enabled: protectedDomain },
    NodeToNodeEncryptionOptions: { Enabled: protectedDomain },
    DomainEndpointOptions: { EnforceHTTPS: protectedDomain },
    ...(protectedDomain
      ? {
          VPCOptions: { VPCId: 'vpc-0abc1234def567890', SubnetIds: ['subnet-0a1b2c3d4e5f60718'] },
          LogPublishingOptions: {
            ES_APPLICATION_LOGS: {
              CloudWatchLogsLogGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:/aws/opensearch/${name}`,
              Enabled: true,
            },
          },
        }
      : {}),
  };
}

describe('OpenSearch collector', () => {
  it('describes every domain five names at a time, each judged by the OpenSearch controls', async () => {
    // Prepare
    account.analytics = {
      ...NO_ANALYTICS,
      domains: [
        ...Array.from({ length: 6 }, (_, i) => domain(`search-${i}`, true)),
        domain('scratch', false),
      ],
    };
    // Act
    const r = await opensearchCollector(aws.clients.opensearch).collect(ctx);
    const v = verdicts(r.items);
    // Assess
    expect(Object.keys(v)).toHaveLength(7);
    expect(v[`AWS::OpenSearch::Domain:${ACCOUNT_ID}/search-0`]).toEqual(
      all(OPENSEARCH_CONTROLS, 'COMPLIANT'),
    );
    expect(v[`AWS::OpenSearch::Domain:${ACCOUNT_ID}/search-5`]).toEqual(
      all(OPENSEARCH_CONTROLS, 'COMPLIANT'),
    );
    expect(v[`AWS::OpenSearch::Domain:${ACCOUNT_ID}/scratch`]).toEqual(
      all(OPENSEARCH_CONTROLS, 'NON_COMPLIANT'),
    );
    expect(aws.calls.filter((c) => c === 'opensearch:DescribeDomains')).toHaveLength(2);
    expect(r.apis.every((a) => a.failures.length === 0)).toBe(true);
    expect(r.accountIds).toContain(ACCOUNT_ID);
  });

  it('records a failed DescribeDomains as a gap naming its domains and still reads the other batches', async () => {
    // Prepare
    const names = Array.from({ length: 7 }, (_, i) => `search-${i}`);
    account.analytics = { ...NO_ANALYTICS, domains: names.map((n) => domain(n, true)) };
    account.denied.add(`opensearch:DescribeDomains:${names.slice(0, 5).join(',')}`);
    // Act
    const r = await opensearchCollector(aws.clients.opensearch).collect(ctx);
    // Assess
    expect(r.items.map((i) => i.key).sort()).toEqual([
      `AWS::OpenSearch::Domain:${ACCOUNT_ID}/search-5`,
      `AWS::OpenSearch::Domain:${ACCOUNT_ID}/search-6`,
    ]);
    expect(r.apis.find((a) => a.api === 'opensearch:DescribeDomains')?.failures).toMatchObject([
      { errorCode: 'AccessDeniedException', resource: names.slice(0, 5).join(',') },
    ]);
  });

  it('records a denied ListDomainNames as a gap and observes nothing', async () => {
    // Prepare
    account.analytics = { ...NO_ANALYTICS, domains: [domain('search-0', true)] };
    account.denied.add('opensearch:ListDomainNames');
    // Act
    const r = await opensearchCollector(aws.clients.opensearch).collect(ctx);
    // Assess
    expect(r.items).toEqual([]);
    expect(r.apis.find((a) => a.api === 'opensearch:ListDomainNames')?.failures).toMatchObject([
      { errorCode: 'AccessDeniedException' },
    ]);
    expect(r.apis.map((a) => a.api)).toContain('opensearch:DescribeDomains');
  });
});

const notebook = (name: string, protectedNotebook: boolean) => ({
  NotebookInstanceName: name,
  NotebookInstanceArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT_ID}:notebook-instance/${name}`,
  NotebookInstanceStatus: 'InService' as const,
  InstanceType: 'ml.t3.medium' as const,
  DirectInternetAccess: protectedNotebook ? ('Disabled' as const) : ('Enabled' as const),
  ...(protectedNotebook
    ? {
        KmsKeyId: `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
        SubnetId: 'subnet-0a1b2c3d4e5f60718',
        SecurityGroups: ['sg-0123456789abcdef0'],
      }
    : {}),
  CreationTime: new Date('2026-10-01T09:00:00.000Z'),
});

const endpointConfig = (name: string, key: boolean) => ({
  EndpointConfigName: name,
  EndpointConfigArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT_ID}:endpoint-config/${name}`,
  ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: name, InstanceType: 'ml.m5.large' as const }],
  ...(key
    ? { KmsKeyId: `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab` }
    : {}),
  CreationTime: new Date('2026-10-01T09:00:00.000Z'),
});

describe('SageMaker collector', () => {
  it('describes every notebook instance and endpoint configuration over several pages', async () => {
    // Prepare
    account.analytics = {
      ...NO_ANALYTICS,
      notebooks: [notebook('cohort-a', true), notebook('cohort-b', true), notebook('scratch', false)],
      endpointConfigs: [
        endpointConfig('model-a', true),
        endpointConfig('model-b', true),
        endpointConfig('draft', false),
      ],
    };
    // Act
    const r = await sagemakerCollector(aws.clients.sagemaker).collect(ctx);
    const v = verdicts(r.items);
    // Assess
    const notebookControls = ['sagemaker-notebook-kms', 'sagemaker-notebook-no-direct-internet'];
    expect(v['AWS::SageMaker::NotebookInstance:cohort-a']).toEqual(all(notebookControls, 'COMPLIANT'));
    expect(v['AWS::SageMaker::NotebookInstance:cohort-b']).toEqual(all(notebookControls, 'COMPLIANT'));
    expect(v['AWS::SageMaker::NotebookInstance:scratch']).toEqual(all(notebookControls, 'NON_COMPLIANT'));
    expect(v['AWS::SageMaker::EndpointConfig:model-b']).toEqual({ 'sagemaker-endpoint-kms': 'COMPLIANT' });
    expect(v['AWS::SageMaker::EndpointConfig:draft']).toEqual({ 'sagemaker-endpoint-kms': 'NON_COMPLIANT' });
    expect(aws.calls.filter((c) => c === 'sagemaker:ListNotebookInstances')).toHaveLength(2);
    expect(aws.calls.filter((c) => c === 'sagemaker:ListEndpointConfigs')).toHaveLength(2);
    expect(r.apis.every((a) => a.failures.length === 0)).toBe(true);
    expect(r.accountIds).toContain(ACCOUNT_ID);
  });

  it('records a failed describe as a gap naming the resource and still reads the others', async () => {
    // Prepare
    account.analytics = {
      ...NO_ANALYTICS,
      notebooks: [notebook('cohort-a', true), notebook('cohort-b', true)],
    };
    account.denied.add('sagemaker:DescribeNotebookInstance:cohort-a');
    // Act
    const r = await sagemakerCollector(aws.clients.sagemaker).collect(ctx);
    // Assess
    expect(r.items.map((i) => i.key)).toEqual(['AWS::SageMaker::NotebookInstance:cohort-b']);
    expect(r.apis.find((a) => a.api === 'sagemaker:DescribeNotebookInstance')?.failures).toMatchObject([
      { errorCode: 'AccessDeniedException', resource: 'cohort-a' },
    ]);
  });
});

/** AWS Config in the fake account: recorder status, rules and their results, EBS volumes' items. */
import {
  BatchGetResourceConfigCommand,
  ConfigServiceClient,
  DescribeConfigRulesCommand,
  DescribeConfigurationRecorderStatusCommand,
  GetComplianceDetailsByConfigRuleCommand,
  ListDiscoveredResourcesCommand,
} from '@aws-sdk/client-config-service';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT_ID, type FakeAccount, REGION } from './account';
import { page, type Serve } from './serve';

/** Mocks every ConfigServiceClient and serves `account` through it. */
export function serveConfig(account: FakeAccount, serve: Serve): AwsClientStub<ConfigServiceClient> {
  const config = mockClient(ConfigServiceClient);
  config.on(DescribeConfigurationRecorderStatusCommand).callsFake(
    serve('config:DescribeConfigurationRecorderStatus', () => ({
      ConfigurationRecordersStatus: account.recorders.map((r) => ({
        name: r.name,
        arn: `arn:aws:config:${REGION}:${ACCOUNT_ID}:configuration-recorder/${r.name}/abc`,
        recording: r.recording,
        lastStatus: r.lastStatus,
        lastStartTime: new Date('2026-01-01T00:00:00Z'),
        lastStatusChangeTime: new Date(),
        ...(r.lastStatus === 'Failure'
          ? { lastErrorCode: 'NoAvailableDeliveryChannelException', lastErrorMessage: 'x' }
          : {}),
      })),
    })),
  );
  config.on(DescribeConfigRulesCommand).callsFake(
    serve('config:DescribeConfigRules', (input: { NextToken?: string }) => {
      const p = page(account.rules, input.NextToken);
      return {
        ConfigRules: p.items.map((r, i) => ({
          ConfigRuleName: r.name,
          ConfigRuleArn: `arn:aws:config:${REGION}:${ACCOUNT_ID}:config-rule/config-rule-${r.name.length}${i}`,
          ConfigRuleId: `config-rule-${i}`,
          Source: { Owner: 'AWS', SourceIdentifier: r.name.toUpperCase().replace(/-/g, '_') },
          ConfigRuleState: 'ACTIVE',
        })),
        ...(p.next ? { NextToken: p.next } : {}),
      };
    }),
  );
  config.on(GetComplianceDetailsByConfigRuleCommand).callsFake(
    serve(
      'config:GetComplianceDetailsByConfigRule',
      (input: { ConfigRuleName: string; NextToken?: string }) => {
        const rule = account.rules.find((r) => r.name === input.ConfigRuleName);
        const p = page(rule?.results ?? [], input.NextToken);
        return {
          EvaluationResults: p.items.map((r) => ({
            EvaluationResultIdentifier: {
              EvaluationResultQualifier: {
                ConfigRuleName: input.ConfigRuleName,
                ResourceType: r.resourceType,
                ResourceId: r.resourceId,
                EvaluationMode: 'DETECTIVE',
              },
              OrderingTimestamp: new Date('2026-11-01T00:00:00Z'),
            },
            ComplianceType: r.complianceType,
            ResultRecordedTime: new Date('2026-11-01T00:00:05Z'),
            ConfigRuleInvokedTime: new Date('2026-11-01T00:00:01Z'),
            ...(r.annotation ? { Annotation: r.annotation } : {}),
          })),
          ...(p.next ? { NextToken: p.next } : {}),
        };
      },
      (input) => input.ConfigRuleName,
    ),
  );
  config.on(ListDiscoveredResourcesCommand).callsFake(
    serve('config:ListDiscoveredResources', (input: { resourceType: string; nextToken?: string }) => {
      const all = input.resourceType === 'AWS::EC2::Volume' ? account.volumes : [];
      const p = page(all, input.nextToken);
      return {
        resourceIdentifiers: p.items.map((v) => ({ resourceType: 'AWS::EC2::Volume', resourceId: v.id })),
        ...(p.next ? { nextToken: p.next } : {}),
      };
    }),
  );
  config.on(BatchGetResourceConfigCommand).callsFake(
    serve(
      'config:BatchGetResourceConfig',
      (input: { resourceKeys: { resourceType: string; resourceId: string }[] }) => ({
        baseConfigurationItems: input.resourceKeys.flatMap((k) => {
          const v = account.volumes.find((x) => x.id === k.resourceId);
          return v ? [volumeItem(v)] : [];
        }),
        unprocessedResourceKeys: [],
      }),
    ),
  );
  return config;
}

/** A configuration item of an EBS volume as BatchGetResourceConfig returns it (configuration is JSON text). */
export function volumeItem(v: { id: string; encrypted: boolean; region?: string }) {
  return {
    version: '1.3',
    accountId: ACCOUNT_ID,
    configurationItemCaptureTime: new Date('2026-10-01T12:00:00.000Z'),
    configurationItemStatus: 'OK' as const,
    configurationStateId: '1759320000000',
    arn: `arn:aws:ec2:${REGION}:${ACCOUNT_ID}:volume/${v.id}`,
    resourceType: 'AWS::EC2::Volume' as const,
    resourceId: v.id,
    awsRegion: v.region ?? REGION,
    availabilityZone: 'us-east-1a',
    resourceCreationTime: new Date('2026-01-01T00:00:00.000Z'),
    configuration: JSON.stringify(volumeConfiguration(v)),
    supplementaryConfiguration: {},
  };
}

/** The configuration of an EBS volume as Config records it (the object volumeItem serializes). */
export function volumeConfiguration(v: { id: string; encrypted: boolean }) {
  return {
    volumeId: v.id,
    size: 100,
    volumeType: 'gp3',
    encrypted: v.encrypted,
    state: 'in-use',
    availabilityZone: 'us-east-1a',
  };
}

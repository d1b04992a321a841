// The pipeline key and the evidence table (lib/evidence-table.ts).
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ConfiguredFixture,
  type DefaultsFixture,
  keyArnRef,
  synthesizePipelines,
} from './pipeline-fixture';

let defaults: DefaultsFixture;
let configured: ConfiguredFixture;

beforeAll(() => {
  // Prepare / Act: the default and the configured pipeline (templates only: no annotations asserted here).
  ({ defaults, configured } = synthesizePipelines({ nag: false }));
});

describe('evidence table and key (defaults)', () => {
  it('creates a rotating customer-managed key usable by CloudWatch Logs and EventBridge only as scoped', () => {
    const { template } = defaults;
    // the CMK and the binder signing key
    template.resourceCountIs('AWS::KMS::Key', 2);
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Principal: {
                Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
              },
              Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
            }),
            Match.objectLike({
              Principal: { Service: 'events.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
              Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            }),
          ]),
        },
      }),
    });
  });

  it('creates the evidence table with PITR, CMK encryption, deletion protection, stream and the byDay and byRecordedTime indexes (checkpoint leaves are the record entries of byRecordedTime)', () => {
    const { template } = defaults;
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        TableName: Match.absent(),
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArnRef(template) },
        DeletionProtectionEnabled: true,
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byDay',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
          {
            IndexName: 'byRecordedTime',
            KeySchema: [
              { AttributeName: 'gsi2pk', KeyType: 'HASH' },
              { AttributeName: 'gsi3sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
      }),
    });
  });
});

describe('evidence table (options)', () => {
  it('turns table deletion protection off only when asked, keeping the RETAIN policy', () => {
    const table = Object.values(configured.template.findResources('AWS::DynamoDB::Table'))[0];
    expect(table).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: { DeletionProtectionEnabled: false },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { CONTROLS, controlById } from '../../../../core/domain/catalog';
import type { Control, SweepCall } from '../../../../core/domain/controls/control';
import {
  iamActionOf,
  sweepApiControls,
  sweepCallsOf,
  sweepCallTable,
  sweepIamActionsByScope,
  sweepIamActionsOf,
} from '../../../../core/domain/controls/sweep-calls';
import { SWEEP_SERVICE_NAMES } from '../../../../evidence-schemas/sweep-request';

/** A control with nothing but the fields the sweep-call derivation reads. */
const bare = (id: string, over: Partial<Control> = {}): Control => ({
  id,
  title: id,
  family: 'audit',
  citations: ['164.312(b)'],
  configRules: [],
  cloudTrailEvents: [],
  resourceTypes: [],
  sweepCalls: [],
  evaluate: () => undefined,
  ...over,
});

const apisOf = (c: Control | undefined) => (c ? sweepCallsOf(c).map((k) => k.api) : []);

describe('sweep calls derived from the controls', () => {
  it('gives a control with managed rules the Config rule calls, and a Config-read type the Config item calls', () => {
    // Prepare
    const ebs = controlById('ebs-volume-encryption');
    // Act
    const apis = apisOf(ebs);
    // Assess
    expect(apis).toEqual([
      'config:DescribeConfigRules',
      'config:GetComplianceDetailsByConfigRule',
      'config:ListDiscoveredResources',
      'config:BatchGetResourceConfig',
    ]);
  });

  it('gives a control of a directly read type its reads, then its own calls, and no Config item calls', () => {
    // Prepare
    const kms = controlById('kms-key-rotation');
    // Act
    const apis = apisOf(kms);
    // Assess
    expect(apis).toEqual([
      'config:DescribeConfigRules',
      'config:GetComplianceDetailsByConfigRule',
      'kms:ListKeys',
      'kms:DescribeKey',
      'kms:GetKeyRotationStatus',
    ]);
  });

  it('gives a control without rules, types or calls no sweep call', () => {
    // Prepare
    const review = controlById('log-review');
    // Act
    const apis = apisOf(review);
    // Assess
    expect(apis).toEqual([]);
  });

  it('lists each call once with every control it serves, in catalog order, grouped by service', () => {
    // Prepare
    const order = CONTROLS.map((c) => c.id);
    // Act
    const table = sweepCallTable(CONTROLS);
    // Assess
    expect(new Set(table.map((e) => e.call.api)).size).toBe(table.length);
    for (const e of table)
      expect(e.controls, e.call.api).toEqual(
        [...e.controls].sort((a, b) => order.indexOf(a) - order.indexOf(b)),
      );
    const services = table.map((e) => e.call.api.split(':')[0] ?? '');
    const ranks = services.map((s) => (SWEEP_SERVICE_NAMES as readonly string[]).indexOf(s));
    expect(ranks.every((r) => r >= 0)).toBe(true);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(sweepApiControls(CONTROLS)['config:ListDiscoveredResources']).toEqual([
      'ebs-volume-encryption',
      // inline policies come with Config's IAM user, role and group items
      'iam-policy-no-admin',
      'iam-user-no-policies',
      'iam-no-inline-policy',
    ]);
    // storage: DynamoDB tables are listed by DynamoDB, serving every control of the type
    expect(sweepApiControls(CONTROLS)['dynamodb:ListTables']).toEqual([
      'dynamodb-table-encryption',
      'dynamodb-pitr',
    ]);
    // databases: RDS instances are listed by RDS, serving every control of the type
    expect(sweepApiControls(CONTROLS)['rds:DescribeDBInstances']).toEqual([
      'rds-storage-encryption',
      'rds-instance-public',
      'rds-instance-backup',
      'rds-multi-az',
      'rds-deletion-protection',
      'rds-logging',
      'rds-enhanced-monitoring',
    ]);
    // the public-exposure types are read from their own services, each list call serving its controls
    expect(sweepApiControls(CONTROLS)['ec2:DescribeSecurityGroups']).toEqual(['security-group-admin-ports']);
    expect(sweepApiControls(CONTROLS)['lambda:ListFunctions']).toEqual([
      'lambda-function-public-policy',
      'lambda-function-url-public',
    ]);
    expect(sweepApiControls(CONTROLS)['s3control:GetPublicAccessBlock']).toEqual([
      's3-account-public-access-block',
    ]);
    // OpenSearch lists every domain (legacy Elasticsearch ones too) for the five domain controls, and
    // SageMaker each of its kinds for that kind's controls; none is read through Config
    expect(sweepApiControls(CONTROLS)['opensearch:DescribeDomains']).toEqual([
      'opensearch-encryption-at-rest',
      'opensearch-node-to-node-encryption',
      'opensearch-https-required',
      'opensearch-in-vpc',
      'opensearch-audit-logs',
    ]);
    expect(sweepApiControls(CONTROLS)['sagemaker:DescribeNotebookInstance']).toEqual([
      'sagemaker-notebook-kms',
      'sagemaker-notebook-no-direct-internet',
    ]);
    expect(sweepApiControls(CONTROLS)['sagemaker:ListEndpointConfigs']).toEqual(['sagemaker-endpoint-kms']);
  });

  it('refuses two declarations of one call with different scopes or IAM actions', () => {
    // Prepare
    const call: SweepCall = { api: 'iam:ListUsers', scope: 'unscoped' };
    const a = bare('a', { sweepCalls: [call] });
    const b = bare('b', { sweepCalls: [{ ...call, scope: 'users' }] });
    const c = bare('c', { sweepCalls: [{ ...call, iamAction: 'iam:ListEverything' }] });
    // Act
    const same = () => sweepCallTable([a, bare('d', { sweepCalls: [{ ...call }] })]);
    // Assess
    expect(same()).toHaveLength(1);
    expect(() => sweepCallTable([a, b])).toThrow(/iam:ListUsers is declared twice .*control b/);
    expect(() => sweepCallTable([a, c])).toThrow(/iam:ListUsers is declared twice .*control c/);
  });

  it('puts every IAM action in exactly one scope, IAM-named, with ListDiscoveredResources unscoped', () => {
    // Prepare
    const all = sweepIamActionsOf(CONTROLS);
    // Act
    const byScope = sweepIamActionsByScope(CONTROLS);
    // Assess
    const scoped = Object.values(byScope).flat();
    expect([...scoped].sort()).toEqual(all);
    expect(byScope.unscoped).toContain('config:ListDiscoveredResources');
    expect(byScope.buckets).toEqual([
      's3:GetEncryptionConfiguration',
      's3:GetBucketPolicy',
      's3:GetBucketPublicAccessBlock',
      's3:GetBucketAcl',
      // storage integrity, contingency and audit
      's3:GetBucketVersioning',
      's3:GetBucketObjectLockConfiguration',
      's3:GetReplicationConfiguration',
      's3:GetBucketLogging',
    ]);
    expect(byScope.functions).toEqual(['lambda:GetPolicy', 'lambda:ListFunctionUrlConfigs']);
    // storage: per-table and per-plan reads scoped to their ARNs
    expect(byScope.tables).toEqual(['dynamodb:DescribeTable', 'dynamodb:DescribeContinuousBackups']);
    expect(byScope.backupVaults).toEqual(['backup:GetBackupVaultAccessPolicy']);
    expect(byScope.dbSnapshots).toEqual([
      'rds:DescribeDBSnapshotAttributes',
      'rds:DescribeDBClusterSnapshotAttributes',
    ]);
    expect(byScope.unscoped).toContain('s3:GetAccountPublicAccessBlock');
    expect(iamActionOf({ api: 's3:ListBuckets', iamAction: 's3:ListAllMyBuckets', scope: 'unscoped' })).toBe(
      's3:ListAllMyBuckets',
    );
  });
});

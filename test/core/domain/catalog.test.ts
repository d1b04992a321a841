import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  assess,
  CITATIONS,
  CONTROL_FAMILIES,
  CONTROLS,
  citationsOf,
  cloudTrailEventNames,
  controlsForRule,
  evaluatedResourceTypes,
  managedRuleName,
} from '../../../core/domain/catalog';
import { controlSourceFile, controlTestFile } from '../../../core/domain/controls';
import { NOTABLE_EVENT_NAMES } from '../../../core/domain/notable';
import {
  apiCallFacts,
  configFacts,
  observationOf,
  observeFixture,
  ruleFacts,
  setAt,
  signInFacts,
} from '../../fixtures/builders';

const ROOT = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');
const exists = (path: string) => existsSync(new URL(path, ROOT));

describe('every control', () => {
  it('lives in core/domain/controls/<family>/<control-id>.ts, which exports it as `control`', async () => {
    // Prepare
    const files = CONTROLS.map((c) => ({ c, path: controlSourceFile(c) }));
    // Act
    const modules = await Promise.all(files.map(({ path }) => import(new URL(path, ROOT).href)));
    // Assess
    const elsewhere = files.filter(({ c }, i) => modules[i]?.control !== c).map(({ path }) => path);
    expect(elsewhere).toEqual([]);
  });

  it('has its test, framed by describeControl, with a COMPLIANT and a NON_COMPLIANT case', () => {
    // Prepare
    const tests = CONTROLS.map((c) => ({ c, path: controlTestFile(c) }));
    // Act
    const bad = tests.filter(({ c, path }) => {
      if (!exists(path)) return true;
      const text = read(path);
      const imports = new RegExp(
        `import \\{[^}]*\\bcontrol\\b[^}]*\\} from '(\\.\\./)+core/domain/controls/${c.family}/${c.id}';`,
      );
      return (
        !imports.test(text) ||
        !text.includes('describeControl(control, [') ||
        !/status: 'COMPLIANT'/.test(text) ||
        !/status: 'NON_COMPLIANT'/.test(text)
      );
    });
    // Assess
    expect(bad.map(({ path }) => path)).toEqual([]);
  });

  it('is the only owner of the control test files and control files in its family folder', () => {
    // Prepare
    const expected = new Set(CONTROLS.flatMap((c) => [controlSourceFile(c), controlTestFile(c)]));
    // Act
    const found = CONTROL_FAMILIES.flatMap((family) =>
      [`core/domain/controls/${family}`, `test/core/domain/controls/${family}`]
        .filter(exists)
        .flatMap((dir) => readdirSync(new URL(dir, ROOT)).map((name) => `${dir}/${name}`)),
    );
    // Assess
    expect(found.filter((path) => !expected.has(path))).toEqual([]);
    expect(found.length).toBe(expected.size);
  });

  it('names its test and the data fixtures that test reads in its file header', () => {
    // Prepare
    const headers = CONTROLS.map((c) => {
      const header = /^\/\*\*([\s\S]*?)\*\//.exec(read(controlSourceFile(c)))?.[1] ?? '';
      const test = exists(controlTestFile(c)) ? read(controlTestFile(c)) : '';
      return { c, header: header.replace(/\n \* ?/g, ' '), test };
    });
    // Act
    const wrong = headers.flatMap(({ c, header, test }) => {
      // data fixtures only: the builders a header mentions are shared helpers, not a control's fixtures
      const named = new Set(header.match(/test\/fixtures\/(events|controls)\/[\w/.-]+\.(json|ts)/g) ?? []);
      const used = new Set([
        ...[...test.matchAll(/[fF]ixture\('([\w-]+)'/g)].map((m) => `test/fixtures/events/${m[1]}.json`),
        ...[...test.matchAll(/from '(?:\.\.\/)+(fixtures\/controls\/[\w/.-]+)'/g)].map(
          (m) => `test/${m[1]}.ts`,
        ),
      ]);
      return [
        ...(header.includes(`Test: ${controlTestFile(c)}`)
          ? []
          : [`${c.id}: no "Test: ${controlTestFile(c)}"`]),
        ...[...named].filter((f) => !exists(f)).map((f) => `${c.id}: ${f} does not exist`),
        ...[...used].filter((f) => !named.has(f)).map((f) => `${c.id}: ${f} is used but not named`),
        ...[...named].filter((f) => !used.has(f)).map((f) => `${c.id}: ${f} is named but not used`),
      ];
    });
    // Assess
    expect(wrong).toEqual([]);
  });
});

describe('assess', () => {
  it('judges a configuration only against the controls for its resource type', () => {
    // Prepare
    const obs = observeFixture('config-ci-dynamodb-table');
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).toEqual(['dynamodb-table-encryption', 'dynamodb-pitr']);
  });

  it('marks every assessment of a failed call as not affecting posture and says why', () => {
    // Prepare
    const obs = observeFixture('ct-access-denied');
    // Act
    const out = assess(obs);
    // Assess
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      controlId: 'cloudtrail-logging',
      status: 'NON_COMPLIANT',
      affectsPosture: false,
    });
    expect(out[0]?.reason).toMatch(/^attempt failed \(AccessDenied\): /);
  });

  it('does not let a failed PutRetentionPolicy move posture even when it would comply', () => {
    // Prepare
    const obs = observeFixture('ct-put-retention-policy', (d) =>
      setAt(d, ['detail', 'errorCode'], 'ThrottlingException'),
    );
    // Act
    const out = assess(obs);
    // Assess
    expect(out).toEqual([
      expect.objectContaining({ controlId: 'log-retention', status: 'COMPLIANT', affectsPosture: false }),
    ]);
  });

  it('treats a failed console sign-in as activity only', () => {
    // Prepare
    const failedUser = observeFixture('signin-failure');
    const failedRoot = observationOf(signInFacts('Root', 'Failure', false));
    // Act
    const user = assess(failedUser);
    const root = assess(failedRoot);
    // Assess
    expect(user).toEqual([
      expect.objectContaining({ controlId: 'iam-user-mfa', status: 'NOT_APPLICABLE', affectsPosture: false }),
    ]);
    expect(root).toEqual([
      expect.objectContaining({
        controlId: 'root-account-use',
        status: 'NOT_APPLICABLE',
        affectsPosture: false,
      }),
    ]);
  });

  it('records access-key and MFA-removal activity without moving posture', () => {
    // Prepare
    const created = observeFixture('ct-create-access-key-iam-user');
    const removed = observationOf(
      apiCallFacts('DeactivateMFADevice', { requestParameters: { userName: 'u' } }),
    );
    const profile = observationOf(
      apiCallFacts('CreateLoginProfile', { requestParameters: { userName: 'u' } }),
    );
    const trail = observationOf(apiCallFacts('CreateTrail', { requestParameters: { name: 't' } }));
    // Act
    const results = [created, removed, profile, trail].map((o) => assess(o));
    // Assess
    expect(results[0]).toEqual([
      expect.objectContaining({ controlId: 'iam-access-keys', affectsPosture: false }),
    ]);
    expect(results[0]?.[0]?.reason).toContain('AKIAEXAM…');
    expect(results[1]).toEqual([
      expect.objectContaining({ controlId: 'iam-user-mfa', affectsPosture: false }),
    ]);
    expect(results[2]).toEqual([
      expect.objectContaining({ controlId: 'iam-user-mfa', affectsPosture: false }),
    ]);
    expect(results[3]?.find((a) => a.controlId === 'cloudtrail-logging')).toMatchObject({
      affectsPosture: false,
    });
  });

  it('maps INSUFFICIENT_DATA to NOT_APPLICABLE that does not affect posture', () => {
    // Prepare
    const obs = observeFixture('config-compliance-conformance-pack', (d) =>
      setAt(d, ['detail', 'newEvaluationResult', 'complianceType'], 'INSUFFICIENT_DATA'),
    );
    // Act
    const out = assess(obs);
    // Assess
    expect(out).toEqual([
      expect.objectContaining({
        controlId: 's3-bucket-tls',
        status: 'NOT_APPLICABLE',
        affectsPosture: false,
      }),
    ]);
  });

  it('lets a Config NOT_APPLICABLE verdict affect posture', () => {
    // Prepare
    const obs = observationOf(ruleFacts('encrypted-volumes', 'NOT_APPLICABLE'));
    // Act
    const out = assess(obs);
    // Assess
    expect(out).toEqual([
      expect.objectContaining({
        controlId: 'ebs-volume-encryption',
        status: 'NOT_APPLICABLE',
        affectsPosture: true,
      }),
    ]);
  });

  it('makes a deleted resource NOT_APPLICABLE for every control on its type', () => {
    // Prepare
    const volume = observeFixture('config-ci-deleted');
    const bucket = observationOf(configFacts('AWS::S3::Bucket', {}, {}, 'ResourceDeleted'));
    // Act
    const volumeOut = assess(volume);
    const bucketOut = assess(bucket);
    // Assess
    expect(volumeOut).toEqual([
      expect.objectContaining({
        controlId: 'ebs-volume-encryption',
        status: 'NOT_APPLICABLE',
        affectsPosture: true,
      }),
    ]);
    expect(bucketOut.map((a) => [a.controlId, a.status])).toEqual([
      ['s3-bucket-encryption', 'NOT_APPLICABLE'],
      ['s3-bucket-tls', 'NOT_APPLICABLE'],
      ['s3-bucket-public-access-block', 'NOT_APPLICABLE'],
      ['s3-bucket-public-read-write', 'NOT_APPLICABLE'],
      ['s3-bucket-versioning', 'NOT_APPLICABLE'],
      ['s3-bucket-object-lock', 'NOT_APPLICABLE'],
      ['s3-bucket-replication', 'NOT_APPLICABLE'],
      ['s3-bucket-logging', 'NOT_APPLICABLE'],
    ]);
    expect(bucketOut[0]?.reason).toContain('ResourceDeleted');
  });

  it('gives an unmapped rule its own control id and no citations', () => {
    // Prepare
    const obs = observeFixture('config-compliance-custom-rule');
    // Act
    const out = assess(obs);
    // Assess
    expect(out).toEqual([
      {
        controlId: 'config-rule:acme-phi-volume-tagging',
        citations: [],
        status: 'NON_COMPLIANT',
        reason:
          'AWS Config rule acme-phi-volume-tagging: NON_COMPLIANT (Volume is missing the data-classification tag.)',
        affectsPosture: true,
      },
    ]);
  });

  it('maps conformance-pack and Security Hub deployments of managed rules to their controls', () => {
    // Prepare
    const pack = observeFixture('config-compliance-conformance-pack');
    const hub = observeFixture('config-compliance-securityhub');
    // Act
    const packOut = assess(pack);
    const hubOut = assess(hub);
    // Assess
    expect(packOut).toEqual([
      expect.objectContaining({ controlId: 's3-bucket-tls', status: 'NON_COMPLIANT' }),
    ]);
    expect(packOut[0]?.citations.map((c) => c.citation)).toEqual(['164.312(e)(1)', '164.312(e)(2)(ii)']);
    expect(hubOut).toEqual([expect.objectContaining({ controlId: 'iam-access-keys', status: 'COMPLIANT' })]);
  });

  it('maps a custom rule through the caller’s mappings, with that control’s citations', () => {
    // Prepare
    const obs = observeFixture('config-compliance-custom-rule');
    // Act
    const out = assess(obs, { 'acme-phi-volume-tagging': 'ebs-volume-encryption' });
    // Assess
    expect(out).toEqual([
      expect.objectContaining({
        controlId: 'ebs-volume-encryption',
        citations: [{ citation: '164.312(a)(2)(iv)', requirement: 'addressable' }],
        status: 'NON_COMPLIANT',
      }),
    ]);
  });

  it('maps one managed rule to every control that names it', () => {
    // Prepare
    const controlsWithRule = CONTROLS.filter((c) => c.configRules.includes('cloudtrail-enabled')).map(
      (c) => c.id,
    );
    // Act
    const ids = controlsForRule('cloudtrail-enabled');
    // Assess
    expect(ids).toEqual(controlsWithRule);
    expect(ids.length).toBeGreaterThan(0);
  });

  it('gives nothing for an oversized summary (no configuration to judge)', () => {
    // Prepare
    const obs = observeFixture('config-ci-oversized');
    // Act
    const out = assess(obs);
    // Assess
    expect(out).toEqual([]);
  });
});

describe('evaluators answer nothing when the facts do not bear on them', () => {
  it('says nothing about encryption for an UpdateTrail that does not touch it', () => {
    // Prepare
    const obs = observationOf(
      apiCallFacts('UpdateTrail', {
        requestParameters: { name: 't', s3BucketName: 'other-bucket' },
        responseElements: {},
      }),
    );
    // Act
    const ids = assess(obs).map((a) => a.controlId);
    // Assess
    expect(ids).toEqual([]);
  });
});

describe('managedRuleName', () => {
  it.each([
    ['s3-bucket-ssl-requests-only-conformance-pack-abcd1234', 's3-bucket-ssl-requests-only'],
    ['securityhub-access-keys-rotated-a1b2c3', 'access-keys-rotated'],
    ['securityhub-multi-region-cloud-trail-enabled-4fc2b4b8', 'multi-region-cloud-trail-enabled'],
    ['S3_BUCKET_SSL_REQUESTS_ONLY', 's3-bucket-ssl-requests-only'],
    ['CW_LOGGROUP_RETENTION_PERIOD_CHECK', 'cw-loggroup-retention-period-check'],
    ['ENCRYPTED_VOLUMES-conformance-pack-x9y8z7', 'encrypted-volumes'],
    ['  encrypted-volumes  ', 'encrypted-volumes'],
    ['Acme-Custom-Rule', 'acme-custom-rule'],
    ['acme-phi-volume-tagging', 'acme-phi-volume-tagging'],
  ])('%s -> %s', (deployed, managed) => {
    // Prepare / Act
    const name = managedRuleName(deployed);
    // Assess
    expect(name).toBe(managed);
  });
});

describe('controlsForRule', () => {
  it('finds the control of a managed rule under any deployed spelling', () => {
    // Prepare
    const names = [
      's3-bucket-ssl-requests-only',
      'S3_BUCKET_SSL_REQUESTS_ONLY',
      's3-bucket-ssl-requests-only-conformance-pack-abcd1234',
    ];
    // Act
    const found = names.map((n) => controlsForRule(n));
    // Assess
    expect(found).toEqual([['s3-bucket-tls'], ['s3-bucket-tls'], ['s3-bucket-tls']]);
  });

  it('is empty for an unmapped rule', () => {
    // Prepare / Act
    const found = controlsForRule('acme-phi-volume-tagging');
    // Assess
    expect(found).toEqual([]);
  });

  it('uses custom mappings by deployed name or by managed name, before the catalog', () => {
    // Prepare
    const mappings = {
      'acme-phi-volume-tagging': 'ebs-volume-encryption',
      'acme-log-kms': 'log-group-encryption',
      'encrypted-volumes': 'rds-storage-encryption',
    };
    // Act
    const byDeployed = controlsForRule('acme-phi-volume-tagging', mappings);
    const byManaged = controlsForRule('acme-log-kms-conformance-pack-q1w2e3', mappings);
    const overridden = controlsForRule('ENCRYPTED_VOLUMES', mappings);
    // Assess
    expect(byDeployed).toEqual(['ebs-volume-encryption']);
    expect(byManaged).toEqual(['log-group-encryption']);
    expect(overridden).toEqual(['rds-storage-encryption']);
  });
});

describe('catalog', () => {
  it('gives every control a unique id, a title and known citations', () => {
    // Prepare
    const ids = CONTROLS.map((c) => c.id);
    // Act
    const bad = CONTROLS.filter(
      (c) =>
        c.title.trim() === '' || c.citations.length === 0 || c.citations.some((cit) => !(cit in CITATIONS)),
    );
    // Assess
    expect(new Set(ids).size).toBe(ids.length);
    expect(bad.map((c) => c.id)).toEqual([]);
  });

  it('names managed rules in their canonical (managedRuleName) form', () => {
    // Prepare
    const rules = CONTROLS.flatMap((c) => c.configRules);
    // Act
    const notCanonical = rules.filter((r) => managedRuleName(r) !== r);
    // Assess
    expect(notCanonical).toEqual([]);
  });

  it('lists every CloudTrail event of every control and of the activity review once, sorted', () => {
    // Prepare
    const expected = new Set([...CONTROLS.flatMap((c) => c.cloudTrailEvents), ...NOTABLE_EVENT_NAMES]);
    // Act
    const names = cloudTrailEventNames();
    // Assess
    for (const name of expected) expect(names).toContain(name);
    expect(names).toHaveLength(expected.size);
    expect(names).toEqual([...names].sort());
  });

  it('lists the resource types the controls evaluate', () => {
    // Prepare / Act
    const types = evaluatedResourceTypes();
    // Assess
    expect([...types].sort()).toEqual([
      'AWS::::Account',
      'AWS::ACM::Certificate',
      'AWS::ApiGateway::Stage',
      'AWS::Backup::BackupPlan',
      'AWS::Backup::BackupVault',
      'AWS::CloudFront::Distribution',
      'AWS::CloudTrail::Trail',
      'AWS::CloudWatch::SecurityAlarms',
      'AWS::DynamoDB::Table',
      'AWS::EC2::EBSEncryptionByDefault',
      'AWS::EC2::Instance',
      'AWS::EC2::NetworkAcl',
      'AWS::EC2::SecurityGroup',
      'AWS::EC2::Snapshot',
      'AWS::EC2::VPC',
      'AWS::EC2::Volume',
      'AWS::EFS::FileSystem',
      'AWS::EKS::Cluster',
      'AWS::ElastiCache::CacheCluster',
      'AWS::ElastiCache::ReplicationGroup',
      'AWS::ElasticLoadBalancing::LoadBalancer',
      'AWS::ElasticLoadBalancingV2::Listener',
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      'AWS::Elasticsearch::Domain',
      'AWS::GuardDuty::Detector',
      'AWS::IAM::Group',
      'AWS::IAM::Policy',
      'AWS::IAM::Role',
      'AWS::IAM::User',
      'AWS::KMS::Key',
      'AWS::Kinesis::Stream',
      'AWS::Lambda::Function',
      'AWS::Logs::LogGroup',
      'AWS::OpenSearch::Domain',
      'AWS::RDS::DBCluster',
      'AWS::RDS::DBClusterSnapshot',
      'AWS::RDS::DBInstance',
      'AWS::RDS::DBSnapshot',
      'AWS::Redshift::Cluster',
      'AWS::S3::AccountPublicAccessBlock',
      'AWS::S3::Bucket',
      'AWS::SNS::Topic',
      'AWS::SQS::Queue',
      'AWS::SageMaker::EndpointConfig',
      'AWS::SageMaker::NotebookInstance',
      'AWS::SecretsManager::Secret',
      'AWS::SecurityHub::Hub',
    ]);
  });

  it('gives citations the requirement level of 45 CFR', () => {
    // Prepare / Act
    const citations = citationsOf(['164.312(b)', '164.312(a)(2)(iv)']);
    // Assess
    expect(citations).toEqual([
      { citation: '164.312(b)', requirement: 'required' },
      { citation: '164.312(a)(2)(iv)', requirement: 'addressable' },
    ]);
  });
});

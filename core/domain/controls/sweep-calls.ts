/**
 * The sweep's API calls, derived from the controls: each control declares the calls that serve it alone
 * or with a few others (`sweepCalls`), and the calls below serve every control of a kind, so no control
 * repeats them. From both come which controls a failed call leaves unevidenced (core/domain/sweep-apis.ts)
 * and the sweep role's IAM actions (lib/scheduled-evidence.ts).
 */
import { SWEEP_SERVICE_NAMES } from '../../../evidence-schemas/sweep-request';
import { type Control, SWEEP_SCOPES, type SweepCall, type SweepScope } from './control';

/** Config rule results: they serve every control that names managed rules (configRules). */
export const CONFIG_RULE_CALLS: readonly SweepCall[] = [
  { api: 'config:DescribeConfigRules', scope: 'configRules' },
  { api: 'config:GetComplianceDetailsByConfigRule', scope: 'configRules' },
];

/** OpenSearch domains: listed (no resource-level permission), then described five at a time. */
const OPENSEARCH_DOMAIN_READS: readonly SweepCall[] = [
  { api: 'opensearch:ListDomainNames', iamAction: 'es:ListDomainNames', scope: 'unscoped' },
  { api: 'opensearch:DescribeDomains', iamAction: 'es:DescribeDomains', scope: 'opensearchDomains' },
];
/** The load balancer lists: one IAM action serves both APIs, each logged under its client's name. */
const ELB_CALLS = {
  classicLoadBalancers: {
    api: 'elb:DescribeLoadBalancers',
    iamAction: 'elasticloadbalancing:DescribeLoadBalancers',
    scope: 'unscoped',
  },
  v2LoadBalancers: {
    api: 'elbv2:DescribeLoadBalancers',
    iamAction: 'elasticloadbalancing:DescribeLoadBalancers',
    scope: 'unscoped',
  },
} as const satisfies Record<string, SweepCall>;

/**
 * Resource types the sweep reads from their own service rather than from AWS Config, with the calls
 * that list and read them: each serves every control evaluating that type.
 */
export const RESOURCE_READERS: Readonly<Record<string, readonly SweepCall[]>> = {
  'AWS::CloudTrail::Trail': [{ api: 'cloudtrail:DescribeTrails', scope: 'unscoped' }],
  'AWS::Logs::LogGroup': [{ api: 'logs:DescribeLogGroups', scope: 'logGroups' }],
  'AWS::KMS::Key': [
    { api: 'kms:ListKeys', scope: 'unscoped' },
    { api: 'kms:DescribeKey', scope: 'keys' },
  ],
  'AWS::S3::Bucket': [{ api: 's3:ListBuckets', iamAction: 's3:ListAllMyBuckets', scope: 'unscoped' }],
  // public exposure: EC2, RDS snapshots, Lambda and the account's S3 setting, read from their services
  'AWS::S3::AccountPublicAccessBlock': [
    { api: 's3control:GetPublicAccessBlock', iamAction: 's3:GetAccountPublicAccessBlock', scope: 'unscoped' },
  ],
  'AWS::EC2::SecurityGroup': [{ api: 'ec2:DescribeSecurityGroups', scope: 'unscoped' }],
  'AWS::EC2::NetworkAcl': [{ api: 'ec2:DescribeNetworkAcls', scope: 'unscoped' }],
  'AWS::EC2::Instance': [{ api: 'ec2:DescribeInstances', scope: 'unscoped' }],
  'AWS::EC2::Snapshot': [{ api: 'ec2:DescribeSnapshots', scope: 'unscoped' }],
  'AWS::RDS::DBSnapshot': [{ api: 'rds:DescribeDBSnapshots', scope: 'unscoped' }],
  'AWS::RDS::DBClusterSnapshot': [{ api: 'rds:DescribeDBClusterSnapshots', scope: 'unscoped' }],
  'AWS::Lambda::Function': [{ api: 'lambda:ListFunctions', scope: 'unscoped' }],
  // databases: listed from their services, like the RDS snapshots above
  'AWS::RDS::DBInstance': [{ api: 'rds:DescribeDBInstances', scope: 'unscoped' }],
  'AWS::RDS::DBCluster': [{ api: 'rds:DescribeDBClusters', scope: 'unscoped' }],
  'AWS::Redshift::Cluster': [{ api: 'redshift:DescribeClusters', scope: 'unscoped' }],
  'AWS::ElastiCache::ReplicationGroup': [{ api: 'elasticache:DescribeReplicationGroups', scope: 'unscoped' }],
  'AWS::ElastiCache::CacheCluster': [{ api: 'elasticache:DescribeCacheClusters', scope: 'unscoped' }],
  // stores: listed from their services (the list calls take no resource), then read one by one where
  // the list does not carry the settings
  'AWS::EFS::FileSystem': [
    { api: 'efs:DescribeFileSystems', iamAction: 'elasticfilesystem:DescribeFileSystems', scope: 'unscoped' },
  ],
  'AWS::SNS::Topic': [
    { api: 'sns:ListTopics', scope: 'unscoped' },
    { api: 'sns:GetTopicAttributes', scope: 'snsTopics' },
  ],
  'AWS::SQS::Queue': [
    { api: 'sqs:ListQueues', scope: 'unscoped' },
    { api: 'sqs:GetQueueAttributes', scope: 'sqsQueues' },
  ],
  'AWS::Kinesis::Stream': [
    { api: 'kinesis:ListStreams', scope: 'unscoped' },
    { api: 'kinesis:DescribeStreamSummary', scope: 'kinesisStreams' },
  ],
  'AWS::SecretsManager::Secret': [{ api: 'secretsmanager:ListSecrets', scope: 'unscoped' }],
  'AWS::EKS::Cluster': [
    { api: 'eks:ListClusters', scope: 'unscoped' },
    { api: 'eks:DescribeCluster', scope: 'eksClusters' },
  ],
  // search and machine learning: OpenSearch lists every domain, legacy Elasticsearch ones included, and
  // the sweep records each as AWS::OpenSearch::Domain
  'AWS::OpenSearch::Domain': OPENSEARCH_DOMAIN_READS,
  'AWS::Elasticsearch::Domain': OPENSEARCH_DOMAIN_READS,
  'AWS::SageMaker::NotebookInstance': [
    { api: 'sagemaker:ListNotebookInstances', scope: 'unscoped' },
    { api: 'sagemaker:DescribeNotebookInstance', scope: 'sagemakerResources' },
  ],
  'AWS::SageMaker::EndpointConfig': [
    { api: 'sagemaker:ListEndpointConfigs', scope: 'unscoped' },
    { api: 'sagemaker:DescribeEndpointConfig', scope: 'sagemakerResources' },
  ],
  // network edge: load balancers and their listeners, read from Elastic Load Balancing (classic and v2)
  'AWS::ElasticLoadBalancing::LoadBalancer': [ELB_CALLS.classicLoadBalancers],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': [ELB_CALLS.v2LoadBalancers],
  'AWS::ElasticLoadBalancingV2::Listener': [
    ELB_CALLS.v2LoadBalancers,
    {
      api: 'elbv2:DescribeListeners',
      iamAction: 'elasticloadbalancing:DescribeListeners',
      scope: 'unscoped',
    },
  ],
  // CloudFront (global) and ACM: each list names every setting the controls read
  'AWS::CloudFront::Distribution': [{ api: 'cloudfront:ListDistributions', scope: 'unscoped' }],
  'AWS::ACM::Certificate': [{ api: 'acm:ListCertificates', scope: 'unscoped' }],
  'AWS::ApiGateway::Stage': [
    { api: 'apigateway:GetRestApis', iamAction: 'apigateway:GET', scope: 'restApis' },
    { api: 'apigateway:GetStages', iamAction: 'apigateway:GET', scope: 'restApis' },
  ],
  // storage: DynamoDB tables and AWS Backup plans and vaults, read from their services
  'AWS::DynamoDB::Table': [
    { api: 'dynamodb:ListTables', scope: 'unscoped' },
    { api: 'dynamodb:DescribeTable', scope: 'tables' },
  ],
  'AWS::Backup::BackupPlan': [
    { api: 'backup:ListBackupPlans', scope: 'unscoped' },
    { api: 'backup:GetBackupPlan', scope: 'backupPlans' },
  ],
  'AWS::Backup::BackupVault': [{ api: 'backup:ListBackupVaults', scope: 'unscoped' }],
  // threat detection: read from their services (Config's items carry no findings, and no item says a
  // region has no detector)
  'AWS::GuardDuty::Detector': [
    { api: 'guardduty:ListDetectors', scope: 'unscoped' },
    { api: 'guardduty:GetDetector', scope: 'detectors' },
  ],
  'AWS::SecurityHub::Hub': [{ api: 'securityhub:DescribeHub', scope: 'hubs' }],
  'AWS::EC2::VPC': [{ api: 'ec2:DescribeVpcs', scope: 'unscoped' }],
  'AWS::EC2::EBSEncryptionByDefault': [{ api: 'ec2:GetEbsEncryptionByDefault', scope: 'unscoped' }],
  'AWS::CloudWatch::SecurityAlarms': [
    { api: 'cloudtrail:DescribeTrails', scope: 'unscoped' },
    { api: 'logs:DescribeMetricFilters', scope: 'logGroups' },
    { api: 'cloudwatch:DescribeAlarms', scope: 'unscoped' },
  ],
  // access: the account's password policy (Config records no item for it; the IAM collector writes one)
  'AWS::::Account': [{ api: 'iam:GetAccountPasswordPolicy', scope: 'unscoped' }],
  // customer managed policies with their default version (inline policies come with Config's
  // user, role and group items)
  'AWS::IAM::Policy': [
    { api: 'iam:ListPolicies', scope: 'unscoped' },
    { api: 'iam:GetPolicyVersion', scope: 'policies' },
  ],
};

/** Configuration items of every other evaluated type, read through Config: they serve its controls. */
export const CONFIG_ITEM_CALLS: readonly SweepCall[] = [
  { api: 'config:ListDiscoveredResources', scope: 'unscoped' },
  { api: 'config:BatchGetResourceConfig', scope: 'unscoped' },
];

/** Calls that several controls declare, declared once so their IAM action and scope cannot differ. */
export const SHARED_CALLS = {
  generateCredentialReport: { api: 'iam:GenerateCredentialReport', scope: 'unscoped' },
  getCredentialReport: { api: 'iam:GetCredentialReport', scope: 'unscoped' },
  listUsers: { api: 'iam:ListUsers', scope: 'unscoped' },
} as const satisfies Record<string, SweepCall>;

/** The IAM action that authorizes a call. */
export function iamActionOf(call: SweepCall): string {
  return call.iamAction ?? call.api;
}

const readsThroughConfig = (c: Control) => c.resourceTypes.some((t) => !RESOURCE_READERS[t]);
const serviceRank = (api: string) => {
  const i = (SWEEP_SERVICE_NAMES as readonly string[]).indexOf(api.split(':')[0] ?? '');
  return i < 0 ? SWEEP_SERVICE_NAMES.length : i;
};

/** One sweep call and the controls it serves (in catalog order). */
export interface SweepCallEntry {
  call: SweepCall;
  controls: string[];
}

/**
 * Every sweep call with the controls it serves, grouped by service in the sweep's service order; within
 * a service, Config rule calls first, then each control's reads and own calls in catalog order, and the
 * reads through Config last. Throws when two declarations of one call disagree on its IAM action or scope.
 */
export function sweepCallTable(controls: readonly Control[]): SweepCallEntry[] {
  const sequence: (readonly [SweepCall, Control])[] = [
    ...controls.flatMap((c) =>
      c.configRules.length > 0 ? CONFIG_RULE_CALLS.map((k) => [k, c] as const) : [],
    ),
    ...controls.flatMap((c) =>
      [...c.resourceTypes.flatMap((t) => RESOURCE_READERS[t] ?? []), ...c.sweepCalls].map(
        (k) => [k, c] as const,
      ),
    ),
    ...controls.flatMap((c) => (readsThroughConfig(c) ? CONFIG_ITEM_CALLS.map((k) => [k, c] as const) : [])),
  ];
  const rank = new Map(controls.map((c, i) => [c.id, i]));
  const table = new Map<string, SweepCallEntry>();
  for (const [call, control] of sequence) {
    const entry = table.get(call.api);
    if (!entry) {
      table.set(call.api, { call, controls: [control.id] });
      continue;
    }
    if (iamActionOf(entry.call) !== iamActionOf(call) || entry.call.scope !== call.scope)
      throw new Error(
        `sweep call ${call.api} is declared twice with different IAM actions or scopes (control ${control.id})`,
      );
    if (!entry.controls.includes(control.id)) entry.controls.push(control.id);
  }
  const entries = [...table.values()];
  for (const e of entries) e.controls.sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
  // Array.prototype.sort is stable: within a service the order above holds
  return entries.sort((a, b) => serviceRank(a.call.api) - serviceRank(b.call.api));
}

/** service:Operation -> the ids of the controls that call serves. */
export function sweepApiControls(controls: readonly Control[]): Record<string, readonly string[]> {
  return Object.fromEntries(sweepCallTable(controls).map((e) => [e.call.api, e.controls]));
}

/** The IAM actions of every sweep call, sorted, each once. */
export function sweepIamActionsOf(controls: readonly Control[]): string[] {
  return [...new Set(sweepCallTable(controls).map((e) => iamActionOf(e.call)))].sort();
}

/** The IAM actions of every sweep call grouped by the resource class they are scoped to, in table order. */
export function sweepIamActionsByScope(controls: readonly Control[]): Record<SweepScope, readonly string[]> {
  const out = Object.fromEntries(SWEEP_SCOPES.map((s) => [s, [] as string[]])) as Record<
    SweepScope,
    string[]
  >;
  for (const { call } of sweepCallTable(controls)) {
    const action = iamActionOf(call);
    if (!out[call.scope].includes(action)) out[call.scope].push(action);
  }
  return out;
}

/** Every call that serves `control`: those it gets as a control of its kind, then its own. */
export function sweepCallsOf(control: Control): SweepCall[] {
  return sweepCallTable([control]).map((e) => e.call);
}

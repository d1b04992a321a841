/**
 * How the catalog compares with the two lists an auditor holds it against: the rules of AWS Config's
 * "Operational Best Practices for HIPAA Security" conformance pack and the checks of Prowler's HIPAA
 * framework for AWS. Each rule and check is either named by a control (`configRules`,
 * `prowlerChecks`) or listed here: `excluded` when configuration cannot evidence it (a process check),
 * with the reason; `backlog` when it is a configuration safeguard the catalog does not evidence yet,
 * with the family its control belongs to. The corpus run (scripts/corpus.ts) reads the current pack
 * and Prowler mapping and fails on any rule or check in neither place, or listed here while mapped.
 */
import { CONTROLS } from '.';
import type { Control, ControlFamily } from './control';

/** Why a rule or check has no control. */
export type Unmapped =
  | { kind: 'excluded'; reason: string }
  /** `hardening`: patching and managed-instance checks (protection from malicious software) */
  | { kind: 'backlog'; family: ControlFamily | 'hardening' };

/** AWS Config managed rules of the HIPAA conformance pack that no control names. */
export const CONFIG_RULES_UNMAPPED: Readonly<Record<string, Unmapped>> = {
  'acm-certificate-expiration-check': { kind: 'backlog', family: 'transmission' },
  'alb-http-to-https-redirection-check': { kind: 'backlog', family: 'transmission' },
  'alb-waf-enabled': { kind: 'backlog', family: 'transmission' },
  'annual-risk-assessment-performed': {
    kind: 'excluded',
    reason:
      'a process check: the risk analysis is a document (164.308(a)(1)(ii)(A)), evidenced by an upload, not by configuration',
  },
  'api-gw-associated-with-waf': { kind: 'backlog', family: 'transmission' },
  'api-gw-execution-logging-enabled': { kind: 'backlog', family: 'audit' },
  'api-gw-ssl-enabled': { kind: 'backlog', family: 'transmission' },
  'aurora-resources-protected-by-backup-plan': { kind: 'backlog', family: 'contingency' },
  'autoscaling-group-elb-healthcheck-required': { kind: 'backlog', family: 'contingency' },
  'autoscaling-launch-config-public-ip-disabled': { kind: 'backlog', family: 'public-exposure' },
  'backup-plan-min-frequency-and-min-retention-check': { kind: 'backlog', family: 'contingency' },
  'backup-recovery-point-encrypted': { kind: 'backlog', family: 'contingency' },
  'backup-recovery-point-manual-deletion-disabled': { kind: 'backlog', family: 'contingency' },
  'cloudwatch-alarm-action-check': { kind: 'backlog', family: 'threat-detection' },
  'codebuild-project-envvar-awscred-check': { kind: 'backlog', family: 'hardening' },
  'codebuild-project-source-repo-url-check': { kind: 'backlog', family: 'hardening' },
  'dms-replication-not-public': { kind: 'backlog', family: 'public-exposure' },
  'dynamodb-autoscaling-enabled': { kind: 'backlog', family: 'contingency' },
  'dynamodb-in-backup-plan': { kind: 'backlog', family: 'contingency' },
  'dynamodb-pitr-enabled': { kind: 'backlog', family: 'contingency' },
  'dynamodb-throughput-limit-check': { kind: 'backlog', family: 'contingency' },
  'ebs-in-backup-plan': { kind: 'backlog', family: 'contingency' },
  'ec2-imdsv2-check': { kind: 'backlog', family: 'public-exposure' },
  'ec2-instance-managed-by-systems-manager': { kind: 'backlog', family: 'hardening' },
  'ec2-instance-profile-attached': { kind: 'backlog', family: 'access' },
  'ec2-instances-in-vpc': { kind: 'backlog', family: 'public-exposure' },
  'ec2-managedinstance-association-compliance-status-check': { kind: 'backlog', family: 'hardening' },
  'ec2-managedinstance-patch-compliance-status-check': { kind: 'backlog', family: 'hardening' },
  'ec2-resources-protected-by-backup-plan': { kind: 'backlog', family: 'contingency' },
  'ec2-stopped-instance': { kind: 'backlog', family: 'hardening' },
  'ecs-containers-readonly-access': { kind: 'backlog', family: 'hardening' },
  'ecs-task-definition-user-for-host-mode-check': { kind: 'backlog', family: 'hardening' },
  'efs-encrypted-check': { kind: 'backlog', family: 'encryption-at-rest' },
  'efs-in-backup-plan': { kind: 'backlog', family: 'contingency' },
  'elastic-beanstalk-managed-updates-enabled': { kind: 'backlog', family: 'hardening' },
  'elasticsearch-encrypted-at-rest': { kind: 'backlog', family: 'encryption-at-rest' },
  'elasticsearch-in-vpc-only': { kind: 'backlog', family: 'public-exposure' },
  'elasticsearch-logs-to-cloudwatch': { kind: 'backlog', family: 'audit' },
  'elasticsearch-node-to-node-encryption-check': { kind: 'backlog', family: 'transmission' },
  'elb-acm-certificate-required': { kind: 'backlog', family: 'transmission' },
  'elb-cross-zone-load-balancing-enabled': { kind: 'backlog', family: 'contingency' },
  'elb-deletion-protection-enabled': { kind: 'backlog', family: 'integrity' },
  'elb-logging-enabled': { kind: 'backlog', family: 'audit' },
  'elb-predefined-security-policy-ssl-check': { kind: 'backlog', family: 'transmission' },
  'elb-tls-https-listeners-only': { kind: 'backlog', family: 'transmission' },
  'elbv2-acm-certificate-required': { kind: 'backlog', family: 'transmission' },
  'emr-kerberos-enabled': { kind: 'backlog', family: 'access' },
  'emr-master-no-public-ip': { kind: 'backlog', family: 'public-exposure' },
  'guardduty-enabled-centralized': { kind: 'backlog', family: 'threat-detection' },
  'iam-customer-policy-blocked-kms-actions': { kind: 'backlog', family: 'integrity' },
  'iam-inline-policy-blocked-kms-actions': { kind: 'backlog', family: 'integrity' },
  'internet-gateway-authorized-vpc-only': { kind: 'backlog', family: 'public-exposure' },
  'kinesis-stream-encrypted': { kind: 'backlog', family: 'encryption-at-rest' },
  'no-unrestricted-route-to-igw': { kind: 'backlog', family: 'public-exposure' },
  'opensearch-encrypted-at-rest': { kind: 'backlog', family: 'encryption-at-rest' },
  'opensearch-https-required': { kind: 'backlog', family: 'transmission' },
  'opensearch-in-vpc-only': { kind: 'backlog', family: 'public-exposure' },
  'opensearch-logs-to-cloudwatch': { kind: 'backlog', family: 'audit' },
  'opensearch-node-to-node-encryption-check': { kind: 'backlog', family: 'transmission' },
  'rds-automatic-minor-version-upgrade-enabled': { kind: 'backlog', family: 'hardening' },
  'rds-in-backup-plan': { kind: 'backlog', family: 'contingency' },
  'redshift-cluster-maintenancesettings-check': { kind: 'backlog', family: 'hardening' },
  's3-bucket-acl-prohibited': { kind: 'backlog', family: 'public-exposure' },
  's3-bucket-default-lock-enabled': { kind: 'backlog', family: 'integrity' },
  's3-bucket-logging-enabled': { kind: 'backlog', family: 'audit' },
  's3-bucket-replication-enabled': { kind: 'backlog', family: 'integrity' },
  's3-bucket-versioning-enabled': { kind: 'backlog', family: 'integrity' },
  's3-event-notifications-enabled': { kind: 'backlog', family: 'threat-detection' },
  's3-version-lifecycle-policy-check': { kind: 'backlog', family: 'integrity' },
  'sagemaker-endpoint-configuration-kms-key-configured': { kind: 'backlog', family: 'encryption-at-rest' },
  'sagemaker-notebook-instance-kms-key-configured': { kind: 'backlog', family: 'encryption-at-rest' },
  'sagemaker-notebook-no-direct-internet-access': { kind: 'backlog', family: 'public-exposure' },
  'secretsmanager-rotation-enabled-check': { kind: 'backlog', family: 'encryption-at-rest' },
  'secretsmanager-using-cmk': { kind: 'backlog', family: 'encryption-at-rest' },
  'securityhub-enabled': { kind: 'backlog', family: 'threat-detection' },
  'sns-encrypted-kms': { kind: 'backlog', family: 'encryption-at-rest' },
  'ssm-document-not-public': { kind: 'backlog', family: 'public-exposure' },
  'subnet-auto-assign-public-ip-disabled': { kind: 'backlog', family: 'public-exposure' },
  'vpc-default-security-group-closed': { kind: 'backlog', family: 'public-exposure' },
  'vpc-flow-logs-enabled': { kind: 'backlog', family: 'threat-detection' },
  'vpc-vpn-2-tunnels-up': { kind: 'backlog', family: 'contingency' },
  'wafv2-logging-enabled': { kind: 'backlog', family: 'audit' },
};

/** Prowler HIPAA check ids that no control names. */
export const PROWLER_CHECKS_UNMAPPED: Readonly<Record<string, Unmapped>> = {
  acm_certificates_expiration_check: { kind: 'backlog', family: 'transmission' },
  apigateway_restapi_logging_enabled: { kind: 'backlog', family: 'audit' },
  cloudfront_distributions_https_enabled: { kind: 'backlog', family: 'transmission' },
  cloudwatch_changes_route_table_monitored: { kind: 'backlog', family: 'threat-detection' },
  cloudwatch_changes_to_network_acls_alarm_configured: { kind: 'backlog', family: 'threat-detection' },
  cloudwatch_changes_to_network_gateways_alarm_configured: { kind: 'backlog', family: 'threat-detection' },
  cloudwatch_changes_to_vpcs_alarm_configured: { kind: 'backlog', family: 'threat-detection' },
  cloudwatch_log_metric_filter_authentication_failures: { kind: 'backlog', family: 'threat-detection' },
  cloudwatch_log_metric_filter_root_usage: { kind: 'backlog', family: 'threat-detection' },
  dynamodb_accelerator_cluster_encryption_enabled: { kind: 'backlog', family: 'encryption-at-rest' },
  dynamodb_tables_pitr_enabled: { kind: 'backlog', family: 'contingency' },
  ec2_ebs_default_encryption: { kind: 'backlog', family: 'encryption-at-rest' },
  ec2_instance_managed_by_ssm: { kind: 'backlog', family: 'hardening' },
  ec2_instance_older_than_specific_days: { kind: 'backlog', family: 'hardening' },
  efs_encryption_at_rest_enabled: { kind: 'backlog', family: 'encryption-at-rest' },
  efs_have_backup_enabled: { kind: 'backlog', family: 'contingency' },
  eks_cluster_kms_cmk_encryption_in_secrets_enabled: { kind: 'backlog', family: 'encryption-at-rest' },
  elb_logging_enabled: { kind: 'backlog', family: 'audit' },
  elb_ssl_listeners: { kind: 'backlog', family: 'transmission' },
  elbv2_deletion_protection: { kind: 'backlog', family: 'integrity' },
  elbv2_logging_enabled: { kind: 'backlog', family: 'audit' },
  emr_cluster_master_nodes_no_public_ip: { kind: 'backlog', family: 'public-exposure' },
  guardduty_is_enabled: { kind: 'backlog', family: 'threat-detection' },
  guardduty_no_high_severity_findings: { kind: 'backlog', family: 'threat-detection' },
  iam_aws_attached_policy_no_administrative_privileges: { kind: 'backlog', family: 'access' },
  opensearch_service_domains_encryption_at_rest_enabled: { kind: 'backlog', family: 'encryption-at-rest' },
  opensearch_service_domains_node_to_node_encryption_enabled: { kind: 'backlog', family: 'transmission' },
  s3_bucket_object_versioning: { kind: 'backlog', family: 'integrity' },
  s3_bucket_server_access_logging_enabled: { kind: 'backlog', family: 'audit' },
  sagemaker_notebook_instance_encryption_enabled: { kind: 'backlog', family: 'encryption-at-rest' },
  sagemaker_notebook_instance_without_direct_internet_access_configured: {
    kind: 'backlog',
    family: 'public-exposure',
  },
  secretsmanager_automatic_rotation_enabled: { kind: 'backlog', family: 'encryption-at-rest' },
  securityhub_enabled: { kind: 'backlog', family: 'threat-detection' },
  sns_topics_kms_encryption_at_rest_enabled: { kind: 'backlog', family: 'encryption-at-rest' },
  ssm_managed_compliant_patching: { kind: 'backlog', family: 'hardening' },
  vpc_flow_logs_enabled: { kind: 'backlog', family: 'threat-detection' },
};

/** How one list (the pack's rules or Prowler's checks) stands against the catalog. */
export interface EquivalenceCount {
  total: number;
  /** names some control lists */
  mapped: number;
  excluded: number;
  backlog: number;
  /** in the list, but neither mapped nor listed as unmapped: the catalog must say something of them */
  unaccounted: string[];
  /** listed as unmapped although a control names them: the list is out of date */
  stale: string[];
}

function count(
  names: readonly string[],
  mappedBy: (c: Control) => readonly string[],
  unmapped: Readonly<Record<string, Unmapped>>,
  controls: readonly Control[],
): EquivalenceCount {
  const mapped = new Set(controls.flatMap(mappedBy));
  const unique = [...new Set(names)];
  const listed = (n: string) => Object.hasOwn(unmapped, n);
  return {
    total: unique.length,
    mapped: unique.filter((n) => mapped.has(n)).length,
    excluded: unique.filter((n) => !mapped.has(n) && unmapped[n]?.kind === 'excluded').length,
    backlog: unique.filter((n) => !mapped.has(n) && unmapped[n]?.kind === 'backlog').length,
    unaccounted: unique.filter((n) => !mapped.has(n) && !listed(n)).sort(),
    stale: Object.keys(unmapped)
      .filter((n) => mapped.has(n))
      .sort(),
  };
}

/** The catalog against the pack's current rule names and Prowler's current HIPAA check ids. */
export function equivalence(
  packRules: readonly string[],
  prowlerChecks: readonly string[],
  controls: readonly Control[] = CONTROLS,
): { configRules: EquivalenceCount; prowlerChecks: EquivalenceCount } {
  return {
    configRules: count(packRules, (c) => c.configRules, CONFIG_RULES_UNMAPPED, controls),
    prowlerChecks: count(prowlerChecks, (c) => c.prowlerChecks ?? [], PROWLER_CHECKS_UNMAPPED, controls),
  };
}

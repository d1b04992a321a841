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
  /**
   * a configuration safeguard not evidenced yet, with what it would take; `hardening`: patching and
   * managed-instance checks (protection from malicious software)
   */
  | { kind: 'backlog'; family: ControlFamily | 'hardening'; reason: string };

/** AWS Config managed rules of the HIPAA conformance pack that no control names. */
export const CONFIG_RULES_UNMAPPED: Readonly<Record<string, Unmapped>> = {
  'alb-waf-enabled': {
    kind: 'backlog',
    family: 'transmission',
    reason:
      'AWS WAF is not read by the sweep yet (web ACL associations and their logging need a wafv2 collector)',
  },
  'annual-risk-assessment-performed': {
    kind: 'excluded',
    reason:
      'a process check: the risk analysis is a document (164.308(a)(1)(ii)(A)), evidenced by an upload, not by configuration',
  },
  'api-gw-associated-with-waf': {
    kind: 'backlog',
    family: 'transmission',
    reason:
      'AWS WAF is not read by the sweep yet (web ACL associations and their logging need a wafv2 collector)',
  },
  // the *-in-backup-plan and *-protected-by-backup-plan rules ask whether a backup plan selects the
  // resource; AWS Backup's ListProtectedResources lists resources that have a recovery point, which is
  // not the same (a one-off backup counts, a new selection not yet run does not): not yet evidenced
  'aurora-resources-protected-by-backup-plan': {
    kind: 'backlog',
    family: 'contingency',
    reason:
      "whether a backup plan selects the resource needs each plan's selections resolved against resources and tags; not built (ListProtectedResources answers another question)",
  },
  'autoscaling-group-elb-healthcheck-required': {
    kind: 'backlog',
    family: 'contingency',
    reason: 'Auto Scaling groups and launch configurations are not read yet',
  },
  'autoscaling-launch-config-public-ip-disabled': {
    kind: 'backlog',
    family: 'public-exposure',
    reason: 'Auto Scaling groups and launch configurations are not read yet',
  },
  'backup-recovery-point-encrypted': {
    kind: 'backlog',
    family: 'contingency',
    reason:
      'judging it means listing every recovery point of every vault; not built (vault lock and access policies are evidenced)',
  },
  'cloudwatch-alarm-action-check': {
    kind: 'backlog',
    family: 'threat-detection',
    reason:
      'it judges every alarm of the account, not the security alarms the catalog evidences (cloudwatch-security-alarms)',
  },
  'codebuild-project-envvar-awscred-check': {
    kind: 'backlog',
    family: 'hardening',
    reason: 'CodeBuild projects are not read yet',
  },
  'codebuild-project-source-repo-url-check': {
    kind: 'backlog',
    family: 'hardening',
    reason: 'CodeBuild projects are not read yet',
  },
  'dms-replication-not-public': {
    kind: 'backlog',
    family: 'public-exposure',
    reason: 'DMS replication instances are not read yet',
  },
  'dynamodb-autoscaling-enabled': {
    kind: 'backlog',
    family: 'contingency',
    reason: 'DynamoDB capacity settings (availability) are not read yet',
  },
  'dynamodb-in-backup-plan': {
    kind: 'backlog',
    family: 'contingency',
    reason:
      "whether a backup plan selects the resource needs each plan's selections resolved against resources and tags; not built (ListProtectedResources answers another question)",
  },
  'dynamodb-throughput-limit-check': {
    kind: 'backlog',
    family: 'contingency',
    reason: 'DynamoDB capacity settings (availability) are not read yet',
  },
  'ebs-in-backup-plan': {
    kind: 'backlog',
    family: 'contingency',
    reason:
      "whether a backup plan selects the resource needs each plan's selections resolved against resources and tags; not built (ListProtectedResources answers another question)",
  },
  'ec2-imdsv2-check': {
    kind: 'backlog',
    family: 'public-exposure',
    reason: 'EC2 instance settings other than public addresses are not judged yet',
  },
  'ec2-instance-managed-by-systems-manager': {
    kind: 'backlog',
    family: 'hardening',
    reason:
      'patching and Systems Manager compliance need SSM inventory and compliance reads; not built (protection from malicious software)',
  },
  'ec2-instance-profile-attached': {
    kind: 'backlog',
    family: 'access',
    reason: 'EC2 instance settings other than public addresses are not judged yet',
  },
  'ec2-instances-in-vpc': {
    kind: 'backlog',
    family: 'public-exposure',
    reason: 'EC2 instance settings other than public addresses are not judged yet',
  },
  'ec2-managedinstance-association-compliance-status-check': {
    kind: 'backlog',
    family: 'hardening',
    reason:
      'patching and Systems Manager compliance need SSM inventory and compliance reads; not built (protection from malicious software)',
  },
  'ec2-managedinstance-patch-compliance-status-check': {
    kind: 'backlog',
    family: 'hardening',
    reason:
      'patching and Systems Manager compliance need SSM inventory and compliance reads; not built (protection from malicious software)',
  },
  'ec2-resources-protected-by-backup-plan': {
    kind: 'backlog',
    family: 'contingency',
    reason:
      "whether a backup plan selects the resource needs each plan's selections resolved against resources and tags; not built (ListProtectedResources answers another question)",
  },
  'ec2-stopped-instance': {
    kind: 'backlog',
    family: 'hardening',
    reason: 'EC2 instance settings other than public addresses are not judged yet',
  },
  'ecs-containers-readonly-access': {
    kind: 'backlog',
    family: 'hardening',
    reason: 'ECS task definitions are not read yet',
  },
  'ecs-task-definition-user-for-host-mode-check': {
    kind: 'backlog',
    family: 'hardening',
    reason: 'ECS task definitions are not read yet',
  },
  // not efs-backup-policy's: it passes a file system any backup plan selects, with its backup policy off
  'efs-in-backup-plan': {
    kind: 'backlog',
    family: 'contingency',
    reason:
      "whether a backup plan selects the resource needs each plan's selections resolved against resources and tags; not built (ListProtectedResources answers another question)",
  },
  'elastic-beanstalk-managed-updates-enabled': {
    kind: 'backlog',
    family: 'hardening',
    reason: 'Elastic Beanstalk environments are not read yet',
  },
  'elb-cross-zone-load-balancing-enabled': {
    kind: 'backlog',
    family: 'contingency',
    reason:
      'cross-zone load balancing (availability) is not judged yet, though the load balancer collector reads the attribute',
  },
  'emr-kerberos-enabled': { kind: 'backlog', family: 'access', reason: 'EMR clusters are not read yet' },
  'emr-master-no-public-ip': {
    kind: 'backlog',
    family: 'public-exposure',
    reason: 'EMR clusters are not read yet',
  },
  'iam-customer-policy-blocked-kms-actions': {
    kind: 'backlog',
    family: 'integrity',
    reason:
      'the rule judges policies against a list of blocked KMS actions it takes as a parameter, which the pack leaves empty; not built',
  },
  'iam-inline-policy-blocked-kms-actions': {
    kind: 'backlog',
    family: 'integrity',
    reason:
      'the rule judges policies against a list of blocked KMS actions it takes as a parameter, which the pack leaves empty; not built',
  },
  'internet-gateway-authorized-vpc-only': {
    kind: 'backlog',
    family: 'public-exposure',
    reason: 'VPC routing, subnets, default security groups and VPN tunnels are not read yet',
  },
  'no-unrestricted-route-to-igw': {
    kind: 'backlog',
    family: 'public-exposure',
    reason: 'VPC routing, subnets, default security groups and VPN tunnels are not read yet',
  },
  'rds-automatic-minor-version-upgrade-enabled': {
    kind: 'backlog',
    family: 'hardening',
    reason: 'database engine patching settings are not judged yet',
  },
  'rds-in-backup-plan': {
    kind: 'backlog',
    family: 'contingency',
    reason:
      "whether a backup plan selects the resource needs each plan's selections resolved against resources and tags; not built (ListProtectedResources answers another question)",
  },
  'redshift-cluster-maintenancesettings-check': {
    kind: 'backlog',
    family: 'hardening',
    reason: 'database engine patching settings are not judged yet',
  },
  's3-bucket-acl-prohibited': {
    kind: 'backlog',
    family: 'public-exposure',
    reason:
      'bucket ownership controls (ACLs disabled) are not read yet; public ACL grants are (s3-bucket-public-read-write)',
  },
  's3-event-notifications-enabled': {
    kind: 'backlog',
    family: 'threat-detection',
    reason: 'bucket event notifications are not read yet',
  },
  's3-version-lifecycle-policy-check': {
    kind: 'backlog',
    family: 'integrity',
    reason: 'lifecycle rules of versioned buckets are not read yet',
  },
  'ssm-document-not-public': {
    kind: 'backlog',
    family: 'public-exposure',
    reason: 'Systems Manager documents are not read yet',
  },
  'subnet-auto-assign-public-ip-disabled': {
    kind: 'backlog',
    family: 'public-exposure',
    reason: 'VPC routing, subnets, default security groups and VPN tunnels are not read yet',
  },
  'vpc-default-security-group-closed': {
    kind: 'backlog',
    family: 'public-exposure',
    reason: 'VPC routing, subnets, default security groups and VPN tunnels are not read yet',
  },
  'vpc-vpn-2-tunnels-up': {
    kind: 'backlog',
    family: 'contingency',
    reason: 'VPC routing, subnets, default security groups and VPN tunnels are not read yet',
  },
  'wafv2-logging-enabled': {
    kind: 'backlog',
    family: 'audit',
    reason:
      'AWS WAF is not read by the sweep yet (web ACL associations and their logging need a wafv2 collector)',
  },
};

/** Prowler HIPAA check ids that no control names. */
export const PROWLER_CHECKS_UNMAPPED: Readonly<Record<string, Unmapped>> = {
  cloudwatch_changes_route_table_monitored: {
    kind: 'backlog',
    family: 'threat-detection',
    reason:
      'cloudwatch-security-alarms matches the root-use and sign-in-failure patterns; the network-change patterns are not matched yet',
  },
  cloudwatch_changes_to_network_acls_alarm_configured: {
    kind: 'backlog',
    family: 'threat-detection',
    reason:
      'cloudwatch-security-alarms matches the root-use and sign-in-failure patterns; the network-change patterns are not matched yet',
  },
  cloudwatch_changes_to_network_gateways_alarm_configured: {
    kind: 'backlog',
    family: 'threat-detection',
    reason:
      'cloudwatch-security-alarms matches the root-use and sign-in-failure patterns; the network-change patterns are not matched yet',
  },
  cloudwatch_changes_to_vpcs_alarm_configured: {
    kind: 'backlog',
    family: 'threat-detection',
    reason:
      'cloudwatch-security-alarms matches the root-use and sign-in-failure patterns; the network-change patterns are not matched yet',
  },
  dynamodb_accelerator_cluster_encryption_enabled: {
    kind: 'backlog',
    family: 'encryption-at-rest',
    reason: 'DAX clusters are not read yet',
  },
  ec2_instance_managed_by_ssm: {
    kind: 'backlog',
    family: 'hardening',
    reason:
      'patching and Systems Manager compliance need SSM inventory and compliance reads; not built (protection from malicious software)',
  },
  ec2_instance_older_than_specific_days: {
    kind: 'backlog',
    family: 'hardening',
    reason: 'instance age (hardening) is not judged yet',
  },
  emr_cluster_master_nodes_no_public_ip: {
    kind: 'backlog',
    family: 'public-exposure',
    reason: 'EMR clusters are not read yet',
  },
  iam_aws_attached_policy_no_administrative_privileges: {
    kind: 'backlog',
    family: 'access',
    reason:
      "the sweep keeps the names of attached policies only; telling AWS's AdministratorAccess from a customer policy of that name needs their ARNs",
  },
  ssm_managed_compliant_patching: {
    kind: 'backlog',
    family: 'hardening',
    reason:
      'patching and Systems Manager compliance need SSM inventory and compliance reads; not built (protection from malicious software)',
  },
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
